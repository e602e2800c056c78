//! A node's child by field name, with the field's id found by a hash lookup.
//!
//! `Node::child_by_field_name` has tree-sitter search the grammar's field names one by one
//! with `strncmp` on every call (hundreds of instructions for Python's and Rust's grammars), and
//! name resolution asks for fields of every callee it qualifies. The same id from a table
//! built once per language gives the same child.

use std::sync::LazyLock;

use tree_sitter::Node;

use super::Language;
use super::fast_hash::FastMap;

/// Field ids by name, per language in [`Language`] order.
static IDS: [LazyLock<FastMap<&'static str, u16>>; 2] =
    [LazyLock::new(|| ids(Language::Python)), LazyLock::new(|| ids(Language::Rust))];

fn ids(language: Language) -> FastMap<&'static str, u16> {
    let grammar = language.grammar();
    let count = u16::try_from(grammar.field_count()).expect("fewer than 65536 fields");
    (1..=count).filter_map(|id| Some((grammar.field_name_for_id(id)?, id))).collect()
}

/// `node.child_by_field_name(name)` for a node of a `language` tree.
pub fn child<'tree>(language: Language, node: Node<'tree>, name: &str) -> Option<Node<'tree>> {
    // A name the grammar lacks has no child, as tree-sitter's id 0 has none.
    node.child_by_field_id(*IDS[language as usize].get(name)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::SourceFile;

    #[test]
    fn gives_the_child_tree_sitter_gives() {
        let programs = [
            (Language::Python, "import a.b as c\nx = self.pool.submit(f, y=1)\nfor i in xs:\n    await g(i)\n"),
            (Language::Rust, "use std::thread::{self, spawn as go};\nfn f() { a::b::c(x).await; self.rt.spawn(y); }\n"),
        ];
        for (language, text) in programs {
            let file = SourceFile::parse(language, text);
            let names: Vec<&str> = IDS[language as usize].keys().copied().chain(["no_such_field"]).collect();
            let mut checked = 0;
            let mut stack = vec![file.root()];
            while let Some(node) = stack.pop() {
                for name in &names {
                    assert_eq!(child(language, node, name), node.child_by_field_name(name), "{name} of {node:?}");
                    checked += usize::from(child(language, node, name).is_some());
                }
                stack.extend(node.children(&mut node.walk()));
            }
            assert!(checked > 10, "too few fields found in {text}");
        }
    }
}
