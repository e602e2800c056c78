//! The calls of a file, matched once and shared: name resolution, section finding and the
//! rules all look at calls, and each query pass walks the whole tree.

use tree_sitter::Node;

use super::{Language, SourceFile, queries};

/// A call and the expression naming what it calls: a path, or a method on a receiver.
#[derive(Debug, Clone, Copy)]
pub struct Call<'tree> {
    pub call: Node<'tree>,
    pub callee: Node<'tree>,
}

pub fn collect(file: &SourceFile) -> Vec<Call<'_>> {
    let query = match file.language() {
        Language::Python => &queries::PYTHON.calls,
        Language::Rust => &queries::RUST.calls,
    };
    let mut calls = Vec::new();
    query.for_each_match(file, file.root(), |found| {
        if let (Some(call), Some(callee)) = (found.get("call"), found.get("callee")) {
            calls.push(Call { call, callee });
        }
    });
    calls
}
