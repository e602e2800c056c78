//! The real `concurrency-tutor` binary driven over stdio, as an editor starts it. Every byte on
//! stdout must be a well-formed LSP message: the reader below fails otherwise.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub const TIMEOUT: Duration = Duration::from_secs(30);

pub struct Server {
    pub child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    stderr: Option<JoinHandle<String>>,
    next_id: i64,
}

impl Server {
    pub fn start(args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_concurrency-tutor"));
        command.args(args);
        for (key, value) in env {
            command.env(key, value);
        }
        Server::spawn(command)
    }

    /// Starts `command` (the binary, or a tracer running it) with piped standard streams.
    pub fn spawn(mut command: Command) -> Server {
        command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = command.spawn().expect("the binary starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let mut stderr = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut log = String::new();
            let _ = stderr.read_to_string(&mut log);
            log
        });
        Server { stdin: child.stdin.take(), child, messages, stderr: Some(stderr), next_id: 0 }
    }

    pub fn send(&mut self, message: Value) {
        let body = message.to_string();
        self.write_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    pub fn write_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait_for(|message| message["id"] == id && message.get("method").is_none())
    }

    /// The next message matching `wanted`; others (logs, diagnostics) are skipped.
    pub fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => panic!("no matching message within {TIMEOUT:?}"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed stdout"),
            }
        }
    }

    pub fn diagnostics(&mut self, uri: &str) -> Value {
        self.wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)["params"]
            .clone()
    }

    pub fn initialize(&mut self, capabilities: Value, locale: &str) -> Value {
        let params =
            json!({ "processId": std::process::id(), "rootUri": null, "capabilities": capabilities, "locale": locale });
        let result = self.request("initialize", params);
        self.notify("initialized", json!({}));
        result["result"].clone()
    }

    /// Sends a request without waiting for its answer; returns its id.
    pub fn request_later(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    pub fn open(&mut self, uri: &str, language: &str, text: &str) {
        let document = json!({ "uri": uri, "languageId": language, "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": document }));
    }

    /// The server's copy of a document (`concurrencyTutor/documentText`), or null.
    pub fn document_text(&mut self, uri: &str) -> Value {
        self.request("concurrencyTutor/documentText", json!({ "uri": uri }))["result"].clone()
    }

    /// `shutdown` then `exit`, checking the exit code is 0; returns the log.
    pub fn stop(mut self) -> String {
        assert_eq!(self.request("shutdown", Value::Null)["result"], Value::Null);
        self.notify("exit", Value::Null);
        let (code, log) = self.finish();
        assert_eq!(code, 0, "exit after shutdown succeeds; log:\n{log}");
        log
    }

    /// Closes stdin after `exit` and returns the exit code and everything logged to stderr.
    pub fn finish(mut self) -> (i32, String) {
        drop(self.stdin.take());
        let deadline = Instant::now() + TIMEOUT;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        };
        (status.code().expect("exited normally, not by a signal"), self.stderr.take().unwrap().join().unwrap())
    }
}

/// Reads one `Content-Length` framed message; `None` at end of stream. Panics on anything
/// else, which is how stray output on stdout is caught.
pub fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap() == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(": ").unwrap_or_else(|| panic!("not an LSP header: {header:?}"));
        if name.eq_ignore_ascii_case("content-length") {
            length = Some(value.parse::<usize>().unwrap());
        }
    }
    let mut body = vec![0; length.expect("Content-Length header")];
    reader.read_exact(&mut body).unwrap();
    Some(serde_json::from_slice(&body).expect("the body is JSON"))
}
