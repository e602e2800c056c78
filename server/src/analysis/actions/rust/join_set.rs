//! A loop of independent awaits → tasks on a `tokio::task::JoinSet`:
//!
//! ```text
//! for id in 0..4 {                          let mut set = tokio::task::JoinSet::new();
//!     sizes.push(fetch(id).await);          for id in 0..4 {
//! }                                     →       set.spawn(fetch(id));
//!                                           }
//!                                           while let Some(res) = set.join_next().await {
//!                                               sizes.push(res.unwrap());
//!                                           }
//! ```
//!
//! The loops are those CTR401 fixes with `join_all`. Unlike `join_all`, each call becomes a task
//! that the multi-thread runtime may run in parallel, so `JoinSet::spawn` needs a `Send +
//! 'static` future: the conversion is offered only for a plain function call whose every
//! argument is visibly owned (a literal, a clone, a `format!`, or the loop variable when the
//! loop yields owned items). Results come back in completion order, each as a `Result<T,
//! JoinError>` that is unwrapped to re-raise a task's panic, so a collecting loop changes the
//! order of its list; the title says so.

use tree_sitter::Node;

use super::path_to;
use crate::analysis::actions::{Context, Conversion};
use crate::analysis::names::Names;
use crate::analysis::rules::rust::sequential_awaits::{LoopShape, independent_loops, statement_end};
use crate::analysis::rust::scope;
use crate::analysis::{SourceFile, TextEdit};
use crate::locale::Bilingual;

pub fn find(context: &Context<'_>, conversions: &mut Vec<Conversion>) {
    let Context { file, names, range, matched, .. } = context;
    if !names.uses_crate(file, "tokio") {
        return;
    }
    for (node, shape) in independent_loops(file, matched) {
        if node.end_byte() < range.start || range.end < node.start_byte() || !is_static_future(file, names, &shape) {
            continue;
        }
        let Some(function) = scope::enclosing_body(node) else { continue };
        let set = super::fresh_name(file, function, "set");
        let res = super::fresh_name(file, function, "res");
        let indent = file.indentation_at(node.start_byte());
        let inner = format!("{indent}    ");
        // Comments in the loop body stay with the spawn that replaces the awaited call.
        let body = node.child_by_field_name("body");
        let mut cursor = body.map(|b| b.walk());
        let comments: String = match (body, cursor.as_mut()) {
            (Some(body), Some(cursor)) => body
                .named_children(cursor)
                .filter(|n| matches!(n.kind(), "line_comment" | "block_comment"))
                .map(|comment| format!("{inner}{}\n", file.node_text(comment).trim_end()))
                .collect(),
            _ => String::new(),
        };
        let LoopShape { pattern, items, call, collector } = shape;
        let collect = match collector {
            Some(list) => format!("{list}.push({res}.unwrap());"),
            None => format!("{res}.unwrap();"),
        };
        let replacement = format!(
            "let mut {set} = {}::new();\n{indent}for {} in {} {{\n{comments}{inner}{set}.spawn({});\n{indent}}}\n{indent}while let Some({res}) = {set}.join_next().await {{\n{inner}{collect}\n{indent}}}",
            path_to(names, "tokio::task::JoinSet"),
            file.node_text(pattern),
            file.node_text(items),
            file.node_text(call),
        );
        let title = match collector {
            Some(_) => Bilingual::new(
                "Spawn the calls on a `tokio::task::JoinSet` (results arrive in completion order)",
                "Запустить вызовы задачами в `tokio::task::JoinSet` (результаты — в порядке завершения)",
            ),
            None => Bilingual::new(
                "Spawn the calls on a `tokio::task::JoinSet`",
                "Запустить вызовы задачами в `tokio::task::JoinSet`",
            ),
        };
        conversions.push(Conversion {
            title,
            subject: String::new(),
            edits: vec![TextEdit::replace(node.start_byte()..statement_end(node), replacement)],
            // Tasks may run in parallel, results are reordered, and `Send` is not checked here.
            safe: false,
        });
    }
}

