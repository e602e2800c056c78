#![doc = include_str!("guard_across_await.md")]

use tree_sitter::Node;

use crate::analysis::calls::Call;
use crate::analysis::finding::{Finding, Fix, Severity};
use crate::analysis::rules::{Context, Fixability, Needs, Rule};
use crate::analysis::rust::scope;
use crate::analysis::{Language, SourceFile, TextEdit};
use crate::locale::Bilingual;

pub static RULE: Rule = Rule {
    code: "CTR301",
    peer: "clippy `await_holding_lock` (no fix)",
    name: "guard-across-await",
    language: Language::Rust,
    fix: Fixability::Unsafe,
    severity: Severity::Warning,
    message: Bilingual::new(
        "the lock guard `{subject}` is still held at an `.await`: other tasks taking this lock block their threads and can deadlock",
        "guard блокировки `{subject}` всё ещё захвачен на `.await`: другие задачи, берущие эту блокировку, блокируют свои потоки и могут попасть во взаимную блокировку",
    ),
    fix_title: Bilingual::new("Release the guard before the `.await`", "Освободить guard до `.await`"),
    doc: Bilingual::new(include_str!("guard_across_await.md"), include_str!("guard_across_await.ru.md")),
    needs: &[Needs::AsyncCode],
    check,
};

/// Thread locks whose guards must not live across `.await`.
const THREAD_LOCKS: &[&str] =
    &["std::sync::Mutex::lock", "std::sync::RwLock", "parking_lot::Mutex", "parking_lot::RwLock"];

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Context { file, names, calls, .. } = context;
    for &Call { call, callee } in calls.iter() {
        let is_lock = callee.kind() == "field_expression"
            && callee
                .child_by_field_name("field")
                .is_some_and(|f| matches!(file.node_text(f), "lock" | "read" | "write"))
            && names.resolve_api(file, callee).is_some_and(|entry| THREAD_LOCKS.contains(&entry.id.as_str()));
        if !is_lock || !scope::in_async_code(call) {
            continue;
        }
        // `let guard = m.lock().unwrap();`: the binding, in a block of statements.
        let Some(binding) =
            crate::analysis::source::ancestor(call, &["let_declaration", "block", "expression_statement"])
                .filter(|node| node.kind() == "let_declaration")
        else {
            continue;
        };
        let Some(guard) = binding.child_by_field_name("pattern").filter(|p| p.kind() == "identifier") else { continue };
        if binding.child_by_field_name("value") != Some(guard_expression(file, call)) {
            // `let copy = m.lock().unwrap().clone();` binds data; the guard died with the statement.
            continue;
        }
        let Some(block) = binding.parent().filter(|p| p.kind() == "block") else { continue };
        let guard_name = file.node_text(guard);
        let Some(suspension) = first_await_while_held(file, block, binding, guard_name) else { continue };
        let used_after = uses_after(file, block, suspension, guard_name);
        let fix = (!used_after).then(|| Fix {
            edits: vec![TextEdit::insert(
                suspension.start_byte(),
                format!("drop({guard_name});\n{}", file.indentation_at(suspension.start_byte())),
            )],
            safe: false,
        });
        findings.push(context.finding(&RULE, call.byte_range(), guard_name.to_owned(), fix));
    }
}

/// The lock call with what may follow it and still yield the guard: `.unwrap()`,
/// `.expect(..)` and `?`.
fn guard_expression<'tree>(file: &SourceFile, call: Node<'tree>) -> Node<'tree> {
    let mut expression = call;
    loop {
        let Some(parent) = expression.parent() else { return expression };
        let next = match parent.kind() {
            "try_expression" => parent,
            "field_expression"
                if parent
                    .child_by_field_name("field")
                    .is_some_and(|f| matches!(file.node_text(f), "unwrap" | "expect")) =>
            {
                match parent.parent().filter(|p| p.kind() == "call_expression") {
                    Some(call) => call,
                    None => return expression,
                }
            }
            _ => return expression,
        };
        expression = next;
    }
}

/// The first statement after `binding` in `block` that awaits while the guard is alive (no
/// `drop(guard)` before it).
fn first_await_while_held<'tree>(
    file: &SourceFile,
    block: Node<'tree>,
    binding: Node<'tree>,
    guard: &str,
) -> Option<Node<'tree>> {
    let mut cursor = block.walk();
    let statements: Vec<Node<'tree>> = block.named_children(&mut cursor).collect();
    for statement in statements.into_iter().filter(|s| s.start_byte() > binding.end_byte()) {
        let text = file.node_text(statement);
        if text.contains(&format!("drop({guard})")) {
            return None;
        }
        if scope::contains_await(statement) {
            return Some(statement);
        }
    }
    None
}

fn uses_after(file: &SourceFile, block: Node<'_>, from: Node<'_>, name: &str) -> bool {
    let mut stack = vec![block];
    while let Some(node) = stack.pop() {
        if node.end_byte() <= from.start_byte() {
            continue;
        }
        if node.kind() == "identifier" && node.start_byte() >= from.start_byte() && file.node_text(node) == name {
            return true;
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    false
}
