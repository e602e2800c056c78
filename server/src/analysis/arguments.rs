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

/// The call's argument when it has exactly one.
pub fn only(call: Node<'_>) -> Option<Node<'_>> {
    call.child_by_field_name("arguments").filter(|a| a.named_child_count() == 1).and_then(|a| a.named_child(0))
}

/// Whether the call's arguments meet `condition`.
pub fn satisfies(file: &SourceFile, call: Node<'_>, condition: &Condition) -> bool {
    let spec = Argument { keyword: condition.keyword.clone(), position: condition.position, variadic: false };
    select(file, call, &spec).first().is_some_and(|value| {
        let text = file.node_text(*value);
        let equals = condition.equals.as_ref().is_none_or(|expected| text == expected);
        let prefix = condition
            .prefix
            .as_ref()
            .is_none_or(|prefix| unquote(text).is_some_and(|s| s.starts_with(prefix.as_str())));
        equals && prefix
    })
}

/// The contents of a plain string literal: `"cuda:0"` → `cuda:0`.
fn unquote(text: &str) -> Option<&str> {
    let quote = text.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    text.strip_prefix(quote)?.strip_suffix(quote)
}

/// The integer an argument holds, when it is a literal: `4`, `1_000`.
pub fn integer(file: &SourceFile, node: Node<'_>) -> Option<u32> {
    matches!(node.kind(), "integer" | "integer_literal")
        .then(|| file.node_text(node).replace('_', "").trim_end_matches(char::is_alphabetic).parse().ok())?
}
