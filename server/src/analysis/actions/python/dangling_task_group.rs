//! A dropped `asyncio.create_task(..)` (CTP203) → a task of an `asyncio.TaskGroup` (Python
//! 3.11+), the second way to keep it: the group holds its tasks and waits for them.
//!
//! ```python
//! async def main():                          async def main():
//!     asyncio.create_task(audit())               async with asyncio.TaskGroup() as tg:
//!     await serve()                      →           tg.create_task(audit())
//!     print("done")                                  await serve()
//!                                                    print("done")
//! ```
//! The group waits at the end of its `async with`, so everything from the spawn to the end of
//! its block moves inside: the task still runs alongside that code, as before, and the block
//! ends by waiting for it. Other dropped `asyncio.create_task` calls in the moved code join
//! the same group.
//!
//! Offered only where that block is the coroutine's body, or the body of a `with` in it, where
//! the group then waits before the resource closes (the task may well be using it). In a loop
//! the group would wait at every iteration, and in an `if` or `try` before the rest of the
//! function, serialising what ran concurrently; nor in async generators, where a `yield`
//! inside a task group suspends the group with it.
//!
//! Unsafe: the function now waits for the task before it finishes, a failing task cancels the
//! rest of the block, and errors leave the block as an `ExceptionGroup`, which an
//! `except ValueError:` around the call no longer catches.

use tree_sitter::Node;

use crate::analysis::TextEdit;
use crate::analysis::actions::python::make_async::contains_yield;
use crate::analysis::actions::{Context, Conversion};
use crate::analysis::calls::Call;
use crate::analysis::python::{imports, indent, scope};
use crate::analysis::rules::python::never_awaited::is_discarded;
use crate::locale::Bilingual;

/// Names the group may take, the first one the function does not use yet.
const GROUP_NAMES: &[&str] = &["tg", "task_group", "group"];

pub fn find(context: &Context<'_>, conversions: &mut Vec<Conversion>) {
    let Context { range, calls, .. } = context;
    for &Call { call, callee } in calls {
        if call.end_byte() < range.start || range.end < call.start_byte() {
            continue;
        }
        if !is_dropped_create_task(context, call, callee) {
            continue;
        }
        let Some(edits) = wrap_in_group(context, call) else { continue };
        conversions.push(Conversion {
            title: Bilingual::new(
                "Run the task in an `asyncio.TaskGroup` (Python 3.11+; the function waits for it)",
                "Выполнить задачу в `asyncio.TaskGroup` (Python 3.11+; функция будет её ждать)",
            ),
            subject: String::new(),
            edits,
            safe: false,
        });
    }
}

/// `asyncio.create_task(..)`, however imported, as a statement of its own. Left out:
/// `asyncio.ensure_future`, which also takes futures a group cannot adopt, and
/// `loop.create_task`, whose loop may not be the one running the group.
fn is_dropped_create_task(context: &Context<'_>, call: Node<'_>, callee: Node<'_>) -> bool {
    let resolved = context.names.resolve_api(context.file, callee);
    resolved.is_some_and(|entry| entry.id == "asyncio.create_task") && is_discarded(call)
}

/// The edits that open a group at the statement holding `call` and move the rest of its block
/// inside, or `None` where the group would not be correct.
fn wrap_in_group(context: &Context<'_>, call: Node<'_>) -> Option<Vec<TextEdit>> {
    let Context { file, names, calls, .. } = context;
    let statement = call.parent()?;
    let function = scope::enclosing_function(statement).filter(|f| scope::is_async_function(*f))?;
    if contains_yield(function) || !waits_where_the_function_ends(statement, function) {
        return None;
    }
    let block = statement.parent().filter(|b| b.kind() == "block")?;
    let line = file.line_range(statement.start_byte());
    if !file.text()[line.start..statement.start_byte()].trim().is_empty() {
        return None; // `x = 1; asyncio.create_task(..)`: the line cannot move as a whole.
    }
    let unit = indent::unit(file, block)?;
    let group = scope::unused_name(file, function, GROUP_NAMES)?;
    let region = line.start..block.end_byte();
    let (class, import) = match names.local_name_of("asyncio.TaskGroup") {
        Some(local) => (local.to_owned(), None),
        None => {
            let (asyncio, import) = imports::module_reference(file, names, "asyncio");
            (format!("{asyncio}.TaskGroup"), import)
        }
    };
    let indentation = file.indentation_at(statement.start_byte());
    let mut edits = vec![TextEdit::insert(line.start, format!("{indentation}async with {class}() as {group}:\n"))];
    edits.extend(indent::deeper(file, region.clone(), &unit));
    // Every dropped spawn of this coroutine in the moved code joins the group.
    for &Call { call: other, callee } in calls {
        let in_region = region.start <= other.start_byte() && other.end_byte() <= region.end;
        if in_region
            && scope::enclosing_function(other) == Some(function)
            && is_dropped_create_task(context, other, callee)
        {
            edits.push(TextEdit::replace(callee.byte_range(), format!("{group}.create_task")));
        }
    }
    edits.extend(import);
    Some(edits)
}

/// True when every block between `statement` and `function` is a `with` body (see the module
/// docs), so the group waits where the function or a resource's scope ends.
fn waits_where_the_function_ends(statement: Node<'_>, function: Node<'_>) -> bool {
    let mut block = statement.parent();
    while let Some(current) = block.filter(|b| b.kind() == "block") {
        let Some(owner) = current.parent() else { return false };
        if owner == function {
            return true;
        }
        if owner.kind() != "with_statement" {
            return false;
        }
        block = owner.parent();
    }
    false
}
