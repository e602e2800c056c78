//! The matches of the Python queries (`server/queries/python/*.scm`), found by one walk of the
//! tree instead of tree-sitter's query cursor, which spent about a third of `check`'s time
//! on a parse's worth of work. The `.scm` files stay the specification: a test runs both on
//! every program the repository holds and requires the same matches, with the same captures,
//! in the same order.
//!
//! The order is the query cursor's: a match comes out when the node completing it is visited
//! (the last node its pattern names, in document order), and matches completed by the same
//! node come out in the order their patterns started (outer first, then by pattern).

use tree_sitter::{Node, Tree};

use crate::analysis::budget;

/// One found match: the pattern it belongs to and its captures, in the pattern's order.
pub struct Found<'tree> {
    /// Which query (an index into [`QUERIES`]).
    pub query: usize,
    pub captures: Vec<(&'static str, Node<'tree>)>,
    /// Where the match completes and where it started, for ordering.
    finish: (usize, usize),
    start_depth: usize,
    pattern: usize,
}

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

/// How often the walk asks whether the time budget ran out.
const NODES_PER_BUDGET_CHECK: usize = 4096;

/// Every match of the Python queries in `tree`, in the order the query cursor gives; `None`
/// when the time budget stopped the walk.
pub fn collect(tree: &Tree) -> Option<Vec<Found<'_>>> {
    let mut found = Vec::new();
    let mut cursor = tree.walk();
    let mut depth = 0;
    let mut visited = 0usize;
    loop {
        visited += 1;
        if visited % NODES_PER_BUDGET_CHECK == 0 && budget::should_stop() {
            return None;
        }
        let node = cursor.node();
        if node.is_named() {
            let mut matcher = Matcher { found: &mut found, depth };
            matcher.node(node);
        }
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                // A stable sort keeps, among ties, the order the matches were found in.
                found.sort_by_key(|found| (found.finish, found.start_depth, found.pattern));
                return Some(found);
            }
            depth -= 1;
        }
    }
}

struct Matcher<'a, 'tree> {
    found: &'a mut Vec<Found<'tree>>,
    /// The depth of the node being matched.
    depth: usize,
}

impl<'tree> Matcher<'_, 'tree> {
    fn node(&mut self, node: Node<'tree>) {
        match node.kind() {
            "function_definition" => self.function(node),
            "import_statement" | "import_from_statement" => self.push(IMPORTS, 0, node, 0, vec![("import", node)]),
            "call" => {
                if let Some(callee) = node.child_by_field_name("function").filter(Node::is_named) {
                    self.push(CALLS, 0, callee, 1, vec![("call", node), ("callee", callee)]);
                }
            }
            "assignment" => self.assignment(node),
            "with_item" => self.with_item(node),
            "typed_parameter" => {
                let target = children(node).find(|child| child.kind() == "identifier");
                if let (Some(target), Some(annotation)) = (target, typed(node)) {
                    self.push(
                        BINDINGS,
                        2,
                        annotation,
                        1,
                        vec![("binding", node), ("target", target), ("annotation", annotation)],
                    );
                }
            }
            "typed_default_parameter" => {
                let target = node.child_by_field_name("name").filter(|name| name.kind() == "identifier");
                if let (Some(target), Some(annotation)) = (target, typed(node)) {
                    self.push(
                        BINDINGS,
                        3,
                        annotation,
                        1,
                        vec![("binding", node), ("target", target), ("annotation", annotation)],
                    );
                }
            }
            "decorated_definition" => self.decorated(node),
            "with_statement" => self.with_statement(node),
            _ => {}
        }
    }

    /// Records a match of pattern `pattern` (its index within its query), completed by
    /// `finish`, `finish_depth` levels below the node being matched.
    fn push(
        &mut self,
        query: usize,
        pattern: usize,
        finish: Node<'tree>,
        finish_depth: usize,
        captures: Vec<(&'static str, Node<'tree>)>,
    ) {
        let finish = (finish.start_byte(), self.depth + finish_depth);
        self.found.push(Found { query, captures, finish, start_depth: self.depth, pattern });
    }

    fn function(&mut self, node: Node<'tree>) {
        if let Some(name) = node.child_by_field_name("name").filter(Node::is_named) {
            self.push(FUNCTIONS, 0, name, 1, vec![("function", node), ("name", name)]);
        }
        let is_async = children(node).next().is_some_and(|first| first.kind() == "async");
        if let Some(body) = node.child_by_field_name("body").filter(|body| is_async && body.kind() == "block") {
            self.push(SECTIONS, 0, body, 1, vec![("async_function", node), ("body", body)]);
        }
    }

    fn assignment(&mut self, node: Node<'tree>) {
        let Some(left) = node.child_by_field_name("left") else { return };
        // `x: T = ..` completes at its annotation, before the value's callee.
        if let Some(annotation) = typed(node).filter(|_| left.kind() == "identifier") {
            self.push(
                BINDINGS,
                4,
                annotation,
                1,
                vec![("binding", node), ("target", left), ("annotation", annotation)],
            );
        }
        if !matches!(left.kind(), "identifier" | "attribute") {
            return;
        }
        if let Some((callee, depth)) = node.child_by_field_name("right").and_then(called) {
            self.push(BINDINGS, 0, callee, depth + 1, vec![("binding", node), ("target", left), ("callee", callee)]);
        }
    }

    /// `with Pool() as pool:` binds `pool`.
    fn with_item(&mut self, node: Node<'tree>) {
        let Some(value) = node.child_by_field_name("value").filter(|value| value.kind() == "as_pattern") else {
            return;
        };
        let Some(alias) = value.child_by_field_name("alias").filter(|alias| alias.kind() == "as_pattern_target") else {
            return;
        };
        let Some(target) = children(alias).find(|child| matches!(child.kind(), "identifier" | "attribute")) else {
            return;
        };
        // The called value comes before the alias among the pattern's children.
        let callee = children(value).take_while(|child| child.id() != alias.id()).find_map(called);
        if let Some((callee, _)) = callee {
            self.push(BINDINGS, 1, target, 3, vec![("binding", node), ("callee", callee), ("target", target)]);
        }
    }

    /// `@dramatiq.actor def send(..)` binds `send`; `@app.task def f` may start a section.
    /// One match per decorator, as a pattern naming one child gives.
    fn decorated(&mut self, node: Node<'tree>) {
        let Some(definition) = node.child_by_field_name("definition").filter(|d| d.kind() == "function_definition")
        else {
            return;
        };
        let name = definition.child_by_field_name("name").filter(|name| name.kind() == "identifier");
        let body = definition.child_by_field_name("body").filter(|body| body.kind() == "block");
        for decorator in children(node).filter(|child| child.kind() == "decorator") {
            if let Some(target) = name {
                let captures = vec![("binding", node), ("decorator", decorator), ("target", target)];
                self.push(BINDINGS, 5, target, 2, captures);
            }
            if let Some(body) = body {
                let captures =
                    vec![("decorated", node), ("decorator", decorator), ("function", definition), ("body", body)];
                self.push(SECTIONS, 2, body, 2, captures);
            }
        }
    }

    /// `with Executor() as pool:`: one match per item that calls something.
    fn with_statement(&mut self, node: Node<'tree>) {
        let Some(body) = node.child_by_field_name("body").filter(|body| body.kind() == "block") else { return };
        for clause in children(node).filter(|child| child.kind() == "with_clause") {
            for item in children(clause).filter(|child| child.kind() == "with_item") {
                let Some(value) = item.child_by_field_name("value") else { continue };
                let call = match value.kind() {
                    "call" => Some(value),
                    "as_pattern" => children(value).find(|child| child.kind() == "call"),
                    _ => None,
                };
                let Some(call) = call else { continue };
                if let Some(callee) = call.child_by_field_name("function").filter(Node::is_named) {
                    let captures = vec![("with", node), ("call", call), ("callee", callee), ("body", body)];
                    self.push(SECTIONS, 1, body, 1, captures);
                }
            }
        }
    }
}

