//! A file as a sequence of top-level chunks (imports, statements, definitions) and the name
//! dependencies between them, so that part of a file can be analysed alone with the same
//! result as the whole. A Rust `impl`, trait or module, and a Python class, is cut further:
//! each member is a chunk of its own, parsed only between the block's head and what closes it
//! (a brace; in Python, the line end after the last member) ([`ChunkKind::Frame`]), so that one
//! method can be analysed without the hundreds of lines around it.
//!
//! Analysis links chunks only through names: a call resolves through an import or a variable
//! bound elsewhere, a function sent to a thread pool gets a section where it is defined, a
//! rule looks up how a called function is declared. So a chunk's results can depend on the
//! chunks defining a name it mentions, and a function's results on the chunks that mention
//! it (callers decide where a function runs). [`super::dependents`] follows those links forwards
//! from chunks that hold something the catalogue knows, the edit selection
//! ([`super::incremental`]) follows them backwards to what those results need; parsing only
//! the [`regions`] of that context then gives exact results for the dependents. That is how
//! `check` leaves chunks out (`super::partial`); after an edit, the same selection starts
//! from the definitions that actually changed.
//!
//! The summaries over-approximate on purpose: a mention is any identifier-like token of the
//! chunk (strings and comments included), so a missing link can only come from a definition
//! the summary fails to list; both uses are checked against whole-file analysis in tests.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::Arc;

use tree_sitter::Node;

use super::{Language, SourceFile};

/// Names as 64-bit hashes: summarising a large file must not allocate a string per token. Two
/// names sharing a hash only add a link between chunks, which costs time, never correctness.
pub type NameSet = HashSet<u64, BuildHasherDefault<KeyHasher>>;

/// Values by name hash.
pub type NameMap = std::collections::HashMap<u64, u64, BuildHasherDefault<KeyHasher>>;

/// The hash of a name (FNV-1a).
pub fn name_key(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// Keys are hashes already; hashing them again would only cost time.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8) | u64::from(byte);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

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
    /// The head (up to the first member) or the closing brace of a Rust `impl`, trait or
    /// module whose members are chunks of their own (see [`Summary::framed`]). A member is
    /// only ever parsed between the two, so it keeps its `self` type and path.
    Frame,
}

/// One chunk. Chunks partition the file: each runs from the start of its item (its leading
/// comments and attributes included) to the start of the next. Items are the top-level ones,
/// except in a Rust `impl`, trait or module, whose members are items of their own between the
/// two [`ChunkKind::Frame`] chunks of their head and closing brace: an edit to one method
/// then costs that method, not the whole block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub range: Range<usize>,
    /// Shared between versions: after an edit, the chunks it did not reach keep theirs
    /// without copying a set per chunk.
    pub summary: Arc<Summary>,
}

/// What a chunk holds and which names tie it to others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub kind: ChunkKind,
    /// Names the chunk gives meaning to elsewhere: functions and methods, classes and types,
    /// imported names, module-level variables, struct fields.
    pub defines: NameSet,
    /// The functions among `defines`: where they run depends on who calls them. The analysis
    /// looks functions up by name, and the first definition in the file wins.
    pub functions: NameSet,
    /// The names among `defines` of which, like functions, only the first definition in the
    /// file counts: types, classes, Rust type aliases, constants and statics (struct fields are
    /// kept apart, in [`Summary::fields`]).
    pub firsts: NameSet,
    /// The names among `firsts` whose first definition a part must hold to analyse a chunk
    /// naming them: Rust type aliases, which the analysis resolves from the part's own text
    /// (structs and classes it reads from the whole file's analysis, or not at all).
    pub first_values: NameSet,
    /// The names among `defines` of which every definition may count: variables (not
    /// imports, which a partial analysis takes from the whole file's).
    pub others: NameSet,
    /// A hash of the text of everything in the chunk that can decide a [`super::section::Placement`]
    /// (runtime attributes, runtime builders, Dask clients), in order.
    pub placement_facts: u64,
    /// For each defined name, a hash of the text of its definitions in this chunk: another
    /// chunk sees a definition change only when this does. Of a function, the declaration
    /// (decorators, `async`, parameters, return type), which every caller reads; its body is
    /// in [`Summary::bodies`].
    pub digests: NameMap,
    /// For each function among [`Summary::functions`], a hash of the text of its bodies in this
    /// chunk: only a chunk sending the function elsewhere reads it ([`Summary::sendable`]), as
    /// a rule judges the work sent by what the body computes. Filled by the tree chunker only.
    pub bodies: NameMap,
    /// Each of the chunk's functions with the mentions of its declarations: what a declaration
    /// means (the type a return annotation names, a decorator) depends on these names alone.
    /// Filled by the tree chunker only.
    pub declaration_mentions: Vec<(u64, NameSet)>,
    /// Every identifier-like token of the chunk's code (not its comments), except the names
    /// right after a definition keyword.
    pub mentions: NameSet,
    /// The mentions of the definitions among `others` (an assignment, an alias, a constant):
    /// what resolving those definitions needs, where the rest of the chunk (the method
    /// around `self.pool = Pool()`) need not resolve as in the whole file.
    pub value_mentions: NameSet,
    /// The `callable` among `value_mentions`.
    pub value_callable: NameSet,
    /// The names among `others` that a class member binds only for its class: attributes of
    /// `self` in a method (`self.pool = Pool()`) and names bound in the class body (`lock =
    /// Lock()`). The analysis sees those only inside the class.
    pub class_attributes: NameSet,
    /// The names among `class_attributes` that the chunk binds only through attribute
    /// targets (`self.pool = Pool()`): the analysis binds the whole target, so a chunk reading
    /// one spells it after a dot ([`Summary::dotted`]). Filled by the tree chunker only.
    pub attribute_targets: NameSet,
    /// The mentions right after a dot (`pool` in `self.pool.submit`). Filled by the tree
    /// chunker only.
    pub dotted: NameSet,
    /// The mentions that can name one of the file's functions: the analysis looks a function
    /// up only from a bare name (`work`, `work()`) or, in Python, `self.work`/`cls.work`,
    /// never from another path or receiver (`pool.submit`, `Arc::new`).
    pub callable: NameSet,
    /// The `callable` that are called (`work(..)`, `@work`), filled by the text chunker only
    /// ([`super::python::regions`]): `check` follows a function's properties to its callers
    /// along these, not along every mention that could pass the function on.
    pub calls: NameSet,
    /// The functions among `functions` defined with `async def` (any of their definitions in
    /// the chunk), filled by the text chunker only: a call that does not await one is a
    /// result, so `check` follows only these to their callers.
    pub coroutines: NameSet,
    /// The `callable` the chunk may hand to another call as work to run elsewhere: named inside
    /// brackets (`Thread(target=self.work)`, `asyncio.run(main())`). The text chunker leaves
    /// out what is called through `self`/`cls` (`wait(self.poll())`, which hands over a
    /// result); the tree chunker counts every callable mention inside a call's arguments or
    /// a macro's tokens.
    pub sendable: NameSet,
    /// Whether the chunk binds names file-wide from inside (an import in a function body, a
    /// struct's fields), which changes how other chunks resolve.
    pub binds_globally: bool,
    /// A hash of the text of its imports, in order: for a chunk that binds names file-wide, an
    /// edit that leaves it (and [`Summary::fields`]) alone leaves the other chunks'
    /// resolutions alone.
    pub global_bindings: u64,
    /// The Rust struct fields the chunk declares, in order: the analysis keeps a field's
    /// type by the field's name, the first declaration winning, so an edit to one changes
    /// what `self.field` resolves to in the chunks naming it, and nowhere else.
    pub fields: Vec<Field>,
    /// A hash of the place (from the chunk's start), kind and size of its nodes, comments
    /// left out ([`shape_of`]): a part parsed without the whole tree at hand checks against
    /// it that each chunk it holds reads as it did ([`super::incremental`]'s window).
    pub shape: u64,
    /// Whether the chunk is a member of a framed block: the nearest [`ChunkKind::Frame`]
    /// chunks before and after it are the block's head and closing brace.
    pub framed: bool,
}

