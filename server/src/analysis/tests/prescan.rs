//! The pre-scan never changes a result: on every program the repository holds (the labelled
//! corpus, the compiled Rust fix programs, every fixture of these tests, the rule documents'
//! examples and the tutor's own sources), the analysis with the pre-scan equals the analysis
//! with everything forced on, in both languages; analysing only the regions `check` parses
//! ([`partial`]) gives what analysing the whole file gives; and the single walk that runs all
//! queries at once gives each query exactly the matches, in the same order, that a pass of its
//! own gives.

use std::path::{Path, PathBuf};

use super::fixture;
use crate::analysis::chunks::ChunkKind;
use crate::analysis::{FileAnalysis, Language, SourceFile, analyze, analyze_everything, partial, prescan, queries};
use crate::locale::Locale;

fn files_under(dir: &Path, extensions: &[&str], found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, extensions, found);
        } else if path.extension().is_some_and(|e| extensions.contains(&e.to_str().unwrap_or_default())) {
            found.push(path);
        }
    }
}

/// The raw-string fixtures (`r#"…"#`) of the analysis tests, as the tests see them.
fn fixtures(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find("r#\"") {
        let body = &rest[start + 3..];
        let Some(end) = body.find("\"#") else { break };
        found.push(fixture::trim_indent(&body[..end]).replacen("$0", "", 1));
        rest = &body[end + 2..];
    }
    found
}

/// Code blocks of the rule documents (`Example`, `Use instead`).
fn code_blocks(markdown: &str) -> Vec<String> {
    markdown
        .split("```")
        .skip(1)
        .step_by(2)
        .map(|block| block.split_once('\n').map_or("", |(_, code)| code).to_owned())
        .collect()
}

pub(super) fn programs() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files_under(&root.join("tests/corpus"), &["py", "rs"], &mut paths);
    files_under(&root.join("tests/rust_fixes/programs"), &["rs"], &mut paths);
    files_under(&root.join("src"), &["rs", "md"], &mut paths);
    assert!(paths.len() > 60, "{} files", paths.len());
    let mut programs = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        if path.extension().is_some_and(|e| e == "md") {
            programs.extend(code_blocks(&text));
            continue;
        }
        if path.starts_with(root.join("src/analysis/tests")) {
            programs.extend(fixtures(&text));
        }
        programs.push(text);
    }
    programs
}

/// Everything a user sees from an analysis: hints with their texts, and findings with their fixes.
pub(super) fn visible(analysis: &FileAnalysis) -> String {
    let mut out = String::new();
    for section in &analysis.sections {
        out.push_str(&format!(
            "section {:?} head {} {:?} {:?} {}\n",
            section.range,
            section.head,
            section.model,
            section.runs_on,
            section.label(Locale::En)
        ));
    }
    for finding in &analysis.findings {
        let fix = finding.fix.as_ref().map(|fix| (fix.safe, &fix.edits));
        out.push_str(&format!("finding {} {:?} {} {:?}\n", finding.code(), finding.range, finding.subject, fix));
    }
    out
}

#[test]
fn the_prescan_never_changes_sections_or_findings() {
    let (mut skipped, mut analysed, mut reported) = (0, 0, 0);
    for program in programs() {
        for language in Language::ALL {
            let file = SourceFile::parse(language, program.as_str());
            let (fast, full) = (visible(&analyze(&file)), visible(&analyze_everything(&file)));
            assert_eq!(fast, full, "{language:?}:\n{program}");
            if prescan::may_matter(language, &program) {
                analysed += 1;
                reported += usize::from(!full.is_empty());
            } else {
                skipped += 1;
            }
        }
    }
    // Both paths were exercised, on programs that do report something.
    assert!(
        skipped > 50 && analysed > 50 && reported > 50,
        "{skipped} skipped, {analysed} analysed, {reported} reported"
    );
}

