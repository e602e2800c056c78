//! Infers the types of Rust variables from their annotations and initialisers, so that
//! `m.lock()` resolves to `std::sync::Mutex::lock` after `let m = Mutex::new(0)`.
//!
//! Purely syntactic and local: smart pointers (`Arc`, `Rc`, `Box`) and references are looked
//! through, because method calls auto-dereference them; the last binding before a use in the
//! same function wins.

use tree_sitter::Node;

use crate::analysis::names::{Names, Variable};
use crate::analysis::source::ancestor;
use crate::analysis::{SourceFile, queries};
use crate::catalogue::{Catalogue, Kind};

/// Wrappers whose methods a call reaches through auto-dereferencing, and the `Result` and
/// `Option` that `?` and `unwrap` look through: `fn connect() -> Result<Client, Error>`.
const TRANSPARENT: &[&str] = &[
    "std::sync::Arc",
    "std::rc::Rc",
    "std::boxed::Box",
    "Arc",
    "Rc",
    "Box",
    "Result",
    "Option",
    "std::result::Result",
    "std::option::Option",
];

pub fn collect<'tree>(
    file: &'tree SourceFile,
    names: &mut Names,
    calls: &[crate::analysis::calls::Call<'tree>],
    functions: &crate::analysis::functions::Functions<'tree>,
    matched: &queries::Matched<'tree>,
) {
    bind_scope_handles(file, names, calls);
    let aliases = type_aliases(file, matched);
    let mut returns = std::collections::HashMap::new();
    for (name, function) in functions {
        let annotation = function.child_by_field_name("return_type");
        if let Some(type_name) = annotation.and_then(|a| type_of_annotation(file, names, &aliases, a, 0)) {
            returns.insert((*name).to_owned(), type_name);
        }
    }
    matched.for_each(&queries::RUST.bindings, |found| {
        if let (Some(field), Some(annotation)) = (found.get("field"), found.get("type")) {
            if let Some(type_name) = type_of_annotation(file, names, &aliases, annotation, 0) {
                names.bind_field(file.node_text(field), type_name);
            }
            return;
        }
        let (Some(binding), Some(target)) = (found.get("binding"), found.get("target")) else { return };
        let type_name = found
            .get("type")
            .and_then(|annotation| type_of_annotation(file, names, &aliases, annotation, 0))
            .or_else(|| found.get("value").and_then(|value| type_of_value(file, names, &returns, value)));
        let Some(type_name) = type_name else { return };
        let scope = ancestor(binding, &["function_item", "closure_expression"])
            .map_or(0..file.text().len(), |function| function.byte_range());
        let from = if binding.kind() == "parameter" { binding.start_byte() } else { binding.end_byte() };
        let at = binding.start_byte();
        names.bind_variable(Variable {
            name: file.node_text(target).into(),
            type_name: type_name.into(),
            scope,
            from,
            at,
        });
    });
}

