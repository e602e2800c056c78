//! Finding a call's arguments by keyword or position, in both languages.

use tree_sitter::Node;

use super::SourceFile;
use crate::catalogue::{Argument, Condition};

/// The arguments of a call that `spec` designates, in order.
pub fn select<'tree>(file: &SourceFile, call: Node<'tree>, spec: &Argument) -> Vec<Node<'tree>> {
    let Some(arguments) = call.child_by_field_name("arguments") else { return Vec::new() };
    let mut cursor = arguments.walk();
    let mut positional = 0;
    let mut selected = Vec::new();
    for argument in arguments.named_children(&mut cursor) {
        match argument.kind() {
            "comment" | "line_comment" | "block_comment" => {}
            "keyword_argument" => {
                let name = argument.child_by_field_name("name").map(|name| file.node_text(name));
                if name.is_some() && name == spec.keyword.as_deref() {
                    selected.extend(argument.child_by_field_name("value"));
                }
            }
            // `*args` and `**kwargs` hide which arguments they hold.
            "list_splat" | "dictionary_splat" => positional = usize::MAX / 2,
            _ => {
                let wanted = spec.position.is_some_and(|position| {
                    positional == position || (spec.variadic && positional > position && positional < usize::MAX / 2)
                });
                if wanted {
                    selected.push(argument);
                }
                positional += 1;
            }
        }
    }
    selected
}

/// Whether the call has `keyword=value` (Python keyword arguments), comparing source text.
pub fn satisfies(file: &SourceFile, call: Node<'_>, condition: &Condition) -> bool {
    let Some(arguments) = call.child_by_field_name("arguments") else { return false };
    let mut cursor = arguments.walk();
    arguments.named_children(&mut cursor).any(|argument| {
        argument.kind() == "keyword_argument"
            && argument.child_by_field_name("name").is_some_and(|n| file.node_text(n) == condition.keyword)
            && argument.child_by_field_name("value").is_some_and(|v| file.node_text(v) == condition.equals)
    })
}

/// The integer an argument holds, when it is a literal: `4`, `1_000`.
pub fn integer(file: &SourceFile, node: Node<'_>) -> Option<u32> {
    matches!(node.kind(), "integer" | "integer_literal")
        .then(|| file.node_text(node).replace('_', "").trim_end_matches(char::is_alphabetic).parse().ok())?
}
