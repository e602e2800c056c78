//! The language server driven in-process by a fake client, through the same service the
//! stdio transport uses.

mod common;

use std::time::Duration;

use common::{Rng, apply_edits, position_at, random_edit, text_in};
use concurrency_tutor::analysis::section::hinted;
use concurrency_tutor::analysis::{Language, SourceFile, analyze};
use concurrency_tutor::lsp;
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::{Request, Response};

struct Client {
    service: lsp::Service,
    from_server: mpsc::UnboundedReceiver<Request>,
    next_id: i64,
}

impl Client {
    /// Starts a server and initializes it with `capabilities` and extra `initialize` fields.
    async fn start(capabilities: Value, extra: Value) -> (Client, Value) {
        let (service, socket, _) = lsp::service();
        let (tx, from_server) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let (mut requests, mut responses) = socket.split();
            while let Some(request) = requests.next().await {
                // Answer the server's own requests (refreshes) so it never waits on us.
                if let Some(id) = request.id().cloned() {
                    let _ = responses.send(Response::from_ok(id, Value::Null)).await;
                }
                let _ = tx.send(request);
            }
        });
        let mut client = Client { service, from_server, next_id: 0 };
        let mut params = json!({ "processId": null, "rootUri": null, "capabilities": capabilities });
        params.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        let result = client.request("initialize", params).await.expect("initialize succeeds");
        client.notify("initialized", json!({})).await;
        (client, result)
    }

    async fn call(&mut self, request: Request) -> Option<Response> {
        self.service.ready().await.unwrap().call(request).await.unwrap()
    }

    async fn request(&mut self, method: &'static str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let request = Request::build(method).id(self.next_id).params(params).finish();
        let (_, result) = self.call(request).await.expect("requests get a response").into_parts();
        result.map_err(|error| serde_json::to_value(error).unwrap())
    }

    async fn notify(&mut self, method: &'static str, params: Value) {
        let response = self.call(Request::build(method).params(params).finish()).await;
        assert!(response.is_none(), "notifications get no response");
    }

    async fn open(&mut self, uri: &str, language: &str, text: &str) {
        let document = json!({ "uri": uri, "languageId": language, "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": document })).await;
    }

    /// The next `publishDiagnostics` for `uri`, skipping other server messages.
    async fn diagnostics(&mut self, uri: &str) -> Value {
        let wait = async {
            loop {
                let message = self.from_server.recv().await.expect("server is alive");
                let params = message.params().cloned().unwrap_or_default();
                if message.method() == "textDocument/publishDiagnostics" && params["uri"] == uri {
                    return params;
                }
            }
        };
        tokio::time::timeout(Duration::from_secs(20), wait).await.expect("diagnostics are published")
    }

    async fn hover(&mut self, uri: &str, position: Value) -> Value {
        self.request("textDocument/hover", json!({ "textDocument": { "uri": uri }, "position": position }))
            .await
            .unwrap()
    }

    async fn hints(&mut self, uri: &str) -> Vec<(u64, String)> {
        let range = json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 10000, "character": 0 } });
        let hints =
            self.request("textDocument/inlayHint", json!({ "textDocument": { "uri": uri }, "range": range })).await;
        hints
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|hint| (hint["position"]["line"].as_u64().unwrap(), hint["label"].as_str().unwrap().to_owned()))
            .collect()
    }

    async fn server_text(&mut self, uri: &str) -> Value {
        self.request("concurrencyTutor/documentText", json!({ "uri": uri })).await.unwrap()
    }

    /// Replaces `from..to` of `line` with `text` as `version`, and waits for that version's
    /// diagnostics.
    async fn edit_line(&mut self, uri: &str, version: i64, (line, from, to): (u64, u64, u64), text: &str) -> Value {
        let range = json!({ "start": { "line": line, "character": from }, "end": { "line": line, "character": to } });
        let change = json!({ "range": range, "text": text });
        let params = json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] });
        self.notify("textDocument/didChange", params).await;
        loop {
            let published = self.diagnostics(uri).await;
            if published["version"] == version {
                return published;
            }
        }
    }
}

const UTF16_CLIENT: fn() -> Value = || json!({});
const PY_URI: &str = "file:///project/kitchen.py";
const RS_URI: &str = "file:///project/src/main.rs";

const PYTHON: &str = r#"import asyncio
import threading
import time
from concurrent.futures import ProcessPoolExecutor


