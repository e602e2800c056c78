//! Sections: regions of code whose work runs under a model other than plain sequential
//! execution, and the line that decides it.

use std::ops::Range;

use tree_sitter::Node;

use super::{Model, RunsOn, SourceFile};
use crate::catalogue::{ApiEntry, Kind};
use crate::locale::{Bilingual, Locale};

const FROM_LINE: Bilingual = Bilingual::new("(from line {line})", "(со строки {line})");
const SENT_BY: Bilingual = Bilingual::new(
    "This function is sent there by `{callee}` on line {line}.",
    "Эту функцию отправляет туда `{callee}` в строке {line}.",
);

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
    /// For a function that a call elsewhere in the file sends to another model: that call.
    pub sender: Option<Sender>,
    /// Whether the entry's own `place` still describes where this section runs; false once
    /// the analysis knows better (a tokio task on a `current_thread` runtime).
    pub entry_place: bool,
}

/// A fact about the whole file that moves some sections away from where their API alone puts
/// them: a Dask `Client` sends Dask work to a cluster, the runtime a Rust file builds places
/// its spawned tokio tasks. Kept with the analysis so that an analysis of part of the file
/// ([`super::incremental`]) can tell whether it saw the same fact as the whole file.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// No such fact: every section runs where its API says.
    #[default]
    AsDeclared,
    DaskCluster,
    TokioTasks(RunsOn),
}

/// The call that sends a function to run elsewhere: `pool.map(work, xs)` on line 12.
#[derive(Debug, Clone)]
pub struct Sender {
    /// The sending call's bytes.
    pub call: Range<usize>,
    /// The callee as written, e.g. `pool.map`.
    pub callee: String,
    /// 1-based line of the call, for labels.
    pub line: usize,
}

impl Sender {
    /// The line comes from the node's position, which the parser has already counted:
    /// counting newlines from the file's start for every sender made analysis quadratic.
    pub fn new(call: Node<'_>, callee: String) -> Sender {
        Sender { call: call.byte_range(), callee, line: call.start_position().row + 1 }
    }
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
            sender: None,
            entry_place: true,
        }
    }

    /// The hint text: the model word and where it runs, e.g. `parallel · 4 worker processes`;
    /// for a function sent elsewhere, also the line that sends it.
    pub fn label(&self, locale: Locale) -> String {
        let base = self.base_label(locale);
        match &self.sender {
            Some(sender) => format!("{base} {}", FROM_LINE.get(locale).replace("{line}", &sender.line.to_string())),
            None => base,
        }
    }

    fn base_label(&self, locale: Locale) -> String {
        if let Some(place) = self.origin.entry.texts(locale).place.as_ref().filter(|_| self.entry_place) {
            return format!("{} · {place}", self.model.word(locale));
        }
        format!("{} · {}", self.model.word(locale), self.runs_on.phrase(locale, self.workers))
    }

    /// Two lines that say what decides the model and what follows from it, and for a function
    /// sent elsewhere, a line naming the call that sends it.
    pub fn tooltip(&self, locale: Locale) -> String {
        let texts = self.origin.entry.texts(locale);
        let hint = texts.hint.as_deref().unwrap_or(texts.summary.as_str()).trim();
        match &self.sender {
            Some(sender) => format!(
                "{hint}\n{}",
                SENT_BY.get(locale).replace("{callee}", &sender.callee).replace("{line}", &sender.line.to_string())
            ),
            None => hint.to_owned(),
        }
    }
}

/// The sections that get a hint: at most one per line. When several are decided on the same
/// line, a function sent elsewhere beats its own `async def` (it says more: where and from
/// where), an API that sends work somewhere beats the keyword body it sends
/// (`tokio::spawn(async { .. })`), and otherwise the inner section wins.
pub fn hinted<'a>(
    sections: impl IntoIterator<Item = &'a Section>,
    line_of: impl Fn(usize) -> usize,
) -> Vec<&'a Section> {
    let priority =
        |section: &Section| (section.sender.is_some(), section.origin.entry.kind != Kind::Keyword, section.range.start);
    let mut chosen: Vec<&Section> = Vec::new();
    // Where each line's section is in `chosen`: a file can have thousands of sections.
    let mut by_line: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for section in sections.into_iter().filter(|s| s.model != Model::Sequential) {
        match by_line.entry(line_of(section.anchor)) {
            std::collections::hash_map::Entry::Occupied(slot) => {
                let existing = &mut chosen[*slot.get()];
                if priority(section) > priority(existing) {
                    *existing = section;
                }
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(chosen.len());
                chosen.push(section);
            }
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
