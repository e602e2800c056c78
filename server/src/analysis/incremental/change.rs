//! Where two versions of a text differ: the one span an edit replaced, found from both ends.

use std::ops::Range;

use tree_sitter::{InputEdit, Tree};

use crate::analysis::source::{ceil_char_boundary, floor_char_boundary, input_edit_in};

/// The bytes an edit replaced: `old` in the previous text became `new` in the current one.
#[derive(Debug, Clone)]
pub struct Change {
    pub old: Range<usize>,
    pub new: Range<usize>,
    /// The difference in length.
    pub delta: isize,
    /// The difference in line count.
    pub line_delta: isize,
}

/// What is known of two texts before comparing them: the first `before` bytes of each are the
/// same, and so are the last `after` ([`Change::between_known`]).
/// The default knows nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Same {
    pub before: usize,
    pub after: usize,
}

impl Same {
    /// A text and itself, `len` bytes long.
    pub fn all(len: usize) -> Same {
        Same { before: len, after: len }
    }

    /// What stays known after `range` of the newer text, `len` bytes long before, was
    /// replaced: the bytes before the range, and those after it, are the same as they were.
    pub fn replaced(self, range: Range<usize>, len: usize) -> Same {
        Same { before: self.before.min(range.start), after: self.after.min(len.saturating_sub(range.end)) }
    }
}

impl Change {
    pub fn between(old_text: &str, new_text: &str) -> Change {
        Change::between_known(old_text, new_text, Same::default())
    }

    /// [`Change::between`] for texts known to share the bytes `same` says: only the bytes
    /// between are compared, which for a keystroke in a large file is a few rather than all.
    pub fn between_known(old_text: &str, new_text: &str, same: Same) -> Change {
        let (old_bytes, new_bytes) = (old_text.as_bytes(), new_text.as_bytes());
        let before = same.before.min(old_bytes.len()).min(new_bytes.len());
        let prefix = before + common_prefix(&old_bytes[before..], &new_bytes[before..]);
        let (old_rest, new_rest) = (&old_bytes[prefix..], &new_bytes[prefix..]);
        let after = same.after.min(old_rest.len()).min(new_rest.len());
        let suffix = after + common_suffix(&old_rest[..old_rest.len() - after], &new_rest[..new_rest.len() - after]);
        let old = prefix..old_bytes.len() - suffix;
        let new = prefix..new_bytes.len() - suffix;
        let lines = |bytes: &[u8]| bytes.iter().filter(|&&b| b == b'\n').count() as isize;
        Change {
            delta: new_bytes.len() as isize - old_bytes.len() as isize,
            line_delta: lines(&new_bytes[new.clone()]) - lines(&old_bytes[old.clone()]),
            old,
            new,
        }
    }

    /// No change at all: a text to itself.
    pub fn none() -> Change {
        Change { old: 0..0, new: 0..0, delta: 0, line_delta: 0 }
    }

    /// Where an offset of the old text is in the new one; `None` inside the replaced bytes.
    pub fn map(&self, offset: usize) -> Option<usize> {
        if offset <= self.old.start {
            Some(offset)
        } else if offset >= self.old.end {
            Some(offset.saturating_add_signed(self.delta))
        } else {
            None
        }
    }

    pub fn map_range(&self, range: &Range<usize>) -> Option<Range<usize>> {
        Some(self.map(range.start)?..self.map(range.end)?)
    }

    /// The change as an edit of `tree`, a tree of `old_text`, which makes it a tree to parse
    /// `new_text` from. Widened to whole characters: the bytes compared may differ inside one
    /// (`é` typed over `è`), and the parser's points count whole ones.
    pub fn tree_edit(&self, tree: &Tree, old_text: &str, new_text: &str) -> InputEdit {
        let start = floor_char_boundary(old_text, self.old.start);
        // Past the change, both texts hold the same bytes: a boundary in one is in the other.
        let old_end = ceil_char_boundary(old_text, self.old.end.max(start));
        let new_end = old_end.saturating_add_signed(self.delta);
        input_edit_in(tree, old_text, start..old_end, new_text.get(start..new_end).unwrap_or_default())
    }
}

