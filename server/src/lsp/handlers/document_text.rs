//! `concurrencyTutor/documentText`: the server's copy of an open document and its version.
//!
//! A diagnostic aid: when hints or fixes land in the wrong place, comparing this text with the
//! editor's shows whether the two copies have drifted apart. The sync tests use it to prove
//! they never do.

use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::Uri;

use crate::lsp::server::Server;

pub const METHOD: &str = "concurrencyTutor/documentText";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentTextParams {
    pub uri: Uri,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct DocumentText {
    pub version: i32,
    pub text: String,
}

pub fn document_text(server: &Server, params: DocumentTextParams) -> Result<Option<DocumentText>> {
    let version = server.store.version(&params.uri);
    let text = server.store.text(&params.uri);
    Ok(version.zip(text).map(|(version, text)| DocumentText { version, text }))
}
