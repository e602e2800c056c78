#![doc = include_str!("never_awaited.md")]

use tree_sitter::Node;

use crate::analysis::calls::Call;
use crate::analysis::fast_hash::FastSet;
use crate::analysis::finding::{Finding, Fix, Severity};
use crate::analysis::python::scope;
use crate::analysis::rules::{Context, Fixability, Needs, Rule};
use crate::analysis::{Language, SourceFile, TextEdit, fields};
use crate::locale::Bilingual;

pub static RULE: Rule = Rule {
    code: "CTP201",
    peer: "none; CPython warns at run time, when the coroutine is collected",
    name: "coroutine-never-awaited",
    language: Language::Python,
    fix: Fixability::Safe,
    severity: Severity::Warning,
    message: Bilingual::new(
        "`{subject}` is a coroutine function: this call creates a coroutine that never runs, because nothing awaits it",
        "`{subject}` — функция-сопрограмма: этот вызов создаёт сопрограмму, которая не выполнится, потому что её никто не ждёт",
    ),
    fix_title: Bilingual::new("Add the missing `await`", "Добавить недостающий `await`"),
    doc: Bilingual::new(include_str!("never_awaited.md"), include_str!("never_awaited.ru.md")),
    needs: &[Needs::AsyncCode],
    check,
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Context { file, calls, functions, .. } = context;
    // A set: every call's name is looked up, and a large file defines hundreds of coroutines.
    let coroutines: FastSet<&str> =
        functions.iter().filter(|(_, function)| scope::is_async_function(**function)).map(|(name, _)| *name).collect();
    if coroutines.is_empty() {
        return;
    }
    for &Call { call, callee } in calls.iter() {
        let Some(name) = called_function(file, callee) else { continue };
        if !coroutines.contains(&name) || !is_discarded(call) {
            continue;
        }
        findings.push(context.finding(&RULE, call.byte_range(), name.to_owned(), add_await(call)));
    }
}

/// `save(..)` or `self.save(..)`: the name of a function this file may define.
fn called_function<'a>(file: &'a SourceFile, callee: Node<'_>) -> Option<&'a str> {
    match callee.kind() {
        "identifier" => Some(file.node_text(callee)),
        "attribute" => {
            let object = fields::child(file.language(), callee, "object")?;
            matches!(file.node_text(object), "self" | "cls")
                .then(|| fields::child(file.language(), callee, "attribute").map(|a| file.node_text(a)))
                .flatten()
        }
        _ => None,
    }
}

/// The call is a statement of its own: its value goes nowhere.
pub(crate) fn is_discarded(call: Node<'_>) -> bool {
    call.parent().is_some_and(|parent| parent.kind() == "expression_statement" && parent.named_child_count() == 1)
}

/// Inside a coroutine (outside generator expressions), prefixing `await` runs what was meant to
/// run.
pub(crate) fn add_await(call: Node<'_>) -> Option<Fix> {
    scope::can_await(call).then(|| Fix { edits: vec![TextEdit::insert(call.start_byte(), "await ")], safe: true })
}
