//! `std::sync::Mutex` → `tokio::sync::Mutex`, the other way out of CTR301 (a guard held across
//! `.await`) besides dropping the guard first: tokio's lock is awaited instead of blocking the
//! thread, and its guard may be held across `.await` and sent between threads.
//!
//! A mutex's type must change wherever it is written, so the conversion works on the whole
//! file: every `std::sync::Mutex` in types and constructors, its `use`, and every
//! `.lock().unwrap()` (or `.expect(..)`) on it, which becomes `.lock().await`. It is offered on
//! a guard CTR301 reports, only when the file builds its mutexes itself, uses tokio, and locks
//! them only in async code in that plain form; APIs tokio's mutex lacks or types differently
//! (poisoning, `MutexGuard`, `Condvar`, `try_lock`, `into_inner`, statics) keep it away.
//! Unsafe: other files may still pass or expect the std type, and a lock now waits in the
//! queue of a fair mutex instead of blocking.

use tree_sitter::Node;

use crate::analysis::actions::{Context, Conversion};
use crate::analysis::calls::Call;
use crate::analysis::names::Names;
use crate::analysis::rust::scope;
use crate::analysis::source::ancestor;
use crate::analysis::{SourceFile, TextEdit};
use crate::locale::Bilingual;

const STD_MUTEX: &str = "std::sync::Mutex";
const TOKIO_MUTEX: &str = "tokio::sync::Mutex";

/// Words whose presence means some use of the std mutex has no direct tokio counterpart.
const UNCONVERTIBLE: &[&str] =
    &["MutexGuard", "Condvar", "PoisonError", "LockResult", "TryLockError", "try_lock", "is_poisoned", "clear_poison"];

/// Mutex methods that return a `LockResult` in std but the value itself in tokio; other types
/// have methods of these names too, so only calls on a std mutex count.
const DIFFERENTLY_TYPED: &[&str] = &["into_inner", "get_mut"];

pub fn find(context: &Context<'_>, conversions: &mut Vec<Conversion>) {
    let Context { file, names, analysis, range, calls, .. } = context;
    let at_reported_guard = analysis.findings.iter().filter(|f| f.code() == "CTR301").any(|finding| {
        let statement = file
            .root()
            .descendant_for_byte_range(finding.range.start, finding.range.end)
            .and_then(|call| ancestor(call, &["let_declaration"]))
            .map_or(finding.range.clone(), |statement| statement.byte_range());
        statement.start <= range.end
            && range.start <= statement.end
            && file.text()[finding.range.clone()].ends_with(".lock()")
    });
    if !at_reported_guard || !names.uses_crate(file, "tokio") {
        return;
    }
    let text = file.text();
    if UNCONVERTIBLE.iter().any(|word| text.contains(word)) {
        return;
    }
    if calls.iter().any(|call| on_mutex_with_other_type(context, *call)) {
        return;
    }
    let Some(mut edits) = lock_edits(context, calls) else { return };
    let Some(path_edits) = path_edits(context) else { return };
    edits.extend(path_edits);
    conversions.push(Conversion {
        title: Bilingual::new(
            "Use `tokio::sync::Mutex` in this file, locked with `.lock().await`",
            "Использовать в этом файле `tokio::sync::Mutex` с `.lock().await`",
        ),
        subject: String::new(),
        edits,
        safe: false,
    });
}

/// `m.into_inner()` or `self.state.get_mut()` on a std mutex (a variable of that type, or a
/// struct field declared with it).
fn on_mutex_with_other_type(context: &Context<'_>, Call { callee, .. }: Call<'_>) -> bool {
    let Context { file, names, .. } = context;
    let (Some(receiver), Some(method)) = (callee.child_by_field_name("value"), callee.child_by_field_name("field"))
    else {
        return false;
    };
    if callee.kind() != "field_expression" || !DIFFERENTLY_TYPED.contains(&file.node_text(method)) {
        return false;
    }
    match receiver.kind() {
        "identifier" => names.qualify(file, receiver).as_deref() == Some(STD_MUTEX),
        "field_expression" => receiver
            .child_by_field_name("field")
            .is_some_and(|field| mutex_fields(file, names).contains(&file.node_text(field))),
        _ => true,
    }
}

/// Names of struct fields whose declared type mentions the std mutex.
fn mutex_fields<'a>(file: &'a SourceFile, names: &Names) -> Vec<&'a str> {
    let mut fields = Vec::new();
    let mut stack = vec![file.root()];
    while let Some(node) = stack.pop() {
        if node.kind() == "field_declaration"
            && node.child_by_field_name("type").is_some_and(|t| mentions_mutex(file, names, t))
        {
            fields.extend(node.child_by_field_name("name").map(|name| file.node_text(name)));
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    fields
}

/// `.lock().unwrap()` → `.lock().await` at every lock of a std mutex, all in async code; `None`
/// when a lock is elsewhere, in another form, or on a receiver whose type is unknown.
fn lock_edits(context: &Context<'_>, calls: &[Call<'_>]) -> Option<Vec<TextEdit>> {
    let Context { file, names, .. } = context;
    let mut edits = Vec::new();
    let mut constructed = false;
    for &Call { call, callee } in calls {
        let entry = names.resolve_api(file, callee);
        let id = entry.map(|entry| entry.id.as_str());
        if callee.kind() != "field_expression" {
            constructed |= names
                .qualify(file, callee)
                .is_some_and(|path| path == format!("{STD_MUTEX}::new") || path == format!("{STD_MUTEX}::default"));
            continue;
        }
        let method = callee.child_by_field_name("field").map(|field| file.node_text(field));
        if method != Some("lock") {
            continue;
        }
        match id {
            Some("std::sync::Mutex::lock") => {}
            // A lock on something known to be another type.
            Some(_) => continue,
            None => return None,
        }
        if !scope::in_async_code(call) {
            return None;
        }
        let unwrap = call
            .parent()
            .filter(|p| p.kind() == "field_expression")
            .filter(|p| {
                p.child_by_field_name("field").is_some_and(|f| matches!(file.node_text(f), "unwrap" | "expect"))
            })
            .and_then(|p| p.parent())
            .filter(|p| p.kind() == "call_expression")?;
        edits.push(TextEdit::replace(call.end_byte()..unwrap.end_byte(), ".await"));
    }
    (constructed && !edits.is_empty()).then_some(edits)
}

