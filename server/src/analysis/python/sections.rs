//! Finds Python sections: `async def` bodies and `with` blocks of executors and pools.

use tree_sitter::Node;

use crate::analysis::names::Names;
use crate::analysis::{Section, SourceFile, queries};
use crate::catalogue::{ApiEntry, Argument, Catalogue, Start};

pub fn find(file: &SourceFile, names: &Names) -> Vec<Section> {
    let catalogue = Catalogue::global();
    let mut sections = Vec::new();
    queries::PYTHON.sections.for_each_match(file, file.root(), |found| {
        let Some(body) = found.get("body") else {
            return;
        };
        if let Some(function) = found.get("async_function") {
            if let Some(entry) = catalogue.api_by_keyword(file.language(), "async def") {
                sections.push(Section::new(file, body.byte_range(), function.start_byte(), entry));
            }
        } else if let (Some(statement), Some(callee), Some(call)) =
            (found.get("with"), found.get("callee"), found.get("call"))
        {
            let Some(entry) = names.resolve_api(file, callee).filter(|entry| entry.starts.contains(&Start::With))
            else {
                return;
            };
            let mut section = Section::new(file, body.byte_range(), statement.start_byte(), entry);
            section.workers = worker_count(file, call, entry);
            sections.push(section);
        }
    });
    sections
}

/// Reads the worker count from a constructor call when it is an integer literal:
/// `ProcessPoolExecutor(4)` or `ProcessPoolExecutor(max_workers=4)`.
fn worker_count(file: &SourceFile, call: Node<'_>, entry: &ApiEntry) -> Option<u32> {
    let Argument { keyword, position } = entry.workers.as_ref()?;
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let mut positional = 0;
    for argument in arguments.named_children(&mut cursor) {
        let value = match argument.kind() {
            "keyword_argument" => {
                let name = argument.child_by_field_name("name")?;
                if Some(file.node_text(name)) != keyword.as_deref() {
                    continue;
                }
                argument.child_by_field_name("value")?
            }
            "comment" => continue,
            _ => {
                positional += 1;
                if Some(positional - 1) != *position {
                    continue;
                }
                argument
            }
        };
        return (value.kind() == "integer").then(|| file.node_text(value).replace('_', "").parse().ok())?;
    }
    None
}
