//! Part 5 (on request, not in the default run): where an edit's time goes, measured inside
//! this process on the same large files and edits as part 2. The server does these steps for
//! every edit before it can publish diagnostics; the table shows each one, how often the edit
//! was analysed in part, and why the others were analysed whole, so a miss in part 2 points
//! at its cause.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use concurrency_tutor::analysis::incremental::{self, Change, Previous, Reuse};
use concurrency_tutor::analysis::source::input_edit;
use concurrency_tutor::analysis::{Language, SourceFile, analyze, chunks, depth};
use concurrency_tutor::lsp::line_index::LineIndex;

use crate::inputs::{self, Lang};
use crate::run::Config;
use crate::table::{Samples, Table, ms};

pub fn profile_table(config: &Config, bases: &[(Lang, Vec<(PathBuf, String)>)]) -> Result<Table, String> {
    let mut table = Table::new("5. Where an edit's time goes (in process)", &["n", "p50", "p99"]);
    table.note("the steps the server takes per edit, timed one by one on part 2's files and edits");
    table.note(
        "a whole analysis leaves the chunks uncut, as in the server, which cuts them after publishing: not timed",
    );
    for (lang, base) in bases {
        let (text, _) = inputs::sized(base, config.large_lines, *lang);
        let language = match lang {
            Lang::Python => Language::Python,
            Lang::Rust => Language::Rust,
        };
        let measured = edits(language, &text, config.edits, config.budget);
        let l = lang.name();
        for (step, samples) in [
            ("reparse", &measured.reparse),
            ("depth check", &measured.depth),
            ("analysis (as reused)", &measured.analysis),
            ("analysis, edits analysed in part", &measured.partial),
            ("line index", &measured.lines),
            ("whole analysis, for comparison", &measured.whole),
        ] {
            let samples = Samples::new(samples.clone());
            // No edit may have been analysed in part (a file whose every edit went whole).
            let at = |percent: f64| if samples.len() == 0 { "—".to_owned() } else { ms(samples.percentile(percent)) };
            let cells = vec![samples.len().to_string(), at(50.0), at(99.0)];
            table.row(format!("{l}: {step}"), cells, None);
        }
        let partial = measured.analysed.len();
        let chunks = measured.analysed.iter().map(|(_, of, _)| of).sum::<usize>() / partial.max(1);
        let median = |pick: fn(&(usize, usize, usize)) -> usize| {
            let mut values: Vec<usize> = measured.analysed.iter().map(pick).collect();
            values.sort_unstable();
            values.get(values.len() / 2).copied().unwrap_or(0)
        };
        table.note(format!(
            "{l}: of {} edits, {} only inside a comment (results moved), {partial} analysed in part (median {} of about {chunks} chunks analysed again, on a tree of {} KB of the file's {} KB)",
            measured.reparse.len(),
            measured.comments,
            median(|(analysed, _, _)| *analysed),
            median(|(_, _, parsed)| *parsed) / 1024,
            text.len() / 1024,
        ));
        for (why, count) in &measured.whole_reasons {
            table.note(format!("{l}: analysed whole {count} times: {why}"));
        }
    }
    Ok(table)
}

#[derive(Default)]
struct Measured {
    reparse: Vec<Duration>,
    depth: Vec<Duration>,
    analysis: Vec<Duration>,
    /// The analysis of the edits analysed in part, alone.
    partial: Vec<Duration>,
    lines: Vec<Duration>,
    whole: Vec<Duration>,
    /// (chunks analysed again, chunks, bytes parsed) for each edit analysed in part.
    analysed: Vec<(usize, usize, usize)>,
    whole_reasons: BTreeMap<&'static str, usize>,
    /// Edits inside a comment, whose results were only moved.
    comments: usize,
}

/// Types `x` at each of part 2's edit sites and deletes it again, as the editor session does.
fn edits(language: Language, text: &str, count: usize, budget: Duration) -> Measured {
    let lang = if language == Language::Python { Lang::Python } else { Lang::Rust };
    let mut measured = Measured::default();
    let mut text = text.to_owned();
    let mut file = SourceFile::parse(language, text.as_str());
    let mut reach = depth::check(&file, None).unwrap_or_default();
    let (mut analysis, mut chunks, _) = incremental::analyze_edited(&file, &reach, None);
    let line_starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect();
    let mut lines = LineIndex::new(&text);
    let started = Instant::now();
    'typing: for site in inputs::edit_sites(&text, lang, count.div_ceil(2)) {
        let at = line_starts[site.line] + site.column;
        for (range, replacement) in [(at..at, "x"), (at..at + 1, "")] {
            let edited = range.clone();
            let clock = Instant::now();
            let mut tree = file.tree().clone();
            tree.edit(&input_edit(&text, range.clone(), replacement));
            text.replace_range(range, replacement);
            let next = SourceFile::reparse(language, text.as_str(), Some(&tree));
            measured.reparse.push(clock.elapsed());

            // The depth check takes what it learnt of the previous version, as the server does.
            let clock = Instant::now();
            let change = Change::between(file.text(), next.text());
            let next_reach = depth::check(&next, Some((&reach, &change))).unwrap_or_default();
            measured.depth.push(clock.elapsed());

            // Indexed as the server does while the user reads the previous diagnostics: untimed.
            let definers = std::sync::OnceLock::from(incremental::DefinerIndex::of(&chunks, true));
            let clock = Instant::now();
            let (known, change) = (Some(&reach), &change);
            let previous = Previous {
                file: &file,
                analysis: &analysis,
                chunks: &chunks,
                definers: &definers,
                reach: known,
                change,
            };
            let (next_analysis, next_chunks, reuse) =
                incremental::analyze_edited_uncut(&next, &next_reach, Some(previous));
            measured.analysis.push(clock.elapsed());
            // As the server does, after publishing: untimed.
            let next_chunks = next_chunks.unwrap_or_else(|| chunks::split(&next));
            match reuse {
                Reuse::Partial { analysed, chunks, parsed } => {
                    measured.partial.push(clock.elapsed());
                    measured.analysed.push((analysed, chunks, parsed));
                }
                Reuse::CommentOnly | Reuse::CommentInWindow | Reuse::Unchanged => measured.comments += 1,
                Reuse::Whole(why) => *measured.whole_reasons.entry(why).or_default() += 1,
            }

            let clock = Instant::now();
            lines.edit(next.text(), edited.clone(), replacement.len());
            measured.lines.push(clock.elapsed());

            if measured.whole.len() < 20 {
                let clock = Instant::now();
                std::hint::black_box(analyze(&next));
                measured.whole.push(clock.elapsed());
            }
            (file, analysis, chunks, reach) = (next, next_analysis, next_chunks, next_reach);
        }
        if measured.reparse.len() >= count || started.elapsed() > budget {
            break 'typing;
        }
    }
    measured
}
