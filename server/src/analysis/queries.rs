//! Tree-sitter queries, kept in `.scm` files under `server/queries/<language>/` and compiled
//! once per process.
//!
//! Queries find the syntax the analysis cares about; the Rust code around them decides what it
//! means. A test compiles every query, so a grammar upgrade that breaks one fails the build.

use std::sync::LazyLock;

use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, Query, QueryCursor, QueryMatch};

use super::{Language, SourceFile};

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
        let mut matches = cursor.matches(&self.query, node, file.text().as_bytes());
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
    pub calls: CompiledQuery,
    pub sections: CompiledQuery,
}

pub struct RustQueries {
    pub uses: CompiledQuery,
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
    calls: query!(Language::Python, "python", "calls"),
    sections: query!(Language::Python, "python", "sections"),
});

pub static RUST: LazyLock<RustQueries> = LazyLock::new(|| RustQueries {
    uses: query!(Language::Rust, "rust", "uses"),
    calls: query!(Language::Rust, "rust", "calls"),
    sections: query!(Language::Rust, "rust", "sections"),
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_compiles() {
        let python = &*PYTHON;
        let rust = &*RUST;
        let names: Vec<&str> =
            [&python.imports, &python.calls, &python.sections, &rust.uses, &rust.calls, &rust.sections]
                .iter()
                .map(|query| query.name)
                .collect();
        assert_eq!(names, ["imports", "calls", "sections", "uses", "calls", "sections"]);
    }

    #[test]
    fn every_query_file_is_registered() {
        for (dir, registered) in
            [("python", &["imports", "calls", "sections"][..]), ("rust", &["uses", "calls", "sections"][..])]
        {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("queries").join(dir);
            let mut on_disk: Vec<String> = std::fs::read_dir(path)
                .unwrap()
                .map(|entry| entry.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
                .collect();
            on_disk.sort();
            let mut registered: Vec<&str> = registered.to_vec();
            registered.sort();
            assert_eq!(on_disk, registered, "queries/{dir} has files no code compiles");
        }
    }
}
