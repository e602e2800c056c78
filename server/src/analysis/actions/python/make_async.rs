//! `def` → `async def`, awaiting the function at every call site in the file. Offered on a
//! plain function (not a generator) whose every call in the file is inside a coroutine, where
//! an `await` can be added; elsewhere the callers would have to change too.

use tree_sitter::Node;

use crate::analysis::actions::{Context, Conversion};
use crate::analysis::calls::Call;
use crate::analysis::python::scope;
use crate::analysis::{SourceFile, TextEdit};
use crate::locale::Bilingual;

pub fn find(context: &Context<'_>, conversions: &mut Vec<Conversion>) {
    let Context { file, range, calls, .. } = context;
    let Some(function) = function_at(file, range.start) else { return };
    let Some(name) = function.child_by_field_name("name").map(|n| file.node_text(n)) else { return };
    if scope::is_async_function(function) || contains_yield(function) {
        return;
    }
    let mut edits = vec![TextEdit::insert(function.start_byte(), "async ")];
    for &Call { call, callee } in calls {
        let calls_it = match callee.kind() {
            "identifier" => file.node_text(callee) == name,
            "attribute" => {
                callee.child_by_field_name("attribute").is_some_and(|a| file.node_text(a) == name)
                    && callee.child_by_field_name("object").is_some_and(|o| matches!(file.node_text(o), "self" | "cls"))
            }
            _ => false,
        };
        if !calls_it || scope::is_awaited(call) {
            continue;
        }
        if !scope::in_coroutine(call) {
            return;
        }
        edits.push(TextEdit::insert(call.start_byte(), "await "));
    }
    conversions.push(Conversion {
        title: Bilingual::new(
            "Make `{subject}` a coroutine (`async def`) and await its calls",
            "Сделать `{subject}` сопрограммой (`async def`) и ждать её вызовы",
        ),
        subject: name.to_owned(),
        edits,
        safe: true,
    });
}

/// The `def` whose header (from `def` to the colon) holds `offset`.
pub(crate) fn function_at(file: &SourceFile, offset: usize) -> Option<Node<'_>> {
    let mut node = file.root().descendant_for_byte_range(offset, offset)?;
    loop {
        if node.kind() == "function_definition" {
            let body_start = node.child_by_field_name("body").map_or(node.end_byte(), |b| b.start_byte());
            return (offset < body_start).then_some(node);
        }
        node = node.parent()?;
    }
}

/// A `yield` of its own (not in a nested function) makes it a generator.
pub(crate) fn contains_yield(function: Node<'_>) -> bool {
    let Some(body) = function.child_by_field_name("body") else { return false };
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if node.kind() == "yield" {
            return true;
        }
        if matches!(node.kind(), "function_definition" | "lambda" | "class_definition") {
            continue;
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    false
}
