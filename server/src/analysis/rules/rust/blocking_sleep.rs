#![doc = include_str!("blocking_sleep.md")]

use crate::analysis::calls::Call;
use crate::analysis::finding::{Finding, Fix, Severity};
use crate::analysis::rules::{Context, Fixability, Needs, Rule};
use crate::analysis::rust::scope;
use crate::analysis::{Language, TextEdit};
use crate::locale::Bilingual;

pub static RULE: Rule = Rule {
    code: "CTR101",
    peer: "none in clippy",
    name: "blocking-sleep-in-async",
    language: Language::Rust,
    fix: Fixability::Safe,
    severity: Severity::Warning,
    message: Bilingual::new(
        "`{subject}` blocks the runtime's worker thread: other tasks on it stall while this task sleeps",
        "`{subject}` блокирует рабочий поток среды: пока эта задача спит, другие задачи на нём стоят",
    ),
    fix_title: Bilingual::new(
        "Replace with `tokio::time::sleep(...).await`",
        "Заменить на `tokio::time::sleep(...).await`",
    ),
    doc: Bilingual::new(include_str!("blocking_sleep.md"), include_str!("blocking_sleep.ru.md")),
    needs: &[Needs::AsyncCode],
    check,
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Context { file, names, calls, .. } = context;
    // The replacement only compiles where tokio is a dependency; its use in the file is the
    // evidence we have without reading Cargo.toml.
    let uses_tokio = names.uses_crate(file, "tokio");
    for &Call { call, callee } in calls.iter() {
        if names.resolve_api(file, callee).is_none_or(|entry| entry.id != "std::thread::sleep")
            || !scope::in_async_code(call)
        {
            continue;
        }
        let fix = call.child_by_field_name("arguments").filter(|_| uses_tokio).map(|arguments| Fix {
            edits: vec![TextEdit::replace(
                call.byte_range(),
                format!("tokio::time::sleep{}.await", file.node_text(arguments)),
            )],
            safe: true,
        });
        findings.push(context.finding(&RULE, call.byte_range(), file.node_text(callee).to_owned(), fix));
    }
}
