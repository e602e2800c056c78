#![doc = include_str!("blocking_call.md")]

use crate::analysis::calls::Call;
use crate::analysis::finding::{Finding, Fix, Severity};
use crate::analysis::rules::{Context, Fixability, Needs, Rule, called_name};
use crate::analysis::rust::{offload, scope};
use crate::analysis::{Language, TextEdit};
use crate::locale::Bilingual;

pub static RULE: Rule = Rule {
    code: "CTR102",
    peer: "none in clippy",
    name: "blocking-call-in-async",
    language: Language::Rust,
    fix: Fixability::Unsafe,
    severity: Severity::Warning,
    message: Bilingual::new(
        "`{subject}` blocks the runtime's worker thread: other tasks on it wait until it returns",
        "`{subject}` блокирует рабочий поток среды: другие задачи на нём ждут, пока он не вернётся",
    ),
    fix_title: Bilingual::new(
        "Run `{subject}` off the worker thread: its `tokio::fs` twin or `spawn_blocking`",
        "Выполнить `{subject}` вне рабочего потока: через двойника из `tokio::fs` или `spawn_blocking`",
    ),
    doc: Bilingual::new(include_str!("blocking_call.md"), include_str!("blocking_call.ru.md")),
    needs: &[Needs::AsyncCode],
    check,
};

/// Calls not worth moving: results that borrow the receiver or may not leave their thread
/// (`incoming()`, `StdinLock`) cannot return from a `spawn_blocking` closure, and `stdin()`
/// only returns a handle; the reads that follow block.
const NOT_OFFLOADED: &[&str] = &["incoming", "lock", "lines", "stdin"];

/// Blocking calls with rules of their own.
const OWN_RULES: &[&str] = &["std::thread::sleep"];

/// `std::fs` functions with a `tokio::fs` function of the same name and signature.
const TOKIO_FS_TWINS: &[&str] = &[
    "canonicalize",
    "copy",
    "create_dir",
    "create_dir_all",
    "hard_link",
    "metadata",
    "read",
    "read_link",
    "read_to_string",
    "remove_dir",
    "remove_dir_all",
    "remove_file",
    "rename",
    "symlink_metadata",
    "write",
];

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Context { file, names, calls, .. } = context;
    let uses_tokio = names.uses_crate(file, "tokio");
    for &Call { call, callee } in calls.iter() {
        let Some(entry) = names.resolve_api(file, callee) else { continue };
        if !entry.blocking || OWN_RULES.contains(&entry.id.as_str()) || !scope::in_async_code(call) {
            continue;
        }
        let twin = names
            .qualify(file, callee)
            .and_then(|path| path.strip_prefix("std::fs::").map(str::to_owned))
            .filter(|function| TOKIO_FS_TWINS.contains(&function.as_str()));
        let replacement = match (twin, call.child_by_field_name("arguments")) {
            _ if !uses_tokio => None,
            (Some(function), Some(arguments)) => {
                Some(format!("tokio::fs::{function}{}.await", file.node_text(arguments)))
            }
            _ if NOT_OFFLOADED.contains(&called_name(file, call)) => None,
            _ => offload::wrap_call(file, call),
        };
        // Both move the work to tokio's blocking pool, which exists only inside a tokio
        // runtime, and the general form runs the call on another thread: unsafe.
        let fix = replacement
            .map(|replacement| Fix { edits: vec![TextEdit::replace(call.byte_range(), replacement)], safe: false });
        findings.push(context.finding(&RULE, call.byte_range(), file.node_text(callee).to_owned(), fix));
    }
}
