#![doc = include_str!("rayon_in_async.md")]

use crate::analysis::calls::Call;
use crate::analysis::finding::{Finding, Fix, Severity};
use crate::analysis::rules::{Context, Fixability, Needs, Rule, called_name};
use crate::analysis::rust::{offload, scope, sections};
use crate::analysis::{Language, RunsOn, TextEdit};
use crate::catalogue::Start;
use crate::locale::Bilingual;

pub static RULE: Rule = Rule {
    code: "CTR103",
    peer: "none in clippy",
    name: "rayon-in-async",
    language: Language::Rust,
    fix: Fixability::Unsafe,
    severity: Severity::Warning,
    message: Bilingual::new(
        "`{subject}` blocks the runtime's worker thread until rayon's pool has finished all of the work: other tasks on it wait",
        "`{subject}` блокирует рабочий поток среды, пока пул rayon не закончит всю работу: другие задачи на нём ждут",
    ),
    fix_title: Bilingual::new(
        "Run it on tokio's blocking pool: `spawn_blocking`",
        "Выполнить в пуле блокирующих задач tokio: `spawn_blocking`",
    ),
    doc: Bilingual::new(include_str!("rayon_in_async.md"), include_str!("rayon_in_async.ru.md")),
    needs: &[Needs::AsyncCode],
    check,
};

/// Rayon calls that hand work to its pool and return at once, without waiting for it.
const DETACHED: &[&str] = &["rayon::spawn", "rayon::Scope::spawn"];

/// Terminal methods of a parallel chain whose result owns its data, so it can leave a
/// `spawn_blocking` closure that owns the collection (`max()` would borrow from it).
const OWNED_RESULTS: &[&str] = &["sum", "product", "count", "for_each", "all", "any"];

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Context { file, names, calls, .. } = context;
    let uses_tokio = names.uses_crate(file, "tokio");
    for &Call { call, callee } in calls.iter() {
        let Some(entry) = names.resolve_api(file, callee) else { continue };
        let waits_for_pool =
            entry.runs_on == RunsOn::RayonPool && !entry.starts.is_empty() && !DETACHED.contains(&entry.id.as_str());
        if !waits_for_pool || !scope::in_async_code(call) {
            continue;
        }
        let (work, fixable) = if entry.starts.contains(&Start::Chain) {
            let chain = sections::chain_top(call);
            let owned = chain.kind() == "call_expression" && OWNED_RESULTS.contains(&called_name(file, chain));
            (chain, owned)
        } else {
            (call, true)
        };
        let fix = (uses_tokio && fixable)
            .then(|| offload::wrap(file, work))
            .flatten()
            .map(|replacement| Fix { edits: vec![TextEdit::replace(work.byte_range(), replacement)], safe: false });
        let subject = match callee.kind() {
            "field_expression" => format!(".{}()", called_name(file, call)),
            _ => file.node_text(callee).to_owned(),
        };
        findings.push(context.finding(&RULE, work.byte_range(), subject, fix));
    }
}
