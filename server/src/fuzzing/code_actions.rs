//! Target `code_actions`: every quick fix, and every conversion offered at a random range,
//! must apply cleanly; when the input parsed without errors, the result must too.
//!
//! Input: a language byte, the range as a start (u16) and a length (u8), then the source text.

use std::ops::Range;

use super::input::Input;
use crate::analysis::source::floor_char_boundary;
use crate::analysis::{Language, SourceFile, TextEdit, actions, analyze, edit};
use crate::locale::Locale;

pub fn code_actions(data: &[u8]) {
    let mut input = Input::new(data);
    let language = if input.byte() % 2 == 0 { Language::Python } else { Language::Rust };
    let (start, length) = (usize::from(input.u16()), usize::from(input.byte()));
    let text = input.rest();
    let start = floor_char_boundary(&text, start % (text.len() + 1));
    let range = start..floor_char_boundary(&text, start + length).max(start);

    let file = SourceFile::parse(language, text.as_str());
    let analysis = analyze(&file);
    let parsed = !file.root().has_error();
    for finding in &analysis.findings {
        if let Some(fix) = &finding.fix {
            check_edits(language, &text, parsed, &fix.edits, &format!("the {} fix", finding.code()));
        }
    }
    for conversion in actions::available(&file, &analysis, range.clone()) {
        let what = format!("the conversion {:?} at {range:?}", conversion.title(Locale::En));
        check_edits(language, &text, parsed, &conversion.edits, &what);
    }
}

fn check_edits(language: Language, text: &str, parsed: bool, edits: &[TextEdit], what: &str) {
    for edit in edits {
        super::summary::check_range(text, &edit.range, what);
    }
    let Some(result) = edit::apply(text, edits) else { panic!("{what} does not apply: {edits:?}") };
    if parsed {
        let after = SourceFile::parse(language, result.as_str());
        assert!(!after.root().has_error(), "{what} breaks code that parsed:\n{result}\n{}", first_error(&after));
    }
}

/// Where the first syntax error is, for the panic message.
fn first_error(file: &SourceFile) -> String {
    let mut cursor = file.root().walk();
    let mut range: Option<Range<usize>> = None;
    'walk: loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            range = Some(node.byte_range());
            break;
        }
        if node.has_error() && cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    match range {
        Some(range) => format!("first error at {range:?}: {:?}", &file.text()[range.clone()]),
        None => String::new(),
    }
}
