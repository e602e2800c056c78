//! A loop of `std::thread::spawn` → `std::thread::scope`, whose threads may borrow local data:
//!
//! ```text
//! let mut handles = vec![];                   thread::scope(|s| {
//! for part in parts {                             let mut handles = vec![];
//!     handles.push(thread::spawn(move || ..));    for part in parts {
//! }                                         →         handles.push(s.spawn(move || ..));
//! for handle in handles {                         }
//!     handle.join().unwrap();                     for handle in handles {
//! }                                                   handle.join().unwrap();
//!                                                 }
//!                                             });
//! ```
//!
//! Two shapes are converted. Handles collected in a fresh `Vec` and all joined by the loop that
//! follows: `ScopedJoinHandle::join` returns the same `thread::Result`, and the scope has
//! nothing left to wait for, so the program behaves the same (safe). And a loop that detaches
//! its threads: the scope now waits for every one of them before the code after it runs (unsafe).
//! The closures keep their `move`; borrowing instead is the user's next step. Not offered in
//! async code, where the waiting scope would block a runtime worker, nor where the moved code
//! holds a `return`, `?` or `.await` that would then belong to the scope's closure.

use tree_sitter::Node;

use super::{contains_outside_closures, has_multiline_string, mentions, path_to, unused_use};
use crate::analysis::actions::{Context, Conversion};
use crate::analysis::calls::Call;
use crate::analysis::names::Names;
use crate::analysis::rust::scope;
use crate::analysis::{SourceFile, TextEdit};
use crate::locale::Bilingual;

/// Control flow that would mean something else inside the scope's closure.
const ESCAPES: &[&str] = &["return_expression", "try_expression", "await_expression"];

pub fn find(context: &Context<'_>, conversions: &mut Vec<Conversion>) {
    let Context { file, names, range, calls, .. } = context;
    let spawns: Vec<Node<'_>> = calls
        .iter()
        .filter(|Call { callee, .. }| names.resolve_api(file, *callee).is_some_and(|e| e.id == "std::thread::spawn"))
        .map(|c| c.callee)
        .collect();
    if spawns.is_empty() {
        return;
    }
    let Some(token) = file.root().descendant_for_byte_range(range.start, range.start) else { return };
    // The cursor may be deep inside the loops: try each enclosing block, innermost first.
    let mut block = crate::analysis::source::ancestor(token, &["block"]);
    while let Some(current) = block {
        if scope::in_async_code(current.named_child(0).unwrap_or(current)) {
            return;
        }
        if let Some(conversion) = convert_in_block(file, names, current, range.start, &spawns) {
            conversions.push(conversion);
            return;
        }
        block = crate::analysis::source::ancestor(current, &["block"]);
    }
}

