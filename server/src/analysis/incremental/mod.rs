//! Re-analysis after an edit that costs what the edit touches, not what the file holds.
//!
//! The previous version's results are kept for every chunk the edit cannot reach (see
//! [`super::chunks`], and `select.rs` for which chunks an edit reaches), moved by the edit's
//! change of length; only the reached chunks are analysed again, on a tree parsed from just
//! them and their context. Whenever that shortcut could differ from analysing the whole file,
//! the whole file is analysed instead: an edit to an import inside code that reaches past
//! it, to a glob import or Python's last import, to an import together with other code, or to
//! what places tokio tasks or Dask work (a runtime attribute or builder, a client, an import
//! binding one), a change in the file's top-level layout, syntax errors, a
//! catalogue name appearing or disappearing where that decides whether the file can have
//! results at all, a missing main guard appearing, or results that straddle chunks. When a
//! chunk analysed again turns out to send work into a chunk the selection left alone (a
//! variable it reads names a pool since the edit), the part is analysed once more with that
//! chunk analysed again too (`Declined::SendsInto`).
//!
//! An edit inside one comment, in either language, needs no analysis at all (`comment.rs`).
//! A version with syntax errors shows the last clean version's results, moved (`carry.rs`).
//! An edit to imports (top-level ones, or one inside code) analyses again the chunks naming a
//! name whose binding changed, and every finding with a fix (fixes spell the imports); one to
//! struct fields, the chunks naming a field whose declaration changed. The part binds those
//! names again itself, from every import or declaration of them, which it holds as each
//! spells its name, and takes the rest from the whole file's names. A test applies random
//! edits to every program of the repository and compares each result with a whole-file
//! analysis, and the chunks with a fresh cut, in both languages. Python classes, like Rust
//! `impl` blocks, are cut into their members, so an edit to a method re-analyses that
//! method, and an edit to the block's head or end re-analyses the block.
//!
//! Only the top-level items around the edit are cut into chunks again (`resplit`); the rest of
//! the top level is compared node by node with the previous version's, through what the depth
//! check learnt of both ([`Reach`]), so that neither tree's top level is walked. The part is
//! parsed out of the whole new tree, whose subtrees inside the regions the parser takes as
//! they are.
//!
//! The language server goes further ([`analyze_in_window`]): it does not parse the whole new
//! tree before the diagnostics, since in a large file tree-sitter's reparse after any edit
//! costs milliseconds (it rebuilds much of a long top level). A window around the edit is
//! parsed alone instead: the edited chunks, a neighbour on each side, and for a member the
//! head, first and last members and end of its block. The window's items must start where
//! the previous version's did, and the chunks around the edited ones must have the shape they
//! had ([`chunks::shape_of`]); the part is checked against the chunks' shapes in the same
//! way. The server parses the whole tree later, when the user pauses. The window's tree is
//! kept ([`WindowTree`]): when the next edit only types inside a comment it vouches for, that
//! edit is analysed from it with nothing parsed ([`within_comment_of_window`]).

mod carry;
mod change;
mod comment;
mod probes;

pub use carry::carried_over;
pub use change::{Change, Same};
pub use comment::{edited_without_parsing, within_comment_of_window};
pub use select::DefinerIndex;
pub(crate) mod select;

use std::cell::OnceCell;
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use tree_sitter::Node;

use super::chunks::{self, Chunk, ChunkKind, NameSet, Spans, Standing};
use super::depth::Reach;
use super::names::{Names, Rebound};
use super::{FileAnalysis, Finding, Language, Section, SourceFile, analyze, prescan, rust};

/// The analysed previous version of a file, its chunks, what the depth check learnt of its
/// top level, and how its text became the new version's.
pub struct Previous<'a> {
    pub file: &'a SourceFile,
    pub analysis: &'a FileAnalysis,
    pub chunks: &'a [Chunk],
    /// Who defines what among its chunks, made on first use if not made yet.
    pub definers: &'a OnceLock<DefinerIndex>,
    /// What the depth check learnt of it: an analysis from a window ([`analyze_in_window`])
    /// needs none.
    pub reach: Option<&'a Reach>,
    /// The difference from its text to the new version's ([`Change::between`]).
    pub change: &'a Change,
}

/// How the analysis of a new version was made, for tests and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reuse {
    /// Analysed whole: the first version, or an edit the shortcut cannot handle, for the
    /// reason given.
    Whole(&'static str),
    /// Only `analysed` of `chunks` chunks were analysed again, on a tree of `parsed` bytes.
    Partial { analysed: usize, chunks: usize, parsed: usize },
    /// Only the inside of a comment changed: every previous result was moved, none redone.
    CommentOnly,
    /// The same, read off the window tree the previous version kept
    /// ([`within_comment_of_window`]): nothing was parsed.
    CommentInWindow,
    /// The text is the previous version's (a typo typed and taken back): every result stands.
    Unchanged,
}

/// Analyses `file`, reusing `previous` where the edit between them cannot change the result.
/// `reach` is what the depth check learnt of `file` ([`super::depth::check`]): the edit's checks
/// compare the top level outside the edit through it, without walking either tree.
pub fn analyze_edited(
    file: &SourceFile,
    reach: &Reach,
    previous: Option<Previous<'_>>,
) -> (FileAnalysis, Vec<Chunk>, Reuse) {
    let (analysis, cut, reuse) = analyze_edited_uncut(file, reach, previous);
    (analysis, cut.unwrap_or_else(|| chunks::split(file)), reuse)
}

/// [`analyze_edited`], but without cutting the whole file into chunks (`None`) when the
/// analysis did not cut them on its way: only the next edit needs them, so the server cuts
/// them after publishing the diagnostics ([`chunks::split`]).
pub fn analyze_edited_uncut(
    file: &SourceFile,
    reach: &Reach,
    previous: Option<Previous<'_>>,
) -> (FileAnalysis, Option<Vec<Chunk>>, Reuse) {
    // The chunks cut again around the edit, once that got done: they are the whole file's
    // chunks (the rest kept, moved), whatever sends the analysis itself to the whole file.
    let mut cut = None;
    let why = match previous {
        Some(previous) => match try_reuse(file, Seen::Whole(reach), &previous, &mut cut) {
            Ok((analysis, chunks, reuse)) => return (analysis, Some(chunks), reuse),
            Err(why) => why,
        },
        None => "first version",
    };
    (analyze(file), cut, Reuse::Whole(why))
}

