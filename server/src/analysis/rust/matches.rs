//! The matches of the Rust queries (`server/queries/rust/*.scm`), found by one walk of the tree
//! ([`crate::analysis::query_walk`]) instead of tree-sitter's query cursor, which took a third
//! of the analysis of a large Rust file.

use std::ops::Range;
use std::sync::LazyLock;

use tree_sitter::{Node, Tree};

use crate::analysis::Language;
use crate::analysis::query_walk::{self, Recorder, Walked, children, field};

/// The Rust queries, in the order of their patterns in the combined query.
pub const QUERIES: [&str; 9] =
    ["functions", "uses", "bindings", "calls", "sections", "token_trees", "runtime", "loops", "aliases"];
/// Every capture name of the Rust queries.
pub const CAPTURES: [&str; 22] = [
    "name",
    "function",
    "use",
    "target",
    "type",
    "value",
    "binding",
    "field",
    "callee",
    "call",
    "body",
    "async_function",
    "async_block",
    "method",
    "method_call",
    "macro",
    "macro_call",
    "token_tree",
    "attribute",
    "builder",
    "loop",
    "alias",
];
const FUNCTIONS: usize = 0;
const USES: usize = 1;
const BINDINGS: usize = 2;
const CALLS: usize = 3;
const SECTIONS: usize = 4;
const TOKEN_TREES: usize = 5;
const RUNTIME: usize = 6;
const LOOPS: usize = 7;
const ALIASES: usize = 8;
/// The runtime builders `runtime.scm` names (its `#any-of?`).
pub(crate) const RUNTIME_BUILDERS: [&str; 2] = ["new_current_thread", "new_multi_thread"];

/// The grammar's numbers for the kinds and fields the patterns name: comparing numbers spares
/// a string comparison per node.
struct Grammar {
    function_item: u16,
    use_declaration: u16,
    let_declaration: u16,
    parameter: u16,
    field_declaration: u16,
    call_expression: u16,
    async_block: u16,
    macro_invocation: u16,
    token_tree: u16,
    attribute: u16,
    for_expression: u16,
    type_item: u16,
    function_modifiers: u16,
    async_keyword: u16,
    block: u16,
    identifier: u16,
    scoped_identifier: u16,
    field_expression: u16,
    field_identifier: u16,
    name: u16,
    argument: u16,
    pattern: u16,
    type_: u16,
    value: u16,
    function: u16,
    field: u16,
    body: u16,
    macro_: u16,
}

static GRAMMAR: LazyLock<Grammar> = LazyLock::new(|| {
    let grammar = Language::Rust.grammar();
    let kind = |name: &str| grammar.id_for_node_kind(name, true);
    let field = |name: &str| grammar.field_id_for_name(name).map_or(0, |id| id.get());
    Grammar {
        function_item: kind("function_item"),
        use_declaration: kind("use_declaration"),
        let_declaration: kind("let_declaration"),
        parameter: kind("parameter"),
        field_declaration: kind("field_declaration"),
        call_expression: kind("call_expression"),
        async_block: kind("async_block"),
        macro_invocation: kind("macro_invocation"),
        token_tree: kind("token_tree"),
        attribute: kind("attribute"),
        for_expression: kind("for_expression"),
        type_item: kind("type_item"),
        function_modifiers: kind("function_modifiers"),
        async_keyword: grammar.id_for_node_kind("async", false),
        block: kind("block"),
        identifier: kind("identifier"),
        scoped_identifier: kind("scoped_identifier"),
        field_expression: kind("field_expression"),
        field_identifier: kind("field_identifier"),
        name: field("name"),
        argument: field("argument"),
        pattern: field("pattern"),
        type_: field("type"),
        value: field("value"),
        function: field("function"),
        field: field("field"),
        body: field("body"),
        macro_: field("macro"),
    }
});

/// Every match of the Rust queries in `tree` (in the nodes overlapping `within`, when given),
/// in the order the query cursor gives; `None` when the time budget stopped the walk.
pub fn collect<'tree>(tree: &'tree Tree, text: &str, within: Option<Range<usize>>) -> Option<Walked<'tree>> {
    query_walk::collect(tree, within, |recorder, node| Matcher { recorder, grammar: &GRAMMAR, text }.node(node))
}

struct Matcher<'r, 'a, 'tree> {
    recorder: &'r mut Recorder<'a, 'tree>,
    grammar: &'r Grammar,
    /// The text the tree was parsed from, for the patterns that test a capture's text.
    text: &'r str,
}