/// The conversion for the statement of `block` holding `at`, if it is one of the two shapes.
fn convert_in_block(
    file: &SourceFile,
    names: &Names,
    block: Node<'_>,
    at: usize,
    spawns: &[Node<'_>],
) -> Option<Conversion> {
    let mut cursor = block.walk();
    let statements: Vec<Node<'_>> =
        block.named_children(&mut cursor).filter(|s| !s.kind().ends_with("comment")).collect();
    let at = statements.iter().position(|s| s.start_byte() <= at && at <= s.end_byte())?;
    let found = joined_handles(file, &statements, at, spawns).or_else(|| {
        let for_loop = as_for_loop(statements[at])?;
        let body = for_loop.child_by_field_name("body")?;
        let mut cursor = body.walk();
        let detached = body.named_children(&mut cursor).any(|statement| {
            statement.kind() == "expression_statement"
                && statement.named_child(0).is_some_and(|call| spawned_by(call, spawns).is_some())
        });
        detached.then_some((at..at + 1, false))
    });
    let (span, safe) = found?;
    let (first, last) = (statements[span.start], statements[span.end - 1]);
    let region = first.start_byte()..last.end_byte();
    let inside = |node: &Node<'_>| region.start <= node.start_byte() && node.end_byte() <= region.end;
    let moved = &statements[span.clone()];
    if moved
        .iter()
        .any(|s| contains_outside_closures(*s, ESCAPES) || labelled_jump(*s) || has_multiline_string(file, *s))
    {
        return None;
    }
    // Only the spawns directly in the moved code: one nested in a spawned closure stays as it is.
    let direct: Vec<Node<'_>> =
        spawns.iter().copied().filter(|callee| inside(callee) && !in_closure_within(*callee, first, last)).collect();
    let s = fresh_scope_name(file, moved);
    let mut text = file.text()[region.clone()].to_owned();
    for callee in direct.iter().rev() {
        let at = callee.start_byte() - region.start..callee.end_byte() - region.start;
        text.replace_range(at, &format!("{s}.spawn"));
    }
    let indent = file.indentation_at(region.start);
    let reindented: Vec<String> = text
        .split('\n')
        .enumerate()
        .map(|(index, line)| if index == 0 || line.trim().is_empty() { line.to_owned() } else { format!("    {line}") })
        .collect();
    let scope_path = path_to(names, "std::thread::scope");
    let replacement = format!("{scope_path}(|{s}| {{\n{indent}    {}\n{indent}}});", reindented.join("\n"));
    let mut edits = vec![TextEdit::replace(region, replacement)];
    // `use std::thread::spawn;` for a single `spawn(..)` is no longer needed; a `use` that the
    // scope's path goes through stays.
    if let [only] = direct.as_slice() {
        if scope_path == "std::thread::scope" {
            edits.extend(unused_use(file, *only));
        }
    }
    let title = if safe {
        Bilingual::new(
            "Spawn the threads in `std::thread::scope` (they may then borrow local data)",
            "Запустить потоки в `std::thread::scope` (тогда они смогут заимствовать локальные данные)",
        )
    } else {
        Bilingual::new(
            "Spawn the threads in `std::thread::scope` and wait for all of them",
            "Запустить потоки в `std::thread::scope` и дождаться их всех",
        )
    };
    Some(Conversion { title, subject: String::new(), edits, safe })
}

/// `let mut handles = vec![]; for .. { handles.push(thread::spawn(..)); } for h in handles {
/// h.join()..; }` around statement `at`: the statements' indices, and whether nothing but the
/// joins waits for the threads (no `break` leaves one unjoined).
fn joined_handles(
    file: &SourceFile,
    statements: &[Node<'_>],
    at: usize,
    spawns: &[Node<'_>],
) -> Option<(std::ops::Range<usize>, bool)> {
    let start = (at.saturating_sub(2)..=at)
        .find(|&start| statements.get(start..start + 3).is_some_and(|three| empty_vec(file, three[0]).is_some()))?;
    let list = empty_vec(file, statements[start])?;
    let spawn_loop = as_for_loop(statements[start + 1])?;
    let join_loop = as_for_loop(statements[start + 2])?;
    // The spawning loop pushes each handle, and mentions the list nowhere else.
    let body = spawn_loop.child_by_field_name("body")?;
    let mut cursor = body.walk();
    let pushes = body
        .named_children(&mut cursor)
        .filter(|statement| {
            let Some(call) = statement.named_child(0).filter(|_| statement.kind() == "expression_statement") else {
                return false;
            };
            let Some(function) = call.child_by_field_name("function").filter(|f| f.kind() == "field_expression") else {
                return false;
            };
            let receiver = function.child_by_field_name("value").map(|v| file.node_text(v));
            let method = function.child_by_field_name("field").map(|f| file.node_text(f));
            let arguments = call.child_by_field_name("arguments");
            receiver == Some(list)
                && method == Some("push")
                && arguments.is_some_and(|a| a.named_child_count() == 1)
                && arguments.and_then(|a| a.named_child(0)).is_some_and(|spawn| spawned_by(spawn, spawns).is_some())
        })
        .count();
    let list_uses = count_mentions(file, spawn_loop, list);
    if pushes != 1 || list_uses != 1 || mentions(file, spawn_loop.child_by_field_name("value")?, list) {
        return None;
    }
    // The joining loop takes the list by value and only joins each handle.
    let items = join_loop.child_by_field_name("value")?;
    let items_text = file.node_text(items);
    if items_text != list && items_text != format!("{list}.into_iter()") {
        return None;
    }
    let handle = join_loop.child_by_field_name("pattern").filter(|p| p.kind() == "identifier")?;
    let handle = file.node_text(handle);
    let join_body = join_loop.child_by_field_name("body")?;
    if count_mentions(file, join_body, handle) != joins_of(file, join_body, handle) || mentions(file, join_body, list) {
        return None;
    }
    // The list lives inside the scope now: nothing after it may use it.
    let after = statements[start + 3..].iter().any(|s| mentions(file, *s, list));
    if after {
        return None;
    }
    let waits_only_on_joins = !contains_outside_closures(join_body, &["break_expression"]);
    Some((start..start + 3, waits_only_on_joins))
}

/// `let mut name = vec![];`, `Vec::new()` or `Vec::with_capacity(..)`, with no type that would
/// name `JoinHandle`: the name.
fn empty_vec<'tree>(file: &'tree SourceFile, statement: Node<'tree>) -> Option<&'tree str> {
    if statement.kind() != "let_declaration" {
        return None;
    }
    let pattern = statement.child_by_field_name("pattern").filter(|p| p.kind() == "identifier")?;
    if statement.child_by_field_name("type").is_some_and(|t| file.node_text(t) != "Vec<_>") {
        return None;
    }
    let value = compact(file.node_text(statement.child_by_field_name("value")?));
    let empty = value == "vec![]" || value == "Vec::new()" || value.starts_with("Vec::with_capacity(");
    empty.then(|| file.node_text(pattern))
}

fn compact(text: &str) -> String {
    crate::analysis::names::compact(text)
}

fn as_for_loop(statement: Node<'_>) -> Option<Node<'_>> {
    let expression = if statement.kind() == "expression_statement" { statement.named_child(0)? } else { statement };
    (expression.kind() == "for_expression").then_some(expression)
}

/// The spawn callee when `call` is a call of `std::thread::spawn`.
fn spawned_by<'tree>(call: Node<'tree>, spawns: &[Node<'tree>]) -> Option<Node<'tree>> {
    let function = call.child_by_field_name("function").filter(|_| call.kind() == "call_expression")?;
    spawns.iter().copied().find(|callee| *callee == function)
}

fn count_mentions(file: &SourceFile, node: Node<'_>, name: &str) -> usize {
    let mut count = 0;
    let mut stack = vec![node];
    while let Some(current) = stack.pop() {
        if current.kind() == "identifier" && file.node_text(current) == name {
            count += 1;
        }
        let mut cursor = current.walk();
        stack.extend(current.named_children(&mut cursor));
    }
    count
}

/// How many times `handle.join()` is called in `node`.
fn joins_of(file: &SourceFile, node: Node<'_>, handle: &str) -> usize {
    let mut count = 0;
    let mut stack = vec![node];
    while let Some(current) = stack.pop() {
        let is_join = current.kind() == "call_expression"
            && current.child_by_field_name("function").is_some_and(|f| {
                f.kind() == "field_expression"
                    && f.child_by_field_name("value").is_some_and(|v| file.node_text(v) == handle)
                    && f.child_by_field_name("field").is_some_and(|m| file.node_text(m) == "join")
            })
            && current.child_by_field_name("arguments").is_some_and(|a| a.named_child_count() == 0);
        count += usize::from(is_join);
        if current.kind() == "token_tree" {
            // Inside a macro's arguments the call is a row of tokens: `handle . join ()`.
            let mut cursor = current.walk();
            let tokens: Vec<&str> = current.children(&mut cursor).map(|t| file.node_text(t)).collect();
            count +=
                tokens.windows(4).filter(|w| w[0] == handle && w[1] == "." && w[2] == "join" && w[3] == "()").count();
        }
        let mut cursor = current.walk();
        stack.extend(current.named_children(&mut cursor));
    }
    count
}

/// `break 'outer` or `continue 'outer` could target a loop outside the scope's closure.
fn labelled_jump(node: Node<'_>) -> bool {
    let mut stack = vec![node];
    while let Some(current) = stack.pop() {
        if matches!(current.kind(), "break_expression" | "continue_expression") {
            let mut cursor = current.walk();
            if current.named_children(&mut cursor).any(|child| child.kind() == "label") {
                return true;
            }
        }
        let mut cursor = current.walk();
        stack.extend(current.named_children(&mut cursor));
    }
    false
}

/// Whether `node` sits inside a closure that itself lies between `first` and `last`.
fn in_closure_within(node: Node<'_>, first: Node<'_>, last: Node<'_>) -> bool {
    let mut current = node.parent();
    while let Some(candidate) = current {
        if candidate.start_byte() < first.start_byte() || candidate.end_byte() > last.end_byte() {
            return false;
        }
        if candidate.kind() == "closure_expression" {
            return true;
        }
        current = candidate.parent();
    }
    false
}

/// `s` for the scope, unless the moved code already uses that name.
fn fresh_scope_name(file: &SourceFile, moved: &[Node<'_>]) -> String {
    ["s", "scope", "thread_scope"]
        .into_iter()
        .find(|name| moved.iter().all(|s| !mentions(file, *s, name)))
        .unwrap_or("thread_scope")
        .to_owned()
}
