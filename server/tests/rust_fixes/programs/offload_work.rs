//! Blocking calls, a std mutex held across `.await`, and long synchronous work in async code.

use rayon::prelude::*;
use std::io::Write;
use std::sync::{Arc, Mutex};

const REPORT: &str = "report.txt";

async fn flush() {}

async fn save_report(dir: &str, lines: Vec<String>) -> std::io::Result<usize> {
    let mut file = std::fs::File::create(format!("{dir}/{REPORT}"))?;
    for line in &lines {
        writeln!(file, "{line}")?;
    }
    let listing = std::fs::read_dir(dir.to_string())?.count();
    let stream = std::net::TcpStream::connect("127.0.0.1:9000");
    drop(stream);
    let name: String = format!("{dir}/{REPORT}");
    let metadata = std::fs::File::open(name)?.metadata()?;
    Ok(listing + metadata.len() as usize)
}

async fn join_workers(count: u64) -> u64 {
    let mut handles = Vec::new();
    for id in 0..count {
        handles.push(std::thread::spawn(move || id * 2));
    }
    let mut total = 0;
    for handle in handles {
        total += handle.join().unwrap();
    }
    let last = std::thread::spawn(move || count);
    total + last.join().unwrap()
}

async fn checksum(data: Vec<u64>, rounds: u64) -> u64 {
    let total: u64 = data.par_iter().map(|x| x.wrapping_mul(31)).sum();
    let (evens, odds) = rayon::join(|| (0..1_000u64).filter(|x| x % 2 == 0).count(), || 7usize);
    for i in 0..500_000u64 {
        if std::hint::black_box(i) == 0 {
            println!("started at {i}");
        }
    }
    let mut mixed = rounds;
    for i in 0..1_000 {
        for j in 0..1_000u64 {
            mixed = mixed.rotate_left(3) ^ (i * j);
        }
    }
    total + (evens + odds) as u64 + mixed
}

struct Archive {
    root: String,
}

impl Archive {
    /// `&self.root` borrows from `self`: reported, not moved.
    async fn open_root(&self) -> std::io::Result<std::fs::File> {
        std::fs::File::open(&self.root)
    }

    async fn index(&self, dir: String, batches: u64) -> std::io::Result<u64> {
        let manifest = std::path::PathBuf::from("manifest.txt");
        let manifest = std::fs::File::open(manifest)?;
        let entries = std::fs::read_dir(&dir)?.count();
        let squares: u64 = (0..batches).into_par_iter().map(|i| i * i).sum();
        rayon::scope(|s| {
            s.spawn(|_| println!("scoped"));
        });
        let checker = tokio::spawn(async move { std::fs::File::open("lock.pid").is_ok() });
        drop(manifest);
        Ok(entries as u64 + squares + u64::from(checker.await.unwrap()))
    }
}

struct Counter {
    hits: Mutex<u64>,
}

impl Counter {
    async fn record(&self, log: &Mutex<Vec<String>>) -> u64 {
        let mut hits = self.hits.lock().unwrap();
        *hits += 1;
        flush().await;
        log.lock().expect("log poisoned").push(format!("hit {}", *hits));
        *hits
    }
}

#[tokio::main]
async fn main() {
    let lines = vec![String::from("ok")];
    let _ = save_report("/tmp", lines).await;
    println!("{}", join_workers(4).await);
    let counter = Arc::new(Counter { hits: Mutex::new(0) });
    let log = Mutex::new(Vec::new());
    println!("{}", counter.record(&log).await);
    println!("{}", checksum(vec![1, 2, 3], 5).await);
    let archive = Archive { root: "/tmp".into() };
    let _ = archive.open_root().await;
    let _ = archive.index("/tmp".into(), 3).await;
}
