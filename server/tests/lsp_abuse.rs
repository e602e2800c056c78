//! Protocol abuse against the real binary over stdio. Each case checks what a client sees (the
//! error code, or that nothing is answered), the reason in the server's log, and that other
//! documents are still served afterwards.

mod common;

use std::time::{Duration, Instant};

use common::stdio::Server;
use serde_json::{Value, json};

const GOOD: &str = "import asyncio\nimport time\n\n\nasync def cook():\n    time.sleep(1)\n";

fn everything() -> Value {
    json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 999_999, "character": 0 } })
}

/// Opens a healthy document under `uri` and checks it gets its diagnostic and a hover.
fn still_serves(server: &mut Server, uri: &str) {
    server.open(uri, "python", GOOD);
    let published = server.diagnostics(uri);
    assert_eq!(published["diagnostics"][0]["code"], "CTP101", "{published}");
    let position = json!({ "textDocument": { "uri": uri }, "position": { "line": 5, "character": 10 } });
    let hover = server.request("textDocument/hover", position);
    let markdown = hover["result"]["contents"]["value"].as_str().unwrap_or_else(|| panic!("no hover: {hover}"));
    assert!(markdown.contains("time.sleep"), "{markdown}");
}

/// For a document the limits skip: waits for both the notice (`window/logMessage`) and the
/// empty diagnostics, which may come in either order. Returns the notice.
fn skipped(server: &mut Server, uri: &str) -> String {
    let name = uri.rsplit('/').next().unwrap().to_owned();
    let (mut notice, mut cleared) = (None, false);
    while notice.is_none() || !cleared {
        let message = server.wait_for(|m| {
            (m["method"] == "window/logMessage" && m["params"]["message"].as_str().is_some_and(|t| t.contains(&name)))
                || (m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        });
        if message["method"] == "window/logMessage" {
            notice = message["params"]["message"].as_str().map(str::to_owned);
        } else {
            assert_eq!(message["params"]["diagnostics"], json!([]), "no analysis, no stale diagnostics");
            cleared = true;
        }
    }
    notice.unwrap()
}

fn change(server: &mut Server, uri: &str, version: i64, changes: Value) {
    let params = json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes });
    server.notify("textDocument/didChange", params);
}

fn insert(line: u32, character: u32, text: &str) -> Value {
    let at = json!({ "line": line, "character": character });
    json!({ "range": { "start": at, "end": at }, "text": text })
}

#[test]
fn requests_before_initialize_and_after_shutdown() {
    let mut server = Server::start(&[], &[]);
    let position = json!({ "textDocument": { "uri": "file:///w/a.py" }, "position": { "line": 0, "character": 0 } });
    let early = server.request("textDocument/hover", position.clone());
    assert_eq!(early["error"]["code"], -32002, "ServerNotInitialized: {early}");
    server.open("file:///w/early.py", "python", GOOD);
    server.initialize(json!({}), "en");
    assert_eq!(server.document_text("file:///w/early.py"), Value::Null, "didOpen before initialize is dropped");
    let again = server.request("initialize", json!({ "capabilities": {} }));
    assert_eq!(again["error"]["code"], -32600, "a second initialize is invalid: {again}");
    still_serves(&mut server, "file:///w/a.py");

    assert_eq!(server.request("shutdown", Value::Null)["result"], Value::Null);
    let late = server.request("textDocument/hover", position);
    assert_eq!(late["error"]["code"], -32600, "InvalidRequest after shutdown: {late}");
    change(&mut server, "file:///w/a.py", 2, json!([{ "text": "changed after shutdown" }]));
    let text = server.request("concurrencyTutor/documentText", json!({ "uri": "file:///w/a.py" }));
    assert_eq!(text["error"]["code"], -32600, "{text}");
    server.notify("exit", Value::Null);
    let (code, _) = server.finish();
    assert_eq!(code, 0);
}

#[test]
fn positions_past_the_end_or_inside_a_surrogate_pair_are_clamped() {
    let mut server = Server::start(&[], &[]);
    server.initialize(json!({}), "en"); // UTF-16 positions
    let uri = "file:///w/emoji.py";
    // UTF-16 columns: `s = '` is 0..5, the emoji takes 5 and 6, `x` is 7.
    server.open(uri, "python", "s = '😀x'\nimport time\n");
    change(&mut server, uri, 2, json!([insert(0, 6, "A")]));
    assert_eq!(server.document_text(uri)["text"], "s = 'A😀x'\nimport time\n", "inside the pair means before it");
    change(&mut server, uri, 3, json!([insert(0, 999, "!"), insert(99, 7, "# end\n")]));
    let expected = "s = 'A😀x'!\nimport time\n# end\n";
    assert_eq!(server.document_text(uri)["text"], expected, "past the line: its end; past the text: the end");

    let far = json!({ "textDocument": { "uri": uri }, "position": { "line": 99, "character": 99 } });
    assert_eq!(server.request("textDocument/hover", far)["result"], Value::Null);
    let hints =
        server.request("textDocument/inlayHint", json!({ "textDocument": { "uri": uri }, "range": everything() }));
    assert_eq!(hints["result"], json!([]), "{hints}");
    still_serves(&mut server, "file:///w/after.py");
    server.stop();
}

