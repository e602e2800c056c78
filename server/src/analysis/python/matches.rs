//! The matches of the Python queries (`server/queries/python/*.scm`), found by one walk of the
//! tree ([`crate::analysis::query_walk`]) instead of tree-sitter's query cursor, which spent
//! about a third of `check`'s time on a parse's worth of work.

use std::ops::Range;
use std::sync::LazyLock;

use tree_sitter::{Node, Tree};

use crate::analysis::Language;
use crate::analysis::query_walk::{self, Recorder, Walked, children, field};

/// The Python queries, in the order of their patterns in the combined query.
pub const QUERIES: [&str; 5] = ["functions", "imports", "bindings", "calls", "sections"];
/// Every capture name of the Python queries.
pub const CAPTURES: [&str; 13] = [
    "function",
    "name",
    "import",
    "binding",
    "target",
    "callee",
    "annotation",
    "decorator",
    "call",
    "async_function",
    "body",
    "with",
    "decorated",
];
const FUNCTIONS: usize = 0;
const IMPORTS: usize = 1;
const BINDINGS: usize = 2;
const CALLS: usize = 3;
const SECTIONS: usize = 4;

/// The grammar's numbers for the kinds and fields the patterns name: comparing numbers spares
/// a string comparison per node.
struct Grammar {
    function_definition: u16,
    import_statement: u16,
    import_from_statement: u16,
    call: u16,
    assignment: u16,
    with_item: u16,
    with_statement: u16,
    with_clause: u16,
    typed_parameter: u16,
    typed_default_parameter: u16,
    decorated_definition: u16,
    decorator: u16,
    as_pattern: u16,
    as_pattern_target: u16,
    identifier: u16,
    attribute: u16,
    block: u16,
    type_: u16,
    await_: u16,
    async_keyword: u16,
    name: u16,
    body: u16,
    function: u16,
    left: u16,
    right: u16,
    type_field: u16,
    value: u16,
    alias: u16,
    definition: u16,
}

static GRAMMAR: LazyLock<Grammar> = LazyLock::new(|| {
    let grammar = Language::Python.grammar();
    let kind = |name: &str| grammar.id_for_node_kind(name, true);
    let field = |name: &str| grammar.field_id_for_name(name).map_or(0, |id| id.get());
    Grammar {
        function_definition: kind("function_definition"),
        import_statement: kind("import_statement"),
        import_from_statement: kind("import_from_statement"),
        call: kind("call"),
        assignment: kind("assignment"),
        with_item: kind("with_item"),
        with_statement: kind("with_statement"),
        with_clause: kind("with_clause"),
        typed_parameter: kind("typed_parameter"),
        typed_default_parameter: kind("typed_default_parameter"),
        decorated_definition: kind("decorated_definition"),
        decorator: kind("decorator"),
        as_pattern: kind("as_pattern"),
        as_pattern_target: kind("as_pattern_target"),
        identifier: kind("identifier"),
        attribute: kind("attribute"),
        block: kind("block"),
        type_: kind("type"),
        await_: kind("await"),
        async_keyword: grammar.id_for_node_kind("async", false),
        name: field("name"),
        body: field("body"),
        function: field("function"),
        left: field("left"),
        right: field("right"),
        type_field: field("type"),
        value: field("value"),
        alias: field("alias"),
        definition: field("definition"),
    }
});

/// Every match of the Python queries in `tree` (in the nodes overlapping `within`, when given),
/// in the order the query cursor gives; `None` when the time budget stopped the walk.
pub fn collect(tree: &Tree, within: Option<Range<usize>>) -> Option<Walked<'_>> {
    query_walk::collect(tree, within, |recorder, node| Matcher { recorder, grammar: &GRAMMAR }.node(node))
}

struct Matcher<'r, 'a, 'tree> {
    recorder: &'r mut Recorder<'a, 'tree>,
    grammar: &'r Grammar,
}

impl<'tree> Matcher<'_, '_, 'tree> {
    fn node(&mut self, node: Node<'tree>) {
        let g = self.grammar;
        let kind = node.kind_id();
        if kind == g.function_definition {
            self.function(node);
        } else if kind == g.import_statement || kind == g.import_from_statement {
            self.recorder.push(IMPORTS, 0, node, 0, &[("import", node)]);
        } else if kind == g.call {
            if let Some(callee) = field(node, g.function).filter(Node::is_named) {
                self.recorder.push(CALLS, 0, callee, 1, &[("call", node), ("callee", callee)]);
            }
        } else if kind == g.assignment {
            self.assignment(node);
        } else if kind == g.with_item {
            self.with_item(node);
        } else if kind == g.typed_parameter {
            let target = children(node).find(|child| child.kind_id() == g.identifier);
            if let (Some(target), Some(annotation)) = (target, self.typed(node)) {
                let captures = [("binding", node), ("target", target), ("annotation", annotation)];
                self.recorder.push(BINDINGS, 2, annotation, 1, &captures);
            }
        } else if kind == g.typed_default_parameter {
            let target = field(node, g.name).filter(|name| name.kind_id() == g.identifier);
            if let (Some(target), Some(annotation)) = (target, self.typed(node)) {
                let captures = [("binding", node), ("target", target), ("annotation", annotation)];
                self.recorder.push(BINDINGS, 3, annotation, 1, &captures);
            }
        } else if kind == g.decorated_definition {
            self.decorated(node);
        } else if kind == g.with_statement {
            self.with_statement(node);
        }
    }