/// The children of `node`, anonymous ones included. The nodes matched have a handful.
fn children<'tree>(node: Node<'tree>) -> impl Iterator<Item = Node<'tree>> {
    (0..node.child_count()).filter_map(move |index| node.child(index))
}

/// The `type` field of `node`, when it is a type.
fn typed(node: Node<'_>) -> Option<Node<'_>> {
    node.child_by_field_name("type").filter(|annotation| annotation.kind() == "type")
}

/// What `value` calls, directly or through `await`, and how many levels below `value` the
/// callee is.
fn called(value: Node<'_>) -> Option<(Node<'_>, usize)> {
    match value.kind() {
        "call" => value.child_by_field_name("function").filter(Node::is_named).map(|callee| (callee, 1)),
        "await" => {
            let call = children(value).find(|child| child.kind() == "call")?;
            call.child_by_field_name("function").filter(Node::is_named).map(|callee| (callee, 2))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Language, SourceFile, queries};

    /// Where the order is subtle: matches completed by the same node (an async function with
    /// two decorators), an annotated assignment whose value is a call (completed by the
    /// annotation first), calls inside calls, awaited calls, `with` items with and without
    /// `as`, parameters with and without defaults, and code with a syntax error.
    #[test]
    fn the_walk_knows_every_query_and_capture() {
        let python = queries::all().into_iter().filter(|(language, _)| *language == Language::Python);
        let (names, captures): (Vec<&str>, Vec<Vec<String>>) =
            python.map(|(_, query)| (query.name, query.capture_names())).unzip();
        assert_eq!(names, super::QUERIES);
        let mut expected: Vec<String> = captures.into_iter().flatten().collect();
        expected.sort();
        expected.dedup();
        let mut known: Vec<String> = super::CAPTURES.iter().map(|name| name.to_string()).collect();
        known.sort();
        assert_eq!(known, expected);
    }

    #[test]
    fn the_walk_gives_what_the_queries_give() {
        let programs = [
            "@first\n@second(x)\nasync def f(a: int, b: Queue = q(), *c: int):\n    pool: Pool = make(Pool())\n    self.conn = await connect(f(g(1))(2))\n    with Pool() as p, lock, open(x) as (a, b), await h() as self.r:\n        pass\n",
            "import a, b.c as d\nfrom e import (f,\n    g)\nclass C:\n    @property\n    def x(self): return x()\n    async def y(self):\n        async with s() as t:\n            await t.u()\n",
            "def broken(:\n    x = f(\nasync def ok():\n    await g()\n",
        ];
        for program in programs {
            let file = SourceFile::parse(Language::Python, program);
            let matched = queries::Matched::collect(&file);
            for (language, query) in queries::all() {
                if language != Language::Python {
                    continue;
                }
                let (mut alone, mut walked) = (Vec::new(), Vec::new());
                query.for_each_match(&file, file.root(), |found| alone.push(found.describe()));
                matched.for_each(query, |found| walked.push(found.describe()));
                assert_eq!(alone, walked, "{}:\n{program}", query.name);
            }
        }
    }
}
