//! Finds Python sections: `async def` bodies; `with` blocks of executors, pools and task groups;
//! calls that send work elsewhere; decorated functions; GPU kernel launches; and the functions
//! those calls send elsewhere, wherever they are defined in the file.

use std::collections::HashMap;

use tree_sitter::Node;

use crate::analysis::calls::Call;
use crate::analysis::names::Names;
use crate::analysis::section::{Placement, Sender};
use crate::analysis::{Section, SourceFile, arguments, functions, queries};
use crate::catalogue::{ApiEntry, Catalogue, Start};

pub fn find<'tree>(
    file: &'tree SourceFile,
    names: &Names,
    calls: &[Call<'tree>],
    functions: &functions::Functions<'tree>,
    matched: &queries::Matched<'tree>,
    known: Option<Placement>,
) -> (Vec<Section>, Placement) {
    let mut sections = Vec::new();
    // Functions decorated as GPU kernels, by name: their `kernel[grid, block](..)` launches run there.
    let mut kernels: HashMap<String, &'static ApiEntry> = HashMap::new();
    matched.for_each(&queries::PYTHON.sections, |found| {
        let Some(body) = found.get("body") else { return };
        if let Some(function) = found.get("decorated").and(found.get("function")) {
            let Some(decorator) = found.get("decorator").and_then(|d| d.named_child(0)) else { return };
            let (target, call) = match decorator.kind() {
                "call" => (decorator.child_by_field_name("function"), Some(decorator)),
                _ => (Some(decorator), None),
            };
            let Some(entry) = target.and_then(|target| names.resolve_api(file, target)) else { return };
            let applies = entry.starts.contains(&Start::Decorator)
                && entry
                    .when
                    .as_ref()
                    .is_none_or(|condition| call.is_some_and(|c| arguments::satisfies(file, c, condition)));
            if applies {
                let mut section = Section::new(file, body.byte_range(), function.start_byte(), entry);
                if let Some(when) = &entry.when {
                    section.model = when.model.unwrap_or(section.model);
                    section.runs_on = when.runs_on.unwrap_or(section.runs_on);
                }
                sections.push(section);
                if entry.starts.contains(&Start::Launch) {
                    if let Some(name) = function.child_by_field_name("name") {
                        kernels.insert(file.node_text(name).to_owned(), entry);
                    }
                }
            }
        } else if let Some(function) = found.get("async_function") {
            if let Some(entry) = Catalogue::global().api_by_keyword(file.language(), "async def") {
                sections.push(Section::new(file, body.byte_range(), function.start_byte(), entry));
            }
        } else if let (Some(statement), Some(callee), Some(call)) =
            (found.get("with"), found.get("callee"), found.get("call"))
        {
            let Some(entry) = names.resolve_api(file, callee).filter(|entry| starts(file, entry, Start::With, call))
            else {
                return;
            };
            let mut section = Section::new(file, body.byte_range(), statement.start_byte(), entry);
            section.workers = worker_count(file, call, entry);
            sections.push(section);
        }
    });

    for &Call { call, callee } in calls {
        // `chord(header)(callback)`: the canvas is built and sent in one expression.
        if callee.kind() == "call" {
            let built = callee.child_by_field_name("function").and_then(|inner| names.resolve_api(file, inner));
            if let Some(entry) = built.filter(|entry| entry.starts.contains(&Start::Invoke)) {
                sections.push(Section::new(file, call.byte_range(), call.start_byte(), entry));
            }
            continue;
        }
        if callee.kind() == "subscript" {
            let kernel = callee.child_by_field_name("value").and_then(|value| kernels.get(file.node_text(value)));
            if let Some(entry) = kernel {
                sections.push(Section::new(file, call.byte_range(), call.start_byte(), entry));
            }
            continue;
        }
        let Some(entry) = names.resolve_api(file, callee).filter(|entry| starts(file, entry, Start::Call, call)) else {
            continue;
        };
        let mut section = Section::new(file, call.byte_range(), call.start_byte(), entry);
        section.workers = worker_count(file, call, entry);
        let sender = std::cell::OnceCell::new();
        let sent = entry.work.as_ref().map(|spec| arguments::select(file, call, spec)).unwrap_or_default();
        for work in sent {
            if let Some(function) = sent_function(file, work).and_then(|name| functions.get(name)) {
                let body = function.child_by_field_name("body").map_or(function.byte_range(), |b| b.byte_range());
                let mut propagated = Section::new(file, body, function.start_byte(), entry);
                propagated.workers = section.workers;
                let sender =
                    sender.get_or_init(|| Sender::new(call, crate::analysis::names::compact(file.node_text(callee))));
                propagated.sender = Some(sender.clone());
                sections.push(propagated);
            }
        }
        sections.push(section);
    }
    let placement = place_dask_work(file, names, calls, &mut sections, known);
    (sections, placement)
}

