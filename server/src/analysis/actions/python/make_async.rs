//! `def` → `async def`, awaiting the function at every call site in the file. Offered on a
//! plain function (not a generator, not wrapped by a decorator) whose every use in the file is
//! a call inside a coroutine, where an `await` can be added; elsewhere the callers would have to
//! change too.

use tree_sitter::Node;

use crate::analysis::actions::python::references;
use crate::analysis::actions::{Context, Conversion};
use crate::analysis::python::scope;
use crate::analysis::{SourceFile, TextEdit};
use crate::locale::Bilingual;

pub fn find(context: &Context<'_>, conversions: &mut Vec<Conversion>) {
    let Context { file, range, .. } = context;
    let Some(function) = function_at(file, range.start) else { return };
    let Some(name) = function.child_by_field_name("name").map(|n| file.node_text(n)) else { return };
    if scope::is_async_function(function) || contains_yield(function) || has_wrapping_decorator(file, function) {
        return;
    }
    // Every use must be a call that gets its `await`: a function passed as a value (`map(f, xs)`,
    // a callback) or a method called on an instance of unknown class would get coroutines.
    let Some(calls) = references::calls_of(file, function) else { return };
    let mut edits = vec![TextEdit::insert(function.start_byte(), "async ")];
    for call in calls {
        if scope::is_awaited(call) {
            continue;
        }
        if !scope::can_await(call) {
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

/// A decorator other than `@staticmethod` and `@classmethod` wraps the function in code that
/// expects a plain result: `@functools.cache` would cache a coroutine, which can be awaited
/// only once, and `@property` is read without a call, so nothing would await it.
fn has_wrapping_decorator(file: &SourceFile, function: Node<'_>) -> bool {
    let Some(definition) = function.parent().filter(|p| p.kind() == "decorated_definition") else { return false };
    let mut cursor = definition.walk();
    let decorators: Vec<Node<'_>> =
        definition.named_children(&mut cursor).filter(|c| c.kind() == "decorator").collect();
    decorators.iter().any(|decorator| !matches!(file.node_text(*decorator), "@staticmethod" | "@classmethod"))
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
