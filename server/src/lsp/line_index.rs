//! Conversions between byte offsets and LSP positions in UTF-8 or UTF-16 code units.
//!
//! Out-of-range positions are clamped as the LSP specification asks: a character past the end
//! of its line means the end of that line, a line past the end means the end of the text, and
//! a position inside a character (between the halves of a UTF-16 surrogate pair, or inside a
//! UTF-8 sequence) means that character's start. Lines end at `\n`, `\r\n` or a lone `\r`, the
//! three terminators the specification names. In `\r\n` the `\r` belongs to the terminator when
//! clamping, but stays addressable for clients that show it as content.

use std::ops::Range;

use tower_lsp_server::ls_types::Position;

use crate::analysis::source::floor_char_boundary;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        let bytes = text.as_bytes();
        line_starts.extend((0..bytes.len()).filter(|&i| ends_a_line(bytes, i)).map(|i| i + 1));
        LineIndex { line_starts }
    }

    /// The index of the text after `replaced` (a byte range of the old text) became the
    /// `inserted` bytes of `new_text`: lines before the edit are kept, lines after it moved,
    /// and only the edited bytes scanned again, so typing costs the line count, not the text.
    pub fn edit(&mut self, new_text: &str, replaced: Range<usize>, inserted: usize) {
        let bytes = new_text.as_bytes();
        let (start, inserted_end) = (replaced.start, replaced.start + inserted);
        let delta = inserted as isize - replaced.len() as isize;
        // A line start depends on the byte before it and, after a `\r`, on the byte at it: those
        // starting before the edit keep both bytes, those after the replaced bytes' end and
        // the byte after it keep both too, moved.
        let kept = self.line_starts.partition_point(|&line| line < start.max(1));
        let moved_from = self.line_starts.partition_point(|&line| line <= replaced.end);
        let moved: Vec<usize> =
            self.line_starts[moved_from..].iter().map(|&line| line.saturating_add_signed(delta)).collect();
        self.line_starts.truncate(kept);
        let scanned = start.max(1) - 1..inserted_end.min(bytes.len());
        self.line_starts.extend(scanned.filter(|&i| ends_a_line(bytes, i)).map(|i| i + 1));
        self.line_starts.extend(moved);
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The zero-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset) - 1
    }

    /// The byte offset of `position`, clamped to the text (see the module docs).
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let line = position.line as usize;
        let Some(&line_start) = self.line_starts.get(line) else {
            return text.len();
        };
        // A `\r` before `\n` is part of the terminator, but clients that keep it as line content
        // (Neovim with `fileformat=unix`) may address the position after it; honour that exactly.
        let with_cr = &text[line_start..self.line_starts.get(line + 1).map_or(text.len(), |next| next - 1)];
        let wanted = position.character as usize;
        let mut units = 0;
        for (offset, ch) in with_cr.char_indices() {
            if units >= wanted {
                return line_start + offset;
            }
            let width = match encoding {
                Encoding::Utf8 => ch.len_utf8(),
                Encoding::Utf16 => ch.len_utf16(),
            };
            if units + width > wanted {
                return line_start + offset;
            }
            units += width;
        }
        if units == wanted { line_start + with_cr.len() } else { self.line_end(text, line) }
    }

    /// The position of `offset`, which is clamped to the text and moved back to a character
    /// boundary if it falls inside one.
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let offset = floor_char_boundary(text, offset);
        let line = self.line_of(offset);
        let prefix = &text[self.line_starts[line]..offset];
        let character = match encoding {
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => prefix.encode_utf16().count(),
        };
        Position::new(line as u32, character as u32)
    }

    /// The end of a line's content, before `\n`, `\r\n` or a lone `\r`.
    fn line_end(&self, text: &str, line: usize) -> usize {
        let end = self.line_starts.get(line + 1).map_or(text.len(), |next| next - 1);
        let content = &text[self.line_starts[line]..end];
        self.line_starts[line] + content.strip_suffix('\r').unwrap_or(content).len()
    }
}

