#![doc = include_str!("cpu_heavy_work.md")]

use tree_sitter::Node;

use crate::analysis::calls::Call;
use crate::analysis::finding::{Finding, Fix, Severity};
use crate::analysis::rules::{Context, Fixability, Rule, called_name};
use crate::analysis::rust::{offload, scope, sections};
use crate::analysis::{Language, RunsOn, SourceFile, TextEdit};
use crate::catalogue::Start;
use crate::locale::Bilingual;

pub static RULE: Rule = Rule {
    code: "CTR103",
    peer: "none in clippy",
    name: "cpu-heavy-work-in-async",
    language: Language::Rust,
    fix: Fixability::Unsafe,
    severity: Severity::Warning,
    message: Bilingual::new(
        "`{subject}` keeps the runtime's worker thread computing without an `.await`: other tasks on it wait until it finishes",
        "`{subject}` занимает рабочий поток среды вычислениями без `.await`: другие задачи на нём ждут, пока они не закончатся",
    ),
    fix_title: Bilingual::new(
        "Run it on tokio's blocking pool: `spawn_blocking`",
        "Выполнить в пуле блокирующих задач tokio: `spawn_blocking`",
    ),
    doc: Bilingual::new(include_str!("cpu_heavy_work.md"), include_str!("cpu_heavy_work.ru.md")),
    check,
};

/// Loops with at least this many turns (counting nested loops together) and no `.await` keep
/// the thread long enough to matter: a common rule of thumb is to reach an `.await` every 10 to
/// 100 microseconds, and even a few nanoseconds per turn exceed that.
const LONG_LOOP: u128 = 100_000;

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
    let mut reported: Vec<Node<'_>> = Vec::new();
    let mut stack = vec![file.root()];
    while let Some(node) = stack.pop() {
        if node.kind() == "for_expression"
            && !reported.iter().any(|outer| outer.byte_range().contains(&node.start_byte()))
            && scope::in_async_code(node)
            && !scope::contains_await(node)
            && turns(file, node) >= LONG_LOOP
        {
            reported.push(node);
            let header_end = node.child_by_field_name("value").map_or(node.end_byte(), |value| value.end_byte());
            let header = node.start_byte()..header_end;
            let fix = uses_tokio.then(|| offload::wrap(file, node)).flatten().map(|replacement| Fix {
                edits: vec![TextEdit::replace(node.byte_range(), format!("{replacement};"))],
                safe: false,
            });
            findings.push(context.finding(&RULE, header.clone(), file.text()[header].to_owned(), fix));
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
}

/// How many times a `for` loop's body runs, nested loops included, when the bounds are
/// literal ranges (`0..1_000_000`); an unknown bound counts once.
fn turns(file: &SourceFile, node: Node<'_>) -> u128 {
    let own = node.child_by_field_name("value").and_then(|value| range_length(file, value)).unwrap_or(1);
    let inner = node.child_by_field_name("body").map_or(1, |body| most_nested_turns(file, body));
    own.saturating_mul(inner)
}

/// The largest turn count among the loops directly inside `node`, not looking into closures
/// or async blocks, which run separately.
fn most_nested_turns(file: &SourceFile, node: Node<'_>) -> u128 {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .map(|child| match child.kind() {
            "for_expression" => turns(file, child),
            "closure_expression" | "async_block" | "function_item" => 1,
            _ => most_nested_turns(file, child),
        })
        .max()
        .unwrap_or(1)
}

/// `a..b` or `a..=b` with integer literals (`a` may be omitted).
fn range_length(file: &SourceFile, value: Node<'_>) -> Option<u128> {
    let value = if value.kind() == "parenthesized_expression" { value.named_child(0)? } else { value };
    if value.kind() != "range_expression" {
        return None;
    }
    let mut cursor = value.walk();
    let children: Vec<Node<'_>> = value.children(&mut cursor).collect();
    let operator = children.iter().find(|c| matches!(c.kind(), ".." | "..="))?;
    let start = match children.iter().find(|c| c.end_byte() <= operator.start_byte()) {
        Some(start) => integer(file, *start)?,
        None => 0,
    };
    let end = integer(file, *children.iter().find(|c| c.start_byte() >= operator.end_byte())?)?;
    let inclusive = u128::from(operator.kind() == "..=");
    Some((end + inclusive).saturating_sub(start))
}

/// An integer literal's value: `1_000_000`, `10_000u64`.
fn integer(file: &SourceFile, node: Node<'_>) -> Option<u128> {
    if node.kind() != "integer_literal" {
        return None;
    }
    let digits: String = file.node_text(node).chars().take_while(|c| c.is_ascii_digit() || *c == '_').collect();
    digits.replace('_', "").parse().ok()
}
