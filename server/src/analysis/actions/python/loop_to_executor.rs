//! A loop of independent synchronous calls → `executor.map` on a thread or process pool:
//!
//! ```python
//! for path in paths:                     with ThreadPoolExecutor() as executor:
//!     sizes.append(measure(path))    →       sizes.extend(executor.map(measure, paths))
//! ```
//! Offered when each iteration calls one function with the loop variable as its only argument,
//! either as a statement or appending to a list; `map` keeps the results in order.

use tree_sitter::Node;

use crate::analysis::actions::{Context, Conversion};
use crate::analysis::python::{imports, scope};
use crate::analysis::{SourceFile, TextEdit};
use crate::locale::Bilingual;

pub fn find(context: &Context<'_>, conversions: &mut Vec<Conversion>) {
    let Context { file, names, range, .. } = context;
    let mut stack = vec![file.root()];
    while let Some(node) = stack.pop() {
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
        let on_header = node.kind() == "for_statement"
            && node.start_byte() <= range.end
            && range.start <= node.child_by_field_name("body").map_or(node.end_byte(), |b| b.start_byte());
        // In coroutines the answer is `asyncio.gather` (CTP401), not a pool.
        if !on_header || scope::in_coroutine(node) || node.child(0).is_some_and(|c| c.kind() == "async") {
            continue;
        }
        // `executor.map` binds no loop variable for code after the loop to read.
        let Some(shape) = loop_shape(file, node).filter(|_| !scope::loop_variable_used_later(file, node)) else {
            continue;
        };
        for (class, title, safe) in [
            (
                "ThreadPoolExecutor",
                Bilingual::new(
                    "Run the calls on a thread pool: `executor.map`",
                    "Выполнить вызовы в пуле потоков: `executor.map`",
                ),
                false,
            ),
            (
                "ProcessPoolExecutor",
                Bilingual::new(
                    "Run the calls on a process pool: `executor.map`",
                    "Выполнить вызовы в пуле процессов: `executor.map`",
                ),
                false,
            ),
        ] {
            let qualified = format!("concurrent.futures.{class}");
            let mut edits = Vec::new();
            let constructor = match names.local_name_of(&qualified) {
                Some(local) => local.to_owned(),
                None => {
                    edits.push(imports::module_statement(file, &format!("from concurrent.futures import {class}")));
                    class.to_owned()
                }
            };
            let indent = file.indentation_at(node.start_byte());
            let mapped = format!("executor.map({}, {})", shape.function, file.node_text(shape.items));
            let body = match shape.collector {
                Some(list) => format!("{list}.extend({mapped})"),
                None => format!("for _ in {mapped}:\n{indent}        pass"),
            };
            edits.push(TextEdit::replace(
                node.byte_range(),
                format!("with {constructor}() as executor:\n{indent}    {body}"),
            ));
            conversions.push(Conversion { title, subject: String::new(), edits, safe });
        }
    }
}

struct LoopShape<'a, 'tree> {
    items: Node<'tree>,
    function: &'a str,
    collector: Option<&'a str>,
}

/// `for x in items: f(x)` or `for x in items: out.append(f(x))`, with `f` a plain name or
/// attribute path and `x` a single name.
fn loop_shape<'a, 'tree>(file: &'a SourceFile, node: Node<'tree>) -> Option<LoopShape<'a, 'tree>> {
    let target = node.child_by_field_name("left").filter(|t| t.kind() == "identifier")?;
    let items = node.child_by_field_name("right")?;
    let expression = crate::analysis::python::scope::single_expression_body(node)?;
    let single_call = |call: Node<'_>| -> Option<&'a str> {
        let function =
            call.child_by_field_name("function").filter(|f| matches!(f.kind(), "identifier" | "attribute"))?;
        let arguments = call.child_by_field_name("arguments")?;
        let only = (arguments.named_child_count() == 1).then(|| arguments.named_child(0)).flatten()?;
        (call.kind() == "call" && file.node_text(only) == file.node_text(target)).then(|| file.node_text(function))
    };
    if let Some(function) = single_call(expression) {
        return Some(LoopShape { items, function, collector: None });
    }
    let function = expression.child_by_field_name("function").filter(|f| f.kind() == "attribute")?;
    let list = function.child_by_field_name("object").filter(|o| o.kind() == "identifier")?;
    if function.child_by_field_name("attribute").map(|a| file.node_text(a)) != Some("append") {
        return None;
    }
    let arguments = expression.child_by_field_name("arguments")?;
    let inner = (arguments.named_child_count() == 1).then(|| arguments.named_child(0)).flatten()?;
    Some(LoopShape { items, function: single_call(inner)?, collector: Some(file.node_text(list)) })
}
