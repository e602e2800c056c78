//! Walks over every named node of a subtree with one tree cursor.
//!
//! Rules looked for their syntax with a stack and a fresh cursor per node
//! (`stack.extend(node.named_children(&mut node.walk()))`); each cursor allocates, and over a
//! whole large file that walk cost more than the rule's own checks. One cursor, reset for each
//! node, visits the same nodes in the same order.
//!
//! Most of what is left is tree-sitter moving between siblings (hidden grammar nodes make each
//! step cost hundreds of instructions); moving one cursor through the tree in postorder was
//! tried and cost as much. Walks that look for something rare save more by skipping subtrees
//! that cannot hold it (see [`async_free_function`]).

use tree_sitter::Node;

use super::SourceFile;

/// Calls `visit` on `root` and the named nodes below it, in the order of a stack walk: a node
/// before its children, the last child first. Where `visit` returns `false`, the node's children
/// are skipped.
pub fn named_nodes<'tree>(root: Node<'tree>, mut visit: impl FnMut(Node<'tree>) -> bool) {
    let mut cursor = root.walk();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if visit(node) {
            stack.extend(node.named_children(&mut cursor));
        }
    }
}

/// Whether `node` is a function (Python `def`, Rust `fn`) whose text has no `async` at all: no
/// code in it runs as a coroutine or future. Code inside a function runs async only when its
/// innermost function, closure or block is async, which then lies inside the function and
/// spells `async`; so a walk for async code may skip such a function whole.
pub fn async_free_function(file: &SourceFile, node: Node<'_>) -> bool {
    matches!(node.kind(), "function_definition" | "function_item") && !file.node_text(node).contains("async")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Language;

    #[test]
    fn visits_parents_first_and_the_last_child_first() {
        let file = SourceFile::parse(Language::Python, "a = 1\nb(c)\n");
        let mut seen = Vec::new();
        named_nodes(file.root(), |node| {
            seen.push(file.node_text(node).to_owned());
            node.kind() != "assignment"
        });
        assert_eq!(seen, ["a = 1\nb(c)\n", "b(c)", "b(c)", "(c)", "c", "b", "a = 1", "a = 1"]);
    }

    #[test]
    fn functions_without_async_are_async_free() {
        let cases = [
            (Language::Python, "def f():\n    for x in xs:\n        g(x)\n", true),
            (Language::Python, "def f():\n    async def g():\n        pass\n", false),
            (Language::Python, "async def f():\n    pass\n", false),
            (Language::Rust, "fn f() { for x in xs { g(x); } }", true),
            (Language::Rust, "fn f() { let t = async { g().await }; }", false),
            (Language::Rust, "async fn f() {}", false),
        ];
        for (language, text, expected) in cases {
            let file = SourceFile::parse(language, text);
            let function = file.root().named_child(0).unwrap();
            assert_eq!(async_free_function(&file, function), expected, "{text}");
            assert!(!async_free_function(&file, file.root()), "only functions are skipped");
        }
    }
}
