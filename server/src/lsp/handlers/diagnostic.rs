//! `textDocument/diagnostic`: diagnostics for clients that pull them.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult, FullDocumentDiagnosticReport,
    RelatedFullDocumentDiagnosticReport,
};

use super::publish::diagnostics_for;
use crate::lsp::guard;
use crate::lsp::server::Server;

pub async fn diagnostic(server: &Server, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
    let (store, session, uri) = (server.store.clone(), server.session(), params.text_document.uri);
    let items = guard::blocking("diagnostic", move || {
        store.analyzed(&uri).map(|analyzed| diagnostics_for(&analyzed, &session)).unwrap_or_default()
    })
    .await?;
    Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
        related_documents: None,
        full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id: None, items },
    })))
}