/// How much of the new version's tree the analysis of an edit may read.
#[derive(Clone, Copy)]
enum Seen<'a> {
    /// All of it, with what the depth check learnt of it.
    Whole(&'a Reach),
    /// Only a window around the edit ([`analyze_in_window`]); the file's own tree is not
    /// parsed, and nothing here asks for it but what rare edits need (a runtime's builder
    /// edited).
    Window(&'a Window),
}

/// The most bytes a window around an edit in `text` should hold, for a caller that takes the
/// whole file's reparse when the window would cost more ([`analyze_in_window`]'s `largest`).
/// A window parses at about 6 MB/s, twice when the edit may lie in a comment; the reparse
/// costs about 2.8 ms per MB of Rust and 0.5 ms per MB of Python (measured on the
/// benchmark's 50,000-line files), so a window pays off up to about 1/64 of a Rust file and
/// 1/512 of a Python one.
pub fn largest_window(language: Language, text: &str) -> usize {
    let share = match language {
        Language::Rust => 64,
        Language::Python => 512,
    };
    text.len() / share
}

/// A window around an edit, parsed alone: the edited chunks, a chunk on either side, and for
/// members of a framed block, the block's head, first and last members and closing chunk.
struct Window {
    file: SourceFile,
    /// The previous version's chunks the window holds, in order, the edited ones included.
    chunks: Vec<usize>,
}

/// [`analyze_edited_uncut`] for a version made [`SourceFile::unparsed`], from a window of it
/// around the edit instead of its whole tree. In a large file that tree costs milliseconds
/// to parse again after any edit (tree-sitter rebuilds much of a long top level), while the
/// window costs what the edited chunks hold. `Err` says why the window could not tell (syntax
/// errors in it, an edit reaching past it, anything the analysis in part sends whole): the
/// caller then parses the whole file and calls [`analyze_edited_uncut`]. A window of more
/// than `largest` bytes (of the previous version's chunks) is not parsed: tree-sitter takes
/// nothing of an old tree into a parse of regions, so a window costs a parse of its bytes,
/// while the whole file's reparse takes its unchanged subtrees as they are (a 40 KB macro
/// invocation parses in 6 ms, the reparse of its 10,000-line file in 2.4 ms).
///
/// What rests on the window: the previous version parsed without errors, and the text
/// outside the window is its text. A window starts and ends between top-level items (or a
/// block's members) of that version; when it parses without errors, and its items start
/// where that version's did around the edited ones, a parse of the whole text goes through
/// the same states there, and reads the rest as before (the depth check relies on the same).
pub fn analyze_in_window(file: &SourceFile, previous: &Previous<'_>, largest: usize) -> Result<InWindow, &'static str> {
    if previous.file.language() != file.language() || previous.file.has_error() {
        return Err("syntax errors");
    }
    let change = previous.change;
    if change.old.is_empty() && change.new.is_empty() {
        let (analysis, chunks, reuse) = unchanged(previous)?;
        return Ok(InWindow { analysis, chunks, reuse, window: None });
    }
    let (first, last) = edited_span(previous.chunks, change)?;
    let window = parse_window(file, previous.chunks, (first, last), change, largest)?;
    if window.file.root().has_error() {
        return Err("syntax errors");
    }
    if super::depth::too_deep(&window.file).is_some() {
        return Err("too deep");
    }
    let (analysis, chunks, reuse) = try_reuse(file, Seen::Window(&window), previous, &mut None)?;
    // The analysis in part checks every chunk of the window besides the edited ones (their
    // starts and shapes); the comment check looks at the edited comment alone.
    let vouched = match reuse {
        Reuse::Partial { .. } => Some(0..file.text().len()),
        Reuse::CommentOnly => comment::comment_range(&window.file, change.new.clone()),
        Reuse::Whole(_) | Reuse::Unchanged | Reuse::CommentInWindow => None,
    };
    let window = vouched.map(|vouched| WindowTree { file: window.file, vouched });
    Ok(InWindow { analysis, chunks, reuse, window })
}

/// What [`analyze_in_window`] gives.
pub struct InWindow {
    pub analysis: FileAnalysis,
    pub chunks: Vec<Chunk>,
    pub reuse: Reuse,
    /// The window's tree, for the next edit: when that one only types inside a comment the
    /// tree vouches for, it needs nothing else ([`within_comment_of_window`]).
    pub window: Option<WindowTree>,
}

/// The tree of a window around an edit (of the new text, its regions alone), and where it is
/// known to show what the whole tree would.
#[derive(Clone, Debug)]
pub struct WindowTree {
    file: SourceFile,
    /// The bytes it vouches for: all it holds, once the analysis in part checked each of its
    /// chunks; after an edit the comment check took, that comment alone.
    vouched: Range<usize>,
}

impl WindowTree {
    /// The same tree under another copy of its text (a text typed and taken back).
    pub fn with_text(&self, text: std::sync::Arc<str>) -> WindowTree {
        WindowTree { file: SourceFile::with_text(&self.file, text), vouched: self.vouched.clone() }
    }
}

fn try_reuse(
    file: &SourceFile,
    seen: Seen<'_>,
    previous: &Previous<'_>,
    cut: &mut Option<Vec<Chunk>>,
) -> Result<(FileAnalysis, Vec<Chunk>, Reuse), &'static str> {
    if previous.file.language() != file.language() || file.has_error() || previous.file.has_error() {
        return Err("syntax errors");
    }
    let change = previous.change;
    if change.old.is_empty() && change.new.is_empty() {
        return unchanged(previous);
    }
    let span = edited_span(previous.chunks, change)?;
    let around = PreviousTree { seen, previous, span, window: OnceCell::new() };
    let comment = match seen {
        Seen::Whole(_) => comment::within_comment(file, previous, change),
        // Without the previous tree, only when the line has a comment marker before the edit
        // at all: the window of the previous text costs a parse.
        Seen::Window(window)
            if previous.file.is_parsed() || after_a_comment_marker(previous.file, change.old.start) =>
        {
            around
                .tree()
                .and_then(|old| comment::within_comment(&window.file, &Previous { file: old, ..*previous }, change))
        }
        Seen::Window(_) => Err("not inside a comment"),
    };
    comment.or_else(|_| try_partial(file, seen, (previous, &around), change, cut))
}

/// The previous version's tree around the edited chunks `span`, for the few checks that
/// read it: its whole tree, unless the analysis has only a window of the new one and the
/// previous whole tree is not parsed either; then the same window of the previous text,
/// parsed when first asked for.
struct PreviousTree<'a> {
    seen: Seen<'a>,
    previous: &'a Previous<'a>,
    span: (usize, usize),
    window: OnceCell<Option<Window>>,
}

impl PreviousTree<'_> {
    fn tree(&self) -> Result<&SourceFile, &'static str> {
        let previous = self.previous;
        if matches!(self.seen, Seen::Whole(_)) || previous.file.is_parsed() {
            return Ok(previous.file);
        }
        let unchanged = Change::none();
        let window = self
            .window
            .get_or_init(|| parse_window(previous.file, previous.chunks, self.span, &unchanged, usize::MAX).ok());
        window.as_ref().map(|window| &window.file).ok_or("region parse stopped")
    }
}

