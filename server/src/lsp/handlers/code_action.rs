//! `textDocument/codeAction`: quick fixes for the pitfalls in the requested range, and the
//! conversions between execution models available there.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{CodeActionKind, CodeActionParams, CodeActionResponse};

use crate::analysis::actions;
use crate::lsp::server::Server;
use crate::lsp::{convert, guard};

pub async fn code_action(server: &Server, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
    let wants = |kind: &CodeActionKind| {
        params
            .context
            .only
            .as_ref()
            .is_none_or(|only| only.iter().any(|wanted| kind.as_str().starts_with(wanted.as_str())))
    };
    let (quick_fixes, conversions) = (wants(&CodeActionKind::QUICKFIX), wants(&CodeActionKind::REFACTOR_REWRITE));
    if !quick_fixes && !conversions {
        return Ok(None);
    }
    let (store, session) = (server.store.clone(), server.session());
    guard::blocking("codeAction", move || {
        let analyzed = store.analyzed(&params.text_document.uri)?;
        let wanted = convert::offsets(&analyzed, params.range, session.encoding);
        let mut response: CodeActionResponse = Vec::new();
        if quick_fixes {
            response.extend(
                analyzed
                    .analysis
                    .findings
                    .iter()
                    .filter(|finding| finding.range.start <= wanted.end && wanted.start <= finding.range.end)
                    .filter_map(|finding| convert::quick_fix(&analyzed, finding, session.encoding, session.locale())),
            );
        }
        if conversions {
            response.extend(
                actions::available(&analyzed.file, &analyzed.analysis, wanted)
                    .iter()
                    .map(|conversion| convert::conversion(&analyzed, conversion, session.encoding, session.locale())),
            );
        }
        Some(response)
    })
    .await
}
