#!/usr/bin/env python3
"""Builds starting inputs for the fuzz targets from the repository's own test programs.

Usage: python3 make_seeds.py OUT_DIR. Writes OUT_DIR/<target>/<name> for every target. The
fuzzer grows and `cargo fuzz cmin` minimises the corpus; only the minimised corpus is committed.
"""
import json
import pathlib
import random
import re
import struct
import sys

SERVER = pathlib.Path(__file__).resolve().parents[2]
SEPARATOR = b"\xff"


def programs():
    """(is_rust, text, cursor or None) for the analysis fixtures and the small test programs."""
    raw = re.compile(r'r#+"(.*?)"#+', re.S)
    for path in sorted((SERVER / "src/analysis/tests").glob("*.rs")):
        for text in raw.findall(path.read_text()):
            if len(text) < 20:
                continue
            is_rust = bool(re.search(r"\bfn \w|\blet \w|::", text)) and "def " not in text
            cursor = text.find("$0")
            yield is_rust, text.replace("$0", ""), (cursor if cursor >= 0 else None)
    for folder, is_rust in [("tests/corpus/python", False), ("tests/corpus/rust", True), ("tests/rust_fixes/programs", True)]:
        for path in sorted((SERVER / folder).iterdir()):
            if path.suffix in (".py", ".rs") and path.stat().st_size < 2500:
                yield is_rust, path.read_text(), None


def lsp_session(text, is_rust, utf8, rng):
    uri = "file:///fuzz/seed." + ("rs" if is_rust else "py")
    lines = text.split("\n")
    def pos():
        line = rng.randrange(len(lines))
        return {"line": line, "character": rng.randrange(len(lines[line]) + 1)}
    caps = {"general": {"positionEncodings": ["utf-8"] if utf8 else ["utf-16"]}}
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": caps, "locale": rng.choice(["en", "ru"])}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "rust" if is_rust else "python", "version": 1, "text": text}}},
        {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": pos()}},
        {"jsonrpc": "2.0", "id": 3, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": uri}, "range": {"start": pos(), "end": pos()}, "context": {"diagnostics": []}}},
        {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": {"start": pos(), "end": pos()}, "text": "x\n"}]}},
        {"jsonrpc": "2.0", "id": 4, "method": "textDocument/inlayHint", "params": {"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": len(lines), "character": 0}}}},
        {"jsonrpc": "2.0", "id": 5, "method": "textDocument/diagnostic", "params": {"textDocument": {"uri": uri}}},
        {"jsonrpc": "2.0", "id": 6, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    out = b""
    for message in messages:
        body = json.dumps(message, ensure_ascii=False).encode()
        out += b"Content-Length: %d\r\n\r\n" % len(body) + body
    return out


def edits(text, rng):
    out = b""
    for _ in range(rng.randrange(1, 6)):
        out += bytes([rng.randrange(256) & 0b1101])  # control: analyse first, count, version step
        for _ in range(((out[-1] >> 2) % 4) + 1):
            out += bytes([rng.randrange(15)] + [rng.randrange(40) for _ in range(4)])
            out += rng.choice([b"", b"x", b"await ", b"\n    ", b"async ", b")", b"\xd0\xb6", b"\xf0\x9f\x98\x80", b"\r\n"]) + SEPARATOR
    return out


def main():
    out = pathlib.Path(sys.argv[1])
    for target in ["analyze", "code_actions", "incremental_edits", "framing"]:
        (out / target).mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    for i, (is_rust, text, cursor) in enumerate(programs()):
        data = text.encode()
        (out / "analyze" / f"p{i}").write_bytes(data)
        start = cursor if cursor is not None else rng.randrange(len(data) + 1)
        header = bytes([int(is_rust)]) + struct.pack("<H", start % 65536) + bytes([0 if cursor is not None else rng.randrange(64)])
        (out / "code_actions" / f"p{i}").write_bytes(header + data)
        flags = bytes([int(is_rust) | (rng.randrange(2) << 1)])
        (out / "incremental_edits" / f"p{i}").write_bytes(flags + data + SEPARATOR + edits(text, rng))
        if i % 4 == 0:
            (out / "framing" / f"p{i}").write_bytes(lsp_session(text, is_rust, rng.randrange(2) == 1, rng))


if __name__ == "__main__":
    main()
