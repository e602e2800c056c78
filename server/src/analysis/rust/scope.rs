//! Whether a Rust node runs inside async code.

use tree_sitter::Node;

use crate::analysis::source::ancestor;

/// The innermost function, closure or async block containing `node`.
pub fn enclosing_body(node: Node<'_>) -> Option<Node<'_>> {
    ancestor(node, &["function_item", "closure_expression", "async_block"])
}

/// True for `async fn`, `async { }` and `async` closures.
pub fn is_async_body(body: Node<'_>) -> bool {
    match body.kind() {
        "async_block" => true,
        "function_item" => {
            let mut cursor = body.walk();
            body.children(&mut cursor).any(|child| {
                child.kind() == "function_modifiers" && {
                    let mut inner = child.walk();
                    child.children(&mut inner).any(|modifier| modifier.kind() == "async")
                }
            })
        }
        "closure_expression" => {
            let mut cursor = body.walk();
            body.children(&mut cursor).any(|child| child.kind() == "async")
        }
        _ => false,
    }
}

/// True when `node` executes as part of a future: its innermost body is async. A plain closure
/// inside an `async fn` (the one given to `spawn_blocking`, say) runs synchronously.
pub fn in_async_code(node: Node<'_>) -> bool {
    enclosing_body(node).is_some_and(is_async_body)
}

/// Whether `node` contains an `.await` that suspends the code around it: not one inside a
/// closure, async block or nested function, which run elsewhere.
pub fn contains_await(node: Node<'_>) -> bool {
    if node.kind() == "await_expression" {
        return true;
    }
    if matches!(node.kind(), "closure_expression" | "async_block" | "function_item") {
        return false;
    }
    let mut cursor = node.walk();
    node.named_children(&mut cursor).any(contains_await)
}
