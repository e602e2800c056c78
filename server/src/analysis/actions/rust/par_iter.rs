//! Iterator chains ↔ rayon's parallel iterators: `.iter()` ↔ `.par_iter()`, `.iter_mut()` ↔
//! `.par_iter_mut()`, `.into_iter()` ↔ `.into_par_iter()`. Offered on a chain (the iterator is
//! the receiver of an adapter such as `map` or `sum`), in files that already use rayon, so
//! that the crate is a dependency.

use tree_sitter::Node;

use crate::analysis::actions::{Context, Conversion};
use crate::analysis::{SourceFile, TextEdit};
use crate::locale::Bilingual;

const PAIRS: &[(&str, &str)] = &[("iter", "par_iter"), ("iter_mut", "par_iter_mut"), ("into_iter", "into_par_iter")];

pub fn find(context: &Context<'_>, conversions: &mut Vec<Conversion>) {
    let Context { file, names, range, .. } = context;
    if !names.uses_crate(file, "rayon") {
        return;
    }
    let mut stack = vec![file.root()];
    while let Some(node) = stack.pop() {
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
        if node.kind() != "field_identifier" {
            continue;
        }
        let method = file.node_text(node);
        let Some(call) = method_call(node) else { continue };
        if !starts_chain(call) {
            continue;
        }
        // Anywhere on the chain will do: editors ask with the cursor where the user put it.
        let chain = chain_top(call);
        if chain.end_byte() < range.start || chain.start_byte() > range.end {
            continue;
        }
        let parallel_target = PAIRS.iter().any(|(sequential, _)| *sequential == method);
        if parallel_target && !rayon_can_run(file, call) {
            continue;
        }
        let (target, title) = if let Some((_, parallel)) = PAIRS.iter().find(|(sequential, _)| *sequential == method) {
            (
                *parallel,
                Bilingual::new(
                    "Run the chain in parallel with rayon: `.{subject}()`",
                    "Выполнить цепочку параллельно через rayon: `.{subject}()`",
                ),
            )
        } else if let Some((sequential, _)) = PAIRS.iter().find(|(_, parallel)| *parallel == method) {
            (
                *sequential,
                Bilingual::new(
                    "Run the chain sequentially: `.{subject}()`",
                    "Выполнить цепочку последовательно: `.{subject}()`",
                ),
            )
        } else {
            continue;
        };
        let mut edits = vec![TextEdit::replace(node.byte_range(), target)];
        let parallel = target.contains("par_");
        if parallel && !file.text().contains("rayon::prelude::*") {
            edits.push(prelude_import(file));
        }
        // Going parallel needs `Send + Sync` closures and reorders side effects; going back is safe.
        conversions.push(Conversion { title, subject: target.to_owned(), edits, safe: !parallel });
    }
}

/// Adapters with the same meaning on rayon's parallel iterators. (`fold`, `find`, `position`
/// and `last` exist in rayon with other meanings or not at all, so they are left out.)
const ADAPTERS: &[&str] = &[
    "map",
    "filter",
    "filter_map",
    "flat_map",
    "flat_map_iter",
    "enumerate",
    "cloned",
    "copied",
    "inspect",
    "zip",
    "chain",
];
/// Consumers that end a chain the same way in rayon.
const TERMINALS: &[&str] = &[
    "for_each",
    "sum",
    "product",
    "collect",
    "count",
    "max",
    "min",
    "max_by",
    "min_by",
    "max_by_key",
    "min_by_key",
    "reduce",
    "any",
    "all",
    "unzip",
    "partition",
];

/// Whether the chain from `call` uses only adapters rayon mirrors and ends in a consumer rayon
/// supports; a chain handed on as an `Iterator` (to `join_all`, a `for` loop) must stay one.
fn rayon_can_run(file: &SourceFile, call: Node<'_>) -> bool {
    let mut current = call;
    loop {
        let Some(field) = current.parent().filter(|p| p.kind() == "field_expression") else { return false };
        let Some(next) = field.parent().filter(|p| p.kind() == "call_expression") else { return false };
        let Some(name) = field.child_by_field_name("field").map(|f| file.node_text(f)) else { return false };
        if TERMINALS.contains(&name) {
            return true;
        }
        if !ADAPTERS.contains(&name) {
            return false;
        }
        current = next;
    }
}

/// The call `recv.method()` that a method name belongs to.
fn method_call(name: Node<'_>) -> Option<Node<'_>> {
    let field = name.parent().filter(|p| p.kind() == "field_expression")?;
    field.parent().filter(|p| p.kind() == "call_expression" && p.child_by_field_name("function") == Some(field))
}

/// The whole method chain a call belongs to.
fn chain_top(call: Node<'_>) -> Node<'_> {
    let mut top = call;
    while let Some(parent) = top.parent() {
        let continues = match parent.kind() {
            "field_expression" => parent.child_by_field_name("value") == Some(top),
            "call_expression" => parent.child_by_field_name("function") == Some(top),
            _ => false,
        };
        if !continues {
            break;
        }
        top = parent;
    }
    top
}

/// Whether the call is the receiver of a further method call: `xs.iter().map(..)`.
fn starts_chain(call: Node<'_>) -> bool {
    call.parent()
        .is_some_and(|parent| parent.kind() == "field_expression" && parent.child_by_field_name("value") == Some(call))
}

/// `use rayon::prelude::*;` after the last top-level `use`, or at the top.
fn prelude_import(file: &SourceFile) -> TextEdit {
    let root = file.root();
    let mut cursor = root.walk();
    let last_use = root.named_children(&mut cursor).filter(|n| n.kind() == "use_declaration").last();
    match last_use {
        Some(use_declaration) => TextEdit::insert(use_declaration.end_byte(), "\nuse rayon::prelude::*;"),
        None => TextEdit::insert(0, "use rayon::prelude::*;\n"),
    }
}