/// A Rust struct field's declaration, as [`Summary::fields`] keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: u64,
    /// A hash of the declaration's text.
    pub digest: u64,
    /// The words of the declaration: a field whose type names a name bound anew may be of
    /// another type now.
    pub words: NameSet,
}

impl std::ops::Deref for Chunk {
    type Target = Summary;

    fn deref(&self) -> &Summary {
        &self.summary
    }
}

impl std::ops::DerefMut for Chunk {
    fn deref_mut(&mut self) -> &mut Summary {
        Arc::make_mut(&mut self.summary)
    }
}

impl Chunk {
    pub fn new(range: Range<usize>, summary: Summary) -> Chunk {
        Chunk { range, summary: Arc::new(summary) }
    }

    fn define(&mut self, name: u64, text: &str, counts: Counts) {
        self.defines.insert(name);
        match counts {
            Counts::Function => self.functions.insert(name),
            Counts::First => self.firsts.insert(name),
            Counts::FirstValue => {
                let (mentions, callable) = words(text);
                self.value_mentions.extend(mentions);
                self.value_callable.extend(callable);
                self.first_values.insert(name);
                self.firsts.insert(name)
            }
            Counts::Every | Counts::Attribute => {
                let (mentions, callable) = words(text);
                self.value_mentions.extend(mentions);
                self.value_callable.extend(callable);
                self.define_variable(name, counts == Counts::Attribute);
                true
            }
            Counts::Import => false,
            // Kept apart from the other definitions: see `Summary::fields`.
            Counts::Field => {
                self.fields.push(Field { name, digest: fold_binding(0, text), words: mentions(text) });
                return;
            }
        };
        let digest = self.digests.entry(name).or_default();
        *digest = fold_binding(*digest, text);
    }

    /// Adds the function `name`, `node` in the text (with its decorators), whose body, if it has
    /// one, is `definition`'s: the declaration before the body goes to [`Summary::digests`] and
    /// [`Summary::declaration_mentions`], the body to [`Summary::bodies`].
    fn define_function(&mut self, file: &SourceFile, name: u64, node: Node<'_>, definition: Node<'_>) {
        // The declaration ends with its last token before the body: comments leading the body
        // (a Python function's, after the colon) are the body's.
        let body = definition.child_by_field_name("body");
        let split = match body {
            Some(body) => {
                let mut cursor = definition.walk();
                let before = definition.children(&mut cursor).take_while(|child| child.id() != body.id());
                before
                    .filter(|child| !child.is_extra())
                    .map(|child| child.end_byte())
                    .max()
                    .unwrap_or(body.start_byte())
            }
            None => node.end_byte(),
        };
        let text = file.text();
        let declaration = &text[node.start_byte()..split];
        self.declaration_mentions.push((name, mentions(declaration)));
        self.define(name, declaration, Counts::Function);
        let body = self.bodies.entry(name).or_default();
        *body = fold_binding(*body, &text[split..node.end_byte()]);
    }

    /// [`Chunk::define`] for a variable bound by an assignment target: `dotted` when the
    /// target is an attribute ([`Summary::attribute_targets`]).
    fn define_bound(&mut self, name: u64, text: &str, counts: Counts, dotted: bool) {
        let bound_bare = self.others.contains(&name) && !self.attribute_targets.contains(&name);
        if dotted && counts == Counts::Attribute && !bound_bare {
            self.attribute_targets.insert(name);
        } else {
            self.attribute_targets.remove(&name);
        }
        self.define(name, text, counts);
    }

