//! A file as a sequence of top-level chunks (imports, statements, definitions) and the name
//! dependencies between them, so that part of a file can be analysed alone with the same
//! result as the whole.
//!
//! Analysis links chunks only through names: a call resolves through an import or a variable
//! bound elsewhere, a function sent to a thread pool gets a section where it is defined, a
//! rule looks up how a called function is declared. So a chunk's results can depend on the
//! chunks defining a name it mentions, and a function's results on the chunks that mention
//! it (callers decide where a function runs). [`dependents`] follows those links forwards
//! from chunks that changed (or that hold something the catalogue knows), [`context`] follows
//! them backwards to everything the result needs; parsing only [`regions`] of the context
//! then gives exact results for the dependents.
//!
//! The summaries over-approximate on purpose: a mention is any identifier-like token of the
//! chunk (strings and comments included), so a missing link can only come from a definition
//! the summary fails to list, and both [`super::incremental`] and the batch pre-scan are
//! checked against whole-file analysis in tests.

use std::collections::HashSet;
use std::ops::Range;

use tree_sitter::Node;

use super::{Language, SourceFile};

/// What a chunk holds, which decides how an edit to it is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkKind {
    /// `import`/`from ... import`, `use`, `extern crate`: bind names for the whole file.
    Import,
    /// Any other top-level code that is not a definition (assignments, calls, `if` blocks,
    /// Rust structs, enums, constants and macros). Always kept as context.
    Statement,
    /// A function, class, `impl`, trait or module.
    Definition,
}

/// One top-level chunk. Chunks partition the file: each runs from the start of its item
/// (its leading comments and attributes included) to the start of the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub range: Range<usize>,
    pub kind: ChunkKind,
    /// Names the chunk gives meaning to elsewhere: functions and methods, classes and types,
    /// imported names, module-level variables, struct fields.
    pub defines: HashSet<Box<str>>,
    /// The functions among `defines`: where they run depends on who calls them.
    pub functions: HashSet<Box<str>>,
    /// Every identifier-like token, except the names right after a definition keyword.
    pub mentions: HashSet<Box<str>>,
    /// Whether the chunk binds names file-wide from inside (an import in a function body, a
    /// struct's fields): editing it changes how other chunks resolve, so edits to such a chunk
    /// are analysed with the whole file.
    pub binds_globally: bool,
}

impl Chunk {
    fn depends_on(&self, other: &Chunk) -> bool {
        shares(&self.mentions, &other.defines) || shares(&other.mentions, &self.functions)
    }

    /// Moves the chunk by `delta` bytes (an edit before it changed the length of the text).
    pub fn shifted(&self, delta: isize) -> Chunk {
        let shift = |offset: usize| offset.saturating_add_signed(delta);
        Chunk { range: shift(self.range.start)..shift(self.range.end), ..self.clone() }
    }
}

fn shares(small: &HashSet<Box<str>>, large: &HashSet<Box<str>>) -> bool {
    let (small, large) = if small.len() <= large.len() { (small, large) } else { (large, small) };
    small.iter().any(|name| large.contains(name))
}

/// The chunks whose results may change when `seeds` change: the seeds, and transitively every
/// chunk depending on one of them. `removed` are summaries of the seeds' previous versions,
/// whose names other chunks may still mention.
pub fn dependents(chunks: &[Chunk], seeds: &[usize], removed: &[Chunk]) -> Vec<bool> {
    let mut marked = vec![false; chunks.len()];
    let mut queue = Vec::new();
    for &seed in seeds {
        if !marked[seed] {
            marked[seed] = true;
            queue.push(seed);
        }
    }
    let visit = |changed: &Chunk, marked: &mut Vec<bool>, queue: &mut Vec<usize>| {
        for (index, chunk) in chunks.iter().enumerate() {
            if !marked[index] && chunk.depends_on(changed) {
                marked[index] = true;
                queue.push(index);
            }
        }
    };
    for old in removed {
        visit(old, &mut marked, &mut queue);
    }
    while let Some(index) = queue.pop() {
        visit(&chunks[index], &mut marked, &mut queue);
    }
    marked
}

/// What analysing `wanted` needs: those chunks, every import and statement, and transitively
/// every chunk one of them depends on.
pub fn context(chunks: &[Chunk], wanted: &[bool]) -> Vec<bool> {
    let mut marked = wanted.to_vec();
    let mut queue: Vec<usize> = (0..chunks.len()).filter(|&index| marked[index]).collect();
    for (index, chunk) in chunks.iter().enumerate() {
        if !marked[index] && chunk.kind != ChunkKind::Definition {
            marked[index] = true;
            queue.push(index);
        }
    }
    while let Some(index) = queue.pop() {
        let needing = &chunks[index];
        for (other, chunk) in chunks.iter().enumerate() {
            if !marked[other] && needing.depends_on(chunk) {
                marked[other] = true;
                queue.push(other);
            }
        }
    }
    marked
}

/// The byte ranges of the marked chunks, neighbours merged.
pub fn regions(chunks: &[Chunk], marked: &[bool]) -> Vec<Range<usize>> {
    let mut regions: Vec<Range<usize>> = Vec::new();
    for (chunk, _) in chunks.iter().zip(marked).filter(|(_, marked)| **marked) {
        match regions.last_mut() {
            Some(last) if last.end == chunk.range.start => last.end = chunk.range.end,
            _ => regions.push(chunk.range.clone()),
        }
    }
    regions
}

/// Keywords after which an identifier is being defined, not used.
const DEFINING_KEYWORDS: &[&str] =
    &["def", "class", "fn", "struct", "enum", "union", "trait", "mod", "type", "const", "static", "macro_rules"];

