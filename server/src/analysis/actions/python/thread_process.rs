//! `threading.Thread` ↔ `multiprocessing.Process`: the same constructor (`target`, `args`,
//! `kwargs`, `name`, `daemon`) and the same `start`/`join`, on a thread or in a new process.

use super::swap_class::{Swap, offer};
use crate::analysis::actions::{Context, Conversion};
use crate::locale::Bilingual;

const SWAPS: &[Swap] = &[
    Swap {
        from: "threading.Thread",
        to: "multiprocessing.Process",
        title: Bilingual::new(
            "Run in a process: `multiprocessing.Process`",
            "Выполнять в процессе: `multiprocessing.Process`",
        ),
        unique_keywords: &[],
        // `(group, target, name, args, kwargs)` in both.
        shared_positional: 5,
    },
    Swap {
        from: "multiprocessing.Process",
        to: "threading.Thread",
        title: Bilingual::new("Run on a thread: `threading.Thread`", "Выполнять в потоке: `threading.Thread`"),
        unique_keywords: &[],
        // `(group, target, name, args, kwargs)` in both.
        shared_positional: 5,
    },
];

pub fn find(context: &Context<'_>, conversions: &mut Vec<Conversion>) {
    offer(context, SWAPS, conversions);
}
