//! Helpers shared by the integration tests: an independent implementation of what an editor
//! does with LSP positions and edits, so the server is never checked against its own code.

#![allow(dead_code)]

pub mod stdio;

use serde_json::Value;

/// Where each line starts: after every `\n`, and after every `\r` that no `\n` follows (the
/// specification's three line ends are `\n`, `\r\n` and `\r`).
fn line_starts(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut starts = vec![0];
    for (index, &(offset, ch)) in chars.iter().enumerate() {
        let lone_cr = ch == '\r' && chars.get(index + 1).map(|&(_, next)| next) != Some('\n');
        if ch == '\n' || lone_cr {
            starts.push(offset + 1);
        }
    }
    starts
}

/// The byte offset of an LSP position, counting `character` in UTF-16 units or UTF-8 bytes.
pub fn offset_of(text: &str, line: u64, character: u64, utf8: bool) -> usize {
    let starts = line_starts(text);
    let Some(&line_start) = starts.get(line as usize) else { return text.len() };
    let line_end = starts.get(line as usize + 1).map_or(text.len(), |next| next - 1);
    let mut units = 0u64;
    for (offset, ch) in text[line_start..line_end].char_indices() {
        if units >= character {
            return line_start + offset;
        }
        units += if utf8 { ch.len_utf8() } else { ch.len_utf16() } as u64;
    }
    line_end
}

/// The LSP position of a byte offset.
pub fn position_of(text: &str, offset: usize, utf8: bool) -> Value {
    let starts = line_starts(text);
    let line = starts.partition_point(|&start| start <= offset) - 1;
    let line_text = &text[starts[line]..offset];
    let character = if utf8 { line_text.len() } else { line_text.encode_utf16().count() };
    serde_json::json!({ "line": line, "character": character })
}

/// The position of the first occurrence of `needle`, plus `delta` bytes.
pub fn position_at(text: &str, needle: &str, delta: usize, utf8: bool) -> Value {
    let offset = text.find(needle).unwrap_or_else(|| panic!("`{needle}` not in the text")) + delta;
    position_of(text, offset, utf8)
}

/// The text an LSP range covers.
pub fn text_in(text: &str, range: &Value, utf8: bool) -> String {
    let (start, end) = range_offsets(text, range, utf8);
    text[start..end].to_owned()
}

fn range_offsets(text: &str, range: &Value, utf8: bool) -> (usize, usize) {
    let point = |p: &Value| offset_of(text, p["line"].as_u64().unwrap(), p["character"].as_u64().unwrap(), utf8);
    (point(&range["start"]), point(&range["end"]))
}

/// Applies LSP `TextEdit`s (all relative to `text`), as an editor applies a workspace edit.
pub fn apply_edits(text: &str, edits: &[Value], utf8: bool) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|edit| {
            let (start, end) = range_offsets(text, &edit["range"], utf8);
            (start, end, edit["newText"].as_str().unwrap())
        })
        .collect();
    spans.sort_by_key(|&(start, end, _)| (start, end));
    let mut result = text.to_owned();
    for &(start, end, new_text) in spans.iter().rev() {
        result.replace_range(start..end, new_text);
    }
    result
}

/// A small deterministic generator, so a failing random test can be replayed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound.max(1) as u64) as usize
    }
}

/// A random edit of `text`: a range on character boundaries and a replacement with ASCII,
/// Cyrillic, emoji and newlines. Returns the LSP change event and the edited text.
pub fn random_edit(text: &str, rng: &mut Rng, utf8: bool) -> (Value, String) {
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    let a = boundaries[rng.below(boundaries.len())];
    let b = boundaries[rng.below(boundaries.len())];
    let (start, end) = (a.min(b), a.max(b));
    let end = start + (end - start).min(40);
    let end = (end..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap();
    const PIECES: &[&str] =
        &["x", "await ", "time.sleep(1)", "\n    ", "поток", "😀", "#", "", "é", "\r\n", "\r", "async def f():\n"];
    let replacement: String = (0..rng.below(3)).map(|_| PIECES[rng.below(PIECES.len())]).collect();
    let change = serde_json::json!({
        "range": { "start": position_of(text, start, utf8), "end": position_of(text, end, utf8) },
        "text": replacement,
    });
    let mut edited = text.to_owned();
    edited.replace_range(start..end, &replacement);
    (change, edited)
}