    /// Adds a variable to [`Summary::others`], and to [`Summary::class_attributes`] while
    /// every binding of it here is one.
    pub fn define_variable(&mut self, name: u64, class_attribute: bool) {
        if !class_attribute {
            self.class_attributes.remove(&name);
        } else if !self.others.contains(&name) {
            self.class_attributes.insert(name);
        }
        self.others.insert(name);
    }

    /// Moves the chunk by `delta` bytes (an edit before it changed the length of the text).
    pub fn shifted(&self, delta: isize) -> Chunk {
        let shift = |offset: usize| offset.saturating_add_signed(delta);
        Chunk { range: shift(self.range.start)..shift(self.range.end), ..self.clone() }
    }
}

/// For each name, the chunks that hold it in one of their sets ([`definers_index`]).
pub type Definers = std::collections::HashMap<u64, Vec<usize>, BuildHasherDefault<KeyHasher>>;

/// For each name in the set `names` picks, every chunk holding it, in order.
pub fn definers_index(chunks: &[Chunk], names: impl Fn(&Chunk) -> &NameSet) -> Definers {
    let mut index = Definers::default();
    for (position, chunk) in chunks.iter().enumerate() {
        for &name in names(chunk) {
            index.entry(name).or_default().push(position);
        }
    }
    index
}

/// The index of the chunk holding `offset`: chunks partition the text, in order.
pub fn chunk_at(chunks: &[Chunk], offset: usize) -> usize {
    chunks.partition_point(|chunk| chunk.range.start <= offset).saturating_sub(1)
}

/// The head and closing chunk of the block a member or frame chunk belongs to. A block has
/// members, so a head is followed by one, and a closing chunk preceded by one.
pub fn frame_of(chunks: &[Chunk], index: usize) -> (usize, usize) {
    let is_frame = |at: usize| chunks[at].kind == ChunkKind::Frame;
    let is_head = is_frame(index) && chunks.get(index + 1).is_some_and(|next| next.framed);
    let is_close = is_frame(index) && !is_head;
    let head = if is_head { index } else { (0..index).rev().find(|&at| is_frame(at)).unwrap_or(index) };
    let close = if is_close { index } else { (index + 1..chunks.len()).find(|&at| is_frame(at)).unwrap_or(index) };
    (head, close)
}

/// The byte ranges to parse for the `parsed` chunks, neighbours merged. A chunk parsed only
/// for what it declares (not `analysed`) starts at its first line of code: the comments above
/// an item (a crate's whole documentation, above its first `use`) hold nothing the analysis
/// reads there (a type's documentation, above the fields a declaration is read for). Python's
/// module-level statements keep theirs, which the main guard's fix moves with the statement. A
/// chunk ends where `declaration_end` says, if it does: a function read only for its
/// declaration.
pub fn regions(
    text: &str,
    language: Language,
    chunks: &[Chunk],
    parsed: &[bool],
    analysed: &[bool],
    declaration_end: impl Fn(usize) -> Option<usize>,
) -> Vec<Range<usize>> {
    let mut regions: Vec<Range<usize>> = Vec::new();
    for (index, chunk) in chunks.iter().enumerate().filter(|&(index, _)| parsed[index]) {
        let module_statement = language == Language::Python && chunk.kind == ChunkKind::Statement && !chunk.framed;
        let keeps_comments = analysed[index] || module_statement;
        let start = if keeps_comments { chunk.range.start } else { code_start(text, language, &chunk.range) };
        let end = declaration_end(index).unwrap_or(chunk.range.end);
        match regions.last_mut() {
            Some(last) if last.end == start => last.end = end,
            _ => regions.push(start..end),
        }
    }
    regions
}

/// Where the first line of `range` that is neither blank nor a line comment starts; the
/// range's own start when there is none (a chunk of comments alone is parsed whole).
fn code_start(text: &str, language: Language, range: &Range<usize>) -> usize {
    let marker = match language {
        Language::Python => "#",
        Language::Rust => "//",
    };
    let mut line = range.start;
    while line < range.end {
        let end = text[line..range.end].find('\n').map_or(range.end, |newline| line + newline + 1);
        let content = text[line..end].trim_start();
        if !content.is_empty() && !content.starts_with(marker) {
            return line;
        }
        line = end;
    }
    range.start
}

/// Chunk ranges in text order, none overlapping.
pub struct Spans(pub Vec<Range<usize>>);

impl Spans {
    /// The ranges of the marked chunks.
    pub fn marked(chunks: &[Chunk], marks: &[bool]) -> Spans {
        Spans(chunks.iter().zip(marks).filter(|(_, marked)| **marked).map(|(chunk, _)| chunk.range.clone()).collect())
    }

    /// Whether one of the chunks holds all of `range` (its end may be the chunk's end). An
    /// empty range where one chunk ends and the next starts (an empty block's body) belongs to
    /// the chunk that ends there, whichever chunks the list holds.
    pub fn holds(&self, range: &Range<usize>) -> bool {
        let start = if range.is_empty() { range.start.saturating_sub(1) } else { range.start };
        // The last chunk starting at or before the range is the only candidate.
        let after = self.0.partition_point(|chunk| chunk.start <= start);
        after > 0 && range.end <= self.0[after - 1].end
    }

    /// Whether the byte at `offset` lies in one of the chunks (a chunk's end is the next
    /// one's, so it is not its own).
    pub fn owns(&self, offset: usize) -> bool {
        let after = self.0.partition_point(|chunk| chunk.start <= offset);
        after > 0 && offset < self.0[after - 1].end
    }
}

/// Adds one binding's text to a running hash of a sequence of bindings.
pub fn fold_binding(hash: u64, text: &str) -> u64 {
    combine(hash, name_key(text))
}