impl<'tree> Matcher<'_, '_, 'tree> {
    fn node(&mut self, node: Node<'tree>) {
        let g = self.grammar;
        let kind = node.kind_id();
        if kind == g.function_item {
            self.function(node);
        } else if kind == g.use_declaration {
            if let Some(argument) = field(node, g.argument).filter(Node::is_named) {
                self.recorder.push(USES, 0, argument, 1, &[("use", argument)]);
            }
        } else if kind == g.let_declaration {
            self.let_declaration(node);
        } else if kind == g.parameter {
            let target = field(node, g.pattern).filter(|pattern| pattern.kind_id() == g.identifier);
            if let (Some(target), Some(annotation)) = (target, field(node, g.type_).filter(Node::is_named)) {
                let captures = [("binding", node), ("target", target), ("type", annotation)];
                self.recorder.push(BINDINGS, 1, annotation, 1, &captures);
            }
        } else if kind == g.field_declaration {
            let name = field(node, g.name).filter(|name| name.kind_id() == g.field_identifier);
            if let (Some(name), Some(annotation)) = (name, field(node, g.type_).filter(Node::is_named)) {
                let captures = [("binding", node), ("field", name), ("type", annotation)];
                self.recorder.push(BINDINGS, 2, annotation, 1, &captures);
            }
        } else if kind == g.call_expression {
            self.call(node);
        } else if kind == g.async_block {
            self.recorder.push(SECTIONS, 1, node, 0, &[("async_block", node)]);
        } else if kind == g.macro_invocation
            && let Some(path) = field(node, g.macro_).filter(Node::is_named)
        {
            self.recorder.push(SECTIONS, 3, path, 1, &[("macro_call", node), ("macro", path)]);
        } else if kind == g.token_tree {
            self.recorder.push(TOKEN_TREES, 0, node, 0, &[("token_tree", node)]);
        } else if kind == g.attribute {
            self.recorder.push(RUNTIME, 0, node, 0, &[("attribute", node)]);
        } else if kind == g.for_expression {
            self.recorder.push(LOOPS, 0, node, 0, &[("loop", node)]);
        } else if kind == g.type_item {
            let name = field(node, g.name).filter(Node::is_named);
            if let (Some(name), Some(aliased)) = (name, field(node, g.type_).filter(Node::is_named)) {
                self.recorder.push(ALIASES, 0, aliased, 1, &[("alias", name), ("type", aliased)]);
            }
        } else if kind == g.scoped_identifier
            && let Some(name) = field(node, g.name).filter(|name| name.kind_id() == g.identifier)
            && self.text.get(name.byte_range()).is_some_and(|name| RUNTIME_BUILDERS.contains(&name))
        {
            self.recorder.push(RUNTIME, 1, name, 1, &[("builder", name)]);
        }
    }

    fn function(&mut self, node: Node<'tree>) {
        let g = self.grammar;
        if let Some(name) = field(node, g.name).filter(Node::is_named) {
            self.recorder.push(FUNCTIONS, 0, name, 1, &[("function", node), ("name", name)]);
        }
        let is_async = children(node)
            .filter(|child| child.kind_id() == g.function_modifiers)
            .any(|modifiers| children(modifiers).any(|keyword| keyword.kind_id() == g.async_keyword));
        if let Some(body) = field(node, g.body).filter(|body| is_async && body.kind_id() == g.block) {
            self.recorder.push(SECTIONS, 0, body, 1, &[("async_function", node), ("body", body)]);
        }
    }

    /// `let m = Mutex::new(0);`, `let g: MutexGuard<_>;`: the type and the value are optional,
    /// and the match, completed by the last of them present, captures those present.
    fn let_declaration(&mut self, node: Node<'tree>) {
        let g = self.grammar;
        let Some(target) = field(node, g.pattern).filter(|pattern| pattern.kind_id() == g.identifier) else {
            return;
        };
        let annotation = field(node, g.type_).filter(Node::is_named);
        let value = field(node, g.value).filter(Node::is_named);
        let mut captures = vec![("binding", node), ("target", target)];
        captures.extend(annotation.map(|annotation| ("type", annotation)));
        captures.extend(value.map(|value| ("value", value)));
        let finish = value.or(annotation).unwrap_or(target);
        self.recorder.push(BINDINGS, 0, finish, 1, &captures);
    }

    /// `spawn(..)`, `thread::spawn(..)` and `rt.block_on(..)` are calls; a method call also
    /// names its method, which starts data-parallel chains.
    fn call(&mut self, node: Node<'tree>) {
        let g = self.grammar;
        let Some(callee) = field(node, g.function) else { return };
        let callee_kind = callee.kind_id();
        if callee_kind == g.identifier || callee_kind == g.scoped_identifier || callee_kind == g.field_expression {
            self.recorder.push(CALLS, 0, callee, 1, &[("call", node), ("callee", callee)]);
        }
        if callee_kind == g.field_expression
            && let Some(method) = field(callee, g.field).filter(|method| method.kind_id() == g.field_identifier)
        {
            self.recorder.push(SECTIONS, 2, method, 2, &[("method_call", node), ("method", method)]);
        }
    }
}
