//! `std::thread::spawn(move || ..)` in async code ↔ `tokio::spawn(async move { .. })`:
//!
//! ```text
//! let handle = std::thread::spawn(move || summarise(&log));      let handle = tokio::spawn(async move { summarise(&log) });
//! let summary = handle.join().unwrap();                     →    let summary = handle.await.unwrap();
//! ```
//!
//! To a task (unsafe): the body then runs on a runtime worker, interleaved with other tasks, so
//! it is not offered when the body makes a call the catalogue knows to block or holds a `loop`
//! or `while` that may run long, and never outside async code, where `tokio::spawn` could panic
//! for want of a runtime. A handle that is kept must only be joined with `.join()` (then
//! unwrapped or dropped) in the same async code; each join becomes an `.await`, and
//! `Result<T, JoinError>` unwraps like `thread::Result<T>`. A task the program then `.await`s is
//! the point: joining a thread there blocked the worker.
//!
//! Back to a thread (safe): offered for a detached task whose async block never awaits and does
//! not use tokio, spawned on a multi-thread runtime where it could already run in parallel with
//! its spawner; the same code then runs to completion on its own thread instead of occupying a
//! worker. Kept handles are not converted back: `.join()` in async code would block.

use tree_sitter::Node;

use super::{contains_outside_closures, path_to, unused_use};
use crate::analysis::actions::{Context, Conversion};
use crate::analysis::calls::Call;
use crate::analysis::rust::scope;
use crate::analysis::{RunsOn, SourceFile, TextEdit};
use crate::locale::Bilingual;

pub fn find(context: &Context<'_>, conversions: &mut Vec<Conversion>) {
    let Context { file, names, range, calls, .. } = context;
    if !names.uses_crate(file, "tokio") {
        return;
    }
    for &Call { call, callee } in calls {
        let Some(statement) = statement_of(call) else { continue };
        if statement.end_byte() < range.start || statement.start_byte() > range.end {
            continue;
        }
        let Some(argument) = only_argument(call) else { continue };
        let converted = match names.resolve_api(file, callee).map(|entry| entry.id.as_str()) {
            Some("std::thread::spawn") => to_task(context, call, statement, argument).map(|mut edits| {
                edits.push(TextEdit::replace(callee.byte_range(), path_to(names, "tokio::spawn")));
                edits.extend(unused_use(file, callee));
                Conversion {
                    title: Bilingual::new(
                        "Run as a tokio task: `tokio::spawn(async move { .. })`",
                        "Выполнить как задачу tokio: `tokio::spawn(async move { .. })`",
                    ),
                    subject: String::new(),
                    edits,
                    safe: false,
                }
            }),
            Some("tokio::spawn") if statement.kind() == "expression_statement" && on_worker_threads(context, call) => {
                to_thread(context, argument).map(|closure| Conversion {
                    title: Bilingual::new(
                        "Run the task's code on a new OS thread: `std::thread::spawn`",
                        "Выполнить код задачи в новом потоке ОС: `std::thread::spawn`",
                    ),
                    subject: String::new(),
                    edits: vec![
                        TextEdit::replace(callee.byte_range(), path_to(names, "std::thread::spawn")),
                        TextEdit::replace(argument.byte_range(), closure),
                    ],
                    safe: true,
                })
            }
            _ => None,
        };
        conversions.extend(converted);
    }
}

