//! Nightly batch job: validates invoice files from an export directory in
//! parallel with rayon, reports every bad file, and writes a summary.
//! Failures of single files do not stop the batch.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

#[derive(Debug)]
enum InvoiceError {
    Io(PathBuf, io::Error),
    Parse { file: PathBuf, line: usize, reason: String },
}

impl fmt::Display for InvoiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvoiceError::Io(path, err) => write!(f, "{}: {err}", path.display()),
            InvoiceError::Parse { file, line, reason } => write!(f, "{}:{line}: {reason}", file.display()),
        }
    }
}

impl std::error::Error for InvoiceError {}

#[derive(Debug, Default)]
struct Summary {
    files: usize,
    lines: usize,
    total_cents: i64,
}

/// Each line: `customer;amount_in_cents`.
fn process_file(path: &PathBuf) -> Result<Summary, InvoiceError> {
    let text = fs::read_to_string(path).map_err(|e| InvoiceError::Io(path.clone(), e))?;
    let mut summary = Summary { files: 1, ..Summary::default() };
    for (index, raw) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let (customer, amount) = raw.split_once(';').ok_or_else(|| InvoiceError::Parse {
            file: path.clone(),
            line: index + 1,
            reason: "missing ';'".into(),
        })?;
        let cents = amount.trim().parse::<i64>().map_err(|e| InvoiceError::Parse {
            file: path.clone(),
            line: index + 1,
            reason: format!("bad amount for {customer}: {e}"),
        })?;
        summary.lines += 1;
        summary.total_cents += cents;
    }
    Ok(summary)
}

fn invoice_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    Ok(files)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| PathBuf::from("export"));
    let files = invoice_files(&dir)?;

    // Every file is validated on the rayon pool; results keep the input order.
    let results: Vec<Result<Summary, InvoiceError>> = files.par_iter().map(process_file).collect();

    let (ok, failed): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    for err in failed.into_iter().filter_map(Result::err) {
        eprintln!("rejected: {err}");
    }

    let total = ok
        .into_iter()
        .filter_map(Result::ok)
        .fold(Summary::default(), |acc, s| Summary {
            files: acc.files + s.files,
            lines: acc.lines + s.lines,
            total_cents: acc.total_cents + s.total_cents,
        });

    println!("{} files, {} invoices, {:.2} EUR", total.files, total.lines, total.total_cents as f64 / 100.0);
    if total.files < files.len() {
        return Err(format!("{} of {} files rejected", files.len() - total.files, files.len()).into());
    }
    Ok(())
}
