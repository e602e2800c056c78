//! A comparable account of an analysis and the checks every analysis must pass, shared by the
//! targets. `FileAnalysis` itself is not compared: its name tables are hash maps.

use std::fmt::Write;
use std::ops::Range;

use crate::analysis::{FileAnalysis, SourceFile, edit};
use crate::locale::Locale;

/// Findings and sections with everything the user sees of them.
pub fn summary(analysis: &FileAnalysis) -> String {
    let mut out = String::new();
    for finding in &analysis.findings {
        let _ = writeln!(
            out,
            "finding {} {:?} {:?} {:?} fix={:?}",
            finding.code(),
            finding.range,
            finding.subject,
            finding.model,
            finding.fix
        );
    }
    for section in &analysis.sections {
        let _ = writeln!(
            out,
            "section {:?} head={} anchor={} {:?} {:?} workers={:?} origin={} sender={:?} entry_place={}",
            section.range,
            section.head,
            section.anchor,
            section.model,
            section.runs_on,
            section.workers,
            section.origin.entry.id,
            section.sender,
            section.entry_place
        );
    }
    out
}

/// Every range lies in the text on character boundaries, every fix applies, every text renders.
pub fn check(file: &SourceFile, analysis: &FileAnalysis) {
    let text = file.text();
    for finding in &analysis.findings {
        check_range(text, &finding.range, "finding");
        for locale in [Locale::En, Locale::Ru] {
            assert!(!finding.message(locale).is_empty());
        }
        if let Some(fix) = &finding.fix {
            assert!(!finding.fix_title(Locale::En).is_empty() && !finding.fix_title(Locale::Ru).is_empty());
            assert!(edit::apply(text, &fix.edits).is_some(), "the {} fix does not apply: {fix:?}", finding.code());
        }
    }
    for section in &analysis.sections {
        check_range(text, &section.range, "section");
        check_range(text, &(section.head..section.anchor), "section head to anchor");
        for locale in [Locale::En, Locale::Ru] {
            assert!(!section.label(locale).is_empty() && !section.tooltip(locale).is_empty());
        }
    }
}

pub fn check_range(text: &str, range: &Range<usize>, what: &str) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{what} range {range:?} is outside the {}-byte text",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what} range {range:?} splits a character"
    );
}
