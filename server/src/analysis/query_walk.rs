//! Query matches found by one hand-written walk of the tree instead of tree-sitter's query
//! cursor, which over a large file costs several plain walks (it keeps every pattern's
//! in-progress states at every node). Each language says what its patterns match
//! ([`super::python::matches`], [`super::rust::matches`]); this module walks the tree, records
//! the matches, and puts them in the order the query cursor gives them. The `.scm` files stay
//! the specification: a test runs both on every program the repository holds and requires the
//! same matches, with the same captures, in the same order.
//!
//! The order is the query cursor's: a match comes out when the node completing it is visited
//! (the last node its pattern names, in document order), and matches completed by the same
//! node come out in the order their patterns started (outer first, then by pattern).

use std::ops::Range;

use tree_sitter::{Node, Tree};

use super::budget;

/// Every match of a walk, and their captures one after another (one vector for the file
/// rather than one allocated per match).
pub struct Walked<'tree> {
    pub found: Vec<Found>,
    pub captures: Vec<(&'static str, Node<'tree>)>,
}

/// One found match: the query it belongs to and where its captures lie in
/// [`Walked::captures`], in the pattern's order.
pub struct Found {
    /// Which query, an index into the language's list of queries.
    pub query: usize,
    pub captures: std::ops::Range<usize>,
    /// Where the match completes (start byte, depth) and where it started, for ordering.
    finish: (usize, usize),
    start_depth: usize,
    pattern: usize,
}

/// Where a language's matcher records what the node being visited starts.
pub struct Recorder<'a, 'tree> {
    walked: &'a mut Walked<'tree>,
    /// The depth of the node being matched.
    depth: usize,
}

impl<'tree> Recorder<'_, 'tree> {
    /// Records a match of pattern `pattern` (its index within query `query`) that starts at
    /// the node being visited and is completed by `finish`, `finish_depth` levels below it.
    pub fn push(
        &mut self,
        query: usize,
        pattern: usize,
        finish: Node<'tree>,
        finish_depth: usize,
        captures: &[(&'static str, Node<'tree>)],
    ) {
        let finish = (finish.start_byte(), self.depth + finish_depth);
        let start = self.walked.captures.len();
        self.walked.captures.extend_from_slice(captures);
        let captures = start..self.walked.captures.len();
        self.walked.found.push(Found { query, captures, finish, start_depth: self.depth, pattern });
    }
}

/// How often the walk asks whether the time budget ran out.
const NODES_PER_BUDGET_CHECK: usize = 4096;

/// Calls `matcher` on every named node of `tree` and returns what it recorded, in the query
/// cursor's order; `None` when the time budget stopped the walk. With `within`, only the nodes
/// overlapping those bytes are visited: the matches of one region (for patterns that name a
/// single node and what lies inside it).
pub fn collect<'tree>(
    tree: &'tree Tree,
    within: Option<Range<usize>>,
    mut matcher: impl FnMut(&mut Recorder<'_, 'tree>, Node<'tree>),
) -> Option<Walked<'tree>> {
    let mut walked = Walked { found: Vec::new(), captures: Vec::new() };
    let mut cursor = tree.walk();
    let mut depth = 0;
    let mut visited = 0usize;
    loop {
        visited += 1;
        if visited % NODES_PER_BUDGET_CHECK == 0 && budget::should_stop() {
            return None;
        }
        let node = cursor.node();
        let (before, after) = match &within {
            Some(range) => (node.end_byte() <= range.start, node.start_byte() >= range.end),
            None => (false, false),
        };
        if !before && !after {
            if node.is_named() {
                matcher(&mut Recorder { walked: &mut walked, depth }, node);
            }
            // Children ending before the region are skipped at once: a large file's root has
            // thousands.
            let descended = match &within {
                Some(range) => cursor.goto_first_child_for_byte(range.start).is_some(),
                None => cursor.goto_first_child(),
            };
            if descended {
                depth += 1;
                continue;
            }
        }
        // The siblings after a node past the region lie past it too: the walk climbs at once.
        let mut climb = after;
        while climb || !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                // A stable sort keeps, among ties, the order the matches were found in.
                walked.found.sort_by_key(|found| (found.finish, found.start_depth, found.pattern));
                return Some(walked);
            }
            depth -= 1;
            climb = false;
        }
    }
}

