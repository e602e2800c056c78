// smol basics: a tiny executor, tasks with smol::spawn, and smol::unblock
// for the blocking std::fs calls that have no async version here.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;
use std::time::Duration;

use smol::Timer;

/// Blocking: lists the regular files of one directory.
fn list_files(dir: PathBuf) -> Vec<(PathBuf, u64)> {
    let Ok(entries) = fs::read_dir(&dir) else { return Vec::new() };
    entries
        .flatten()
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            meta.is_file().then(|| (e.path(), meta.len()))
        })
        .collect()
}

fn extension_of(path: &PathBuf) -> String {
    path.extension().and_then(|e| e.to_str()).unwrap_or("(none)").to_lowercase()
}

async fn index_dir(dir: PathBuf) -> BTreeMap<String, u64> {
    // The directory scan runs on smol's blocking thread pool.
    let files = smol::unblock(move || list_files(dir)).await;
    let mut by_ext = BTreeMap::new();
    for (path, len) in files {
        *by_ext.entry(extension_of(&path)).or_insert(0) += len;
    }
    by_ext
}

async fn spinner(rounds: u32) {
    for i in 0..rounds {
        Timer::after(Duration::from_millis(50)).await;
        eprint!("\r{}", ["|", "/", "-", "\\"][(i % 4) as usize]);
    }
    eprintln!("\r ");
}

fn main() {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let dirs = if dirs.is_empty() { vec![PathBuf::from(".")] } else { dirs };

    smol::block_on(async {
        let spin = smol::spawn(spinner(6));

        let tasks: Vec<_> = dirs.iter().cloned().map(|d| smol::spawn(index_dir(d))).collect();

        let mut merged: BTreeMap<String, u64> = BTreeMap::new();
        for task in tasks {
            for (ext, bytes) in task.await {
                *merged.entry(ext).or_insert(0) += bytes;
            }
        }

        spin.await;
        for (ext, bytes) in merged {
            println!("{ext:>8} {bytes:>12}");
        }
    });
}
