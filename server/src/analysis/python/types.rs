//! Infers the types of Python variables bound to the result of a known constructor or factory,
//! so that `pool.map` resolves to `multiprocessing.Pool.map` after `pool = mp.Pool(4)`.
//!
//! Purely syntactic and local to the file: the last binding before a use, in the same function
//! (or the module), wins; `self.x` bindings are visible in the whole class.

use tree_sitter::Node;

use crate::analysis::names::{Names, Variable};
use crate::analysis::{SourceFile, queries};
use crate::catalogue::Kind;

pub fn collect(file: &SourceFile, names: &mut Names) {
    queries::PYTHON.bindings.for_each_match(file, file.root(), |found| {
        let (Some(binding), Some(target), Some(callee)) =
            (found.get("binding"), found.get("target"), found.get("callee"))
        else {
            return;
        };
        let Some(entry) = names.resolve_api(file, callee) else { return };
        let type_name = match (entry.kind, &entry.returns) {
            (_, Some(returns)) => returns.clone(),
            (Kind::Class, None) => entry.names.first().cloned().unwrap_or_else(|| entry.id.clone()),
            _ => return,
        };
        let name = crate::analysis::names::compact(file.node_text(target));
        let scope = if name.starts_with("self.") { enclosing(binding, &["class_definition"]) } else { None }
            .or_else(|| enclosing(binding, &["function_definition", "lambda"]))
            .map_or(0..file.text().len(), |scope| scope.byte_range());
        // The binding applies after the statement: in `x = f(x)` the argument is the old `x`.
        names.bind_variable(Variable { name, type_name, scope, from: binding.end_byte() });
    });
}

fn enclosing<'tree>(node: Node<'tree>, kinds: &[&str]) -> Option<Node<'tree>> {
    let mut current = node.parent();
    while let Some(candidate) = current {
        if kinds.contains(&candidate.kind()) {
            return Some(candidate);
        }
        current = candidate.parent();
    }
    None
}
