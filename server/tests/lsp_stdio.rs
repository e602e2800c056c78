//! The real `concurrency-tutor` binary speaking LSP over stdio, as an editor starts it.
//! Every byte on stdout must be a well-formed LSP message: the reader below fails otherwise.

mod common;

use common::stdio::Server;
use common::{Rng, apply_edits, position_at, random_edit, text_in};
use serde_json::{Value, json};

const URI: &str = "file:///work/kitchen.py";
const SOURCE: &str = "import asyncio\nimport time\n\n\nasync def cook():  # «повар» 🍲\n    time.sleep(1)\n    await asyncio.gather(a(), b())\n";

#[test]
fn a_whole_session_over_stdio() {
    let mut server = Server::start(&[], &[]);
    let capabilities = json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } });
    let result = server.initialize(capabilities, "ru");
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": URI, "languageId": "python", "version": 1, "text": SOURCE } }),
    );

    let published = server.diagnostics(URI);
    let diagnostic = &published["diagnostics"][0];
    assert_eq!(diagnostic["code"], "CTP101");
    assert!(diagnostic["message"].as_str().unwrap().contains("блокирует цикл событий"));
    assert_eq!(text_in(SOURCE, &diagnostic["range"], true), "time.sleep(1)");

    let hover = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": position_at(SOURCE, "gather", 2, true) }),
    );
    let markdown = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(markdown.starts_with("**конкурентно** · цикл событий — Запускает"), "{markdown}");
    assert!(markdown.contains("\n`asyncio.gather`\n"), "{markdown}");

    let everything = json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 99, "character": 0 } });
    let hints =
        server.request("textDocument/inlayHint", json!({ "textDocument": { "uri": URI }, "range": everything }));
    assert_eq!(hints["result"][0]["label"], "конкурентно · цикл событий");
    assert_eq!(
        hints["result"][0]["position"],
        json!({ "line": 4, "character": "async def cook():  # «повар» 🍲".len() })
    );

    let actions = server.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": diagnostic["range"], "context": { "diagnostics": [diagnostic] } }),
    );
    let fixed = apply_edits(SOURCE, actions["result"][0]["edit"]["changes"][URI].as_array().unwrap(), true);
    assert!(fixed.contains("    await asyncio.sleep(1)\n"));

    // A burst of edits in one write, as fast as a pipe carries them.
    let mut rng = Rng::new(99);
    let mut text = SOURCE.to_owned();
    let mut burst = Vec::new();
    for version in 2..=600 {
        let (change, edited) = random_edit(&text, &mut rng, true);
        text = edited;
        let body = json!({ "jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": { "textDocument": { "uri": URI, "version": version }, "contentChanges": [change] } })
        .to_string();
        burst.extend(format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes());
    }
    server.write_raw(&burst);
    let copy = server.request("concurrencyTutor/documentText", json!({ "uri": URI }));
    assert_eq!(copy["result"]["version"], 600);
    assert_eq!(copy["result"]["text"].as_str().unwrap(), text);

    assert_eq!(server.request("shutdown", Value::Null)["result"], Value::Null);
    server.notify("exit", Value::Null);
    let (code, log) = server.finish();
    assert_eq!(code, 0, "exit after shutdown succeeds; log:\n{log}");
    assert!(log.contains("serving LSP on stdio"), "logs go to stderr:\n{log}");
}

#[test]
fn lsp_subcommand_and_exit_without_shutdown() {
    let mut server = Server::start(&["lsp"], &[]);
    let result = server.initialize(json!({}), "en");
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    server.notify("exit", Value::Null);
    let (code, _) = server.finish();
    assert_eq!(code, 1, "the specification asks for 1 when exit comes without shutdown");
}

#[test]
fn a_panicking_handler_costs_one_response_not_the_session() {
    let mut server = Server::start(&[], &[("CONCURRENCY_TUTOR_FAULT", "hover")]);
    server.initialize(json!({}), "en");
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": URI, "languageId": "python", "version": 1, "text": SOURCE } }),
    );
    let position = json!({ "textDocument": { "uri": URI }, "position": position_at(SOURCE, "gather", 0, false) });
    let failed = server.request("textDocument/hover", position.clone());
    assert_eq!(failed["error"]["code"], -32603, "{failed}");
    assert!(failed["error"]["message"].as_str().unwrap().contains("hover failed"));
    let range = json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 99, "character": 0 } });
    let hints = server.request("textDocument/inlayHint", json!({ "textDocument": { "uri": URI }, "range": range }));
    assert_eq!(hints["result"][0]["label"], "concurrent · event loop");
    assert_eq!(server.request("textDocument/hover", position)["error"]["code"], -32603, "still serving, still failing");
    server.request("shutdown", Value::Null);
    server.notify("exit", Value::Null);
    let (code, log) = server.finish();
    assert_eq!(code, 0);
    assert!(log.contains("hover failed: fault injected"), "the panic is logged:\n{log}");
}

#[test]
fn malformed_messages_and_unknown_methods_get_errors() {
    let mut server = Server::start(&[], &[]);
    server.initialize(json!({}), "en");
    server.write_raw(b"Content-Length: 9\r\n\r\n{not json");
    let parse_error = server.wait_for(|m| m.get("error").is_some());
    assert_eq!(parse_error["error"]["code"], -32700);
    assert_eq!(parse_error["id"], Value::Null);
    server.write_raw(b"Content-Length: 28\r\n\r\n{\"id\": 77, \"jsonrpc\": \"1.0\"}");
    let invalid = server.wait_for(|m| m.get("error").is_some());
    assert_eq!((invalid["error"]["code"].clone(), invalid["id"].clone()), (json!(-32600), json!(77)));
    server.write_raw(b"Content-Length: lots\r\n\r\n");
    assert_eq!(server.wait_for(|m| m.get("error").is_some())["error"]["code"], -32700);
    let unknown = server.request("concurrencyTutor/noSuchMethod", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let wrong_types = server.request("textDocument/hover", json!({ "textDocument": 5 }));
    assert_eq!(wrong_types["error"]["code"], -32602);
    server.request("shutdown", Value::Null);
    server.notify("exit", Value::Null);
    assert_eq!(server.finish().0, 0);
}
