//! Parsed source files: text plus a tree-sitter tree, immutable once built.
//!
//! A [`SourceFile`] is a snapshot: the language server builds a new one for each document
//! version (reusing the previous tree, so reparsing costs what the edit costs) and hands it to
//! analysis threads, which never see it change under them.
//!
//! A version analysed from a window around its edit ([`SourceFile::unparsed`]) gets its tree
//! only when something first asks for it: in a large file, tree-sitter's reparse after any
//! edit rebuilds much of the top level and costs milliseconds, which the diagnostics of an
//! edit analysed in part need not wait for.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use tree_sitter::{InputEdit, Node, ParseOptions, ParseState, Parser, Point, Tree};

use super::{Language, budget};

#[derive(Clone)]
pub struct SourceFile {
    language: Language,
    text: Arc<str>,
    tree: OnceLock<Tree>,
    /// For a file made without its tree ([`SourceFile::unparsed`]), the tree to parse it from.
    base: Option<Tree>,
    /// The parts of the text left out of the tree ([`SourceFile::try_parse_regions`]).
    omitted: Vec<Range<usize>>,
}

impl std::fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceFile").field("language", &self.language).field("len", &self.text.len()).finish()
    }
}

thread_local! {
    /// Parsers are reused per thread: creating one allocates, and parsing happens on every edit.
    static PARSERS: RefCell<[Option<Parser>; 2]> = const { RefCell::new([None, None]) };
}

impl SourceFile {
    /// Parses `text` from scratch.
    pub fn parse(language: Language, text: impl Into<Arc<str>>) -> SourceFile {
        Self::reparse(language, text, None)
    }

    /// Parses `text`, reusing `edited_old` where the text did not change. `edited_old` must be
    /// the previous tree with every edit since it was parsed applied through [`Tree::edit`].
    pub fn reparse(language: Language, text: impl Into<Arc<str>>, edited_old: Option<&Tree>) -> SourceFile {
        Self::try_parse(language, text, edited_old)
            .expect("parsing only halts inside a time budget (`budget::within`), which this caller did not set")
    }

    /// Like [`SourceFile::reparse`], but gives up (returning `None`) when the running
    /// [`super::budget`] says to stop.
    pub fn try_parse(language: Language, text: impl Into<Arc<str>>, edited_old: Option<&Tree>) -> Option<SourceFile> {
        let text = text.into();
        let tree = parse_clean(language, text.as_bytes(), edited_old, Halt::WithBudget)?;
        Some(SourceFile::with_tree(language, text, tree, Vec::new()))
    }

    /// Like [`SourceFile::try_parse`], but keeps the incremental tree even when it has syntax
    /// errors, though their recovery may then depend on the edits' history. For a caller that
    /// shows nothing a broken tree's analysis would give (see
    /// [`super::incremental::carried_over`]), or parses such a text again afresh.
    pub fn try_parse_incrementally(
        language: Language,
        text: impl Into<Arc<str>>,
        edited_old: Option<&Tree>,
    ) -> Option<SourceFile> {
        let text = text.into();
        let tree = with_parser(language, |parser| parse_within(parser, text.as_bytes(), edited_old, Halt::WithBudget))?;
        Some(SourceFile::with_tree(language, text, tree, Vec::new()))
    }

    fn with_tree(language: Language, text: Arc<str>, tree: Tree, omitted: Vec<Range<usize>>) -> SourceFile {
        SourceFile { language, text, tree: OnceLock::from(tree), base: None, omitted }
    }

    /// A version whose tree is parsed from `base` (an earlier version's tree with every edit
    /// since applied through [`Tree::edit`]) when first asked for. For a version analysed
    /// from a window around its edit, which parsed without errors there: the rest of the text
    /// is the earlier version's, which had none either ([`SourceFile::has_error`] answers so
    /// without parsing).
    pub fn unparsed(language: Language, text: Arc<str>, base: Tree) -> SourceFile {
        SourceFile { language, text, tree: OnceLock::new(), base: Some(base), omitted: Vec::new() }
    }

    /// Whether the tree has been parsed (always, but for [`SourceFile::unparsed`] versions not
    /// yet asked for it).
    pub fn is_parsed(&self) -> bool {
        self.tree.get().is_some()
    }

    /// A tree to parse this text again from, or parts of it: the tree if parsed, else the
    /// one it will be parsed from.
    pub fn reuse_tree(&self) -> Option<&Tree> {
        self.tree.get().or(self.base.as_ref())
    }