#[test]
fn version_gaps_stale_versions_and_unopened_documents() {
    let mut server = Server::start(&[], &[]);
    server.initialize(json!({}), "en");
    let uri = "file:///w/versions.py";
    server.open(uri, "python", "x = 1\n");
    change(&mut server, uri, 5, json!([{ "text": "y = 2\n" }]));
    change(&mut server, uri, 3, json!([{ "text": "stale\n" }]));
    change(&mut server, "file:///w/never-opened.py", 2, json!([{ "text": "z = 3\n" }]));
    server.notify("textDocument/didChange", json!({ "textDocument": 5, "contentChanges": "nope" }));
    server.notify("textDocument/didOpen", json!({ "textDocument": { "uri": "file:///w/bad.py", "text": 7 } }));
    assert_eq!(server.document_text(uri), json!({ "version": 5, "text": "y = 2\n" }), "gaps are fine, stale is not");
    assert_eq!(server.document_text("file:///w/never-opened.py"), Value::Null);
    still_serves(&mut server, "file:///w/other.py");
    let log = server.stop();
    for reason in [
        "ignored change to file:///w/versions.py (version 3): version 3 is not newer than the current version 5",
        "ignored change to file:///w/never-opened.py (version 2): the document is not open",
        "ignored textDocument/didChange with invalid parameters",
        "ignored textDocument/didOpen with invalid parameters",
    ] {
        assert!(log.contains(reason), "missing {reason:?} in\n{log}");
    }
}

#[test]
fn malformed_frames_are_answered_and_logged() {
    let mut server = Server::start(&[], &[]);
    server.initialize(json!({}), "en");
    let errors: [(&[u8], i64); 5] = [
        (b"Content-Length: -4\r\n\r\n", -32700),
        (b"Content-Type: application/json\r\n\r\n", -32700),
        (b"Content-Length: 3\r\n\r\n[1]", -32600),
        (b"Content-Length: 5\r\n\r\n\"str\"", -32600),
        (b"Content-Length: 4\r\n\r\n\xff\xfe{}", -32700),
    ];
    for (bytes, code) in errors {
        server.write_raw(bytes);
        let answer = server.wait_for(|m| m.get("error").is_some());
        assert_eq!(answer["error"]["code"], code, "for {:?}: {answer}", String::from_utf8_lossy(bytes));
    }
    still_serves(&mut server, "file:///w/after.py");
    let log = server.stop();
    for reason in [
        "discarded a message: invalid Content-Length \"-4\"",
        "discarded a message: a header block without Content-Length",
        "discarded JSON that is not a JSON-RPC message: [1]",
        "discarded a message that is not JSON",
    ] {
        assert!(log.contains(reason), "missing {reason:?} in\n{log}");
    }
}

#[test]
fn huge_documents_are_tracked_but_not_analysed() {
    let mut server = Server::start(&[], &[]);
    server.initialize(json!({}), "en");
    let uri = "file:///w/huge.py";
    let mut text = "x = 1\n".repeat(20 << 20 >> 3); // 15 MB of lines ...
    text.push_str(&"y".repeat(5 << 20)); // ... and a 5 MB last line
    text.push_str("\nimport time\n\nasync def f():\n    time.sleep(1)\n");
    let started = Instant::now();
    server.open(uri, "python", &text);
    let notice = skipped(&mut server, uri);
    assert!(notice.contains("over the maxFileSize limit of 1048576 bytes; the document is still tracked"), "{notice}");
    let last_line = text.lines().count() as u32 - 1;
    change(&mut server, uri, 2, json!([insert(last_line, 4, "# edited\n    ")]));
    let position = json!({ "textDocument": { "uri": uri }, "position": { "line": last_line, "character": 6 } });
    assert_eq!(server.request("textDocument/hover", position)["result"], Value::Null);
    let copy = server.document_text(uri);
    text.insert_str(text.len() - "time.sleep(1)\n".len(), "# edited\n    ");
    assert_eq!(copy["version"], 2);
    assert!(copy["text"] == text.as_str(), "the server's copy drifted from the client's");
    assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
    still_serves(&mut server, "file:///w/small.py");
    let log = server.stop();
    assert!(log.contains("huge.py: not analysed"), "the notice is on stderr too:\n{log}");
}

