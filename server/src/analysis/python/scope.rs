//! Which function a Python node belongs to, and whether that function is a coroutine.

use tree_sitter::Node;

use crate::analysis::source::ancestor;

/// The innermost `def`, `async def` or `lambda` containing `node`.
pub fn enclosing_function(node: Node<'_>) -> Option<Node<'_>> {
    ancestor(node, &["function_definition", "lambda"])
}

pub fn is_async_function(function: Node<'_>) -> bool {
    function.kind() == "function_definition" && function.child(0).is_some_and(|first| first.kind() == "async")
}

/// True when `node` runs as part of a coroutine body: its innermost function is an `async def`.
/// Code in a nested plain `def` or `lambda` does not, even inside an `async def`.
pub fn in_coroutine(node: Node<'_>) -> bool {
    enclosing_function(node).is_some_and(is_async_function)
}

/// True when an `await` may be put before `node`: it runs in a coroutine's own body and not in
/// a generator expression, where an `await` would turn the expression into an asynchronous
/// generator that `list()`, `sum()` or a plain `for` cannot consume. (List, set and dict
/// comprehensions may await.)
pub fn can_await(node: Node<'_>) -> bool {
    let Some(function) = enclosing_function(node).filter(|f| is_async_function(*f)) else { return false };
    let mut current = node.parent();
    while let Some(ancestor) = current.filter(|a| *a != function) {
        if ancestor.kind() == "generator_expression" {
            return false;
        }
        current = ancestor.parent();
    }
    true
}

/// True when `node` is the operand of an `await`.
pub fn is_awaited(node: Node<'_>) -> bool {
    node.parent().is_some_and(|parent| parent.kind() == "await")
}

/// The expression of a `for` loop's body when the body is that one expression statement
/// (comments aside), and the loop has no `else`.
pub fn single_expression_body(for_statement: Node<'_>) -> Option<Node<'_>> {
    if for_statement.child_by_field_name("alternative").is_some() {
        return None;
    }
    let body = for_statement.child_by_field_name("body")?;
    let mut cursor = body.walk();
    let statements: Vec<Node<'_>> = body.named_children(&mut cursor).filter(|s| s.kind() != "comment").collect();
    let [statement] = statements.as_slice() else { return None };
    (statement.kind() == "expression_statement").then(|| statement.named_child(0)).flatten()
}

/// Whether a name the `for` loop binds (`url` in `for url in urls`) may be read after the loop
/// in the same function or module. Rewrites that replace the loop by a comprehension, `map` or
/// `gather` bind no such variable, so a later read would fail or see another value. A name
/// whose next appearance rebinds it, as the target of a later loop or assignment in the same
/// block, is free.
pub fn loop_variable_used_later(file: &crate::analysis::SourceFile, for_statement: Node<'_>) -> bool {
    let Some(target) = for_statement.child_by_field_name("left") else { return true };
    let scope = enclosing_function(for_statement).unwrap_or_else(|| file.root());
    let later = identifiers_in(scope).into_iter().filter(|n| n.start_byte() >= for_statement.end_byte());
    identifiers_in(target).into_iter().any(|bound| {
        let name = file.node_text(bound);
        let next = later.clone().filter(|n| file.node_text(*n) == name).min_by_key(|n| n.start_byte());
        next.is_some_and(|next| !rebinds_in_same_block(next, for_statement))
    })
}

/// `next` is the target (or part of it) of a `for` or an assignment that follows `statement`
/// in the same block.
fn rebinds_in_same_block(next: Node<'_>, statement: Node<'_>) -> bool {
    let mut current = next;
    while let Some(parent) = current.parent() {
        let binds = match parent.kind() {
            "for_statement" | "assignment" => parent.child_by_field_name("left") == Some(current),
            "pattern_list" | "tuple_pattern" | "list_pattern" => true,
            _ => false,
        };
        if !binds {
            return false;
        }
        let holder = if parent.kind() == "assignment" { parent.parent() } else { Some(parent) };
        if let Some(holder) = holder.filter(|h| matches!(h.kind(), "for_statement" | "expression_statement")) {
            return holder.parent() == statement.parent();
        }
        current = parent;
    }
    false
}

fn identifiers_in(node: Node<'_>) -> Vec<Node<'_>> {
    let mut found = Vec::new();
    let mut stack = vec![node];
    while let Some(current) = stack.pop() {
        if current.kind() == "identifier" {
            found.push(current);
        }
        let mut cursor = current.walk();
        stack.extend(current.named_children(&mut cursor));
    }
    found
}

/// The first of `candidates` that no identifier in `scope` spells, for a variable a rewrite
/// introduces: it must not overwrite a local, nor shadow a global or closure variable the scope
/// reads (both appear in it).
pub fn unused_name(
    file: &crate::analysis::SourceFile,
    scope: Node<'_>,
    candidates: &[&'static str],
) -> Option<&'static str> {
    let used: Vec<&str> = identifiers_in(scope).into_iter().map(|n| file.node_text(n)).collect();
    candidates.iter().copied().find(|name| !used.contains(name))
}
