//! A module-level function → a Celery task of the file's Celery app, its calls sent to workers:
//!
//! ```python
//! app = Celery("shop")                      app = Celery("shop")
//!
//! def total(prices):                        @app.task
//!     return sum(prices)            →       def total(prices):
//!                                               return sum(prices)
//! def checkout(prices):
//!     record(total(prices))                 def checkout(prices):
//!     total(prices)                             record(total.delay(prices).get())
//!                                               total.delay(prices)
//! ```
//! A call whose value is dropped becomes `.delay(..)`: it sends a message and moves on. A call
//! whose value is used becomes `.delay(..).get()`, which waits for a worker and needs a result
//! backend; the title says so when the file has such a call.
//!
//! Offered on a plain module-level `def` (a worker imports it by name) defined after the app,
//! when every use of its name in the file is a call that can be rewritten. Not offered when the
//! name is passed as a value, rebound or shadowed; when it is called at module level outside a
//! main guard (every worker importing the module would send the task again); from itself; or
//! with `.get()` inside another task, which Celery refuses by default.
//!
//! Unsafe: arguments and results are serialized (JSON by default), the work runs in another
//! process, maybe on another machine, with no shared memory, and a dropped call's errors no
//! longer reach the caller.

use tree_sitter::Node;

use crate::analysis::actions::python::make_async::{contains_yield, function_at};
use crate::analysis::actions::python::references::calls_of;
use crate::analysis::actions::{Context, Conversion};
use crate::analysis::python::scope;
use crate::analysis::rules::python::missing_main_guard::{is_main_guard, top_level_statement};
use crate::analysis::rules::python::never_awaited::is_discarded;
use crate::analysis::{SourceFile, TextEdit};
use crate::locale::Bilingual;

/// Decorators that already make a function a Celery task.
const TASK_DECORATORS: &[&str] = &["celery.Celery.task", "celery.shared_task"];

pub fn find(context: &Context<'_>, conversions: &mut Vec<Conversion>) {
    let Context { file, range, .. } = context;
    let Some(function) = function_at(file, range.start) else { return };
    let definition = function.parent().filter(|p| p.kind() == "decorated_definition").unwrap_or(function);
    let at_module_level = definition.parent().is_some_and(|p| p.kind() == "module");
    if !at_module_level || scope::is_async_function(function) || contains_yield(function) {
        return;
    }
    if is_task_already(context, definition) {
        return;
    }
    let Some(app) = celery_app_before(context, definition.start_byte()) else { return };
    let Some(name) = function.child_by_field_name("name") else { return };
    let Some((mut edits, waits)) = rewrite_calls(context, definition, function) else { return };
    // Above any other decorator: Celery must see the function as the others leave it.
    let indentation = file.indentation_at(definition.start_byte());
    edits.push(TextEdit::insert(definition.start_byte(), format!("@{app}.task\n{indentation}")));
    let title = match waits {
        false => Bilingual::new(
            "Make `{subject}` a Celery task: its calls become `.delay()` and run on a worker",
            "Сделать `{subject}` задачей Celery: вызовы станут `.delay()` и выполнятся на воркере",
        ),
        true => Bilingual::new(
            "Make `{subject}` a Celery task: calls become `.delay()`; where the result is used, `.get()` waits for the worker (needs a result backend)",
            "Сделать `{subject}` задачей Celery: вызовы станут `.delay()`; где нужен результат, `.get()` ждёт воркер (нужен бэкенд результатов)",
        ),
    };
    conversions.push(Conversion { title, subject: file.node_text(name).to_owned(), edits, safe: false });
}

/// A decorator that resolves to a Celery task decorator: `@app.task`, `@app.task(bind=True)`,
/// `@shared_task`.
fn is_task_already(context: &Context<'_>, definition: Node<'_>) -> bool {
    let mut cursor = definition.walk();
    let decorators: Vec<Node<'_>> =
        definition.named_children(&mut cursor).filter(|c| c.kind() == "decorator").collect();
    decorators.into_iter().filter_map(|decorator| decorator.named_child(0)).any(|expression| {
        let target = match expression.kind() {
            "call" => expression.child_by_field_name("function"),
            _ => Some(expression),
        };
        target
            .and_then(|target| context.names.resolve_api(context.file, target))
            .is_some_and(|entry| TASK_DECORATORS.contains(&entry.id.as_str()))
    })
}

/// The name of the last module-level `name = Celery(..)` before `offset`: the decorator runs
/// when the `def` does, so the app must exist by then.
fn celery_app_before<'a>(context: &Context<'a>, offset: usize) -> Option<&'a str> {
    let Context { file, names, .. } = context;
    let root = file.root();
    let mut cursor = root.walk();
    let statements: Vec<Node<'a>> = root.named_children(&mut cursor).filter(|s| s.end_byte() <= offset).collect();
    statements.into_iter().rev().find_map(|statement| {
        let assignment = (statement.kind() == "expression_statement").then(|| statement.named_child(0)).flatten()?;
        let target = assignment.child_by_field_name("left").filter(|l| l.kind() == "identifier")?;
        let value = assignment.child_by_field_name("right").filter(|r| r.kind() == "call")?;
        let callee = value.child_by_field_name("function")?;
        let is_app = names.resolve_api(file, callee).is_some_and(|entry| entry.id == "celery.Celery");
        is_app.then(|| file.node_text(target))
    })
}

/// The edits that send every call of `function` through `.delay`, and whether any of them
/// also waits with `.get()`; `None` when some use of its name cannot be rewritten.
fn rewrite_calls(context: &Context<'_>, definition: Node<'_>, function: Node<'_>) -> Option<(Vec<TextEdit>, bool)> {
    let file = context.file;
    let mut edits = Vec::new();
    let mut waits = false;
    for call in calls_of(file, function)? {
        let callee = call.child_by_field_name("function")?;
        let inside_itself = definition.start_byte() <= call.start_byte() && call.end_byte() <= definition.end_byte();
        if inside_itself || runs_on_import(file, call) {
            return None;
        }
        edits.push(TextEdit::replace(callee.byte_range(), format!("{}.delay", file.node_text(callee))));
        if !is_discarded(call) {
            if in_task(context, call) {
                return None;
            }
            edits.push(TextEdit::insert(call.end_byte(), ".get()"));
            waits = true;
        }
    }
    Some((edits, waits))
}

/// A call at module or class level outside `if __name__ == "__main__":` runs whenever the module
/// is imported, and Celery workers import it to find the task.
fn runs_on_import(file: &SourceFile, call: Node<'_>) -> bool {
    if scope::enclosing_function(call).is_some() {
        return false;
    }
    !top_level_statement(call).is_some_and(|statement| is_main_guard(file, statement))
}

/// Whether `call` runs in the body of a function that is itself a Celery task.
fn in_task(context: &Context<'_>, call: Node<'_>) -> bool {
    let mut function = scope::enclosing_function(call);
    while let Some(current) = function {
        let definition = current.parent().filter(|p| p.kind() == "decorated_definition");
        if definition.is_some_and(|definition| is_task_already(context, definition)) {
            return true;
        }
        function = scope::enclosing_function(current);
    }
    false
}
