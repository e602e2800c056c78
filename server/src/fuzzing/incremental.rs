//! Target `incremental_edits`: random `didChange` notifications applied to an open document through
//! the server's [`DocumentStore`] (text and syntax tree edited in step, analysis at random
//! moments). The text must always equal what an independent model of the edits gives, and every
//! analysis must equal a fresh parse and analysis of the same text, or for a text with syntax
//! errors carry over the last clean version's results.
//!
//! Input: a flags byte (language, position encoding), the initial text up to a separator, then
//! notifications: a control byte (analyse first? stale version? how many changes), and per
//! change a kind byte (full replacement or range), four position bytes and the new text up to
//! the next separator.

use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

use super::input::Input;
use super::summary::{check, summary};
use crate::analysis::{Language, SourceFile, analyze};
use crate::lsp::line_index::Encoding;
use crate::lsp::store::{ChangeError, DocumentStore};

/// A position byte with this value stands for a position far past the end of the text.
const HUGE: u8 = 0xFE;

pub fn incremental_edits(data: &[u8]) {
    let mut input = Input::new(data);
    let flags = input.byte();
    let (language, language_id, uri) = if flags & 1 == 0 {
        (Language::Python, "python", "file:///fuzz/edited.py")
    } else {
        (Language::Rust, "rust", "file:///fuzz/edited.rs")
    };
    let encoding = if flags & 2 == 0 { Encoding::Utf16 } else { Encoding::Utf8 };
    let uri: Uri = uri.parse().expect("a valid URI");

    let store = DocumentStore::default();
    store.set_encoding(encoding);
    let mut model = input.text();
    let mut version = 1;
    assert!(store.open(uri.clone(), language_id, version, model.clone()));

    while !input.is_empty() {
        let control = input.byte();
        if control & 1 != 0 {
            compare_with_fresh(&store, &uri, language, &model);
        }
        let stale = control & 2 != 0;
        let mut changes = Vec::new();
        for _ in 0..=(control >> 2) % 4 {
            let change = next_change(&mut input, &model, encoding);
            if !stale {
                apply_to_model(&mut model, &change, encoding);
            }
            changes.push(change);
        }
        if stale {
            let sent = version - i32::from(control >> 4 & 1);
            assert_eq!(
                store.change(&uri, sent, &changes),
                Err(ChangeError::Stale { current: version, received: sent })
            );
        } else {
            version += 1 + i32::from(control >> 4);
            store.change(&uri, version, &changes).expect("a newer version of an open document applies");
        }
        assert_eq!(store.text(&uri).as_deref(), Some(model.as_str()), "the text differs from the edits' model");
    }
    compare_with_fresh(&store, &uri, language, &model);
}

fn next_change(input: &mut Input<'_>, model: &str, encoding: Encoding) -> TextDocumentContentChangeEvent {
    let full = input.byte() % 16 == 15;
    let range = if full {
        None
    } else {
        let start = position(input, model, encoding);
        Some(Range::new(start, position(input, model, encoding)))
    };
    TextDocumentContentChangeEvent { range, range_length: None, text: input.text() }
}

/// A position mostly inside the text (or just past a line or the text), sometimes far outside.
fn position(input: &mut Input<'_>, model: &str, encoding: Encoding) -> Position {
    let (line_byte, character_byte) = (input.byte(), input.byte());
    let lines: Vec<&str> = model.split('\n').collect();
    let line = if line_byte == HUGE { u32::MAX } else { u32::from(line_byte) % (lines.len() as u32 + 1) };
    let units = lines.get(line as usize).map_or(0, |content| units(content, encoding));
    let character = if character_byte == HUGE { u32::MAX } else { u32::from(character_byte) % (units as u32 + 3) };
    Position::new(line, character)
}

fn units(text: &str, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => text.len(),
        Encoding::Utf16 => text.encode_utf16().count(),
    }
}

/// What an editor means by a change, written independently of `LineIndex`: a position names
/// the character boundary with exactly that many code units before it on its line; past the
/// line it means the line's end (before `\r\n`), past the text the text's end, and inside a
/// character that character's start. Lines end at `\n`, `\r\n` or a lone `\r`.
fn apply_to_model(model: &mut String, change: &TextDocumentContentChangeEvent, encoding: Encoding) {
    let Some(range) = change.range else {
        model.clone_from(&change.text);
        return;
    };
    let start = model_offset(model, range.start, encoding);
    let end = model_offset(model, range.end, encoding).max(start);
    model.replace_range(start..end, &change.text);
}

