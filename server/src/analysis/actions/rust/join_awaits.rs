//! Independent sequential `.await`s → `tokio::join!`:
//!
//! ```text
//! let user = load_user(id).await;             let (user, orders) =
//! let orders = load_orders(id).await;    →        tokio::join!(load_user(id), load_orders(id));
//! ```
//! Offered on a run of two or more consecutive statements that each await one call, as
//! `let name = call.await;` or `call.await;`, when no call uses a name bound earlier in the run,
//! in async code of a file that uses tokio.

use tree_sitter::Node;

use super::mentions;
use crate::analysis::actions::{Context, Conversion};
use crate::analysis::rust::scope;
use crate::analysis::{SourceFile, TextEdit};
use crate::locale::Bilingual;

/// One awaiting statement: the bound name (if any) and the awaited call.
struct Step<'tree> {
    statement: Node<'tree>,
    name: Option<&'tree str>,
    call: Node<'tree>,
}

pub fn find(context: &Context<'_>, conversions: &mut Vec<Conversion>) {
    let Context { file, names, range, .. } = context;
    if !names.uses_crate(file, "tokio") {
        return;
    }
    let Some(token) = file.root().descendant_for_byte_range(range.start, range.start) else { return };
    let Some(block) = crate::analysis::source::ancestor(token, &["block"]) else { return };
    if !scope::in_async_code(block.named_child(0).unwrap_or(block)) {
        return;
    }
    let mut cursor = block.walk();
    let statements: Vec<Node<'_>> = block.named_children(&mut cursor).collect();
    let Some(at) = statements.iter().position(|s| s.start_byte() <= range.start && range.start <= s.end_byte()) else {
        return;
    };
    let Some(run) = independent_run(file, &statements, at) else { return };
    let calls: Vec<&str> = run.iter().map(|step| file.node_text(step.call)).collect();
    let joined = format!("tokio::join!({})", calls.join(", "));
    let replacement = if run.iter().all(|step| step.name.is_none()) {
        format!("{joined};")
    } else {
        let bound: Vec<&str> = run.iter().map(|step| step.name.unwrap_or("_")).collect();
        format!("let ({}) = {joined};", bound.join(", "))
    };
    let span = run[0].statement.start_byte()..run[run.len() - 1].statement.end_byte();
    conversions.push(Conversion {
        title: Bilingual::new(
            "Await these {subject} futures together with `tokio::join!`",
            "Ждать эти {subject} future вместе через `tokio::join!`",
        ),
        subject: run.len().to_string(),
        edits: vec![TextEdit::replace(span, replacement)],
        safe: false,
    });
}

/// The longest run of awaiting statements around `at` in which no call uses an earlier name.
fn independent_run<'tree>(file: &'tree SourceFile, statements: &[Node<'tree>], at: usize) -> Option<Vec<Step<'tree>>> {
    let step = |statement: Node<'tree>| step_of(file, statement);
    step(statements[at]).filter(|first| !borrows_temporary(first.call))?;
    let mut start = at;
    while start > 0 && step(statements[start - 1]).is_some() {
        start -= 1;
    }
    let mut run: Vec<Step<'tree>> = Vec::new();
    for statement in &statements[start..] {
        let Some(next) = step(*statement).filter(|next| !borrows_temporary(next.call)) else { break };
        let depends = run.iter().filter_map(|earlier| earlier.name).any(|name| mentions(file, next.call, name));
        if depends {
            if statement.start_byte() > statements[at].start_byte() {
                break;
            }
            run.clear();
        }
        run.push(next);
    }
    let contains_cursor = run.iter().any(|s| s.statement == statements[at]);
    (run.len() >= 2 && contains_cursor).then_some(run)
}

fn step_of<'tree>(file: &'tree SourceFile, statement: Node<'tree>) -> Option<Step<'tree>> {
    let awaited_call = |expression: Node<'tree>| {
        (expression.kind() == "await_expression")
            .then(|| expression.named_child(0))
            .flatten()
            .filter(|c| c.kind() == "call_expression")
    };
    match statement.kind() {
        "let_declaration" => {
            let pattern = statement.child_by_field_name("pattern").filter(|p| p.kind() == "identifier")?;
            if statement.child_by_field_name("type").is_some() || statement.child_by_field_name("alternative").is_some()
            {
                return None;
            }
            let call = awaited_call(statement.child_by_field_name("value")?)?;
            Some(Step { statement, name: Some(file.node_text(pattern)), call })
        }
        "expression_statement" => Some(Step { statement, name: None, call: awaited_call(statement.named_child(0)?)? }),
        _ => None,
    }
}

/// `f(&vec![..])`: a borrow of a temporary lives to the end of its statement, which inside
/// `tokio::join!` ends before the future is polled, so such calls cannot be joined.
fn borrows_temporary(call: Node<'_>) -> bool {
    let Some(arguments) = call.child_by_field_name("arguments") else { return false };
    let mut stack = vec![arguments];
    while let Some(node) = stack.pop() {
        if node.kind() == "reference_expression" {
            let place = node.child_by_field_name("value").is_some_and(|value| {
                matches!(
                    value.kind(),
                    "identifier" | "field_expression" | "scoped_identifier" | "self" | "index_expression"
                )
            });
            if !place {
                return true;
            }
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    false
}
