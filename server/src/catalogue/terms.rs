//! Finds concept terms in free text (comments, docstrings, strings): whole words, any case,
//! English or Russian, the longest term that covers the cursor.

use std::ops::Range;

use crate::analysis::source::floor_char_boundary;

/// Lower-cased terms, longest first, each with the index of its concept.
#[derive(Debug, Default)]
pub struct TermIndex {
    terms: Vec<(Vec<char>, usize)>,
    longest_bytes: usize,
}

impl TermIndex {
    pub fn add(&mut self, term: &str, concept: usize) {
        let chars: Vec<char> = term.chars().flat_map(char::to_lowercase).collect();
        // A lower-case letter can take more bytes in its upper-case form; four per char bounds it.
        self.longest_bytes = self.longest_bytes.max(chars.len() * 4);
        // After the terms as long or longer: the order sorting by length would give, without
        // sorting the whole list again for each of hundreds of terms at start-up.
        let at = self.terms.partition_point(|(longer, _)| longer.len() >= chars.len());
        self.terms.insert(at, (chars, concept));
    }

    /// The concept whose term covers `offset` in `text`, and the term's byte range.
    pub fn find(&self, text: &str, offset: usize) -> Option<(usize, Range<usize>)> {
        let window_start = floor_char_boundary(text, offset.saturating_sub(self.longest_bytes));
        let window_end = floor_char_boundary(text, (offset + self.longest_bytes).min(text.len()));
        // Each lower-cased char remembers the byte range of the original char it came from.
        let lowered: Vec<(char, Range<usize>)> = text[window_start..window_end]
            .char_indices()
            .flat_map(|(i, c)| {
                let range = window_start + i..window_start + i + c.len_utf8();
                c.to_lowercase().map(move |lower| (lower, range.clone()))
            })
            .collect();
        for (term, concept) in &self.terms {
            for start in 0..lowered.len().saturating_sub(term.len() - 1) {
                let candidate = &lowered[start..start + term.len()];
                if candidate.iter().map(|(c, _)| c).ne(term.iter()) {
                    continue;
                }
                let range = candidate[0].1.start..candidate[term.len() - 1].1.end;
                if range.contains(&offset) && is_word_boundary(text, range.start, range.end) {
                    return Some((*concept, range));
                }
            }
        }
        None
    }
}

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    !text[..start].chars().next_back().is_some_and(is_word) && !text[end..].chars().next().is_some_and(is_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> TermIndex {
        let mut index = TermIndex::default();
        for (term, concept) in [("event loop", 0), ("цикл событий", 0), ("поток", 1), ("потоки", 1), ("loop", 2)]
        {
            index.add(term, concept);
        }
        index
    }

    #[test]
    fn finds_the_longest_whole_word_term_under_the_cursor() {
        let text = "# The Event Loop runs here; потоки — не Цикл Событий";
        let index = index();
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(index.find(text, at("Loop")), Some((0, at("Event")..at("Event") + "Event Loop".len())));
        assert_eq!(index.find(text, at("токи")), Some((1, at("потоки")..at("потоки") + "потоки".len())));
        assert_eq!(index.find(text, at("Событий")).map(|(c, _)| c), Some(0));
        assert_eq!(index.find(text, at("runs")), None);
    }

    #[test]
    fn requires_word_boundaries() {
        let index = index();
        assert_eq!(index.find("# loops and poolloop", 3), None);
        assert_eq!(index.find("# subпоток", 6), None);
        assert_eq!(index.find("loop", 0), Some((2, 0..4)));
    }
}