/// The statement a spawn is the whole of: `spawn(..);` or `let handle = spawn(..);`.
fn statement_of(call: Node<'_>) -> Option<Node<'_>> {
    let parent = call.parent()?;
    match parent.kind() {
        "expression_statement" => Some(parent),
        "let_declaration" if parent.child_by_field_name("value") == Some(call) => Some(parent),
        _ => None,
    }
}

fn only_argument(call: Node<'_>) -> Option<Node<'_>> {
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let mut named = arguments.named_children(&mut cursor).filter(|a| !a.kind().ends_with("comment"));
    let first = named.next()?;
    named.next().is_none().then_some(first)
}

/// The edits turning the closure into an async block and each join of a kept handle into an
/// `.await`; `None` where the task would not be equivalent enough to offer.
fn to_task(context: &Context<'_>, call: Node<'_>, statement: Node<'_>, closure: Node<'_>) -> Option<Vec<TextEdit>> {
    let Context { file, names, calls, .. } = context;
    if !scope::in_async_code(call) || closure.kind() != "closure_expression" {
        return None;
    }
    let parameters = closure.child_by_field_name("parameters")?;
    let mut cursor = closure.walk();
    let keywords: Vec<&str> = closure.children(&mut cursor).map(|c| c.kind()).collect();
    // An async block has no place for the closure's `-> T`, which inference may need.
    let typed = closure.child_by_field_name("return_type").is_some();
    if parameters.named_child_count() > 0 || keywords.contains(&"async") || typed {
        return None;
    }
    let body = closure.child_by_field_name("body")?;
    let blocks = calls.iter().any(|Call { call: inner, callee }| {
        closure.start_byte() <= inner.start_byte()
            && inner.end_byte() <= closure.end_byte()
            && names.resolve_api(file, *callee).is_some_and(|entry| entry.blocking)
    });
    if blocks || contains_outside_closures(body, &["loop_expression", "while_expression"]) {
        return None;
    }
    let keyword = if keywords.contains(&"move") { "async move" } else { "async" };
    let block = match body.kind() {
        "block" => format!("{keyword} {}", file.node_text(body)),
        _ => format!("{keyword} {{ {} }}", file.node_text(body)),
    };
    let mut edits = vec![TextEdit::replace(closure.byte_range(), block)];
    if statement.kind() == "let_declaration" {
        edits.extend(joins_to_awaits(file, call, statement)?);
    }
    Some(edits)
}

/// `handle.join()` → `handle.await` for every use of a kept handle, or `None` if the handle is
/// used any other way, or joined outside the async code that spawned it.
fn joins_to_awaits(file: &SourceFile, call: Node<'_>, statement: Node<'_>) -> Option<Vec<TextEdit>> {
    let pattern = statement.child_by_field_name("pattern").filter(|p| p.kind() == "identifier")?;
    if statement.child_by_field_name("type").is_some() {
        return None;
    }
    let handle = file.node_text(pattern);
    let body = scope::enclosing_body(call)?;
    let mut edits = Vec::new();
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
        if node.kind() != "identifier" || file.node_text(node) != handle || node == pattern {
            continue;
        }
        if node.start_byte() < statement.end_byte() {
            return None;
        }
        let join = node.parent().filter(|field| {
            field.kind() == "field_expression"
                && field.child_by_field_name("field").is_some_and(|f| file.node_text(f) == "join")
        });
        let join = join.and_then(|field| field.parent()).filter(|call| {
            call.kind() == "call_expression"
                && call.child_by_field_name("arguments").is_some_and(|a| a.named_child_count() == 0)
        })?;
        if scope::enclosing_body(join) != Some(body) || !result_used_alike(file, join) {
            return None;
        }
        edits.push(TextEdit::replace(join.byte_range(), format!("{handle}.await")));
    }
    (!edits.is_empty()).then_some(edits)
}

/// Both results unwrap alike and may be dropped; `?` or a `match` would see a different error
/// type (`JoinError` instead of the panic payload).
fn result_used_alike(file: &SourceFile, join: Node<'_>) -> bool {
    let Some(parent) = join.parent() else { return false };
    match parent.kind() {
        "expression_statement" => true,
        "let_declaration" => parent.child_by_field_name("pattern").is_some_and(|p| file.node_text(p) == "_"),
        "field_expression" => parent.child_by_field_name("field").is_some_and(|method| {
            matches!(file.node_text(method), "unwrap" | "expect" | "is_ok" | "is_err")
                && parent.parent().is_some_and(|call| call.kind() == "call_expression")
        }),
        _ => false,
    }
}

/// Whether the analysis places the spawned task on a multi-thread runtime's workers, where it
/// may already run in parallel with its spawner, as a thread would. On a `current_thread`
/// runtime (or one the file does not show) a task runs only when the spawner yields, so moving
/// it to a thread would change how the program interleaves.
fn on_worker_threads(context: &Context<'_>, call: Node<'_>) -> bool {
    let sections = &context.analysis.sections;
    sections.iter().any(|section| section.range == call.byte_range() && section.runs_on == RunsOn::RuntimeWorkers)
}

/// `async [move] { .. }` → `[move] || { .. }` when the block never awaits and uses no tokio API,
/// which would need the runtime the new thread does not have.
fn to_thread(context: &Context<'_>, block: Node<'_>) -> Option<String> {
    let Context { file, names, calls, .. } = context;
    if block.kind() != "async_block" {
        return None;
    }
    let mut cursor = block.walk();
    let children: Vec<Node<'_>> = block.children(&mut cursor).collect();
    let body = *children.last().filter(|b| b.kind() == "block")?;
    let uses_tokio = file.node_text(body).contains("tokio")
        || calls.iter().any(|Call { call, callee }| {
            body.start_byte() <= call.start_byte()
                && call.end_byte() <= body.end_byte()
                && names.resolve_api(file, *callee).is_some_and(|entry| entry.id.starts_with("tokio::"))
        });
    if uses_tokio || contains_outside_closures(body, &["await_expression"]) {
        return None;
    }
    let moves = children.iter().any(|c| c.kind() == "move");
    Some(format!("{}|| {}", if moves { "move " } else { "" }, file.node_text(body)))
}
