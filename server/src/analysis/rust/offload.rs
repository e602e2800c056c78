//! Moving code from async code onto tokio's blocking pool:
//! `tokio::task::spawn_blocking(move || <code>).await.unwrap()`.
//!
//! `spawn_blocking` takes a `Send + 'static` closure, so the code may not borrow the async
//! function's locals. Types are unknown to a syntactic tool, so the check is conservative:
//! every local the code mentions must be owned by its binding (a literal, an owned constructor
//! such as `format!` or `String::from`, or an annotation with no reference, lifetime or `Rc`),
//! and, since `move` takes it away, never read again afterwards, nor moved in an earlier turn
//! of a loop. Locals without `mut` bound to a literal or typed as a primitive are copied and
//! stay unchanged, so they may be read afterwards.
//!
//! `.unwrap()` turns the `JoinError` back into a panic: it only occurs when the code panicked
//! (or the runtime shut down before it ran), so the task panics as the original code would.

use tree_sitter::Node;

use crate::analysis::SourceFile;
use crate::analysis::source::ancestor;

/// The path written in fixes: no `use` needed, and it reads as what it is.
pub const SPAWN_BLOCKING: &str = "tokio::task::spawn_blocking";

/// `spawn_blocking(move || <expression>).await.unwrap()`, when every local the expression
/// mentions can move into the closure.
pub fn wrap(file: &SourceFile, expression: Node<'_>) -> Option<String> {
    let locals = Locals::of(file, expression)?;
    locals
        .all_movable(expression, &[])
        .then(|| format!("{SPAWN_BLOCKING}(move || {}).await.unwrap()", file.node_text(expression)))
}

/// The same for a call, first evaluating arguments that build an owned value (`format!(..)`,
/// `x.to_string()`, `String::from(..)`) in the async code, so that what they borrow stays
/// there: `spawn_blocking({ let arg1 = format!(..); move || f(arg1) })`.
pub fn wrap_call(file: &SourceFile, call: Node<'_>) -> Option<String> {
    let locals = Locals::of(file, call)?;
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let hoisted: Vec<Node<'_>> =
        arguments.named_children(&mut cursor).filter(|argument| builds_owned_value(file, *argument)).collect();
    if !locals.all_movable(call, &hoisted) {
        return None;
    }
    if hoisted.is_empty() {
        return Some(format!("{SPAWN_BLOCKING}(move || {}).await.unwrap()", file.node_text(call)));
    }
    let call_text = file.node_text(call);
    let mut lets = String::new();
    let mut body = String::new();
    let mut copied = call.start_byte();
    for (index, argument) in hoisted.iter().enumerate() {
        let mut name = format!("arg{}", index + 1);
        while call_text.contains(name.as_str()) {
            name.insert(0, '_');
        }
        lets.push_str(&format!("let {name} = {}; ", file.node_text(*argument)));
        body.push_str(&file.text()[copied..argument.start_byte()]);
        body.push_str(&name);
        copied = argument.end_byte();
    }
    body.push_str(&file.text()[copied..call.end_byte()]);
    Some(format!("{SPAWN_BLOCKING}({{ {lets}move || {body} }}).await.unwrap()"))
}

