#![doc = include_str!("long_loop.md")]

use tree_sitter::Node;

use crate::analysis::finding::{Finding, Fix, Severity};
use crate::analysis::queries;
use crate::analysis::rules::{Context, Fixability, Needs, Rule};
use crate::analysis::rust::{offload, scope};
use crate::analysis::{Language, SourceFile, TextEdit};
use crate::locale::Bilingual;

pub static RULE: Rule = Rule {
    code: "CTR104",
    peer: "none in clippy",
    name: "long-loop-in-async",
    language: Language::Rust,
    fix: Fixability::Unsafe,
    severity: Severity::Information,
    message: Bilingual::new(
        "`{subject}` turns at least 100 000 times without an `.await`: the runtime's worker thread runs no other task meanwhile",
        "`{subject}` делает не меньше 100 000 оборотов без `.await`: рабочий поток среды тем временем не выполняет других задач",
    ),
    fix_title: Bilingual::new(
        "Run the loop on tokio's blocking pool: `spawn_blocking`",
        "Выполнить цикл в пуле блокирующих задач tokio: `spawn_blocking`",
    ),
    doc: Bilingual::new(include_str!("long_loop.md"), include_str!("long_loop.ru.md")),
    needs: &[Needs::AsyncCode],
    check,
};

/// Loops with at least this many turns (counting nested loops together) and no `.await` keep
/// the thread long enough to matter: a common rule of thumb is to reach an `.await` every 10 to
/// 100 microseconds, and even a few nanoseconds per turn exceed that. Only a guess, since the
/// body may be trivial, hence information rather than a warning.
const LONG_LOOP: u128 = 100_000;

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Context { file, names, .. } = context;
    let uses_tokio = names.uses_crate(file, "tokio");
    let mut reported: Vec<Node<'_>> = Vec::new();
    // Outer loops come before the loops inside them. The turns are counted from literal
    // ranges, so a loop without `..` anywhere in it has too few; that test reads no tree.
    context.matched.for_each(&queries::RUST.loops, |found| {
        let Some(node) = found.get("loop") else { return };
        if file.node_text(node).contains("..")
            && !reported.iter().any(|outer| outer.byte_range().contains(&node.start_byte()))
            && turns(file, node) >= LONG_LOOP
            && !scope::contains_await(node)
            && scope::in_async_code(node)
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
    });
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
