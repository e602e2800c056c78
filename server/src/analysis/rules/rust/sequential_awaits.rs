#![doc = include_str!("sequential_awaits.md")]

use tree_sitter::Node;

use crate::analysis::finding::{Finding, Fix, Severity};
use crate::analysis::queries::{self, Matched};
use crate::analysis::rules::{Context, Fixability, Needs, ORDERED_OPERATIONS, Rule, called_name, uses_loop_variable};
use crate::analysis::rust::scope;
use crate::analysis::{Language, SourceFile, TextEdit};
use crate::locale::Bilingual;

/// The crate whose `join_all` the fix uses: offered only in a file that uses it already, which
/// [`crate::analysis::names::Names::uses_crate`] tells from imports and from paths in the text.
const FUTURES: &str = "futures";
/// The text that path search looks for, which an edit must not change unseen
/// ([`crate::analysis::incremental`]'s probes).
pub(crate) const FUTURES_PATH: &str = "futures::";

pub static RULE: Rule = Rule {
    code: "CTR401",
    peer: "none",
    name: "sequential-awaits-in-loop",
    language: Language::Rust,
    fix: Fixability::Unsafe,
    severity: Severity::Information,
    message: Bilingual::new(
        "this loop awaits `{subject}` once per item, one after another; independent futures could run together with `join_all`",
        "этот цикл ждёт `{subject}` для каждого элемента по очереди; независимые future можно выполнить вместе через `join_all`",
    ),
    fix_title: Bilingual::new("Await the calls together with `join_all`", "Дождаться вызовов вместе через `join_all`"),
    doc: Bilingual::new(include_str!("sequential_awaits.md"), include_str!("sequential_awaits.ru.md")),
    needs: &[Needs::AsyncCode],
    check,
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Context { file, names, .. } = context;
    let uses_futures = names.uses_crate(file, FUTURES);
    for (node, shape) in independent_loops(file, context.matched) {
        let LoopShape { pattern, items, call, collector } = shape;
        let joined = format!(
            "futures::future::join_all(({}).into_iter().map(|{}| {})).await",
            file.node_text(items),
            file.node_text(pattern),
            file.node_text(call)
        );
        let replacement = match collector {
            Some(list) => format!("{list}.extend({joined});"),
            None => format!("{joined};"),
        };
        let fix = uses_futures.then(|| Fix {
            edits: vec![TextEdit::replace(node.start_byte()..statement_end(node), replacement)],
            safe: false,
        });
        let callee = call.child_by_field_name("function").map_or("", |f| file.node_text(f));
        findings.push(context.finding(
            &RULE,
            node.start_byte()..items.end_byte(),
            crate::analysis::names::compact(callee),
            fix,
        ));
    }
}

/// The pieces of `for pattern in items { [collector.push(]call.await[)]; }`.
pub(crate) struct LoopShape<'tree> {
    pub pattern: Node<'tree>,
    pub items: Node<'tree>,
    pub call: Node<'tree>,
    pub collector: Option<&'tree str>,
}

/// Every `for` loop in async code that awaits one independent call per item: the loop variable
/// goes into the call, and the call is not an ordered operation (`send`, `write`…). The
/// `join_all` fix and the `JoinSet` conversion both rewrite these loops.
/// `matched` holds the file's query matches, its loops among them.
pub(crate) fn independent_loops<'tree>(
    file: &'tree SourceFile,
    matched: &Matched<'tree>,
) -> Vec<(Node<'tree>, LoopShape<'tree>)> {
    let mut loops = Vec::new();
    // The shape is read from a few children; whether the loop is in async code takes a walk up
    // the tree, so it is asked last.
    matched.for_each(&queries::RUST.loops, |found| {
        if let Some(node) = found.get("loop")
            && let Some(shape) = loop_shape(file, node)
            && !ORDERED_OPERATIONS.contains(&called_name(file, shape.call))
            && uses_loop_variable(file, shape.call, shape.pattern)
            && scope::in_async_code(node)
        {
            loops.push((node, shape));
        }
    });
    loops
}

/// Where the loop's statement ends: past the `;` when it is written as `for .. {};`.
pub(crate) fn statement_end(node: Node<'_>) -> usize {
    node.parent().filter(|p| p.kind() == "expression_statement").map_or(node.end_byte(), |p| p.end_byte())
}

fn loop_shape<'tree>(file: &'tree SourceFile, node: Node<'tree>) -> Option<LoopShape<'tree>> {
    let pattern = node.child_by_field_name("pattern")?;
    let items = node.child_by_field_name("value")?;
    let body = node.child_by_field_name("body")?;
    let mut cursor = body.walk();
    let statements: Vec<Node<'_>> =
        body.named_children(&mut cursor).filter(|s| !matches!(s.kind(), "line_comment" | "block_comment")).collect();
    let [statement] = statements.as_slice() else { return None };
    let expression = match statement.kind() {
        "expression_statement" => statement.named_child(0)?,
        _ => *statement,
    };
    let awaited = |node: Node<'tree>| -> Option<Node<'tree>> {
        (node.kind() == "await_expression")
            .then(|| node.named_child(0))
            .flatten()
            .filter(|c| c.kind() == "call_expression")
    };
    if let Some(call) = awaited(expression) {
        return Some(LoopShape { pattern, items, call, collector: None });
    }
    let function = expression.child_by_field_name("function").filter(|f| f.kind() == "field_expression")?;
    let list = function.child_by_field_name("value").filter(|v| v.kind() == "identifier")?;
    let arguments = expression.child_by_field_name("arguments")?;
    let method = function.child_by_field_name("field")?;
    if file.node_text(method) != "push" || arguments.named_child_count() != 1 {
        return None;
    }
    let call = awaited(arguments.named_child(0)?)?;
    Some(LoopShape { pattern, items, call, collector: Some(file.node_text(list)) })
}
