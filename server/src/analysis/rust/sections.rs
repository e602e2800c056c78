//! Finds Rust sections: `async fn` bodies, async blocks and data-parallel iterator chains.

use tree_sitter::Node;

use crate::analysis::names::Names;
use crate::analysis::{Section, SourceFile, queries};
use crate::catalogue::{Catalogue, Start};

pub fn find(file: &SourceFile, _names: &Names) -> Vec<Section> {
    let catalogue = Catalogue::global();
    let language = file.language();
    let mut sections = Vec::new();
    queries::RUST.sections.for_each_match(file, file.root(), |found| {
        if let (Some(function), Some(body)) = (found.get("async_function"), found.get("body")) {
            if let Some(entry) = catalogue.api_by_keyword(language, "async fn") {
                sections.push(Section::new(file, body.byte_range(), function_keyword(function), entry));
            }
        } else if let Some(block) = found.get("async_block") {
            if let Some(entry) = catalogue.api_by_keyword(language, "async block") {
                sections.push(Section::new(file, block.byte_range(), block.start_byte(), entry));
            }
        } else if let (Some(method), Some(call)) = (found.get("method"), found.get("method_call")) {
            let Some(entry) = catalogue.api_by_method(language, file.node_text(method)) else {
                return;
            };
            if entry.starts.contains(&Start::Chain) {
                sections.push(Section::new(file, chain_top(call).byte_range(), method.start_byte(), entry));
            }
        }
    });
    sections
}

/// Where `async fn` is written, skipping attributes and doc comments that the grammar puts
/// outside the item anyway, and visibility that it puts inside.
fn function_keyword(function: Node<'_>) -> usize {
    let mut cursor = function.walk();
    function
        .children(&mut cursor)
        .find(|child| child.kind() == "function_modifiers")
        .map_or(function.start_byte(), |modifiers| modifiers.start_byte())
}

/// The whole method chain a call belongs to: `xs.par_iter().map(f).sum()` from `par_iter()`.
fn chain_top(call: Node<'_>) -> Node<'_> {
    let mut top = call;
    while let Some(parent) = top.parent() {
        let continues_chain = match parent.kind() {
            "field_expression" => parent.child_by_field_name("value") == Some(top),
            "call_expression" => parent.child_by_field_name("function") == Some(top),
            "try_expression" | "await_expression" => true,
            _ => false,
        };
        if !continues_chain {
            break;
        }
        top = parent;
    }
    top
}