fn model_offset(text: &str, position: Position, encoding: Encoding) -> usize {
    // A line's content runs to its `\n`, or to a `\r` that no `\n` follows.
    let content_end = |from: usize| {
        let rest = &text[from..];
        let mut chars = rest.char_indices().peekable();
        while let Some((at, ch)) = chars.next() {
            let lone_cr = ch == '\r' && chars.peek().map(|&(_, next)| next) != Some('\n');
            if ch == '\n' || lone_cr {
                return Some(from + at);
            }
        }
        None
    };
    let mut line_start = 0;
    for _ in 0..position.line {
        match content_end(line_start) {
            Some(end) => line_start = end + 1,
            None => return text.len(),
        }
    }
    let content = &text[line_start..content_end(line_start).unwrap_or(text.len())];
    let boundaries: Vec<(usize, usize)> = content
        .char_indices()
        .map(|(offset, _)| offset)
        .chain([content.len()])
        .map(|offset| (units(&content[..offset], encoding), offset))
        .collect();
    let wanted = position.character as usize;
    if let Some(&(_, offset)) = boundaries.iter().find(|&&(count, _)| count == wanted) {
        return line_start + offset;
    }
    if wanted > units(content, encoding) {
        return line_start + content.strip_suffix('\r').unwrap_or(content).len();
    }
    let &(_, inside) = boundaries.iter().rev().find(|&&(count, _)| count < wanted).expect("0 units precede the line");
    line_start + inside
}

/// The store's analysis (from its incrementally edited tree) against a fresh one of `model`.
/// A version with syntax errors may show the results of the last version without any
/// (`incremental/carry.rs`): then that version is checked against a fresh analysis of its
/// text, and every finding shown must point at the code it pointed at there.
fn compare_with_fresh(store: &DocumentStore, uri: &Uri, language: Language, model: &str) {
    let analyzed = store.analyzed(uri).expect("the document is open");
    assert_eq!(analyzed.file.text(), model);
    check(&analyzed.file, &analyzed.analysis);
    if let Some(base) = &analyzed.clean_base {
        assert!(analyzed.file.root().has_error() && !base.file.root().has_error());
        let fresh = SourceFile::parse(language, base.file.text());
        assert_eq!(summary(&base.analysis), summary(&analyze(&fresh)), "analyses differ for:\n{:?}", base.file.text());
        let quoted =
            |text: &str, finding: &crate::analysis::Finding| (finding.code(), text[finding.range.clone()].to_owned());
        let before: Vec<_> = base.analysis.findings.iter().map(|finding| quoted(base.file.text(), finding)).collect();
        for finding in &analyzed.analysis.findings {
            assert!(before.contains(&quoted(model, finding)), "{finding:?} is not carried over from the clean version");
        }
        return;
    }
    let fresh = SourceFile::parse(language, model);
    assert_eq!(
        analyzed.file.root().to_sexp(),
        fresh.root().to_sexp(),
        "the incrementally parsed tree differs from a fresh parse of:\n{model:?}"
    );
    assert_eq!(summary(&analyzed.analysis), summary(&analyze(&fresh)), "analyses differ for:\n{model:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_follows_the_documented_clamping() {
        let text = "a😀b\r\nжж\n";
        let at = |line, character, encoding| model_offset(text, Position::new(line, character), encoding);
        assert_eq!(at(0, 1, Encoding::Utf16), 1);
        assert_eq!(at(0, 2, Encoding::Utf16), 1, "between surrogates");
        assert_eq!(at(0, 3, Encoding::Utf16), 5);
        assert_eq!(at(0, 5, Encoding::Utf16), 7, "just after the \\r");
        assert_eq!(at(0, 9, Encoding::Utf16), 6, "past the line");
        assert_eq!(at(1, 3, Encoding::Utf8), 10, "inside ж");
        assert_eq!(at(2, 0, Encoding::Utf8), text.len());
        assert_eq!(at(7, 0, Encoding::Utf8), text.len());
        let lone = "x\ry\n";
        assert_eq!(model_offset(lone, Position::new(1, 0), Encoding::Utf8), 2, "a lone \\r ends a line");
        assert_eq!(model_offset(lone, Position::new(0, 5), Encoding::Utf8), 1);
    }
}
