//! `textDocument/hover`: explains the API, keyword or pitfall under the cursor.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use crate::analysis;
use crate::lsp::server::Server;
use crate::lsp::{convert, guard};

pub async fn hover(server: &Server, params: HoverParams) -> Result<Option<Hover>> {
    let (store, session) = (server.store.clone(), server.session());
    let position = params.text_document_position_params;
    guard::blocking("hover", move || {
        let analyzed = store.analyzed(&position.text_document.uri)?;
        let offset = analyzed.lines.offset(analyzed.file.text(), position.position, session.encoding);
        let info =
            analysis::hover::hover(&analyzed.file, &analyzed.analysis, offset, session.locale(), session.level())?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: info.markdown }),
            range: Some(convert::range(&analyzed, info.range, session.encoding)),
        })
    })
    .await
}