/// Every path that names the std mutex, and the `use` that imports it.
fn path_edits(context: &Context<'_>) -> Option<Vec<TextEdit>> {
    let Context { file, names, .. } = context;
    let mut edits = Vec::new();
    let mut imported = false;
    let mut stack = vec![file.root()];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "use_declaration" => {
                let text = file.node_text(node);
                if text.contains('*') && (text.contains("sync") || text.contains("std::")) {
                    return None;
                }
                let changed = use_edits(file, names, node);
                imported |= !changed.is_empty();
                edits.extend(changed);
                continue;
            }
            // Statics need a `const` constructor, which tokio's mutex has only with extra features.
            "static_item" | "const_item" if mentions_mutex(file, names, node) => return None,
            "scoped_identifier" | "scoped_type_identifier"
                if names.qualify(file, node).as_deref() == Some(STD_MUTEX) =>
            {
                edits.push(TextEdit::replace(node.byte_range(), TOKIO_MUTEX));
                continue;
            }
            _ => {}
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    // An import of the std mutex this file cannot rewrite would leave both types in play.
    let bound = names.local_name_of(STD_MUTEX).is_some();
    (bound == imported).then_some(edits)
}

fn mentions_mutex(file: &SourceFile, names: &Names, node: Node<'_>) -> bool {
    let local = names.local_name_of(STD_MUTEX).unwrap_or("Mutex");
    file.node_text(node).contains(local) || file.node_text(node).contains(STD_MUTEX)
}

/// `use std::sync::Mutex;` → `use tokio::sync::Mutex;`; in a group (`use std::sync::{Arc,
/// Mutex};`) the name leaves the group and gets a `use` of its own after it.
fn use_edits(file: &SourceFile, names: &Names, declaration: Node<'_>) -> Vec<TextEdit> {
    let mut edits = Vec::new();
    let mut stack: Vec<Node<'_>> = declaration.child_by_field_name("argument").into_iter().collect();
    while let Some(node) = stack.pop() {
        let (path, alias) = match node.kind() {
            "use_as_clause" => (node.child_by_field_name("path"), node.child_by_field_name("alias")),
            "identifier" | "scoped_identifier" => (Some(node), None),
            _ => {
                let mut cursor = node.walk();
                stack.extend(node.named_children(&mut cursor));
                continue;
            }
        };
        let Some(path) = path else { continue };
        // The name the `use` binds, which resolves through the file's imports.
        let local = alias.or_else(|| path.child_by_field_name("name")).unwrap_or(path);
        if names.qualify(file, local).as_deref() != Some(STD_MUTEX) {
            continue;
        }
        if node.parent().is_some_and(|p| p.kind() == "use_list") {
            let renamed = alias.map(|alias| format!(" as {}", file.node_text(alias))).unwrap_or_default();
            let visibility = declaration
                .child(0)
                .filter(|c| c.kind() == "visibility_modifier")
                .map(|v| format!("{} ", file.node_text(v)))
                .unwrap_or_default();
            let indentation = file.indentation_at(declaration.start_byte());
            edits.push(
                single_item_left(file, node).unwrap_or_else(|| TextEdit::replace(list_item_range(file, node), "")),
            );
            edits.push(TextEdit::insert(
                declaration.end_byte(),
                format!("\n{indentation}{visibility}use {TOKIO_MUTEX}{renamed};"),
            ));
        } else {
            edits.push(TextEdit::replace(path.byte_range(), TOKIO_MUTEX));
        }
    }
    edits
}

/// `{Arc, Mutex}` without `Mutex` is just `Arc`.
fn single_item_left(file: &SourceFile, item: Node<'_>) -> Option<TextEdit> {
    let list = item.parent()?;
    let mut cursor = list.walk();
    let items: Vec<Node<'_>> = list
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "line_comment" && n.kind() != "block_comment")
        .collect();
    let [first, second] = items[..] else { return None };
    let other = if first == item { second } else { first };
    if !matches!(other.kind(), "identifier" | "scoped_identifier" | "use_as_clause") {
        return None;
    }
    let whole = list.parent().filter(|p| p.kind() == "scoped_use_list")?;
    let path = whole.child_by_field_name("path")?;
    Some(TextEdit::replace(whole.byte_range(), format!("{}::{}", file.node_text(path), file.node_text(other))))
}

/// An item of a `{..}` list with the comma and spaces that separate it from its neighbour.
fn list_item_range(file: &SourceFile, item: Node<'_>) -> std::ops::Range<usize> {
    let text = file.text();
    if let Some(comma) = item.next_sibling().filter(|s| s.kind() == ",") {
        let after = comma.end_byte() + text[comma.end_byte()..].len() - text[comma.end_byte()..].trim_start().len();
        return item.start_byte()..after;
    }
    match item.prev_sibling().filter(|s| s.kind() == ",") {
        Some(comma) => comma.start_byte()..item.end_byte(),
        None => item.byte_range(),
    }
}
