//! Edits inside one comment: the commonest edit while writing code, and the cheapest to
//! handle, since no rule, hint or name reads what a comment says. When an edit changes only
//! the inside of one comment token, and the comment keeps its bounds and kind in the new tree,
//! every previous result stands, moved by the edit's change of length.
//!
//! A few things could still depend on the comment, and each sends the edit to the other paths:
//! - a line break added or removed: hints attach at the ends of lines;
//! - a finding whose range, quoted subject or fix covers or copies the comment: a fix that
//!   moves a block carries its comments along;
//! - a word added or removed that the pre-scan looks for (a catalogue module named in a
//!   comment can decide whether a file is analysed at all), or a text some rule searches the
//!   whole file for ([`super::probes`]: the dangling-task fix adds its registry only where the
//!   text lacks it);
//! - a changed delimiter or doc marker (`//` becoming `///`).
//!
//! Typing inside a line comment does not even need a parse: [`edited_without_parsing`] gives
//! the new tree from the previous one.

use super::{Change, Previous, Reuse, WindowTree, moved_finding, moved_section, names_a_literal, probes};
use crate::analysis::chunks::{self, Chunk, NameSet};
use crate::analysis::{FileAnalysis, Language, SourceFile};
use std::sync::Arc;

use tree_sitter::Node;

/// The analysis of `file` when `change` (from `previous`) only rewrote the inside of one
/// comment; `Err` says why it did not.
pub(super) fn within_comment(
    file: &SourceFile,
    previous: &Previous<'_>,
    change: &Change,
) -> Result<(FileAnalysis, Vec<Chunk>, Reuse), &'static str> {
    let language = file.language();
    let old = comment_around(previous.file, change.old.clone()).ok_or("not inside a comment")?;
    let new = comment_around(file, change.new.clone()).ok_or("not inside a comment")?;
    let (old_range, new_range) = (old.byte_range(), new.byte_range());
    // Rust's doc comments (`///`, `//!`, `/**`) have children that mark their kind, and
    // typing right after the `//` can make or unmake one.
    let kinds = |node: Node<'_>| {
        let mut cursor = node.walk();
        node.children(&mut cursor).map(|child| child.kind_id()).collect::<Vec<_>>()
    };
    if new_range.start != old_range.start
        || Some(new_range.end) != old_range.end.checked_add_signed(change.delta)
        || old.kind() != new.kind()
        || kinds(old) != kinds(new)
    {
        return Err("comment changed bounds or kind");
    }
    // Hints attach at the ends of lines, so a line added or removed inside a block comment
    // can move them.
    if change.line_delta != 0 {
        return Err("lines added or removed inside a comment");
    }
    let old_text = previous.file.node_text(old);
    let new_text = file.node_text(new);
    // The delimiters stay as they were.
    let opening = match language {
        Language::Python => 1,
        Language::Rust => 2,
    };
    let closing = if old.kind() == "block_comment" { 2 } else { 0 };
    let interior = old_range.start + opening..old_range.end.saturating_sub(closing);
    if interior.start > interior.end || change.old.start < interior.start || change.old.end > interior.end {
        return Err("edit touches a comment delimiter");
    }

    let (before, after) = (chunks::mentions(old_text), chunks::mentions(new_text));
    let changed_words: NameSet = before.symmetric_difference(&after).copied().collect();
    if names_a_literal(language, changed_words.iter()) {
        return Err("catalogue name introduced or removed");
    }
    if probes::presence_differs(language, (old_text, new_text), (previous.file.text(), file.text())) {
        return Err("text the analysis searches for edited");
    }
    let quoted =
        |text: &str| old_text.lines().map(str::trim).filter(|line| !line.is_empty()).any(|line| text.contains(line));
    let touches = |range: &std::ops::Range<usize>| range.start <= old_range.end && old_range.start <= range.end;
    for finding in &previous.analysis.findings {
        let fix_edits = finding.fix.iter().flat_map(|fix| &fix.edits);
        if touches(&finding.range)
            || quoted(&finding.subject)
            || fix_edits.clone().any(|edit| touches(&edit.range) || quoted(&edit.replacement))
        {
            return Err("a finding reads the comment");
        }
    }

    // Every result moves as if the whole interior had been replaced: a node ending where the
    // comment ends grows with it, even when the edit only appended to the comment.
    let moved = Change {
        old: interior.clone(),
        new: interior.start..interior.end.checked_add_signed(change.delta).ok_or("no change")?,
        delta: change.delta,
        line_delta: 0,
    };
    let findings = previous
        .analysis
        .findings
        .iter()
        .map(|finding| moved_finding(finding, &moved))
        .collect::<Option<Vec<_>>>()
        .ok_or("kept finding not movable")?;
    let sections = previous
        .analysis
        .sections
        .iter()
        .map(|section| moved_section(section, &moved))
        .collect::<Option<Vec<_>>>()
        .ok_or("kept section not movable")?;
    let names = previous.analysis.names.moved(|_| true, |range| moved.map_range(range)).ok_or("names not movable")?;
    // Summaries keep their old words and digests: both only widen what a later edit analyses
    // again, and the comment cannot change what they stand for.
    let chunks = previous
        .chunks
        .iter()
        .map(|chunk| Some(Chunk { range: moved.map_range(&chunk.range)?, ..chunk.clone() }))
        .collect::<Option<Vec<_>>>()
        .ok_or("chunk bound inside the comment")?;
    let placement = previous.analysis.placement;
    Ok((FileAnalysis { sections, findings, names, placement }, chunks, Reuse::CommentOnly))
}

