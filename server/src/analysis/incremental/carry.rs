//! Results while the text does not parse. Typing passes through broken states (`client.`
//! before the method name, `spawn(` before its arguments), and on broken code tree-sitter's
//! error recovery depends on the edits' history, so each such keystroke used to cost a fresh
//! parse and a whole analysis of the file: at 10,000 lines of Rust, 65 to 120 ms at p50 for a
//! `.` typed after a call, as measured by two different clients.
//!
//! Instead, a version with syntax errors shows the results of the last version without any,
//! moved past the edits made since. The results the edits touched are dropped, since their
//! code is being rewritten: a finding whose range or fix overlaps the edited span (its fix
//! would overwrite what is being typed), a hint or a variable with a bound inside it. When
//! the text parses again, it is analysed against that clean version as if all the edits
//! since were one, which the incremental analysis handles like any other edit.
//!
//! What a broken version shows so depends only on two texts, the last clean one and the
//! current one, never on the way tree-sitter recovered. Only while the edits since the clean
//! version all lie inside one of its chunks (one function, one method): two texts differ by a
//! single span, from the first difference to the last, and edits far apart would drop every
//! result between them. Then, and for a file that has never parsed cleanly since it was
//! opened, the broken text is parsed afresh and analysed whole, as before.

use super::{Change, Previous, moved_section};
use crate::analysis::chunks;
use crate::analysis::{FileAnalysis, Finding};

/// The results of `previous` (a version without syntax errors) for the text its change
/// made; `None` when the edited span reaches beyond one chunk, or a variable's
/// scope has a bound inside it and so cannot be moved.
pub fn carried_over(previous: &Previous<'_>) -> Option<FileAnalysis> {
    let change = previous.change;
    let chunk = previous.chunks.get(chunks::chunk_at(previous.chunks, change.old.start))?;
    if change.old.end > chunk.range.end {
        return None;
    }
    let findings = previous
        .analysis
        .findings
        .iter()
        .filter(|finding| clear_of(finding, change))
        .filter_map(|finding| super::moved_finding(finding, change))
        .collect();
    let sections = previous.analysis.sections.iter().filter_map(|section| moved_section(section, change)).collect();
    let names = previous.analysis.names.moved(|at| change.map(at).is_some(), |range| change.map_range(range))?;
    Some(FileAnalysis { sections, findings, names, placement: previous.analysis.placement })
}

/// Whether nothing of `finding` (its range, its fix's edits) overlaps the bytes `change`
/// replaced. A range ending where typing starts is left as it was; one starting right where
/// text was inserted is not, since moved it would take the inserted text in.
fn clear_of(finding: &Finding, change: &Change) -> bool {
    let inserted_at = |start: usize| change.old.is_empty() && start == change.old.start;
    let clear = |range: &std::ops::Range<usize>| {
        range.end <= change.old.start || (range.start >= change.old.end && !inserted_at(range.start))
    };
    let fix_edits = finding.fix.iter().flat_map(|fix| &fix.edits);
    clear(&finding.range) && fix_edits.into_iter().all(|edit| clear(&edit.range))
}