/// Whether the line holding `offset` has a line comment's marker before it: the only place
/// an edit inside a comment can be, but for a block comment (which a parsed tree finds).
fn after_a_comment_marker(file: &SourceFile, offset: usize) -> bool {
    // The bytes compared may differ inside a character.
    let offset = super::source::floor_char_boundary(file.text(), offset);
    let line = &file.text()[file.line_range(offset).start..offset];
    match file.language() {
        Language::Python => line.contains('#'),
        Language::Rust => line.contains("//") || line.contains("/*") || line.trim_start().starts_with('*'),
    }
}

/// The previous version's results, for the same text again.
fn unchanged(previous: &Previous<'_>) -> Result<(FileAnalysis, Vec<Chunk>, Reuse), &'static str> {
    let names = previous.analysis.names.moved(|_| true, |range| Some(range.clone())).ok_or("names not copied")?;
    let FileAnalysis { sections, findings, placement, .. } = previous.analysis;
    let analysis =
        FileAnalysis { sections: sections.clone(), findings: findings.clone(), names, placement: *placement };
    Ok((analysis, previous.chunks.to_vec(), Reuse::Unchanged))
}

/// The first and last of `chunks` that `change` touches, ends included (an insertion at a
/// boundary may belong to either side), widened to whole blocks when it touches a block's
/// head or closing chunk: its members read the head (the `Self` type, the class), and the
/// block may be cut into members differently.
fn edited_span(chunks: &[Chunk], change: &Change) -> Result<(usize, usize), &'static str> {
    // Chunks partition the text, in order.
    let first = chunks.partition_point(|chunk| chunk.range.end < change.old.start);
    let last = chunks.partition_point(|chunk| chunk.range.start <= change.old.end).checked_sub(1).ok_or("no chunk")?;
    if first > last {
        return Err("no chunk");
    }
    if !(first..=last).any(|index| chunks[index].kind == ChunkKind::Frame) {
        return Ok((first, last));
    }
    let block = |index: usize| {
        let chunk = &chunks[index];
        (chunk.framed || chunk.kind == ChunkKind::Frame).then(|| chunks::frame_of(chunks, index))
    };
    Ok((block(first).map_or(first, |(head, _)| head), block(last).map_or(last, |(_, close)| close)))
}

/// Parses the window around the edited chunks `first..=last` of the previous version (see
/// [`Window`]) out of `file`'s text: a neighbour on each side lets the cut check where the
/// edited items end and the next begins, and a block's head, first and last members and
/// closing chunk let its members parse as they do inside it.
fn parse_window(
    file: &SourceFile,
    chunks: &[Chunk],
    (first, last): (usize, usize),
    change: &Change,
    largest: usize,
) -> Result<Window, &'static str> {
    let mut held = std::collections::BTreeSet::new();
    held.extend(first..=last);
    // A block's head, first and last members and closing chunk: enough for it to parse as a
    // block, and to end where it ends.
    let hold_block = |held: &mut std::collections::BTreeSet<usize>, index: usize| {
        let (head, close) = chunks::frame_of(chunks, index);
        held.extend([head, head + 1, close - 1, close].into_iter().filter(|&at| head <= at && at <= close));
    };
    let neighbours = [first.checked_sub(1), Some(last + 1).filter(|&next| next < chunks.len())];
    if chunks[first].framed {
        // Members of one block (an edited head or closing chunk takes the whole block).
        hold_block(&mut held, first);
        held.extend(neighbours.into_iter().flatten().filter(|&at| chunks[at].framed));
    } else {
        for neighbour in neighbours.into_iter().flatten() {
            match &chunks[neighbour] {
                chunk if chunk.framed || chunk.kind == ChunkKind::Frame => hold_block(&mut held, neighbour),
                _ => {
                    held.insert(neighbour);
                }
            }
        }
    }
    let replaced_end = chunks[last].range.end.checked_add_signed(change.delta).ok_or("no chunk")?;
    // A window costs a parse of its bytes (tree-sitter takes nothing of an old tree into a
    // parse of regions): see `largest`.
    let held_len: usize = held.iter().map(|&index| chunks[index].range.len()).sum();
    if held_len > largest {
        return Err("window too large for the file");
    }
    let mut regions: Vec<Range<usize>> = Vec::new();
    for &index in &held {
        let range = match index {
            index if index < first => chunks[index].range.clone(),
            index if index > last => chunks[index].shifted(change.delta).range.clone(),
            index if index == first => chunks[first].range.start..replaced_end,
            _ => continue,
        };
        match regions.last_mut() {
            Some(region) if region.end == range.start => region.end = range.end,
            _ => regions.push(range),
        }
    }
    let parsed =
        SourceFile::try_parse_regions(file.language(), file.shared_text().clone(), &regions, file.reuse_tree())
            .ok_or("region parse stopped")?;
    Ok(Window { file: parsed, chunks: held.into_iter().collect() })
}