    /// Whether the tree has syntax errors; an [`SourceFile::unparsed`] version has none.
    pub fn has_error(&self) -> bool {
        match self.tree.get() {
            None if self.base.is_some() => false,
            _ => self.root().has_error(),
        }
    }

    /// `previous` under another copy of its own text (a text typed and taken back), its tree
    /// as it is.
    pub(crate) fn with_text(previous: &SourceFile, text: Arc<str>) -> SourceFile {
        debug_assert_eq!(previous.text(), &*text, "the text of the same tree");
        SourceFile { text, ..previous.clone() }
    }

    /// The next version of `previous` after `edit` (which turned its text into `text`), when
    /// that edit cannot change the syntax tree's shape (see
    /// [`super::incremental::edited_without_parsing`]): the previous tree with the edit applied,
    /// which tree-sitter keeps exact in every node's bytes and points.
    /// For a tree of some regions ([`SourceFile::try_parse_regions`]), the edit lies inside
    /// one of them, and the text left out moves with it.
    pub(crate) fn edited(previous: &SourceFile, text: Arc<str>, edit: &InputEdit) -> SourceFile {
        let mut tree = previous.tree().clone();
        tree.edit(edit);
        debug_assert!(!previous.omits_within(edit.start_byte..edit.old_end_byte), "an edit of text left out");
        let moved = |offset: usize| offset.max(edit.old_end_byte) - edit.old_end_byte + edit.new_end_byte;
        let omitted = previous
            .omitted
            .iter()
            .map(|range| match range {
                range if range.end <= edit.start_byte => range.clone(),
                range => moved(range.start)..moved(range.end),
            })
            .collect();
        SourceFile::with_tree(previous.language, text, tree, omitted)
    }

    /// Parses only `regions` of `text` (sorted, disjoint byte ranges that each start and end
    /// between top-level items), as if the rest were not there; nodes keep their offsets in the
    /// whole text. This is how a file is analysed in part (see [`super::chunks`]): the parser
    /// never reads what lies between the regions. `whole`, a tree of all of `text`, lets the
    /// parser take its subtrees that lie inside one region instead of parsing them again
    /// (tree-sitter treats the text left out as changed). `None` when the budget stops the
    /// parse.
    pub fn try_parse_regions(
        language: Language,
        text: impl Into<Arc<str>>,
        regions: &[Range<usize>],
        whole: Option<&Tree>,
    ) -> Option<SourceFile> {
        let text = text.into();
        // Points are counted onwards from the previous region, not from the start each time;
        // with a tree of the whole text, from its nearest node instead, which a large file's
        // last regions are far closer to than to its start.
        let (mut offset, mut point) = (0, Point::new(0, 0));
        let mut point_of = |target: usize| {
            let target = target.clamp(offset, text.len());
            point = match whole.and_then(|whole| point_near(whole, &text, target)) {
                Some(near) => near,
                None => advance(point, text.get(offset..target).unwrap_or_default()),
            };
            offset = target;
            point
        };
        let ranges: Vec<tree_sitter::Range> = regions
            .iter()
            .map(|region| tree_sitter::Range {
                start_byte: region.start,
                start_point: point_of(region.start),
                end_byte: region.end,
                end_point: point_of(region.end),
            })
            .collect();
        let tree = with_parser(language, |parser| {
            // Invalid ranges are refused by the parser; the caller then gets no file and
            // analyses the whole text instead.
            parser.set_included_ranges(&ranges).ok()?;
            let tree = parse_within(parser, text.as_bytes(), whole, Halt::WithBudget);
            // The parser is shared by the thread: later whole-file parses must see everything.
            parser.set_included_ranges(&[]).expect("an empty range list is always valid");
            tree
        })?;
        let mut omitted = Vec::new();
        let mut end = 0;
        for region in regions.iter().chain([&(text.len()..text.len())]) {
            if region.start > end {
                omitted.push(end..region.start);
            }
            end = end.max(region.end);
        }
        Some(SourceFile::with_tree(language, text, tree, omitted))
    }

    /// Whether part of the text between `range.start` and `range.end` was left out of the tree
    /// (see [`SourceFile::try_parse_regions`]). Code that reasons about what is, or is not, among
    /// a file's top-level statements must ask: the tree alone does not show what was left out.
    pub fn omits_within(&self, range: Range<usize>) -> bool {
        self.omitted.iter().any(|omitted| omitted.start < range.end && range.start < omitted.end)
    }

