//! Where a function's declaration ends in its text, for `check`'s partial parse
//! ([`crate::analysis::partial`]). What a call reads of the function it calls is its header:
//! `async`, decorators, parameters, return annotation. A function read for nothing else is
//! parsed up to the end of the first statement of its body, the least a definition needs to
//! parse, instead of whole.

use std::ops::Range;

use super::regions::{first_word, is_word, memchr_newline, skip_string, word_at};

/// Where the declaration of the function item at `range` (decorators, header, first statement
/// of the body) ends. `None` when the item is no function, when cutting it saves nothing
/// (its body starts on the header's line, or holds one statement), when the first statement
/// opens a block of its own (which would need its body too), or when the scan is unsure of the
/// text (a string or bracket left open).
pub fn end(text: &str, range: &Range<usize>) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut index = range.start;
    let mut in_body = false;
    while index < range.end {
        let line = logical_line(bytes, index, range.end)?;
        index = line.end;
        let (Some(first), Some(last)) = (line.first, line.last) else { continue };
        if in_body {
            return (last != b':' && line.end < range.end).then_some(line.end);
        }
        match first_word(bytes, first) {
            _ if bytes[first] == b'@' => continue,
            b"def" | b"async" if last == b':' => in_body = true,
            _ => return None,
        }
    }
    None
}

/// A logical line: lines joined by brackets and backslashes.
struct Line {
    /// Just past its line break, or the limit of the scan.
    end: usize,
    /// Its first byte of code, and its last: `None` for a line of blanks and comments.
    first: Option<usize>,
    last: Option<u8>,
}

/// The logical line starting at `start`, scanned no further than `limit`. `None` when the scan
/// cannot be sure of it: a string or bracket still open at `limit`, a bracket closed that was
/// never opened.
fn logical_line(bytes: &[u8], start: usize, limit: usize) -> Option<Line> {
    let (mut index, mut depth) = (start, 0usize);
    let mut line = Line { end: limit, first: None, last: None };
    while index < limit {
        let code = index;
        match bytes[index] {
            b'\n' if depth == 0 => {
                line.end = index + 1;
                return Some(line);
            }
            b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' => {
                index += 1;
                continue;
            }
            b'#' => {
                index = memchr_newline(bytes, index);
                continue;
            }
            // Outside strings a backslash only joins lines (`\r\n` is one line break).
            b'\\' => {
                index += if bytes.get(index + 1) == Some(&b'\r') { 3 } else { 2 };
                continue;
            }
            b'"' | b'\'' => index = skip_string(bytes, index, false)?,
            b'(' | b'[' | b'{' => {
                depth += 1;
                index += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                index += 1;
            }
            byte if is_word(byte) => {
                let prefixed;
                (index, prefixed) = word_at(bytes, index);
                if let Some(formatted) = prefixed {
                    index = skip_string(bytes, index, formatted)?;
                }
            }
            _ => index += 1,
        }
        line.first.get_or_insert(code);
        line.last = Some(bytes[index - 1]);
    }
    (depth == 0 && index == limit).then_some(line)
}

#[cfg(test)]
mod tests {
    use super::end;
    use crate::analysis::{Language, SourceFile};

    /// The text [`end`] keeps of the one item in `text`, if it cuts it; what it keeps must
    /// parse.
    fn kept(text: &str) -> Option<&str> {
        let kept = &text[..end(text, &(0..text.len()))?];
        let parsed = SourceFile::parse(Language::Python, kept.trim_start());
        assert!(!parsed.root().has_error(), "{kept}");
        Some(kept)
    }

    #[test]
    fn keeps_the_header_and_the_first_statement() {
        let text = "@retry(times=3,\n       delay=\"):\")\nasync def fetch(url: str,  # the address\n                timeout=(1, 2)) -> 'Page':\n    \"\"\"Fetches.\n\n    def not_code():\n    \"\"\"\n    page = get(url)\n    return page\n";
        assert_eq!(kept(text), Some(&text[..text.find("    page").unwrap()]));
        let text = "def f(x):\r\n\r\n    # first\r\n    y = g(x) \\\r\n        + 1\r\n    return y\r\n";
        assert_eq!(kept(text), Some(&text[..text.find("    return").unwrap()]));
        let member = "    def method(self):\n        self.x = f'{1:>{width}}'\n        pass\n";
        assert_eq!(kept(member), Some("    def method(self):\n        self.x = f'{1:>{width}}'\n"));
    }

    #[test]
    fn keeps_everything_when_a_cut_saves_nothing_or_would_not_parse() {
        let whole = [
            // The body's first statement opens a block.
            "def f(xs):\n    for x in xs:\n        g(x)\n    return 1\n",
            // The body is on the header's line, or is one statement.
            "def f(): return 1\n",
            "def f():\n    return 1\n",
            // Not a function.
            "class A:\n    x = 1\n    y = 2\n",
            "x = 1\ny = 2\n",
            // Unsure: a string or a bracket left open.
            "def f():\n    x = '''\n    y = 1\n",
            "def f(:\n    x = (1\n    y = 1\n",
        ];
        for text in whole {
            assert_eq!(kept(text), None, "{text}");
        }
        // A compound statement on one line is complete, even where a clause follows.
        let text = "def f():\n    if x: return 1\n    else:\n        return 2\n";
        assert_eq!(kept(text), Some("def f():\n    if x: return 1\n"));
    }
}
