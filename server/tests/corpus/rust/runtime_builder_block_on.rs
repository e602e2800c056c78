// A plain `fn main` that builds its own tokio runtime instead of using
// #[tokio::main], so the number of worker threads comes from the config.

use std::time::Duration;

use tokio::runtime::Builder;
use tokio::sync::mpsc;

struct Config {
    workers: usize,
    jobs: u32,
}

impl Config {
    fn from_env() -> Self {
        let workers = std::env::var("WORKERS").ok().and_then(|v| v.parse().ok()).unwrap_or(2);
        let jobs = std::env::var("JOBS").ok().and_then(|v| v.parse().ok()).unwrap_or(10);
        Config { workers, jobs }
    }
}

fn checksum(n: u32) -> u64 {
    (1..=u64::from(n) * 10_000).fold(0u64, |acc, x| acc.wrapping_mul(31).wrapping_add(x))
}

async fn produce(tx: mpsc::Sender<u32>, jobs: u32) {
    for job in 0..jobs {
        if tx.send(job).await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

async fn run(config: Config) -> u64 {
    let (tx, mut rx) = mpsc::channel(16);
    tokio::spawn(produce(tx, config.jobs));

    let mut total = 0u64;
    while let Some(job) = rx.recv().await {
        // The checksum is CPU-bound; block_in_place lets this worker thread
        // run it while the runtime moves other tasks to the remaining workers.
        let sum = tokio::task::block_in_place(|| checksum(job));
        total = total.wrapping_add(sum);
    }
    total
}

fn main() {
    let config = Config::from_env();
    println!("starting runtime with {} workers", config.workers);

    let runtime = Builder::new_multi_thread()
        .worker_threads(config.workers)
        .thread_name("job-worker")
        .enable_all()
        .build()
        .expect("failed to build the tokio runtime");

    let total = runtime.block_on(run(config));
    println!("combined checksum: {total:#x}");

    runtime.shutdown_timeout(Duration::from_secs(1));
}
