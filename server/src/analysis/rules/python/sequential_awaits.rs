#![doc = include_str!("sequential_awaits.md")]

use tree_sitter::Node;

use crate::analysis::finding::{Finding, Fix, Severity};
use crate::analysis::names::Names;
use crate::analysis::python::{imports, scope};
use crate::analysis::rules::{Context, Fixability, Needs, ORDERED_OPERATIONS, Rule, called_name, uses_loop_variable};
use crate::analysis::{Language, SourceFile, TextEdit, walk};
use crate::locale::Bilingual;

pub static RULE: Rule = Rule {
    code: "CTP401",
    peer: "none",
    name: "sequential-awaits-in-loop",
    language: Language::Python,
    fix: Fixability::Unsafe,
    severity: Severity::Information,
    message: Bilingual::new(
        "this loop awaits `{subject}` once per item, one after another; independent calls could run together with `asyncio.gather`",
        "этот цикл ждёт `{subject}` для каждого элемента по очереди; независимые вызовы можно выполнить вместе через `asyncio.gather`",
    ),
    fix_title: Bilingual::new(
        "Run the calls together with `asyncio.gather`",
        "Выполнить вызовы вместе через `asyncio.gather`",
    ),
    doc: Bilingual::new(include_str!("sequential_awaits.md"), include_str!("sequential_awaits.ru.md")),
    needs: &[Needs::AsyncCode],
    check,
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Context { file, names, .. } = context;
    for (node, shape) in independent_loops(file, names) {
        let (asyncio, import) = imports::module_reference(file, names, "asyncio");
        let gathered = format!(
            "await {asyncio}.gather(*({} for {} in {}))",
            file.node_text(shape.call),
            file.node_text(shape.target),
            file.node_text(shape.items)
        );
        let replacement = match shape.collector {
            Some(list) => format!("{list}.extend({gathered})"),
            None => gathered,
        };
        let mut edits = vec![TextEdit::replace(node.byte_range(), replacement)];
        edits.extend(import);
        let callee = shape.call.child_by_field_name("function").map_or("", |f| file.node_text(f));
        let header = node.start_byte()..shape.items.end_byte();
        // `gather` over a generator binds no loop variable for code after the loop to read.
        let fix = (!scope::loop_variable_used_later(file, node)).then_some(Fix { edits, safe: false });
        findings.push(context.finding(&RULE, header, crate::analysis::names::compact(callee), fix));
    }
}

/// The pieces of `for target in items: [collector.append(]await call[)]`.
pub(crate) struct LoopShape<'tree> {
    pub target: Node<'tree>,
    pub items: Node<'tree>,
    pub call: Node<'tree>,
    pub collector: Option<&'tree str>,
}

/// Every loop of [`independent_loop`] in the file. Only asyncio programs have any: `gather` and
/// `TaskGroup` are asyncio's answers (trio and anyio have their own).
pub(crate) fn independent_loops<'tree>(file: &'tree SourceFile, names: &Names) -> Vec<(Node<'tree>, LoopShape<'tree>)> {
    let mut loops = Vec::new();
    if !names.mentions_crate("asyncio") {
        return loops;
    }
    // The walk is the rule's main cost: it enters only what can hold a `for` statement, and
    // skips plain functions, whose loops cannot be in a coroutine.
    walk::named_nodes(file.root(), |node| {
        if let Some(shape) = independent_loop(file, node) {
            loops.push((node, shape));
        }
        may_hold_a_loop(node.kind()) && !walk::async_free_function(file, node)
    });
    loops
}

/// Whether a node of `kind` can hold a `for` statement: statements stand only in blocks and
/// in the statements and clauses that hold blocks, never in an expression. Error recovery
/// may put anything in an `ERROR` node.
fn may_hold_a_loop(kind: &str) -> bool {
    matches!(
        kind,
        "module"
            | "block"
            | "ERROR"
            | "function_definition"
            | "class_definition"
            | "decorated_definition"
            | "if_statement"
            | "elif_clause"
            | "else_clause"
            | "for_statement"
            | "while_statement"
            | "try_statement"
            | "except_clause"
            | "finally_clause"
            | "with_statement"
            | "match_statement"
            | "case_clause"
    )
}

