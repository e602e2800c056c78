//! `workspace/didChangeConfiguration`: applies new settings and refreshes what they change.

use tower_lsp_server::ls_types::DidChangeConfigurationParams;

use super::publish;
use crate::lsp::config::Settings;
use crate::lsp::server::Server;

pub fn did_change_configuration(server: &Server, params: DidChangeConfigurationParams) {
    let (settings, problems) = Settings::from_json(&params.settings);
    for problem in problems {
        tracing::warn!("settings: {problem}");
    }
    tracing::info!("settings changed: {settings:?}");
    server.store.set_limits(settings.limits());
    server.update_session(|session| session.settings = settings);
    let session = server.session();
    if session.pull_diagnostics {
        if session.diagnostic_refresh {
            let client = server.client.clone();
            // A request to the client: awaited in its own task, never inside a handler, or the
            // server's handler slots could all end up waiting on the client.
            tokio::spawn(async move { client.workspace_diagnostic_refresh().await });
        }
    } else {
        publish::republish_all(server);
    }
    if session.inlay_hint_refresh {
        let client = server.client.clone();
        tokio::spawn(async move { client.inlay_hint_refresh().await });
    }
}