/// `cut` gets the new chunks as soon as they are cut, for a whole analysis to keep if the
/// analysis in part gives up later.
fn try_partial(
    file: &SourceFile,
    seen: Seen<'_>,
    (previous, around): (&Previous<'_>, &PreviousTree<'_>),
    change: &Change,
    cut: &mut Option<Vec<Chunk>>,
) -> Result<(FileAnalysis, Vec<Chunk>, Reuse), &'static str> {
    let old_chunks = previous.chunks;
    let (first, last) = around.span;
    let replaced = old_chunks[first].range.start..old_chunks[last].range.end;
    let replacement = replaced.start..replaced.end.checked_add_signed(change.delta).ok_or("no chunk")?;
    // The tree that holds the edited code: the whole one, or the window's.
    let edited_tree = match seen {
        Seen::Whole(_) => file,
        Seen::Window(window) => &window.file,
    };

    let resplit = match seen {
        Seen::Whole(reach) => resplit(file, (reach, previous.reach), old_chunks, (first, last), change, &replacement),
        Seen::Window(window) => resplit_window(window, old_chunks, (first, last), change, &replacement),
    };
    let new_chunks: &[Chunk] = cut.insert(resplit.ok_or("top-level layout changed")?);
    let edited_count = new_chunks.len() + (last - first + 1) - old_chunks.len();
    let edited: Vec<usize> = (first..first + edited_count).collect();
    // Not imports, and only when the file-wide bindings inside the chunks (a local `use`, a
    // struct's fields) stayed as they were.
    let edited_chunks: Vec<&Chunk> = edited.iter().map(|&index| &new_chunks[index]).collect();
    let replaced_chunks = &old_chunks[first..=last];
    // Whole blocks only: a block with its head or closing chunk outside would keep members cut
    // for what the block was.
    let whole_blocks = |chunks: &[Chunk], span: Range<usize>| {
        span.clone().filter(|&index| chunks[index].kind == ChunkKind::Frame).all(|index| {
            let (head, close) = chunks::frame_of(chunks, index);
            span.contains(&head) && span.contains(&close)
        })
    };
    if !whole_blocks(old_chunks, first..last + 1) || !whole_blocks(new_chunks, first..first + edited_count) {
        return Err("head or end of an impl, trait or module edited");
    }
    // An edit to an import inside code (a `use` in a function or module body) is an edit to
    // imports, when it stays inside that one import.
    let one_import = names_an_import(file.language(), &previous.file.text()[replaced.clone()])
        && within_one_import(around.tree()?, edited_tree, change);
    if chunks::bindings_of(replaced_chunks) != chunks::bindings_of(edited_chunks.iter().copied()) && !one_import {
        return Err("file-wide bindings edited");
    }
    // An edited struct field changes what `self.field` resolves to in the chunks naming it,
    // whichever struct they belong to.
    let fields_edited = chunks::fields_changed(replaced_chunks, &edited_chunks);
    let imports_edited =
        one_import || imports_edited(file, previous, (first, last), new_chunks, first..first + edited_count)?;
    // The names an edit to imports bound anew, which the selection follows.
    let rebound = match imports_edited {
        true => Some(rebound_names(
            (previous.file, previous.chunks, first..last + 1),
            (file, new_chunks, first..first + edited_count),
        )?),
        false => None,
    };

    // File-wide facts must stay as they were: how sections are placed, and which catalogue
    // names the file spells out (resolution and several rules read the whole text). The
    // chunks' summaries tell cheaply when the first may have changed (an attribute or builder
    // that may build a runtime edited); then the edited code's runtimes are read.
    let edited_span = new_chunks[first].range.start..new_chunks[first + edited_count - 1].range.end;
    if chunks::placement_facts_of(replaced_chunks) != chunks::placement_facts_of(edited_chunks.iter().copied())
        && !runtimes_kept(
            previous,
            (around.tree()?, matches!(seen, Seen::Whole(_)).then_some(file), edited_tree),
            (replaced.clone(), edited_span.clone()),
            (new_chunks, first..first + edited_count),
        )
    {
        return Err("placement facts edited");
    }
    // A call of Dask's client under another name is such a fact too, which the chunks' text
    // does not show.
    let mut aliases = previous.analysis.names.client_aliases().map(chunks::name_key);
    if aliases.any(|alias| {
        replaced_chunks.iter().chain(edited_chunks.iter().copied()).any(|chunk| chunk.mentions.contains(&alias))
    }) {
        return Err("placement facts edited");
    }
    // Names the edit spells that were not there before, and the other way round, read from the
    // text with its comments (the chunks' mentions leave comments out): the pre-scan reads
    // comments, and a module-level fix chooses its variable among the module's words.
    let (before, after) = (
        chunks::mentions(&previous.file.text()[replaced.clone()]),
        chunks::mentions(&file.text()[edited_span.clone()]),
    );
    let introduced: NameSet = after.iter().filter(|name| !before.contains(name)).copied().collect();
    let removed: NameSet = before.iter().filter(|name| !after.contains(name)).copied().collect();
    // The analysis itself never reads the literals: they only decide, through the pre-scan,
    // whether the file is analysed at all. Typing a catalogue name (`spawn`) in a file that
    // already matters changes nothing beyond the edited chunks.
    if names_a_literal(file.language(), introduced.iter().chain(&removed))
        && prescan::may_matter(file.language(), previous.file.text())
            != prescan::may_matter(file.language(), file.text())
    {
        return Err("catalogue name decides whether the file can have results");
    }
    let spans = (&previous.file.text()[replaced.clone()], &file.text()[edited_span]);
    if probes::presence_differs(file.language(), spans, (previous.file.text(), file.text())) {
        return Err("text the analysis searches for edited");
    }

    let edit = select::Edit {
        language: file.language(),
        old: old_chunks,
        new: new_chunks,
        replaced: first..last + 1,
        edited: first..first + edited_count,
    };
    let guard = crate::analysis::rules::python::missing_main_guard::RULE.code;
    let job = Selected {
        file,
        seen,
        previous,
        change,
        edit,
        before: previous.definers.get_or_init(|| DefinerIndex::of(old_chunks, true)),
        guard_reported: previous.analysis.findings.iter().any(|finding| finding.rule.code == guard),
        rebound: rebound.as_ref(),
        fields_edited: (!fields_edited.is_empty()).then_some(&fields_edited),
        words_changed: !introduced.is_empty() || !removed.is_empty(),
    };
    // A chunk analysed again may now send work into a chunk the selection left alone (a
    // variable it reads resolves to a pool since the edit): the part is then analysed once
    // more, with those chunks analysed again too.
    let (analysis, reuse) = match analyse_selected(&job, &[]) {
        Err(Declined::SendsInto(receivers)) => analyse_selected(&job, &receivers),
        made => made,
    }
    .map_err(Declined::reason)?;
    Ok((analysis, cut.take().unwrap_or_default(), reuse))
}

/// What analysing an edit in part reads once the chunks around it are cut again.
struct Selected<'a> {
    file: &'a SourceFile,
    seen: Seen<'a>,
    previous: &'a Previous<'a>,
    change: &'a Change,
    edit: select::Edit<'a>,
    /// Who defined what before the edit.
    before: &'a DefinerIndex,
    /// Whether the previous version reported a missing main guard.
    guard_reported: bool,
    /// For an edit to imports, the names it bound anew.
    rebound: Option<&'a NameSet>,
    /// For an edit to struct fields, those whose declarations it changed.
    fields_edited: Option<&'a NameSet>,
    /// Whether a word came or went with the edit.
    words_changed: bool,
}

