//! Tree-sitter queries, kept in `.scm` files under `server/queries/<language>/` and compiled
//! once per process.
//!
//! Queries find the syntax the analysis cares about; the Rust code around them decides what it
//! means. A test compiles every query, so a grammar upgrade that breaks one fails the build.

use std::sync::LazyLock;

use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, Query, QueryCursor, QueryCursorOptions, QueryCursorState, QueryMatch};

use super::{Language, SourceFile, budget};

/// One compiled query with the source it came from, for error messages.
pub struct CompiledQuery {
    pub name: &'static str,
    query: Query,
}

impl CompiledQuery {
    fn compile(language: Language, name: &'static str, source: &'static str) -> Self {
        let query = Query::new(&language.grammar(), source)
            .unwrap_or_else(|error| panic!("query {}/{name}.scm does not compile: {error}", language.name()));
        CompiledQuery { name, query }
    }

    /// Calls `visit` for each match under `node`, in document order.
    pub fn for_each_match<'tree>(
        &self,
        file: &'tree SourceFile,
        node: Node<'tree>,
        mut visit: impl FnMut(Match<'_, 'tree>),
    ) {
        let mut cursor = QueryCursor::new();
        // Under a time budget the cursor halts early; `budget::within` then drops the whole
        // analysis, so the missing matches never reach anyone.
        let mut progress = |_: &QueryCursorState| budget::should_stop();
        let options = QueryCursorOptions::new().progress_callback(&mut progress);
        let mut matches = cursor.matches_with_options(&self.query, node, file.text().as_bytes(), options);
        while let Some(found) = matches.next() {
            visit(Match { query: &self.query, found });
        }
    }
}

/// A match with its captures addressable by name.
pub struct Match<'a, 'tree> {
    query: &'a Query,
    found: &'a QueryMatch<'a, 'tree>,
}

impl<'tree> Match<'_, 'tree> {
    pub fn get(&self, capture: &str) -> Option<Node<'tree>> {
        let index = self.query.capture_index_for_name(capture)?;
        self.found.captures.iter().find(|c| c.index == index).map(|c| c.node)
    }

    /// Whether the match captured `capture`, which tells which pattern of the query matched.
    pub fn has(&self, capture: &str) -> bool {
        self.get(capture).is_some()
    }
}

pub struct PythonQueries {
    pub imports: CompiledQuery,
    pub bindings: CompiledQuery,
    pub calls: CompiledQuery,
    pub sections: CompiledQuery,
}

pub struct RustQueries {
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

pub static PYTHON: LazyLock<PythonQueries> = LazyLock::new(|| PythonQueries {
    imports: query!(Language::Python, "python", "imports"),
    bindings: query!(Language::Python, "python", "bindings"),
    calls: query!(Language::Python, "python", "calls"),
    sections: query!(Language::Python, "python", "sections"),
});

pub static RUST: LazyLock<RustQueries> = LazyLock::new(|| RustQueries {
    uses: query!(Language::Rust, "rust", "uses"),
    bindings: query!(Language::Rust, "rust", "bindings"),
    calls: query!(Language::Rust, "rust", "calls"),
    sections: query!(Language::Rust, "rust", "sections"),
});

/// Every compiled query with the folder it comes from; forces compilation of all of them.
pub fn all() -> Vec<(Language, &'static CompiledQuery)> {
    let (python, rust) = (&*PYTHON, &*RUST);
    let python_queries = [&python.imports, &python.bindings, &python.calls, &python.sections];
    let rust_queries = [&rust.uses, &rust.bindings, &rust.calls, &rust.sections];
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
