//! `concurrency-tutor explain`: a file with its hints at the ends of lines and its pitfalls
//! underlined below them, the way an editor shows them; or, for a rule code, the rule's doc.

use std::fmt::Write;
use std::path::Path;
use std::process::ExitCode;

use super::files;
use super::location::Lines;
use super::style::Style;
use crate::analysis::section::hinted;
use crate::analysis::{Language, Severity, SourceFile, analyze, rules};
use crate::locale::{Bilingual, Level, Locale};

pub fn run(target: &str, locale: Locale, level: Level, colored: bool) -> ExitCode {
    let path = Path::new(target);
    if !path.exists() {
        if let Some(rule) = rules::by_code(target) {
            print!("{}\n\n{}", rule.code, rule.doc.get(locale));
            return ExitCode::SUCCESS;
        }
    }
    let outcome = match Language::from_path(path) {
        _ if !path.exists() => Err(format!("{target}: no such file, and not a rule code")),
        _ if path.is_dir() => {
            Err(format!("{target}: is a directory; explain takes one file (check walks directories)"))
        }
        None => Err(format!("{target}: not a Python (.py, .pyi) or Rust (.rs) file")),
        Some(language) => files::read(path, None).and_then(|text| {
            files::check_depth(path, &SourceFile::parse(language, text.as_str()))?;
            Ok(render(&text, language, locale, level, Style { colored }))
        }),
    };
    match outcome {
        Ok(rendered) => {
            print!("{rendered}");
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("concurrency-tutor: {problem}");
            ExitCode::from(2)
        }
    }
}

const FIX: Bilingual = Bilingual::new("fix", "исправление");

/// Renders `text` with a line-number gutter, hints after their lines and pitfalls under them.
pub fn render(text: &str, language: Language, locale: Locale, level: Level, style: Style) -> String {
    let file = SourceFile::parse(language, text);
    let analysis = analyze(&file);
    let lines = Lines::new(text);
    let hints = hinted(&analysis.sections, |offset| lines.index_of(offset));
    let width = lines.count().to_string().len();
    let gutter = |number: Option<usize>| {
        let label = number.map_or(String::new(), |n| n.to_string());
        style.dim(&format!("{label:>width$} │ "))
    };
    let mut out = String::new();
    for index in 0..lines.count() {
        let line = lines.line(index);
        if index + 1 == lines.count() && line.is_empty() {
            break;
        }
        let _ = write!(out, "{}{line}", gutter(Some(index + 1)));
        let hint = hints.iter().find(|section| lines.index_of(section.anchor) == index);
        if let Some(section) = hint {
            let _ = write!(out, "  {}", style.hint(&format!("‹{}›", section.label(locale))));
        }
        out.push('\n');
        if let (Some(section), Level::Beginner) = (hint, level) {
            let indent = leading_whitespace(line);
            for tooltip_line in section.tooltip(locale).lines() {
                let _ = writeln!(out, "{}{indent}{}", gutter(None), style.dim(tooltip_line.trim()));
            }
        }
        let line_start = lines.start_of(index);
        for finding in analysis.findings.iter().filter(|f| lines.index_of(f.range.start) == index) {
            let start = finding.range.start - line_start;
            let end = (finding.range.end - line_start).min(line.len());
            let prefix = carets_prefix(&line[..start]);
            let carets = "^".repeat(line[start..end].chars().count().max(1));
            let paint = |text: &str| match finding.severity() {
                Severity::Warning => style.warning(text),
                Severity::Information => style.information(text),
            };
            let _ = writeln!(
                out,
                "{}{prefix}{} {}",
                gutter(None),
                paint(&carets),
                paint(&format!("{} {}", finding.code(), finding.message(locale)))
            );
            if finding.fix.is_some() {
                let _ = writeln!(
                    out,
                    "{}{prefix}{}",
                    gutter(None),
                    style.fix(&format!("{}: {}", FIX.get(locale), finding.fix_title(locale)))
                );
            }
        }
    }
    out
}

/// Spaces that line carets up under the code, keeping tabs so they expand the same way.
fn carets_prefix(before: &str) -> String {
    before.chars().map(|c| if c == '\t' { '\t' } else { ' ' }).collect()
}

fn leading_whitespace(line: &str) -> &str {
    &line[..line.len() - line.trim_start().len()]
}