/// Whether an attribute may be a runtime attribute (`#[tokio::main]`), whose text then counts
/// as a placement fact. Its path is looked up in the file's names by the first segment only,
/// so a scoped path can be one only when it ends in `main` or `test`; a single name
/// (`#[test]`, `#[derive(..)]`) may be bound to one. An edit to such a fact has the runtimes
/// of the edited code read as the analysis reads them (see `incremental`).
fn may_build_a_runtime(file: &SourceFile, item: Node<'_>) -> bool {
    let path = item
        .named_children(&mut item.walk())
        .find(|child| child.kind() == "attribute")
        .and_then(|attribute| attribute.named_child(0));
    let last_segment = path
        .filter(|path| path.kind() == "scoped_identifier")
        .map(|path| path.child_by_field_name("name").map(|name| file.node_text(name)));
    !matches!(last_segment, Some(Some(name)) if !matches!(name, "main" | "test"))
}

/// Adds a hash to a running hash of a sequence.
pub fn combine(hash: u64, next: u64) -> u64 {
    (hash.rotate_left(5) ^ next).wrapping_mul(0x0100_0000_01b3)
}

/// The file-wide bindings of consecutive chunks other than struct fields (imports nested in
/// code), as one hash.
pub fn bindings_of<'a>(chunks: impl IntoIterator<Item = &'a Chunk>) -> u64 {
    chunks.into_iter().filter(|chunk| chunk.binds_globally).fold(0, |hash, chunk| combine(hash, chunk.global_bindings))
}

/// The struct fields whose declarations differ between two runs of consecutive chunks (an
/// edit's replaced and edited chunks): declared in one and not the other, or declared
/// differently.
pub fn fields_changed(before: &[Chunk], after: &[&Chunk]) -> NameSet {
    let declarations = |chunks: &mut dyn Iterator<Item = &Chunk>| {
        combined_by_name(chunks.flat_map(|chunk| chunk.fields.iter().map(|field| (field.name, field.digest))))
    };
    let (before, after) = (declarations(&mut before.iter()), declarations(&mut after.iter().copied()));
    let differs = |(name, digest): (&u64, &u64), other: &NameMap| other.get(name) != Some(digest);
    let removed = before.iter().filter(|&entry| differs(entry, &after));
    let added = after.iter().filter(|&entry| differs(entry, &before));
    removed.chain(added).map(|(&name, _)| name).collect()
}

/// Per name, the hashes of its definitions (name and hash pairs, in the order of the text)
/// combined into one: two runs of chunks define a name alike when these agree.
pub fn combined_by_name(definitions: impl Iterator<Item = (u64, u64)>) -> NameMap {
    let mut all = NameMap::default();
    for (name, digest) in definitions {
        let entry = all.entry(name).or_default();
        *entry = combine(*entry, digest);
    }
    all
}

/// The placement facts of consecutive chunks, as one hash.
pub fn placement_facts_of<'a>(chunks: impl IntoIterator<Item = &'a Chunk>) -> u64 {
    chunks
        .into_iter()
        .filter(|chunk| chunk.placement_facts != 0)
        .fold(0, |hash, chunk| combine(hash, chunk.placement_facts))
}

/// Keywords after which an identifier is being defined, not used.
const DEFINING_KEYWORDS: &[&str] =
    &["def", "class", "fn", "struct", "enum", "union", "trait", "mod", "type", "const", "static", "macro_rules"];

/// Every identifier-like token of `text` (ASCII letters, digits, `_` and any non-ASCII
/// character, so Unicode identifiers are whole), except those right after a defining keyword.
pub fn mentions(text: &str) -> NameSet {
    words(text).0
}

/// [`mentions`], and those of them that can name a function ([`Summary::callable`]).
pub fn words(text: &str) -> (NameSet, NameSet) {
    let words = words_sent(text, 0, &[]);
    (words.mentions, words.callable)
}

/// The words of a chunk's code, by what they may name.
struct Words {
    mentions: NameSet,
    callable: NameSet,
    /// The `callable` inside `arguments` ([`Summary::sendable`]).
    sendable: NameSet,
    /// The words right after a dot ([`Summary::dotted`]).
    dotted: NameSet,
}

/// [`words`] of `text`, which starts at `offset`, with the callable ones inside `arguments`
/// (disjoint, in order, in the file's offsets).
fn words_sent(text: &str, offset: usize, arguments: &[Range<usize>]) -> Words {
    let bytes = text.as_bytes();
    let is_word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80;
    let (mut found, mut callable, mut sendable) = (NameSet::default(), NameSet::default(), NameSet::default());
    let mut dotted = NameSet::default();
    let mut arguments = arguments.iter().peekable();
    let mut previous: &str = "";
    let mut index = 0;
    while index < bytes.len() {
        if !is_word(bytes[index]) {
            // `macro_rules! name`: the `!` does not end the definition, spaces do not either;
            // anything else does, a line end included (`return type` ends a Python line).
            if !matches!(bytes[index], b'!' | b' ' | b'\t') {
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
        if !DEFINING_KEYWORDS.contains(&previous) {
            let key = name_key(word);
            found.insert(key);
            let before = &text[..start];
            // `self . pool` and a line broken after the dot read the same attribute.
            if before.trim_end().ends_with('.') {
                dotted.insert(key);
            }
            let reached = before.ends_with("::") || before.ends_with('.');
            if !reached || before.ends_with("self.") || before.ends_with("cls.") {
                callable.insert(key);
                while arguments.next_if(|within| within.end <= offset + start).is_some() {}
                if arguments.peek().is_some_and(|within| within.start <= offset + start) {
                    sendable.insert(key);
                }
            }
        }
        // A lifetime (`&'static Entry`) is no keyword: what follows it is mentioned.
        previous = if start > 0 && bytes[start - 1] == b'\'' { "" } else { word };
    }
    Words { mentions: found, callable, sendable, dotted }
}

/// Which definitions of a name the analysis may read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Counts {
    /// The first in the file, looked up as a function.
    Function,
    /// The first in the file.
    First,
    /// The first in the file, which the analysis resolves from the text: a Rust type alias
    /// (of two of one name, the first wins).
    FirstValue,
    /// Every one (variables have scopes).
    Every,
    /// Every one, seen only inside the class: an attribute of `self` bound in a method, or a
    /// name bound in the class body of a member chunk.
    Attribute,
    /// An imported name: a partial analysis takes every import from the whole file's.
    Import,
    /// A struct field ([`Summary::fields`]).
    Field,
}

/// How a Python variable bound at `function_depth` in `chunk` counts: inside a function, only
/// the attributes of `self` are bound for other chunks; in a class member, only for the class.
fn variable_in(function_depth: usize, chunk: &Chunk) -> Counts {
    if function_depth == 0 && !chunk.framed { Counts::Every } else { Counts::Attribute }
}

/// Splits a parsed file into chunks, from the children of its root.
pub fn split(file: &SourceFile) -> Vec<Chunk> {
    let root = file.root();
    let mut cursor = root.walk();
    let pieces = pieces(file, root.children(&mut cursor), true);
    summarised(file, &pieces, 0..file.text().len(), file.text().len())
}

/// The top-level nodes of a parsed file from the first that ends after `offset`, in order.
/// Found by a cursor going down by byte: the tree holds a long top level as a balanced tree of
/// hidden nodes, so this costs a few steps per level, not a step per node before `offset`.
pub fn top_level_from(file: &SourceFile, offset: usize) -> impl Iterator<Item = Node<'_>> {
    let mut cursor = file.root().walk();
    let mut next = cursor.goto_first_child_for_byte(offset).map(|_| cursor.node());
    std::iter::from_fn(move || {
        let node = next?;
        next = cursor.goto_next_sibling().then(|| cursor.node());
        Some(node)
    })
}

