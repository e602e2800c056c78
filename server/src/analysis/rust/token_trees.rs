//! Calls inside macro arguments. Tree-sitter leaves a macro's arguments as a flat token tree,
//! so `connections.spawn(serve(socket))` inside a `tokio::select!` branch is a row of tokens,
//! not a call. This finds the two call shapes that matter, `receiver.method(..)` and
//! `path::to::function(..)`, and resolves them as the parser would.

use std::ops::Range;

use tree_sitter::Node;

use crate::analysis::SourceFile;
use crate::analysis::names::Names;
use crate::analysis::queries::{self, Matched};
use crate::catalogue::{ApiEntry, Catalogue};

/// A call found in a token tree: what it calls, the tokens it spans, and where its name starts.
pub struct TokenCall {
    pub entry: &'static ApiEntry,
    pub range: Range<usize>,
    pub head: usize,
}

/// The calls in every token tree of the file, `matched` holding its query matches.
pub fn calls(file: &SourceFile, names: &Names, matched: &Matched<'_>) -> Vec<TokenCall> {
    let mut found = Vec::new();
    matched.for_each(&queries::RUST.token_trees, |tree| {
        if let Some(tree) = tree.get("token_tree") {
            scan(file, names, tree, &mut found);
        }
    });
    found
}

fn scan(file: &SourceFile, names: &Names, tree: Node<'_>, found: &mut Vec<TokenCall>) {
    let mut cursor = tree.walk();
    let tokens: Vec<Node<'_>> = tree.children(&mut cursor).collect();
    let text = |node: &Node<'_>| file.node_text(*node);
    let is_arguments =
        |node: Option<&Node<'_>>| node.is_some_and(|n| n.kind() == "token_tree" && text(n).starts_with('('));
    let catalogue = Catalogue::global();
    for (index, token) in tokens.iter().enumerate() {
        if token.kind() != "identifier" || !is_arguments(tokens.get(index + 1)) {
            continue;
        }
        let arguments = tokens[index + 1];
        let before = |back: usize| index.checked_sub(back).and_then(|i| tokens.get(i));
        // `receiver.method(..)`
        if before(1).is_some_and(|dot| text(dot) == ".") {
            let Some(receiver) = before(2).filter(|r| r.kind() == "identifier" || r.kind() == "self") else { continue };
            let receiver_type = names.variable_type(text(receiver), receiver.start_byte()).map(str::to_owned);
            let entry = receiver_type
                .and_then(|owner| catalogue.api_by_name(file.language(), &format!("{owner}::{}", text(token))))
                .or_else(|| {
                    catalogue
                        .api_by_method(file.language(), text(token))
                        .filter(|entry| entry.when.is_none())
                        .filter(|entry| names.in_context(file, entry))
                });
            if let Some(entry) = entry {
                found.push(TokenCall {
                    entry,
                    range: receiver.start_byte()..arguments.end_byte(),
                    head: token.start_byte(),
                });
            }
            continue;
        }
        // `a::b::function(..)`: walk back over `::`-separated identifiers.
        let mut start = index;
        while start >= 2 && text(&tokens[start - 1]) == "::" && tokens[start - 2].kind() == "identifier" {
            start -= 2;
        }
        if before(1).is_some_and(|previous| text(previous) == "::") && start == index {
            continue;
        }
        let path: String = tokens[start..=index].iter().map(&text).collect();
        let qualified = names.qualify_path(&path, tokens[start].start_byte());
        if let Some(entry) = catalogue.api_by_name(file.language(), &qualified) {
            found.push(TokenCall {
                entry,
                range: tokens[start].start_byte()..arguments.end_byte(),
                head: tokens[start].start_byte(),
            });
        }
    }
}
