//! Tree-sitter queries, kept in `.scm` files under `server/queries/<language>/` and compiled
//! once per process.
//!
//! Queries find the syntax the analysis cares about; the Rust code around them decides what it
//! means. A test compiles every query, so a grammar upgrade that breaks one fails the build.
//!
//! Each query pass walks the whole tree, so an analysis runs all of a language's queries as one
//! ([`Matched`]) and hands each consumer the matches of its own query, in the same order a
//! pass of that query alone would give (a test checks this on every program we have).

use std::sync::LazyLock;

use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, Query, QueryCapture, QueryCursor, QueryCursorOptions, QueryCursorState, QueryMatch};

use super::{Language, SourceFile, budget};

/// One compiled query with the source it came from, for error messages.
pub struct CompiledQuery {
    pub name: &'static str,
    query: Query,
    source: &'static str,
}

impl CompiledQuery {
    fn compile(language: Language, name: &'static str, source: &'static str) -> Self {
        let query = Query::new(&language.grammar(), source)
            .unwrap_or_else(|error| panic!("query {}/{name}.scm does not compile: {error}", language.name()));
        CompiledQuery { name, query, source }
    }

    /// Calls `visit` for each match under `node`, in document order.
    pub fn for_each_match<'tree>(
        &self,
        file: &'tree SourceFile,
        node: Node<'tree>,
        mut visit: impl FnMut(Match<'_, 'tree>),
    ) {
        each_match(&self.query, file, node, |found| visit(Match { query: &self.query, captures: found.captures }));
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
    query: &'a Query,
    captures: &'a [QueryCapture<'tree>],
}

impl<'tree> Match<'_, 'tree> {
    pub fn get(&self, capture: &str) -> Option<Node<'tree>> {
        let index = self.query.capture_index_for_name(capture)?;
        self.captures.iter().find(|c| c.index == index).map(|c| c.node)
    }

    /// Every capture as `name kind start..end`, for comparing matches in tests.
    #[cfg(test)]
    pub fn describe(&self) -> String {
        let names = self.query.capture_names();
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
        CompiledQuery::compile($language, $name, include_str!(concat!("../../queries/", $dir, "/", $name, ".scm")))
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
        let mut starts = Vec::new();
        let mut patterns = 0;
        for part in parts {
            starts.push((part.name, patterns));
            patterns += part.query.pattern_count();
            source.push_str(part.source);
            source.push('\n');
        }
        let query = Query::new(&language.grammar(), &source)
            .unwrap_or_else(|error| panic!("the combined {} queries do not compile: {error}", language.name()));
        assert_eq!(query.pattern_count(), patterns, "patterns of the combined query");
        Combined { query, parts: starts }
    }

    fn part_of(&self, pattern: usize) -> usize {
        self.parts.partition_point(|&(_, start)| start <= pattern) - 1
    }
}

static COMBINED: LazyLock<[Combined; 2]> = LazyLock::new(|| {
    let (python, rust) = (&*PYTHON, &*RUST);
    [
        Combined::compile(
            Language::Python,
            &[&python.functions, &python.imports, &python.bindings, &python.calls, &python.sections],
        ),
        Combined::compile(Language::Rust, &[&rust.functions, &rust.uses, &rust.bindings, &rust.calls, &rust.sections]),
    ]
});

/// Every match of every query of a file's language, found in one walk of the tree.
pub struct Matched<'tree> {
    combined: &'static Combined,
    /// Per part, each match's captures.
    parts: Vec<Vec<Vec<QueryCapture<'tree>>>>,
}

impl<'tree> Matched<'tree> {
    pub fn collect(file: &'tree SourceFile) -> Matched<'tree> {
        let combined = &COMBINED[file.language() as usize];
        let mut parts = vec![Vec::new(); combined.parts.len()];
        each_match(&combined.query, file, file.root(), |found| {
            parts[combined.part_of(found.pattern_index)].push(found.captures.to_vec());
        });
        Matched { combined, parts }
    }

    /// Calls `visit` for each match of `query`, as [`CompiledQuery::for_each_match`] on the
    /// root would.
    pub fn for_each(&self, query: &CompiledQuery, mut visit: impl FnMut(Match<'_, 'tree>)) {
        let Some(part) = self.combined.parts.iter().position(|&(name, _)| name == query.name) else { return };
        for captures in &self.parts[part] {
            visit(Match { query: &self.combined.query, captures });
        }
    }
}

pub static PYTHON: LazyLock<PythonQueries> = LazyLock::new(|| PythonQueries {
    functions: query!(Language::Python, "python", "functions"),
    imports: query!(Language::Python, "python", "imports"),
    bindings: query!(Language::Python, "python", "bindings"),
    calls: query!(Language::Python, "python", "calls"),
    sections: query!(Language::Python, "python", "sections"),
});

pub static RUST: LazyLock<RustQueries> = LazyLock::new(|| RustQueries {
    functions: query!(Language::Rust, "rust", "functions"),
    uses: query!(Language::Rust, "rust", "uses"),
    bindings: query!(Language::Rust, "rust", "bindings"),
    calls: query!(Language::Rust, "rust", "calls"),
    sections: query!(Language::Rust, "rust", "sections"),
});

/// Every compiled query with the folder it comes from; forces compilation of all of them.
pub fn all() -> Vec<(Language, &'static CompiledQuery)> {
    let (python, rust) = (&*PYTHON, &*RUST);
    let python_queries = [&python.functions, &python.imports, &python.bindings, &python.calls, &python.sections];
    let rust_queries = [&rust.functions, &rust.uses, &rust.bindings, &rust.calls, &rust.sections];
    python_queries
        .into_iter()
        .map(|query| (Language::Python, query))
        .chain(rust_queries.into_iter().map(|query| (Language::Rust, query)))
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