/// The chunks around an edit, cut again (see [`recut`]).
pub struct Recut {
    /// The span of the top-level items cut again: whole items, each with the comments and
    /// attributes leading it, from one chunk's start to the next one's (or the end).
    pub window: Range<usize>,
    /// Where each chunk in the window starts.
    pub starts: Vec<usize>,
    /// The chunks starting within the range asked for, summarised.
    pub chunks: Vec<Chunk>,
}

/// Cuts the top-level items of a parsed file around `range`, which must run from one chunk's
/// start to another's (or the end of the text), and summarises the chunks starting within it.
/// Only the items overlapping `range` are read, widened to whole groups of leading comments
/// and an item: whether the rest of the file still cuts as before is for the caller to check,
/// by comparing its top-level nodes with the previous version's.
pub fn recut(file: &SourceFile, range: Range<usize>) -> Recut {
    let language = file.language();
    let leads = |node: Node<'_>| is_preamble(language, node) || trails_a_line(file, node);
    // The first node ending after the range's start, or none: then the window starts after
    // the last node, widened back over the comments ending the file.
    let mut cursor = file.root().walk();
    let found = cursor.goto_first_child_for_byte(range.start).is_some();
    let mut back = cursor.clone();
    let mut stepped = if found { back.goto_previous_sibling() } else { back.goto_last_child() };
    // A group starts after an item: not after a comment or attribute leading the next item,
    // nor after a comment ending an item's line, which is left out of grouping.
    let mut leading = Vec::new();
    while stepped && leads(back.node()) {
        leading.push(back.node());
        stepped = back.goto_previous_sibling();
    }
    let mut children: Vec<Node<'_>> = leading.into_iter().rev().collect();
    // Nothing before it in the tree: the file's start, unless the tree leaves text out there
    // (a window around an edit).
    let first_start = children.first().map_or(range.start, |node| node.start_byte());
    let at_start = !stepped && !file.omits_within(0..first_start);
    // Then the nodes starting before the range's end, and those an included comment or
    // attribute leads.
    let mut next = found.then(|| cursor.node());
    while let Some(node) = next {
        let last_leads = children.last().is_some_and(|last| is_preamble(language, *last));
        if node.start_byte() >= range.end && !last_leads {
            break;
        }
        children.push(node);
        next = cursor.goto_next_sibling().then(|| cursor.node());
    }
    // The window ends where the next item starts; a comment ending the last item's line is
    // its own.
    let mut end = file.text().len();
    while let Some(node) = next {
        if !trails_a_line(file, node) {
            end = node.start_byte();
            break;
        }
        next = cursor.goto_next_sibling().then(|| cursor.node());
    }
    let pieces = pieces(file, children.into_iter(), at_start);
    let start = pieces.first().map_or(range.start, |piece| piece.start);
    Recut {
        window: start..end,
        starts: pieces.iter().map(|piece| piece.start).collect(),
        chunks: summarised(file, &pieces, range, end),
    }
}

/// The chunks of `pieces` starting within `range`; the last piece ends at `end`.
fn summarised(file: &SourceFile, pieces: &[Piece<'_>], range: Range<usize>, end: usize) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    for (index, piece) in pieces.iter().enumerate() {
        if range.contains(&piece.start) {
            let piece_end = pieces.get(index + 1).map_or(end, |next| next.start);
            chunks.push(summarise(file, piece.start..piece_end, piece));
        }
    }
    chunks
}

/// What one chunk holds.
struct Piece<'tree> {
    /// Where the chunk starts: at its first leading comment or attribute, at 0 for the first.
    start: usize,
    /// The first of the leading comments and attributes (or the item) and the item: the
    /// chunk's nodes are these and the siblings between. None for a closing brace.
    nodes: Option<(Node<'tree>, Node<'tree>)>,
    role: Role,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Item,
    /// A framed block's head: its nodes end with the block, of which it holds what comes
    /// before the first member.
    Head,
    Close,
    Member,
}