/// Analyses the part the selection of `job` asks for, with `receivers` analysed again too,
/// and merges its results with the kept ones.
fn analyse_selected(job: &Selected<'_>, receivers: &[usize]) -> Result<(FileAnalysis, Reuse), Declined> {
    let Selected {
        file,
        seen,
        previous,
        change,
        ref edit,
        before,
        guard_reported,
        rebound,
        fields_edited,
        words_changed,
    } = *job;
    let (old_chunks, new_chunks) = (edit.old, edit.new);
    let (first, last, edited_count) = (edit.replaced.start, edit.replaced.end - 1, edit.edited.len());
    let guard = crate::analysis::rules::python::missing_main_guard::RULE.code;
    let select::Selection { redo: dependents, context, traversed, fields } =
        select::select(edit, (previous.analysis, before), guard_reported, rebound, fields_edited, receivers);
    if context.iter().all(|&marked| marked) {
        return Err(Declined::Because("every chunk needed"));
    }
    let regions = chunks::regions(file.text(), file.language(), new_chunks, &context, &dependents, |_| None);
    // The part's items come out of the whole new tree rather than the parser, or out of the
    // tree the new one is to be parsed from, where the edit left them alone.
    let part = SourceFile::try_parse_regions(file.language(), file.shared_text().clone(), &regions, file.reuse_tree())
        .ok_or("region parse stopped")?;
    let same = match seen {
        Seen::Whole(_) => same_layout(&part, file, &regions),
        Seen::Window(_) => same_shapes(&part, new_chunks, &context),
    };
    if part.root().has_error() || !same {
        return Err(Declined::Because("regions parsed differently"));
    }
    // The part binds again the names whose imports or fields changed, and takes the others
    // from the whole file.
    let rebinds = rebound.is_some() || !fields.is_empty();
    let fresh = if rebinds {
        let no_imports = NameSet::default();
        let imports = rebound.unwrap_or(&no_imports);
        super::analyze_part_rebinding(&part, previous.analysis, Rebound { imports, fields: &fields })
    } else {
        super::analyze_part(&part, previous.analysis)
    };
    if !guard_reported && fresh.findings.iter().any(|finding| finding.rule.code == guard) {
        return Err(Declined::Because("missing main guard reported"));
    }
    // The dangling-task fix names its variable after the words of its scope, and outside any
    // function (a module-level statement, a class body) that scope is the whole module, which
    // the part holds only some of; a kept one may name it differently once a word came or
    // went anywhere.
    let names_its_variable = crate::analysis::rules::python::dangling_task::RULE.code;
    let named_in_module = |finding: &Finding, chunks: &[Chunk]| {
        let chunk = &chunks[chunks::chunk_at(chunks, finding.range.start)];
        finding.rule.code == names_its_variable && finding.fix.is_some() && chunk.kind != ChunkKind::Definition
    };
    if fresh.findings.iter().any(|finding| named_in_module(finding, new_chunks))
        || (words_changed && previous.analysis.findings.iter().any(|finding| named_in_module(finding, old_chunks)))
    {
        return Err(Declined::Because("fix named after the module's words"));
    }

    // Where each previous result's chunk went, and whether it is analysed again.
    let marked = |marks: &[bool]| Spans::marked(new_chunks, marks);
    let redone = marked(&dependents);
    // The function a call finds by name is in the part only for the chunks the selection read
    // in full; one parsed for its declaration alone may see a later namesake where the whole
    // file has an earlier one, and send work there.
    let senders = marked(&traversed);
    let old_kept = Spans(
        old_chunks
            .iter()
            .enumerate()
            .filter(|&(index, _)| match index {
                index if index < first => !dependents[index],
                index if index > last => !dependents[index + edited_count - (last - first + 1)],
                _ => false,
            })
            .map(|(_, chunk)| chunk.range.clone())
            .collect(),
    );
    // Kept chunks lie outside the replaced bytes, so each has a place in the new text.
    let new_kept = Spans(old_kept.0.iter().filter_map(|chunk| change.map_range(chunk)).collect());
    // A previous result outside the kept chunks must lie in a chunk analysed again, where its
    // new version comes from (inside the replaced bytes, it belongs to an edited chunk);
    // otherwise it straddles chunks.
    let redone_before = |range: &Range<usize>| change.map_range(range).is_none_or(|range| redone.holds(&range));

    let mut findings = Vec::new();
    for finding in &previous.analysis.findings {
        if old_kept.holds(&finding.range) {
            let moved = moved_finding(finding, change);
            findings.push(moved.ok_or("kept finding not movable")?);
        } else if !redone_before(&finding.range) {
            return Err(Declined::Because("finding straddles chunks"));
        }
    }
    for finding in fresh.findings {
        if redone.holds(&finding.range) {
            findings.push(finding);
        } else if !new_kept.holds(&finding.range) {
            return Err(Declined::Because("finding straddles chunks"));
        }
    }
    findings.sort_by_key(|finding| (finding.range.start, finding.range.end));

    let mut sections = Vec::new();
    for section in &previous.analysis.sections {
        if old_kept.holds(&section.range) {
            sections.push(moved_section(section, change).ok_or("kept section not movable")?);
        } else if !redone_before(&section.range) {
            return Err(Declined::Because("section straddles chunks"));
        }
    }
    let kept_count = sections.len();
    let mut sent_into = Vec::new();
    for section in fresh.sections {
        if redone.holds(&section.range) {
            if section.sender.as_ref().is_some_and(|sender| !senders.owns(sender.call.start)) {
                return Err(Declined::Because("work sent from a chunk read for its declaration"));
            }
            sections.push(section);
        } else if !new_kept.holds(&section.range) {
            return Err(Declined::Because("section straddles chunks"));
        } else if section.sender.as_ref().is_some_and(|sender| redone.owns(sender.call.start))
            && !sections[..kept_count].iter().any(|kept| same_section(kept, &section))
        {
            // A chunk analysed again now sends work into a chunk that kept its old results.
            // An empty body's range is the ending chunk's, as in the selection.
            let range = &section.range;
            let receiver = if range.is_empty() { range.start.saturating_sub(1) } else { range.start };
            sent_into.push(chunks::chunk_at(new_chunks, receiver));
        }
    }
    if !sent_into.is_empty() {
        return Err(Declined::SendsInto(sent_into));
    }
    sections.sort_by_key(|section| (section.range.start, section.range.end));

    let names = Names::merged(
        &previous.analysis.names,
        fresh.names,
        rebinds,
        |at| old_kept.owns(at),
        // A binding for the whole file spans it, wherever the edit was (even at its end).
        |range| match range {
            range if *range == (0..previous.file.text().len()) => Some(0..file.text().len()),
            range => change.map_range(range),
        },
        |at| redone.owns(at),
        // A Python class parsed with only some of its members ends early in the part.
        |scope| match frame_end(new_chunks, scope.start) {
            Some(end) if file.language() == Language::Python && scope.end <= end => scope.start..end,
            _ => scope,
        },
    )
    .ok_or("names straddle chunks")?;
    let analysed = dependents.iter().filter(|&&redo| redo).count();
    let window_parsed = match seen {
        Seen::Whole(_) => 0,
        Seen::Window(window) => window.file.parsed_len(),
    };
    let parsed = regions.iter().map(Range::len).sum::<usize>() + window_parsed;
    let reuse = Reuse::Partial { analysed, chunks: new_chunks.len(), parsed };
    let placement = previous.analysis.placement;
    Ok((FileAnalysis { sections, findings, names, placement }, reuse))
}

/// Why a part's analysis did not give the whole file's results.
enum Declined {
    Because(&'static str),
    /// Chunks analysed again sent work into these chunks, which kept their old results.
    SendsInto(Vec<usize>),
}

impl Declined {
    fn reason(self) -> &'static str {
        match self {
            Declined::Because(why) => why,
            Declined::SendsInto(_) => "chunk analysed again sends work into a kept one",
        }
    }
}

