#![doc = include_str!("dangling_task.md")]

use tree_sitter::Node;

use crate::analysis::calls::Call;
use crate::analysis::finding::{Finding, Fix, Severity};
use crate::analysis::python::{imports, scope};
use crate::analysis::rules::python::never_awaited::is_discarded;
use crate::analysis::rules::{Context, Fixability, Needs, Rule};
use crate::analysis::{Language, SourceFile, TextEdit};
use crate::locale::Bilingual;

pub static RULE: Rule = Rule {
    code: "CTP203",
    peer: "ruff RUF006 (no fix)",
    name: "dangling-task",
    language: Language::Python,
    fix: Fixability::Safe,
    severity: Severity::Warning,
    message: Bilingual::new(
        "the task from `{subject}` is not kept: the event loop holds tasks weakly, so it may be garbage-collected before it finishes",
        "задача из `{subject}` нигде не сохранена: цикл событий держит задачи по слабым ссылкам, и её может собрать сборщик мусора до завершения",
    ),
    fix_title: Bilingual::new(
        "Keep a reference to the task until it finishes",
        "Хранить ссылку на задачу до её завершения",
    ),
    doc: Bilingual::new(include_str!("dangling_task.md"), include_str!("dangling_task.ru.md")),
    needs: &[Needs::Entry(|entry| TASK_FACTORIES.contains(&entry.id.as_str()))],
    check,
};

const TASK_FACTORIES: &[&str] =
    &["asyncio.create_task", "asyncio.ensure_future", "asyncio.AbstractEventLoop.create_task"];
const REGISTRY: &str = "_background_tasks";
/// The registry's definition; the fix adds it only where the text lacks it, which
/// incremental analysis watches for (`incremental/probes.rs`).
pub(crate) const REGISTRY_STATEMENT: &str = "_background_tasks = set()";
const TASK_NAMES: &[&str] = &["task", "background_task", "spawned_task"];

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Context { file, names, calls, .. } = context;
    for &Call { call, callee } in calls.iter() {
        let is_factory = names.resolve_api(file, callee).is_some_and(|e| TASK_FACTORIES.contains(&e.id.as_str()));
        if !is_factory || !is_discarded(call) {
            continue;
        }
        findings.push(context.finding(
            &RULE,
            call.byte_range(),
            crate::analysis::names::compact(file.node_text(callee)),
            keep_reference(file, call),
        ));
    }
}

/// `task = <call>`, then the task added to the module's registry and removed when done.
fn keep_reference(file: &SourceFile, call: Node<'_>) -> Option<Fix> {
    // A fresh variable: reusing `task` would overwrite one the code may still await.
    let scope = scope::enclosing_function(call).unwrap_or_else(|| file.root());
    let task = scope::unused_name(file, scope, TASK_NAMES)?;
    // A statement sharing its line (`if ready: asyncio.create_task(..)`) stays on it.
    let line_start = file.line_range(call.start_byte()).start;
    let separator = match file.text()[line_start..call.start_byte()].trim().is_empty() {
        true => format!("\n{}", file.indentation_at(call.start_byte())),
        false => "; ".to_owned(),
    };
    let call_text = file.node_text(call);
    let mut edits = vec![TextEdit::replace(
        call.byte_range(),
        format!(
            "{task} = {call_text}{separator}{REGISTRY}.add({task}){separator}{task}.add_done_callback({REGISTRY}.discard)"
        ),
    )];
    if !file.text().contains(REGISTRY_STATEMENT) {
        edits.push(imports::module_statement(file, &format!("{REGISTRY_STATEMENT}  # tasks kept alive until done")));
    }
    Some(Fix { edits, safe: true })
}