/// Bytes compared at once while looking for the first difference: comparing slices is a
/// `memcmp`, many times faster than a loop over bytes, and the whole text is compared on each
/// keystroke.
const BLOCK: usize = 64;

/// How many leading bytes `a` and `b` share.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let blocks = a.chunks_exact(BLOCK).zip(b.chunks_exact(BLOCK)).take_while(|(a, b)| a == b).count();
    let start = blocks * BLOCK;
    start + a[start..].iter().zip(&b[start..]).take_while(|(a, b)| a == b).count()
}

/// How many trailing bytes `a` and `b` share.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let blocks = a.rchunks_exact(BLOCK).zip(b.rchunks_exact(BLOCK)).take_while(|(a, b)| a == b).count();
    let end = blocks * BLOCK;
    let (a, b) = (&a[..a.len() - end], &b[..b.len() - end]);
    end + a.iter().rev().zip(b.iter().rev()).take_while(|(a, b)| a == b).count()
}

#[cfg(test)]
mod tests {
    use super::{Change, Same};

    /// The change found by comparing one byte at a time.
    fn byte_by_byte(old: &str, new: &str) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let (old, new) = (old.as_bytes(), new.as_bytes());
        let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        let room = old.len().min(new.len()) - prefix;
        let suffix = old.iter().rev().zip(new.iter().rev()).take(room).take_while(|(a, b)| a == b).count();
        (prefix..old.len() - suffix, prefix..new.len() - suffix)
    }

    /// Edits one after another, as the server receives them between two analyses: what each
    /// leaves alone is all the comparison of the first text with the last needs.
    #[test]
    fn what_edits_leave_alone_is_enough_to_compare() {
        let first: String =
            (0..2000).map(|i| if i % 13 == 0 { '\n' } else { (b'a' + (i % 5) as u8) as char }).collect();
        let mut seed = 7u64;
        let mut below = |bound: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % bound.max(1)
        };
        for _ in 0..200 {
            let (mut text, mut same) = (first.clone(), Same::all(first.len()));
            for _ in 0..1 + below(4) {
                let start = below(text.len() + 1);
                let end = (start + below(5)).min(text.len());
                let inserted = ["", "a", "xy\n", "bbbbb"][below(4)];
                same = same.replaced(start..end, text.len());
                text.replace_range(start..end, inserted);
            }
            let (known, compared) = (Change::between_known(&first, &text, same), Change::between(&first, &text));
            assert_eq!((known.old, known.new, known.line_delta), (compared.old, compared.new, compared.line_delta));
        }
    }

    /// Insertions, deletions and replacements on both sides of every block boundary, in texts
    /// whose repeats make the shortest change ambiguous.
    #[test]
    fn changes_are_found_across_block_boundaries() {
        for length in [0, 1, 63, 64, 65, 127, 128, 129, 300] {
            let old: String = (0..length).map(|i| if i % 7 == 0 { 'x' } else { 'a' }).collect();
            for at in (0..=length).filter(|at| at % 61 < 3 || at % 64 < 2 || length - at < 3) {
                for (removed, inserted) in [(0, "a"), (0, "xyz"), (1, ""), (1, "b"), (3, "aa"), (70, "q")] {
                    let end = (at + removed).min(length);
                    let mut new = old.clone();
                    new.replace_range(at..end, inserted);
                    let change = Change::between(&old, &new);
                    let expected = byte_by_byte(&old, &new);
                    assert_eq!((change.old, change.new), expected, "{length} {at} {removed} {inserted:?}");
                    // Told what the edit left alone, or less, the comparison finds the same.
                    let same = Same::all(length).replaced(at..end, length);
                    for known in [same, Same { before: same.before / 2, after: same.after / 3 }] {
                        let change = Change::between_known(&old, &new, known);
                        assert_eq!((change.old, change.new), expected, "{length} {at} {removed} {inserted:?}");
                    }
                }
            }
        }
    }
}