async def fetch(name):  # «получить» 😀
    time.sleep(0.5)
    return name


async def main():
    task = asyncio.create_task(fetch("a"))
    return await asyncio.gather(task, fetch("b"))


if __name__ == "__main__":
    worker = threading.Thread(target=print)
    with ProcessPoolExecutor(max_workers=2) as pool:
        print(list(pool.map(abs, [-1, -2])))
"#;

const RUST: &str = r#"use rayon::prelude::*;
use std::thread;
use std::time::Duration;

async fn handler() {
    // Спим 😴 — плохо в async
    std::thread::sleep(Duration::from_millis(10));
}

#[tokio::main]
async fn main() {
    let task = tokio::spawn(handler());
    let sum: u64 = [1u64, 2, 3].par_iter().sum();
    thread::spawn(move || sum).join().unwrap();
    task.await.unwrap();
}
"#;

#[tokio::test]
async fn negotiates_position_encoding_and_capabilities() {
    let (_, utf16) = Client::start(UTF16_CLIENT(), json!({})).await;
    assert_eq!(utf16["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(utf16["capabilities"]["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(utf16["capabilities"]["hoverProvider"], true);
    assert_eq!(utf16["capabilities"]["inlayHintProvider"], true);
    assert_eq!(utf16["capabilities"]["codeActionProvider"]["codeActionKinds"], json!(["quickfix", "refactor.rewrite"]));
    assert!(utf16["capabilities"].get("diagnosticProvider").is_none(), "push-only client");
    assert_eq!(utf16["serverInfo"]["name"], "concurrency-tutor");

    let capabilities =
        json!({ "general": { "positionEncodings": ["utf-16", "utf-8"] }, "textDocument": { "diagnostic": {} } });
    let (_, utf8) = Client::start(capabilities, json!({})).await;
    assert_eq!(utf8["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(utf8["capabilities"]["diagnosticProvider"]["identifier"], "concurrency-tutor");
}

#[tokio::test]
async fn python_slice_end_to_end() {
    let (mut client, _) = Client::start(UTF16_CLIENT(), json!({ "locale": "en-US" })).await;
    client.open(PY_URI, "python", PYTHON).await;

    let published = client.diagnostics(PY_URI).await;
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{published}");
    assert_eq!(diagnostics[0]["code"], "CTP101");
    assert_eq!(diagnostics[0]["source"], "concurrency-tutor");
    assert_eq!(diagnostics[0]["severity"], 2);
    assert_eq!(text_in(PYTHON, &diagnostics[0]["range"], false), "time.sleep(0.5)");
    assert_eq!(published["version"], 1);

    for (needle, model, name) in [
        ("gather", "**concurrent** · event loop — ", "asyncio.gather"),
        ("create_task", "**concurrent** · event loop — ", "asyncio.create_task"),
        ("ProcessPoolExecutor(", "**parallel** · worker processes — ", "concurrent.futures.ProcessPoolExecutor"),
        ("Thread(", "**parallel** · OS threads — ", "threading.Thread"),
    ] {
        let hover = client.hover(PY_URI, position_at(PYTHON, needle, 2, false)).await;
        let markdown = hover["contents"]["value"].as_str().unwrap();
        assert!(markdown.starts_with(model) && markdown.contains(&format!("\n`{name}`\n")), "{needle}: {markdown}");
        assert_eq!(hover["contents"]["kind"], "markdown");
        assert_eq!(text_in(PYTHON, &hover["range"], false), needle.trim_end_matches('('));
    }

    let hints = client.hints(PY_URI).await;
    let expected = [
        (6, "concurrent · event loop (from line 13)"),
        (11, "concurrent · event loop"),
        (12, "concurrent · event loop"),
        (13, "concurrent · event loop"),
        (17, "parallel · OS threads under the GIL"),
        (18, "parallel · 2 worker processes"),
        (19, "parallel · worker processes"),
    ];
    assert_eq!(hints, expected.map(|(line, label)| (line, label.to_owned())));

    let sleep = position_at(PYTHON, "time.sleep", 0, false);
    let range = json!({ "start": sleep, "end": sleep });
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": PY_URI }, "range": range, "context": { "diagnostics": [] } }),
        )
        .await
        .unwrap();
    let action = &actions[0];
    assert_eq!(action["title"], "Replace with `await asyncio.sleep(...)`");
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["isPreferred"], true);
    let edits = action["edit"]["changes"][PY_URI].as_array().unwrap();
    let fixed = apply_edits(PYTHON, edits, false);
    assert!(fixed.contains("    await asyncio.sleep(0.5)\n    return name"), "{fixed}");
}

#[tokio::test]
async fn rust_slice_end_to_end() {
    let (mut client, _) = Client::start(UTF16_CLIENT(), json!({})).await;
    client.open(RS_URI, "rust", RUST).await;
    let published = client.diagnostics(RS_URI).await;
    let diagnostic = &published["diagnostics"][0];
    assert_eq!(diagnostic["code"], "CTR101");
    assert_eq!(text_in(RUST, &diagnostic["range"], false), "std::thread::sleep(Duration::from_millis(10))");

    for (needle, model, name) in [
        ("spawn(handler", "**concurrent** · async runtime — ", "tokio::spawn"),
        ("spawn(move", "**parallel** · OS threads — ", "std::thread::spawn"),
        ("par_iter", "**parallel** · rayon thread pool — ", ".par_iter()"),
    ] {
        let hover = client.hover(RS_URI, position_at(RUST, needle, 1, false)).await;
        let markdown = hover["contents"]["value"].as_str().unwrap();
        assert!(markdown.starts_with(model) && markdown.contains(&format!("\n`{name}`\n")), "{needle}: {markdown}");
    }
    let hints = client.hints(RS_URI).await;
    let expected = [
        (4, "concurrent · runtime worker threads (from line 12)"),
        (10, "concurrent · async runtime"),
        (11, "concurrent · runtime worker threads"),
        (12, "parallel · rayon thread pool"),
        (13, "parallel · OS threads"),
    ];
    assert_eq!(hints, expected.map(|(line, label)| (line, label.to_owned())));

    let sleep = position_at(RUST, "std::thread::sleep", 3, false);
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": RS_URI }, "range": { "start": sleep, "end": sleep }, "context": { "diagnostics": [] } }),
        )
        .await
        .unwrap();
    let fixed = apply_edits(RUST, actions[0]["edit"]["changes"][RS_URI].as_array().unwrap(), false);
    assert!(fixed.contains("    tokio::time::sleep(Duration::from_millis(10)).await;\n"), "{fixed}");
}

#[tokio::test]
async fn russian_from_the_client_locale_and_settings_override() {
    let (mut client, _) = Client::start(UTF16_CLIENT(), json!({ "locale": "ru-RU" })).await;
    client.open(PY_URI, "python", PYTHON).await;
    let published = client.diagnostics(PY_URI).await;
    assert!(published["diagnostics"][0]["message"].as_str().unwrap().contains("блокирует цикл событий"), "{published}");
    let hover = client.hover(PY_URI, position_at(PYTHON, "gather", 1, false)).await;
    assert!(hover["contents"]["value"].as_str().unwrap().starts_with("**конкурентно** · цикл событий — "), "{hover}");
    let pool_line = |hints: Vec<(u64, String)>| hints.into_iter().find(|(line, _)| *line == 18).unwrap().1;
    assert_eq!(pool_line(client.hints(PY_URI).await), "параллельно · 2 рабочих процесса");

    // The setting wins over the editor's locale, and applies to what was already published.
    client
        .notify("workspace/didChangeConfiguration", json!({ "settings": { "concurrencyTutor": { "language": "en" } } }))
        .await;
    let republished = client.diagnostics(PY_URI).await;
    assert!(
        republished["diagnostics"][0]["message"].as_str().unwrap().contains("blocks the event loop"),
        "{republished}"
    );
    assert_eq!(pool_line(client.hints(PY_URI).await), "parallel · 2 worker processes");
}

#[tokio::test]
async fn initialization_options_choose_language_level_and_hint_kinds() {
    let options = json!({ "initializationOptions": { "language": "ru", "level": "expert", "inlayHints": { "parallel": false } } });
    let (mut client, _) = Client::start(UTF16_CLIENT(), options).await;
    client.open(PY_URI, "python", PYTHON).await;
    let labels: Vec<String> = client.hints(PY_URI).await.into_iter().map(|(_, label)| label).collect();
    assert!(labels.iter().all(|label| label.starts_with("конкурентно")), "parallel hints are off: {labels:?}");
    assert!(labels.contains(&"конкурентно · цикл событий (со строки 13)".to_owned()), "{labels:?}");
    let hover = client.hover(PY_URI, position_at(PYTHON, "gather", 1, false)).await;
    assert!(!hover["contents"]["value"].as_str().unwrap().contains("```text"), "expert hovers have no timeline");
}

#[tokio::test]
async fn pull_diagnostics_replace_push_when_the_client_supports_them() {
    let (mut client, _) = Client::start(json!({ "textDocument": { "diagnostic": {} } }), json!({})).await;
    client.open(PY_URI, "python", PYTHON).await;
    let report = client.request("textDocument/diagnostic", json!({ "textDocument": { "uri": PY_URI } })).await.unwrap();
    assert_eq!(report["kind"], "full");
    assert_eq!(report["items"][0]["code"], "CTP101");
    // Nothing is pushed to a pulling client.
    assert!(tokio::time::timeout(Duration::from_millis(300), client.diagnostics(PY_URI)).await.is_err());
}

#[tokio::test]
async fn utf8_positions_on_lines_with_cyrillic_and_emoji() {
    let source = "import asyncio\nasync def main():  # «главная» 😀\n    x = \"поток 😀\"; await asyncio.gather(a())\n";
    let capabilities = json!({ "general": { "positionEncodings": ["utf-8"] } });
    let (mut client, _) = Client::start(capabilities, json!({})).await;
    client.open(PY_URI, "python", source).await;
    let hover = client.hover(PY_URI, position_at(source, "gather", 3, true)).await;
    assert_eq!(text_in(source, &hover["range"], true), "gather");
    let line = source.lines().nth(2).unwrap();
    assert_eq!(hover["range"]["start"], json!({ "line": 2, "character": line.find("gather").unwrap() }));
    let hints = client.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": PY_URI }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 3, "character": 0 } } }),
    );
    let hints = hints.await.unwrap();
    // The hint sits at the end of line 1, after the emoji: its UTF-8 column is the line's byte length.
    assert_eq!(hints[0]["position"], json!({ "line": 1, "character": "async def main():  # «главная» 😀".len() }));
}

