//! Stress over stdio against the real binary: ten thousand edits spread over fifty documents,
//! with hover and inlay-hint requests in flight all the while. Every request must be answered
//! (no deadlock), the server's copy of every document must equal the client's, and memory must
//! not keep growing from one round of the same work to the next.

mod common;

use std::collections::HashSet;

use common::stdio::Server;
use common::{Rng, random_edit};
use serde_json::{Value, json};

const DOCUMENTS: usize = 50;
const EDITS_PER_ROUND: usize = 5_000;
const SOURCE: &str = "import asyncio\nimport time\n\n\nasync def cook():  # «повар» 🍲\n    time.sleep(1)\n    await asyncio.gather(a(), b())\n";

fn uri(document: usize) -> String {
    format!("file:///stress/doc{document}.py")
}

fn resident_kib(server: &Server) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    let line = status.lines().find(|line| line.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// One round: every document is reset to `SOURCE`, then edited at random in one long burst
/// with a hover or inlay-hint request after every fifth edit, nobody waiting for answers.
/// Returns once every request has been answered and each copy checked.
fn round(server: &mut Server, rng: &mut Rng, versions: &mut [i64]) {
    let mut texts = vec![SOURCE.to_owned(); DOCUMENTS];
    let mut pending = HashSet::new();
    for (document, version) in versions.iter_mut().enumerate() {
        *version += 1;
        let params = json!({ "textDocument": { "uri": uri(document), "version": *version },
            "contentChanges": [{ "text": SOURCE }] });
        server.notify("textDocument/didChange", params);
    }
    for edit in 0..EDITS_PER_ROUND {
        let document = rng.below(DOCUMENTS);
        let (change, edited) = random_edit(&texts[document], rng, false);
        texts[document] = edited;
        versions[document] += 1;
        let params = json!({ "textDocument": { "uri": uri(document), "version": versions[document] },
            "contentChanges": [change] });
        server.notify("textDocument/didChange", params);
        if edit % 5 == 0 {
            let target = json!({ "uri": uri(rng.below(DOCUMENTS)) });
            let id = if edit % 10 == 0 {
                let position = json!({ "line": rng.below(8), "character": rng.below(30) });
                server.request_later("textDocument/hover", json!({ "textDocument": target, "position": position }))
            } else {
                let range = json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 50, "character": 0 } });
                server.request_later("textDocument/inlayHint", json!({ "textDocument": target, "range": range }))
            };
            pending.insert(id);
        }
    }
    while !pending.is_empty() {
        let answer = server.wait_for(|m| m.get("id").is_some_and(|id| id.is_i64()) && m.get("method").is_none());
        assert!(answer.get("error").is_none(), "{answer}");
        pending.remove(&answer["id"].as_i64().unwrap());
    }
    for (document, text) in texts.iter().enumerate() {
        let copy = server.document_text(&uri(document));
        assert_eq!(copy["version"], versions[document], "document {document}");
        assert!(copy["text"] == text.as_str(), "document {document} drifted:\n{}\n---\n{text}", copy["text"]);
    }
}

#[test]
fn ten_thousand_edits_over_fifty_documents_with_requests_in_flight() {
    let mut server = Server::start(&[], &[]);
    server.initialize(json!({}), "en");
    for document in 0..DOCUMENTS {
        server.open(&uri(document), "python", SOURCE);
    }
    let mut rng = Rng::new(2024);
    let mut versions = vec![1; DOCUMENTS];
    round(&mut server, &mut rng, &mut versions);
    let after_first = resident_kib(&server);
    round(&mut server, &mut rng, &mut versions);
    let after_second = resident_kib(&server);
    eprintln!("VmRSS after rounds: {after_first} KiB, {after_second} KiB");
    // The same work again may reuse memory the allocator kept, but must not need much more.
    let allowed = after_first + after_first / 4 + 16 * 1024;
    assert!(after_second <= allowed, "memory grew from {after_first} KiB to {after_second} KiB over equal rounds");

    // Diagnostics still flow for every document's final version.
    let last = DOCUMENTS - 1;
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(last), "version": versions[last] + 1 },
            "contentChanges": [{ "text": SOURCE }] }),
    );
    let published =
        server.wait_for(|m| m["params"]["uri"] == uri(last).as_str() && m["params"]["version"] == versions[last] + 1);
    assert_eq!(published["params"]["diagnostics"][0]["code"], "CTP101");
    assert_ne!(published["params"]["diagnostics"], Value::Null);
    let log = server.stop();
    assert!(!log.contains("ERROR"), "{log}");
}
