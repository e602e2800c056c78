//! Conversions between models: applied at the cursor, checked for valid syntax, and for the
//! Python ones, run before and after to compare what the programs print.

use expect_test::{Expect, expect};

use super::{fixture, python_output};
use crate::analysis::{Language, SourceFile, actions, analyze, edit};
use crate::locale::Locale;

/// Applies the conversion titled `title` at the `$0` cursor.
pub(super) fn convert(language: Language, source: &str, title: &str) -> String {
    let fixture = fixture::parse(source);
    let cursor = fixture.cursor.expect("a $0 cursor");
    let file = SourceFile::parse(language, fixture.text.as_str());
    let analysis = analyze(&file);
    let available = actions::available(&file, &analysis, cursor..cursor);
    let conversion = available.iter().find(|c| c.title(Locale::En) == title).unwrap_or_else(|| {
        panic!("no `{title}` among {:?}", available.iter().map(|c| c.title(Locale::En)).collect::<Vec<_>>())
    });
    let converted = edit::apply(&fixture.text, &conversion.edits).expect("edits apply");
    assert!(!SourceFile::parse(language, converted.as_str()).root().has_error(), "converted code parses:\n{converted}");
    converted
}

fn check(language: Language, source: &str, title: &str, expected: Expect) {
    expected.assert_eq(&convert(language, source, title));
}

/// The English titles of the conversions offered at the `$0` cursor.
pub(super) fn titles_at(language: Language, source: &str) -> Vec<String> {
    titles_in(Locale::En, language, source)
}

/// The titles of the conversions offered at the `$0` cursor, in `locale`.
pub(super) fn titles_in(locale: Locale, language: Language, source: &str) -> Vec<String> {
    let fixture = fixture::parse(source);
    let cursor = fixture.cursor.expect("a $0 cursor");
    let file = SourceFile::parse(language, fixture.text.as_str());
    actions::available(&file, &analyze(&file), cursor..cursor).iter().map(|c| c.title(locale)).collect()
}

const POOL_PROGRAM: &str = r#"
from concurrent.futures import ThreadPoolExecutor


def square(n):
    return n * n


if __name__ == "__main__":
    with ThreadPool$0Executor(max_workers=2) as pool:
        print(list(pool.map(square, range(6))))
"#;