#[tokio::test]
async fn utf16_positions_on_lines_with_cyrillic_and_emoji() {
    let source = "import time\nasync def main():\n    s = \"😀 сон\"; time.sleep(1)\n";
    let (mut client, _) = Client::start(UTF16_CLIENT(), json!({})).await;
    client.open(PY_URI, "python", source).await;
    let published = client.diagnostics(PY_URI).await;
    let range = &published["diagnostics"][0]["range"];
    // "    s = \"" is 9 units, the emoji 2, " сон\"; " 7: time.sleep starts at 18.
    assert_eq!(range["start"], json!({ "line": 2, "character": 18 }));
    assert_eq!(text_in(source, range, false), "time.sleep(1)");
    let hover = client.hover(PY_URI, json!({ "line": 2, "character": 24 })).await;
    assert_eq!(text_in(source, &hover["range"], false), "sleep");
    // A position between the two halves of the emoji's surrogate pair, and one past the end.
    assert_eq!(client.hover(PY_URI, json!({ "line": 2, "character": 10 })).await, Value::Null);
    assert_eq!(client.hover(PY_URI, json!({ "line": 99, "character": 3 })).await, Value::Null);
}

/// tower-lsp-server runs notification handlers concurrently, so their futures may complete in
/// any order. Here every didChange is dispatched first (in wire order, as the transport does)
/// and the handler futures are then driven in reverse; the server's text must still equal
/// the client's.
#[tokio::test]
async fn rapid_changes_apply_in_order_however_handlers_interleave() {
    for (seed, utf8) in [(0x5eed, false), (42, true), (7, false), (2026, true)] {
        check_rapid_changes(seed, utf8).await;
    }
}

