//! Rust fixes and conversions produce code that compiles. Each program in
//! `tests/rust_fixes/programs/` is checked with `cargo check` as written, and again after
//! every fix and every conversion the tutor offers in it has been applied, in a crate that
//! depends on tokio, rayon and futures. Every safe conversion (mostly the ways back) is also
//! applied alone, to the program as written and as converted, and compiled as a program of its
//! own. The first run downloads and builds those crates.

use std::path::{Path, PathBuf};
use std::process::Command;

use concurrency_tutor::analysis::{Language, SourceFile, actions, analyze, edit};
use concurrency_tutor::locale::Locale;

/// Applies every fix, then every conversion, re-analysing after each edit, until none is left.
fn apply_everything(source: &str) -> (String, usize) {
    let mut text = source.to_owned();
    let mut applied = 0;
    for _ in 0..40 {
        let file = SourceFile::parse(Language::Rust, text.as_str());
        let analysis = analyze(&file);
        let next = analysis.findings.iter().find_map(|f| f.fix.clone()).map(|fix| fix.edits).or_else(|| {
            // Conversions are offered where the cursor is: try the first code of every line.
            // Only the unsafe ones (toward more concurrency), or converting back and forth
            // would never end.
            line_starts(&text)
                .flat_map(|at| actions::available(&file, &analysis, at..at))
                .find(|c| !c.safe)
                .map(|c| c.edits)
        });
        let Some(edits) = next else { break };
        text = edit::apply(&text, &edits).expect("edits apply");
        applied += 1;
    }
    assert!(applied < 40, "fixes and conversions keep undoing each other:\n{text}");
    (text, applied)
}

/// Every safe conversion offered at the start of a line, each applied alone to `source`: the
/// conversions back toward less concurrency, which `apply_everything` leaves out.
fn safe_conversions(source: &str) -> Vec<String> {
    let file = SourceFile::parse(Language::Rust, source);
    let analysis = analyze(&file);
    let mut converted = Vec::new();
    for at in line_starts(source) {
        for conversion in actions::available(&file, &analysis, at..at).into_iter().filter(|c| c.safe) {
            let text = edit::apply(source, &conversion.edits).expect("edits apply");
            if !converted.contains(&text) {
                eprintln!("  safe conversion: {}", conversion.title(Locale::En));
                converted.push(text);
            }
        }
    }
    converted
}

/// The first non-blank byte of every line, where a user's cursor would ask for conversions.
fn line_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.split_inclusive('\n').scan(0, |start, line| {
        let at = *start + (line.len() - line.trim_start().len());
        *start += line.len();
        Some(at)
    })
}

fn check_crate(bins: &[(String, String)]) -> Result<(), String> {
    let template = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rust_fixes");
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rust-fixes-crate");
    let _ = std::fs::remove_dir_all(work.join("src"));
    std::fs::create_dir_all(work.join("src/bin")).unwrap();
    std::fs::copy(template.join("Cargo.toml"), work.join("Cargo.toml")).unwrap();
    if template.join("Cargo.lock").exists() {
        std::fs::copy(template.join("Cargo.lock"), work.join("Cargo.lock")).unwrap();
    }
    for (name, text) in bins {
        std::fs::write(work.join("src/bin").join(format!("{name}.rs")), text).unwrap();
    }
    let output = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--bins", "--manifest-path"])
        .arg(work.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rust-fixes-target"))
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if output.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&output.stderr).into_owned()) }
}

#[test]
fn fixes_and_conversions_compile() {
    let programs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rust_fixes/programs");
    let mut bins = Vec::new();
    let mut total_applied = 0;
    let mut total_safe = 0;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&programs).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in paths {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(&path).unwrap();
        let (fixed, applied) = apply_everything(&source);
        assert!(applied > 0, "{name}: nothing to fix or convert, so the program proves nothing");
        assert!(analyze(&SourceFile::parse(Language::Rust, fixed.as_str())).findings.iter().all(|f| f.fix.is_none()));
        total_applied += applied;
        eprintln!("{name}: {applied} fixes and conversions applied");
        if std::env::var_os("SHOW_FIXED").is_some() {
            eprintln!("{fixed}");
        }
        let safe: Vec<String> = safe_conversions(&source).into_iter().chain(safe_conversions(&fixed)).collect();
        total_safe += safe.len();
        for (index, text) in safe.into_iter().enumerate() {
            bins.push((format!("{name}_safe_{index}"), text));
        }
        bins.push((format!("{name}_before"), source));
        bins.push((format!("{name}_after"), fixed));
    }
    assert!(total_applied >= 10, "only {total_applied} edits applied");
    assert!(total_safe >= 5, "only {total_safe} safe conversions compiled");
    eprintln!("{total_safe} safe conversions, each applied alone");
    if let Err(errors) = check_crate(&bins) {
        let listing: String = bins.iter().map(|(name, text)| format!("--- {name}.rs\n{text}\n")).collect();
        panic!("the fixture crate does not compile:\n{errors}\n{listing}");
    }
}