/// The version of `previous` whose text is `text`, made without parsing when the two differ
/// only inside one line comment, which keeps its marker and gets no line break: such an edit
/// leaves every token where it was, so the previous tree with the edit applied (which
/// tree-sitter keeps exact in every node's bytes and points) is the tree a parse would give.
/// Typing a comment then costs neither the parse of the whole file nor the depth check (the
/// shape is the one that passed it). The same holds, with no edit at all, for a text that is
/// `previous`'s again: a `.` typed after a call and deleted, which left the text broken in
/// between; then the tree of the version before the `.` is taken as it is, where a parse from
/// the broken one can cost as much as parsing the file afresh. `change` is the difference
/// between the two texts ([`Change::between`]). `None` when the edit may be anything else.
pub fn edited_without_parsing(previous: &SourceFile, text: Arc<str>, change: &Change) -> Option<SourceFile> {
    if previous.root().has_error() {
        return None;
    }
    if change.old.is_empty() && change.new.is_empty() {
        return Some(SourceFile::with_text(previous, text));
    }
    let comment = comment_around(previous, change.old.clone())?;
    // A block comment's end, or a nested one, could move: none are taken.
    if !matches!(comment.kind(), "comment" | "line_comment") {
        return None;
    }
    // Rust's doc comments hold their line break: typing after it is typing on the next line.
    // What the edit replaced lies between the comment's start and the end it checks.
    // The byte-wise difference may cut a character in two (`é` typed over `è`): such an edit
    // is left to the parse rather than sliced.
    let inserted = text.get(change.new.clone())?;
    let from_start = previous.text().get(comment.start_byte()..change.old.end)?;
    if [inserted, from_start].iter().any(|text| text.contains(['\n', '\r'])) {
        return None;
    }
    // The marker decides the kind: `///` and `//!` make doc comments, `////` a plain one again.
    let new_comment = text.get(comment.start_byte()..comment.end_byte().checked_add_signed(change.delta)?)?;
    if marker(previous.node_text(comment)) != marker(new_comment) {
        return None;
    }
    // Rust's comments have nodes inside (`//`, a doc comment's marker and text). An insertion
    // where one of them ends would make it grow, so the edit is given as replacing everything
    // from its start to the comment's end: then the nodes before it keep their bounds and the
    // comment takes the change. Appending at the very end grows the comment itself, unless a
    // node inside ends there too (`//` alone).
    let (start, old_end) = (change.old.start, comment.end_byte());
    let new_end = old_end.checked_add_signed(change.delta)?;
    let mut cursor = comment.walk();
    if start == old_end && comment.children(&mut cursor).any(|part| part.end_byte() == start) {
        return None;
    }
    let inserted = text.get(start..new_end)?;
    let edit = crate::analysis::source::input_edit_in(previous.tree(), previous.text(), start..old_end, inserted);
    Some(SourceFile::edited(previous, text, &edit))
}

/// The analysis of an edit that only typed inside one comment, after a version analysed from
/// a window ([`super::analyze_in_window`]), whose tree is not parsed: that version's window tree tells
/// whether the edit only typed inside one of its line comments, where it vouches for what the
/// whole tree shows, and the same tree edited ([`edited_without_parsing`]) is the new
/// version's window. Nothing is parsed. `Err` says why not: the edit is not where the window
/// vouches, or it is anything but such a comment edit.
pub fn within_comment_of_window(
    window: &WindowTree,
    previous: &Previous<'_>,
    text: Arc<str>,
) -> Result<(FileAnalysis, Vec<Chunk>, WindowTree), &'static str> {
    let change = previous.change;
    let WindowTree { file, vouched } = window;
    if change.old.is_empty() && change.new.is_empty() {
        return Err("text unchanged");
    }
    if change.old.start < vouched.start || change.old.end > vouched.end {
        return Err("edit outside what the window vouches for");
    }
    let edited = edited_without_parsing(file, text, change).ok_or("not inside a line comment of the window")?;
    let (analysis, chunks, _) = within_comment(&edited, &Previous { file, ..*previous }, change)?;
    let vouched = vouched.start..vouched.end.checked_add_signed(change.delta).ok_or("no change")?;
    Ok((analysis, chunks, WindowTree { file: edited, vouched }))
}

/// The bytes of the comment token holding all of `range`, if there is one.
pub(super) fn comment_range(file: &SourceFile, range: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
    comment_around(file, range).map(|comment| comment.byte_range())
}

/// The run of `#`, `/` and `!` a comment starts with.
fn marker(comment: &str) -> &str {
    let length = comment.bytes().take_while(|byte| matches!(byte, b'#' | b'/' | b'!')).count();
    &comment[..length]
}

/// The comment token holding all of `range`, if there is one.
fn comment_around(file: &SourceFile, range: std::ops::Range<usize>) -> Option<Node<'_>> {
    // An empty range at a token's end would find what follows; the byte before it is the
    // comment's own when the range is anywhere past the comment's first byte.
    let start = if range.is_empty() { range.start.checked_sub(1)? } else { range.start };
    // Down from the root along the nodes holding that byte, with a cursor: a node's parent and
    // a byte's descendant are found by scanning children from the first, and a large file's
    // root has thousands.
    let mut cursor = file.root().walk();
    while cursor.goto_first_child_for_byte(start).is_some() {
        let node = cursor.node();
        if node.start_byte() > start {
            return None;
        }
        if matches!(node.kind(), "comment" | "line_comment" | "block_comment") {
            return (node.start_byte() <= range.start && range.end <= node.end_byte()).then_some(node);
        }
    }
    None
}
