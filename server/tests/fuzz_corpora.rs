//! Replays every saved fuzz input through the same entry points the fuzz targets call, so the
//! corpora (`fuzz/corpus/<target>/`) and the reproducers of fixed crashes
//! (`fuzz/artifacts/<target>/`) run on stable in every `cargo test`, without libFuzzer.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use concurrency_tutor::fuzzing;

fn replay(target: &str, entry: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut failures = Vec::new();
    let mut count = 0;
    for folder in ["corpus", "artifacts"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder).join(target)) else { continue };
        let mut paths: Vec<_> = entries.map(|entry| entry.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let data = std::fs::read(&path).unwrap();
            count += 1;
            if catch_unwind(AssertUnwindSafe(|| entry(&data))).is_err() {
                failures.push(path.display().to_string());
            }
        }
    }
    assert!(count > 0, "no saved inputs for `{target}`");
    assert!(failures.is_empty(), "`{target}` fails on:\n{}", failures.join("\n"));
}

#[test]
fn analyze() {
    replay("analyze", fuzzing::analyze_bytes);
}

#[test]
fn incremental_edits() {
    replay("incremental_edits", fuzzing::incremental_edits);
}

#[test]
fn framing() {
    replay("framing", fuzzing::lsp_stream);
}

#[test]
fn code_actions() {
    replay("code_actions", fuzzing::code_actions);
}
