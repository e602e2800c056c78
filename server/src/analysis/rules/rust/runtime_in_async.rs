#![doc = include_str!("runtime_in_async.md")]

use crate::analysis::calls::Call;
use crate::analysis::finding::{Finding, Fix, Severity};
use crate::analysis::rules::{Context, Fixability, Needs, Rule};
use crate::analysis::rust::scope;
use crate::analysis::{Language, TextEdit};
use crate::locale::Bilingual;

pub static RULE: Rule = Rule {
    code: "CTR501",
    peer: "none; tokio panics at run time",
    name: "runtime-in-async",
    language: Language::Rust,
    fix: Fixability::Safe,
    severity: Severity::Warning,
    message: Bilingual::new(
        "`{subject}` inside async code blocks a runtime worker on another runtime; tokio panics with \"Cannot start a runtime from within a runtime\"",
        "`{subject}` внутри асинхронного кода блокирует рабочий поток ради другой среды; tokio паникует: \"Cannot start a runtime from within a runtime\"",
    ),
    fix_title: Bilingual::new("Await the future instead of blocking on it", "Дождаться future вместо блокировки"),
    doc: Bilingual::new(include_str!("runtime_in_async.md"), include_str!("runtime_in_async.ru.md")),
    needs: &[Needs::AsyncCode],
    check,
};

/// Calls that block on a future; the fix can await that future instead.
const BLOCKERS: &[&str] = &[
    "tokio::runtime::Runtime::block_on",
    "futures::executor::block_on",
    "async_std::task::block_on",
    "smol::block_on",
];
/// Calls that create a runtime.
const CREATORS: &[&str] = &["tokio::runtime::Runtime", "tokio::runtime::Builder"];

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Context { file, names, calls, .. } = context;
    for &Call { call, callee } in calls.iter() {
        let Some(entry) = names.resolve_api(file, callee) else { continue };
        let blocks = BLOCKERS.contains(&entry.id.as_str());
        // `Runtime::new()` and `Builder::new_multi_thread()...build()`: the last name called.
        let called = match callee.kind() {
            "field_expression" => callee.child_by_field_name("field").map(|f| file.node_text(f).to_owned()),
            _ => names.qualify(file, callee).and_then(|path| path.rsplit("::").next().map(str::to_owned)),
        };
        let creates = CREATORS.contains(&entry.id.as_str()) && matches!(called.as_deref(), Some("new" | "build"));
        if !(blocks || creates) || !scope::in_async_code(call) {
            continue;
        }
        let fix = crate::analysis::arguments::only(call).filter(|_| blocks).map(|future| Fix {
            edits: vec![TextEdit::replace(call.byte_range(), format!("{}.await", file.node_text(future)))],
            safe: true,
        });
        findings.push(context.finding(
            &RULE,
            call.byte_range(),
            crate::analysis::names::compact(file.node_text(callee)),
            fix,
        ));
    }
}
