//! `textDocument/diagnostic`: diagnostics for clients that pull them.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult, FullDocumentDiagnosticReport,
    RelatedFullDocumentDiagnosticReport,
};

use super::publish::{complete_when_idle, diagnostics_for};
use crate::lsp::guard;
use crate::lsp::server::Server;

pub async fn diagnostic(server: &Server, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
    let (store, session, uri) = (server.store.clone(), server.session(), params.text_document.uri);
    let analyzing = store.clone();
    let (items, analyzed) = guard::blocking("diagnostic", move || {
        let analyzed = analyzing.analyzed(&uri);
        (analyzed.as_ref().map(|analyzed| diagnostics_for(analyzed, &session)).unwrap_or_default(), analyzed)
    })
    .await?;
    if let Some(analyzed) = analyzed {
        // What the next edit needs is prepared once the answer is out.
        tokio::spawn(async move {
            let preparing = (store.clone(), analyzed.clone());
            let _ =
                guard::blocking("preparing the next edit", move || preparing.0.prepare_next_edit(&preparing.1)).await;
            complete_when_idle(store, analyzed).await;
        });
    }
    Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
        related_documents: None,
        full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id: None, items },
    })))
}
