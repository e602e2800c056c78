//! Applies text synchronisation in the order messages arrive on the wire.
//!
//! tower-lsp-server calls `Service::call` for each message in arrival order, but then runs the
//! handler futures concurrently (up to four at a time, `buffer_unordered`), so two `didChange`
//! handlers may run in either order (upstream ebkalderon/tower-lsp#284). Applying an edit to
//! the wrong base text corrupts the server's copy of the user's document. This layer wraps the
//! service and applies `didOpen`, `didChange` and `didClose` synchronously inside `call`, before
//! any handler runs; the handlers only react to the new state (schedule analysis, publish).

use std::sync::Arc;
use std::task::{Context, Poll};

use serde::de::DeserializeOwned;
use tower::Service;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::ls_types::{DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams};

use super::guard;
use super::store::DocumentStore;

pub struct OrderedSync<S> {
    inner: S,
    store: Arc<DocumentStore>,
}

impl<S> OrderedSync<S> {
    pub fn new(inner: S, store: Arc<DocumentStore>) -> Self {
        OrderedSync { inner, store }
    }

    pub fn inner(&self) -> &S {
        &self.inner
    }
}

impl<S> Service<Request> for OrderedSync<S>
where
    S: Service<Request, Response = Option<Response>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if self.store.is_accepting() {
            let method = request.method().to_owned();
            guard::catch(&method, || apply(&self.store, &method, &request));
        }
        self.inner.call(request)
    }
}

fn apply(store: &DocumentStore, method: &str, request: &Request) {
    match method {
        "textDocument/didOpen" => {
            if let Some(params) = params::<DidOpenTextDocumentParams>(method, request) {
                let document = params.text_document;
                if !store.open(document.uri.clone(), &document.language_id, document.version, document.text) {
                    tracing::debug!("not tracking {} (language `{}`)", document.uri.as_str(), document.language_id);
                }
            }
        }
        "textDocument/didChange" => {
            if let Some(params) = params::<DidChangeTextDocumentParams>(method, request) {
                let document = params.text_document;
                if let Err(error) = store.change(&document.uri, document.version, &params.content_changes) {
                    tracing::warn!(
                        "ignored change to {} (version {}): {error}",
                        document.uri.as_str(),
                        document.version
                    );
                }
            }
        }
        "textDocument/didClose" => {
            if let Some(params) = params::<DidCloseTextDocumentParams>(method, request) {
                store.close(&params.text_document.uri);
            }
        }
        _ => {}
    }
}

/// Reads notification parameters by reference; the inner service still needs the request.
fn params<T: DeserializeOwned>(method: &str, request: &Request) -> Option<T> {
    let value = request.params()?;
    T::deserialize(value).map_err(|error| tracing::warn!("ignored {method} with invalid parameters: {error}")).ok()
}
