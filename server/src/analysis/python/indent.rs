//! Moving Python lines one level deeper, as conversions that wrap code in a new block (`with`,
//! `async with`, `if __name__ == "__main__":`) must, without touching what indentation cannot
//! change: the inside of multi-line strings.

use std::ops::Range;

use crate::analysis::{SourceFile, TextEdit};

/// One insertion of `unit` at the start of every line that starts in `lines`, skipping blank
/// lines (no trailing whitespace is added) and lines that continue a multi-line string, whose
/// leading spaces are part of the string's value.
pub fn deeper(file: &SourceFile, lines: Range<usize>, unit: &str) -> Vec<TextEdit> {
    let text = file.text();
    let mut edits = Vec::new();
    let mut start = file.line_range(lines.start).start;
    while start < lines.end {
        let line = file.line_range(start);
        if !text[line.clone()].trim().is_empty() && !inside_string(file, start) {
            edits.push(TextEdit::insert(start, unit));
        }
        match text[line.end..].find('\n') {
            Some(newline) => start = line.end + newline + 1,
            None => break,
        }
    }
    edits
}

/// The indentation one level below the header of the statement holding `block`: what `block`
/// is indented by beyond its parent. `None` for a block on its header's line (`def f(): pass`).
pub fn unit(file: &SourceFile, block: tree_sitter::Node<'_>) -> Option<String> {
    let header = block.parent()?;
    let inner = file.indentation_at(block.start_byte());
    let outer = file.indentation_at(header.start_byte());
    let starts_line = file.text()[file.line_range(block.start_byte()).start..block.start_byte()].trim().is_empty();
    let unit = inner.strip_prefix(outer).filter(|unit| !unit.is_empty() && starts_line)?;
    Some(unit.to_owned())
}

/// Whether `offset` lies within a string literal that started before it.
fn inside_string(file: &SourceFile, offset: usize) -> bool {
    let Some(mut node) = file.root().descendant_for_byte_range(offset, offset) else { return false };
    loop {
        if node.kind() == "string" && node.start_byte() < offset && offset < node.end_byte() {
            return true;
        }
        match node.parent() {
            Some(parent) => node = parent,
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Language;

    #[test]
    fn indents_code_but_not_blank_lines_or_string_continuations() {
        let source = "def f():\n    x = 1\n\n    s = \"\"\"a\nb\"\"\"\n    return s\n";
        let file = SourceFile::parse(Language::Python, source);
        let from = source.find("    x").unwrap();
        let edits = deeper(&file, from..source.len(), "    ");
        assert_eq!(
            crate::analysis::edit::apply(source, &edits).unwrap(),
            "def f():\n        x = 1\n\n        s = \"\"\"a\nb\"\"\"\n        return s\n"
        );
    }

    #[test]
    fn unit_is_the_block_indentation_beyond_its_header() {
        let source = "class A:\n  def f(self):\n    pass\n";
        let file = SourceFile::parse(Language::Python, source);
        let class_body = file.root().named_child(0).unwrap().child_by_field_name("body").unwrap();
        assert_eq!(unit(&file, class_body).as_deref(), Some("  "));
        let one_line = SourceFile::parse(Language::Python, "def f(): pass\n");
        let body = one_line.root().named_child(0).unwrap().child_by_field_name("body").unwrap();
        assert_eq!(unit(&one_line, body), None);
    }
}
