//! Sections: regions of code whose work runs under a model other than plain sequential
//! execution, and the line that decides it.

use std::ops::Range;

use super::{Model, RunsOn, SourceFile};
use crate::catalogue::ApiEntry;
use crate::locale::Locale;

#[derive(Debug, Clone)]
pub struct Section {
    /// The code that runs under the model (a function body, a `with` block, an iterator chain).
    pub range: Range<usize>,
    /// The construct that decides the model: `async`, the `with` statement's start, `par_iter`.
    pub head: usize,
    /// Where the hint goes: the end of the line holding `head`.
    pub anchor: usize,
    pub model: Model,
    pub runs_on: RunsOn,
    /// The number of workers, when the code states it as a literal.
    pub workers: Option<u32>,
    /// The API, keyword or syntax that starts the section; its texts explain the hint.
    pub origin: SectionOrigin,
}

#[derive(Debug, Clone, Copy)]
pub struct SectionOrigin {
    pub entry: &'static ApiEntry,
}

impl Section {
    pub fn new(file: &SourceFile, range: Range<usize>, head: usize, entry: &'static ApiEntry) -> Section {
        Section {
            range,
            head,
            anchor: file.line_range(head).end,
            model: entry.model,
            runs_on: entry.runs_on,
            workers: None,
            origin: SectionOrigin { entry },
        }
    }

    /// The hint text: the model word and where it runs, e.g. `parallel · 4 worker processes`.
    pub fn label(&self, locale: Locale) -> String {
        format!("{} · {}", self.model.word(locale), self.runs_on.phrase(locale, self.workers))
    }

    /// Two lines that say what decides the model and what follows from it.
    pub fn tooltip(&self, locale: Locale) -> &'static str {
        let texts = self.origin.entry.texts(locale);
        texts.hint.as_deref().unwrap_or(texts.summary.as_str()).trim()
    }
}

/// The sections that get a hint: at most one per line. When two sections are decided on the
/// same line, the inner one wins, because it describes the code the line actually starts.
pub fn hinted<'a>(
    sections: impl IntoIterator<Item = &'a Section>,
    line_of: impl Fn(usize) -> usize,
) -> Vec<&'a Section> {
    let mut chosen: Vec<&Section> = Vec::new();
    for section in sections.into_iter().filter(|s| s.model != Model::Sequential) {
        let line = line_of(section.anchor);
        match chosen.iter_mut().find(|existing| line_of(existing.anchor) == line) {
            Some(existing) if section.range.start > existing.range.start => *existing = section,
            Some(_) => {}
            None => chosen.push(section),
        }
    }
    chosen.sort_by_key(|section| section.anchor);
    chosen
}

/// The model that code at `range` runs under: that of the innermost section holding it.
pub fn model_at(sections: &[Section], range: &Range<usize>) -> Model {
    sections
        .iter()
        .filter(|section| section.range.start <= range.start && range.end <= section.range.end)
        .min_by_key(|section| section.range.len())
        .map_or(Model::Sequential, |section| section.model)
}
