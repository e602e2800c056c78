//! Adding imports as part of a fix, in the place a Python programmer would put them.

use tree_sitter::Node;

use crate::analysis::names::Names;
use crate::analysis::{SourceFile, TextEdit};

/// The local name under which `module` can be used, and the edit that imports it when the file
/// does not yet: `asyncio`, or `aio` after `import asyncio as aio`.
pub fn module_reference(file: &SourceFile, names: &Names, module: &str) -> (String, Option<TextEdit>) {
    if let Some(local) = names.local_name_of(module) {
        return (local.to_owned(), None);
    }
    (module.to_owned(), Some(module_statement(file, &format!("import {module}"))))
}

/// A statement at module level, after the imports: `_background_tasks = set()`. A file whose
/// last import has no line break after it gets one first.
pub fn module_statement(file: &SourceFile, statement: &str) -> TextEdit {
    let at = import_insertion_point(file);
    let separator = if at > 0 && !file.text()[..at].ends_with('\n') { "\n" } else { "" };
    TextEdit::insert(at, format!("{separator}{statement}\n"))
}

/// After the last top-level import; with none, after the module docstring and any
/// `from __future__` imports, which must come first.
fn import_insertion_point(file: &SourceFile) -> usize {
    let root = file.root();
    let mut cursor = root.walk();
    let statements: Vec<Node<'_>> = root.named_children(&mut cursor).filter(|n| n.kind() != "comment").collect();
    let last_import = statements.iter().rev().find(|statement| {
        matches!(statement.kind(), "import_statement" | "import_from_statement" | "future_import_statement")
    });
    let after = match last_import {
        Some(import) => Some(*import),
        // A docstring is the file's first statement: a string after a part left out of the
        // tree (`analysis::partial`, which leaves out only definitions) is not one.
        None => statements
            .first()
            .filter(|first| is_docstring(**first) && !file.omits_within(0..first.start_byte()))
            .copied(),
    };
    after.map_or(0, |node| line_after(file, node.end_byte()))
}

fn is_docstring(statement: Node<'_>) -> bool {
    statement.kind() == "expression_statement" && statement.named_child(0).is_some_and(|child| child.kind() == "string")
}

/// The start of the line after the one holding `offset`, or the end of the text.
fn line_after(file: &SourceFile, offset: usize) -> usize {
    let text = file.text();
    text[offset..].find('\n').map_or(text.len(), |newline| offset + newline + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Language;

    fn insert(source: &str) -> (String, Option<String>) {
        let file = SourceFile::parse(Language::Python, source);
        let names = Names::collect(&file);
        let (local, edit) = module_reference(&file, &names, "asyncio");
        (local, edit.map(|edit| crate::analysis::edit::apply(source, &[edit]).unwrap()))
    }

    #[test]
    fn reuses_an_existing_alias() {
        assert_eq!(insert("import asyncio as aio\n"), ("aio".to_owned(), None));
    }

    #[test]
    fn inserts_after_the_last_import() {
        let (_, result) = insert("import os\nfrom time import sleep\n\nx = 1\n");
        assert_eq!(result.unwrap(), "import os\nfrom time import sleep\nimport asyncio\n\nx = 1\n");
    }

    #[test]
    fn inserts_after_docstring_or_at_top() {
        assert_eq!(insert("\"\"\"Doc.\"\"\"\nx = 1\n").1.unwrap(), "\"\"\"Doc.\"\"\"\nimport asyncio\nx = 1\n");
        assert_eq!(insert("x = 1\n").1.unwrap(), "import asyncio\nx = 1\n");
        assert_eq!(insert("import os").1.unwrap(), "import os\nimport asyncio\n");
    }
}
