//! 1-based line and column numbers for terminal output, counting characters as editors show
//! them (a Cyrillic letter or an emoji is one column).

pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// Zero-based line index of `offset`.
    pub fn index_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// 1-based line and column of `offset`.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let line = self.index_of(offset);
        (line + 1, self.text[self.starts[line]..offset].chars().count() + 1)
    }

    pub fn start_of(&self, line: usize) -> usize {
        self.starts[line]
    }

    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// The text of a zero-based line, without its terminator.
    pub fn line(&self, line: usize) -> &'a str {
        let end = self.starts.get(line + 1).map_or(self.text.len(), |next| next - 1);
        let content = &self.text[self.starts[line]..end.max(self.starts[line])];
        content.strip_suffix('\r').unwrap_or(content)
    }
}
