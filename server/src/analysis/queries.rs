//! Tree-sitter queries, kept in `.scm` files under `server/queries/<language>/` and compiled
//! at most once per process, on first use.
//!
//! Queries find the syntax the analysis cares about; the Rust code around them decides what it
//! means. A test compiles every query, so a grammar upgrade that breaks one fails the build.
//!
//! A query pass walks the whole tree, and tree-sitter's query cursor is slow at it (it keeps
//! every pattern's in-progress states at every node). So the analysis does not run the queries:
//! [`Matched`] takes all of a language's matches from one hand-written walk
//! ([`super::query_walk`]) and hands each consumer the matches of its own query, in the order
//! a pass of that query alone gives. The `.scm` files remain the specification: a test runs
//! each query alone on every program we have and requires the walk to agree. The few callers
//! that search one node's subtree run the query itself ([`CompiledQuery::for_each_match`]).
//!
//! Compiling is not free (tens of milliseconds for a language's queries, most of it
//! tree-sitter's analysis of the patterns), so nothing is compiled before it is needed.

use std::sync::OnceLock;

use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, Query, QueryCapture, QueryCursor, QueryCursorOptions, QueryCursorState, QueryMatch};

use super::{Language, SourceFile, budget, python, rust};

/// One query with the source it came from, compiled on first use.
pub struct CompiledQuery {
    pub name: &'static str,
    language: Language,
    source: &'static str,
    query: OnceLock<Query>,
}

impl CompiledQuery {
    const fn new(language: Language, name: &'static str, source: &'static str) -> Self {
        CompiledQuery { name, language, source, query: OnceLock::new() }
    }

    /// The names of the query's captures, for tests.
    #[cfg(test)]
    pub fn capture_names(&self) -> Vec<String> {
        self.query().capture_names().iter().map(|name| name.to_string()).collect()
    }

    fn query(&self) -> &Query {
        self.query.get_or_init(|| {
            Query::new(&self.language.grammar(), self.source).unwrap_or_else(|error| {
                panic!("query {}/{}.scm does not compile: {error}", self.language.name(), self.name)
            })
        })
    }

    /// Calls `visit` for each match under `node`, in document order.
    pub fn for_each_match<'tree>(
        &self,
        file: &'tree SourceFile,
        node: Node<'tree>,
        mut visit: impl FnMut(Match<'_, 'tree>),
    ) {
        let query = self.query();
        each_match(query, file, node, |found| visit(Match { names: query.capture_names(), captures: found.captures }));
    }
}

/// Runs `query` over `node` under the running time budget, calling `visit` for each match in
/// document order. Halted by the budget, the pass ends early; `budget::within` then drops the
/// whole analysis, so the missing matches never reach anyone.
fn each_match<'tree>(
    query: &Query,
    file: &'tree SourceFile,
    node: Node<'tree>,
    mut visit: impl FnMut(&QueryMatch<'_, 'tree>),
) {
    let mut cursor = QueryCursor::new();
    let mut progress = |_: &QueryCursorState| budget::should_stop();
    let options = QueryCursorOptions::new().progress_callback(&mut progress);
    let mut matches = cursor.matches_with_options(query, node, file.text().as_bytes(), options);
    while let Some(found) = matches.next() {
        visit(found);
    }
}

/// A match with its captures addressable by name.
pub struct Match<'a, 'tree> {
    /// The names the captures' indices refer to.
    names: &'a [&'a str],
    captures: &'a [QueryCapture<'tree>],
}

impl<'tree> Match<'_, 'tree> {
    pub fn get(&self, capture: &str) -> Option<Node<'tree>> {
        let index = self.names.iter().position(|name| *name == capture)? as u32;
        self.captures.iter().find(|c| c.index == index).map(|c| c.node)
    }

    /// Every capture as `name kind start..end`, for comparing matches in tests.
    #[cfg(test)]
    pub fn describe(&self) -> String {
        let names = self.names;
        let captures = self
            .captures
            .iter()
            .map(|c| format!("{} {} {:?}", names[c.index as usize], c.node.kind(), c.node.byte_range()));
        captures.collect::<Vec<_>>().join(", ")
    }

    /// The captured nodes, for tests.
    #[cfg(test)]
    pub fn nodes(&self) -> impl Iterator<Item = Node<'tree>> + '_ {
        self.captures.iter().map(|capture| capture.node)
    }

    /// Whether the match captured `capture`, which tells which pattern of the query matched.
    pub fn has(&self, capture: &str) -> bool {
        self.get(capture).is_some()
    }
}

pub struct PythonQueries {
    pub functions: CompiledQuery,
    pub imports: CompiledQuery,
    pub bindings: CompiledQuery,
    pub calls: CompiledQuery,
    pub sections: CompiledQuery,
}

pub struct RustQueries {
    pub functions: CompiledQuery,
    pub uses: CompiledQuery,
    pub bindings: CompiledQuery,
    pub calls: CompiledQuery,
    pub sections: CompiledQuery,
    pub token_trees: CompiledQuery,
    pub runtime: CompiledQuery,
    pub loops: CompiledQuery,
    pub aliases: CompiledQuery,
}

