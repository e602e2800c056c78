#![doc = include_str!("awaitable_dropped.md")]

use crate::analysis::Language;
use crate::analysis::calls::Call;
use crate::analysis::finding::{Finding, Severity};
use crate::analysis::rules::python::never_awaited::{add_await, is_discarded};
use crate::analysis::rules::{Context, Fixability, Needs, Rule};
use crate::locale::Bilingual;

pub static RULE: Rule = Rule {
    code: "CTP202",
    peer: "none",
    name: "awaitable-never-awaited",
    language: Language::Python,
    fix: Fixability::Safe,
    severity: Severity::Warning,
    message: Bilingual::new(
        "`{subject}` returns an awaitable that is never awaited: the code does not wait here, and results and errors are lost",
        "`{subject}` возвращает awaitable-объект, который никто не ждёт: код здесь не ждёт, а результаты и ошибки теряются",
    ),
    fix_title: Bilingual::new("Add the missing `await`", "Добавить недостающий `await`"),
    doc: Bilingual::new(include_str!("awaitable_dropped.md"), include_str!("awaitable_dropped.ru.md")),
    needs: &[Needs::Entry(|entry| entry.awaitable)],
    check,
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Context { file, names, calls, .. } = context;
    for &Call { call, callee } in calls.iter() {
        // Resolution is cached by now; finding a node's parent walks down from the root.
        if !names.resolve_api(file, callee).is_some_and(|entry| entry.awaitable) || !is_discarded(call) {
            continue;
        }
        findings.push(context.finding(
            &RULE,
            call.byte_range(),
            crate::analysis::names::compact(file.node_text(callee)),
            add_await(call),
        ));
    }
}