async fn check_rapid_changes(seed: u64, utf8: bool) {
    let initial = "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)  # «тест» 😀\n";
    let encodings = if utf8 { json!(["utf-8"]) } else { json!(["utf-16"]) };
    let (mut client, _) = Client::start(json!({ "general": { "positionEncodings": encodings } }), json!({})).await;
    client.open(PY_URI, "python", initial).await;
    let mut rng = Rng::new(seed);
    let mut text = initial.to_owned();
    let mut pending = Vec::new();
    let mut version = 1;
    for _ in 0..400 {
        let (change, edited) = random_edit(&text, &mut rng, utf8);
        text = edited;
        // Versions may jump, as Neovim's change ticks do.
        version += 1 + rng.below(3) as i64;
        let params = json!({ "textDocument": { "uri": PY_URI, "version": version }, "contentChanges": [change] });
        let request = Request::build("textDocument/didChange").params(params).finish();
        pending.push(client.service.ready().await.unwrap().call(request));
    }
    for future in pending.into_iter().rev() {
        assert!(future.await.unwrap().is_none());
    }
    let server = client.server_text(PY_URI).await;
    assert_eq!(server["version"], version, "seed {seed}");
    assert_eq!(server["text"].as_str().unwrap(), text, "seed {seed}, utf8 {utf8}");
    // And the analysis of that text is that of a fresh parse.
    let hints = client.hints(PY_URI).await;
    let file = SourceFile::parse(Language::Python, text.as_str());
    let analysis = analyze(&file);
    let line_of = |offset: usize| text[..offset].matches('\n').count();
    let expected: Vec<usize> = hinted(&analysis.sections, line_of).iter().map(|s| line_of(s.anchor)).collect();
    assert_eq!(hints.into_iter().map(|(line, _)| line as usize).collect::<Vec<_>>(), expected, "seed {seed}");
}

