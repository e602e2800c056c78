//! A line-based key/value server: GET/SET/DEL over TCP, one task per
//! connection, tracing for logs and a graceful shutdown on Ctrl-C that lets
//! open connections finish their current command.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{broadcast, Mutex};
use tokio::task::JoinSet;
use tracing::{debug, info, instrument, warn};

type Store = Arc<Mutex<HashMap<String, String>>>;

#[derive(Debug, Clone)]
struct Settings {
    bind: SocketAddr,
    idle_timeout: Duration,
}

fn execute(store: &mut HashMap<String, String>, line: &str) -> String {
    let mut words = line.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some("GET"), Some(key), None) => store.get(key).cloned().unwrap_or_else(|| "(nil)".into()),
        (Some("SET"), Some(key), Some(value)) => {
            store.insert(key.to_string(), value.to_string());
            "OK".into()
        }
        (Some("DEL"), Some(key), None) => store.remove(key).map_or("0", |_| "1").into(),
        _ => format!("ERR unknown command {line:?}"),
    }
}

#[instrument(skip(socket, store, shutdown, settings))]
async fn serve_connection(
    socket: TcpStream,
    peer: SocketAddr,
    store: Store,
    mut shutdown: broadcast::Receiver<()>,
    settings: Arc<Settings>,
) -> anyhow::Result<()> {
    let (reader, mut writer) = socket.into_split();
    let mut lines = BufReader::new(reader).lines();
    loop {
        let line = tokio::select! {
            read = tokio::time::timeout(settings.idle_timeout, lines.next_line()) => match read {
                Ok(result) => result.context("reading command")?,
                Err(_) => {
                    debug!("idle timeout");
                    None
                }
            },
            _ = shutdown.recv() => {
                writer.write_all(b"server shutting down\n").await.ok();
                None
            }
        };
        let Some(line) = line else { break };
        let reply = execute(&mut *store.lock().await, line.trim());
        writer.write_all(format!("{reply}\n").as_bytes()).await?;
    }
    info!("connection closed");
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt().with_target(false).init();
    let settings = Arc::new(Settings {
        bind: "127.0.0.1:6380".parse()?,
        idle_timeout: Duration::from_secs(300),
    });

    let listener = TcpListener::bind(settings.bind).await.context("binding listener")?;
    info!(addr = %settings.bind, "kv server listening");

    let store: Store = Arc::new(Mutex::new(HashMap::new()));
    let (shutdown_tx, _) = broadcast::channel::<()>(1);
    let mut connections = JoinSet::new();

    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (socket, peer) = accepted?;
                info!(%peer, "accepted");
                connections.spawn(serve_connection(
                    socket,
                    peer,
                    store.clone(),
                    shutdown_tx.subscribe(),
                    settings.clone(),
                ));
            }
            _ = tokio::signal::ctrl_c() => {
                info!("ctrl-c received, draining {} connections", connections.len());
                break;
            }
        }
    }

    drop(listener);
    let _ = shutdown_tx.send(());
    while let Some(done) = connections.join_next().await {
        match done {
            Ok(Ok(())) => {}
            Ok(Err(err)) => warn!("connection failed: {err:#}"),
            Err(err) => warn!("connection task panicked: {err}"),
        }
    }
    info!("bye");
    Ok(())
}