impl From<&'static str> for Declined {
    fn from(why: &'static str) -> Declined {
        Declined::Because(why)
    }
}

/// Whether the edit changed imports, which a part can analyse when they are all it changed:
/// top-level imports alone, none of them a glob (`*`, whose names no chunk spells), and in
/// Python not the last one, after which fixes add theirs (kept fixes would insert where it
/// was). `Err` for any other edit that touches an import.
fn imports_edited(
    file: &SourceFile,
    previous: &Previous<'_>,
    (first, last): (usize, usize),
    new_chunks: &[Chunk],
    edited: Range<usize>,
) -> Result<bool, &'static str> {
    let (replaced, edited_chunks) = (&previous.chunks[first..=last], &new_chunks[edited.clone()]);
    let is_import = |chunk: &Chunk| chunk.kind == ChunkKind::Import;
    // An edit to a block's head or closing brace cuts the whole block again (a new test at
    // the end of `mod tests`), and the imports inside it (`use super::*;`) come along as
    // they were: the same texts, in the same order, bind the same names.
    if import_texts(replaced, previous.file.text()) == import_texts(edited_chunks, file.text()) {
        return Ok(false);
    }
    let plain_import =
        |chunk: &Chunk, text: &str| is_import(chunk) && !chunk.framed && !text[chunk.range.clone()].contains('*');
    let plain = replaced.iter().all(|chunk| plain_import(chunk, previous.file.text()))
        && edited_chunks.iter().all(|chunk| plain_import(chunk, file.text()));
    if !plain {
        return Err("imports edited with other code, or a glob import");
    }
    if file.language() == Language::Python {
        let last_import = |chunks: &[Chunk]| chunks.iter().rposition(|chunk| is_import(chunk) && !chunk.framed);
        let old_last = last_import(previous.chunks).is_some_and(|index| (first..=last).contains(&index));
        let new_last = last_import(new_chunks).is_some_and(|index| edited.contains(&index));
        if old_last || new_last {
            return Err("last import edited");
        }
    }
    Ok(true)
}

/// Whether an edit to a Rust runtime attribute or builder leaves the kinds of runtime the
/// file builds as they were (see [`rust::sections::Runtimes`]), read as the analysis reads
/// them. What the file builds is known from its placement, unless that is not tokio's (no
/// runtime, or both kinds); then the edited code must build exactly what the replaced code
/// did. Otherwise the edited code must build only kinds the file built already (a
/// `#[tokio::test]` added among others), and each kind the replaced code built must still be
/// built, by the edited code or by a chunk the edit left alone (one of several
/// `#[tokio::test]`s removed). A Dask client, or an edited chunk that defines a name tokio's
/// paths are read through, is never kept. `chunks` are the new chunks, with the edited ones'
/// indices; `whole` is the new version's file when its tree is at hand (`edited_tree` holds
/// the edited chunks, `old_tree` the replaced ones).
fn runtimes_kept(
    previous: &Previous<'_>,
    (old_tree, whole, edited_tree): (&SourceFile, Option<&SourceFile>, &SourceFile),
    (replaced, edited): (Range<usize>, Range<usize>),
    (chunks, edited_chunks): (&[Chunk], Range<usize>),
) -> bool {
    let defines_a_placing_name = |chunk: &Chunk| chunk.defines.iter().any(|name| Names::is_placing_name_key(*name));
    if edited_tree.language() != Language::Rust || chunks[edited_chunks.clone()].iter().any(defines_a_placing_name) {
        return false;
    }
    let names = &previous.analysis.names;
    let (before, after) = (
        rust::sections::runtimes_within(old_tree, names, replaced),
        rust::sections::runtimes_within(edited_tree, names, edited),
    );
    if before == after {
        return true;
    }
    let Some(built) = rust::sections::Runtimes::of(previous.analysis.placement) else { return false };
    if !after.within(built) {
        return false;
    }
    // The chunks left alone are read only while the edit's own runtimes fall short, and only
    // those whose summary saw something that may build one.
    let mut still_built = after;
    let elsewhere =
        chunks.iter().enumerate().filter(|(index, chunk)| !edited_chunks.contains(index) && chunk.placement_facts != 0);
    for (_, chunk) in elsewhere {
        if before.within(still_built) {
            break;
        }
        // From a window, the rest of the tree is not at hand.
        let Some(whole) = whole else { return false };
        still_built = still_built.and(rust::sections::runtimes_within(whole, names, chunk.range.clone()));
    }
    before.within(still_built)
}

/// The imports among `chunks`, in order: whether each is a block's member, and its text.
fn import_texts<'text>(chunks: &[Chunk], text: &'text str) -> Vec<(bool, &'text str)> {
    let imports = chunks.iter().filter(|chunk| chunk.kind == ChunkKind::Import);
    imports.map(|chunk| (chunk.framed, &text[chunk.range.clone()])).collect()
}

/// Whether the edit from `old` to `new` stays inside one import without a glob (whose names
/// no chunk spells), in both versions: then the rest of the text is as it was, and only
/// what that import binds changed. Python's top-level imports are left to
/// [`imports_edited`], which knows where fixes add theirs.
fn within_one_import(old: &SourceFile, new: &SourceFile, change: &Change) -> bool {
    let kinds: &[&str] = match old.language() {
        Language::Rust => &["use_declaration"],
        Language::Python => &["import_statement", "import_from_statement"],
    };
    let import_around = |file: &SourceFile, range: &Range<usize>| {
        // From the byte before the edit: text typed at an import's end (Python's end at its
        // last name) belongs to the import, whereas the node at that offset is what follows.
        let node = file.root().descendant_for_byte_range(range.start.checked_sub(1)?, range.end)?;
        let import =
            std::iter::successors(Some(node), |node| node.parent()).find(|node| kinds.contains(&node.kind()))?;
        let nested = import.parent().is_some_and(|parent| parent.kind() != "module");
        let inside = import.start_byte() < range.start && range.end <= import.end_byte();
        (inside && (nested || old.language() == Language::Rust) && !file.node_text(import).contains('*')).then_some(())
    };
    import_around(old, &change.old).is_some() && import_around(new, &change.new).is_some()
}

/// Whether `text` holds the keyword an import starts with: an edit inside an import lies in
/// chunks that do, which spares looking for the import in a tree.
fn names_an_import(language: Language, text: &str) -> bool {
    let keyword = match language {
        Language::Rust => "use",
        Language::Python => "import",
    };
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|word| word == keyword)
}