impl<'tree> Piece<'tree> {
    fn nodes(&self) -> impl Iterator<Item = Node<'tree>> {
        let (first, last) = self.nodes.unzip();
        std::iter::successors(first, move |node| if Some(*node) == last { None } else { node.next_sibling() })
    }
}

/// Every chunk's nodes and where it starts, among the top-level nodes `children` (from the
/// file's first when `at_start`). Chunks so partition the text, each ending where the next
/// begins.
fn pieces<'tree>(file: &SourceFile, children: impl Iterator<Item = Node<'tree>>, at_start: bool) -> Vec<Piece<'tree>> {
    let language = file.language();
    let mut pieces: Vec<Piece<'_>> = Vec::new();
    // A comment after code on its line stays with that code: a part that leaves out what
    // follows must still end the line.
    let items = children.filter(|child| !trails_a_line(file, *child));
    let trailing = grouped(language, items, |first, item| {
        let start = if pieces.is_empty() && at_start { 0 } else { first.start_byte() };
        let Some(body) = framed_body(file, item) else {
            pieces.push(Piece { start, nodes: Some((first, item)), role: Role::Item });
            return;
        };
        pieces.push(Piece { start, nodes: Some((first, item)), role: Role::Head });
        let mut members = body.walk();
        // Comments after the last member stay with it. A Python member starts at its line's
        // start: parsed alone, its indentation must come with it.
        let members = body.named_children(&mut members).filter(|member| !trails_a_line(file, *member));
        grouped(language, members, |first, member| {
            let start = match language {
                Language::Python => line_start(file.text(), first.start_byte()),
                Language::Rust => first.start_byte(),
            };
            pieces.push(Piece { start, nodes: Some((first, member)), role: Role::Member });
        });
        // A Python block has no closing brace: what follows its last member until the next
        // item (line ends) closes it.
        let brace = body.child(body.child_count().saturating_sub(1)).filter(|brace| brace.kind() == "}");
        let close = brace.map_or(body.end_byte(), |brace| brace.start_byte());
        pieces.push(Piece { start: close, nodes: None, role: Role::Close });
    });
    // Comments or attributes at the very end form a chunk of their own.
    if let Some((first, last)) = trailing {
        let start = if pieces.is_empty() && at_start { 0 } else { first.start_byte() };
        pieces.push(Piece { start, nodes: Some((first, last)), role: Role::Item });
    }
    pieces
}

/// Hands each item of `children` to `each` with the first of the comments and attributes
/// right before it; returns the first and last of those that no item follows.
fn grouped<'tree>(
    language: Language,
    children: impl Iterator<Item = Node<'tree>>,
    mut each: impl FnMut(Node<'tree>, Node<'tree>),
) -> Option<(Node<'tree>, Node<'tree>)> {
    let mut leading: Option<Node<'tree>> = None;
    let mut last = None;
    for child in children {
        let first = *leading.get_or_insert(child);
        last = Some(child);
        if !is_preamble(language, child) {
            each(first, child);
            leading = None;
        }
    }
    leading.zip(last)
}

/// The body of a block worth framing, one with members: a Rust `impl`, trait or module, or a
/// Python class whose members each start a line and which something follows on its last line
/// (the line end its closing chunk holds).
pub fn framed_body<'tree>(file: &SourceFile, item: Node<'tree>) -> Option<Node<'tree>> {
    let language = file.language();
    let body = frame_body(language, item)?;
    let mut cursor = body.walk();
    if !body.named_children(&mut cursor).any(|member| !is_preamble(language, member)) {
        return None;
    }
    if language == Language::Python {
        let text = file.text();
        let mut members = body.named_children(&mut cursor).filter(|member| !trails_a_line(file, *member));
        if !members.all(|member| starts_its_line(text, member.start_byte())) || body.end_byte() >= text.len() {
            return None;
        }
    }
    Some(body)
}

/// A Python comment after code on its line (`limit = 3  # seconds`): it stays with the member
/// it follows instead of leading the next one.
fn trails_a_line(file: &SourceFile, node: Node<'_>) -> bool {
    file.language() == Language::Python && node.is_extra() && !starts_its_line(file.text(), node.start_byte())
}

/// Whether only blanks come before `offset` on its line.
fn starts_its_line(text: &str, offset: usize) -> bool {
    text[line_start(text, offset)..offset].trim().is_empty()
}

/// The block of members of a top-level item that can be framed, members or not.
pub fn frame_body(language: Language, item: Node<'_>) -> Option<Node<'_>> {
    match (language, item.kind()) {
        (Language::Rust, "impl_item" | "trait_item" | "mod_item") => {
            item.child_by_field_name("body").filter(|body| body.kind() == "declaration_list")
        }
        (Language::Python, "class_definition") => item.child_by_field_name("body"),
        (Language::Python, "decorated_definition") => {
            frame_body(language, item.child_by_field_name("definition")?).filter(|body| body.kind() == "block")
        }
        _ => None,
    }
}

/// Where the line holding `offset` starts.
pub(crate) fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |newline| newline + 1)
}

fn is_preamble(language: Language, node: Node<'_>) -> bool {
    match language {
        Language::Python => node.kind() == "comment",
        Language::Rust => matches!(node.kind(), "line_comment" | "block_comment" | "attribute_item"),
    }
}

