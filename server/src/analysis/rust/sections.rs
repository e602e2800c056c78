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
    runtimes_matched(file, names, matched).agreed()
}

/// The runtimes the matches of `runtime.scm` build, with `names` for the attributes' paths.
fn runtimes_matched(file: &SourceFile, names: &Names, matched: &queries::Matched<'_>) -> Runtimes {
    let mut runtimes = Runtimes::default();
    matched.for_each(&queries::RUST.runtime, |found| {
        if let Some(attribute) = found.get("attribute") {
            runtimes.note(attribute_runtime(file, names, attribute));
        } else if let Some(builder) = found.get("builder") {
            runtimes.note(Some(builder_runtime(file.node_text(builder))));
        }
    });
    runtimes
}

/// The kinds of runtime some code builds: one thread (`current_thread`, `#[tokio::test]`),
/// worker threads (`#[tokio::main]`, `new_multi_thread`), or both.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Runtimes {
    pub one_thread: bool,
    pub workers: bool,
}

impl Runtimes {
    fn note(&mut self, runtime: Option<RunsOn>) {
        match runtime {
            Some(RunsOn::OneThread) => self.one_thread = true,
            Some(_) => self.workers = true,
            None => {}
        }
    }

    fn agreed(self) -> Option<RunsOn> {
        match (self.one_thread, self.workers) {
            (true, false) => Some(RunsOn::OneThread),
            (false, true) => Some(RunsOn::RuntimeWorkers),
            _ => None,
        }
    }

    /// The kinds a file builds when its tasks run as `placement` says, when that tells.
    pub(crate) fn of(placement: Placement) -> Option<Runtimes> {
        match placement {
            Placement::TokioTasks(RunsOn::OneThread) => Some(Runtimes { one_thread: true, workers: false }),
            Placement::TokioTasks(_) => Some(Runtimes { one_thread: false, workers: true }),
            _ => None,
        }
    }

    pub(crate) fn within(self, other: Runtimes) -> bool {
        (!self.one_thread || other.one_thread) && (!self.workers || other.workers)
    }

    pub(crate) fn and(self, other: Runtimes) -> Runtimes {
        Runtimes { one_thread: self.one_thread || other.one_thread, workers: self.workers || other.workers }
    }
}

/// The runtime an attribute builds, if it is tokio's (`#[tokio::main]`, however imported).
fn attribute_runtime(file: &SourceFile, names: &Names, attribute: Node<'_>) -> Option<RunsOn> {
    let path = attribute.named_child(0).and_then(|path| names.qualify(file, path)).unwrap_or_default();
    let arguments = attribute.child_by_field_name("arguments").map_or("", |a| file.node_text(a));
    let flavour = arguments.contains("flavor");
    match path.as_str() {
        "tokio::main" if flavour && arguments.contains("current_thread") => Some(RunsOn::OneThread),
        "tokio::main" => Some(RunsOn::RuntimeWorkers),
        "tokio::test" if flavour && arguments.contains("multi_thread") => Some(RunsOn::RuntimeWorkers),
        "tokio::test" => Some(RunsOn::OneThread),
        _ => None,
    }
}

/// The runtime a builder's constructor builds: `new_current_thread` or `new_multi_thread`
/// (the names `runtime.scm` matches).
fn builder_runtime(name: &str) -> RunsOn {
    if name == "new_current_thread" { RunsOn::OneThread } else { RunsOn::RuntimeWorkers }
}

/// The runtimes the attributes and builders inside `range` build, read as [`tokio_runtime`]
/// reads the whole file, from the matches of that region: what an edit there adds to the
/// file's runtimes or takes from them.
pub(crate) fn runtimes_within(file: &SourceFile, names: &Names, range: std::ops::Range<usize>) -> Runtimes {
    runtimes_matched(file, names, &queries::Matched::collect_within(file, Some(range)))
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
