//! The analysis core: source text in, plain data out.
//!
//! Nothing here knows about LSP or terminals. Results use byte offsets into the analysed text;
//! [`crate::lsp`] and [`crate::cli`] turn them into positions for their audience.

pub mod actions;
pub mod arguments;
pub mod budget;
pub mod calls;
pub mod depth;
pub mod edit;
pub mod finding;
pub mod functions;
pub mod hover;
pub mod language;
pub mod model;
pub mod names;
pub mod python;
pub mod queries;
pub mod rules;
pub mod rust;
pub mod section;
pub mod source;

#[cfg(test)]
mod tests;

pub use edit::TextEdit;
pub use finding::{Finding, Fix, Severity};
pub use language::Language;
pub use model::{Model, RunsOn};
pub use section::{Section, SectionOrigin};
pub use source::SourceFile;

use names::Names;

/// Everything the tutor knows about one version of one file.
#[derive(Debug, Default)]
pub struct FileAnalysis {
    /// Regions of code that run under a model other than plain sequential execution.
    pub sections: Vec<Section>,
    /// Pitfalls, in source order.
    pub findings: Vec<Finding>,
    /// What the file's names refer to, kept for hover and code actions.
    pub names: Names,
}

/// Analyses a parsed file: execution-model sections first, then the pitfall rules, which use
/// the sections to know what model each call runs under.
pub fn analyze(file: &SourceFile) -> FileAnalysis {
    let calls = calls::collect(file);
    let names = Names::collect(file, &calls);
    let sections = match file.language() {
        Language::Python => python::sections::find(file, &names, &calls),
        Language::Rust => rust::sections::find(file, &names, &calls),
    };
    let mut findings = rules::check(file, &names, &sections, &calls);
    findings.sort_by_key(|finding| (finding.range.start, finding.range.end));
    FileAnalysis { sections, findings, names }
}
