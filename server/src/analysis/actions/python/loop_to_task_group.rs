//! A loop of independent awaits → an `asyncio.TaskGroup` (Python 3.11+), the alternative to
//! `asyncio.gather` when one failure should cancel the rest:
//!
//! ```python
//! for url in urls:                        async with asyncio.TaskGroup() as group:
//!     pages.append(await fetch(url))  →       tasks = [group.create_task(fetch(url)) for url in urls]
//!                                         pages.extend(task.result() for task in tasks)
//! ```

use crate::analysis::TextEdit;
use crate::analysis::actions::{Context, Conversion};
use crate::analysis::python::{imports, scope};
use crate::analysis::rules::python::sequential_awaits::independent_loops;
use crate::locale::Bilingual;

pub fn find(context: &Context<'_>, conversions: &mut Vec<Conversion>) {
    let Context { file, names, range, .. } = context;
    for (node, shape) in independent_loops(file, names) {
        // The comprehension's variable does not outlive it, unlike the loop's.
        if node.end_byte() < range.start || range.end < node.start_byte() || scope::loop_variable_used_later(file, node)
        {
            continue;
        }
        let (asyncio, import) = imports::module_reference(file, names, "asyncio");
        let indent = file.indentation_at(node.start_byte());
        let (call, target, items) =
            (file.node_text(shape.call), file.node_text(shape.target), file.node_text(shape.items));
        let group = format!("async with {asyncio}.TaskGroup() as group:\n{indent}    ");
        let replacement = match shape.collector {
            Some(list) => format!(
                "{group}tasks = [group.create_task({call}) for {target} in {items}]\n{indent}{list}.extend(task.result() for task in tasks)"
            ),
            None => format!("{group}for {target} in {items}:\n{indent}        group.create_task({call})"),
        };
        let mut edits = vec![TextEdit::replace(node.byte_range(), replacement)];
        edits.extend(import);
        conversions.push(Conversion {
            title: Bilingual::new(
                "Run the calls together in an `asyncio.TaskGroup`",
                "Выполнить вызовы вместе в `asyncio.TaskGroup`",
            ),
            subject: String::new(),
            edits,
            safe: false,
        });
    }
}