#[test]
fn thread_pool_to_process_pool_and_back() {
    check(
        Language::Python,
        POOL_PROGRAM,
        "Run on processes: `ProcessPoolExecutor`",
        expect![[r#"
            from concurrent.futures import ProcessPoolExecutor


            def square(n):
                return n * n


            if __name__ == "__main__":
                with ProcessPoolExecutor(max_workers=2) as pool:
                    print(list(pool.map(square, range(6))))
        "#]],
    );
    check(
        Language::Python,
        "import concurrent.futures as cf\nwith cf.ProcessPool$0Executor() as pool:\n    pass\n",
        "Run on threads: `ThreadPoolExecutor`",
        expect![[r#"
            import concurrent.futures as cf
            with cf.ThreadPoolExecutor() as pool:
                pass
        "#]],
    );
}

#[test]
fn conversions_are_not_offered_where_they_would_break() {
    let source = "from concurrent.futures import ThreadPoolExecutor\nwith ThreadPool$0Executor(thread_name_prefix='io') as pool:\n    pass\n";
    let fixture = fixture::parse(source);
    let file = SourceFile::parse(Language::Python, fixture.text.as_str());
    let cursor = fixture.cursor.unwrap();
    assert!(actions::available(&file, &analyze(&file), cursor..cursor).is_empty(), "processes have no thread names");
    // The second positional parameter is `thread_name_prefix` in one and `mp_context` in the other.
    let positional =
        "from concurrent.futures import ThreadPoolExecutor\nwith ThreadPool$0Executor(4, 'io') as pool:\n    pass\n";
    assert!(titles_at(Language::Python, positional).is_empty(), "{positional}");
    let one = positional.replace("(4, 'io')", "(4)");
    assert_eq!(titles_at(Language::Python, &one), ["Run on processes: `ProcessPoolExecutor`"]);
}

#[test]
fn converted_pool_program_prints_the_same() {
    let original = fixture::parse(POOL_PROGRAM).text;
    let converted = convert(Language::Python, POOL_PROGRAM, "Run on processes: `ProcessPoolExecutor`");
    let (Some(before), Some(after)) = (python_output(&original), python_output(&converted)) else { return };
    assert_eq!(before, after);
    assert_eq!(after, "[0, 1, 4, 9, 16, 25]\n");
    // And the analysis now sees worker processes.
    let analysis = analyze(&SourceFile::parse(Language::Python, converted.as_str()));
    assert!(analysis.sections.iter().any(|s| s.runs_on == crate::analysis::RunsOn::WorkerProcesses));
}

const THREAD_PROGRAM: &str = r#"
import threading


def report(name):
    print(f"hello from {name}", flush=True)


if __name__ == "__main__":
    worker = threading.Thr$0ead(target=report, args=("worker",))
    worker.start()
    worker.join()
    print("done")
"#;

#[test]
fn thread_to_process_prints_the_same() {
    let converted = convert(Language::Python, THREAD_PROGRAM, "Run in a process: `multiprocessing.Process`");
    expect![[r#"
        import threading
        import multiprocessing


        def report(name):
            print(f"hello from {name}", flush=True)


        if __name__ == "__main__":
            worker = multiprocessing.Process(target=report, args=("worker",))
            worker.start()
            worker.join()
            print("done")
    "#]]
    .assert_eq(&converted);
    let original = fixture::parse(THREAD_PROGRAM).text;
    let (Some(before), Some(after)) = (python_output(&original), python_output(&converted)) else { return };
    assert_eq!(before, after);
    let back = convert(
        Language::Python,
        &converted.replace("multiprocessing.Process(", "multiprocessing.Pro$0cess("),
        "Run on a thread: `threading.Thread`",
    );
    assert!(back.contains("worker = threading.Thread(target=report"), "{back}");
}

#[test]
fn rust_iterator_chains_to_rayon_and_back() {
    check(
        Language::Rust,
        "use std::collections::HashMap;\nuse rayon::ThreadPoolBuilder;\n\nfn total(values: &[u64]) -> u64 {\n    values.it$0er().map(|v| v * v).sum()\n}\n",
        "Run the chain in parallel with rayon: `.par_iter()`",
        expect![[r#"
            use std::collections::HashMap;
            use rayon::ThreadPoolBuilder;
            use rayon::prelude::*;

            fn total(values: &[u64]) -> u64 {
                values.par_iter().map(|v| v * v).sum()
            }
        "#]],
    );
    check(
        Language::Rust,
        "use rayon::prelude::*;\nfn total(values: Vec<u64>) -> u64 {\n    values.into_par$0_iter().sum()\n}\n",
        "Run the chain sequentially: `.into_iter()`",
        expect![[r#"
            use rayon::prelude::*;
            fn total(values: Vec<u64>) -> u64 {
                values.into_iter().sum()
            }
        "#]],
    );
    // Not a chain, or no rayon in the file: nothing to offer.
    for source in [
        "use rayon::prelude::*;\nfn f(v: &[u8]) { for x in v.it$0er() {} }\n",
        "fn f(v: &[u8]) -> usize { v.it$0er().count() }\n",
    ] {
        let fixture = fixture::parse(source);
        let file = SourceFile::parse(Language::Rust, fixture.text.as_str());
        let cursor = fixture.cursor.unwrap();
        assert!(actions::available(&file, &analyze(&file), cursor..cursor).is_empty(), "{source}");
    }
}

const LOOP_PROGRAM: &str = r#"
import os


def measure(word):
    return len(word) * 2


if __name__ == "__main__":
    words = ["tea", "coffee", "mate"]
    sizes = []
    f$0or word in words:
        sizes.append(measure(word))
    print(sizes)
"#;

#[test]
fn loop_of_calls_to_executor_map_prints_the_same() {
    let threads = convert(Language::Python, LOOP_PROGRAM, "Run the calls on a thread pool: `executor.map`");
    expect![[r#"
        import os
        from concurrent.futures import ThreadPoolExecutor


        def measure(word):
            return len(word) * 2


        if __name__ == "__main__":
            words = ["tea", "coffee", "mate"]
            sizes = []
            with ThreadPoolExecutor() as executor:
                sizes.extend(executor.map(measure, words))
            print(sizes)
    "#]]
    .assert_eq(&threads);
    let processes = convert(Language::Python, LOOP_PROGRAM, "Run the calls on a process pool: `executor.map`");
    assert!(processes.contains("with ProcessPoolExecutor() as executor:"), "{processes}");
    let original = fixture::parse(LOOP_PROGRAM).text;
    let Some(before) = python_output(&original) else { return };
    assert_eq!(python_output(&threads).unwrap(), before);
    assert_eq!(python_output(&processes).unwrap(), before);
    assert_eq!(before, "[6, 12, 8]\n");
}

/// Replacing a loop by `map`, a comprehension or `gather` drops its variable: code after the
/// loop that reads it would fail, so none of those rewrites is offered there.
#[test]
fn loops_whose_variable_is_read_afterwards_are_not_rewritten() {
    let sync = "def measure(w):\n    return w\n\nwords = ['a']\nf$0or word in words:\n    measure(word)\nprint(word)\n";
    assert!(titles_at(Language::Python, sync).iter().all(|t| !t.contains("executor.map")), "{sync}");
    let rebound = sync.replace("print(word)", "for word in words:\n    print(word)");
    assert!(titles_at(Language::Python, &rebound).iter().any(|t| t.contains("executor.map")), "{rebound}");
    let source = "import asyncio\n\nasync def fetch(u):\n    return u\n\nasync def crawl(urls):\n    f$0or url in urls:\n        await fetch(url)\n    return url\n";
    assert!(titles_at(Language::Python, source).iter().all(|t| !t.contains("TaskGroup")), "{source}");
    let analysis = analyze(&SourceFile::parse(Language::Python, fixture::parse(source).text.as_str()));
    let gather = analysis.findings.iter().find(|f| f.code() == "CTP401").expect("still reported");
    assert!(gather.fix.is_none(), "the gather fix would lose `url`");
}

const MAKE_ASYNC_PROGRAM: &str = r#"
import asyncio


class Kitchen:
    def bo$0il(self, item):
        return f"boiled {item}"

    async def cook(self, items):
        return [self.boil(item) for item in items]


async def main():
    kitchen = Kitchen()
    print(await kitchen.cook(["egg", "rice"]))


asyncio.run(main())
"#;

#[test]
fn def_to_async_def_awaits_every_call_and_prints_the_same() {
    let converted =
        convert(Language::Python, MAKE_ASYNC_PROGRAM, "Make `boil` a coroutine (`async def`) and await its calls");
    assert!(converted.contains("    async def boil(self, item):"), "{converted}");
    assert!(converted.contains("return [await self.boil(item) for item in items]"), "{converted}");
    let analysis = analyze(&SourceFile::parse(Language::Python, converted.as_str()));
    assert!(analysis.findings.is_empty(), "no coroutine is left un-awaited: {:?}", analysis.findings);
    let original = fixture::parse(MAKE_ASYNC_PROGRAM).text;
    if let (Some(before), Some(after)) = (python_output(&original), python_output(&converted)) {
        assert_eq!(before, after);
    }
    // A call from synchronous code could not be awaited: no conversion there.
    let sync_caller = "def he$0lper():\n    return 1\n\ndef main():\n    return helper()\n";
    let fixture = fixture::parse(sync_caller);
    let file = SourceFile::parse(Language::Python, fixture.text.as_str());
    let cursor = fixture.cursor.unwrap();
    assert!(
        actions::available(&file, &analyze(&file), cursor..cursor)
            .iter()
            .all(|c| !c.title(Locale::En).contains("coroutine"))
    );
}

#[test]
fn def_to_async_def_is_not_offered_where_a_use_would_not_be_awaited() {
    const TITLE: &str = "Make `step` a coroutine (`async def`) and await its calls";
    for (source, why) in [
        ("def st$0ep(x):\n    return x\n\nasync def main():\n    return step(1)\n", "sanity: offered"),
        ("def st$0ep(x):\n    return x\n\nasync def main():\n    return list(map(step, [1]))\n", "passed as a value"),
        (
            "class A:\n    def st$0ep(self):\n        return 1\n\nasync def main():\n    return A().step()\n",
            "called on an instance nothing here awaits",
        ),
        (
            "import functools\n\n@functools.cache\ndef st$0ep(x):\n    return x\n\nasync def main():\n    return step(1)\n",
            "a cached coroutine can be awaited only once",
        ),
        (
            "class A:\n    @property\n    def st$0ep(self):\n        return 1\n\n    async def main(self):\n        return self.step\n",
            "a property is read without a call",
        ),
        (
            "def st$0ep(x):\n    return x\n\nasync def main(xs):\n    return sum(step(x) for x in xs)\n",
            "`await` in a generator expression makes an async generator",
        ),
    ] {
        let offered = titles_at(Language::Python, source).iter().any(|t| t == TITLE);
        assert_eq!(offered, why.starts_with("sanity"), "{why}:\n{source}");
    }
    // A static method is awaited where it is called through the class's own `cls`/`self`.
    let converted = convert(
        Language::Python,
        "class A:\n    @staticmethod\n    def st$0ep():\n        return 1\n\n    async def run(self):\n        return [self.step() for _ in range(2)]\n",
        TITLE,
    );
    assert!(converted.contains("    async def step():"), "{converted}");
    assert!(converted.contains("return [await self.step() for _ in range(2)]"), "{converted}");
}

#[test]
fn rust_sequential_awaits_to_tokio_join() {
    check(
        Language::Rust,
        r#"
async fn load_user(id: u32) -> String { id.to_string() }
async fn load_orders(id: u32) -> Vec<u32> { vec![id] }
async fn audit(user: &str) {}

#[tokio::main]
async fn main() {
    let user = load_user(7).await;
    let orders = load_$0orders(7).await;
    audit(&user).await;
    println!("{user} {orders:?}");
}
"#,
        "Await these 2 futures together with `tokio::join!`",
        expect![[r#"
            async fn load_user(id: u32) -> String { id.to_string() }
            async fn load_orders(id: u32) -> Vec<u32> { vec![id] }
            async fn audit(user: &str) {}

            #[tokio::main]
            async fn main() {
                let (user, orders) = tokio::join!(load_user(7), load_orders(7));
                audit(&user).await;
                println!("{user} {orders:?}");
            }
        "#]],
    );
}

#[test]
fn rust_detached_thread_to_blocking_pool_and_back() {
    let source = "#[tokio::main]\nasync fn main() {\n    std::thread::sp$0awn(move || println!(\"audit\"));\n    let handle = std::thread::spawn(|| 1);\n    handle.join().unwrap();\n}\n";
    check(
        Language::Rust,
        source,
        "Run on tokio's blocking pool: `spawn_blocking`",
        expect![[r#"
            #[tokio::main]
            async fn main() {
                tokio::task::spawn_blocking(move || println!("audit"));
                let handle = std::thread::spawn(|| 1);
                handle.join().unwrap();
            }
        "#]],
    );
    // A handle that is joined later must keep its type: nothing is offered there.
    let joined =
        source.replace("sp$0awn(move", "spawn(move").replace("std::thread::spawn(|| 1)", "std::thread::sp$0awn(|| 1)");
    let fixture = fixture::parse(&joined);
    let file = SourceFile::parse(Language::Rust, fixture.text.as_str());
    let cursor = fixture.cursor.unwrap();
    assert!(
        actions::available(&file, &analyze(&file), cursor..cursor)
            .iter()
            .all(|c| !c.title(Locale::En).contains("spawn_blocking"))
    );
}

const TASK_GROUP_PROGRAM: &str = r#"
import asyncio


async def fetch(url):
    await asyncio.sleep(0.01 * (3 - len(url)))
    return url.upper()


async def crawl(urls):
    pages = []
    f$0or url in urls:
        pages.append(await fetch(url))
    return pages


print(asyncio.run(crawl(["a", "bb", "ccc"])))
"#;

const TOKIO_MUTEX: &str = "Use `tokio::sync::Mutex` in this file, locked with `.lock().await`";

#[test]
fn rust_std_mutex_held_across_await_to_tokio_mutex() {
    check(
        Language::Rust,
        r#"
use std::sync::{Arc, Mutex};

struct Stats {
    seen: std::sync::Mutex<Vec<String>>,
}

async fn flush() {}

impl Stats {
    async fn record(&self, hits: Arc<Mutex<u64>>, name: String) -> u64 {
        let mut $0count = hits.lock().unwrap();
        *count += 1;
        flush().await;
        self.seen.lock().expect("poisoned").push(name);
        *count
    }
}

#[tokio::main]
async fn main() {
    let stats = Stats { seen: std::sync::Mutex::new(Vec::new()) };
    let hits = Arc::new(Mutex::new(0));
    println!("{}", stats.record(hits, "a".into()).await);
}
"#,
        TOKIO_MUTEX,
        expect![[r#"
            use std::sync::Arc;
            use tokio::sync::Mutex;

            struct Stats {
                seen: tokio::sync::Mutex<Vec<String>>,
            }

            async fn flush() {}

            impl Stats {
                async fn record(&self, hits: Arc<Mutex<u64>>, name: String) -> u64 {
                    let mut count = hits.lock().await;
                    *count += 1;
                    flush().await;
                    self.seen.lock().await.push(name);
                    *count
                }
            }

            #[tokio::main]
            async fn main() {
                let stats = Stats { seen: tokio::sync::Mutex::new(Vec::new()) };
                let hits = Arc::new(Mutex::new(0));
                println!("{}", stats.record(hits, "a".into()).await);
            }
        "#]],
    );
}

/// The mutex changes type in the whole file, so every lock must be able to change with it.
#[test]
fn rust_tokio_mutex_is_not_offered_when_a_lock_cannot_follow() {
    let held = "async fn flush() {}\n\nasync fn record(hits: &Mutex<u64>) -> u64 {\n    let mut $0count = hits.lock().unwrap();\n    *count += 1;\n    flush().await;\n    *count\n}\n";
    let with = |prefix: &str, suffix: &str| format!("{prefix}{held}{suffix}");
    let cases = [
        // Offered: the file builds the mutex, uses tokio and locks only in async code.
        (with("use std::sync::Mutex;\n", "#[tokio::main]\nasync fn main() { record(&Mutex::new(0)).await; }\n"), true),
        // `get_mut` on a map is not the mutex's.
        (
            with(
                "use std::sync::Mutex;\n",
                "#[tokio::main]\nasync fn main() { let mut m = std::collections::HashMap::new(); m.insert(1, 2); if let Some(v) = m.get_mut(&1) { *v += 1; } record(&Mutex::new(0)).await; }\n",
            ),
            true,
        ),
        // No tokio in the file.
        (with("use std::sync::Mutex;\n", "fn main() { let _ = record(&Mutex::new(0)); }\n"), false),
        // The mutex comes from elsewhere.
        (with("use std::sync::Mutex;\n", "pub async fn run() { tokio::task::yield_now().await; }\n"), false),
        // A lock in synchronous code.
        (
            with(
                "use std::sync::Mutex;\n",
                "fn peek(m: &Mutex<u64>) -> u64 { *m.lock().unwrap() }\n#[tokio::main]\nasync fn main() { record(&Mutex::new(0)).await; }\n",
            ),
            false,
        ),
        // Poisoning handled by hand has no tokio counterpart.
        (
            with(
                "use std::sync::Mutex;\n",
                "#[tokio::main]\nasync fn main() { let m = Mutex::new(0); record(&m).await; let _ = m.into_inner(); }\n",
            ),
            false,
        ),
        // A static needs a const constructor.
        (
            with(
                "use std::sync::Mutex;\nstatic TOTAL: Mutex<u64> = Mutex::new(0);\n",
                "#[tokio::main]\nasync fn main() { record(&TOTAL).await; }\n",
            ),
            false,
        ),
    ];
    for (source, offered) in cases {
        let fixture = fixture::parse(&source);
        let cursor = fixture.cursor.unwrap();
        let file = SourceFile::parse(Language::Rust, fixture.text.as_str());
        let titles: Vec<String> =
            actions::available(&file, &analyze(&file), cursor..cursor).iter().map(|c| c.title(Locale::En)).collect();
        assert_eq!(titles.iter().any(|t| t == TOKIO_MUTEX), offered, "{titles:?}\n{source}");
    }
}

#[test]
fn loop_of_awaits_to_task_group_prints_the_same() {
    let converted = convert(Language::Python, TASK_GROUP_PROGRAM, "Run the calls together in an `asyncio.TaskGroup`");
    expect![[r#"
        import asyncio


        async def fetch(url):
            await asyncio.sleep(0.01 * (3 - len(url)))
            return url.upper()


        async def crawl(urls):
            pages = []
            async with asyncio.TaskGroup() as group:
                tasks = [group.create_task(fetch(url)) for url in urls]
            pages.extend(task.result() for task in tasks)
            return pages


        print(asyncio.run(crawl(["a", "bb", "ccc"])))
    "#]]
    .assert_eq(&converted);
    let original = fixture::parse(TASK_GROUP_PROGRAM).text;
    if let (Some(before), Some(after)) = (python_output(&original), python_output(&converted)) {
        assert_eq!(before, after);
        assert_eq!(after, "['A', 'BB', 'CCC']\n");
    }
    let statements = TASK_GROUP_PROGRAM.replace("        pages.append(await fetch(url))", "        await fetch(url)");
    let converted = convert(Language::Python, &statements, "Run the calls together in an `asyncio.TaskGroup`");
    assert!(converted.contains("    async with asyncio.TaskGroup() as group:\n        for url in urls:\n            group.create_task(fetch(url))\n"), "{converted}");
}

/// The model hint the analysis of `converted` shows on the line holding `needle`.
fn hint_on(converted: &str, needle: &str) -> Option<String> {
    let analysis = analyze(&SourceFile::parse(Language::Rust, converted));
    let line_of = |offset: usize| converted[..offset].matches('\n').count();
    let line = line_of(converted.find(needle).expect("the needle is in the converted code"));
    let hinted = crate::analysis::section::hinted(&analysis.sections, line_of);
    hinted.iter().find(|section| line_of(section.anchor) == line).map(|section| section.label(Locale::En))
}

const JOIN_SET_PROGRAM: &str = r#"
use tokio::task::JoinSet;

async fn fetch(id: u32) -> usize {
    id as usize * 2
}

#[tokio::main]
async fn main() {
    let mut sizes = Vec::new();
    f$0or id in 0..4 {
        // one request per id
        sizes.push(fetch(id).await);
    }
    println!("{sizes:?}");
}
"#;

#[test]
fn rust_loop_of_awaits_to_join_set() {
    check(
        Language::Rust,
        JOIN_SET_PROGRAM,
        "Spawn the calls on a `tokio::task::JoinSet` (results arrive in completion order)",
        expect![[r#"
            use tokio::task::JoinSet;

            async fn fetch(id: u32) -> usize {
                id as usize * 2
            }

            #[tokio::main]
            async fn main() {
                let mut sizes = Vec::new();
                let mut set = JoinSet::new();
                for id in 0..4 {
                    // one request per id
                    set.spawn(fetch(id));
                }
                while let Some(res) = set.join_next().await {
                    sizes.push(res.unwrap());
                }
                println!("{sizes:?}");
            }
        "#]],
    );
    // No collector, an owned parameter, names already taken, and no `use`: the full path.
    check(
        Language::Rust,
        "async fn ping(host: String) {}\n\nasync fn sweep(hosts: Vec<String>, set: u8) {\n    for host in hosts {\n        ping$0(host).await;\n    }\n}\n\nfn main() { let _ = tokio::spawn(sweep(vec![], 0)); }\n",
        "Spawn the calls on a `tokio::task::JoinSet`",
        expect![[r#"
            async fn ping(host: String) {}

            async fn sweep(hosts: Vec<String>, set: u8) {
                let mut set2 = tokio::task::JoinSet::new();
                for host in hosts {
                    set2.spawn(ping(host));
                }
                while let Some(res) = set2.join_next().await {
                    res.unwrap();
                }
            }

            fn main() { let _ = tokio::spawn(sweep(vec![], 0)); }
        "#]],
    );
    // The spawned future must own its data: borrowed items, borrowed arguments and methods on a
    // borrowed receiver are left alone, as are files without tokio.
    for source in [
        "async fn f(u: &str) -> usize { 1 }\nasync fn g(urls: &[String]) { for u in urls { f$0(u).await; } }\nfn main() { let _ = tokio::spawn(async {}); }\n",
        "async fn f(u: &String) -> usize { 1 }\nasync fn g(urls: Vec<String>) { for u in urls { f$0(&u).await; } }\nfn main() { let _ = tokio::spawn(async {}); }\n",
        "struct C;\nimpl C { async fn get(&self, i: u32) {} }\nasync fn g(c: C) { for i in 0..3 { c.get$0(i).await; } }\nfn main() { let _ = tokio::spawn(async {}); }\n",
        "async fn f(i: u32) {}\nasync fn g() { for i in 0..3 { f$0(i).await; } }\n",
    ] {
        assert!(titles_at(Language::Rust, source).iter().all(|t| !t.contains("JoinSet")), "{source}");
    }
    // A clone of a borrowed item is owned.
    let cloned = "async fn f(u: String) {}\nasync fn g(urls: &[String]) { for u in urls { f$0(u.clone()).await; } }\nfn main() { let _ = tokio::spawn(async {}); }\n";
    assert!(titles_at(Language::Rust, cloned).iter().any(|t| t.contains("JoinSet")));
}

#[test]
fn rust_join_set_conversion_is_seen_as_spawned_tasks() {
    let converted = convert(
        Language::Rust,
        JOIN_SET_PROGRAM,
        "Spawn the calls on a `tokio::task::JoinSet` (results arrive in completion order)",
    );
    let analysis = analyze(&SourceFile::parse(Language::Rust, converted.as_str()));
    let spawn = converted.find("set.spawn").unwrap();
    assert!(
        analysis
            .sections
            .iter()
            .any(|s| s.range.contains(&spawn) && s.origin.entry.id == "tokio::task::JoinSet::spawn"),
        "{:?}",
        analysis.sections
    );
    assert!(analysis.findings.iter().all(|f| f.code() != "CTR401"), "no sequential loop is left");
}

const THREAD_LOOP_PROGRAM: &str = r#"
use std::thread;

fn main() {
    let parts = vec![vec![1, 2], vec![3]];
    let mut handles = vec![];
    for part in parts {
        // each part on its own thread
        handles.push(thread::spawn(move || part.iter().sum::<i32>()));
    }
    for handle in handles {
        println!("{}", handle.jo$0in().unwrap());
    }
}
"#;

#[test]
fn rust_loop_of_threads_to_thread_scope() {
    let title = "Spawn the threads in `std::thread::scope` (they may then borrow local data)";
    check(
        Language::Rust,
        THREAD_LOOP_PROGRAM,
        title,
        expect![[r#"
            use std::thread;

            fn main() {
                let parts = vec![vec![1, 2], vec![3]];
                thread::scope(|s| {
                    let mut handles = vec![];
                    for part in parts {
                        // each part on its own thread
                        handles.push(s.spawn(move || part.iter().sum::<i32>()));
                    }
                    for handle in handles {
                        println!("{}", handle.join().unwrap());
                    }
                });
            }
        "#]],
    );
    let fixture = fixture::parse(THREAD_LOOP_PROGRAM);
    let file = SourceFile::parse(Language::Rust, fixture.text.as_str());
    let offered = actions::available(&file, &analyze(&file), fixture.cursor.unwrap()..fixture.cursor.unwrap());
    assert!(offered.iter().any(|c| c.title(Locale::En) == title && c.safe), "every handle is joined: safe");
    // A joining loop that may stop early leaves threads the scope would then wait for: unsafe.
    let early_exit =
        THREAD_LOOP_PROGRAM.replace("handle.jo$0in().unwrap());", "handle.jo$0in().unwrap());\n        break;");
    assert_eq!(
        titles_at(Language::Rust, &early_exit),
        vec!["Spawn the threads in `std::thread::scope` and wait for all of them".to_owned()]
    );
    // Detached threads: the scope now waits for them, so the conversion is unsafe.
    let detached =
        "fn main() {\n    f$0or i in 0..3 {\n        std::thread::spawn(move || println!(\"{i}\"));\n    }\n}\n";
    check(
        Language::Rust,
        detached,
        "Spawn the threads in `std::thread::scope` and wait for all of them",
        expect![[r#"
            fn main() {
                std::thread::scope(|s| {
                    for i in 0..3 {
                        s.spawn(move || println!("{i}"));
                    }
                });
            }
        "#]],
    );
    check(
        Language::Rust,
        "use std::thread::spawn;\n\nfn main() {\n    for i in 0..3 {\n        spawn(move || i)$0;\n    }\n}\n",
        "Spawn the threads in `std::thread::scope` and wait for all of them",
        expect![[r#"

            fn main() {
                std::thread::scope(|s| {
                    for i in 0..3 {
                        s.spawn(move || i);
                    }
                });
            }
        "#]],
    );
    // Not offered: the list is used after the joins, a `?` would leave the scope's closure,
    // a typed list names `JoinHandle`, or the code is async and the scope would block a worker.
    for source in [
        THREAD_LOOP_PROGRAM.replace("    }\n}\n", "    }\n    drop(handles);\n}\n"),
        "fn f() -> Option<()> {\n    f$0or i in 0..3 {\n        std::thread::spawn(move || i);\n        Some(1)?;\n    }\n    None\n}\n".to_owned(),
        THREAD_LOOP_PROGRAM.replace("let mut handles = vec![];", "let mut handles: Vec<thread::JoinHandle<i32>> = vec![];"),
        format!("#[tokio::main]\nasync {}", detached.trim_start()),
    ] {
        assert!(titles_at(Language::Rust, &source).iter().all(|t| !t.contains("thread::scope")), "{source}");
    }
}

#[test]
fn rust_thread_scope_conversion_is_seen_as_a_scope() {
    let converted = convert(
        Language::Rust,
        THREAD_LOOP_PROGRAM,
        "Spawn the threads in `std::thread::scope` (they may then borrow local data)",
    );
    assert_eq!(hint_on(&converted, "thread::scope(").as_deref(), Some("parallel · OS threads"));
    assert_eq!(hint_on(&converted, "s.spawn(").as_deref(), Some("parallel · OS threads"));
}

const THREAD_TASK_PROGRAM: &str = r#"
use std::thread;

fn summarise(log: &[String]) -> usize {
    log.len()
}

#[tokio::main]
async fn main() {
    let log = vec!["start".to_owned()];
    let handle = thread::sp$0awn(move || {
        // count the lines
        summarise(&log)
    });
    let summary = handle.join().unwrap();
    println!("{summary}");
}
"#;

#[test]
fn rust_thread_in_async_code_to_tokio_task_and_back() {
    let to_task = "Run as a tokio task: `tokio::spawn(async move { .. })`";
    let converted = convert(Language::Rust, THREAD_TASK_PROGRAM, to_task);
    expect![[r#"

        fn summarise(log: &[String]) -> usize {
            log.len()
        }

        #[tokio::main]
        async fn main() {
            let log = vec!["start".to_owned()];
            let handle = tokio::spawn(async move {
                // count the lines
                summarise(&log)
            });
            let summary = handle.await.unwrap();
            println!("{summary}");
        }
    "#]]
    .assert_eq(&converted);
    assert_eq!(hint_on(&converted, "tokio::spawn(").as_deref(), Some("concurrent · runtime worker threads"));
    let original = fixture::parse(THREAD_TASK_PROGRAM).text;
    assert_eq!(hint_on(&original, "thread::spawn(").as_deref(), Some("parallel · OS threads"));
    // `use std::thread;` went with its only use; another use keeps it.
    let still_used = THREAD_TASK_PROGRAM.replace("    log.len()\n", "    thread::yield_now();\n    log.len()\n");
    assert!(convert(Language::Rust, &still_used, to_task).contains("use std::thread;\n"));
    // A kept task handle is not converted back: `.join()` in async code would block.
    let kept = converted.replace("tokio::spawn(", "tokio::sp$0awn(");
    assert!(titles_at(Language::Rust, &kept).iter().all(|t| !t.contains("OS thread")), "{kept}");
    // A detached task that never awaits goes back to a thread, with the `use std::thread` alias.
    check(
        Language::Rust,
        "use std::thread;\n\n#[tokio::main]\nasync fn main() {\n    tokio::sp$0awn(async move {\n        println!(\"audit\");\n    });\n}\n",
        "Run the task's code on a new OS thread: `std::thread::spawn`",
        expect![[r#"
            use std::thread;

            #[tokio::main]
            async fn main() {
                thread::spawn(move || {
                    println!("audit");
                });
            }
        "#]],
    );
    // Not offered: a task that awaits, uses tokio, or runs on a single-threaded runtime, where
    // it never ran in parallel with its spawner; a thread that blocks, loops, is joined in a
    // way a `JoinError` would not fit, declares its closure's return type, or is spawned from
    // synchronous code.
    for source in [
        "#[tokio::main]\nasync fn main() {\n    tokio::sp$0awn(async { tokio::task::yield_now().await; });\n}\n".to_owned(),
        "#[tokio::main]\nasync fn main() {\n    tokio::sp$0awn(async { let _ = tokio::runtime::Handle::current(); });\n}\n".to_owned(),
        "#[tokio::main(flavor = \"current_thread\")]\nasync fn main() {\n    tokio::sp$0awn(async { println!(\"audit\"); });\n}\n".to_owned(),
        THREAD_TASK_PROGRAM.replace("summarise(&log)\n", "std::thread::sleep(std::time::Duration::from_secs(1));\n        summarise(&log)\n"),
        THREAD_TASK_PROGRAM.replace("summarise(&log)\n", "loop { if summarise(&log) > 0 { break 1; } }\n"),
        THREAD_TASK_PROGRAM.replace("handle.join().unwrap()", "handle.join().map_err(|_| ())?"),
        THREAD_TASK_PROGRAM.replace("async fn main", "fn main"),
        THREAD_TASK_PROGRAM.replace("move || {", "move || -> usize {"),
    ] {
        assert!(titles_at(Language::Rust, &source).iter().all(|t| !t.contains("tokio task") && !t.contains("OS thread")), "{source}");
    }
}