/// `thread::scope(|s| ..)`: the closure's parameter is the scope's handle.
fn bind_scope_handles(file: &SourceFile, names: &mut Names, calls: &[crate::analysis::calls::Call<'_>]) {
    for &crate::analysis::calls::Call { call, callee } in calls {
        let Some(handle) = names.resolve_api(file, callee).and_then(|entry| entry.handle.clone()) else { continue };
        let Some(arguments) = call.child_by_field_name("arguments") else { continue };
        let mut cursor = arguments.walk();
        let Some(closure) = arguments.named_children(&mut cursor).find(|a| a.kind() == "closure_expression") else {
            continue;
        };
        let parameter = closure.child_by_field_name("parameters").and_then(|p| p.named_child(0));
        let name =
            parameter.map(|p| p.child_by_field_name("pattern").unwrap_or(p)).filter(|p| p.kind() == "identifier");
        if let Some(name) = name {
            let variable = Variable {
                name: file.node_text(name).into(),
                type_name: handle.into(),
                scope: closure.byte_range(),
                from: closure.start_byte(),
                at: closure.start_byte(),
            };
            names.bind_variable(variable);
        }
    }
}

/// `type Store = Arc<Mutex<State>>;` declarations, by name.
type Aliases<'tree> = std::collections::HashMap<&'tree str, Node<'tree>>;

fn type_aliases<'tree>(file: &'tree SourceFile, matched: &queries::Matched<'tree>) -> Aliases<'tree> {
    let mut aliases = Aliases::new();
    // Of two aliases of one name, the first in the file wins.
    matched.for_each(&queries::RUST.aliases, |found| {
        if let (Some(name), Some(aliased)) = (found.get("alias"), found.get("type")) {
            aliases.entry(file.node_text(name)).or_insert(aliased);
        }
    });
    aliases
}

/// `Mutex<T>`, `&Mutex<T>`, `Arc<Mutex<T>>`, `std::sync::MutexGuard<'_, T>`, and aliases of
/// them. `depth` stops alias cycles, which the compiler rejects but an editor buffer may hold.
fn type_of_annotation(
    file: &SourceFile,
    names: &Names,
    aliases: &Aliases<'_>,
    annotation: Node<'_>,
    depth: u8,
) -> Option<String> {
    if depth > 8 {
        return None;
    }
    let recurse = |node| type_of_annotation(file, names, aliases, node, depth + 1);
    match annotation.kind() {
        "type_identifier" if aliases.contains_key(file.node_text(annotation)) => {
            recurse(aliases[file.node_text(annotation)])
        }
        "reference_type" => recurse(annotation.child_by_field_name("type")?),
        "generic_type" => {
            let base = names.qualify(file, annotation.child_by_field_name("type")?)?;
            if TRANSPARENT.contains(&base.as_str()) {
                let arguments = annotation.child_by_field_name("type_arguments")?;
                let mut cursor = arguments.walk();
                let inner = arguments.named_children(&mut cursor).find(|a| a.kind() != "lifetime")?;
                return recurse(inner);
            }
            if is_tonic_client(file, &format!("{base}::new")) {
                return Some(TONIC_CLIENT.to_owned());
            }
            known_type(file, base)
        }
        "type_identifier" | "scoped_type_identifier" => {
            let path = names.qualify(file, annotation)?;
            if is_tonic_client(file, &format!("{path}::new")) {
                return Some(TONIC_CLIENT.to_owned());
            }
            known_type(file, path)
        }
        _ => None,
    }
}

/// `Mutex::new(0)`, `Arc::new(Mutex::new(0))`, `tokio::sync::Semaphore::new(4)`, or a call
/// whose catalogue entry says what it returns.
fn type_of_value(
    file: &SourceFile,
    names: &Names,
    returns: &std::collections::HashMap<String, String>,
    value: Node<'_>,
) -> Option<String> {
    let recurse = |node| type_of_value(file, names, returns, node);
    match value.kind() {
        // `GreeterClient::connect(addr).await?`
        "try_expression" | "await_expression" => recurse(value.named_child(0)?),
        "call_expression" => {
            let function = value.child_by_field_name("function")?;
            if function.kind() == "identifier" {
                if let Some(returned) = returns.get(file.node_text(function)) {
                    return Some(returned.clone());
                }
            }
            let path = names.qualify(file, function)?;
            if is_tonic_client(file, &path) {
                return Some(TONIC_CLIENT.to_owned());
            }
            if let Some(entry) = names.resolve_api(file, function) {
                if let Some(returns) = &entry.returns {
                    return Some(returns.clone());
                }
            }
            let (owner, _constructor) = path.rsplit_once("::")?;
            if TRANSPARENT.contains(&owner) {
                let arguments = value.child_by_field_name("arguments")?;
                return recurse(arguments.named_child(0)?);
            }
            known_type(file, owner.to_owned())
        }
        "reference_expression" | "parenthesized_expression" => {
            recurse(value.named_child(value.named_child_count().checked_sub(1)?)?)
        }
        _ => None,
    }
}

/// The catalogue's type for gRPC clients generated by tonic.
const TONIC_CLIENT: &str = "tonic::client::Grpc";

/// Searched for in the whole text; incremental analysis watches it (`incremental/probes.rs`).
pub(crate) const TONIC: &str = "tonic";

/// Generated clients are `<Service>Client` types built with `connect` or `new` in a file that
/// uses tonic.
fn is_tonic_client(file: &SourceFile, path: &str) -> bool {
    let mut segments = path.rsplit("::");
    let constructor = segments.next().unwrap_or_default();
    let client = segments.next().unwrap_or_default();
    matches!(constructor, "connect" | "new" | "with_interceptor")
        && client.ends_with("Client")
        && client.len() > "Client".len()
        && file.text().contains(TONIC)
}

/// A type path: one the catalogue describes as a type (under its first name), or any path
/// that reads as a type (`wgpu::Queue`), whose methods may be catalogued on their own.
pub(crate) fn known_type(file: &SourceFile, path: String) -> Option<String> {
    if let Some(entry) = Catalogue::global().api_by_name(file.language(), &path) {
        return (entry.kind == Kind::Class).then(|| entry.names.first().cloned().unwrap_or(path));
    }
    let last = path.rsplit("::").next().unwrap_or_default();
    last.starts_with(|c: char| c.is_ascii_uppercase()).then_some(path)
}
