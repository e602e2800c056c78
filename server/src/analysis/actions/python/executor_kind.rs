//! `ThreadPoolExecutor` ↔ `ProcessPoolExecutor`: the same `submit`/`map` interface on threads
//! (shared memory, one GIL) or on processes (pickled work, a GIL each).

use super::swap_class;
use crate::analysis::actions::{Context, Conversion};
use crate::locale::Bilingual;

const THREADS: &str = "concurrent.futures.ThreadPoolExecutor";
const PROCESSES: &str = "concurrent.futures.ProcessPoolExecutor";

pub fn find(context: &Context<'_>, conversions: &mut Vec<Conversion>) {
    let Context { file, names, range, .. } = context;
    for call in crate::analysis::calls::collect(file) {
        if call.call.end_byte() < range.start || call.call.start_byte() > range.end {
            continue;
        }
        let Some(entry) = names.resolve_api(file, call.callee) else { continue };
        let (target, title, unique): (&str, Bilingual, &[&str]) = match entry.id.as_str() {
            THREADS => (
                PROCESSES,
                Bilingual::new(
                    "Run on processes: `ProcessPoolExecutor`",
                    "Выполнять в процессах: `ProcessPoolExecutor`",
                ),
                &["thread_name_prefix"],
            ),
            PROCESSES => (
                THREADS,
                Bilingual::new("Run on threads: `ThreadPoolExecutor`", "Выполнять в потоках: `ThreadPoolExecutor`"),
                &["mp_context", "max_tasks_per_child"],
            ),
            _ => continue,
        };
        if let Some(edits) = swap_class::edits(file, names, call, target, unique) {
            conversions.push(Conversion { title, subject: String::new(), edits, safe: false });
        }
    }
}
