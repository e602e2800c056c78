#![doc = include_str!("blocking_sleep.md")]

use crate::analysis::calls::Call;
use crate::analysis::finding::{Finding, Fix, Severity};
use crate::analysis::python::{imports, scope};
use crate::analysis::rules::{Context, Fixability, Needs, Rule};
use crate::analysis::{Language, TextEdit};
use crate::locale::Bilingual;

pub static RULE: Rule = Rule {
    code: "CTP101",
    peer: "ruff ASYNC251 (no fix)",
    name: "blocking-sleep-in-async",
    language: Language::Python,
    fix: Fixability::Safe,
    severity: Severity::Warning,
    message: Bilingual::new(
        "`{subject}` blocks the event loop: no other task runs while this coroutine sleeps",
        "`{subject}` блокирует цикл событий: пока эта сопрограмма спит, другие задачи не выполняются",
    ),
    fix_title: Bilingual::new("Replace with `await asyncio.sleep(...)`", "Заменить на `await asyncio.sleep(...)`"),
    doc: Bilingual::new(include_str!("blocking_sleep.md"), include_str!("blocking_sleep.ru.md")),
    needs: &[Needs::AsyncCode],
    check,
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Context { file, names, calls, .. } = context;
    for &Call { call, callee } in calls.iter() {
        if names.resolve_api(file, callee).is_none_or(|entry| entry.id != "time.sleep") || !scope::in_coroutine(call) {
            continue;
        }
        let Some(arguments) = call.child_by_field_name("arguments") else {
            continue;
        };
        // In a generator expression an added `await` would make it an async generator.
        let fix = (scope::is_awaited(call) || scope::can_await(call)).then(|| {
            let (asyncio, import) = imports::module_reference(file, names, "asyncio");
            let awaited = if scope::is_awaited(call) { "" } else { "await " };
            let replacement = format!("{awaited}{asyncio}.sleep{}", file.node_text(arguments));
            let mut edits = vec![TextEdit::replace(call.byte_range(), replacement)];
            edits.extend(import);
            Fix { edits, safe: true }
        });
        findings.push(context.finding(&RULE, call.byte_range(), file.node_text(callee).to_owned(), fix));
    }
}
