//! Runs request work on a blocking thread and turns panics into LSP errors.
//!
//! A bug in one handler must cost one response, not the session: the panic is caught, logged
//! with the request it came from, and answered with `InternalError`; the server keeps serving.
//! When the request is cancelled (`$/cancelRequest`), tower-lsp-server drops its future and
//! answers `RequestCancelled`; dropping also raises a flag that halts the analysis the work
//! was running (see `analysis::budget`), so a cancelled request stops using a core.

use std::any::Any;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use crate::analysis::budget;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};

/// Names of handlers that must misbehave, for tests against the real binary:
/// `CONCURRENCY_TUTOR_FAULT=hover` makes every hover panic, and `slow:hover` makes every hover
/// wait [`SLOW_FAULT`] before working, long enough to be cancelled.
static INJECTED_FAULTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    std::env::var("CONCURRENCY_TUTOR_FAULT")
        .map(|value| value.split(',').map(|name| name.trim().to_owned()).collect())
        .unwrap_or_default()
});

const SLOW_FAULT: Duration = Duration::from_secs(60);

/// Raises its flag when dropped, i.e. when the request's future ends or is abandoned.
struct RaiseOnDrop(Arc<AtomicBool>);

impl Drop for RaiseOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Runs `work` off the async executor; CPU-bound analysis must not stall message handling.
pub async fn blocking<T, F>(what: &'static str, work: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    if INJECTED_FAULTS.iter().any(|fault| fault.strip_prefix("slow:") == Some(what)) {
        tokio::time::sleep(SLOW_FAULT).await;
    }
    let abandoned = Arc::new(AtomicBool::new(false));
    let _raise = RaiseOnDrop(abandoned.clone());
    let task = tokio::task::spawn_blocking(move || {
        if INJECTED_FAULTS.iter().any(|fault| fault == what) {
            panic!("fault injected into {what} by CONCURRENCY_TUTOR_FAULT");
        }
        budget::within(None, Some(abandoned), work)
    });
    match task.await {
        Ok(Ok(value)) => Ok(value),
        // Only a dropped future raises the flag, so nobody is waiting for this answer.
        Ok(Err(_)) => Err(Error::request_cancelled()),
        Err(error) => {
            let reason = if error.is_panic() { panic_message(error.into_panic()) } else { "cancelled".to_owned() };
            tracing::error!("{what} failed: {reason}");
            Err(Error {
                code: ErrorCode::InternalError,
                message: format!("{what} failed: {reason}").into(),
                data: None,
            })
        }
    }
}

/// Runs synchronous work on the current thread, logging and swallowing a panic. For
/// notifications, which have no response to carry an error.
pub fn catch<T>(what: &str, work: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
        .map_err(|payload| tracing::error!("{what} failed: {}", panic_message(payload)))
        .ok()
}

pub fn panic_message(payload: Box<dyn Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_becomes_an_internal_error() {
        let error = blocking("hover", || -> u8 { panic!("boom at {}", 42) }).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::InternalError);
        assert_eq!(error.message, "hover failed: boom at 42");
        assert_eq!(blocking("hover", || 7).await.unwrap(), 7);
    }

    #[tokio::test]
    async fn dropping_the_request_halts_its_analysis() {
        let (started, halted) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicBool::new(false)));
        let request = blocking("inlayHint", {
            let (started, halted) = (started.clone(), halted.clone());
            move || {
                started.store(true, Ordering::SeqCst);
                while !budget::should_stop() {
                    std::thread::yield_now();
                }
                halted.store(true, Ordering::SeqCst);
            }
        });
        let request = tokio::spawn(request);
        while !started.load(Ordering::SeqCst) {
            tokio::task::yield_now().await;
        }
        request.abort();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !halted.load(Ordering::SeqCst) {
            assert!(std::time::Instant::now() < deadline, "the work never saw the cancellation");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    #[test]
    fn catch_swallows_panics() {
        assert_eq!(catch("didChange", || 1), Some(1));
        assert_eq!(catch("didChange", || -> u8 { panic!("bad") }), None);
    }
}
