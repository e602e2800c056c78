#![doc = include_str!("blocking_call.md")]

use crate::analysis::calls::Call;
use crate::analysis::finding::{Finding, Fix, Severity};
use crate::analysis::python::{imports, scope};
use crate::analysis::rules::{Context, Fixability, Needs, Rule};
use crate::analysis::{Language, TextEdit};
use crate::locale::Bilingual;

pub static RULE: Rule = Rule {
    code: "CTP102",
    peer: "ruff ASYNC210, ASYNC212, ASYNC220–222, ASYNC230, ASYNC250 (no fix)",
    name: "blocking-call-in-async",
    language: Language::Python,
    fix: Fixability::Unsafe,
    severity: Severity::Warning,
    message: Bilingual::new(
        "`{subject}` blocks the event loop: no other task runs until it returns",
        "`{subject}` блокирует цикл событий: пока он не вернётся, другие задачи не выполняются",
    ),
    fix_title: Bilingual::new(
        "Run it in a thread: `await asyncio.to_thread(...)`",
        "Выполнить в потоке: `await asyncio.to_thread(...)`",
    ),
    doc: Bilingual::new(include_str!("blocking_call.md"), include_str!("blocking_call.ru.md")),
    needs: &[Needs::AsyncCode],
    check,
};

/// Blocking calls with rules of their own.
const OWN_RULES: &[&str] = &["time.sleep"];
/// Calls that moving to a thread would not fix, or would break.
const NO_THREAD_FIX: &[&str] = &["builtins.open", "sqlite3.connect"];

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Context { file, names, calls, .. } = context;
    for &Call { call, callee } in calls.iter() {
        let Some(entry) = names.resolve_api(file, callee) else { continue };
        if !entry.blocking || OWN_RULES.contains(&entry.id.as_str()) || !scope::in_coroutine(call) {
            continue;
        }
        let is_path = matches!(callee.kind(), "identifier" | "attribute");
        let in_with_header = call.parent().is_some_and(|p| matches!(p.kind(), "with_item" | "as_pattern"));
        let fixable = is_path
            && !in_with_header
            && !scope::is_awaited(call)
            && scope::can_await(call)
            && !NO_THREAD_FIX.contains(&entry.id.as_str());
        let fix = call.child_by_field_name("arguments").filter(|_| fixable).map(|arguments| {
            let (asyncio, import) = imports::module_reference(file, names, "asyncio");
            let inner = file.node_text(arguments);
            // `f(x for x in xs)` passes one generator, which needs its own parentheses after `f, `.
            let inner = match arguments.kind() {
                "generator_expression" => inner,
                _ => inner.strip_prefix('(').and_then(|a| a.strip_suffix(')')).unwrap_or_default(),
            };
            let separator = if inner.trim().is_empty() { "" } else { ", " };
            let replacement = format!("await {asyncio}.to_thread({}{separator}{inner})", file.node_text(callee));
            let mut edits = vec![TextEdit::replace(call.byte_range(), replacement)];
            edits.extend(import);
            Fix { edits, safe: false }
        });
        findings.push(context.finding(&RULE, call.byte_range(), file.node_text(callee).to_owned(), fix));
    }
}
