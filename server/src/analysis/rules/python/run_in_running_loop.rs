#![doc = include_str!("run_in_running_loop.md")]

use crate::analysis::calls::Call;
use crate::analysis::finding::{Finding, Fix, Severity};
use crate::analysis::python::scope;
use crate::analysis::rules::{Context, Fixability, Needs, Rule};
use crate::analysis::{Language, TextEdit};
use crate::locale::Bilingual;

pub static RULE: Rule = Rule {
    code: "CTP502",
    peer: "none; asyncio raises RuntimeError at run time",
    name: "run-in-running-loop",
    language: Language::Python,
    fix: Fixability::Safe,
    severity: Severity::Warning,
    message: Bilingual::new(
        "`{subject}` inside a coroutine raises RuntimeError: an event loop is already running in this thread",
        "`{subject}` внутри сопрограммы вызывает RuntimeError: в этом потоке уже работает цикл событий",
    ),
    fix_title: Bilingual::new("Await the coroutine on the running loop", "Дождаться сопрограммы в работающем цикле"),
    doc: Bilingual::new(include_str!("run_in_running_loop.md"), include_str!("run_in_running_loop.ru.md")),
    needs: &[Needs::AsyncCode],
    check,
};

const LOOP_STARTERS: &[&str] = &["asyncio.run", "asyncio.AbstractEventLoop.run_until_complete"];

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Context { file, names, calls, .. } = context;
    for &Call { call, callee } in calls.iter() {
        let starts_loop = names.resolve_api(file, callee).is_some_and(|e| LOOP_STARTERS.contains(&e.id.as_str()));
        if !starts_loop || !scope::in_coroutine(call) {
            continue;
        }
        // Only a single positional argument can simply be awaited instead.
        let fix = crate::analysis::arguments::only(call).filter(|argument| argument.kind() != "keyword_argument").map(
            |argument| Fix {
                edits: vec![TextEdit::replace(call.byte_range(), format!("await {}", file.node_text(argument)))],
                safe: true,
            },
        );
        findings.push(context.finding(
            &RULE,
            call.byte_range(),
            crate::analysis::names::compact(file.node_text(callee)),
            fix,
        ));
    }
}
