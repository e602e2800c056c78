//! The `LanguageServer` implementation: session state and one-line delegation to handlers.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use tokio::sync::mpsc::UnboundedReceiver;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::config::Settings;
use super::handlers;
use super::line_index::Encoding;
use super::store::DocumentStore;
use crate::locale::{Level, Locale};

/// What was negotiated in `initialize` and what the user has set since.
#[derive(Debug, Clone, Default)]
pub struct Session {
    pub client_locale: Locale,
    pub settings: Settings,
    pub encoding: Encoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`) instead of receiving them.
    pub pull_diagnostics: bool,
    pub diagnostic_refresh: bool,
    pub inlay_hint_refresh: bool,
}

impl Session {
    pub fn locale(&self) -> Locale {
        self.settings.language.unwrap_or(self.client_locale)
    }

    pub fn level(&self) -> Level {
        self.settings.level
    }
}

pub struct Server {
    pub client: Client,
    pub store: Arc<DocumentStore>,
    session: RwLock<Session>,
    shutdown_requested: Arc<AtomicBool>,
    /// The store's notices, until `initialized` starts forwarding them to the client.
    notices: Mutex<Option<UnboundedReceiver<String>>>,
}

impl Server {
    pub fn new(
        client: Client,
        store: Arc<DocumentStore>,
        shutdown_requested: Arc<AtomicBool>,
        notices: UnboundedReceiver<String>,
    ) -> Server {
        Server { client, store, session: RwLock::default(), shutdown_requested, notices: Mutex::new(Some(notices)) }
    }

    /// A copy of the session; handlers work on copies so no lock is held across `.await`.
    pub fn session(&self) -> Session {
        self.session.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    pub fn update_session(&self, update: impl FnOnce(&mut Session)) {
        update(&mut self.session.write().unwrap_or_else(|poisoned| poisoned.into_inner()));
    }

    /// Custom request; see [`handlers::document_text`].
    pub async fn document_text(
        &self,
        params: handlers::document_text::DocumentTextParams,
    ) -> Result<Option<handlers::document_text::DocumentText>> {
        handlers::document_text::document_text(self, params)
    }

    pub fn mark_shutdown(&self) {
        self.shutdown_requested.store(true, Ordering::SeqCst);
        self.store.set_accepting(false);
    }

    /// Starts sending the store's notices to the client as `window/logMessage` (allowed from
    /// `initialize` on). A task of its own: a slow client never holds up a handler.
    fn forward_notices(&self) {
        let notices = self.notices.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
        if let Some(mut notices) = notices {
            let client = self.client.clone();
            tokio::spawn(async move {
                while let Some(notice) = notices.recv().await {
                    client.log_message(MessageType::WARNING, notice).await;
                }
            });
        }
    }
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        self.forward_notices();
        Ok(handlers::initialize::initialize(self, params))
    }

    async fn initialized(&self, _: InitializedParams) {
        tracing::info!("client initialized; {:?}", self.session());
        tokio::task::spawn_blocking(crate::analysis::warm_up);
    }

    async fn shutdown(&self) -> Result<()> {
        self.mark_shutdown();
        Ok(())
    }

    // Text is already applied by the ordered-sync layer; these only react to it.
    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        handlers::publish::document_changed(self, params.text_document.uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        handlers::publish::document_changed(self, params.text_document.uri);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        handlers::publish::document_closed(self, params.text_document.uri).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        handlers::configuration::did_change_configuration(self, params);
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        handlers::hover::hover(self, params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        handlers::inlay_hint::inlay_hint(self, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        handlers::code_action::code_action(self, params).await
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        handlers::diagnostic::diagnostic(self, params).await
    }
}
