//! `textDocument/inlayHint`: the model and place of each section, at the end of the line that
//! decides it, at most one per line.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{InlayHint, InlayHintParams};

use crate::analysis::section::hinted;
use crate::lsp::server::Server;
use crate::lsp::{convert, guard};

pub async fn inlay_hint(server: &Server, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
    let (store, session) = (server.store.clone(), server.session());
    guard::blocking("inlayHint", move || {
        let analyzed = store.analyzed(&params.text_document.uri)?;
        let visible = convert::offsets(&analyzed, params.range, session.encoding);
        // Sections compete for a line only with sections anchored at the same line end, so
        // choosing among the visible ones alone gives the same hints, with work proportional to
        // the range rather than to the file.
        let shown = analyzed.analysis.sections.iter().filter(|section| {
            visible.start <= section.anchor
                && section.anchor <= visible.end
                && session.settings.shows_hint(section.model)
        });
        let hints = hinted(shown, |offset| analyzed.lines.line_of(offset))
            .into_iter()
            .map(|section| convert::inlay_hint(&analyzed, section, session.encoding, session.locale()))
            .collect();
        Some(hints)
    })
    .await
}