    /// How many bytes of the text the tree holds (all but what [`SourceFile::try_parse_regions`]
    /// left out).
    pub fn parsed_len(&self) -> usize {
        self.text.len() - self.omitted.iter().map(Range::len).sum::<usize>()
    }

    pub fn language(&self) -> Language {
        self.language
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn shared_text(&self) -> &Arc<str> {
        &self.text
    }

    /// The syntax tree, parsed now if this version was made [`SourceFile::unparsed`]. That
    /// parse is not stopped by a running [`budget`]: it reuses the base tree wherever the
    /// edits since left it alone, and a version that waits for it was analysed already.
    pub fn tree(&self) -> &Tree {
        self.tree.get_or_init(|| {
            parse_clean(self.language, self.text.as_bytes(), self.base.as_ref(), Halt::Never)
                .expect("a parse without a progress callback never halts")
        })
    }

    pub fn root(&self) -> Node<'_> {
        self.tree().root_node()
    }

    /// The text a node spans. Node boundaries always fall on UTF-8 boundaries because the
    /// parser reads the text as UTF-8.
    pub fn node_text(&self, node: Node<'_>) -> &str {
        &self.text[node.byte_range()]
    }

    /// The byte range of the line holding `offset`, without its line terminator.
    pub fn line_range(&self, offset: usize) -> Range<usize> {
        let bytes = self.text.as_bytes();
        let offset = offset.min(bytes.len());
        let start = bytes[..offset].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let end = bytes[offset..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| offset + i);
        let end = if end > start && bytes[end - 1] == b'\r' { end - 1 } else { end };
        start..end
    }

    /// The leading whitespace of the line holding `offset`.
    pub fn indentation_at(&self, offset: usize) -> &str {
        let line = &self.text[self.line_range(offset)];
        &line[..line.len() - line.trim_start().len()]
    }
}

/// One parse, which stops when the running [`budget`] says so if `halt` lets it.
fn parse_within(parser: &mut Parser, bytes: &[u8], old: Option<&Tree>, halt: Halt) -> Option<Tree> {
    let mut read = |offset: usize, _: Point| bytes.get(offset..).unwrap_or_default();
    let mut progress = |_: &ParseState| budget::should_stop();
    let options = match halt {
        Halt::WithBudget => Some(ParseOptions::new().progress_callback(&mut progress)),
        Halt::Never => None,
    };
    let tree = parser.parse_with_options(&mut read, old, options);
    if tree.is_none() {
        // A halted parser resumes its old work on the next call unless reset.
        parser.reset();
    }
    tree
}

/// Whether a parse stops when the running [`budget`] says so.
#[derive(Clone, Copy)]
enum Halt {
    WithBudget,
    /// For a tree asked for after its version was analysed ([`SourceFile::tree`]).
    Never,
}

/// Parses `bytes` from `old`, and again afresh when that gives syntax errors: error recovery
/// may differ between an incremental and a fresh parse of the same broken text (tree-sitter
/// reuses old error nodes; fuzzing found such a case), and what the user sees must never
/// depend on the edits' history. Clean trees, the common case while not typing, keep the
/// fast path.
fn parse_clean(language: Language, bytes: &[u8], old: Option<&Tree>, halt: Halt) -> Option<Tree> {
    let tree = with_parser(language, |parser| parse_within(parser, bytes, old, halt))?;
    if old.is_some() && tree.root_node().has_error() {
        return with_parser(language, |parser| parse_within(parser, bytes, None, halt));
    }
    Some(tree)
}

/// Runs `parse` with this thread's parser for `language`, creating it on first use.
fn with_parser<T>(language: Language, parse: impl FnOnce(&mut Parser) -> Option<T>) -> Option<T> {
    PARSERS.with_borrow_mut(|parsers| {
        let parser = parsers[language as usize].get_or_insert_with(|| {
            let mut parser = Parser::new();
            parser
                .set_language(&language.grammar())
                .expect("the bundled grammars match the tree-sitter version we link");
            parser
        });
        parse(parser)
    })
}

/// The nearest proper ancestor of `node` whose kind is one of `kinds`.
pub fn ancestor<'tree>(node: Node<'tree>, kinds: &[&str]) -> Option<Node<'tree>> {
    let mut current = node.parent();
    while let Some(candidate) = current {
        if kinds.contains(&candidate.kind()) {
            return Some(candidate);
        }
        current = candidate.parent();
    }
    None
}