/// Every identifier-like token of `text` (ASCII letters, digits, `_` and any non-ASCII
/// character, so Unicode identifiers are whole), except those right after a defining keyword.
pub fn mentions(text: &str) -> HashSet<Box<str>> {
    let bytes = text.as_bytes();
    let is_word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80;
    let mut found = HashSet::new();
    let mut previous: &str = "";
    let mut index = 0;
    while index < bytes.len() {
        if !is_word(bytes[index]) {
            // `macro_rules! name`: the `!` does not end the definition.
            if bytes[index] != b'!' && !bytes[index].is_ascii_whitespace() {
                previous = "";
            }
            index += 1;
            continue;
        }
        let start = index;
        while index < bytes.len() && is_word(bytes[index]) {
            index += 1;
        }
        // Word boundaries fall next to ASCII bytes or the ends, so this slice is on UTF-8
        // boundaries.
        let word = &text[start..index];
        if bytes[start].is_ascii_digit() {
            previous = "";
            continue;
        }
        if !DEFINING_KEYWORDS.contains(&previous) && !found.contains(word) {
            found.insert(word.into());
        }
        previous = word;
    }
    found
}

/// Splits a parsed file into chunks, from the children of its root.
pub fn split(file: &SourceFile) -> Vec<Chunk> {
    let root = file.root();
    let mut chunks = Vec::new();
    let mut cursor = root.walk();
    // Leading comments and attributes belong to the item they precede.
    let mut start: Option<usize> = None;
    let mut pending: Vec<Node<'_>> = Vec::new();
    for child in root.children(&mut cursor) {
        let chunk_start = *start.get_or_insert(child.start_byte());
        if is_preamble(file.language(), child) {
            pending.push(child);
            continue;
        }
        pending.push(child);
        chunks.push(summarise(file, chunk_start, &pending));
        pending.clear();
        start = None;
    }
    if !pending.is_empty() {
        let chunk_start = start.unwrap_or(0);
        chunks.push(summarise(file, chunk_start, &pending));
    }
    // Chunks partition the text: each ends where the next begins, the first starts at 0.
    let len = file.text().len();
    for index in 0..chunks.len() {
        let end = chunks.get(index + 1).map_or(len, |next| next.range.start);
        chunks[index].range.end = end;
    }
    if let Some(first) = chunks.first_mut() {
        first.range.start = 0;
    }
    chunks
}

fn is_preamble(language: Language, node: Node<'_>) -> bool {
    match language {
        Language::Python => node.kind() == "comment",
        Language::Rust => matches!(node.kind(), "line_comment" | "block_comment" | "attribute_item"),
    }
}

fn summarise(file: &SourceFile, start: usize, nodes: &[Node<'_>]) -> Chunk {
    let item = *nodes.last().expect("a chunk holds at least its item");
    let kind = kind_of(file.language(), item);
    let mut chunk = Chunk {
        range: start..item.end_byte(),
        kind,
        defines: HashSet::new(),
        functions: HashSet::new(),
        mentions: mentions(&file.text()[start..item.end_byte()]),
        binds_globally: false,
    };
    let mut cursor = item.walk();
    walk_definitions(file, &mut cursor, &mut chunk, 0);
    chunk
}

fn kind_of(language: Language, item: Node<'_>) -> ChunkKind {
    match (language, item.kind()) {
        (Language::Python, "import_statement" | "import_from_statement" | "future_import_statement")
        | (Language::Rust, "use_declaration" | "extern_crate_declaration") => ChunkKind::Import,
        (Language::Python, "function_definition" | "class_definition" | "decorated_definition")
        | (Language::Rust, "function_item" | "impl_item" | "trait_item" | "mod_item") => ChunkKind::Definition,
        _ => ChunkKind::Statement,
    }
}

/// Collects what the subtree under `cursor` defines. `function_depth` counts enclosing
/// function bodies: assignments inside them bind local variables, which no other chunk sees.
fn walk_definitions(
    file: &SourceFile,
    cursor: &mut tree_sitter::TreeCursor<'_>,
    chunk: &mut Chunk,
    function_depth: usize,
) {
    let node = cursor.node();
    let name = |field: &str| node.child_by_field_name(field).map(|name| Box::<str>::from(file.node_text(name)));
    let mut depth = function_depth;
    match node.kind() {
        "function_definition" | "function_item" | "function_signature_item" => {
            if let Some(name) = name("name") {
                chunk.functions.insert(name.clone());
                chunk.defines.insert(name);
            }
            depth += 1;
        }
        "class_definition" | "struct_item" | "enum_item" | "union_item" | "trait_item" | "type_item" | "const_item"
        | "static_item" | "mod_item" | "macro_definition" => {
            if let Some(name) = name("name") {
                chunk.defines.insert(name);
            }
        }
        "field_declaration" => {
            if let Some(name) = name("name") {
                chunk.defines.insert(name);
                chunk.binds_globally = true;
            }
        }
        "import_statement"
        | "import_from_statement"
        | "future_import_statement"
        | "use_declaration"
        | "extern_crate_declaration" => {
            // Every identifier of an import may be a name it binds.
            chunk.defines.extend(mentions(file.node_text(node)));
            chunk.binds_globally |= chunk.kind != ChunkKind::Import;
            return;
        }
        "assignment" | "augmented_assignment" | "as_pattern_target" | "for_statement" if depth == 0 => {
            let target = node.child_by_field_name("left").unwrap_or(node);
            chunk.defines.extend(mentions(file.node_text(target)));
        }
        _ => {}
    }
    if cursor.goto_first_child() {
        loop {
            walk_definitions(file, cursor, chunk, depth);
            if !cursor.goto_next_sibling() {
                break;
            }
        }
        cursor.goto_parent();
    }
}
