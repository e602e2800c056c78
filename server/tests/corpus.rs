//! Accuracy of the execution-model hints on the labelled corpus (`tests/corpus/`): recall per
//! model and language, and hints on lines labelled sequential. Fails when any recall is under
//! 95% or any sequential line is hinted. Run with `--nocapture` to see the table.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use concurrency_tutor::analysis::section::hinted;
use concurrency_tutor::analysis::{Language, Model, SourceFile, analyze};

const MIN_RECALL: f64 = 0.95;

type Labels = BTreeMap<String, BTreeMap<String, String>>;

fn labels(corpus: &Path) -> Labels {
    let mut all = Labels::new();
    for name in ["labels_python.toml", "labels_rust.toml"] {
        let path = corpus.join(name);
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let file: Labels = toml::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        for (program, lines) in file {
            assert!(all.insert(program.clone(), lines).is_none(), "{program} is labelled twice");
        }
    }
    all
}

fn model_of(label: &str) -> Model {
    match label {
        "concurrent" => Model::Concurrent,
        "parallel" => Model::Parallel,
        "gpu" => Model::Gpu,
        "distributed" => Model::Distributed,
        other => panic!("unknown model label `{other}`"),
    }
}

#[derive(Default)]
struct Tally {
    labelled: usize,
    found: usize,
}

#[test]
fn hints_match_the_labelled_corpus() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let labels = labels(&corpus);
    let mut recall: BTreeMap<(&str, Model), Tally> = BTreeMap::new();
    let mut sequential_lines = BTreeMap::<&str, (usize, usize)>::new();
    let mut problems = Vec::new();

    for dir in ["python", "rust"] {
        let Ok(entries) = std::fs::read_dir(corpus.join(dir)) else { continue };
        let mut programs: Vec<_> = entries.map(|entry| entry.unwrap().path()).collect();
        programs.sort();
        for path in programs {
            let name = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
            let language = Language::from_path(&path).unwrap_or_else(|| panic!("{name}: not a corpus language"));
            let Some(expected) = labels.get(&name) else {
                problems.push(format!("{name}: not in the labels file"));
                continue;
            };
            let text = std::fs::read_to_string(&path).unwrap();
            let file = SourceFile::parse(language, text.as_str());
            let analysis = analyze(&file);
            let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
            let hints: BTreeMap<usize, Model> = hinted(&analysis.sections, line_of)
                .iter()
                .map(|section| (line_of(section.anchor), section.model))
                .collect();
            let expected: BTreeMap<usize, Model> = expected
                .iter()
                .map(|(line, model)| {
                    (line.parse().unwrap_or_else(|_| panic!("{name}: bad line `{line}`")), model_of(model))
                })
                .collect();
            for (&line, &model) in &expected {
                let tally = recall.entry((dir, model)).or_default();
                tally.labelled += 1;
                match hints.get(&line) {
                    Some(&got) if got == model => tally.found += 1,
                    Some(&got) => problems.push(format!("{name}:{line}: expected {}, hinted {}", model.id(), got.id())),
                    None => problems.push(format!("{name}:{line}: expected {}, no hint", model.id())),
                }
            }
            let line_count = text.lines().count();
            let unlabelled: BTreeSet<usize> = (1..=line_count).filter(|line| !expected.contains_key(line)).collect();
            let wrongly_hinted: Vec<usize> = hints.keys().copied().filter(|line| unlabelled.contains(line)).collect();
            for line in &wrongly_hinted {
                problems.push(format!("{name}:{line}: sequential, but hinted {}", hints[line].id()));
            }
            let tally = sequential_lines.entry(dir).or_default();
            tally.0 += unlabelled.len();
            tally.1 += wrongly_hinted.len();
        }
    }

    println!("\n{:<8} {:<12} {:>8} {:>8} {:>8}", "language", "model", "labelled", "hinted", "recall");
    let mut failing = Vec::new();
    for ((language, model), tally) in &recall {
        let rate = tally.found as f64 / tally.labelled as f64;
        println!("{language:<8} {:<12} {:>8} {:>8} {:>7.1}%", model.id(), tally.labelled, tally.found, rate * 100.0);
        if rate < MIN_RECALL {
            failing.push(format!("{language} {}: recall {:.1}%", model.id(), rate * 100.0));
        }
    }
    for (language, (lines, hinted)) in &sequential_lines {
        println!(
            "{language:<8} {:<12} {lines:>8} {hinted:>8} {:>7.2}% hinted",
            "sequential",
            *hinted as f64 * 100.0 / *lines as f64
        );
        if *hinted > 0 {
            failing.push(format!("{language}: {hinted} sequential line(s) hinted"));
        }
    }
    assert!(!recall.is_empty(), "the corpus is empty");
    assert!(
        failing.is_empty() && problems.iter().all(|p| !p.contains("not in the labels file")),
        "{}\n\n{}",
        failing.join("\n"),
        problems.join("\n")
    );
}

/// The corpus programs are correct code, so every pitfall reported on them is a false alarm.
#[test]
fn correct_programs_raise_no_pitfalls() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut alarms = Vec::new();
    for dir in ["python", "rust"] {
        let Ok(entries) = std::fs::read_dir(corpus.join(dir)) else { continue };
        for path in entries.map(|entry| entry.unwrap().path()) {
            let Some(language) = Language::from_path(&path) else { continue };
            let text = std::fs::read_to_string(&path).unwrap();
            let analysis = analyze(&SourceFile::parse(language, text.as_str()));
            for finding in &analysis.findings {
                let line = text[..finding.range.start].matches('\n').count() + 1;
                alarms.push(format!("{}:{line}: {}", path.display(), finding.code()));
            }
        }
    }
    assert!(alarms.is_empty(), "false alarms on correct programs:\n{}", alarms.join("\n"));
}