/// Describes replacing `range` of `old_text` with `new_text`, in the form tree-sitter needs to
/// keep an old tree usable for incremental parsing.
pub fn input_edit(old_text: &str, range: Range<usize>, new_text: &str) -> InputEdit {
    edit_between(point_at(old_text, range.start), point_at(old_text, range.end), range, new_text)
}

/// [`input_edit`] for the text `tree` is a tree of (edited along with it, or parsed from it):
/// its points read from the tree's nearest nodes rather than counted from the start of the
/// text, which in a large file costs more than the rest of a keystroke in a comment.
pub fn input_edit_in(tree: &Tree, old_text: &str, range: Range<usize>, new_text: &str) -> InputEdit {
    let point = |byte: usize| point_near(tree, old_text, byte).unwrap_or_else(|| point_at(old_text, byte));
    edit_between(point(range.start), point(range.end), range, new_text)
}

fn edit_between(start_position: Point, old_end_position: Point, range: Range<usize>, new_text: &str) -> InputEdit {
    let new_end_position = advance(start_position, new_text);
    InputEdit {
        start_byte: range.start,
        old_end_byte: range.end,
        new_end_byte: range.start + new_text.len(),
        start_position,
        old_end_position,
        new_end_position,
    }
}

/// Tree-sitter points count rows by `\n` and columns in bytes.
fn point_at(text: &str, offset: usize) -> Point {
    advance(Point::new(0, 0), &text[..offset])
}

/// The point of `byte` in `text`, read from the nearest node of `tree` (a tree of all of
/// `text`) that ends after it: counted on from its start when the node holds the byte, back
/// from it when the byte lies in the gap before, or on from the root's end past every node
/// (typing at the end of a file). `None` only when `byte` is not on a character boundary.
fn point_near(tree: &Tree, text: &str, byte: usize) -> Option<Point> {
    let root = tree.root_node();
    if byte >= root.end_byte() {
        return Some(advance(root.end_position(), text.get(root.end_byte()..byte)?));
    }
    let mut cursor = tree.walk();
    while cursor.node().start_byte() < byte && cursor.goto_first_child_for_byte(byte).is_some() {}
    let node = cursor.node();
    let start = node.start_byte();
    if start <= byte {
        return Some(advance(node.start_position(), text.get(start..byte)?));
    }
    let gap = text.get(byte..start)?.as_bytes();
    let row = node.start_position().row.checked_sub(memchr::memchr_iter(b'\n', gap).count())?;
    let column = byte - text.get(..byte)?.rfind('\n').map_or(0, |newline| newline + 1);
    Some(Point::new(row, column))
}

/// The largest character boundary at or before `offset`, which is clamped to the text (what
/// `str::floor_char_boundary` does, stable only since Rust 1.91, after this crate's minimum).
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The smallest character boundary at or after `offset`, which is clamped to the text.
pub fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