/// The local names whose import binding differs between two versions' imports: their
/// top-level imports and the `edited` chunks (which may hold an import inside code), each
/// version's parsed alone (they are a few lines of the file). `Err` when those did not parse
/// alone, or when a name that can decide where sections run (see [`Names::import_bindings`])
/// is bound anew: the part takes that from the whole file.
fn rebound_names(
    old: (&SourceFile, &[Chunk], Range<usize>),
    new: (&SourceFile, &[Chunk], Range<usize>),
) -> Result<NameSet, &'static str> {
    let bindings = |(file, chunks, edited): (&SourceFile, &[Chunk], Range<usize>)| {
        let marks: Vec<bool> = chunks
            .iter()
            .enumerate()
            .map(|(index, chunk)| (chunk.kind == ChunkKind::Import && !chunk.framed) || edited.contains(&index))
            .collect();
        // No region at all would parse the whole file.
        if !marks.contains(&true) {
            return Some((Vec::new(), NameSet::default()));
        }
        let regions = chunks::regions(file.text(), file.language(), chunks, &marks, &marks, |_| None);
        let imports =
            SourceFile::try_parse_regions(file.language(), file.shared_text().clone(), &regions, file.reuse_tree())?;
        (!imports.root().has_error()).then(|| Names::import_bindings(&imports))
    };
    let ((before, placing_before), (after, placing_after)) =
        (bindings(old).ok_or("imports parsed differently")?, bindings(new).ok_or("imports parsed differently")?);
    let changed = |from: &[(u64, u64)], to: &[(u64, u64)]| {
        from.iter().filter(|binding| to.binary_search(binding).is_err()).map(|(local, _)| *local).collect::<Vec<_>>()
    };
    let rebound: NameSet = changed(&before, &after).into_iter().chain(changed(&after, &before)).collect();
    if rebound.iter().any(|name| placing_before.contains(name) || placing_after.contains(name)) {
        return Err("imports deciding where sections run edited");
    }
    Ok(rebound)
}

/// Where the framed block whose head chunk holds `offset` ends: where its closing chunk starts.
fn frame_end(chunks: &[Chunk], offset: usize) -> Option<usize> {
    let index = chunks.partition_point(|chunk| chunk.range.start <= offset).checked_sub(1)?;
    let (head, close) = chunks::frame_of(chunks, index);
    let is_head = head == index && chunks[index].kind == ChunkKind::Frame && close > index;
    is_head.then(|| chunks[close].range.start)
}

/// Whether one of `names` is an identifier of the pre-scan's literals: an edit that adds or
/// removes one can change whether the file is analysed.
fn names_a_literal<'a>(language: Language, mut names: impl Iterator<Item = &'a u64>) -> bool {
    let literals = literal_names(language);
    names.any(|name| literals.contains(name))
}

/// The identifiers of the pre-scan's literals: the catalogue's modules, crates and methods.
fn literal_names(language: Language) -> &'static NameSet {
    static PYTHON: LazyLock<NameSet> = LazyLock::new(|| literal_names_of(Language::Python));
    static RUST: LazyLock<NameSet> = LazyLock::new(|| literal_names_of(Language::Rust));
    match language {
        Language::Python => &PYTHON,
        Language::Rust => &RUST,
    }
}

fn literal_names_of(language: Language) -> NameSet {
    prescan::triggers(language).literals().iter().flat_map(|literal| chunks::mentions(&literal.text)).collect()
}

/// Whether parsing only some chunks gave each of them the syntax it has in the whole file:
/// the parser sees the regions joined, and an indentation-sensitive grammar, or error-free
/// recovery from odd code, could read them differently. Top-level nodes, and the members of
/// framed blocks, must match in place, kind and size (`descendant_count` is kept by the tree,
/// so this costs no walk); a framed block itself holds only some of its members in the part.
/// Comments between members are left out: in a Python class parsed without the members before
/// them, they go to the class rather than its block, which no analysis reads.
fn same_layout(part: &SourceFile, whole: &SourceFile, regions: &[Range<usize>]) -> bool {
    // Whether an item is cut into members is the whole file's to say; only the items in the
    // regions are asked.
    let in_regions = regions.iter().flat_map(|region| {
        let from = chunks::top_level_from(whole, region.start);
        from.skip_while(|node| node.start_byte() < region.start).take_while(|node| node.start_byte() < region.end)
    });
    let regions = Spans(regions.to_vec());
    let mut framed = Vec::new();
    let whole_shape = shape(
        whole.language(),
        in_regions,
        |node| regions.owns(node.start_byte()),
        |node| {
            let is_framed = chunks::framed_body(whole, node).is_some();
            if is_framed {
                framed.push(node.start_byte());
            }
            is_framed
        },
    );
    let part_root = part.root();
    let mut cursor = part_root.walk();
    let part_shape = shape(
        part.language(),
        part_root.children(&mut cursor),
        |_| true,
        |node| framed.binary_search(&node.start_byte()).is_ok(),
    );
    part_shape == whole_shape
}