macro_rules! query {
    ($language:expr, $dir:literal, $name:literal) => {
        CompiledQuery::new($language, $name, include_str!(concat!("../../queries/", $dir, "/", $name, ".scm")))
    };
}

/// Every match of every query of a file's language, found in one walk of the tree.
pub struct Matched<'tree> {
    /// The names the captures' indices refer to.
    capture_names: &'static [&'static str],
    /// The query each part holds the matches of.
    part_names: Vec<&'static str>,
    /// Every match's captures, one after another: one vector for the file rather than one
    /// allocated per match.
    captures: Vec<QueryCapture<'tree>>,
    /// Per part, where each of its matches' captures lie in `captures`.
    parts: Vec<Vec<std::ops::Range<usize>>>,
}

impl<'tree> Matched<'tree> {
    pub fn collect(file: &'tree SourceFile) -> Matched<'tree> {
        Matched::collect_within(file, None)
    }

    /// [`Matched::collect`], for the nodes overlapping `within` only (the whole file for
    /// `None`): the matches of patterns that lie inside one node, in one region of the file.
    pub fn collect_within(file: &'tree SourceFile, within: Option<std::ops::Range<usize>>) -> Matched<'tree> {
        let (queries, names, walked): (&[&str], &'static [&'static str], _) = match file.language() {
            Language::Python => {
                (&python::matches::QUERIES, &python::matches::CAPTURES, python::matches::collect(file.tree(), within))
            }
            Language::Rust => (
                &rust::matches::QUERIES,
                &rust::matches::CAPTURES,
                rust::matches::collect(file.tree(), file.text(), within),
            ),
        };
        let mut parts = vec![Vec::new(); queries.len()];
        let mut captures = Vec::new();
        // Halted by the budget, the walk leaves no matches; `budget::within` then drops the
        // whole analysis.
        if let Some(walked) = walked {
            for found in walked.found {
                let start = captures.len();
                for &(capture, node) in &walked.captures[found.captures] {
                    if let Some(index) = names.iter().position(|name| *name == capture) {
                        captures.push(QueryCapture { node, index: index as u32 });
                    }
                }
                parts[found.query].push(start..captures.len());
            }
        }
        Matched { capture_names: names, part_names: queries.to_vec(), captures, parts }
    }

    /// Calls `visit` for each match of `query`, as [`CompiledQuery::for_each_match`] on the
    /// root would.
    pub fn for_each(&self, query: &CompiledQuery, mut visit: impl FnMut(Match<'_, 'tree>)) {
        let Some(part) = self.part_names.iter().position(|&name| name == query.name) else { return };
        for range in &self.parts[part] {
            visit(Match { names: self.capture_names, captures: &self.captures[range.clone()] });
        }
    }
}

pub static PYTHON: PythonQueries = PythonQueries {
    functions: query!(Language::Python, "python", "functions"),
    imports: query!(Language::Python, "python", "imports"),
    bindings: query!(Language::Python, "python", "bindings"),
    calls: query!(Language::Python, "python", "calls"),
    sections: query!(Language::Python, "python", "sections"),
};

pub static RUST: RustQueries = RustQueries {
    functions: query!(Language::Rust, "rust", "functions"),
    uses: query!(Language::Rust, "rust", "uses"),
    bindings: query!(Language::Rust, "rust", "bindings"),
    calls: query!(Language::Rust, "rust", "calls"),
    sections: query!(Language::Rust, "rust", "sections"),
    token_trees: query!(Language::Rust, "rust", "token_trees"),
    runtime: query!(Language::Rust, "rust", "runtime"),
    loops: query!(Language::Rust, "rust", "loops"),
    aliases: query!(Language::Rust, "rust", "aliases"),
};

/// Every query with the folder it comes from, compiled.
pub fn all() -> Vec<(Language, &'static CompiledQuery)> {
    let (python, rust) = (&PYTHON, &RUST);
    let python_queries = [&python.functions, &python.imports, &python.bindings, &python.calls, &python.sections];
    let rust_queries = [
        &rust.functions,
        &rust.uses,
        &rust.bindings,
        &rust.calls,
        &rust.sections,
        &rust.token_trees,
        &rust.runtime,
        &rust.loops,
        &rust.aliases,
    ];
    python_queries
        .into_iter()
        .map(|query| (Language::Python, query))
        .chain(rust_queries.into_iter().map(|query| (Language::Rust, query)))
        .inspect(|(_, query)| _ = query.query())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_file_compiles_and_is_used() {
        let compiled = all();
        for language in Language::ALL {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("queries").join(language.name());
            let mut on_disk: Vec<String> = std::fs::read_dir(path)
                .unwrap()
                .map(|entry| entry.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
                .collect();
            on_disk.sort();
            let mut used: Vec<String> =
                compiled.iter().filter(|(l, _)| *l == language).map(|(_, query)| query.name.to_owned()).collect();
            used.sort();
            assert_eq!(on_disk, used, "queries/{} and the compiled queries differ", language.name());
        }
    }
}
