//! Keeps the benchmark (`server/examples/benchmark`, run by `tests/bench/run.sh`) from rotting:
//! runs every part against the real binary on the small labelled corpus, with a few samples,
//! and checks that each table has all its rows with real measurements. Timings are not
//! asserted; they mean nothing on a small input and a busy machine.

#[path = "../examples/benchmark/batch.rs"]
mod batch;
#[path = "../examples/benchmark/client.rs"]
mod client;
#[path = "../examples/benchmark/editor.rs"]
mod editor;
#[path = "../examples/benchmark/inputs.rs"]
mod inputs;
#[path = "../examples/benchmark/profile.rs"]
mod profile;
#[path = "../examples/benchmark/run.rs"]
mod run;
#[path = "../examples/benchmark/table.rs"]
mod table;

use std::path::PathBuf;
use std::time::Duration;

#[test]
fn every_part_produces_every_row() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let config = run::Config {
        server: PathBuf::from(env!("CARGO_BIN_EXE_concurrency-tutor")),
        ruff: None,
        python: vec![corpus.join("python")],
        rust: vec![corpus.join("rust")],
        work: run::default_work_dir(),
        edits: 6,
        queries: 4,
        opens: 1,
        large_lines: 300,
        sizes: vec![100, 300],
        open_files: 6,
        starts: 2,
        batch_repeat: 1,
        budget: Duration::from_secs(20),
        parts: vec![1, 2, 3, 4, 5],
    };
    let tables = run::run(&config, |table| println!("{}", table.render())).expect("the benchmark runs");
    let _ = std::fs::remove_dir_all(&config.work);

    let titles: Vec<&str> = tables.iter().map(|table| table.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "1. Batch check",
            "2. Editor latency on large files",
            "3. Edit latency against file size",
            "4. Memory and start-up",
            "5. Where an edit's time goes (in process)"
        ]
    );
    let labels: Vec<&str> = tables.iter().flat_map(|table| &table.rows).map(|row| row.label.as_str()).collect();
    let expected = [
        "Python stdlib: concurrency-tutor",
        "Rust crates: concurrency-tutor",
        "Python: open → diagnostics",
        "Python: edit → diagnostics",
        "Python: edit → diagnostics, in comments",
        "Python: edit → diagnostics, in code",
        "Python: edit → diagnostics, `.` after a call",
        "Python: hover (",
        "Python: inlay hints, 100 lines",
        "Python: inlay hints, whole file (",
        "Rust: open → diagnostics",
        "Rust: edit → diagnostics",
        "Rust: edit → diagnostics, in comments",
        "Rust: edit → diagnostics, in code",
        "Rust: edit → diagnostics, `.` after a call",
        "Rust: hover (",
        "Rust: inlay hints, 100 lines",
        "Rust: inlay hints, whole file (",
        "Python: 100 lines",
        "Python: 300 lines",
        "Rust: 100 lines",
        "Rust: 300 lines",
        "peak resident memory (VmHWM), 6 files open",
        "resident memory now (VmRSS), 6 files open",
        "spawn → initialize response",
    ];
    let steps = [
        "reparse",
        "depth check",
        "analysis (as reused)",
        "analysis, edits analysed in part",
        "line index",
        "whole analysis, for comparison",
    ];
    let expected: Vec<String> = expected
        .iter()
        .map(|label| label.to_string())
        .chain(["Python", "Rust"].iter().flat_map(|l| steps.iter().map(move |step| format!("{l}: {step}"))))
        .collect();
    for wanted in &expected {
        assert!(labels.iter().any(|label| label.starts_with(wanted.as_str())), "no row {wanted:?} in {labels:?}");
    }
    assert_eq!(labels.len(), expected.len(), "{labels:?}");

    // Every latency row took its samples, and every number is a number.
    for row in tables.iter().flat_map(|table| &table.rows) {
        assert!(row.cells.iter().all(|cell| !cell.contains("NaN")), "{}: {:?}", row.label, row.cells);
    }
    let editor = &tables[1];
    for row in &editor.rows {
        let samples: usize = row.cells[1].parse().expect("a sample count");
        // Six edits at three sites: one site in a comment, two in code, two edits at each;
        // and as many again typing `.` after calls (the corpus files have at least two).
        let wanted = match &row.label {
            label if label.contains("open") => 1,
            label if label.contains(", in ") => 2,
            _ => 4,
        };
        assert!(samples >= wanted, "{}: {samples} samples", row.label);
    }
    // The hover positions land on names the tutor explains.
    let hover = editor.rows.iter().find(|row| row.label.starts_with("Python: hover")).unwrap();
    assert!(!hover.label.starts_with("Python: hover (0 "), "{}", hover.label);
    // The sized files have the asked-for length at least.
    for row in &tables[2].rows {
        let asked: usize = row.label.split_whitespace().nth(1).unwrap().parse().unwrap();
        let lines: usize = row.cells[1].parse().unwrap();
        assert!(lines >= asked, "{}: {lines} lines", row.label);
    }
}
