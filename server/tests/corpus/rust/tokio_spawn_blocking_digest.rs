//! Hashes a list of files without blocking the async runtime: the CPU-heavy
//! hashing goes to tokio's blocking pool, the file listing stays async.

use std::collections::hash_map::DefaultHasher;
use std::hash::Hasher;
use std::path::PathBuf;

use tokio::fs;
use tokio::task;

/// Slow on purpose: we hash byte by byte, many rounds.
fn digest(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    for _round in 0..64 {
        for b in bytes {
            hasher.write_u8(*b);
        }
    }
    hasher.finish()
}

/// Reads the list of paths from the environment or falls back to defaults.
/// It touches the disk synchronously, so it is sent to the blocking pool too.
fn default_paths() -> Vec<PathBuf> {
    match std::env::var("DIGEST_PATHS") {
        Ok(list) => list.split(':').map(PathBuf::from).collect(),
        Err(_) => vec![PathBuf::from("Cargo.toml"), PathBuf::from("README.md")],
    }
}

async fn digest_file(path: PathBuf) -> std::io::Result<(PathBuf, u64)> {
    let bytes = fs::read(&path).await?;
    // The closure runs on a thread of the blocking pool.
    let sum = tokio::task::spawn_blocking(move || digest(&bytes))
        .await
        .expect("hashing task panicked");
    Ok((path, sum))
}

#[tokio::main]
async fn main() {
    let paths = task::spawn_blocking(default_paths).await.unwrap();

    let mut results = Vec::new();
    for path in paths {
        match digest_file(path.clone()).await {
            Ok(pair) => results.push(pair),
            Err(err) => eprintln!("skipping {}: {err}", path.display()),
        }
    }

    for (path, sum) in &results {
        println!("{sum:016x}  {}", path.display());
    }
}
