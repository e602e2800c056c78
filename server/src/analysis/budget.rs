//! A time budget for one analysis, enforced cooperatively.
//!
//! Tree-sitter calls back into Rust while it parses and while a query cursor walks a tree; the
//! callbacks in [`super::source`] and [`super::queries`] ask [`should_stop`] and halt the work
//! when the budget is spent (or when the caller has given up, e.g. a cancelled LSP request).
//! Halted work yields incomplete data, so [`within`] reports the whole run as
//! [`Stopped`] and its result is dropped: callers get a complete analysis or none, never a
//! partial one. Outside [`within`] nothing is ever halted, so tests and the CLI without limits
//! behave exactly as before.

use std::cell::{Cell, RefCell};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Why a budgeted run was abandoned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// The run took longer than its budget.
    OverTime(Duration),
    /// The caller raised its cancellation flag.
    Cancelled,
}

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stopped::OverTime(limit) => write!(f, "took longer than the {} ms time budget", limit.as_millis()),
            Stopped::Cancelled => write!(f, "cancelled"),
        }
    }
}

struct Limits {
    deadline: Option<(Instant, Duration)>,
    cancel: Option<Arc<AtomicBool>>,
}

thread_local! {
    static LIMITS: RefCell<Option<Limits>> = const { RefCell::new(None) };
    static STOPPED: Cell<Option<Stopped>> = const { Cell::new(None) };
}

/// Runs `work` on this thread with a time limit and an optional cancellation flag. Returns
/// the result only when nothing was halted and the run finished in time.
pub fn within<T>(
    limit: Option<Duration>,
    cancel: Option<Arc<AtomicBool>>,
    work: impl FnOnce() -> T,
) -> Result<T, Stopped> {
    let started = Instant::now();
    let deadline = limit.map(|limit| (started + limit, limit));
    // A nested run still honours the cancellation of the run around it.
    let cancel = cancel.or_else(|| LIMITS.with_borrow(|limits| limits.as_ref()?.cancel.clone()));
    let previous = LIMITS.replace(Some(Limits { deadline, cancel }));
    let previous_stop = STOPPED.replace(None);
    // Restores the outer state even if `work` panics, so a reused thread starts clean.
    struct Restore(Option<Option<Limits>>, Option<Stopped>);
    impl Drop for Restore {
        fn drop(&mut self) {
            LIMITS.set(self.0.take().flatten());
            STOPPED.set(self.1);
        }
    }
    let restore = Restore(Some(previous), previous_stop);
    let result = work();
    // Work that no callback could interrupt (plain tree walks) may still overrun.
    let stopped = if should_stop() { STOPPED.get() } else { None };
    drop(restore);
    match stopped {
        Some(reason) => Err(reason),
        None => Ok(result),
    }
}

/// Whether work in progress must halt now. Once true it stays true for the rest of the run.
pub fn should_stop() -> bool {
    if STOPPED.get().is_some() {
        return true;
    }
    let stopped = LIMITS.with_borrow(|limits| {
        let limits = limits.as_ref()?;
        if limits.cancel.as_ref().is_some_and(|flag| flag.load(Ordering::Relaxed)) {
            return Some(Stopped::Cancelled);
        }
        limits.deadline.filter(|(at, _)| Instant::now() >= *at).map(|(_, limit)| Stopped::OverTime(limit))
    });
    STOPPED.set(stopped);
    stopped.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Language, SourceFile, analyze};

    fn big_program() -> String {
        "import asyncio\n\nasync def f():\n    await asyncio.sleep(1)\n".repeat(2000)
    }

    #[test]
    fn without_limits_nothing_stops() {
        assert!(!should_stop());
        let result = within(None, None, || SourceFile::parse(Language::Python, big_program()));
        assert!(!result.unwrap().root().has_error());
    }

    #[test]
    fn an_exhausted_budget_drops_the_whole_analysis() {
        let text = big_program();
        let stopped = within(Some(Duration::ZERO), None, || {
            SourceFile::try_parse(Language::Python, text.as_str(), None).map(|file| analyze(&file))
        });
        assert_eq!(stopped.unwrap_err(), Stopped::OverTime(Duration::ZERO));
        // The thread's parser is usable afterwards and starts from scratch.
        let file = SourceFile::parse(Language::Python, text.as_str());
        assert_eq!(analyze(&file).sections.len(), 2000);
        assert!(!should_stop(), "limits end with the run");
    }

    #[test]
    fn a_raised_flag_cancels() {
        let flag = Arc::new(AtomicBool::new(true));
        let stopped = within(None, Some(flag), || SourceFile::try_parse(Language::Python, big_program(), None));
        assert_eq!(stopped.unwrap_err(), Stopped::Cancelled);
        let finished = within(Some(Duration::from_secs(60)), Some(Arc::new(AtomicBool::new(false))), || 7);
        assert_eq!(finished, Ok(7));
        let outer = within(None, Some(Arc::new(AtomicBool::new(true))), || {
            let inner = within(Some(Duration::from_secs(60)), None, || 1);
            assert_eq!(inner, Err(Stopped::Cancelled), "the inner run inherits the outer flag");
        });
        assert_eq!(outer, Err(Stopped::Cancelled));
    }
}
