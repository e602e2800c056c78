//! Pushes diagnostics (`textDocument/publishDiagnostics`) to clients that do not pull them.
//!
//! Each change schedules one analysis task. A task whose version has been superseded before it
//! starts, or whose result is stale when it ends, publishes nothing: the newer change's own
//! task will. So a burst of keystrokes produces one analysis of the final text, not one per key.
//!
//! At most one analysis per core runs for publishing at a time (`ANALYSES`): an editor that
//! opens a whole project at once would otherwise start one thread per document, each holding a
//! parse tree and an analysis in flight, and the peak memory would follow the project's size.

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use tokio::sync::Semaphore;
use tower_lsp_server::ls_types::{Diagnostic, Uri};

use crate::lsp::server::{Server, Session};
use crate::lsp::store::{Analyzed, DocumentStore};
use crate::lsp::{convert, guard};

/// Permits for publishing analyses: one per core. Waiting tasks queue in order (the semaphore
/// is fair), so documents are published in the order they changed.
static ANALYSES: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(1, usize::from)));

/// The diagnostics of an analysed document, as the session wants them.
pub fn diagnostics_for(analyzed: &Analyzed, session: &Session) -> Vec<Diagnostic> {
    if !session.settings.diagnostics {
        return Vec::new();
    }
    analyzed
        .analysis
        .findings
        .iter()
        .map(|finding| convert::diagnostic(analyzed, finding, session.encoding, session.locale()))
        .collect()
}

pub fn document_changed(server: &Server, uri: Uri) {
    if !server.session().pull_diagnostics {
        schedule(server, uri);
    }
}

pub async fn document_closed(server: &Server, uri: Uri) {
    if !server.session().pull_diagnostics {
        server.client.publish_diagnostics(uri, Vec::new(), None).await;
    }
}

/// Re-sends every open document's diagnostics, after a settings change.
pub fn republish_all(server: &Server) {
    for uri in server.store.open_documents() {
        schedule(server, uri);
    }
}

fn schedule(server: &Server, uri: Uri) {
    let Some(scheduled_version) = server.store.version(&uri) else { return };
    let (store, client, session) = (server.store.clone(), server.client.clone(), server.session());
    tokio::spawn(async move {
        if store.version(&uri) != Some(scheduled_version) {
            return;
        }
        let Ok(permit) = ANALYSES.acquire().await else { return };
        // A newer change may have come while this task waited for its turn.
        if store.version(&uri) != Some(scheduled_version) {
            return;
        }
        let analyzing = (store.clone(), uri.clone());
        let analyzed = match guard::blocking("diagnostics", move || analyzing.0.analyzed(&analyzing.1)).await {
            Ok(Some(analyzed)) => analyzed,
            // Skipped by the limits: diagnostics of an older version would point at wrong text.
            Ok(None) if store.version(&uri) == Some(scheduled_version) && store.skipped(&uri).is_some() => {
                client.publish_diagnostics(uri, Vec::new(), Some(scheduled_version)).await;
                return;
            }
            _ => return,
        };
        if store.version(&uri) != Some(analyzed.version) {
            return;
        }
        let diagnostics = diagnostics_for(&analyzed, &session);
        client.publish_diagnostics(uri, diagnostics, Some(analyzed.version)).await;
        // Then what the next edit needs, still under the permit: it is analysis work too.
        let preparing = (store.clone(), analyzed.clone());
        let _ = guard::blocking("preparing the next edit", move || preparing.0.prepare_next_edit(&preparing.1)).await;
        drop(permit);
        complete_when_idle(store, analyzed).await;
    });
}

/// How long a document must stay as it is before the whole tree of a version analysed from
/// a window is parsed: a pause in typing, well under the time a user takes to hover. While
/// keys come faster, that parse would compete with the next key's analysis.
const PAUSE: Duration = Duration::from_millis(30);

/// Parses the whole tree of a version analysed from a window once the user pauses
/// ([`Analyzed::complete`]), for hover, hints and code actions to find it ready. A version
/// typed past never needs it.
pub async fn complete_when_idle(store: Arc<DocumentStore>, analyzed: Arc<Analyzed>) {
    if analyzed.is_complete() {
        return;
    }
    tokio::time::sleep(PAUSE).await;
    if !store.is_current(&analyzed) {
        return;
    }
    let Ok(_permit) = ANALYSES.acquire().await else { return };
    let _ = guard::blocking("parsing the whole tree", move || store.complete(&analyzed)).await;
}
