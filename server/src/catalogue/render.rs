//! Renders catalogue entries as the Markdown a hover shows.
//!
//! Layout: the model and a one-line summary first, because a glance should be enough; then the
//! explanation, a timeline of how work overlaps under that model, the pitfalls and the link.
//! The beginner level adds an everyday analogy and the timeline; the expert level keeps the facts.

use std::fmt::Write;

use super::{ApiEntry, ConceptEntry, Texts};
use crate::analysis::Model;
use crate::locale::{Bilingual, Level, Locale};

/// The hover for an API, keyword or syntax form. The first line says it all at a glance:
/// the model, where the work runs and what the API does.
pub fn api_hover(entry: &ApiEntry, locale: Locale, level: Level) -> String {
    let texts = entry.texts(locale);
    let mut out = String::new();
    // A condition that changes the model is worth the first line: `@njit` vs `parallel=True`.
    let condition = entry
        .when
        .as_ref()
        .and_then(|when| when.model.map(|model| (when, model)))
        .map_or(String::new(), |(when, model)| {
            format!(" ({} `{}`: **{}**)", WITH.get(locale), when.describe(), model.word(locale))
        });
    let _ = writeln!(
        out,
        "**{}**{condition} · {} — {}\n\n`{}`",
        entry.model.word(locale),
        entry.runs_on.name(locale),
        texts.summary.trim(),
        display_name(entry),
    );
    write_body(&mut out, texts, Some(entry.model), &entry.docs, locale, level);
    out
}

const WITH: Bilingual = Bilingual::new("with", "с");

/// The hover for a concept named in a comment or string.
pub fn concept_hover(entry: &ConceptEntry, locale: Locale, level: Level) -> String {
    let texts = entry.texts(locale);
    let mut out = format!("**{}**\n", texts.summary.trim());
    write_body(&mut out, texts, None, &entry.docs, locale, level);
    out
}

/// The name users write: the first qualified name, else the method or keyword.
fn display_name(entry: &ApiEntry) -> String {
    if let Some(name) = entry.names.first() {
        return name.clone();
    }
    if let Some(method) = entry.methods.first() {
        return format!(".{method}()");
    }
    entry.keywords.first().cloned().unwrap_or_else(|| entry.id.clone())
}

const PITFALLS: Bilingual = Bilingual::new("Pitfalls", "Подводные камни");
const INSTEAD: Bilingual = Bilingual::new("Instead", "Вместо этого");
const DOCS: Bilingual = Bilingual::new("Documentation", "Документация");

fn write_body(out: &mut String, texts: &Texts, model: Option<Model>, docs: &str, locale: Locale, level: Level) {
    let _ = writeln!(out, "\n{}", texts.explanation.trim());
    if level == Level::Beginner {
        if let Some(analogy) = &texts.analogy {
            let _ = writeln!(out, "\n_{}_", analogy.trim());
        }
        if let Some(diagram) = model.and_then(|model| timeline(model, locale)) {
            let _ = writeln!(out, "\n```text\n{diagram}\n```");
        }
    }
    if !texts.pitfalls.is_empty() {
        let _ = writeln!(out, "\n**{}**", PITFALLS.get(locale));
        for pitfall in &texts.pitfalls {
            let _ = writeln!(out, "- {}", pitfall.trim());
        }
    }
    if let Some(instead) = &texts.instead {
        let _ = writeln!(out, "\n**{}:** {}", INSTEAD.get(locale), instead.trim());
    }
    let _ = writeln!(out, "\n[{}]({docs})", DOCS.get(locale));
}

/// A small picture of how two pieces of work overlap in time under `model`.
pub fn timeline(model: Model, locale: Locale) -> Option<&'static str> {
    let picture = match model {
        Model::Sequential => return None,
        Model::Concurrent => Bilingual::new(
            "A ██··██··██   one thread; A and B take turns\nB ··██··██··   at each await (one cook, two pots)",
            "A ██··██··██   один поток; A и B сменяют друг друга\nB ··██··██··   на каждом await (один повар, две кастрюли)",
        ),
        Model::Parallel => Bilingual::new(
            "A ██████████   core 1\nB ██████████   core 2: both at the same instant (two cooks, two stoves)",
            "A ██████████   ядро 1\nB ██████████   ядро 2: оба в один и тот же момент (два повара, две плиты)",
        ),
        Model::Gpu => Bilingual::new(
            "CPU ██······██   launch, then wait or do other work\nGPU ··██████··   one kernel, thousands of threads",
            "CPU ██······██   запуск, затем ожидание или другая работа\nGPU ··██████··   одно ядро, тысячи потоков",
        ),
        Model::Distributed => Bilingual::new(
            "here  ██·······██   send a message, later read the result\nhost1 ··█████····   workers on other machines\nhost2 ···█████···",
            "здесь ██·······██   отправить сообщение, потом забрать результат\nхост1 ··█████····   исполнители на других машинах\nхост2 ···█████···",
        ),
    };
    Some(picture.get(locale))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;

    #[test]
    fn levels_differ_in_analogy_and_timeline() {
        let entry = Catalogue::global().api("asyncio.gather").unwrap();
        let beginner = api_hover(entry, Locale::En, Level::Beginner);
        let expert = api_hover(entry, Locale::En, Level::Expert);
        assert!(
            beginner.starts_with("**concurrent** · event loop — Runs several awaitables concurrently"),
            "{beginner}"
        );
        assert!(beginner.contains("\n\n`asyncio.gather`\n"), "{beginner}");
        assert!(beginner.contains("```text"));
        assert!(!expert.contains("```text"));
        assert!(expert.len() < beginner.len());
        assert!(expert.contains("https://docs.python.org/3/library/asyncio-task.html"));
    }

    #[test]
    fn every_timeline_line_fits_a_hover() {
        for model in [Model::Concurrent, Model::Parallel, Model::Gpu, Model::Distributed] {
            for locale in [Locale::En, Locale::Ru] {
                for line in timeline(model, locale).unwrap().lines() {
                    assert!(line.chars().count() <= 80, "{line}");
                }
            }
        }
    }
}