/// Where each published diagnostic starts, with its code.
fn diagnostic_lines(published: &Value) -> Vec<(u64, String)> {
    let diagnostics = published["diagnostics"].as_array().unwrap();
    diagnostics.iter().map(|d| (d["range"]["start"]["line"].as_u64().unwrap(), d["code"].to_string())).collect()
}

/// A CTP101 (blocking call in a coroutine) on `line`.
fn blocking(line: u64) -> (u64, String) {
    (line, "\"CTP101\"".to_owned())
}

/// Typing passes through text that does not parse: here a string opened and not yet closed,
/// which leaves the rest of the file inside it. Meanwhile the diagnostics and hints of the last
/// version that parsed stay, moved past the typing, except a diagnostic the typing overlaps;
/// once the text parses again, they are its own.
#[tokio::test]
async fn typing_through_a_syntax_error_keeps_the_last_clean_results() {
    let (mut client, _) = Client::start(UTF16_CLIENT(), json!({})).await;
    let text = "import asyncio\nimport time\n\n\nasync def first():\n    time.sleep(1)\n\n\nasync def second():\n    time.sleep(2)\n    await asyncio.sleep(0)\n";
    client.open(PY_URI, "python", text).await;
    assert_eq!(diagnostic_lines(&client.diagnostics(PY_URI).await), [blocking(5), blocking(9)]);
    let clean_hints = client.hints(PY_URI).await;

    let mut version = 1;
    let mut edit = async |client: &mut Client, at: (u64, u64, u64), text: &str| {
        version += 1;
        diagnostic_lines(&client.edit_line(PY_URI, version, at, text).await)
    };
    // A new line, broken: what the clean version found stays, the second one a line lower.
    assert_eq!(edit(&mut client, (6, 0, 0), "    note = \"\"\"\n").await, [blocking(5), blocking(10)]);
    let moved: Vec<(u64, String)> =
        clean_hints.iter().map(|(line, label)| (if *line >= 6 { line + 1 } else { *line }, label.clone())).collect();
    assert_eq!(client.hints(PY_URI).await, moved, "the hints move with the text");
    // The quick fix of the second call, moved too, applies to the text as it is now.
    let broken = client.server_text(PY_URI).await["text"].as_str().unwrap().to_owned();
    let at = json!({ "line": 10, "character": 6 });
    let context = json!({ "diagnostics": [] });
    let params = json!({ "textDocument": { "uri": PY_URI }, "range": { "start": at, "end": at }, "context": context });
    let actions = client.request("textDocument/codeAction", params).await.unwrap();
    let edits = actions[0]["edit"]["changes"][PY_URI].as_array().unwrap();
    let fixed = apply_edits(&broken, edits, false);
    assert!(fixed.contains("    note = \"\"\"\n\n\nasync def second():\n    await asyncio.sleep(2)\n"), "{fixed}");
    // Typing inside the first call (`time.sleep(1 +)`, broken too) drops its diagnostic, whose
    // fix would overwrite what is being typed.
    assert_eq!(edit(&mut client, (5, 16, 16), " +").await, [blocking(10)]);
    // Taken back: only the new line differs from the clean version, and the diagnostic returns.
    assert_eq!(edit(&mut client, (5, 16, 18), "").await, [blocking(5), blocking(10)]);
    // The string closed: the text parses, and the results are its own.
    assert_eq!(edit(&mut client, (6, 14, 14), "\"\"\"").await, [blocking(5), blocking(10)]);
    assert_eq!(edit(&mut client, (6, 0, 20), "    time.sleep(3)").await, [blocking(5), blocking(6), blocking(10)]);
}

