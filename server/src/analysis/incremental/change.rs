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

impl Change {
    pub fn between(old_text: &str, new_text: &str) -> Change {
        let (old_bytes, new_bytes) = (old_text.as_bytes(), new_text.as_bytes());
        let prefix = common_prefix(old_bytes, new_bytes);
        let suffix = common_suffix(&old_bytes[prefix..], &new_bytes[prefix..]);
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
    use super::Change;

    /// The change found by comparing one byte at a time.
    fn byte_by_byte(old: &str, new: &str) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let (old, new) = (old.as_bytes(), new.as_bytes());
        let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        let room = old.len().min(new.len()) - prefix;
        let suffix = old.iter().rev().zip(new.iter().rev()).take(room).take_while(|(a, b)| a == b).count();
        (prefix..old.len() - suffix, prefix..new.len() - suffix)
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
                    assert_eq!(
                        (change.old, change.new),
                        byte_by_byte(&old, &new),
                        "{length} {at} {removed} {inserted:?}"
                    );
                }
            }
        }
    }
}
