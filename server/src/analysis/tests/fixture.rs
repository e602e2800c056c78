//! Parses annotated fixtures.
//!
//! ```text
//! async def main():  
//!     time.sleep(1)
//! #   ^^^^^^^^^^^^^ CTP101
//! ```
//! An annotation is a comment line (`#` or `//`) holding carets; it labels the columns under
//! the carets on the nearest line above that is not an annotation. Columns count characters,
//! so Cyrillic and emoji lines are annotated as they look. Annotations stay in the text: they
//! are comments, so analysis sees them as a user would write them.

use std::ops::Range;

pub struct Fixture {
    pub text: String,
    pub cursor: Option<usize>,
    pub annotations: Vec<(Range<usize>, String)>,
}

pub fn parse(fixture: &str) -> Fixture {
    let fixture = trim_indent(fixture);
    let cursor = fixture.find("$0");
    let text = fixture.replacen("$0", "", 1);
    let mut annotations = Vec::new();
    let mut line_start = 0;
    let mut annotated: Option<(usize, &str)> = None;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        match annotation(content) {
            Some((columns, label)) => {
                let (start, target) = annotated.expect("an annotation needs a line above it");
                let offset_of = |column: usize| {
                    start + target.char_indices().nth(column).map_or(target.len(), |(offset, _)| offset)
                };
                annotations.push((offset_of(columns.start)..offset_of(columns.end), label));
            }
            None => annotated = Some((line_start, content)),
        }
        line_start += line.len();
    }
    Fixture { text, cursor, annotations }
}

/// For an annotation line, the caret columns (in characters) and the label.
fn annotation(line: &str) -> Option<(Range<usize>, String)> {
    let trimmed = line.trim_start();
    let body = trimmed.strip_prefix("//").or_else(|| trimmed.strip_prefix('#'))?;
    let body = body.trim_start();
    if !body.starts_with('^') {
        return None;
    }
    let caret_start = line.chars().position(|c| c == '^')?;
    let caret_len = body.chars().take_while(|&c| c == '^').count();
    let label = body[caret_len..].trim().to_owned();
    Some((caret_start..caret_start + caret_len, label))
}

/// Fixtures are indented to sit in test code; the first line's indentation is removed from all.
pub fn trim_indent(text: &str) -> String {
    let text = text.strip_prefix('\n').unwrap_or(text);
    // The closing quote sits on its own indented line, which is not part of the fixture.
    let text = text.trim_end_matches(' ');
    let indent = text.len() - text.trim_start_matches(' ').len();
    text.lines()
        .map(|line| line.get(indent..).filter(|_| line.starts_with(&" ".repeat(indent))).unwrap_or(line.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn annotations_count_characters_not_bytes() {
    let fixture = parse(
        r#"
        x = "привет"  # 😀 time.sleep
        #                 ^^^^^^^^^^ label here
        "#,
    );
    let (range, label) = &fixture.annotations[0];
    assert_eq!(&fixture.text[range.clone()], "time.sleep");
    assert_eq!(label, "label here");
}