/// A plain `for` loop in a coroutine that awaits one independent call per item: the loop
/// variable goes into the call, and the call is not an ordered operation (`send`, `put`…).
fn independent_loop<'tree>(file: &'tree SourceFile, node: Node<'tree>) -> Option<LoopShape<'tree>> {
    if node.kind() != "for_statement" || is_async_for(node) || !scope::in_coroutine(node) {
        return None;
    }
    let shape = loop_shape(file, node)?;
    let ordered = ORDERED_OPERATIONS.contains(&called_name(file, shape.call));
    (!ordered && uses_loop_variable(file, shape.call, shape.target)).then_some(shape)
}

fn is_async_for(node: Node<'_>) -> bool {
    node.child(0).is_some_and(|first| first.kind() == "async")
}

fn loop_shape<'tree>(file: &'tree SourceFile, node: Node<'tree>) -> Option<LoopShape<'tree>> {
    let target = node.child_by_field_name("left")?;
    let items = node.child_by_field_name("right")?;
    let expression = crate::analysis::python::scope::single_expression_body(node)?;
    let awaited = |node: Node<'tree>| -> Option<Node<'tree>> {
        (node.kind() == "await").then(|| node.named_child(0)).flatten().filter(|call| call.kind() == "call")
    };
    if let Some(call) = awaited(expression) {
        return Some(LoopShape { target, items, call, collector: None });
    }
    // `results.append(await fetch(url))`
    let function = expression.child_by_field_name("function").filter(|f| f.kind() == "attribute")?;
    let method = function.child_by_field_name("attribute")?;
    let list = function.child_by_field_name("object").filter(|o| o.kind() == "identifier")?;
    let arguments = expression.child_by_field_name("arguments")?;
    if file.node_text(method) != "append" || arguments.named_child_count() != 1 {
        return None;
    }
    let call = awaited(arguments.named_child(0)?)?;
    Some(LoopShape { target, items, call, collector: Some(file.node_text(list)) })
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashMap};

    /// The kinds the walk enters are exactly those the grammar lets hold a `for` statement,
    /// at any depth: a grammar update adding one fails here instead of hiding loops.
    #[test]
    fn the_walk_enters_every_kind_that_can_hold_a_loop() {
        let types: Vec<serde_json::Value> = serde_json::from_str(tree_sitter_python::NODE_TYPES).unwrap();
        let named = |value: &serde_json::Value| value["type"].as_str().unwrap().to_owned();
        let subtypes: HashMap<String, Vec<String>> = types
            .iter()
            .filter_map(|t| t["subtypes"].as_array().map(|subs| (named(t), subs.iter().map(named).collect())))
            .collect();
        let concrete = |kind: &String| {
            let (mut found, mut pending) = (BTreeSet::new(), vec![kind.clone()]);
            while let Some(kind) = pending.pop() {
                match subtypes.get(&kind) {
                    Some(subs) => pending.extend(subs.iter().cloned()),
                    None => drop(found.insert(kind)),
                }
            }
            found
        };
        let children: Vec<(String, BTreeSet<String>)> = types
            .iter()
            .map(|t| {
                let fields = t["fields"].as_object().into_iter().flat_map(|fields| fields.values());
                let slots = fields.chain(t.get("children"));
                let kinds = slots.flat_map(|slot| slot["types"].as_array().unwrap().iter().map(named));
                (named(t), kinds.flat_map(|kind| concrete(&kind)).collect())
            })
            .collect();
        let mut holders = BTreeSet::from(["for_statement".to_owned()]);
        loop {
            let more: Vec<String> = children
                .iter()
                .filter(|(kind, held)| !holders.contains(kind) && held.iter().any(|k| holders.contains(k)))
                .map(|(kind, _)| kind.clone())
                .collect();
            if more.is_empty() {
                break;
            }
            holders.extend(more);
        }
        for kind in &holders {
            assert!(super::may_hold_a_loop(kind), "the walk skips `{kind}`, which can hold a loop");
        }
        let entered = types.iter().map(named).filter(|kind| super::may_hold_a_loop(kind)).count();
        assert_eq!(entered, holders.len(), "the walk enters kinds that hold no loop");
        assert!(super::may_hold_a_loop("ERROR"));
    }
}
