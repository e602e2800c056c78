//! Conversions for Rust code, and the small syntax helpers they share.

pub mod join_awaits;
pub mod join_set;
pub mod par_iter;
pub mod spawn_kind;
pub mod thread_scope;
pub mod thread_task;
pub mod tokio_mutex;

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

/// Deletes the `use` line that only `callee` needed, once a conversion replaces `callee` with a
/// full path: `use std::thread;` after `thread::spawn` became `tokio::spawn`. Only a plain
/// one-path `use` at the top level is removed, and only when nothing else names what it binds.
pub(crate) fn unused_use(file: &SourceFile, callee: Node<'_>) -> Option<crate::analysis::TextEdit> {
    let head = match callee.kind() {
        "identifier" => callee,
        "scoped_identifier" => {
            let mut head = callee;
            while let Some(path) = head.child_by_field_name("path") {
                head = path;
            }
            head
        }
        _ => return None,
    };
    let name = file.node_text(head);
    let root = file.root();
    let mut cursor = root.walk();
    let declaration = root.named_children(&mut cursor).find(|node| {
        node.kind() == "use_declaration"
            && node.child_by_field_name("argument").is_some_and(|argument| {
                argument.kind() == "scoped_identifier"
                    && argument.child_by_field_name("name").is_some_and(|n| file.node_text(n) == name)
            })
    })?;
    let mut elsewhere = 0;
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node == declaration || node == callee {
            continue;
        }
        elsewhere += usize::from(node.kind() == "identifier" && file.node_text(node) == name);
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    if elsewhere > 0 {
        return None;
    }
    let line = file.line_range(declaration.start_byte());
    let alone = file.text()[line.clone()].trim() == file.node_text(declaration);
    let line_end = file.text()[line.end..].find('\n').map_or(file.text().len(), |at| line.end + at + 1);
    let end = if alone { line_end } else { declaration.end_byte() };
    let start = if alone { line.start } else { declaration.start_byte() };
    Some(crate::analysis::TextEdit::replace(start..end, ""))
}
