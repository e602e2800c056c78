//! A minimal LSP client over stdio, the same for every server it drives, so that latencies of
//! different servers are measured the same way.
//!
//! A reader thread timestamps each message the moment it is decoded, answers the server's own
//! requests (`workspace/configuration`, `client/registerCapability`, progress creation) with
//! empty results, and hands everything else to the caller. Latencies are measured from just
//! before a message is written to the moment its answer was read.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any single answer may take before the benchmark gives up on the server.
const TIMEOUT: Duration = Duration::from_secs(120);

/// Positions are counted in UTF-8 bytes or UTF-16 code units, as negotiated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// The column of byte offset `byte` in `line`, in this encoding.
    pub fn column(self, line: &str, byte: usize) -> usize {
        match self {
            Encoding::Utf8 => byte,
            Encoding::Utf16 => line[..byte].encode_utf16().count(),
        }
    }
}

pub struct Client {
    child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    messages: Receiver<(Instant, Value)>,
    /// Messages read while waiting for something else, in arrival order.
    pending: VecDeque<(Instant, Value)>,
    next_id: i64,
    pub encoding: Encoding,
    /// From spawning the process to reading the `initialize` response.
    pub startup: Duration,
}

impl Client {
    /// Starts `program args...` in `root` and completes the `initialize` handshake. The client
    /// does not advertise pull diagnostics, so every server pushes `publishDiagnostics`.
    pub fn start(program: &Path, args: &[&str], root: &Path, options: Value) -> Result<Client, String> {
        let spawned = Instant::now();
        let mut child = Command::new(program)
            .args(args)
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| format!("cannot start {}: {error}", program.display()))?;
        let stdin = Arc::new(Mutex::new(child.stdin.take().ok_or("no stdin")?));
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (sender, messages) = channel();
        let replies = stdin.clone();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                let read_at = Instant::now();
                if let (Some(id), Some(method)) = (message.get("id"), message.get("method").and_then(Value::as_str)) {
                    let result = match method {
                        "workspace/configuration" => {
                            let items = message["params"]["items"].as_array().map_or(0, Vec::len);
                            Value::Array(vec![Value::Null; items])
                        }
                        _ => Value::Null,
                    };
                    let reply = json!({"jsonrpc": "2.0", "id": id, "result": result});
                    if write_message(&replies, &reply).is_err() {
                        break;
                    }
                    continue;
                }
                if sender.send((read_at, message)).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages,
            pending: VecDeque::new(),
            next_id: 0,
            encoding: Encoding::Utf16,
            startup: Duration::ZERO,
        };
        let root_uri = file_uri(root);
        let params = json!({
            "processId": std::process::id(),
            "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": "bench"}],
            "initializationOptions": options,
            "capabilities": {
                "general": {"positionEncodings": ["utf-8", "utf-16"]},
                "textDocument": {
                    "synchronization": {"dynamicRegistration": false},
                    "publishDiagnostics": {"versionSupport": true},
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "inlayHint": {"dynamicRegistration": false},
                },
                "workspace": {"configuration": false, "workspaceFolders": true},
            },
        });
        let (result, _) = client.request("initialize", params)?;
        client.startup = spawned.elapsed();
        if result["capabilities"]["positionEncoding"] == "utf-8" {
            client.encoding = Encoding::Utf8;
        }
        client.notify("initialized", json!({}))?;
        Ok(client)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn notify(&mut self, method: &str, params: Value) -> Result<Instant, String> {
        let sent = Instant::now();
        write_message(&self.stdin, &json!({"jsonrpc": "2.0", "method": method, "params": params}))?;
        Ok(sent)
    }

    /// Sends a request and waits for its response: the result and the round-trip time.
    pub fn request(&mut self, method: &str, params: Value) -> Result<(Value, Duration), String> {
        self.next_id += 1;
        let id = self.next_id;
        let sent = Instant::now();
        write_message(&self.stdin, &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))?;
        let (read_at, message) = self.wait_for(|message| message.get("id") == Some(&json!(id)))?;
        if let Some(error) = message.get("error") {
            return Err(format!("{method} failed: {error}"));
        }
        Ok((message["result"].clone(), read_at.duration_since(sent)))
    }

    /// Waits for the diagnostics of `uri` at `version`; a server that publishes without a
    /// version is taken at its word, since each change is waited for before the next is sent.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Result<(Instant, usize), String> {
        let (read_at, message) = self.wait_for(|message| {
            let params = &message["params"];
            message["method"] == "textDocument/publishDiagnostics"
                && params["uri"] == uri
                && (params["version"].is_null() || params["version"] == version)
        })?;
        Ok((read_at, message["params"]["diagnostics"].as_array().map_or(0, Vec::len)))
    }

    /// Opens a document and returns the time until its first diagnostics.
    pub fn open(&mut self, uri: &str, language: &str, text: &str) -> Result<Duration, String> {
        let sent = self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        )?;
        let (read_at, _) = self.diagnostics(uri, 1)?;
        Ok(read_at.duration_since(sent))
    }

    /// Closes a document. Some servers answer with an empty publish and some do not, so
    /// nothing is awaited: callers never reuse a closed document's URI.
    pub fn close(&mut self, uri: &str) -> Result<(), String> {
        self.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}})).map(|_| ())
    }

    /// Sends one incremental change and returns the time until the diagnostics of the new version.
    pub fn change(&mut self, uri: &str, version: i64, change: Value) -> Result<Duration, String> {
        let sent = self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        )?;
        let (read_at, _) = self.diagnostics(uri, version)?;
        Ok(read_at.duration_since(sent))
    }

    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Result<(Instant, Value), String> {
        if let Some(index) = self.pending.iter().position(|(_, message)| wanted(message)) {
            return Ok(self.pending.remove(index).expect("the index was just found"));
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok((read_at, message)) if wanted(&message) => return Ok((read_at, message)),
                // Logs and other documents' diagnostics: keep the latter, drop the rest.
                Ok(other) => {
                    if other.1.get("id").is_some() || other.1["method"] == "textDocument/publishDiagnostics" {
                        self.pending.push_back(other);
                    }
                }
                Err(RecvTimeoutError::Timeout) => return Err(format!("no answer within {TIMEOUT:?}")),
                Err(RecvTimeoutError::Disconnected) => return Err("the server closed its output".into()),
            }
        }
    }

    /// Drops messages received so far that nobody waited for.
    pub fn forget_pending(&mut self) {
        self.pending.clear();
        while self.messages.try_recv().is_ok() {}
    }

    /// `shutdown`, `exit`, and waits for the process to end.
    pub fn stop(mut self) -> Result<(), String> {
        self.request("shutdown", Value::Null)?;
        self.notify("exit", Value::Null)?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.child.try_wait().map_err(|error| error.to_string())?.is_some() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
        Err("the server did not exit after `exit`".into())
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // A client dropped on an error path must not leave its server running.
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn write_message(stdin: &Mutex<ChildStdin>, message: &Value) -> Result<(), String> {
    let body = message.to_string();
    let mut stdin = stdin.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    stdin
        .write_all(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes())
        .and_then(|()| stdin.flush())
        .map_err(|error| format!("cannot write to the server: {error}"))
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}