/// [`same_layout`] without the whole tree: each of the `parsed` chunks must have in the part
/// the shape its summary recorded ([`chunks::shape_of`]), top-level nodes and the members of
/// framed blocks alike. The chunks say which blocks are framed.
fn same_shapes(part: &SourceFile, chunks: &[Chunk], parsed: &[bool]) -> bool {
    let language = part.language();
    // Each node with the chunk it starts in, in order.
    let mut nodes: Vec<(usize, Node<'_>, Standing)> = Vec::new();
    let root = part.root();
    let mut cursor = root.walk();
    for node in root.children(&mut cursor) {
        let index = chunks::chunk_at(chunks, node.start_byte());
        let is_head = chunks[index].kind == ChunkKind::Frame && chunks.get(index + 1).is_some_and(|next| next.framed);
        let body = is_head.then(|| chunks::frame_body(language, node)).flatten();
        nodes.push((index, node, if body.is_some() { Standing::Framed } else { Standing::TopLevel }));
        if let Some(body) = body {
            let mut members = body.walk();
            for member in body.named_children(&mut members) {
                nodes.push((chunks::chunk_at(chunks, member.start_byte()), member, Standing::Member));
            }
        }
    }
    let mut shapes = std::collections::HashMap::new();
    for group in nodes.chunk_by(|a, b| a.0 == b.0) {
        let index = group[0].0;
        let shape =
            chunks::shape_of(chunks[index].range.start, group.iter().map(|&(_, node, standing)| (node, standing)));
        shapes.insert(index, shape);
    }
    let shape = |index: usize| shapes.get(&index).copied().unwrap_or_default();
    (0..chunks.len()).filter(|&index| parsed[index]).all(|index| shape(index) == chunks[index].shape)
}

/// The place, kind and size of the top-level nodes `items`, and of the `wanted` members of
/// those that are `framed` (whose own size is left out).
fn shape<'tree>(
    language: Language,
    items: impl Iterator<Item = Node<'tree>>,
    wanted: impl Fn(&Node<'_>) -> bool,
    mut framed: impl FnMut(Node<'_>) -> bool,
) -> Vec<(usize, u16, usize)> {
    let mut shape = Vec::new();
    for node in items {
        if !framed(node) {
            shape.push((node.start_byte(), node.kind_id(), node.descendant_count()));
            continue;
        }
        shape.push((node.start_byte(), node.kind_id(), usize::MAX));
        if let Some(body) = chunks::frame_body(language, node) {
            let mut members = body.walk();
            for member in body.named_children(&mut members).filter(|member| !member.is_extra()).filter(&wanted) {
                shape.push((member.start_byte(), member.kind_id(), member.descendant_count()));
            }
        }
    }
    shape
}

fn same_section(a: &Section, b: &Section) -> bool {
    let sender = |section: &Section| section.sender.as_ref().map(|s| (s.call.clone(), s.callee.clone(), s.line));
    (&a.range, a.head, a.anchor, a.model, a.runs_on, a.workers, a.entry_place)
        == (&b.range, b.head, b.anchor, b.model, b.runs_on, b.workers, b.entry_place)
        && a.origin.entry.id == b.origin.entry.id
        && sender(a) == sender(b)
}

/// `finding` moved by `change`, fix included; `None` when a bound of it falls inside the
/// replaced bytes. What a kept fix writes stays right: the one fix that chooses a name (the
/// dangling task's variable) reads only the identifiers of its own function, which lies in
/// the finding's chunk, and the chunk holding a kept finding kept its text (a fix outside any
/// function reads the whole module, and such edits are analysed whole). The other facts fixes
/// read from beyond their chunk (imports, the task registry, a `futures::` path) send the edits
/// that change them elsewhere.
fn moved_finding(finding: &Finding, change: &Change) -> Option<Finding> {
    let mut moved = finding.clone();
    moved.range = change.map_range(&finding.range)?;
    if let Some(fix) = &mut moved.fix {
        for edit in &mut fix.edits {
            edit.range = change.map_range(&edit.range)?;
        }
    }
    Some(moved)
}

fn moved_section(section: &Section, change: &Change) -> Option<Section> {
    let mut moved = section.clone();
    moved.range = change.map_range(&section.range)?;
    moved.head = change.map(section.head)?;
    moved.anchor = change.map(section.anchor)?;
    if let Some(sender) = &mut moved.sender {
        let before_edit = sender.call.end <= change.old.start;
        sender.call = change.map_range(&sender.call)?;
        if !before_edit {
            sender.line = sender.line.checked_add_signed(change.line_delta)?;
        }
    }
    Some(moved)
}

/// The new chunks: those before `first` and after `last` as they were (moved by the edit), and
/// fresh summaries of the chunks now in `replacement`. Only the top-level items around the
/// edit are cut again; every other top-level node must be the one the previous version had
/// (`reach`, new and old), so that it cuts as before. `None` when the file's top-level layout
/// outside the edited chunks changed.
fn resplit(
    file: &SourceFile,
    (reach, previous_reach): (&Reach, Option<&Reach>),
    old_chunks: &[Chunk],
    (first, last): (usize, usize),
    change: &Change,
    replacement: &Range<usize>,
) -> Option<Vec<Chunk>> {
    let recut = chunks::recut(file, replacement.clone());
    let kept = (0..first).chain(last + 1..old_chunks.len());
    if !cut_as_before(&recut, file.text().len(), kept, old_chunks, (first, last), change, replacement) {
        return None;
    }
    if !previous_reach?.same_outside(reach, &recut.window, change.delta) {
        return None;
    }
    Some(spliced(old_chunks, (first, last), recut.chunks, change))
}

/// Whether `recut` (of a tree of the new text, `text_len` bytes long) cut anew only what the
/// edit replaced: inside the span it cut, each of the `kept` previous chunks (outside the
/// edited `first..=last`) must start where it did, moved by the edit, and the item after the
/// span where the span ends; the fresh chunks must start where the replaced ones did.
fn cut_as_before(
    recut: &chunks::Recut,
    text_len: usize,
    kept: impl Iterator<Item = usize>,
    old_chunks: &[Chunk],
    (first, last): (usize, usize),
    change: &Change,
    replacement: &Range<usize>,
) -> bool {
    let chunks::Recut { window: span, starts, chunks: fresh } = recut;
    let kept_start = |index: usize| match old_chunks[index].range.start {
        start if index < first => start,
        start => start.saturating_add_signed(change.delta),
    };
    let kept = kept.filter(|&index| index < first || index > last).map(kept_start);
    let cut = starts.iter().copied().filter(|start| !replacement.contains(start));
    let next = (span.end < text_len).then_some(span.end);
    let in_span = |start: &usize| span.start <= *start && *start <= span.end;
    kept.filter(in_span).eq(cut.chain(next)) && starts.contains(&replacement.start) && !fresh.is_empty()
}

/// The previous chunks with `first..=last` replaced by `fresh`, and those after moved.
fn spliced(old_chunks: &[Chunk], (first, last): (usize, usize), fresh: Vec<Chunk>, change: &Change) -> Vec<Chunk> {
    let mut chunks = Vec::with_capacity(old_chunks.len() + fresh.len());
    chunks.extend(old_chunks[..first].iter().cloned());
    chunks.extend(fresh);
    chunks.extend(old_chunks[last + 1..].iter().map(|chunk| chunk.shifted(change.delta)));
    chunks
}

/// [`resplit`] from a [`Window`]: the chunks it holds besides the edited ones must start where
/// they did, moved by the edit, and so must the item after the window's last, when the
/// window's tree holds one. Items outside the window are the previous version's, as the
/// window rests on.
fn resplit_window(
    window: &Window,
    old_chunks: &[Chunk],
    (first, last): (usize, usize),
    change: &Change,
    replacement: &Range<usize>,
) -> Option<Vec<Chunk>> {
    let recut = chunks::recut(&window.file, replacement.clone());
    let (text_len, kept) = (window.file.text().len(), window.chunks.iter().copied());
    if !cut_as_before(&recut, text_len, kept, old_chunks, (first, last), change, replacement) {
        return None;
    }
    let edited_count = recut.chunks.len();
    let chunks = spliced(old_chunks, (first, last), recut.chunks, change);
    // The chunks around the edited ones parse alone as they did in the whole tree: the
    // parser came to them in the state it had there (an odd indentation could say otherwise).
    let mut around = vec![false; chunks.len()];
    for &index in window.chunks.iter().filter(|&&index| index < first || index > last) {
        around[if index < first { index } else { index + edited_count - (last - first + 1) }] = true;
    }
    same_shapes(&window.file, &chunks, &around).then_some(chunks)
}
