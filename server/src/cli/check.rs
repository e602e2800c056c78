//! `concurrency-tutor check`: pitfalls (and, on request, model annotations) for many files,
//! printed like a linter or as JSON. Files are analysed in parallel on every core.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use super::files;
use super::location::Lines;
use crate::analysis::section::hinted;
use crate::analysis::{FileAnalysis, Language, Model, Severity, SourceFile, analyze_everything, partial, prescan};
use crate::locale::{Bilingual, Locale};

/// One line of output: a pitfall or a model annotation. Lines and columns are 1-based; the
/// end column is exclusive.
#[derive(Debug, Serialize)]
pub struct Record {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub kind: &'static str,
    pub model: Model,
    pub code: Option<&'static str>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixable: Option<bool>,
}

/// `whole_files` parses every file whole (see `analysis::partial`); the output is the same.
pub fn run(
    paths: &[PathBuf],
    json: bool,
    with_models: bool,
    locale: Locale,
    max_size: Option<usize>,
    whole_files: bool,
) -> ExitCode {
    let (files, mut problems) = files::collect(paths);
    let mut records = Vec::new();
    let mut checked = 0;
    for outcome in analyze_in_parallel(&files, locale, max_size, whole_files) {
        match outcome {
            Ok(file_records) => {
                checked += 1;
                records.extend(file_records);
            }
            Err(problem) => problems.push(problem),
        }
    }
    for problem in &problems {
        eprintln!("concurrency-tutor: {problem}");
    }
    let warnings = records.iter().filter(|r| r.severity == Some(Severity::Warning)).count();
    if json {
        match serde_json::to_string_pretty(&records) {
            Ok(text) => println!("{text}"),
            Err(error) => eprintln!("concurrency-tutor: cannot write JSON: {error}"),
        }
    } else {
        print_text(&records, with_models, checked, locale);
    }
    if warnings > 0 {
        ExitCode::from(1)
    } else if !problems.is_empty() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_text(records: &[Record], with_models: bool, file_count: usize, locale: Locale) {
    let mut pitfalls = 0;
    let mut fixable = 0;
    for record in records {
        match record.code {
            Some(code) => {
                pitfalls += 1;
                fixable += usize::from(record.fixable == Some(true));
                println!("{}:{}:{}: {code} {}", record.path, record.line, record.column, record.message);
            }
            None if with_models => println!("{}:{}:{}: {}", record.path, record.line, record.column, record.message),
            None => {}
        }
    }
    let summary = if pitfalls == 0 {
        SUMMARY_CLEAN.get(locale).replace("{files}", &file_count.to_string())
    } else {
        SUMMARY_FOUND
            .get(locale)
            .replace("{pitfalls}", &pitfalls.to_string())
            .replace("{fixable}", &fixable.to_string())
            .replace("{files}", &file_count.to_string())
    };
    println!("{summary}");
}

const SUMMARY_CLEAN: Bilingual =
    Bilingual::new("No concurrency pitfalls in {files} file(s).", "Проблем с конкурентностью нет (файлов: {files}).");
const SUMMARY_FOUND: Bilingual = Bilingual::new(
    "Found {pitfalls} pitfall(s), {fixable} with a quick fix, in {files} file(s).",
    "Найдено проблем: {pitfalls}, из них с быстрым исправлением: {fixable} (файлов: {files}).",
);

/// A file's records, or why it could not be checked.
type Outcome = Result<Vec<Record>, String>;

/// Analyses files on all cores; the results come back in the order of `files`.
fn analyze_in_parallel(
    files: &[(PathBuf, Language)],
    locale: Locale,
    max_size: Option<usize>,
    whole_files: bool,
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new((0..files.len()).map(|_| None).collect());
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len().max(1));
    let work = || {
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some((path, language)) = files.get(index) else { break };
            let outcome = check_file(path, *language, locale, max_size, whole_files);
            results.lock().unwrap_or_else(|poisoned| poisoned.into_inner())[index] = Some(outcome);
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..workers {
            // Analysis recurses along the tree; give it room (see `analysis::depth`). If no
            // thread can be started, this one does the work.
            let worker = std::thread::Builder::new().stack_size(crate::ANALYSIS_STACK_SIZE);
            if worker.spawn_scoped(scope, work).is_err() {
                work();
            }
        }
    });
    results.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()).into_iter().flatten().collect()
}

/// Parses and analyses all of `text` (the pre-scan has been done).
fn analyze_whole(path: &Path, language: Language, text: &str) -> Result<FileAnalysis, String> {
    let file = SourceFile::parse(language, text);
    files::check_depth(path, &file)?;
    Ok(analyze_everything(&file))
}

pub fn check_file(
    path: &Path,
    language: Language,
    locale: Locale,
    max_size: Option<usize>,
    whole_files: bool,
) -> Outcome {
    let text = files::read(path, max_size)?;
    // Most files cannot hold anything to report: they are not parsed at all. The others are
    // parsed only where they can have results, unless told to parse them whole.
    let analysis = if whole_files {
        if !prescan::may_matter(language, &text) {
            return Ok(Vec::new());
        }
        analyze_whole(path, language, &text)?
    } else {
        let Some(part) = partial::parse_if_it_matters(language, &text) else {
            return Ok(Vec::new());
        };
        files::check_depth(path, &part.file)?;
        match part.analyze() {
            Some(analysis) => analysis,
            None => analyze_whole(path, language, &text)?,
        }
    };
    let lines = Lines::new(&text);
    let shown_path = path.display().to_string();
    let record = |start: usize, end: usize, kind, model, code, message, severity, fixable| {
        let (line, column) = lines.line_column(start);
        let (end_line, end_column) = lines.line_column(end);
        Record {
            path: shown_path.clone(),
            line,
            column,
            end_line,
            end_column,
            kind,
            model,
            code,
            message,
            severity,
            fixable,
        }
    };
    let mut records: Vec<Record> = hinted(&analysis.sections, |offset| lines.index_of(offset))
        .into_iter()
        .map(|section| {
            let tooltip = section.tooltip(locale);
            let first_line = tooltip.lines().next().unwrap_or_default();
            let message = format!("{}: {first_line}", section.label(locale));
            record(section.head, section.range.end, "model", section.model, None, message, None, None)
        })
        .collect();
    records.extend(analysis.findings.iter().map(|finding| {
        let message = finding.message(locale);
        let (code, severity, fixable) = (Some(finding.code()), Some(finding.severity()), Some(finding.fix.is_some()));
        record(finding.range.start, finding.range.end, "pitfall", finding.model, code, message, severity, fixable)
    }));
    records.sort_by_key(|r| (r.line, r.column, r.code.is_some()));
    Ok(records)
}
