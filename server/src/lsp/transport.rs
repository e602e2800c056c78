//! Message framing in front of tower-lsp-server, so that one bad message costs one error
//! response instead of the session.
//!
//! tower-lsp-server decodes stdin with tokio-util's `FramedRead`, which ends the stream after
//! the first decoding error: a single malformed body or header would stop the server. This
//! guard reads the frames itself, forwards well-formed JSON-RPC messages unchanged through an
//! in-memory pipe, answers the rest with `ParseError` (-32700) or `InvalidRequest` (-32600),
//! and merges those answers into the output one whole frame at a time.

use serde::Deserialize;
use serde_json::{Value, json};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// Larger bodies are skipped unread: nothing legitimate is this big, and allocating what a
/// corrupt header claims could exhaust memory.
const MAX_BODY: usize = 512 << 20;
const PIPE_CAPACITY: usize = 1 << 16;

/// What tower-lsp-server accepts: a response, or a request or notification.
#[derive(Deserialize)]
#[serde(untagged)]
enum Incoming {
    #[allow(dead_code)]
    Response(Response),
    #[allow(dead_code)]
    Request(Request),
}

/// Serves `service` on `input` and `output` through the guard.
pub async fn serve<I, O>(input: I, output: O, service: super::Service, socket: tower_lsp_server::ClientSocket)
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (server_input, feed) = tokio::io::duplex(PIPE_CAPACITY);
    let (server_output, drain) = tokio::io::duplex(PIPE_CAPACITY);
    let (rejections, rejected) = mpsc::unbounded_channel();
    // The reader is not awaited: after `exit` it may still be blocked reading a client's
    // stdin that never closes, and the process must not wait for it.
    tokio::spawn(forward_valid_frames(BufReader::new(input), feed, rejections));
    let writer = tokio::spawn(write_frames(drain, rejected, output));
    tower_lsp_server::Server::new(server_input, server_output, socket).serve(service).await;
    let _ = writer.await;
}

/// One framed message, or why the bytes were not one.
enum Frame {
    Body(Vec<u8>),
    Bad(String),
    End,
}

async fn forward_valid_frames<R, W>(mut input: R, mut feed: W, rejections: mpsc::UnboundedSender<Vec<u8>>)
where
    R: AsyncBufRead + Unpin,
    W: AsyncWrite + Unpin,
{
    loop {
        let body = match read_frame(&mut input).await {
            Frame::End => break,
            Frame::Bad(reason) => {
                tracing::warn!("discarded a message: {reason}");
                let _ = rejections.send(error_frame(Value::Null, -32700, &reason));
                continue;
            }
            Frame::Body(body) => body,
        };
        match serde_json::from_slice::<Value>(&body) {
            Err(error) => {
                tracing::warn!("discarded a message that is not JSON: {error}");
                let _ = rejections.send(error_frame(Value::Null, -32700, &format!("Parse error: {error}")));
            }
            Ok(value) if Incoming::deserialize(&value).is_err() => {
                tracing::warn!("discarded JSON that is not a JSON-RPC message: {}", abbreviate(&value));
                let id = value.get("id").filter(|id| id.is_number() || id.is_string()).cloned().unwrap_or(Value::Null);
                let _ = rejections.send(error_frame(id, -32600, "Invalid request: not a JSON-RPC 2.0 message"));
            }
            Ok(_) => {
                let header = format!("Content-Length: {}\r\n\r\n", body.len());
                if feed.write_all(header.as_bytes()).await.is_err() || feed.write_all(&body).await.is_err() {
                    break;
                }
            }
        }
    }
    // Dropping `feed` tells the server its input ended, as closing stdin would.
}