/// The child of `node` in field `id`.
pub fn field(node: Node<'_>, id: u16) -> Option<Node<'_>> {
    node.child_by_field_id(id)
}

/// The children of `node`, anonymous ones included. The nodes matched have a handful.
pub fn children<'tree>(node: Node<'tree>) -> impl Iterator<Item = Node<'tree>> {
    (0..node.child_count()).filter_map(move |index| node.child(index))
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Language, SourceFile, python, queries, rust};

    /// Each language's walk, the names of its queries and the captures they record.
    fn walks() -> [(Language, &'static [&'static str], &'static [&'static str]); 2] {
        [
            (Language::Python, &python::matches::QUERIES, &python::matches::CAPTURES),
            (Language::Rust, &rust::matches::QUERIES, &rust::matches::CAPTURES),
        ]
    }

    #[test]
    fn each_walk_knows_every_query_and_capture() {
        for (language, queries, captures) in walks() {
            let compiled = queries::all().into_iter().filter(|(l, _)| *l == language);
            let (names, expected): (Vec<&str>, Vec<Vec<String>>) =
                compiled.map(|(_, query)| (query.name, query.capture_names())).unzip();
            assert_eq!(names, queries, "{language:?}");
            let mut expected: Vec<String> = expected.into_iter().flatten().collect();
            expected.sort();
            expected.dedup();
            let mut known: Vec<String> = captures.iter().map(|name| name.to_string()).collect();
            known.sort();
            assert_eq!(known, expected, "{language:?}");
        }
    }

    /// A region's walk gives the matches of the whole walk inside it, in the same order: here
    /// for each top-level item of a Rust file alone, for runs of them, and for the whole file.
    #[test]
    fn a_region_walk_gives_the_matches_in_that_region() {
        let program = "#![allow(unused)]\nuse tokio::runtime::Builder;\n\n#[tokio::main(flavor = \"current_thread\")]\nasync fn main() {\n    let rt = Builder::new_multi_thread().build();\n    tokio::spawn(async {});\n}\n\n#[derive(Debug)]\nstruct S {\n    #[serde(skip)]\n    n: u8,\n}\n\n#[test]\nfn t() {\n    Builder::new_current_thread();\n}\n";
        let file = SourceFile::parse(Language::Rust, program);
        let whole = queries::Matched::collect(&file);
        let items: Vec<std::ops::Range<usize>> =
            file.root().children(&mut file.root().walk()).map(|item| item.byte_range()).collect();
        let mut ranges = items.clone();
        ranges.extend(items.windows(2).map(|pair| pair[0].start..pair[1].end));
        ranges.push(0..program.len());
        let mut seen = 0;
        for range in ranges {
            let within = queries::Matched::collect_within(&file, Some(range.clone()));
            for (_, query) in queries::all().into_iter().filter(|(l, _)| *l == Language::Rust) {
                let (mut expected, mut walked) = (Vec::new(), Vec::new());
                whole.for_each(query, |found| {
                    if found.nodes().all(|node| range.start <= node.start_byte() && node.end_byte() <= range.end) {
                        expected.push(found.describe());
                    }
                });
                within.for_each(query, |found| walked.push(found.describe()));
                assert_eq!(walked, expected, "{} in {range:?}", query.name);
                seen += walked.len();
            }
        }
        assert!(seen > 20, "the regions hold matches: {seen}");
    }

    /// Where the order is subtle. Python: matches completed by the same node (an async
    /// function with two decorators), an annotated assignment whose value is a call (completed
    /// by the annotation first), calls inside calls, awaited calls, `with` items with and
    /// without `as`, parameters with and without defaults. Rust: `let` with and without its
    /// optional type and value, method calls (a call and a chain's method, completed by
    /// different nodes), calls inside a method call's receiver, async functions (named, then
    /// their body), macros and async blocks inside calls. Both: code with a syntax error.
    /// (`tests/prescan.rs` compares the walks on every program the repository holds.)
    #[test]
    fn each_walk_gives_what_the_queries_give() {
        let programs = [
            (
                Language::Python,
                "@first\n@second(x)\nasync def f(a: int, b: Queue = q(), *c: int):\n    pool: Pool = make(Pool())\n    self.conn = await connect(f(g(1))(2))\n    with Pool() as p, lock, open(x) as (a, b), await h() as self.r:\n        pass\n",
            ),
            (
                Language::Python,
                "import a, b.c as d\nfrom e import (f,\n    g)\nclass C:\n    @property\n    def x(self): return x()\n    async def y(self):\n        async with s() as t:\n            await t.u()\n",
            ),
            (Language::Python, "def broken(:\n    x = f(\nasync def ok():\n    await g()\n"),
            (
                Language::Rust,
                "use std::sync::Mutex;\nfn f(m: &Mutex<u8>, mut n: u8) {\n    let a;\n    let b: u8;\n    let c = g();\n    let d: Vec<u8> = h(i());\n    let mut e = 1;\n    let (x, y) = (1, 2);\n}\n",
            ),
            (
                Language::Rust,
                "pub async unsafe fn run(x: X) {\n    a.b(c.d()).e().await;\n    tokio::spawn(async move { join!(f(), g()) });\n    xs.par_iter().map(work).sum::<u64>();\n    (self.callback)(1);\n}\nstruct S { rt: Runtime, pub n: u8 }\n",
            ),
            (
                Language::Rust,
                "fn broken( {\n    let x = f(\n}\nasync fn ok() { g().await }\nmacro_rules! m { () => {} }\n",
            ),
        ];
        for (language, program) in programs {
            let file = SourceFile::parse(language, program);
            let matched = queries::Matched::collect(&file);
            for (_, query) in queries::all().into_iter().filter(|(l, _)| *l == language) {
                let (mut alone, mut walked) = (Vec::new(), Vec::new());
                query.for_each_match(&file, file.root(), |found| alone.push(found.describe()));
                matched.for_each(query, |found| walked.push(found.describe()));
                assert_eq!(alone, walked, "{}:\n{program}", query.name);
            }
        }
    }
}