/// An argument whose value is a fresh owned `String`, `PathBuf` or the like, whatever it
/// borrows while being built.
fn builds_owned_value(file: &SourceFile, node: Node<'_>) -> bool {
    match node.kind() {
        "macro_invocation" => node.child_by_field_name("macro").is_some_and(|name| file.node_text(name) == "format"),
        "call_expression" => {
            let Some(function) = node.child_by_field_name("function") else { return false };
            match function.kind() {
                "field_expression" => function
                    .child_by_field_name("field")
                    .is_some_and(|field| matches!(file.node_text(field), "to_string" | "to_owned")),
                "scoped_identifier" => {
                    let path = crate::analysis::names::compact(file.node_text(function));
                    OWNED_CONSTRUCTORS.iter().any(|constructor| path.ends_with(constructor))
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// Constructors that return an owned value with no borrow in it, whatever their argument.
const OWNED_CONSTRUCTORS: &[&str] = &["String::from", "String::new", "PathBuf::from", "PathBuf::new", "Vec::new"];

/// Types that may not cross to another thread, or that hold a borrow.
const NOT_SENDABLE: &[&str] =
    &["Rc", "Weak", "MutexGuard", "RwLockReadGuard", "RwLockWriteGuard", "Ref", "RefMut", "Cow", "NonNull"];

/// The bindings of the function around some code.
struct Locals<'a, 'tree> {
    file: &'a SourceFile,
    function: Node<'tree>,
}

/// How a local is bound.
struct Binding<'tree> {
    name: Node<'tree>,
    /// The `let`, parameter or other node that binds it.
    declaration: Node<'tree>,
}

impl<'a, 'tree> Locals<'a, 'tree> {
    fn of(file: &'a SourceFile, code: Node<'tree>) -> Option<Self> {
        let function = ancestor(code, &["function_item"])?;
        Some(Locals { file, function })
    }

    /// Whether every local mentioned in `code` (outside `skipped` subtrees) can move into a
    /// `'static` closure replacing `code`.
    fn all_movable(&self, code: Node<'tree>, skipped: &[Node<'tree>]) -> bool {
        if leaves_the_closure(code, skipped) {
            return false;
        }
        let bound_inside = bound_names(self.file, code);
        let mut stack = vec![code];
        while let Some(node) = stack.pop() {
            if skipped.contains(&node) {
                continue;
            }
            match node.kind() {
                // `self` is almost always a reference.
                "self" => return false,
                // `println!("{total}")` names a local inside a string.
                "string_literal" if inside_macro(node) => {
                    let captured = captured_names(self.file.node_text(node));
                    if captured.iter().any(|name| !bound_inside.contains(name) && !self.movable(name, node, code)) {
                        return false;
                    }
                }
                "identifier" if is_variable_reference(node) => {
                    let name = self.file.node_text(node);
                    if !bound_inside.contains(&name) && !self.movable(name, node, code) {
                        return false;
                    }
                }
                _ => {}
            }
            let mut cursor = node.walk();
            stack.extend(node.children(&mut cursor));
        }
        true
    }

    /// Whether the local `name`, mentioned at `reference`, can move into the closure.
    fn movable(&self, name: &str, reference: Node<'tree>, code: Node<'tree>) -> bool {
        let Some(binding) = self.binding_of(name, code.start_byte()) else {
            // No local of that name: a function, constant or static item, which `'static`
            // closures may use. Only names that read as such are trusted.
            let is_called = reference
                .parent()
                .is_some_and(|p| p.kind() == "call_expression" && p.child_by_field_name("function") == Some(reference));
            return is_called || name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        };
        // A `join()` consumes its handle: the call itself moves the receiver.
        if is_consumed_join_receiver(self.file, reference) {
            return true;
        }
        let immutable = !has_child_kind(binding.declaration, "mutable_specifier");
        // `count: u64` is copied into the closure; the original stays usable and unchanged.
        let primitive = |annotation: Node<'_>| immutable && annotation.kind() == "primitive_type";
        let (owned, copy) = match binding.declaration.kind() {
            "parameter" => match binding.declaration.child_by_field_name("type") {
                Some(annotation) => (self.owned_type(annotation), primitive(annotation)),
                None => (false, false),
            },
            "let_declaration" => match binding.declaration.child_by_field_name("type") {
                Some(annotation) => (self.owned_type(annotation), primitive(annotation)),
                None => match binding.declaration.child_by_field_name("value") {
                    Some(value) if is_copy_literal(value) => (true, immutable),
                    Some(value) => (builds_owned_value(self.file, value), false),
                    None => (false, false),
                },
            },
            _ => (false, false),
        };
        owned && (copy || (!self.read_after(name, code) && !moved_in_loop(binding.name, code, self.function)))
    }

    /// The latest binding of `name` before `at` whose scope reaches `at`.
    fn binding_of(&self, name: &str, at: usize) -> Option<Binding<'tree>> {
        let mut found: Option<Binding<'tree>> = None;
        let mut stack = vec![self.function];
        while let Some(node) = stack.pop() {
            if node.start_byte() >= at {
                continue;
            }
            let declaration = match node.kind() {
                "let_declaration" | "parameter" => Some(node),
                "for_expression" | "closure_parameters" | "match_arm" | "let_condition" => Some(node),
                _ => None,
            };
            if let Some(declaration) = declaration {
                let pattern = declaration.child_by_field_name("pattern").unwrap_or(declaration);
                for name_node in identifiers(pattern).into_iter().filter(|n| self.file.node_text(*n) == name) {
                    let in_scope = match declaration.kind() {
                        // A `let` binds only after its initialiser: `let x = f(x);` reads the old `x`.
                        "let_declaration" => {
                            declaration.end_byte() <= at
                                && declaration.parent().is_some_and(|block| block.end_byte() >= at)
                        }
                        "parameter" => ancestor(declaration, &["function_item", "closure_expression"])
                            .is_some_and(|owner| owner.end_byte() >= at),
                        // Loop variables and arm bindings live inside their construct, closure
                        // parameters and `if let` bindings inside its parent.
                        "for_expression" | "match_arm" => declaration.end_byte() >= at,
                        _ => declaration.parent().is_some_and(|owner| owner.end_byte() >= at),
                    };
                    let later = found.as_ref().is_none_or(|f| f.name.start_byte() < name_node.start_byte());
                    if in_scope && later && name_node.end_byte() <= at {
                        found = Some(Binding { name: name_node, declaration });
                    }
                }
            }
            let mut cursor = node.walk();
            stack.extend(node.named_children(&mut cursor));
        }
        found
    }

    /// A type with no reference, lifetime, trait object, generic parameter of the function or
    /// thread-bound pointer in it.
    fn owned_type(&self, annotation: Node<'_>) -> bool {
        let text = self.file.node_text(annotation);
        if text.contains(['&', '\'', '*']) || text.contains("impl ") || text.contains("dyn ") {
            return false;
        }
        let generics: Vec<&str> = self
            .function
            .child_by_field_name("type_parameters")
            .map(|parameters| identifiers(parameters).into_iter().map(|n| self.file.node_text(n)).collect())
            .unwrap_or_default();
        identifiers(annotation).into_iter().all(|n| {
            let name = self.file.node_text(n);
            !NOT_SENDABLE.contains(&name) && !generics.contains(&name)
        })
    }

    /// Whether `name` appears in the function after `code`, except where `let name = <code>;`
    /// shadows it: up to the end of that `let`'s block, the name means the new binding.
    fn read_after(&self, name: &str, code: Node<'_>) -> bool {
        let shadowed = ancestor(code, &["let_declaration", "block", "closure_expression", "expression_statement"])
            .filter(|node| node.kind() == "let_declaration")
            .filter(|binding| {
                binding
                    .child_by_field_name("pattern")
                    .is_some_and(|pattern| identifiers(pattern).into_iter().any(|n| self.file.node_text(n) == name))
            })
            .and_then(|binding| binding.parent())
            .map_or(0..0, |block| code.end_byte()..block.end_byte());
        let mut stack = vec![self.function];
        while let Some(node) = stack.pop() {
            if node.end_byte() <= code.end_byte() {
                continue;
            }
            if node.start_byte() >= code.end_byte()
                && !shadowed.contains(&node.start_byte())
                && (matches!(node.kind(), "identifier" if self.file.node_text(node) == name)
                    || (node.kind() == "string_literal" && self.file.node_text(node).contains(&format!("{{{name}"))))
            {
                return true;
            }
            let mut cursor = node.walk();
            stack.extend(node.children(&mut cursor));
        }
        false
    }
}

/// Whether `code` would act differently inside a closure: `return`, `?` and `.await` apply to
/// the closure there, not to the async function, and a labelled `break` or `continue` cannot
/// reach its loop. Nested closures and async blocks keep their own, and `skipped` arguments
/// are evaluated outside.
fn leaves_the_closure(code: Node<'_>, skipped: &[Node<'_>]) -> bool {
    let mut stack = vec![code];
    while let Some(node) = stack.pop() {
        if skipped.contains(&node) {
            continue;
        }
        match node.kind() {
            "return_expression" | "try_expression" | "await_expression" | "?" => return true,
            "break_expression" | "continue_expression" if has_child_kind(node, "label") => return true,
            "closure_expression" | "async_block" | "function_item" if node != code => continue,
            _ => {}
        }
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
    false
}

/// `handle.join()`, the callee of the code being moved.
fn is_consumed_join_receiver(file: &SourceFile, reference: Node<'_>) -> bool {
    let Some(method) = reference.parent().filter(|p| p.kind() == "field_expression") else { return false };
    method.child_by_field_name("value") == Some(reference)
        && method.child_by_field_name("field").is_some_and(|f| file.node_text(f) == "join")
        && method.parent().is_some_and(|call| call.kind() == "call_expression")
}

/// A binding made before a loop that contains `code` would be moved again on the next turn.
fn moved_in_loop(binding: Node<'_>, code: Node<'_>, function: Node<'_>) -> bool {
    let mut current = code.parent();
    while let Some(node) = current.filter(|node| *node != function) {
        if matches!(node.kind(), "for_expression" | "while_expression" | "loop_expression")
            && binding.start_byte() < node.start_byte()
        {
            return true;
        }
        current = node.parent();
    }
    false
}

/// Names bound inside `code` itself (closure parameters, `let`s, loop variables), which are
/// not captures.
fn bound_names<'a>(file: &'a SourceFile, code: Node<'_>) -> Vec<&'a str> {
    let mut names = Vec::new();
    let mut stack = vec![code];
    while let Some(node) = stack.pop() {
        let pattern = match node.kind() {
            "let_declaration" | "for_expression" | "let_condition" | "match_arm" => node.child_by_field_name("pattern"),
            "closure_parameters" => Some(node),
            _ => None,
        };
        if let Some(pattern) = pattern {
            names.extend(identifiers(pattern).into_iter().map(|n| file.node_text(n)));
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    names
}

/// The identifiers in a pattern or type, in order.
fn identifiers(node: Node<'_>) -> Vec<Node<'_>> {
    let mut found = Vec::new();
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        if matches!(node.kind(), "identifier" | "type_identifier") {
            found.push(node);
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    found
}

/// An identifier that names a value, not a path segment, field, label or macro.
fn is_variable_reference(node: Node<'_>) -> bool {
    let Some(parent) = node.parent() else { return true };
    match parent.kind() {
        "scoped_identifier" | "scoped_type_identifier" => false,
        "macro_invocation" => parent.child_by_field_name("macro") != Some(node),
        _ => true,
    }
}

fn inside_macro(node: Node<'_>) -> bool {
    ancestor(node, &["token_tree"]).is_some()
}

/// The variables a format string captures by name: `total` in `"{total}"` and `"{total:>8}"`.
fn captured_names(literal: &str) -> Vec<&str> {
    literal
        .split('{')
        .skip(1)
        .map(|rest| rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or_default())
        .filter(|name| name.starts_with(|c: char| c.is_alphabetic() || c == '_'))
        .collect()
}

fn is_copy_literal(value: Node<'_>) -> bool {
    matches!(
        value.kind(),
        "string_literal"
            | "raw_string_literal"
            | "integer_literal"
            | "float_literal"
            | "boolean_literal"
            | "char_literal"
    )
}

fn has_child_kind(node: Node<'_>, kind: &str) -> bool {
    let mut cursor = node.walk();
    node.children(&mut cursor).any(|child| child.kind() == kind)
}