/// Searched for in the whole text; incremental analysis watches it (`incremental/probes.rs`).
pub(crate) const DASK_CLIENT: &str = "Client";

/// Dask runs a graph on local threads unless the program connects a `distributed.Client`, in
/// which case the same `compute` and `@delayed` work goes to the cluster's workers.
/// `known` is the whole file's placement when `file` is only part of it.
fn place_dask_work(
    file: &SourceFile,
    names: &Names,
    calls: &[Call<'_>],
    sections: &mut [Section],
    known: Option<Placement>,
) -> Placement {
    // Most files never mention Dask; a substring test is far cheaper than resolving every call.
    let has_client = known.map(|known| known == Placement::DaskCluster).unwrap_or_else(|| {
        file.text().contains(DASK_CLIENT)
            && calls
                .iter()
                .any(|c| names.resolve_api(file, c.callee).is_some_and(|e| e.id == "dask.distributed.Client"))
    });
    if !has_client {
        return Placement::AsDeclared;
    }
    for section in sections.iter_mut().filter(|section| section.origin.entry.id.starts_with("dask.")) {
        section.model = crate::analysis::Model::Distributed;
        section.runs_on = crate::analysis::RunsOn::OtherMachines;
        section.entry_place = false;
    }
    Placement::DaskCluster
}

/// Whether using `entry` this way starts a section: it starts by `how`, and its condition
/// (`parallel=True`) holds on `call`.
fn starts(file: &SourceFile, entry: &ApiEntry, how: Start, call: Node<'_>) -> bool {
    entry.starts.contains(&how)
        && entry.when.as_ref().is_none_or(|condition| arguments::satisfies(file, call, condition))
}

/// The function a work argument names: `work` in `submit(work)`, `fetch` in
/// `create_task(fetch(u))`, the method `consume` in `Thread(target=self.consume)`.
fn sent_function<'a>(file: &'a SourceFile, work: Node<'_>) -> Option<&'a str> {
    match work.kind() {
        "identifier" => Some(file.node_text(work)),
        "attribute" => {
            let object = work.child_by_field_name("object")?;
            let is_own_method = matches!(file.node_text(object), "self" | "cls");
            is_own_method.then(|| work.child_by_field_name("attribute").map(|a| file.node_text(a))).flatten()
        }
        "call" => work.child_by_field_name("function").filter(|f| f.kind() == "identifier").map(|f| file.node_text(f)),
        "await" => work.named_child(0).and_then(|inner| sent_function(file, inner)),
        _ => None,
    }
}

/// Reads the worker count from a constructor call when it is an integer literal:
/// `ProcessPoolExecutor(4)` or `ProcessPoolExecutor(max_workers=4)`.
fn worker_count(file: &SourceFile, call: Node<'_>, entry: &ApiEntry) -> Option<u32> {
    let spec = entry.workers.as_ref()?;
    arguments::select(file, call, spec).first().and_then(|value| arguments::integer(file, *value))
}
