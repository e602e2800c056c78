//! A detached `std::thread::spawn(f)` ↔ `tokio::task::spawn_blocking(f)`: both run a `Send +
//! 'static` closure on another thread; `spawn_blocking` borrows a thread from tokio's blocking
//! pool instead of creating one. Their handles are joined differently (`join()` versus
//! `.await`), so the conversion is offered only where the handle is dropped.

use crate::analysis::TextEdit;
use crate::analysis::actions::{Context, Conversion};
use crate::analysis::calls::Call;
use crate::locale::Bilingual;

pub fn find(context: &Context<'_>, conversions: &mut Vec<Conversion>) {
    let Context { file, names, range, calls, .. } = context;
    let uses_tokio = names.uses_crate(file, "tokio");
    for &Call { call, callee } in calls {
        if call.end_byte() < range.start || call.start_byte() > range.end {
            continue;
        }
        let detached = call.parent().is_some_and(|p| p.kind() == "expression_statement");
        let Some(entry) = names.resolve_api(file, callee).filter(|_| detached) else { continue };
        // To the blocking pool is unsafe: `spawn_blocking` panics outside a runtime. Back to a
        // dedicated thread is safe: it runs the same closure anywhere.
        let (replacement, title, safe) = match entry.id.as_str() {
            "std::thread::spawn" if uses_tokio => (
                "tokio::task::spawn_blocking",
                Bilingual::new(
                    "Run on tokio's blocking pool: `spawn_blocking`",
                    "Выполнить в пуле блокирующих задач tokio: `spawn_blocking`",
                ),
                false,
            ),
            "tokio::task::spawn_blocking" => (
                "std::thread::spawn",
                Bilingual::new(
                    "Run on a new OS thread: `std::thread::spawn`",
                    "Выполнить в новом потоке ОС: `std::thread::spawn`",
                ),
                true,
            ),
            _ => continue,
        };
        conversions.push(Conversion {
            title,
            subject: String::new(),
            edits: vec![TextEdit::replace(callee.byte_range(), replacement)],
            safe,
        });
    }
}
