#![doc = include_str!("cpu_bound_threads.md")]

use tree_sitter::Node;

use crate::analysis::finding::{Finding, Severity};
use crate::analysis::names::Names;
use crate::analysis::rules::{Context, Fixability, Needs, Rule};
use crate::analysis::{Language, Model, RunsOn, SourceFile};
use crate::locale::Bilingual;

pub static RULE: Rule = Rule {
    code: "CTP402",
    name: "cpu-bound-work-on-threads",
    peer: "none",
    fix: Fixability::None,
    language: Language::Python,
    severity: Severity::Information,
    message: Bilingual::new(
        "`{subject}` looks like pure-Python computation: under the GIL, threads run it one at a time; processes would use several cores",
        "`{subject}` похожа на вычисления на чистом Python: под GIL потоки выполняют её по очереди; процессы заняли бы несколько ядер",
    ),
    fix_title: Bilingual::new("", ""),
    doc: Bilingual::new(include_str!("cpu_bound_threads.md"), include_str!("cpu_bound_threads.ru.md")),
    needs: &[Needs::Entry(|entry| !entry.starts.is_empty())],
    check,
};

/// Modules whose heavy functions run in C with the GIL released: work using them can overlap.
const GIL_RELEASING: &[&str] = &["numpy", "hashlib", "zlib", "bz2", "lzma", "scipy", "cv2", "PIL", "torch", "pandas"];

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Context { file, names, sections, functions: definitions, .. } = context;
    for section in sections.iter() {
        let Some(sender) = &section.sender else { continue };
        let on_threads =
            section.model == Model::Parallel && matches!(section.runs_on, RunsOn::OsThreads | RunsOn::ThreadPool);
        if !on_threads {
            continue;
        }
        let function = definitions.values().find(|f| f.start_byte() == section.head);
        let Some(function) = function.copied() else { continue };
        if !looks_cpu_bound(file, names, function) {
            continue;
        }
        let name = function.child_by_field_name("name").map_or("", |n| file.node_text(n));
        findings.push(Finding {
            rule: &RULE,
            range: sender.call.clone(),
            subject: name.to_owned(),
            model: section.model,
            fix: None,
        });
    }
}

/// Loops or comprehensions doing arithmetic, and no calls that wait or leave Python.
fn looks_cpu_bound(file: &SourceFile, names: &Names, function: Node<'_>) -> bool {
    let (mut loops, mut arithmetic) = (false, false);
    let mut stack = vec![function.child_by_field_name("body").unwrap_or(function)];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "for_statement"
            | "while_statement"
            | "list_comprehension"
            | "generator_expression"
            | "set_comprehension"
            | "dictionary_comprehension" => loops = true,
            "binary_operator" | "augmented_assignment" => arithmetic = true,
            "await" | "yield" => return false,
            "call" => {
                if let Some(callee) = node.child_by_field_name("function") {
                    let blocking = names.resolve_api(file, callee).is_some_and(|entry| entry.blocking);
                    let native = names.qualify(file, callee).is_some_and(|q| {
                        let module = q.split('.').next().unwrap_or_default();
                        GIL_RELEASING.contains(&module) || q == "builtins.open" || q == "builtins.print"
                    });
                    if blocking || native {
                        return false;
                    }
                }
            }
            _ => {}
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    loops && arithmetic
}