fn summarise(file: &SourceFile, range: Range<usize>, piece: &Piece<'_>) -> Chunk {
    let item = piece.nodes.map(|(_, item)| item);
    let kind = match (piece.role, item) {
        (Role::Head | Role::Close, _) => ChunkKind::Frame,
        (_, Some(item)) => kind_of(file.language(), item),
        (_, None) => ChunkKind::Statement,
    };
    let mut chunk = Chunk::new(
        range.clone(),
        Summary {
            mentions: NameSet::default(),
            callable: NameSet::default(),
            calls: NameSet::default(),
            coroutines: NameSet::default(),
            sendable: NameSet::default(),
            value_mentions: NameSet::default(),
            value_callable: NameSet::default(),
            kind,
            defines: NameSet::default(),
            functions: NameSet::default(),
            firsts: NameSet::default(),
            first_values: NameSet::default(),
            others: NameSet::default(),
            class_attributes: NameSet::default(),
            attribute_targets: NameSet::default(),
            dotted: NameSet::default(),
            digests: NameMap::default(),
            bodies: NameMap::default(),
            declaration_mentions: Vec::new(),
            placement_facts: 0,
            binds_globally: false,
            global_bindings: 0,
            fields: Vec::new(),
            shape: shape_of(
                range.start,
                piece.nodes().map(|node| match piece.role {
                    Role::Member => (node, Standing::Member),
                    Role::Head if Some(node) == item => (node, Standing::Framed),
                    _ => (node, Standing::TopLevel),
                }),
            ),
            framed: piece.role == Role::Member,
        },
    );
    let mut found = Found::default();
    for node in piece.nodes() {
        if piece.role == Role::Head && Some(node) == item {
            // The head defines the block's own name; the members define theirs.
            let head_text = &file.text()[node.start_byte()..range.end.max(node.start_byte())];
            // A decorated Python class holds its name, and its members, one level down.
            let block = node.child_by_field_name("definition").unwrap_or(node);
            if let Some(name) = block.child_by_field_name("name") {
                chunk.define(name_key(file.node_text(name)), head_text, Counts::First);
            }
            let body = frame_body(file.language(), node).map(|body| body.id());
            let mut head_parts = Vec::new();
            if block.id() != node.id() {
                head_parts.extend(node.children(&mut node.walk()).filter(|child| child.id() != block.id()));
            }
            head_parts.extend(block.children(&mut block.walk()).filter(|child| Some(child.id()) != body));
            for child in head_parts {
                walk_definitions(file, &mut child.walk(), &mut chunk, &mut found, 0);
            }
        } else {
            walk_definitions(file, &mut node.walk(), &mut chunk, &mut found, 0);
        }
    }
    let code = code_of(&file.text()[range.clone()], range.start, &found.comments);
    let words = words_sent(&code, range.start, &found.arguments);
    (chunk.mentions, chunk.callable, chunk.sendable, chunk.dotted) =
        (words.mentions, words.callable, words.sendable, words.dotted);
    chunk
}

/// How a node stands among a chunk's nodes, for [`shape_of`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// A top-level node.
    TopLevel,
    /// A framed block, whose size (which counts members the chunk does not hold) is left out.
    Framed,
    /// A member of a framed block.
    Member,
}

/// The [`Summary::shape`] of a chunk starting at `start` whose nodes are `nodes`, each with
/// how it stands: a statement read at the top level in one parse and as a member of the
/// class before it in another has the same place, kind and size. Comments are left out: a
/// part may leave out those leading a chunk, and a Python class parsed without some members
/// takes the comments between them.
pub fn shape_of<'tree>(start: usize, nodes: impl Iterator<Item = (Node<'tree>, Standing)>) -> u64 {
    nodes.filter(|(node, _)| !node.is_extra()).fold(0, |hash, (node, standing)| {
        let size = if standing == Standing::Framed { usize::MAX } else { node.descendant_count() };
        let place = node.start_byte().wrapping_sub(start);
        let hash = combine(combine(hash, place as u64), u64::from(node.kind_id()));
        combine(combine(hash, size as u64), standing as u64)
    })
}

/// `text`, which starts at `offset`, with the `comments` in it blanked out: words in comments
/// (a type named in a doc comment) name nothing the analysis reads.
fn code_of<'a>(text: &'a str, offset: usize, comments: &[Range<usize>]) -> std::borrow::Cow<'a, str> {
    if comments.is_empty() {
        return text.into();
    }
    let mut bytes = text.as_bytes().to_vec();
    for comment in comments {
        let (start, end) = (comment.start.saturating_sub(offset), comment.end.saturating_sub(offset).min(bytes.len()));
        bytes.get_mut(start..end).into_iter().flatten().for_each(|byte| *byte = b' ');
    }
    // Whole comments are blanked, so every character left is whole.
    String::from_utf8_lossy(&bytes).into_owned().into()
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

