//! Finding and reading the files the commands look at, with one clear line per problem.

use std::path::{Path, PathBuf};

use crate::analysis::{Language, SourceFile, depth};

/// Files to check, in a stable order, and messages for the paths that cannot be.
pub fn collect(paths: &[PathBuf]) -> (Vec<(PathBuf, Language)>, Vec<String>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        // One `stat` tells a directory, a file and a missing path apart.
        let kind = std::fs::metadata(path).map(|metadata| metadata.is_dir());
        if kind.as_ref().is_ok_and(|&is_dir| is_dir) {
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
        } else if kind.is_err() {
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

/// Reads a source file, refusing one over `limit` bytes before reading it (so one huge
/// generated file cannot stall a whole check), and binary or non-UTF-8 content, with a reason.
pub fn read(path: &Path, limit: Option<usize>) -> Result<String, String> {
    let cannot_read = |error: std::io::Error| format!("{}: cannot read: {error}", path.display());
    let mut file = std::fs::File::open(path).map_err(cannot_read)?;
    // The open file's size: asking the path again would cost a second lookup per file.
    let size = file.metadata().map_err(cannot_read)?.len();
    if let Some(limit) = limit
        && size > limit as u64
    {
        return Err(format!(
            "{}: skipped: {size} bytes is over the --max-file-size limit of {limit} bytes",
            path.display()
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(cannot_read)?;
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
