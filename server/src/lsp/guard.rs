//! Runs request work on a blocking thread and turns panics into LSP errors.
//!
//! A bug in one handler must cost one response, not the session: the panic is caught, logged
//! with the request it came from, and answered with `InternalError`; the server keeps serving.

use std::any::Any;
use std::sync::LazyLock;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};

/// Names of handlers that must panic, for tests of this guard against the real binary:
/// `CONCURRENCY_TUTOR_FAULT=hover` makes every hover panic.
static INJECTED_FAULTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    std::env::var("CONCURRENCY_TUTOR_FAULT")
        .map(|value| value.split(',').map(|name| name.trim().to_owned()).collect())
        .unwrap_or_default()
});

/// Runs `work` off the async executor; CPU-bound analysis must not stall message handling.
pub async fn blocking<T, F>(what: &'static str, work: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let task = tokio::task::spawn_blocking(move || {
        if INJECTED_FAULTS.iter().any(|fault| fault == what) {
            panic!("fault injected into {what} by CONCURRENCY_TUTOR_FAULT");
        }
        work()
    });
    match task.await {
        Ok(value) => Ok(value),
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

    #[test]
    fn catch_swallows_panics() {
        assert_eq!(catch("didChange", || 1), Some(1));
        assert_eq!(catch("didChange", || -> u8 { panic!("bad") }), None);
    }
}
