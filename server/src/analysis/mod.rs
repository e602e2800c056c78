//! The analysis core: source text in, plain data out.
//!
//! Nothing here knows about LSP or terminals. Results use byte offsets into the analysed text;
//! [`crate::lsp`] and [`crate::cli`] turn them into positions for their audience.

pub mod actions;
pub mod arguments;
pub mod budget;
pub mod calls;
pub mod chunks;
pub mod dependents;
pub mod depth;
pub mod edit;
pub mod fast_hash;
pub mod fields;
pub mod finding;
pub mod functions;
pub mod hover;
pub mod incremental;
pub mod language;
pub mod model;
pub mod names;
pub mod partial;
pub mod prescan;
pub mod python;
pub mod queries;
pub mod query_walk;
pub mod rules;
pub mod rust;
pub mod section;
pub mod source;
pub mod walk;

#[cfg(test)]
mod tests;

pub use edit::TextEdit;
pub use finding::{Finding, Fix, Severity};
pub use language::Language;
pub use model::{Model, RunsOn};
pub use section::{Section, SectionOrigin};
pub use source::SourceFile;

use names::{FileWide, Names};

/// Everything the tutor knows about one version of one file.
#[derive(Debug, Default)]
pub struct FileAnalysis {
    /// Regions of code that run under a model other than plain sequential execution.
    pub sections: Vec<Section>,
    /// Pitfalls, in source order.
    pub findings: Vec<Finding>,
    /// What the file's names refer to, kept for hover and code actions.
    pub names: Names,
    /// The file-wide fact that placed some sections, if any.
    pub placement: section::Placement,
}

/// Analyses a parsed file: execution-model sections first, then the pitfall rules, which use
/// the sections to know what model each call runs under. Files the pre-scan
/// ([`prescan::may_matter`]) rules out get their names (for hover and conversions) but skip
/// sections and rules, which cannot find anything there.
pub fn analyze(file: &SourceFile) -> FileAnalysis {
    analyze_with(file, prescan::may_matter(file.language(), file.text()), None, FileWide::Own)
}

/// [`analyze_everything`] for a file parsed only in part ([`SourceFile::try_parse_regions`]),
/// whose imports, struct fields and section placement are those `whole` found in the whole
/// file. The pre-scan is skipped: it reads the whole text, which costs more than the rules
/// over a small part, and without it the results are the same (the pre-scan only ever skips
/// work that finds nothing).
pub fn analyze_part(file: &SourceFile, whole: &FileAnalysis) -> FileAnalysis {
    analyze_with(file, true, Some(whole), FileWide::Whole(&whole.names))
}

/// [`analyze_part`] for a part that binds some names again itself, after an edit changed
/// what they are bound to, and takes the other imports and fields from `whole`.
pub fn analyze_part_rebinding(file: &SourceFile, whole: &FileAnalysis, rebound: names::Rebound<'_>) -> FileAnalysis {
    analyze_with(file, true, Some(whole), FileWide::WholeBut(&whole.names, rebound))
}

/// [`analyze`] without the pre-scan: what the fast path must always agree with.
pub fn analyze_everything(file: &SourceFile) -> FileAnalysis {
    analyze_with(file, true, None, FileWide::Own)
}

/// Loads the catalogue and compiles the queries and pre-scan literals, which otherwise happens
/// on the first analysis (tens of milliseconds): the language server does it while the editor
/// is still sending the first document.
pub fn warm_up() {
    for language in Language::ALL {
        analyze(&SourceFile::parse(language, ""));
    }
}

/// `whole` is the whole file's analysis when `file` is a part of it, whose placement the part
/// takes; `file_wide` says where its imports and fields come from.
fn analyze_with(
    file: &SourceFile,
    may_matter: bool,
    whole: Option<&FileAnalysis>,
    file_wide: FileWide<'_>,
) -> FileAnalysis {
    // One walk of the tree for every query, the function index included.
    let matched = queries::Matched::collect(file);
    let calls = calls::matched(file, &matched);
    let functions = functions::matched(file, &matched);
    let names = Names::collect_indexed(file, &calls, &functions, &matched, file_wide);
    if !may_matter {
        return FileAnalysis { names, ..FileAnalysis::default() };
    }
    let known = whole.map(|whole| whole.placement);
    let (mut sections, placement) = match file.language() {
        Language::Python => python::sections::find(file, &names, &calls, &functions, &matched, known),
        Language::Rust => rust::sections::find(file, &names, &calls, &functions, &matched, known),
    };
    // Source order, stable among equal ranges: an analysis of part of the file
    // ([`incremental`]) merges its sections with earlier ones and must end in the same order.
    sections.sort_by_key(|section| (section.range.start, section.range.end));
    let mut findings = rules::check(file, &names, &sections, &calls, &functions, &matched);
    findings.sort_by_key(|finding| (finding.range.start, finding.range.end));
    FileAnalysis { sections, findings, names, placement }
}
