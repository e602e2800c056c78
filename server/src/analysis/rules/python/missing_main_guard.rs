#![doc = include_str!("missing_main_guard.md")]

use tree_sitter::Node;

use crate::analysis::calls::Call;
use crate::analysis::finding::{Finding, Fix, Severity};
use crate::analysis::rules::{Context, Fixability, Needs, Rule};
use crate::analysis::source::ancestor;
use crate::analysis::{Language, RunsOn, SourceFile, TextEdit};
use crate::locale::Bilingual;

pub static RULE: Rule = Rule {
    code: "CTP501",
    peer: "none; Python fails at run time under spawn and forkserver",
    name: "missing-main-guard",
    language: Language::Python,
    fix: Fixability::Safe,
    severity: Severity::Warning,
    message: Bilingual::new(
        "`{subject}` starts worker processes at module level: with spawn or forkserver each worker re-imports this module and runs it again; put it under `if __name__ == \"__main__\":`",
        "`{subject}` запускает рабочие процессы на уровне модуля: при spawn или forkserver каждый процесс заново импортирует модуль и выполняет его; поместите код под `if __name__ == \"__main__\":`",
    ),
    fix_title: Bilingual::new(
        "Wrap the entry point in `if __name__ == \"__main__\":`",
        "Обернуть точку входа в `if __name__ == \"__main__\":`",
    ),
    doc: Bilingual::new(include_str!("missing_main_guard.md"), include_str!("missing_main_guard.ru.md")),
    needs: &[Needs::Entry(|entry| entry.runs_on == RunsOn::WorkerProcesses)],
    check,
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Context { file, names, calls, .. } = context;
    // One finding per file, at the first offending statement: the fix covers them all.
    for &Call { call, callee } in calls.iter() {
        let starts_processes = names.resolve_api(file, callee).is_some_and(|e| e.runs_on == RunsOn::WorkerProcesses);
        // Only statements: a decorator that started processes would be odd enough to leave
        // out, and then an edit to a decorated function never reads the module's top level.
        let outside_statements = ["function_definition", "lambda", "class_definition", "decorator"];
        if !starts_processes || ancestor(call, &outside_statements).is_some() {
            continue;
        }
        let Some(statement) = top_level_statement(call) else { continue };
        if is_main_guard(file, statement) {
            continue;
        }
        findings.push(context.finding(
            &RULE,
            call.byte_range(),
            crate::analysis::names::compact(file.node_text(callee)),
            wrap_entry_point(file, statement),
        ));
        return;
    }
}

/// The statement directly under the module that holds `node`.
pub(crate) fn top_level_statement(node: Node<'_>) -> Option<Node<'_>> {
    let mut current = node;
    while let Some(parent) = current.parent() {
        if parent.kind() == "module" {
            return Some(current);
        }
        current = parent;
    }
    None
}

/// `if __name__ == "__main__":` (either quote style, either operand order).
pub(crate) fn is_main_guard(file: &SourceFile, statement: Node<'_>) -> bool {
    statement.kind() == "if_statement"
        && statement.child_by_field_name("condition").is_some_and(|condition| {
            let text: String = file.node_text(condition).split_whitespace().collect::<String>().replace('\'', "\"");
            text == "__name__==\"__main__\"" || text == "\"__main__\"==__name__"
        })
}

/// Indents everything from `statement` to the end of the file under a main guard, if all of it
/// is entry-point code rather than definitions the module should export.
fn wrap_entry_point(file: &SourceFile, statement: Node<'_>) -> Option<Fix> {
    let mut cursor = file.root().walk();
    let trailing: Vec<Node<'_>> =
        file.root().named_children(&mut cursor).filter(|s| s.start_byte() >= statement.start_byte()).collect();
    let defines = |s: &Node<'_>| {
        matches!(
            s.kind(),
            "function_definition"
                | "class_definition"
                | "decorated_definition"
                | "import_statement"
                | "import_from_statement"
        ) || is_main_guard(file, *s)
    };
    // Parts of a file left out of its tree (`analysis::partial`) are always definitions.
    if trailing.iter().any(defines) || file.omits_within(statement.start_byte()..file.text().len()) {
        return None;
    }
    // Comments right above the entry point describe it, so they move in with it.
    let mut first = statement;
    while let Some(comment) = first.prev_sibling().filter(|p| p.kind() == "comment") {
        let gap = &file.text()[comment.end_byte()..first.start_byte()];
        if gap.matches('\n').count() > 1 {
            break;
        }
        first = comment;
    }
    let start = file.line_range(first.start_byte()).start;
    let mut edits = vec![TextEdit::insert(start, "if __name__ == \"__main__\":\n")];
    // Multi-line strings keep their lines as they are: their indentation is their content.
    edits.extend(crate::analysis::python::indent::deeper(file, start..file.text().len(), "    "));
    Some(Fix { edits, safe: true })
}
