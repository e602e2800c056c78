//! Finding and reading the files the commands look at, with one clear line per problem.

use std::path::{Path, PathBuf};

use crate::analysis::{Language, SourceFile, depth};

/// Files to check, in a stable order, and messages for the paths that cannot be.
pub fn collect(paths: &[PathBuf]) -> (Vec<(PathBuf, Language)>, Vec<String>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.is_dir() {
            // `require_git(false)`: a .gitignore applies even outside a git checkout.
            for entry in ignore::WalkBuilder::new(path).require_git(false).build() {
                match entry {
                    Ok(entry) if entry.file_type().is_some_and(|kind| kind.is_file()) => {
                        if let Some(language) = Language::from_path(entry.path()) {
                            files.push((entry.into_path(), language));
                        }
                    }
                    Ok(_) => {}
                    Err(error) => problems.push(format!("{}: {error}", path.display())),
                }
            }
        } else if !path.exists() {
            problems.push(format!("{}: no such file or directory", path.display()));
        } else {
            match Language::from_path(path) {
                Some(language) => files.push((path.clone(), language)),
                None => {
                    problems.push(format!("{}: skipped: not a Python (.py, .pyi) or Rust (.rs) file", path.display()))
                }
            }
        }
    }
    files.sort();
    files.dedup();
    (files, problems)
}

/// Refuses a file over `limit` bytes before reading it, so one huge generated file cannot
/// stall a whole check.
pub fn check_size(path: &Path, limit: Option<usize>) -> Result<(), String> {
    let Some(limit) = limit else { return Ok(()) };
    let size = std::fs::metadata(path).map_err(|error| format!("{}: cannot read: {error}", path.display()))?.len();
    if size > limit as u64 {
        return Err(format!(
            "{}: skipped: {size} bytes is over the --max-file-size limit of {limit} bytes",
            path.display()
        ));
    }
    Ok(())
}

/// Refuses a parsed file nested too deeply to analyse (see `analysis::depth`).
pub fn check_depth(path: &Path, file: &SourceFile) -> Result<(), String> {
    match depth::too_deep(file) {
        Some(found) => Err(format!(
            "{}: skipped: nested {found} levels deep, over the limit of {}",
            path.display(),
            depth::MAX_DEPTH
        )),
        None => Ok(()),
    }
}

/// Reads a source file, refusing binary and non-UTF-8 content with a reason.
pub fn read(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|error| format!("{}: cannot read: {error}", path.display()))?;
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(format!("{}: skipped: binary file", path.display()));
    }
    String::from_utf8(bytes).map_err(|error| {
        format!(
            "{}: skipped: not valid UTF-8 (invalid byte at offset {})",
            path.display(),
            error.utf8_error().valid_up_to()
        )
    })
}
