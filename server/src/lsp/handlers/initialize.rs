//! `initialize`: negotiates the position encoding, reads the locale and settings, and
//! announces what the server can do.

use tower_lsp_server::ls_types::*;

use crate::locale::Locale;
use crate::lsp::config::Settings;
use crate::lsp::line_index::Encoding;
use crate::lsp::server::Server;

pub fn initialize(server: &Server, params: InitializeParams) -> InitializeResult {
    let capabilities = &params.capabilities;
    let offers_utf8 = capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.as_ref())
        .is_some_and(|encodings| encodings.contains(&PositionEncodingKind::UTF8));
    let encoding = if offers_utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
    let pull_diagnostics = capabilities.text_document.as_ref().is_some_and(|text| text.diagnostic.is_some());
    let workspace = capabilities.workspace.as_ref();
    let (settings, problems) = params.initialization_options.as_ref().map(Settings::from_json).unwrap_or_default();
    for problem in problems {
        tracing::warn!("initializationOptions: {problem}");
    }

    server.update_session(|session| {
        session.client_locale = params.locale.as_deref().map_or(Locale::En, Locale::from_tag);
        session.settings = settings;
        session.encoding = encoding;
        session.pull_diagnostics = pull_diagnostics;
        session.diagnostic_refresh =
            workspace.and_then(|w| w.diagnostics.as_ref()).and_then(|d| d.refresh_support).unwrap_or(false);
        session.inlay_hint_refresh =
            workspace.and_then(|w| w.inlay_hint.as_ref()).and_then(|h| h.refresh_support).unwrap_or(false);
    });
    server.store.set_encoding(encoding);
    server.store.set_limits(server.session().settings.limits());
    server.store.set_accepting(true);

    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(if offers_utf8 { PositionEncodingKind::UTF8 } else { PositionEncodingKind::UTF16 }),
            text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..TextDocumentSyncOptions::default()
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            inlay_hint_provider: Some(OneOf::Left(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::REFACTOR_REWRITE]),
                ..CodeActionOptions::default()
            })),
            diagnostic_provider: pull_diagnostics.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some(crate::lsp::convert::SOURCE.to_owned()),
                    inter_file_dependencies: false,
                    workspace_diagnostics: false,
                    ..DiagnosticOptions::default()
                })
            }),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "concurrency-tutor".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        offset_encoding: None,
    }
}