/// Whether the byte at `i` is the last of a line terminator: every terminator is one byte
/// long once a `\r\n` pair is counted at its `\n`.
fn ends_a_line(bytes: &[u8], i: usize) -> bool {
    bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    // "é" is 2 UTF-8 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 units (a surrogate pair).
    const TEXT: &str = "# Параллелизм 😀 x\r\nasync def f():\n";

    fn round_trip(offset: usize, encoding: Encoding) -> Position {
        let index = LineIndex::new(TEXT);
        let position = index.position(TEXT, offset, encoding);
        assert_eq!(index.offset(TEXT, position, encoding), offset);
        position
    }

    #[test]
    fn cyrillic_and_emoji_in_both_encodings() {
        let x = TEXT.find('x').unwrap();
        // "# " (2) + 11 Cyrillic letters + " " + emoji + " "
        assert_eq!(round_trip(x, Encoding::Utf16), Position::new(0, 2 + 11 + 1 + 2 + 1));
        assert_eq!(round_trip(x, Encoding::Utf8), Position::new(0, 2 + 22 + 1 + 4 + 1));
        let emoji = TEXT.find('😀').unwrap();
        assert_eq!(round_trip(emoji, Encoding::Utf16), Position::new(0, 14));
        let def = TEXT.find("def").unwrap();
        assert_eq!(round_trip(def, Encoding::Utf16), Position::new(1, 6));
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let text = "a = 1\rб = 2\r\nc\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        let b = text.find('б').unwrap();
        assert_eq!(index.position(text, b, Encoding::Utf16), Position::new(1, 0));
        assert_eq!(index.offset(text, Position::new(1, 0), Encoding::Utf16), b);
        assert_eq!(index.offset(text, Position::new(0, 99), Encoding::Utf16), 5, "the end of line 0 is before its \\r");
        assert_eq!(index.offset(text, Position::new(1, 99), Encoding::Utf8), text.find("\r\n").unwrap());
        assert_eq!(index.position(text, text.find('c').unwrap(), Encoding::Utf8), Position::new(2, 0));
    }

    #[test]
    fn positions_inside_characters_snap_to_their_start() {
        let index = LineIndex::new(TEXT);
        let emoji = TEXT.find('😀').unwrap();
        assert_eq!(index.offset(TEXT, Position::new(0, 15), Encoding::Utf16), emoji, "between surrogates");
        assert_eq!(index.offset(TEXT, Position::new(0, 3), Encoding::Utf8), 2, "inside П");
        assert_eq!(index.position(TEXT, emoji + 1, Encoding::Utf16), Position::new(0, 14));
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let index = LineIndex::new(TEXT);
        let first_line_end = TEXT.find('\r').unwrap();
        assert_eq!(index.offset(TEXT, Position::new(0, 999), Encoding::Utf16), first_line_end);
        assert_eq!(index.offset(TEXT, Position::new(2, 0), Encoding::Utf16), TEXT.len());
        assert_eq!(index.offset(TEXT, Position::new(99, 5), Encoding::Utf16), TEXT.len());
        assert_eq!(index.position(TEXT, 10_000, Encoding::Utf16), Position::new(2, 0));
    }

    #[test]
    fn carriage_return_is_addressable_but_not_a_clamp_target() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, Position::new(0, 2), Encoding::Utf16), 2);
        assert_eq!(index.offset(text, Position::new(0, 3), Encoding::Utf16), 3, "after the \\r");
        assert_eq!(index.offset(text, Position::new(0, 4), Encoding::Utf16), 2, "past the line: its content end");
    }

    /// Edits that make and break `\r\n` pairs, at the start, the end and across lines, in
    /// text with Cyrillic and emoji: the edited index is the one built afresh.
    #[test]
    fn an_edited_index_is_the_index_of_the_edited_text() {
        let pieces = ["\r", "\n", "\r\n", "a", "б", "😀", "", "xy\n"];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |below: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % below as u64) as usize
        };
        let mut text = String::from("a\r\nб\rc\n😀\n");
        let mut index = LineIndex::new(&text);
        for _ in 0..5_000 {
            let boundaries: Vec<usize> = (0..=text.len()).filter(|&at| text.is_char_boundary(at)).collect();
            let (a, b) = (boundaries[next(boundaries.len())], boundaries[next(boundaries.len())]);
            let replaced = a.min(b)..a.max(b).min(a.min(b) + 6);
            let replaced =
                replaced.start..(replaced.start..=replaced.end).rev().find(|&end| text.is_char_boundary(end)).unwrap();
            let inserted: String = (0..next(3)).map(|_| pieces[next(pieces.len())]).collect();
            text.replace_range(replaced.clone(), &inserted);
            index.edit(&text, replaced.clone(), inserted.len());
            assert_eq!(
                index.line_starts,
                LineIndex::new(&text).line_starts,
                "after {replaced:?} became {inserted:?}: {text:?}"
            );
            if text.len() > 60 {
                text.truncate(text.char_indices().nth(20).map_or(text.len(), |(at, _)| at));
                index = LineIndex::new(&text);
            }
        }
    }

    #[test]
    fn empty_text() {
        let index = LineIndex::new("");
        assert_eq!(index.offset("", Position::new(0, 4), Encoding::Utf16), 0);
        assert_eq!(index.position("", 0, Encoding::Utf8), Position::new(0, 0));
        assert_eq!(index.line_count(), 1);
    }
}
