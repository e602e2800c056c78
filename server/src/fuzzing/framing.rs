//! Target `framing`: arbitrary bytes as the client's side of a stdio session, through the same
//! framing guard and service the binary runs. Every byte the server writes back must be a
//! well-formed frame holding a JSON-RPC 2.0 message, and no handler may fail internally.
//!
//! The bytes are sent in pieces, one per `Content-Length` header. After a piece that is one
//! well-formed request, the next waits for its answer (or a timeout): a real client waits for
//! the `initialize` answer before anything else, and a stream sent at once would mostly be
//! refused as "not initialized" or cancelled when it ends.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Notify;

use crate::lsp::{service, transport};

/// `InternalError`: what the handler guard answers when a handler panicked.
const INTERNAL_ERROR: i64 = -32603;
const PIPE: usize = 1 << 16;
/// Inputs with more pieces are sent in this many; the last one holds the rest.
const MAX_PIECES: usize = 48;
/// How long to wait for the answers to the requests sent so far before sending more anyway.
const PATIENCE: Duration = Duration::from_millis(200);

/// What the server has written so far, and a signal for each new piece of it.
#[derive(Default)]
struct Received {
    bytes: Mutex<Vec<u8>>,
    more: Notify,
}

pub fn lsp_stream(data: &[u8]) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime starts");
    let received = Arc::new(Received::default());
    runtime.block_on(async {
        let (service, socket, _) = service();
        let (mut client_output, server_input) = tokio::io::duplex(PIPE);
        let (server_output, mut client_input) = tokio::io::duplex(PIPE);
        let read = async {
            let mut buffer = [0; 4096];
            while let Ok(read @ 1..) = client_input.read(&mut buffer).await {
                received.bytes.lock().unwrap().extend_from_slice(&buffer[..read]);
                received.more.notify_one();
            }
        };
        let write = async {
            let mut requests = 0;
            for piece in pieces(data) {
                if client_output.write_all(piece).await.is_err() {
                    break;
                }
                requests += usize::from(is_request(piece));
                let answered = || responses(&received.bytes.lock().unwrap()) >= requests;
                let _ = tokio::time::timeout(PATIENCE, async {
                    while !answered() {
                        received.more.notified().await;
                    }
                })
                .await;
            }
            // Dropping the pipe ends the server's input, as closing stdin would.
            drop(client_output);
        };
        let session = async {
            let serve = transport::serve(server_input, server_output, service, socket);
            tokio::pin!(serve);
            tokio::select! {
                () = &mut serve => {}
                () = write => serve.await,
            }
        };
        tokio::join!(session, read);
    });
    let output = received.bytes.lock().unwrap();
    for message in frames(&output).unwrap_or_else(|problem| panic!("{problem}")) {
        assert_eq!(message["jsonrpc"], "2.0", "not a JSON-RPC 2.0 message: {message}");
        assert_ne!(message["error"]["code"].as_i64(), Some(INTERNAL_ERROR), "a handler failed: {message}");
    }
}

/// The input cut before each `Content-Length`, at most [`MAX_PIECES`] pieces.
fn pieces(data: &[u8]) -> Vec<&[u8]> {
    const HEADER: &[u8] = b"Content-Length";
    let mut cuts: Vec<usize> = (1..data.len()).filter(|&at| data[at..].starts_with(HEADER)).collect();
    cuts.truncate(MAX_PIECES - 1);
    let mut pieces = Vec::new();
    let mut start = 0;
    for cut in cuts.into_iter().chain([data.len()]) {
        pieces.push(&data[start..cut]);
        start = cut;
    }
    pieces
}

/// Whether `piece` is exactly one frame holding a request, which the server must answer.
fn is_request(piece: &[u8]) -> bool {
    match frames(piece).as_deref() {
        Ok([message]) => message.get("method").is_some() && (message["id"].is_number() || message["id"].is_string()),
        _ => false,
    }
}

/// How many complete responses the server has written.
fn responses(output: &[u8]) -> usize {
    let mut count = 0;
    let mut rest = output;
    while let Some((message, after)) = next_frame(rest).ok().flatten() {
        count += usize::from(message.get("method").is_none());
        rest = after;
    }
    count
}

/// Splits bytes into messages; fails on anything that is not a frame holding JSON.
fn frames(mut output: &[u8]) -> Result<Vec<Value>, String> {
    let mut messages = Vec::new();
    while let Some((message, rest)) = next_frame(output)? {
        messages.push(message);
        output = rest;
    }
    Ok(messages)
}

/// The first frame and what follows it; `None` at the end. Headers must be exactly one
/// `Content-Length`, as this server writes them.
fn next_frame(output: &[u8]) -> Result<Option<(Value, &[u8])>, String> {
    if output.is_empty() {
        return Ok(None);
    }
    let header_end = output.windows(4).position(|window| window == b"\r\n\r\n").ok_or("an incomplete header")?;
    let header = String::from_utf8_lossy(&output[..header_end]);
    let length: usize = header
        .strip_prefix("Content-Length: ")
        .and_then(|value| value.parse().ok())
        .ok_or_else(|| format!("a header of exactly one Content-Length, not {header:?}"))?;
    let body = output.get(header_end + 4..header_end + 4 + length).ok_or("a body shorter than declared")?;
    let message = serde_json::from_slice(body).map_err(|error| format!("a body that is not JSON: {error}"))?;
    Ok(Some((message, &output[header_end + 4 + length..])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_before_each_header() {
        let data = b"junkContent-Length: 2\r\n\r\n{}Content-Length: 0\r\n\r\n";
        assert_eq!(pieces(data), [&b"junk"[..], b"Content-Length: 2\r\n\r\n{}", b"Content-Length: 0\r\n\r\n"]);
        assert_eq!(pieces(b""), [b""]);
    }

    #[test]
    fn counts_requests_and_responses() {
        let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes();
        assert!(is_request(&frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#)));
        assert!(!is_request(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#)));
        assert!(!is_request(b"Content-Length: 99\r\n\r\n{}"));
        let output = [frame(r#"{"jsonrpc":"2.0","id":1,"result":null}"#), frame(r#"{"jsonrpc":"2.0","method":"x"}"#)];
        assert_eq!(responses(&output.concat()), 1);
        assert!(frames(b"Content-Length: 2\r\n\r\n{").is_err());
    }
}
