//! Conversions for Rust code, and the small syntax helpers they share.

pub mod join_awaits;
pub mod join_set;
pub mod par_iter;
pub mod spawn_kind;
pub mod thread_scope;
pub mod thread_task;

use tree_sitter::Node;

use crate::analysis::SourceFile;
use crate::analysis::names::Names;

/// How to write the item `qualified` (`std::thread::scope`) in this file: the name an import
/// binds to it, or to one of its parent modules (`thread::scope` after `use std::thread;`),
/// else the full path, which needs no `use` line at all.
pub(crate) fn path_to(names: &Names, qualified: &str) -> String {
    if let Some(local) = names.local_name_of(qualified) {
        return local.to_owned();
    }
    let mut end = qualified.len();
    while let Some(at) = qualified[..end].rfind("::") {
        if let Some(local) = names.local_name_of(&qualified[..at]) {
            return format!("{local}{}", &qualified[at..]);
        }
        end = at;
    }
    qualified.to_owned()
}

/// Whether an identifier spelled `name` occurs anywhere in `node`.
pub(crate) fn mentions(file: &SourceFile, node: Node<'_>, name: &str) -> bool {
    let mut stack = vec![node];
    while let Some(current) = stack.pop() {
        if current.kind() == "identifier" && file.node_text(current) == name {
            return true;
        }
        let mut cursor = current.walk();
        stack.extend(current.named_children(&mut cursor));
    }
    false
}

/// A name for a new binding that no identifier in `within` already uses: `base`, `base2`, ….
pub(crate) fn fresh_name(file: &SourceFile, within: Node<'_>, base: &str) -> String {
    let taken = |name: &str| mentions(file, within, name);
    if !taken(base) {
        return base.to_owned();
    }
    (2..).map(|n| format!("{base}{n}")).find(|name| !taken(name)).unwrap_or_default()
}

/// Whether `node` contains a node of one of `kinds`, not looking inside closures, async blocks
/// or nested functions, whose `return`, `?` and `.await` belong to them.
pub(crate) fn contains_outside_closures(node: Node<'_>, kinds: &[&str]) -> bool {
    let mut stack = vec![node];
    while let Some(current) = stack.pop() {
        if kinds.contains(&current.kind()) {
            return true;
        }
        if current != node && matches!(current.kind(), "closure_expression" | "async_block" | "function_item") {
            continue;
        }
        let mut cursor = current.walk();
        stack.extend(current.named_children(&mut cursor));
    }
    false
}

/// Whether `node` contains a string literal spanning lines, which re-indenting would change.
pub(crate) fn has_multiline_string(file: &SourceFile, node: Node<'_>) -> bool {
    let mut stack = vec![node];
    while let Some(current) = stack.pop() {
        if matches!(current.kind(), "string_literal" | "raw_string_literal") && file.node_text(current).contains('\n') {
            return true;
        }
        let mut cursor = current.walk();
        stack.extend(current.named_children(&mut cursor));
    }
    false
}
