//! Conversions between execution models, offered where the cursor is, whether or not anything
//! is wrong there: sequential ↔ concurrent ↔ parallel ↔ distributed. One conversion per file;
//! each returns plain edits, like a rule's fix.

pub mod python;
pub mod rust;

use std::ops::Range;

use super::names::Names;
use super::{FileAnalysis, Language, SourceFile, TextEdit};
use crate::locale::{Bilingual, Locale};

/// A rewrite the user may choose.
#[derive(Debug, Clone)]
pub struct Conversion {
    pub title: Bilingual,
    /// Quoted in the title in place of `{subject}`.
    pub subject: String,
    pub edits: Vec<TextEdit>,
    /// Safe conversions keep what the program computes; the others change how it runs in ways
    /// the user should review (pickling, shared memory, ordering).
    pub safe: bool,
}

impl Conversion {
    pub fn title(&self, locale: Locale) -> String {
        self.title.get(locale).replace("{subject}", &self.subject)
    }
}

/// What a conversion may consult.
pub struct Context<'a> {
    pub file: &'a SourceFile,
    pub names: &'a Names,
    pub analysis: &'a FileAnalysis,
    /// The selection or cursor, in bytes.
    pub range: Range<usize>,
    /// Every match of the language's queries, found once for all conversions.
    pub matched: super::queries::Matched<'a>,
    /// The file's calls, among those matches.
    pub calls: Vec<super::calls::Call<'a>>,
}

type Finder = fn(&Context<'_>, &mut Vec<Conversion>);

/// Every conversion, for the documentation: language, from, to, and whether it is safe.
pub const DOCUMENTED: &[(Language, &str, &str, bool)] = &[
    (Language::Python, "`concurrent.futures.ThreadPoolExecutor`", "`ProcessPoolExecutor` (and back)", false),
    (Language::Python, "`threading.Thread`", "`multiprocessing.Process` (and back)", false),
    (
        Language::Python,
        "a `for` loop calling one function per item (or appending its result)",
        "`executor.map` on a `ThreadPoolExecutor` or `ProcessPoolExecutor`",
        false,
    ),
    (Language::Python, "a `def` whose every call is in a coroutine", "`async def`, each call awaited", true),
    (Language::Python, "a loop of independent awaits", "`group.create_task(...)` in an `asyncio.TaskGroup`", false),
    (
        Language::Python,
        "a dropped `asyncio.create_task(...)` in an `async def`",
        "`tg.create_task(...)` in an `asyncio.TaskGroup` (Python 3.11+) around the rest of the block",
        false,
    ),
    (
        Language::Python,
        "a module-level `def`, in a file with a Celery app",
        "an `@app.task`, its calls `.delay(...)` (`.delay(...).get()` where the result is used: waits for a worker, needs a result backend)",
        false,
    ),
    (
        Language::Rust,
        "`.iter()`, `.iter_mut()`, `.into_iter()` chains",
        "rayon's `.par_iter()` family (back: safe)",
        false,
    ),
    (Language::Rust, "independent sequential `.await`s", "one `tokio::join!`", false),
    (Language::Rust, "a detached `std::thread::spawn`", "`tokio::task::spawn_blocking` (back: safe)", false),
    (Language::Rust, "a `for` loop awaiting one call per item", "tasks on a `tokio::task::JoinSet`", false),
    (
        Language::Rust,
        "a loop of `std::thread::spawn`",
        "`std::thread::scope` (for detached threads, which the scope then waits for: unsafe)",
        true,
    ),
    (
        Language::Rust,
        "`std::thread::spawn` in async code",
        "`tokio::spawn` (back, for a detached task that never awaits: safe)",
        false,
    ),
    (
        Language::Rust,
        "`std::sync::Mutex` whose guard is held across `.await` (CTR301)",
        "`tokio::sync::Mutex`, locked with `.lock().await`",
        false,
    ),
];

const PYTHON: &[Finder] = &[
    python::executor_kind::find,
    python::thread_process::find,
    python::loop_to_executor::find,
    python::make_async::find,
    python::loop_to_task_group::find,
    python::dangling_task_group::find,
    python::celery_task::find,
];
const RUST: &[Finder] = &[
    rust::par_iter::find,
    rust::join_awaits::find,
    rust::spawn_kind::find,
    rust::join_set::find,
    rust::thread_scope::find,
    rust::thread_task::find,
    rust::tokio_mutex::find,
];

/// The conversions available at `range`.
pub fn available(file: &SourceFile, analysis: &FileAnalysis, range: Range<usize>) -> Vec<Conversion> {
    let matched = super::queries::Matched::collect(file);
    let calls = super::calls::matched(file, &matched);
    let context = Context { file, names: &analysis.names, analysis, range, matched, calls };
    let finders: &[Finder] = match file.language() {
        Language::Python => PYTHON,
        Language::Rust => RUST,
    };
    let mut conversions = Vec::new();
    for finder in finders {
        finder(&context, &mut conversions);
    }
    conversions
}