/// Whether the awaited call makes a future that owns everything it uses, as `JoinSet::spawn`
/// requires: a function named by path (a method would borrow its receiver) whose arguments are
/// all owned values.
fn is_static_future(file: &SourceFile, names: &Names, shape: &LoopShape<'_>) -> bool {
    let Some(function) = shape.call.child_by_field_name("function") else { return false };
    if !matches!(function.kind(), "identifier" | "scoped_identifier" | "generic_function") {
        return false;
    }
    let Some(arguments) = shape.call.child_by_field_name("arguments") else { return false };
    let mut cursor = arguments.walk();
    let loop_variable = (shape.pattern.kind() == "identifier").then(|| file.node_text(shape.pattern));
    let owned_items = yields_owned_items(file, shape.items);
    arguments.named_children(&mut cursor).filter(|a| !a.kind().ends_with("comment")).all(|argument| {
        let is_loop_variable =
            |node: Node<'_>| node.kind() == "identifier" && Some(file.node_text(node)) == loop_variable;
        match argument.kind() {
            "integer_literal" | "float_literal" | "boolean_literal" | "char_literal" | "string_literal"
            | "raw_string_literal" => true,
            "identifier" => is_loop_variable(argument) && owned_items,
            // `*id`: a copy of a `Copy` item.
            "unary_expression" => {
                file.node_text(argument).starts_with('*') && argument.named_child(0).is_some_and(is_loop_variable)
            }
            "macro_invocation" => argument.child_by_field_name("macro").is_some_and(|m| file.node_text(m) == "format"),
            "call_expression" => owning_call(file, names, argument),
            _ => false,
        }
    })
}

/// `x.clone()`, `x.to_owned()`, `x.to_string()`, `Arc::clone(&x)`: calls whose result is owned.
fn owning_call(file: &SourceFile, names: &Names, call: Node<'_>) -> bool {
    let Some(function) = call.child_by_field_name("function") else { return false };
    let no_arguments = call.child_by_field_name("arguments").is_some_and(|a| a.named_child_count() == 0);
    match function.kind() {
        "field_expression" => {
            let method = function.child_by_field_name("field").map_or("", |f| file.node_text(f));
            no_arguments && matches!(method, "clone" | "to_owned" | "to_string" | "to_vec")
        }
        _ => names.qualify(file, function).is_some_and(|path| path == "std::sync::Arc::clone"),
    }
}

/// Loops over a range, an array or `vec!` of literals, or an owned local collection yield owned
/// items; `for x in &items` or over a borrowed slice yields references that a task cannot keep.
fn yields_owned_items(file: &SourceFile, items: Node<'_>) -> bool {
    match items.kind() {
        "range_expression" => true,
        "array_expression" => literal_elements(items),
        "macro_invocation" => {
            let is_vec = items.child_by_field_name("macro").is_some_and(|m| file.node_text(m) == "vec");
            is_vec && items.named_child(items.named_child_count().saturating_sub(1)).is_some_and(literal_elements)
        }
        "identifier" => declared_owned(file, items),
        _ => false,
    }
}

fn literal_elements(list: Node<'_>) -> bool {
    let mut cursor = list.walk();
    list.named_children(&mut cursor).all(|element| {
        element.kind().ends_with("_literal") || matches!(element.kind(), "line_comment" | "block_comment")
    })
}

/// Whether the collection named by `items` is declared in its function with an owned type: a
/// parameter or a `let` whose type has no reference or lifetime in it (`Vec<String>`), or a
/// `let` bound to a `vec!` of literals.
fn declared_owned(file: &SourceFile, items: Node<'_>) -> bool {
    let name = file.node_text(items);
    let Some(function) = crate::analysis::source::ancestor(items, &["function_item"]) else { return false };
    let owned_type = |t: Node<'_>| !file.node_text(t).contains(['&', '\'']) && !file.node_text(t).starts_with("impl");
    let mut declarations = Vec::new();
    let mut stack = vec![function];
    while let Some(node) = stack.pop() {
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
        if !matches!(node.kind(), "parameter" | "let_declaration") || node.start_byte() > items.start_byte() {
            continue;
        }
        let binds = node.child_by_field_name("pattern").is_some_and(|p| {
            let p = if p.kind() == "mut_pattern" { p.named_child(0).unwrap_or(p) } else { p };
            p.kind() == "identifier" && file.node_text(p) == name
        });
        if binds {
            let owned = match (node.child_by_field_name("type"), node.child_by_field_name("value")) {
                (Some(declared), _) => owned_type(declared),
                (None, Some(value)) => value.kind() == "macro_invocation" && yields_owned_items(file, value),
                (None, None) => false,
            };
            declarations.push(owned);
        }
    }
    !declarations.is_empty() && declarations.into_iter().all(|owned| owned)
}
