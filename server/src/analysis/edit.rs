//! Text edits in byte offsets, the currency of fixes.

use std::ops::Range;

/// Replace `range` (bytes of the original text) with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl TextEdit {
    pub fn replace(range: Range<usize>, replacement: impl Into<String>) -> Self {
        TextEdit { range, replacement: replacement.into() }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        TextEdit { range: at..at, replacement: text.into() }
    }
}

/// Applies non-overlapping edits given against the same original text. Returns `None` when
/// edits overlap or fall outside the text, rather than producing a mangled result.
pub fn apply(text: &str, edits: &[TextEdit]) -> Option<String> {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut result = String::with_capacity(text.len());
    let mut cursor = 0;
    for edit in sorted {
        if edit.range.start < cursor || edit.range.end > text.len() || edit.range.start > edit.range.end {
            return None;
        }
        result.push_str(text.get(cursor..edit.range.start)?);
        result.push_str(&edit.replacement);
        cursor = edit.range.end;
    }
    result.push_str(text.get(cursor..)?);
    Some(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_edits_in_offset_order() {
        let edits = [TextEdit::replace(6..11, "мир"), TextEdit::insert(0, ">> ")];
        assert_eq!(apply("hello world", &edits).as_deref(), Some(">> hello мир"));
    }

    #[test]
    fn refuses_overlaps_and_bad_ranges() {
        assert_eq!(apply("abc", &[TextEdit::replace(0..2, "x"), TextEdit::replace(1..3, "y")]), None);
        assert_eq!(apply("abc", &[TextEdit::replace(2..9, "x")]), None);
        assert_eq!(apply("жук", &[TextEdit::replace(1..2, "x")]), None);
    }
}
