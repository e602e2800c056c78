//! Validates the catalogue as it is on disk, without rebuilding the crate: for people editing
//! `server/catalogue/*.toml`. Build once, then run after each edit:
//!
//! ```sh
//! cargo build --example validate_catalogue && target/debug/examples/validate_catalogue
//! ```

use std::path::Path;
use std::process::ExitCode;

use concurrency_tutor::catalogue::{Catalogue, facts};

fn main() -> ExitCode {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogue");
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("the catalogue folder exists") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "toml") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            sources.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    sources.sort();
    let borrowed: Vec<(&str, &str)> = sources.iter().map(|(name, text)| (name.as_str(), text.as_str())).collect();
    let catalogue = match Catalogue::load(&borrowed) {
        Ok(catalogue) => catalogue,
        Err(error) => {
            eprintln!("invalid catalogue: {error}");
            return ExitCode::FAILURE;
        }
    };
    let problems = facts::check(&catalogue, &facts::files_on_disk(&dir.join("facts")).expect("facts folder"));
    for problem in &problems {
        eprintln!("{problem}");
    }
    let count = |language| catalogue.apis().iter().filter(|entry| entry.language == language).count();
    println!(
        "{} Python APIs, {} Rust APIs, {} concepts; {} problem(s)",
        count(concurrency_tutor::analysis::Language::Python),
        count(concurrency_tutor::analysis::Language::Rust),
        catalogue.concepts().len(),
        problems.len()
    );
    if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
