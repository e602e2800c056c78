//! In-process metrics service: handlers record counters, a background task
//! flushes a snapshot to disk every few seconds. The service owns its tasks
//! and stops them on shutdown.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;
use tracing::{error, info};

pub struct MetricsService {
    counters: Mutex<BTreeMap<String, u64>>,
    snapshot_path: PathBuf,
    period: Duration,
    stop_tx: watch::Sender<bool>,
}

fn write_snapshot(path: &PathBuf, counters: &BTreeMap<String, u64>) -> std::io::Result<()> {
    let body: String = counters.iter().map(|(k, v)| format!("{k} {v}\n")).collect();
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, body)?;
    std::fs::rename(tmp, path)
}

impl MetricsService {
    pub fn new(snapshot_path: PathBuf, period: Duration) -> Arc<Self> {
        let (stop_tx, _) = watch::channel(false);
        Arc::new(Self { counters: Mutex::new(BTreeMap::new()), snapshot_path, period, stop_tx })
    }

    pub fn incr(&self, name: &str, by: u64) {
        *self.counters.lock().unwrap().entry(name.to_owned()).or_insert(0) += by;
    }

    /// Spawns the flush loop on the current runtime and returns its handle.
    pub fn start(self: &Arc<Self>) -> JoinHandle<()> {
        tokio::spawn(Arc::clone(self).flush_loop())
    }

    async fn flush_loop(self: Arc<Self>) {
        let mut stop = self.stop_tx.subscribe();
        let mut ticker = tokio::time::interval(self.period);
        loop {
            tokio::select! {
                _ = ticker.tick() => self.flush().await,
                _ = stop.changed() => break,
            }
        }
        // One last snapshot so nothing recorded before shutdown is lost.
        self.flush().await;
        info!("metrics flusher stopped");
    }

    async fn flush(&self) {
        let snapshot = self.counters.lock().unwrap().clone();
        let path = self.snapshot_path.clone();
        // File I/O is blocking; keep it off the async worker threads.
        let written = tokio::task::spawn_blocking(move || write_snapshot(&path, &snapshot)).await;
        match written {
            Ok(Ok(())) => {}
            Ok(Err(err)) => error!("cannot write snapshot: {err}"),
            Err(err) => error!("snapshot task failed: {err}"),
        }
    }

    pub fn shutdown(&self) {
        let _ = self.stop_tx.send(true);
    }
}

async fn fake_request(service: Arc<MetricsService>, id: u64) {
    tokio::time::sleep(Duration::from_millis(id % 7 * 3)).await;
    service.incr("requests_total", 1);
    if id % 10 == 0 {
        service.incr("errors_total", 1);
    }
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt::init();
    let service = MetricsService::new(PathBuf::from("metrics.txt"), Duration::from_millis(100));
    let flusher = service.start();

    let requests: Vec<_> = (0..50).map(|id| tokio::spawn(fake_request(service.clone(), id))).collect();
    for request in requests {
        request.await.expect("request task panicked");
    }

    service.shutdown();
    flusher.await.unwrap();
}
