#![doc = include_str!("future_dropped.md")]

use crate::analysis::calls::Call;
use crate::analysis::finding::{Finding, Fix, Severity};
use crate::analysis::rules::{Context, Fixability, Needs, Rule};
use crate::analysis::rust::scope;
use crate::analysis::{Language, TextEdit};
use crate::locale::Bilingual;

pub static RULE: Rule = Rule {
    code: "CTR201",
    peer: "rustc `unused_must_use` for some futures (no fix)",
    name: "future-never-awaited",
    language: Language::Rust,
    fix: Fixability::Safe,
    severity: Severity::Warning,
    message: Bilingual::new(
        "`{subject}` creates a future that is dropped at once: futures are lazy, so this code never runs",
        "`{subject}` создаёт future, которая сразу отбрасывается: future ленивы, поэтому этот код не выполнится",
    ),
    fix_title: Bilingual::new("Add the missing `.await`", "Добавить недостающий `.await`"),
    doc: Bilingual::new(include_str!("future_dropped.md"), include_str!("future_dropped.ru.md")),
    needs: &[Needs::AsyncCode, Needs::Entry(|entry| entry.awaitable)],
    check,
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Context { file, names, calls, functions, .. } = context;
    let async_functions: std::collections::HashSet<&str> =
        functions.iter().filter(|(_, function)| scope::is_async_body(**function)).map(|(name, _)| *name).collect();
    for &Call { call, callee } in calls.iter() {
        let local = callee.kind() == "identifier" && async_functions.contains(file.node_text(callee));
        let catalogued = || names.resolve_api(file, callee).is_some_and(|entry| entry.awaitable);
        // Looking up the parent costs a walk down from the root; most calls stop before.
        let is_statement = || call.parent().is_some_and(|parent| parent.kind() == "expression_statement");
        if !(local || catalogued()) || !is_statement() {
            continue;
        }
        let fix = scope::in_async_code(call)
            .then(|| Fix { edits: vec![TextEdit::insert(call.end_byte(), ".await")], safe: true });
        findings.push(context.finding(
            &RULE,
            call.byte_range(),
            crate::analysis::names::compact(file.node_text(callee)),
            fix,
        ));
    }
}
