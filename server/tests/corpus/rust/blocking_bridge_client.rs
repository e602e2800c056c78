//! A synchronous facade over an async client, the way `reqwest::blocking`
//! works: the facade owns a current-thread runtime and blocks on it.
//! A second part runs a whole async event loop on a dedicated OS thread.

use std::sync::mpsc as std_mpsc;
use std::thread;
use std::time::Duration;

use tokio::runtime::{Builder, Runtime};
use tokio::sync::mpsc;

struct AsyncStatusClient {
    base_url: String,
}

impl AsyncStatusClient {
    async fn status(&self, service: &str) -> Result<String, String> {
        tokio::time::sleep(Duration::from_millis(15)).await;
        if service.is_empty() {
            return Err("empty service name".into());
        }
        Ok(format!("{}/{service}: ok", self.base_url))
    }
}

pub struct BlockingStatusClient {
    inner: AsyncStatusClient,
    rt: Runtime,
}

impl BlockingStatusClient {
    pub fn new(base_url: &str) -> std::io::Result<Self> {
        let rt = Builder::new_current_thread().enable_time().build()?;
        Ok(Self { inner: AsyncStatusClient { base_url: base_url.to_string() }, rt })
    }

    /// Callable from ordinary synchronous code.
    pub fn status(&self, service: &str) -> Result<String, String> {
        self.rt.block_on(self.inner.status(service))
    }
}

/// Runs its own runtime on a background thread and reports events back to
/// synchronous code through a std channel.
fn start_event_loop(events: std_mpsc::Sender<String>) -> (mpsc::UnboundedSender<u32>, thread::JoinHandle<()>) {
    let (tx, mut rx) = mpsc::unbounded_channel::<u32>();
    let handle = thread::spawn(move || {
        let rt = Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(async move {
            while let Some(n) = rx.recv().await {
                tokio::time::sleep(Duration::from_millis(u64::from(n))).await;
                if events.send(format!("slept {n} ms")).is_err() {
                    break;
                }
            }
        });
    });
    (tx, handle)
}

fn main() {
    let client = BlockingStatusClient::new("https://status.internal").expect("client");
    for service in ["billing", "search", ""] {
        match client.status(service) {
            Ok(line) => println!("{line}"),
            Err(err) => eprintln!("error: {err}"),
        }
    }

    let (events_tx, events_rx) = std_mpsc::channel();
    let (jobs, worker) = start_event_loop(events_tx);
    for ms in [30, 10, 20] {
        jobs.send(ms).unwrap();
    }
    drop(jobs);
    for event in events_rx {
        println!("event: {event}");
    }
    worker.join().unwrap();
}
