//! Finds Rust sections: `async fn` bodies and async blocks; calls, method calls and macros that
//! send work elsewhere (`tokio::spawn`, `spawn_blocking`, `thread::spawn`, `rayon::join`,
//! kernel launches); scope blocks (`thread::scope`); data-parallel iterator chains; and the
//! functions those calls send elsewhere. Spawned tokio tasks are placed according to the
//! runtime flavour the file sets up.

use tree_sitter::Node;

use crate::analysis::calls::Call;
use crate::analysis::names::{Names, compact};
use crate::analysis::section::{Placement, Sender};
use crate::analysis::{RunsOn, Section, SourceFile, arguments, functions, queries};
use crate::catalogue::{ApiEntry, Catalogue, Start};

pub fn find<'tree>(
    file: &'tree SourceFile,
    names: &Names,
    calls: &[Call<'tree>],
    functions: &functions::Functions<'tree>,
    matched: &queries::Matched<'tree>,
    known: Option<Placement>,
) -> (Vec<Section>, Placement) {
    let catalogue = Catalogue::global();
    let language = file.language();
    let mut sections = Vec::new();
    // `head` is where the deciding code starts: the call, or for a method call the method name,
    // which in a chain split over lines is on the line people read as the call.
    let started_by =
        |sections: &mut Vec<Section>, entry: &'static ApiEntry, call: Node<'_>, callee: Node<'_>, head: usize| {
            if entry.starts.contains(&Start::Scope) {
                let closure = first_closure(call);
                let range =
                    closure.and_then(|c| c.child_by_field_name("body")).map_or(call.byte_range(), |b| b.byte_range());
                sections.push(Section::new(file, range, head, entry));
            } else if entry.starts.contains(&Start::Call) || entry.starts.contains(&Start::Launch) {
                sections.push(Section::new(file, call.byte_range(), head, entry));
                let sent = entry.work.as_ref().map(|spec| arguments::select(file, call, spec)).unwrap_or_default();
                for work in sent {
                    let Some(function) = sent_function(file, work).and_then(|name| functions.get(name)) else {
                        continue;
                    };
                    let body = function.child_by_field_name("body").map_or(function.byte_range(), |b| b.byte_range());
                    let mut propagated = Section::new(file, body, function_keyword(*function), entry);
                    propagated.sender = Some(Sender::new(call, compact(file.node_text(callee))));
                    sections.push(propagated);
                }
            }
        };

    matched.for_each(&queries::RUST.sections, |found| {
        if let (Some(function), Some(body)) = (found.get("async_function"), found.get("body")) {
            if let Some(entry) = catalogue.api_by_keyword(language, "async fn") {
                sections.push(Section::new(file, body.byte_range(), function_keyword(function), entry));
            }
        } else if let Some(block) = found.get("async_block") {
            if let Some(entry) = catalogue.api_by_keyword(language, "async block") {
                sections.push(Section::new(file, block.byte_range(), block.start_byte(), entry));
            }
        } else if let (Some(method), Some(call)) = (found.get("method"), found.get("method_call")) {
            // The method's field expression is the call's callee (cheaper than its parent, which
            // tree-sitter finds by walking down from the root).
            let Some(field) = call.child_by_field_name("function") else { return };
            let Some(entry) = names.resolve_api(file, field) else { return };
            if entry.starts.contains(&Start::Chain) {
                let chain = chain_top(call);
                sections.push(Section::new(file, chain.byte_range(), method.start_byte(), entry));
                propagate_through_chain(file, functions, entry, chain, method, &mut sections);
            } else {
                started_by(&mut sections, entry, call, field, method.start_byte());
            }
        } else if let (Some(path), Some(invocation)) = (found.get("macro"), found.get("macro_call")) {
            if let Some(entry) = names.resolve_macro(file, path) {
                started_by(&mut sections, entry, invocation, path, invocation.start_byte());
            }
        }
    });
    // Method calls come from the section query above, which also sees data-parallel chains.
    for &Call { call, callee } in calls.iter().filter(|c| c.callee.kind() != "field_expression") {
        if let Some(entry) = names.resolve_api(file, callee) {
            started_by(&mut sections, entry, call, callee, call.start_byte());
        }
    }
    for call in super::token_trees::calls(file, names, matched) {
        let starts = call.entry.starts.contains(&Start::Call) || call.entry.starts.contains(&Start::Launch);
        if starts {
            sections.push(Section::new(file, call.range, call.head, call.entry));
        }
    }
    let placement = place_tokio_tasks(file, names, matched, &mut sections, known);
    (sections, placement)
}