/// Reads headers up to the blank line, then the body. A header block without a usable
/// `Content-Length` is reported; reading resumes at the next header line.
async fn read_frame(input: &mut (impl AsyncBufRead + Unpin)) -> Frame {
    let mut length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        match input.read_until(b'\n', &mut line).await {
            Ok(0) if !saw_header => return Frame::End,
            Ok(0) => return Frame::Bad("the stream ended inside a header".into()),
            Ok(_) => {}
            Err(error) => return if saw_header { Frame::Bad(error.to_string()) } else { Frame::End },
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if !saw_header {
                continue;
            }
            break;
        }
        saw_header = true;
        // A body that overran its declared length may sit in front of the next header.
        let header = line.find("Content-Length:").map_or(line, |at| &line[at..]);
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = Some(value.trim().parse().map_err(|_| format!("invalid Content-Length {:?}", value.trim())));
            }
        }
    }
    let length = match length {
        None => return Frame::Bad("a header block without Content-Length".into()),
        Some(Err(reason)) => return Frame::Bad(reason),
        Some(Ok(length)) => length,
    };
    if length > MAX_BODY {
        let skipped = tokio::io::copy(&mut input.take(length as u64), &mut tokio::io::sink()).await;
        return Frame::Bad(format!("a {length}-byte body is over the {MAX_BODY}-byte limit ({skipped:?} skipped)"));
    }
    let mut body = vec![0; length];
    match input.read_exact(&mut body).await {
        Ok(_) => Frame::Body(body),
        Err(_) => Frame::Bad(format!("the stream ended inside a {length}-byte body")),
    }
}

fn error_frame(id: Value, code: i32, message: &str) -> Vec<u8> {
    let body = json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } }).to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Copies the server's frames to `output` whole, slipping rejections in between frames.
async fn write_frames<R, W>(drain: R, mut rejected: mpsc::UnboundedReceiver<Vec<u8>>, mut output: W)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut drain = BufReader::new(drain);
    loop {
        tokio::select! {
            frame = read_frame(&mut drain) => match frame {
                Frame::Body(body) => {
                    let header = format!("Content-Length: {}\r\n\r\n", body.len());
                    if output.write_all(header.as_bytes()).await.is_err() || output.write_all(&body).await.is_err() {
                        return;
                    }
                }
                Frame::Bad(reason) => tracing::error!("the server wrote a malformed frame: {reason}"),
                Frame::End => break,
            },
            Some(frame) = rejected.recv() => {
                if output.write_all(&frame).await.is_err() {
                    return;
                }
            }
        }
        let _ = output.flush().await;
    }
    let _ = output.flush().await;
}

fn abbreviate(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(120) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames(bytes: &[u8]) -> Vec<Result<String, String>> {
        let mut input = BufReader::new(bytes);
        let mut out = Vec::new();
        loop {
            match read_frame(&mut input).await {
                Frame::Body(body) => out.push(Ok(String::from_utf8(body).unwrap())),
                Frame::Bad(reason) => out.push(Err(reason)),
                Frame::End => return out,
            }
        }
    }

    #[tokio::test]
    async fn reads_frames_and_recovers_from_bad_headers() {
        let input = b"Content-Length: 2\r\n\r\n{}Content-Length: x\r\n\r\nContent-Type: a\r\n\r\ncontent-length: 3\r\nContent-Type: b\r\n\r\n[1]";
        let frames = frames(input).await;
        assert_eq!(frames[0], Ok("{}".into()));
        assert!(frames[1].as_ref().unwrap_err().contains("invalid Content-Length"));
        assert!(frames[2].as_ref().unwrap_err().contains("without Content-Length"));
        assert_eq!(frames[3], Ok("[1]".into()));
        assert_eq!(frames.len(), 4);
    }

    #[tokio::test]
    async fn a_truncated_body_is_reported() {
        let frames = frames(b"Content-Length: 10\r\n\r\n{}").await;
        assert!(frames[0].as_ref().unwrap_err().contains("ended inside"));
    }

    #[tokio::test]
    async fn resynchronises_after_a_body_longer_than_declared() {
        let frames = frames(b"Content-Length: 2\r\n\r\n{}}}Content-Length: 2\r\n\r\n[]").await;
        assert_eq!(frames, [Ok("{}".into()), Ok("[]".into())]);
    }
}
