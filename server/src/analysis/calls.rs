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

fn query(file: &SourceFile) -> &'static queries::CompiledQuery {
    match file.language() {
        Language::Python => &queries::PYTHON.calls,
        Language::Rust => &queries::RUST.calls,
    }
}

/// The calls among matches already found for the whole file.
pub fn matched<'tree>(file: &SourceFile, matched: &queries::Matched<'tree>) -> Vec<Call<'tree>> {
    let mut calls = Vec::new();
    matched.for_each(query(file), |found| push(&mut calls, &found));
    calls
}

fn push<'tree>(calls: &mut Vec<Call<'tree>>, found: &queries::Match<'_, 'tree>) {
    if let (Some(call), Some(callee)) = (found.get("call"), found.get("callee")) {
        calls.push(Call { call, callee });
    }
}
