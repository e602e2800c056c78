//! Tree-sitter queries, kept in `.scm` files under `server/queries/<language>/` and compiled
//! at most once per process, on first use.
//!
//! Queries find the syntax the analysis cares about; the Rust code around them decides what it
//! means. A test compiles every query, so a grammar upgrade that breaks one fails the build.
//!
//! Each query pass walks the whole tree, so an analysis runs all of a language's queries as one
//! ([`Matched`]) and hands each consumer the matches of its own query, in the same order a
//! pass of that query alone would give (a test checks this on every program we have). For
//! Python, the most common language of large checks, one hand-written walk gives those same
//! matches in a fraction of the query cursor's time ([`super::python::matches`]); the `.scm`
//! files remain what it must agree with.
//!
//! Compiling is not free (tens of milliseconds for a language's queries, most of it
//! tree-sitter's analysis of the patterns), so nothing is compiled before it is needed: a
//! check of Python files never compiles a Rust query, and the combined query does not need the
//! separate ones (it finds where each part's patterns start from their byte offsets).

use std::sync::{LazyLock, OnceLock};

use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, Query, QueryCapture, QueryCursor, QueryCursorOptions, QueryCursorState, QueryMatch};

use super::{Language, SourceFile, budget, python};

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
}

macro_rules! query {
    ($language:expr, $dir:literal, $name:literal) => {
        CompiledQuery::new($language, $name, include_str!(concat!("../../queries/", $dir, "/", $name, ".scm")))
    };
}

/// All queries of one language compiled into one, with the first pattern of each part.
struct Combined {
    query: Query,
    /// `(query name, first pattern index)`, in pattern order.
    parts: Vec<(&'static str, usize)>,
}

impl Combined {
    fn compile(language: Language, parts: &[&CompiledQuery]) -> Combined {
        let mut source = String::new();
        let mut offsets = Vec::new();
        for part in parts {
            offsets.push((part.name, source.len()));
            source.push_str(part.source);
            source.push('\n');
        }
        let query = Query::new(&language.grammar(), &source)
            .unwrap_or_else(|error| panic!("the combined {} queries do not compile: {error}", language.name()));
        // Patterns keep the order of the text, so a part's first pattern is the first one that
        // starts at or after the part's first byte.
        let starts =
            (0..query.pattern_count()).map(|pattern| query.start_byte_for_pattern(pattern)).collect::<Vec<_>>();
        let parts = offsets.into_iter().map(|(name, offset)| (name, starts.partition_point(|&start| start < offset)));
        Combined { parts: parts.collect(), query }
    }

    fn part_of(&self, pattern: usize) -> usize {
        self.parts.partition_point(|&(_, start)| start <= pattern) - 1
    }
}

/// The combined query of each language, in [`Language`] order, each compiled on first use.
static COMBINED: [LazyLock<Combined>; 2] = [
    LazyLock::new(|| {
        let python = &PYTHON;
        Combined::compile(
            Language::Python,
            &[&python.functions, &python.imports, &python.bindings, &python.calls, &python.sections],
        )
    }),
    LazyLock::new(|| {
        let rust = &RUST;
        Combined::compile(Language::Rust, &[&rust.functions, &rust.uses, &rust.bindings, &rust.calls, &rust.sections])
    }),
];

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
        if file.language() == Language::Python {
            return Self::walked(file);
        }
        let combined = &*COMBINED[file.language() as usize];
        let mut parts = vec![Vec::new(); combined.parts.len()];
        let mut captures = Vec::new();
        each_match(&combined.query, file, file.root(), |found| {
            let start = captures.len();
            captures.extend_from_slice(found.captures);
            parts[combined.part_of(found.pattern_index)].push(start..captures.len());
        });
        let part_names = combined.parts.iter().map(|&(name, _)| name).collect();
        Matched { capture_names: combined.query.capture_names(), part_names, captures, parts }
    }

    /// The Python matches, from a walk of the tree that the queries specify
    /// ([`crate::analysis::python::matches`]); no query is compiled.
    fn walked(file: &'tree SourceFile) -> Matched<'tree> {
        use python::matches::{CAPTURES, QUERIES};
        let mut parts = vec![Vec::new(); QUERIES.len()];
        let mut captures = Vec::new();
        // Halted by the budget, the walk leaves no matches; `budget::within` then drops the
        // whole analysis.
        if let Some(walked) = python::matches::collect(file.tree()) {
            for found in walked.found {
                let start = captures.len();
                for &(capture, node) in &walked.captures[found.captures] {
                    if let Some(index) = CAPTURES.iter().position(|name| *name == capture) {
                        captures.push(QueryCapture { node, index: index as u32 });
                    }
                }
                parts[found.query].push(start..captures.len());
            }
        }
        Matched { capture_names: &CAPTURES, part_names: QUERIES.to_vec(), captures, parts }
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
};

/// Every query with the folder it comes from, compiled.
pub fn all() -> Vec<(Language, &'static CompiledQuery)> {
    let (python, rust) = (&PYTHON, &RUST);
    let python_queries = [&python.functions, &python.imports, &python.bindings, &python.calls, &python.sections];
    let rust_queries = [&rust.functions, &rust.uses, &rust.bindings, &rust.calls, &rust.sections];
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

    #[test]
    fn combined_parts_start_where_the_separate_queries_say() {
        let compiled = all();
        for language in Language::ALL {
            let mut first = 0;
            let mut expected = Vec::new();
            for (_, query) in compiled.iter().filter(|(l, _)| *l == language) {
                expected.push((query.name, first));
                first += query.query().pattern_count();
            }
            let combined = &COMBINED[language as usize];
            assert_eq!(combined.parts, expected, "parts of the combined {} query", language.name());
            assert_eq!(combined.query.pattern_count(), first, "patterns of the combined {} query", language.name());
        }
    }
}