/// Results are carried over only while the edits since the last clean version stay inside one
/// function: the difference between two texts is one span, and a break in one function with
/// an edit two functions further down would otherwise drop every diagnostic in between.
#[tokio::test]
async fn a_broken_text_edited_far_apart_is_analysed_afresh() {
    let (mut client, _) = Client::start(UTF16_CLIENT(), json!({})).await;
    let text = "import time\n\n\nasync def first():\n    time.sleep(1)\n\n\nasync def second():\n    time.sleep(2)\n\n\nasync def third():\n    time.sleep(3)\n";
    client.open(PY_URI, "python", text).await;
    assert_eq!(diagnostic_lines(&client.diagnostics(PY_URI).await), [blocking(4), blocking(8), blocking(12)]);
    // Typing inside the first call breaks the text: its diagnostic goes, the others stay.
    let published = client.edit_line(PY_URI, 2, (4, 16, 16), " +").await;
    assert_eq!(diagnostic_lines(&published), [blocking(8), blocking(12)]);
    // A change in the third function: the broken text is analysed afresh, tree-sitter recovers
    // around the error, and every call is found again, the second one included.
    let published = client.edit_line(PY_URI, 3, (12, 15, 16), "4").await;
    assert_eq!(diagnostic_lines(&published), [blocking(4), blocking(8), blocking(12)]);
}

#[tokio::test]
async fn stale_and_unknown_changes_are_ignored_and_other_documents_unaffected() {
    let (mut client, _) = Client::start(UTF16_CLIENT(), json!({})).await;
    client.open(PY_URI, "python", "x = 1\n").await;
    let stale = json!({ "textDocument": { "uri": PY_URI, "version": 1 }, "contentChanges": [{ "text": "y = 2\n" }] });
    client.notify("textDocument/didChange", stale).await;
    let unknown =
        json!({ "textDocument": { "uri": "file:///nowhere.py", "version": 9 }, "contentChanges": [{ "text": "z" }] });
    client.notify("textDocument/didChange", unknown).await;
    let malformed = json!({ "textDocument": { "uri": PY_URI }, "contentChanges": "nope" });
    client.notify("textDocument/didChange", malformed).await;
    assert_eq!(client.server_text(PY_URI).await, json!({ "version": 1, "text": "x = 1\n" }));
    assert_eq!(client.server_text("file:///nowhere.py").await, Value::Null);
}

#[tokio::test]
async fn other_languages_are_ignored_quietly() {
    let (mut client, _) = Client::start(UTF16_CLIENT(), json!({})).await;
    client.open("file:///project/README.md", "markdown", "# asyncio.gather\n").await;
    assert_eq!(client.hover("file:///project/README.md", json!({ "line": 0, "character": 12 })).await, Value::Null);
    assert_eq!(client.server_text("file:///project/README.md").await, Value::Null);
}

#[tokio::test]
async fn closing_clears_diagnostics() {
    let (mut client, _) = Client::start(UTF16_CLIENT(), json!({})).await;
    client.open(PY_URI, "python", PYTHON).await;
    assert_eq!(client.diagnostics(PY_URI).await["diagnostics"].as_array().unwrap().len(), 1);
    client.notify("textDocument/didClose", json!({ "textDocument": { "uri": PY_URI } })).await;
    assert_eq!(client.diagnostics(PY_URI).await["diagnostics"], json!([]));
    assert_eq!(client.server_text(PY_URI).await, Value::Null);
}

#[tokio::test]
async fn requests_after_shutdown_are_refused() {
    let (mut client, _) = Client::start(UTF16_CLIENT(), json!({})).await;
    client.open(PY_URI, "python", "x = 1\n").await;
    client.request("shutdown", Value::Null).await.unwrap();
    let position = json!({ "textDocument": { "uri": PY_URI }, "position": { "line": 0, "character": 0 } });
    let error = client.request("textDocument/hover", position).await.unwrap_err();
    assert_eq!(error["code"], -32600, "InvalidRequest: {error}");
}