/// The runtime a file builds decides where its spawned tasks run: interleaved on one thread
/// (`current_thread`, and `#[tokio::test]` by default), or on worker threads that may also run
/// them in parallel (`#[tokio::main]` by default, `new_multi_thread`).
/// `known` is the whole file's placement when `file` is only part of it.
fn place_tokio_tasks(
    file: &SourceFile,
    names: &Names,
    matched: &queries::Matched<'_>,
    sections: &mut [Section],
    known: Option<Placement>,
) -> Placement {
    let place = match known {
        Some(Placement::TokioTasks(place)) => place,
        Some(_) => return Placement::AsDeclared,
        None => match tokio_runtime(file, names, matched) {
            Some(place) => place,
            None => return Placement::AsDeclared,
        },
    };
    for section in sections.iter_mut() {
        let entry = section.origin.entry;
        // Only spawning moves work onto the runtime's threads; `join!` and `select!` poll their
        // futures inside the current task.
        let spawned_task = entry.id.starts_with("tokio::")
            && entry.id.ends_with("spawn")
            && entry.runs_on == RunsOn::AsyncRuntime
            && entry.starts.contains(&Start::Call);
        if spawned_task {
            section.runs_on = place;
            section.entry_place = false;
        }
    }
    Placement::TokioTasks(place)
}

/// Searched for in the whole text; incremental analysis watches it (`incremental/probes.rs`).
pub(crate) const TOKIO: &str = "tokio";

/// Where the runtimes the file builds run spawned tasks, when all agree.
fn tokio_runtime(file: &SourceFile, names: &Names, matched: &queries::Matched<'_>) -> Option<RunsOn> {
    if !file.text().contains(TOKIO) {
        return None;
    }
    let (mut one_thread, mut workers) = (false, false);
    matched.for_each(&queries::RUST.runtime, |found| {
        if let Some(attribute) = found.get("attribute") {
            let path = attribute.named_child(0).and_then(|path| names.qualify(file, path)).unwrap_or_default();
            let arguments = attribute.child_by_field_name("arguments").map_or("", |a| file.node_text(a));
            let flavour = arguments.contains("flavor");
            match path.as_str() {
                "tokio::main" if flavour && arguments.contains("current_thread") => one_thread = true,
                "tokio::main" => workers = true,
                "tokio::test" if flavour && arguments.contains("multi_thread") => workers = true,
                "tokio::test" => one_thread = true,
                _ => {}
            }
        } else if let Some(builder) = found.get("builder") {
            match file.node_text(builder) {
                "new_current_thread" => one_thread = true,
                _ => workers = true,
            }
        }
    });
    match (one_thread, workers) {
        (true, false) => Some(RunsOn::OneThread),
        (false, true) => Some(RunsOn::RuntimeWorkers),
        _ => None,
    }
}

/// Functions passed by name to the adapters of a data-parallel chain run on its pool:
/// `files.par_iter().map(process_file)`.
fn propagate_through_chain(
    file: &SourceFile,
    functions: &std::collections::HashMap<&str, Node<'_>>,
    entry: &'static ApiEntry,
    chain: Node<'_>,
    method: Node<'_>,
    sections: &mut Vec<Section>,
) {
    let mut visit = vec![chain];
    while let Some(node) = visit.pop() {
        if node.kind() == "arguments" {
            let mut cursor = node.walk();
            for argument in node.named_children(&mut cursor).filter(|a| a.kind() == "identifier") {
                if let Some(function) = functions.get(file.node_text(argument)) {
                    let body = function.child_by_field_name("body").map_or(function.byte_range(), |b| b.byte_range());
                    let mut propagated = Section::new(file, body, function_keyword(*function), entry);
                    propagated.sender = Some(Sender::new(method, file.node_text(method).to_owned()));
                    sections.push(propagated);
                }
            }
            continue;
        }
        // Closures inside the chain are its own work, already covered by the chain's range.
        if node.kind() != "closure_expression" {
            let mut cursor = node.walk();
            visit.extend(node.named_children(&mut cursor));
        }
    }
}

/// The function a work argument names: `worker` in `thread::spawn(worker)`, `serve` in
/// `tokio::spawn(serve(socket))`.
fn sent_function<'a>(file: &'a SourceFile, work: Node<'_>) -> Option<&'a str> {
    match work.kind() {
        "identifier" => Some(file.node_text(work)),
        "call_expression" => {
            work.child_by_field_name("function").filter(|f| f.kind() == "identifier").map(|f| file.node_text(f))
        }
        _ => None,
    }
}

fn first_closure(call: Node<'_>) -> Option<Node<'_>> {
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    arguments.named_children(&mut cursor).find(|argument| argument.kind() == "closure_expression")
}

/// Where `fn` (or `async fn`) is written, past attributes and visibility.
fn function_keyword(function: Node<'_>) -> usize {
    let mut cursor = function.walk();
    function
        .children(&mut cursor)
        .find(|child| matches!(child.kind(), "function_modifiers" | "fn"))
        .map_or(function.start_byte(), |keyword| keyword.start_byte())
}

/// The whole method chain a call belongs to: `xs.par_iter().map(f).sum()` from `par_iter()`.
pub(crate) fn chain_top(call: Node<'_>) -> Node<'_> {
    let mut top = call;
    while let Some(parent) = top.parent() {
        let continues_chain = match parent.kind() {
            "field_expression" => parent.child_by_field_name("value") == Some(top),
            "call_expression" => parent.child_by_field_name("function") == Some(top),
            "try_expression" | "await_expression" => true,
            _ => false,
        };
        if !continues_chain {
            break;
        }
        top = parent;
    }
    top
}