/// The pre-scan stops at the first alternative that holds, having scanned the prose only that
/// far: it says what every occurrence says, on every program alone, and with a string the scan
/// cannot follow after it (then no prose is left out anywhere) or a comment before it.
#[test]
fn the_prescan_says_what_every_occurrence_says() {
    let (mut matter, mut not) = (0, 0);
    for program in programs() {
        let variants = [program.clone(), format!("{program}\nx = \"\"\"unclosed\n"), format!("# {program}")];
        for (language, text) in
            Language::ALL.into_iter().flat_map(|language| variants.iter().map(move |t| (language, t)))
        {
            let occurrences =
                prescan::triggers(language).may_matter(text) && !prescan::satisfied_offsets(language, text).is_empty();
            assert_eq!(prescan::may_matter(language, text), occurrences, "{language:?}:\n{text}");
            *if occurrences { &mut matter } else { &mut not } += 1;
        }
    }
    assert!(matter > 50 && not > 50, "{matter} matter, {not} do not");
}

/// The top-level definitions of `program` (by the text chunker), or nothing.
fn definitions(program: &str) -> String {
    let chunks = crate::analysis::python::regions::chunks(program).unwrap_or_default();
    chunks
        .iter()
        .filter(|chunk| chunk.kind == ChunkKind::Definition)
        .map(|chunk| program[chunk.range.clone()].to_owned())
        .collect()
}

/// A definition nothing else mentions: always left out of the regions.
const UNRELATED: &str = "class Unrelated:\n    def method(self):\n        return None\n";

/// Analysing only the regions [`partial`] picks gives what analysing the whole file gives. Every
/// Python program is checked alone and with the definitions of other programs before or after
/// it, and between two definitions nothing mentions (unrelated code next to code that matters,
/// as in a large module), with regions parsed
/// whenever they leave anything out.
#[test]
fn parsing_only_the_regions_that_matter_never_changes_sections_or_findings() {
    let programs: Vec<String> = programs()
        .into_iter()
        .filter(|program| !SourceFile::parse(Language::Python, program.as_str()).root().has_error())
        .collect();
    let (mut partial_parses, mut left_out, mut given_up) = (0, 0, 0);
    for (index, program) in programs.iter().enumerate() {
        let others: String = (1..=3).map(|n| definitions(&programs[(index + n) % programs.len()])).collect();
        let program =
            if program.ends_with('\n') || program.is_empty() { program.clone() } else { format!("{program}\n") };
        let texts = [
            program.clone(),
            format!("{others}{program}"),
            format!("{program}{others}"),
            format!("{UNRELATED}{program}{UNRELATED}"),
        ];
        for text in texts {
            let whole = visible(&analyze_everything(&SourceFile::parse(Language::Python, text.as_str())));
            let part = partial::parse_with(Language::Python, text.as_str().into(), 1.0);
            match part.analyze() {
                Some(analysis) => assert_eq!(visible(&analysis), whole, "{text}"),
                // `check` then analyses the whole file.
                None => given_up += 1,
            }
            if let Some(regions) = partial::regions_with(Language::Python, &text, 1.0)
                && !part.file.root().has_error()
            {
                partial_parses += 1;
                left_out += text.len() - regions.iter().map(|region| region.len()).sum::<usize>();
            }
        }
    }
    // Regions were really left out, in enough programs to mean something.
    assert!(partial_parses > 150 && left_out > 30_000, "{partial_parses} partial parses, {left_out} bytes left out");
    assert!(given_up * 20 < partial_parses, "{given_up} of {partial_parses} partial parses given up");
}

#[test]
fn one_walk_for_all_queries_gives_each_query_its_own_matches_in_order() {
    let mut compared = 0;
    for program in programs() {
        for language in Language::ALL {
            let file = SourceFile::parse(language, program.as_str());
            let matched = queries::Matched::collect(&file);
            for (query_language, query) in queries::all() {
                if query_language != language {
                    continue;
                }
                let (mut alone, mut together) = (Vec::new(), Vec::new());
                query.for_each_match(&file, file.root(), |found| alone.push(found.describe()));
                matched.for_each(query, |found| together.push(found.describe()));
                assert_eq!(alone, together, "{language:?} {}:\n{program}", query.name);
                compared += alone.len();
            }
        }
    }
    assert!(compared > 1000, "{compared} matches compared");
}