    fn function(&mut self, node: Node<'tree>) {
        let g = self.grammar;
        if let Some(name) = field(node, g.name).filter(Node::is_named) {
            self.recorder.push(FUNCTIONS, 0, name, 1, &[("function", node), ("name", name)]);
        }
        let is_async = node.child(0).is_some_and(|first| first.kind_id() == g.async_keyword);
        if let Some(body) = field(node, g.body).filter(|body| is_async && body.kind_id() == g.block) {
            self.recorder.push(SECTIONS, 0, body, 1, &[("async_function", node), ("body", body)]);
        }
    }

    fn assignment(&mut self, node: Node<'tree>) {
        let g = self.grammar;
        let Some(left) = field(node, g.left) else { return };
        // `x: T = ..` completes at its annotation, before the value's callee.
        if let Some(annotation) = self.typed(node).filter(|_| left.kind_id() == g.identifier) {
            let captures = [("binding", node), ("target", left), ("annotation", annotation)];
            self.recorder.push(BINDINGS, 4, annotation, 1, &captures);
        }
        if left.kind_id() != g.identifier && left.kind_id() != g.attribute {
            return;
        }
        if let Some((callee, depth)) = field(node, g.right).and_then(|right| self.called(right)) {
            self.recorder.push(
                BINDINGS,
                0,
                callee,
                depth + 1,
                &[("binding", node), ("target", left), ("callee", callee)],
            );
        }
    }

    /// `with Pool() as pool:` binds `pool`.
    fn with_item(&mut self, node: Node<'tree>) {
        let g = self.grammar;
        let Some(value) = field(node, g.value).filter(|value| value.kind_id() == g.as_pattern) else { return };
        let Some(alias) = field(value, g.alias).filter(|alias| alias.kind_id() == g.as_pattern_target) else {
            return;
        };
        let target = children(alias).find(|child| child.kind_id() == g.identifier || child.kind_id() == g.attribute);
        let Some(target) = target else { return };
        // The called value comes before the alias among the pattern's children.
        let callee = children(value).take_while(|child| child.id() != alias.id()).find_map(|child| self.called(child));
        if let Some((callee, _)) = callee {
            self.recorder.push(BINDINGS, 1, target, 3, &[("binding", node), ("callee", callee), ("target", target)]);
        }
    }

    /// `@dramatiq.actor def send(..)` binds `send`; `@app.task def f` may start a section.
    /// One match per decorator, as a pattern naming one child gives.
    fn decorated(&mut self, node: Node<'tree>) {
        let g = self.grammar;
        let Some(definition) = field(node, g.definition).filter(|d| d.kind_id() == g.function_definition) else {
            return;
        };
        let name = field(definition, g.name).filter(|name| name.kind_id() == g.identifier);
        let body = field(definition, g.body).filter(|body| body.kind_id() == g.block);
        for decorator in children(node).filter(|child| child.kind_id() == g.decorator) {
            if let Some(target) = name {
                let captures = [("binding", node), ("decorator", decorator), ("target", target)];
                self.recorder.push(BINDINGS, 5, target, 2, &captures);
            }
            if let Some(body) = body {
                let captures =
                    [("decorated", node), ("decorator", decorator), ("function", definition), ("body", body)];
                self.recorder.push(SECTIONS, 2, body, 2, &captures);
            }
        }
    }

    /// `with Executor() as pool:`: one match per item that calls something.
    fn with_statement(&mut self, node: Node<'tree>) {
        let g = self.grammar;
        let Some(body) = field(node, g.body).filter(|body| body.kind_id() == g.block) else { return };
        for clause in children(node).filter(|child| child.kind_id() == g.with_clause) {
            for item in children(clause).filter(|child| child.kind_id() == g.with_item) {
                let Some(value) = field(item, g.value) else { continue };
                let call = if value.kind_id() == g.call {
                    Some(value)
                } else if value.kind_id() == g.as_pattern {
                    children(value).find(|child| child.kind_id() == g.call)
                } else {
                    None
                };
                let Some(call) = call else { continue };
                if let Some(callee) = field(call, g.function).filter(Node::is_named) {
                    let captures = [("with", node), ("call", call), ("callee", callee), ("body", body)];
                    self.recorder.push(SECTIONS, 1, body, 1, &captures);
                }
            }
        }
    }

    /// The `type` field of `node`, when it is a type.
    fn typed(&self, node: Node<'tree>) -> Option<Node<'tree>> {
        field(node, self.grammar.type_field).filter(|annotation| annotation.kind_id() == self.grammar.type_)
    }

    /// What `value` calls, directly or through `await`, and how many levels below `value` the
    /// callee is.
    fn called(&self, value: Node<'tree>) -> Option<(Node<'tree>, usize)> {
        let g = self.grammar;
        if value.kind_id() == g.call {
            field(value, g.function).filter(Node::is_named).map(|callee| (callee, 1))
        } else if value.kind_id() == g.await_ {
            let call = children(value).find(|child| child.kind_id() == g.call)?;
            field(call, g.function).filter(Node::is_named).map(|callee| (callee, 2))
        } else {
            None
        }
    }
}