#[test]
fn nul_bytes_long_lines_and_deep_nesting() {
    let mut server = Server::start(&[], &[]);
    server.initialize(json!({}), "en");
    let with_nul = format!("x = '\0\0'\n{GOOD}");
    server.open("file:///w/nul.py", "python", &with_nul);
    assert_eq!(server.diagnostics("file:///w/nul.py")["diagnostics"][0]["range"]["start"]["line"], 6);

    // One line of a megabyte, in a string literal (a megabyte of *code* on one line takes a
    // debug build longer to analyse than a test should wait).
    let long_line = format!("{GOOD}s = '{}'\n", "é".repeat(500_000));
    server.open("file:///w/long.py", "python", &long_line);
    assert_eq!(server.diagnostics("file:///w/long.py")["diagnostics"][0]["code"], "CTP101");
    let started = Instant::now();
    let far =
        json!({ "textDocument": { "uri": "file:///w/long.py" }, "position": { "line": 6, "character": 400_000 } });
    let hover = server.request("textDocument/hover", far);
    assert_eq!(hover["result"], Value::Null, "{hover}");
    change(&mut server, "file:///w/long.py", 2, json!([insert(6, 400_000, "ü")]));
    let copy = server.document_text("file:///w/long.py");
    let at = long_line.find("s = '").unwrap() + "s = '".len() + (400_000 - 5) * 2;
    assert_eq!(copy["text"].as_str().unwrap(), format!("{}ü{}", &long_line[..at], &long_line[at..]));
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());

    let nested_python = format!("{GOOD}x = {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let nested_rust = format!("fn f() {{ let x = {}1{}; }}\n", "(".repeat(10_000), ")".repeat(10_000));
    for (uri, language, text) in
        [("file:///w/nested.py", "python", nested_python), ("file:///w/nested.rs", "rust", nested_rust)]
    {
        // One at a time: `skipped` passes over other documents' messages.
        server.open(uri, language, &text);
        let notice = skipped(&mut server, uri);
        assert!(notice.contains("levels deep, over the limit of 1000"), "{notice}");
        let hints =
            server.request("textDocument/inlayHint", json!({ "textDocument": { "uri": uri }, "range": everything() }));
        assert_eq!(hints["result"], Value::Null, "{hints}");
    }

    // Nesting typed into a document that passed the check: the items the edit left alone are
    // taken from the last check, the edited one is walked again.
    let uri = "file:///w/typed.py";
    server.open(uri, "python", &format!("{GOOD}\n\ndef other():\n    return [1, (2, {{3: 4}})]\n"));
    assert_eq!(server.diagnostics(uri)["diagnostics"][0]["code"], "CTP101");
    let nesting = format!("x = {}{}\n    ", "[".repeat(5_000), "]".repeat(5_000));
    change(&mut server, uri, 2, json!([insert(5, 4, &nesting)]));
    assert!(skipped(&mut server, uri).contains("levels deep, over the limit of 1000"));
    let typed = json!({ "start": { "line": 5, "character": 4 }, "end": { "line": 6, "character": 4 } });
    change(&mut server, uri, 3, json!([{ "range": typed, "text": "" }]));
    assert_eq!(server.diagnostics(uri)["diagnostics"][0]["code"], "CTP101", "analysed again once removed");
    still_serves(&mut server, "file:///w/after.py");
    server.stop();
}

#[test]
fn cancel_request_answers_request_cancelled() {
    // Every inlay-hint request waits a minute first: only cancellation can answer it sooner.
    let mut server = Server::start(&[], &[("CONCURRENCY_TUTOR_FAULT", "slow:inlayHint")]);
    server.initialize(json!({}), "en");
    server.open("file:///w/slow.py", "python", GOOD);
    let started = Instant::now();
    let params = json!({ "textDocument": { "uri": "file:///w/slow.py" }, "range": everything() });
    let id = server.request_later("textDocument/inlayHint", params);
    server.notify("$/cancelRequest", json!({ "id": id }));
    let answer = server.wait_for(|m| m["id"] == id);
    assert_eq!(answer["error"]["code"], -32800, "RequestCancelled: {answer}");
    assert!(started.elapsed() < Duration::from_secs(20));
    server.notify("$/cancelRequest", json!({ "id": 12345 })); // unknown: ignored
    still_serves(&mut server, "file:///w/after.py");
    let log = server.stop();
    assert!(log.contains(&format!("successfully cancelled request with ID: {id}")), "{log}");
}

#[test]
fn size_and_time_limits_follow_the_settings() {
    let mut server = Server::start(&[], &[]);
    let params = json!({ "capabilities": {}, "initializationOptions": { "concurrencyTutor": { "maxFileSize": 40 } } });
    server.request("initialize", params);
    server.notify("initialized", json!({}));
    let uri = "file:///w/limited.py";
    server.open(uri, "python", GOOD);
    assert!(skipped(&mut server, uri).contains("over the maxFileSize limit of 40 bytes"));
    let settings = |value: Value| json!({ "settings": { "concurrencyTutor": value } });
    server.notify("workspace/didChangeConfiguration", settings(json!({ "maxFileSize": 0 })));
    assert_eq!(server.diagnostics(uri)["diagnostics"][0]["code"], "CTP101", "lifting the limit analyses it");

    // No analysis of this document fits in a millisecond; its results are dropped, not cut.
    server.notify("workspace/didChangeConfiguration", settings(json!({ "maxFileSize": 0, "analysisTimeout": 1 })));
    server.open("file:///w/slow.py", "python", &GOOD.repeat(1000));
    let notice = skipped(&mut server, "file:///w/slow.py");
    assert!(notice.contains("took longer than the 1 ms time budget; no results are shown"), "{notice}");
    server.stop();
}
