//! `threading.Thread` ↔ `multiprocessing.Process`: the same constructor (`target`, `args`,
//! `kwargs`, `name`, `daemon`) and the same `start`/`join`, on a thread or in a new process.

use super::swap_class;
use crate::analysis::actions::{Context, Conversion};
use crate::locale::Bilingual;

const THREAD: &str = "threading.Thread";
const PROCESS: &str = "multiprocessing.Process";

pub fn find(context: &Context<'_>, conversions: &mut Vec<Conversion>) {
    let Context { file, names, range, .. } = context;
    for call in crate::analysis::calls::collect(file) {
        if call.call.end_byte() < range.start || call.call.start_byte() > range.end {
            continue;
        }
        let Some(entry) = names.resolve_api(file, call.callee) else { continue };
        let (target, title) = match entry.id.as_str() {
            THREAD => (
                PROCESS,
                Bilingual::new(
                    "Run in a process: `multiprocessing.Process`",
                    "Выполнять в процессе: `multiprocessing.Process`",
                ),
            ),
            PROCESS => (
                THREAD,
                Bilingual::new("Run on a thread: `threading.Thread`", "Выполнять в потоке: `threading.Thread`"),
            ),
            _ => continue,
        };
        if let Some(edits) = swap_class::edits(file, names, call, target, &[]) {
            conversions.push(Conversion { title, subject: String::new(), edits, safe: false });
        }
    }
}
