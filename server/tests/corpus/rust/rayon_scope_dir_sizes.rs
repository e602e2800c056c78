//! Walks a directory tree and sums file sizes. Every subdirectory becomes a
//! rayon task inside one rayon::scope; a fire-and-forget rayon::spawn
//! reports the result on a channel.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;

struct Totals {
    bytes: AtomicU64,
    files: AtomicU64,
}

fn walk<'s>(scope: &rayon::Scope<'s>, dir: PathBuf, totals: &'s Totals) {
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(err) => {
            eprintln!("cannot read {}: {err}", dir.display());
            return;
        }
    };
    for entry in entries.flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            let path = entry.path();
            // Subdirectories are explored by whichever worker is free.
            scope.spawn(move |s| walk(s, path, totals));
        } else {
            totals.bytes.fetch_add(meta.len(), Ordering::Relaxed);
            totals.files.fetch_add(1, Ordering::Relaxed);
        }
    }
}

fn human(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

fn main() {
    let root = std::env::args().nth(1).unwrap_or_else(|| ".".to_string());
    let totals = Totals { bytes: AtomicU64::new(0), files: AtomicU64::new(0) };

    rayon::scope(|s| {
        s.spawn(|s| walk(s, Path::new(&root).to_path_buf(), &totals));
    });

    let bytes = totals.bytes.load(Ordering::Relaxed);
    let files = totals.files.load(Ordering::Relaxed);

    // rayon::spawn needs 'static data, so we move copies in and get the
    // formatted line back over a channel.
    let (tx, rx) = mpsc::channel();
    rayon::spawn(move || {
        let line = format!("{files} files, {}", human(bytes));
        tx.send(line).expect("main thread went away");
    });
    println!("{root}: {}", rx.recv().unwrap());
}
