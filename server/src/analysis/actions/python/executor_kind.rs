//! `ThreadPoolExecutor` ↔ `ProcessPoolExecutor`: the same `submit`/`map` interface on threads
//! (shared memory, one GIL) or on processes (pickled work, a GIL each).

use super::swap_class::{Swap, offer};
use crate::analysis::actions::{Context, Conversion};
use crate::locale::Bilingual;

const THREADS: &str = "concurrent.futures.ThreadPoolExecutor";
const PROCESSES: &str = "concurrent.futures.ProcessPoolExecutor";

const SWAPS: &[Swap] = &[
    Swap {
        from: THREADS,
        to: PROCESSES,
        title: Bilingual::new(
            "Run on processes: `ProcessPoolExecutor`",
            "Выполнять в процессах: `ProcessPoolExecutor`",
        ),
        unique_keywords: &["thread_name_prefix"],
        // `(max_workers, thread_name_prefix, ..)` against `(max_workers, mp_context, ..)`.
        shared_positional: 1,
    },
    Swap {
        from: PROCESSES,
        to: THREADS,
        title: Bilingual::new("Run on threads: `ThreadPoolExecutor`", "Выполнять в потоках: `ThreadPoolExecutor`"),
        unique_keywords: &["mp_context", "max_tasks_per_child"],
        shared_positional: 1,
    },
];

pub fn find(context: &Context<'_>, conversions: &mut Vec<Conversion>) {
    offer(context, SWAPS, conversions);
}
