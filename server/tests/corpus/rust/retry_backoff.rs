//! A small retry helper with exponential backoff and jitter, the kind that
//! ends up in every service's `util` module, plus its use on a flaky call.

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use tracing::warn;

#[derive(Debug, Clone)]
pub struct RetryPolicy {
    pub attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { attempts: 5, base_delay: Duration::from_millis(50), max_delay: Duration::from_secs(2) }
    }
}

impl RetryPolicy {
    fn delay_for(&self, attempt: u32) -> Duration {
        let exp = self.base_delay.saturating_mul(1 << attempt.min(16));
        // Cheap jitter without a rand dependency: 0..=25 % based on the clock.
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().subsec_nanos();
        let jitter = exp / 100 * (nanos % 26);
        (exp + jitter).min(self.max_delay)
    }
}

/// Runs `op` until it succeeds or the policy gives up; returns the last error.
pub async fn retry<T, E, F, Fut>(policy: &RetryPolicy, mut op: F) -> Result<T, E>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
    E: std::fmt::Display,
{
    let mut attempt = 0;
    loop {
        match op().await {
            Ok(value) => return Ok(value),
            Err(err) if attempt + 1 >= policy.attempts => return Err(err),
            Err(err) => {
                let delay = policy.delay_for(attempt);
                warn!(attempt, ?delay, "attempt failed: {err}");
                tokio::time::sleep(delay).await;
                attempt += 1;
            }
        }
    }
}

static CALLS: AtomicU32 = AtomicU32::new(0);

/// Fails twice, then answers: stands in for a flaky upstream service.
async fn fetch_quota(account: &str) -> Result<u64, String> {
    let n = CALLS.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(10)).await;
    if n < 2 { Err(format!("upstream 503 for {account}")) } else { Ok(1_000) }
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt::init();
    let policy = RetryPolicy::default();

    match retry(&policy, || fetch_quota("acme")).await {
        Ok(quota) => println!("quota: {quota}"),
        Err(err) => eprintln!("giving up: {err}"),
    }

    // The operation can also be written inline as an async block.
    let strict = RetryPolicy { attempts: 2, ..policy.clone() };
    let result: Result<(), String> = retry(&strict, || async {
        Err("permission denied".to_string())
    })
    .await;
    println!("strict policy result: {result:?}");
}