fn advance(from: Point, text: &str) -> Point {
    match text.rfind('\n') {
        // Counted with `memchr`: a region's point is counted from the start of a large file.
        Some(last) => Point::new(from.row + memchr::memchr_iter(b'\n', text.as_bytes()).count(), text.len() - last - 1),
        None => Point::new(from.row, from.column + text.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tests::nodes;

    fn sexp(file: &SourceFile) -> String {
        file.root().to_sexp()
    }

    #[test]
    fn offsets_snap_to_character_boundaries() {
        assert_eq!(floor_char_boundary("aж", 2), 1);
        assert_eq!(floor_char_boundary("aж", 99), 3);
        assert_eq!(ceil_char_boundary("aж", 2), 3);
        assert_eq!(ceil_char_boundary("aж😴", 4), 7);
        assert_eq!(ceil_char_boundary("aж", 99), 3);
    }

    #[test]
    fn incremental_reparse_matches_a_fresh_parse() {
        let before = "async def main():\n    time.sleep(1)  # сон 😴\n";
        let file = SourceFile::parse(Language::Python, before);
        let range = before.find("1)").unwrap()..before.find("1)").unwrap() + 1;
        let replacement = "delay * 2";
        let mut after = before.to_owned();
        after.replace_range(range.clone(), replacement);

        let mut edited = file.tree().clone();
        edited.edit(&input_edit(before, range, replacement));
        let incremental = SourceFile::reparse(Language::Python, after.as_str(), Some(&edited));
        let fresh = SourceFile::parse(Language::Python, after.as_str());
        assert_eq!(sexp(&incremental), sexp(&fresh));
        assert!(!incremental.root().has_error());
    }

    #[test]
    fn regions_parsed_out_of_the_whole_tree_match_a_fresh_parse() {
        let python = "import os

class Pool:
    \"Пул 😀.\"
    def a(self):
        return 1

    async def b(self):
        await c()

x = 1

def d():
    pass
";
        let rust = "use std::sync::Mutex;

impl Pool {
    fn a(&self) {}
    // ж
    async fn b(&self) { c().await; }
}

const X: u8 = 1;

fn d() {}
";
        for (language, text, regions) in [
            // The import, the class head with its second method and end, and the last function.
            (
                Language::Python,
                python,
                vec![("import", "\nclass"), ("class", "    \"Пул"), ("    async", "x = 1"), ("def d", "")],
            ),
            (Language::Rust, rust, vec![("impl", "    fn a"), ("    // ж", "const"), ("fn d", "")]),
        ] {
            let at = |marker: &str| if marker.is_empty() { text.len() } else { text.find(marker).unwrap() };
            let regions: Vec<Range<usize>> = regions.iter().map(|(start, end)| at(start)..at(end)).collect();
            let whole = SourceFile::parse(language, text);
            let reused = SourceFile::try_parse_regions(language, text, &regions, Some(whole.tree())).unwrap();
            let fresh = SourceFile::try_parse_regions(language, text, &regions, None).unwrap();
            assert!(!fresh.root().has_error(), "{}", sexp(&fresh));
            assert_eq!(nodes(&reused), nodes(&fresh), "{language:?}");
            assert_ne!(nodes(&reused), nodes(&whole), "{language:?}: the part leaves items out");
        }
    }

    /// Points read from the tree are the points counted from the start, wherever the edit
    /// falls (inside a token, in the blank lines between items, at the end, across `\r\n`),
    /// also for a tree that earlier edits were applied to rather than parsed.
    #[test]
    fn edits_read_their_points_from_the_tree() {
        let python =
            "import os\r\n\nclass Pool:\n    \"Пул 😀.\"\n    def a(self):\n        return 1  # ж\n\n\nx = 1\n\n";
        let rust = "use std::sync::Mutex;\n\nimpl Pool {\n    // ж 😀\n    fn a(&self) {}\n}\n\n\nfn d() {}\n";
        for (language, original) in [(Language::Python, python), (Language::Rust, rust)] {
            let (mut text, mut tree) = (original.to_owned(), SourceFile::parse(language, original).tree().clone());
            let boundaries: Vec<usize> = (0..=original.len()).filter(|&at| original.is_char_boundary(at)).collect();
            for &at in &boundaries {
                let end = boundaries.iter().copied().find(|&end| end >= at + 3).unwrap_or(at);
                for range in [at..at, at..end] {
                    assert_eq!(
                        input_edit_in(&tree, &text, range.clone(), "ab\nc"),
                        input_edit(&text, range.clone(), "ab\nc"),
                        "{language:?} at {range:?}"
                    );
                }
            }
            // Edited, not parsed again: the tree's points still match the text.
            for (from, to) in [("Pool", "Pools\n"), ("\n\n\n", "\n"), ("a(", "ab(")] {
                let at = text.find(from).unwrap();
                let edit = input_edit_in(&tree, &text, at..at + from.len(), to);
                assert_eq!(edit, input_edit(&text, at..at + from.len(), to), "{language:?} {from:?}");
                tree.edit(&edit);
                text.replace_range(at..at + from.len(), to);
                let last = text.rfind('\n').unwrap();
                assert_eq!(input_edit_in(&tree, &text, last..last, "y"), input_edit(&text, last..last, "y"));
            }
        }
    }

    #[test]
    fn points_count_rows_and_byte_columns() {
        let edit = input_edit("ab\nпр\n", 5..5, "x\nyz");
        assert_eq!(edit.start_position, Point::new(1, 2));
        assert_eq!(edit.new_end_position, Point::new(2, 2));
        assert_eq!(edit.new_end_byte, 9);
    }

    #[test]
    fn line_range_excludes_terminators() {
        let file = SourceFile::parse(Language::Python, "a = 1\r\nb = 2\n");
        assert_eq!(file.line_range(8), 7..12);
        assert_eq!(file.line_range(0), 0..5);
        assert_eq!(file.indentation_at(0), "");
    }
}