/// The braced field list of a Rust struct or union, whose fields are named.
fn fields_body(item: Node<'_>) -> Option<Node<'_>> {
    item.child_by_field_name("body").filter(|body| body.kind() == "field_declaration_list")
}

/// Whether a Python assignment is of a shape the type inference reads: a call (awaited or not)
/// on the right, or an annotation.
fn can_bind_a_type(assignment: Node<'_>) -> bool {
    let right = assignment.child_by_field_name("right");
    let call = right.map(|right| if right.kind() == "await" { right.named_child(0) } else { Some(right) });
    call.flatten().is_some_and(|value| value.kind() == "call") || assignment.child_by_field_name("type").is_some()
}

/// The name an assignment target binds, as the chunks reading it spell it: a variable's
/// name, or an attribute's last segment (`pool` of `self.pool`, `t3` of `self.check().t3`),
/// which every use of the attribute ends with, and whether it is an attribute, whose readers
/// spell its name after a dot. The analysis binds no other shape of target (a subscript, a
/// tuple: see `queries/python/bindings.scm`), so neither does the chunk.
fn bound_names(file: &SourceFile, target: Node<'_>) -> Option<(u64, bool)> {
    let target = match target.kind() {
        "as_pattern_target" => target.named_child(0).unwrap_or(target),
        _ => target,
    };
    let name = match target.kind() {
        "identifier" => target,
        "attribute" => target.child_by_field_name("attribute")?,
        _ => return None,
    };
    Some((name_key(file.node_text(name)), target.kind() == "attribute"))
}

fn assigns_self(file: &SourceFile, assignment: Node<'_>) -> bool {
    assignment.child_by_field_name("left").is_some_and(|left| file.node_text(left).starts_with("self."))
}

/// What a walk of a chunk's nodes finds besides definitions, in order.
#[derive(Default)]
struct Found {
    comments: Vec<Range<usize>>,
    /// The outermost argument lists (and Rust macro token trees): work sent elsewhere is named
    /// inside one.
    arguments: Vec<Range<usize>>,
}

/// Collects what the subtree under `cursor` defines, and what else the chunk needs `found`.
/// `function_depth` counts enclosing function bodies: assignments inside them bind local
/// variables, which no other chunk sees.
fn walk_definitions(
    file: &SourceFile,
    cursor: &mut tree_sitter::TreeCursor<'_>,
    chunk: &mut Chunk,
    found: &mut Found,
    function_depth: usize,
) {
    let node = cursor.node();
    if matches!(node.kind(), "comment" | "line_comment" | "block_comment") {
        found.comments.push(node.byte_range());
        return;
    }
    // A generator is a call's whole argument list in Python: `sum(work(x) for x in xs)`.
    let arguments = match node.kind() {
        "argument_list" | "arguments" | "token_tree" => true,
        "generator_expression" => node.parent().is_some_and(|parent| parent.kind() == "call"),
        _ => false,
    };
    if arguments && found.arguments.last().is_none_or(|outer| outer.end <= node.start_byte()) {
        found.arguments.push(node.byte_range());
    }
    let name = |field: &str| node.child_by_field_name(field).map(|name| name_key(file.node_text(name)));
    let text = file.node_text(node);
    let mut depth = function_depth;
    match node.kind() {
        // A Python decorator is part of what a definition means to its users (`@cuda.jit`
        // makes a kernel), though the tree puts it around the definition.
        "decorated_definition" => {
            let definition = node.child_by_field_name("definition");
            if let Some(definition) = definition
                && let Some(name) = definition.child_by_field_name("name")
            {
                let name = name_key(file.node_text(name));
                if definition.kind() == "function_definition" {
                    chunk.define_function(file, name, node, definition);
                } else {
                    chunk.define(name, text, Counts::First);
                }
            }
        }
        "function_definition" | "function_item" | "function_signature_item" => {
            if let Some(name) = name("name") {
                chunk.define_function(file, name, node, node);
            }
            depth += 1;
        }
        // Field types are kept by name, the first declaration winning; the analysis resolves
        // no other use of a type's own name. So a struct's own definition leaves its fields
        // out (each is defined by its own name): an edit to one changes only that field.
        "struct_item" | "union_item" if let Some(body) = fields_body(node) => {
            if let Some(name) = name("name") {
                let (head, tail) = (body.start_byte() - node.start_byte(), body.end_byte() - node.start_byte());
                chunk.define(name, &text[..head], Counts::First);
                chunk.define(name, &text[tail..], Counts::First);
            }
        }
        "class_definition" | "struct_item" | "enum_item" | "union_item" | "trait_item" | "mod_item"
        | "macro_definition" => {
            if let Some(name) = name("name") {
                chunk.define(name, text, Counts::First);
            }
        }
        "type_item" => {
            if let Some(name) = name("name") {
                chunk.define(name, text, Counts::FirstValue);
            }
        }
        // The analysis binds no variable from a Rust constant or static, so a part needs none;
        // like a type's, the first declaration still counts for the chunks naming it.
        "const_item" | "static_item" => {
            if let Some(name) = name("name") {
                chunk.define(name, text, Counts::First);
            }
        }
        "field_declaration" => {
            if let Some(name) = name("name") {
                chunk.define(name, text, Counts::Field);
                chunk.binds_globally = true;
            }
        }
        "import_statement"
        | "import_from_statement"
        | "future_import_statement"
        | "use_declaration"
        | "extern_crate_declaration" => {
            // Every identifier of an import may be a name it binds.
            for name in mentions(text) {
                chunk.define(name, text, Counts::Import);
            }
            chunk.binds_globally |= chunk.kind != ChunkKind::Import;
            chunk.global_bindings = fold_binding(chunk.global_bindings, text);
            return;
        }
        "attribute_item" | "inner_attribute_item" if may_build_a_runtime(file, node) => {
            chunk.placement_facts = fold_binding(chunk.placement_facts, text);
        }
        "scoped_identifier" if super::rust::matches::RUNTIME_BUILDERS.iter().any(|builder| text.ends_with(builder)) => {
            chunk.placement_facts = fold_binding(chunk.placement_facts, text);
        }
        "call" if node.child_by_field_name("function").is_some_and(|f| file.node_text(f).ends_with("Client")) => {
            chunk.placement_facts = fold_binding(chunk.placement_facts, text);
        }
        // Python variables outside functions, and `self` attributes (seen by the whole class,
        // whose methods may be other chunks), in the shapes that can give them a type (see
        // `queries/python/bindings.scm`): `x = 1` binds nothing another chunk could read.
        "assignment" if (depth == 0 || assigns_self(file, node)) && can_bind_a_type(node) => {
            let target = node.child_by_field_name("left").unwrap_or(node);
            if let Some((name, dotted)) = bound_names(file, target) {
                chunk.define_bound(name, text, variable_in(depth, chunk), dotted);
            }
        }
        "as_pattern_target" if depth == 0 || text.starts_with("self.") => {
            // `with Pool() as pool`: the value is what the binding means.
            let with_value = node.parent().map_or(text, |pattern| file.node_text(pattern));
            if let Some((name, dotted)) = bound_names(file, node) {
                chunk.define_bound(name, with_value, variable_in(depth, chunk), dotted);
            }
        }
        _ => {}
    }
    if cursor.goto_first_child() {
        loop {
            walk_definitions(file, cursor, chunk, found, depth);
            if !cursor.goto_next_sibling() {
                break;
            }
        }
        cursor.goto_parent();
    }
}
