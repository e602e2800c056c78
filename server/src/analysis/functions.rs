//! An index of the functions a file defines, for following work sent to them by name. Built
//! once per analysis and shared: name resolution, sections and several rules all consult it.

use std::collections::HashMap;

use tree_sitter::Node;

use super::{Language, SourceFile, queries};

/// Functions by name; the first definition in the file wins.
pub type Functions<'tree> = HashMap<&'tree str, Node<'tree>>;

/// Every function the file defines, by name, from a walk of its own: what the index from the
/// query matches ([`matched`], which analyses use) is checked against.
#[cfg(test)]
fn index(file: &SourceFile) -> Functions<'_> {
    let kind = match file.language() {
        Language::Python => "function_definition",
        Language::Rust => "function_item",
    };
    by_name(file, kind)
}

/// The same index from the file's query matches, which already walked the whole tree.
pub fn matched<'tree>(file: &'tree SourceFile, matched: &queries::Matched<'tree>) -> Functions<'tree> {
    let query = match file.language() {
        Language::Python => &queries::PYTHON.functions,
        Language::Rust => &queries::RUST.functions,
    };
    let mut found = Functions::new();
    matched.for_each(query, |m| {
        if let (Some(name), Some(function)) = (m.get("name"), m.get("function")) {
            let earliest = found.entry(file.node_text(name)).or_insert(function);
            if function.start_byte() < earliest.start_byte() {
                *earliest = function;
            }
        }
    });
    found
}

/// Every node of `kind` with a `name` field, by name; the first in the file wins.
pub fn by_name<'tree>(file: &'tree SourceFile, kind: &str) -> Functions<'tree> {
    let mut found = Functions::new();
    // Comparing ids spares a name lookup per node.
    let kind_id = file.tree().language().id_for_node_kind(kind, true);
    // A cursor walk in document order allocates nothing per node, unlike collecting children.
    let mut cursor = file.root().walk();
    loop {
        let node = cursor.node();
        if node.kind_id() == kind_id {
            if let Some(name) = node.child_by_field_name("name") {
                found.entry(file.node_text(name)).or_insert(node);
            }
        }
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return found;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_definition_wins_at_any_depth() {
        let text = "def f(): pass\nclass A:\n    def g(self):\n        def f(): pass\ndef g(): pass\n";
        let file = SourceFile::parse(Language::Python, text);
        let functions = index(&file);
        assert_eq!(functions["f"].start_byte(), 0);
        assert_eq!(functions["g"].start_byte(), text.find("def g(self)").unwrap());
        assert_eq!(functions.len(), 2);
        let from_matches = matched(&file, &queries::Matched::collect(&file));
        assert_eq!(from_matches, functions);
    }
}
