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
