//! The language server: LSP over stdio on top of the analysis core.
//!
//! Layout: [`ordered_sync`] applies text changes in wire order; [`server`] holds the session and
//! delegates each request to one function in [`handlers`]; [`convert`] and [`line_index`] are the
//! only code that knows about LSP positions.

pub mod config;
pub mod convert;
pub mod guard;
pub mod handlers;
pub mod line_index;
pub mod ordered_sync;
pub mod server;
pub mod store;
pub mod transport;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::{ClientSocket, LspService};

use self::ordered_sync::OrderedSync;
use self::server::Server;
use self::store::DocumentStore;

pub type Service = OrderedSync<LspService<Server>>;

/// Builds the service a transport (stdio, or a test's in-memory client) drives. The flag turns
/// true once `shutdown` has been received.
pub fn service() -> (Service, ClientSocket, Arc<AtomicBool>) {
    let store = Arc::new(DocumentStore::default());
    let (notices, notices_out) = tokio::sync::mpsc::unbounded_channel();
    store.set_notices(notices);
    let shutdown_requested = Arc::new(AtomicBool::new(false));
    let (service, socket) = LspService::build({
        let (store, shutdown_requested) = (store.clone(), shutdown_requested.clone());
        move |client| Server::new(client, store, shutdown_requested, notices_out)
    })
    .custom_method(handlers::document_text::METHOD, Server::document_text)
    .finish();
    (OrderedSync::new(service, store), socket, shutdown_requested)
}

/// Serves LSP on stdin and stdout until `exit`. The exit code follows the specification:
/// 0 when `shutdown` came before `exit`, 1 otherwise.
pub fn run_stdio() -> std::process::ExitCode {
    // Analysis runs on the runtime's blocking threads and recurses along the syntax tree.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(crate::ANALYSIS_STACK_SIZE)
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing::error!("cannot start the async runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let shutdown_requested = runtime.block_on(async {
        let (service, socket, shutdown_requested) = service();
        tracing::info!("concurrency-tutor {} serving LSP on stdio", env!("CARGO_PKG_VERSION"));
        transport::serve(tokio::io::stdin(), tokio::io::stdout(), service, socket).await;
        shutdown_requested
    });
    // Blocking analysis threads may still be finishing; the answer has already been given.
    runtime.shutdown_background();
    if shutdown_requested.load(Ordering::SeqCst) {
        std::process::ExitCode::SUCCESS
    } else {
        tracing::warn!("exiting without a shutdown request");
        std::process::ExitCode::FAILURE
    }
}
