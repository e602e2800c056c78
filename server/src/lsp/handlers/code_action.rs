//! `textDocument/codeAction`: quick fixes for the pitfalls in the requested range.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{CodeActionKind, CodeActionParams, CodeActionResponse};

use crate::lsp::server::Server;
use crate::lsp::{convert, guard};

pub async fn code_action(server: &Server, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
    let wants_quick_fixes = params
        .context
        .only
        .as_ref()
        .is_none_or(|only| only.iter().any(|kind| CodeActionKind::QUICKFIX.as_str().starts_with(kind.as_str())));
    if !wants_quick_fixes {
        return Ok(None);
    }
    let (store, session) = (server.store.clone(), server.session());
    guard::blocking("codeAction", move || {
        let analyzed = store.analyzed(&params.text_document.uri)?;
        let wanted = convert::offsets(&analyzed, params.range, session.encoding);
        let actions: Vec<_> = analyzed
            .analysis
            .findings
            .iter()
            .filter(|finding| finding.range.start <= wanted.end && wanted.start <= finding.range.end)
            .filter_map(|finding| convert::quick_fix(&analyzed, finding, session.encoding, session.locale()))
            .collect();
        Some(actions)
    })
    .await
}
