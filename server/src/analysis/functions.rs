//! An index of the functions a file defines, for following work sent to them by name.

use std::collections::HashMap;

use tree_sitter::Node;

use super::SourceFile;

/// Every function defined in the file, by name; the first definition in the file wins.
pub fn by_name<'tree>(file: &'tree SourceFile, kind: &str) -> HashMap<&'tree str, Node<'tree>> {
    let mut found = Vec::new();
    let mut stack = vec![file.root()];
    while let Some(node) = stack.pop() {
        if node.kind() == kind {
            if let Some(name) = node.child_by_field_name("name") {
                found.push((file.node_text(name), node));
            }
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    found.sort_by_key(|(_, node)| std::cmp::Reverse(node.start_byte()));
    found.into_iter().collect()
}
