//! Pitfall findings and their fixes.

use expect_test::{Expect, expect};

use super::{fixture, python_output};
use crate::analysis::{Language, SourceFile, analyze, edit};

/// Findings annotations are `^^^ CODE` spanning exactly the reported code.
fn check(language: Language, source: &str) {
    let fixture = fixture::parse(source);
    let analysis = analyze(&SourceFile::parse(language, fixture.text.as_str()));
    for finding in &analysis.findings {
        assert_fix_matches_rule(finding);
    }
    let actual: Vec<_> = analysis.findings.iter().map(|f| (f.range.clone(), f.code().to_owned())).collect();
    let expected: Vec<_> = fixture.annotations.into_iter().filter(|(_, label)| label.starts_with("CT")).collect();
    assert_eq!(actual, expected, "\n{}", fixture.text);
}

/// A finding's fix is as safe as its rule says (a fix may be withheld, never of another kind).
fn assert_fix_matches_rule(finding: &crate::analysis::Finding) {
    use crate::analysis::rules::Fixability;
    match (finding.rule.fix, &finding.fix) {
        (_, None) => {}
        (Fixability::Safe, Some(fix)) => assert!(fix.safe, "{} declares safe fixes", finding.code()),
        (Fixability::Unsafe, Some(fix)) => assert!(!fix.safe, "{} declares unsafe fixes", finding.code()),
        (Fixability::None, Some(_)) => panic!("{} declares no fix", finding.code()),
    }
}

/// Applies the first fix until none is left, as a user pressing the quick fix repeatedly
/// would, then checks the result parses cleanly and matches `after`.
fn check_fix(language: Language, before: &str, after: Expect) {
    after.assert_eq(&check_fix_text(language, before));
}

/// [`check_fix`]'s fixed text, for tests that also run it.
fn check_fix_text(language: Language, before: &str) -> String {
    let mut text = fixture::parse(before).text;
    for _ in 0..10 {
        let analysis = analyze(&SourceFile::parse(language, text.as_str()));
        let Some(fix) = analysis.findings.iter().find_map(|finding| finding.fix.clone()) else {
            break;
        };
        text = edit::apply(&text, &fix.edits).expect("fix edits apply cleanly");
    }
    let file = SourceFile::parse(language, text.as_str());
    assert!(!file.root().has_error(), "the fixed code does not parse:\n{text}");
    assert!(analyze(&file).findings.iter().all(|f| f.fix.is_none()), "fixing did not converge:\n{text}");
    text
}

#[test]
fn python_time_sleep_in_coroutine_is_reported_in_any_import_form() {
    check(
        Language::Python,
        r#"
        import time
        from time import sleep as nap

        async def worker():
            time.sleep(1)
        #   ^^^^^^^^^^^^^ CTP101
            nap(0.5)  # спим 😴
        #   ^^^^^^^^ CTP101

        def sync_worker():
            time.sleep(1)

        async def outer():
            def inner():
                time.sleep(1)
            return inner
        "#,
    );
}

#[test]
fn python_fix_awaits_asyncio_sleep_and_adds_the_import() {
    check_fix(
        Language::Python,
        r#"
        """Polls a service."""
        import time


        async def poll(client):
            while True:
                await client.refresh()
                time.sleep(5)  # wait between polls
                time.sleep(
                    1,
                )
        "#,
        expect![[r#"
            """Polls a service."""
            import time
            import asyncio


            async def poll(client):
                while True:
                    await client.refresh()
                    await asyncio.sleep(5)  # wait between polls
                    await asyncio.sleep(
                        1,
                    )
        "#]],
    );
}

#[test]
fn python_fix_reuses_an_asyncio_alias() {
    check_fix(
        Language::Python,
        r#"
        import asyncio as aio
        from time import sleep

        async def tick():
            sleep(0.1)
        "#,
        expect![[r#"
            import asyncio as aio
            from time import sleep

            async def tick():
                await aio.sleep(0.1)
        "#]],
    );
}

#[test]
fn rust_thread_sleep_in_async_code_is_reported_but_not_in_blocking_closures() {
    check(
        Language::Rust,
        r#"
        use std::thread;
        use std::time::Duration;

        async fn handler() {
            thread::sleep(Duration::from_millis(10));
        //  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ CTR101
            tokio::task::spawn_blocking(|| std::thread::sleep(Duration::from_secs(1)));
            let later = async { std::thread::sleep(Duration::ZERO) };
        //                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ CTR101
        }

        fn main() {
            std::thread::sleep(Duration::from_secs(1));
            thread::spawn(|| thread::sleep(Duration::from_secs(1)));
        }
        "#,
    );
}

#[test]
fn rust_fix_uses_tokio_sleep_when_the_file_uses_tokio() {
    check_fix(
        Language::Rust,
        r#"
        use std::time::Duration;

        #[tokio::main]
        async fn main() {
            // Пауза перед повтором.
            std::thread::sleep(Duration::from_millis(100));
        }
        "#,
        expect![[r#"
            use std::time::Duration;

            #[tokio::main]
            async fn main() {
                // Пауза перед повтором.
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        "#]],
    );
}

#[test]
fn rust_fix_is_not_offered_without_tokio() {
    let source = "async fn f() { std::thread::sleep(d); }\n";
    let analysis = analyze(&SourceFile::parse(Language::Rust, source));
    assert_eq!(analysis.findings.len(), 1);
    assert!(analysis.findings[0].fix.is_none());
}

#[test]
fn python_blocking_calls_in_coroutines_are_reported() {
    check(
        Language::Python,
        r#"
        import subprocess
        import requests
        from urllib.request import urlopen

        async def sync_user(user_id, pool):
            profile = requests.get(f"https://example.org/{user_id}", timeout=5)
        #             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ CTP102
            subprocess.run(["git", "pull"], check=True)
        #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ CTP102
            with open("audit.log", "a") as log:
        #        ^^^^^^^^^^^^^^^^^^^^^^ CTP102
                log.write(str(user_id))
            name = input("name? ")
        #          ^^^^^^^^^^^^^^^^ CTP102
            page = await asyncio.to_thread(urlopen, "https://example.org")
            return profile, name

        def sync_path():
            return requests.get("https://example.org")
        "#,
    );
}

#[test]
fn python_blocking_call_fix_moves_the_call_to_a_thread() {
    check_fix(
        Language::Python,
        r#"
        import requests

        async def fetch(url):
            response = requests.get(url, timeout=5)
            reply = input()
            return response, reply
        "#,
        expect![[r#"
            import requests
            import asyncio

            async def fetch(url):
                response = await asyncio.to_thread(requests.get, url, timeout=5)
                reply = await asyncio.to_thread(input)
                return response, reply
        "#]],
    );
}

/// An `await` added inside a generator expression would make it an async generator that
/// `list()` cannot consume: the pitfall is still reported there, without a fix. A call given
/// one generator argument keeps the generator's parentheses when it moves to a thread.
#[test]
fn python_fixes_add_no_await_inside_generator_expressions() {
    let source = "import subprocess\nimport time\n\nasync def main(names):\n    pauses = list(time.sleep(0) for _ in names)\n    subprocess.run(str(n) for n in names)\n    return pauses\n";
    check_fix(
        Language::Python,
        source,
        expect![[r#"
            import subprocess
            import time
            import asyncio

            async def main(names):
                pauses = list(time.sleep(0) for _ in names)
                await asyncio.to_thread(subprocess.run, (str(n) for n in names))
                return pauses
        "#]],
    );
    let analysis = analyze(&SourceFile::parse(Language::Python, source));
    let sleep = analysis.findings.iter().find(|f| f.code() == "CTP101").expect("time.sleep is still reported");
    assert!(sleep.fix.is_none());
}

#[test]
fn rust_blocking_calls_in_async_code_are_reported() {
    check(
        Language::Rust,
        r#"
        use std::fs;
        use std::io::Read;

        async fn load(path: &str) -> std::io::Result<String> {
            let text = fs::read_to_string(path)?;
        //             ^^^^^^^^^^^^^^^^^^^^^^^^ CTR102
            let stream = std::net::TcpStream::connect("127.0.0.1:80")?;
        //               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ CTR102
            let body = reqwest::blocking::get("https://example.org");
        //             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ CTR102
            let _ = tokio::task::spawn_blocking(|| fs::read("data.bin")).await;
            Ok(text)
        }

        fn main() {
            let _ = fs::read_to_string("config.toml");
        }
        "#,
    );
}

#[test]
fn rust_blocking_fs_fix_uses_tokio_fs() {
    check_fix(
        Language::Rust,
        r#"
        use std::fs;

        #[tokio::main]
        async fn main() -> std::io::Result<()> {
            let config = fs::read_to_string("config.toml")?;
            std::fs::write("copy.toml", &config)?;
            Ok(())
        }
        "#,
        expect![[r#"
            use std::fs;

            #[tokio::main]
            async fn main() -> std::io::Result<()> {
                let config = tokio::fs::read_to_string("config.toml").await?;
                tokio::fs::write("copy.toml", &config).await?;
                Ok(())
            }
        "#]],
    );
}

#[test]
fn rust_blocking_call_fix_moves_the_call_to_spawn_blocking() {
    check_fix(
        Language::Rust,
        r#"
        use std::net::TcpStream;

        const HOST: &str = "127.0.0.1:80";

        async fn probe(dir: &str, port: u16) -> std::io::Result<u64> {
            let listing = std::fs::read_dir(dir.to_string())?.count();
            let log = std::fs::File::create(format!("{dir}/probe-{port}.log"))?;
            let stream = TcpStream::connect(HOST)?;
            let local = TcpStream::connect(("127.0.0.1", port))?;
            let owned: String = format!("{dir}/state");
            let state = std::fs::File::open(owned)?;
            let worker = std::thread::spawn(move || 1u64);
            let one = worker.join().unwrap();
            drop((log, stream, local, state));
            Ok(listing as u64 + one + u64::from(port))
        }

        #[tokio::main]
        async fn main() {}
        "#,
        expect![[r#"
            use std::net::TcpStream;

            const HOST: &str = "127.0.0.1:80";

            async fn probe(dir: &str, port: u16) -> std::io::Result<u64> {
                let listing = tokio::task::spawn_blocking({ let arg1 = dir.to_string(); move || std::fs::read_dir(arg1) }).await.unwrap()?.count();
                let log = tokio::task::spawn_blocking({ let arg1 = format!("{dir}/probe-{port}.log"); move || std::fs::File::create(arg1) }).await.unwrap()?;
                let stream = tokio::task::spawn_blocking(move || TcpStream::connect(HOST)).await.unwrap()?;
                let local = tokio::task::spawn_blocking(move || TcpStream::connect(("127.0.0.1", port))).await.unwrap()?;
                let owned: String = format!("{dir}/state");
                let state = tokio::task::spawn_blocking(move || std::fs::File::open(owned)).await.unwrap()?;
                let worker = std::thread::spawn(move || 1u64);
                let one = tokio::task::spawn_blocking(move || worker.join()).await.unwrap().unwrap();
                drop((log, stream, local, state));
                Ok(listing as u64 + one + u64::from(port))
            }

            #[tokio::main]
            async fn main() {}
        "#]],
    );
}

/// `spawn_blocking` needs a `'static` closure: calls that borrow the async function's locals,
/// or use a local again after moving it, keep their finding without a fix.
#[test]
fn rust_blocking_call_fix_is_withheld_when_the_closure_would_borrow() {
    let source = r#"
use std::fs::File;

struct Store { root: String }

impl Store {
    async fn open(&self) -> std::io::Result<File> {
        File::open(&self.root)
    }
}

async fn read_all(path: &str, names: Vec<String>) -> std::io::Result<()> {
    let first = File::open(path)?;
    let owned = String::from("data.bin");
    let second = File::open(owned.clone())?;
    let third = File::open(owned)?;
    let again = owned.len();
    let shared = String::from("shared.bin");
    for _ in 0..2 {
        let _ = File::open(shared)?;
    }
    let typed = std::io::stdin().lock().lines().count();
    drop((first, second, third, again, names, typed));
    Ok(())
}

#[tokio::main]
async fn main() {}
"#;
    let analysis = analyze(&SourceFile::parse(Language::Rust, source));
    let reported: Vec<&str> =
        analysis.findings.iter().filter(|f| f.code() == "CTR102").map(|f| &source[f.range.clone()]).collect();
    assert_eq!(
        reported,
        [
            "File::open(&self.root)",
            "File::open(path)",
            "File::open(owned.clone())",
            "File::open(owned)",
            "File::open(shared)",
            "std::io::stdin()",
        ]
    );
    assert!(analysis.findings.iter().all(|f| f.fix.is_none()), "{:?}", analysis.findings);
}

/// The fixed program prints what the original printed: the fix changes where the call runs,
/// not what it computes.
#[test]
fn python_blocking_call_fix_keeps_the_program_output() {
    let source = "import asyncio\nimport subprocess\n\nasync def main():\n    done = subprocess.run([\"echo\", \"tutor\"], capture_output=True, text=True)\n    print(done.stdout.strip(), done.returncode)\n\nasyncio.run(main())\n";
    let analysis = analyze(&SourceFile::parse(Language::Python, source));
    let fix = analysis.findings.iter().find_map(|f| f.fix.clone()).expect("a fix");
    let fixed = edit::apply(source, &fix.edits).unwrap();
    assert!(fixed.contains("await asyncio.to_thread(subprocess.run, [\"echo\", \"tutor\"]"), "{fixed}");
    let Some(before) = python_output(source) else { return };
    assert_eq!(python_output(&fixed).unwrap(), before);
    assert_eq!(before, "tutor 0\n");
}

#[test]
fn python_coroutines_and_awaitables_that_are_never_awaited() {
    check(
        Language::Python,
        r#"
        import asyncio

        class Recorder:
            async def save(self, item):
                await asyncio.sleep(0)

            async def handle(self, item):
                self.save(item)
        #       ^^^^^^^^^^^^^^^ CTP201
                asyncio.sleep(1)
        #       ^^^^^^^^^^^^^^^^ CTP202
                asyncio.gather(self.save(1), self.save(2))
        #       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ CTP202
                task = asyncio.create_task(self.save(item))
                await self.save(item)
                return await task

        def main():
            Recorder().handle(1)
            asyncio.run(Recorder().handle(2))
        "#,
    );
    check(
        Language::Python,
        r#"
        async def ping():
            return "pong"

        def sync_caller():
            ping()
        #   ^^^^^^ CTP201
        "#,
    );
}

#[test]
fn python_missing_await_fix() {
    check_fix(
        Language::Python,
        r#"
        import asyncio

        async def notify(user):
            return user

        async def signup(user):
            notify(user)
            asyncio.sleep(0.5)  # back off
            return user
        "#,
        expect![[r#"
            import asyncio

            async def notify(user):
                return user

            async def signup(user):
                await notify(user)
                await asyncio.sleep(0.5)  # back off
                return user
        "#]],
    );
}

#[test]
fn rust_futures_dropped_at_once() {
    check_fix(
        Language::Rust,
        r#"
        async fn notify(user: &str) {
            println!("{user}");
        }

        async fn signup(user: String) {
            notify(&user);
            tokio::time::sleep(std::time::Duration::from_millis(5));
            let later = notify(&user);
            later.await;
        }
        "#,
        expect![[r#"
            async fn notify(user: &str) {
                println!("{user}");
            }

            async fn signup(user: String) {
                notify(&user).await;
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                let later = notify(&user);
                later.await;
            }
        "#]],
    );
}

#[test]
fn python_dangling_tasks_and_nested_event_loops() {
    check(
        Language::Python,
        r#"
        import asyncio

        async def audit(event):
            await asyncio.sleep(0)

        async def handle(event):
            asyncio.create_task(audit(event))
        #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ CTP203
            kept = asyncio.create_task(audit(event))
            asyncio.run(audit(event))
        #   ^^^^^^^^^^^^^^^^^^^^^^^^^ CTP502
            return await kept

        def main():
            asyncio.run(handle("start"))
        "#,
    );
}

#[test]
fn python_dangling_task_fix_keeps_a_reference() {
    check_fix(
        Language::Python,
        r#"
        import asyncio


        async def audit(event):
            await asyncio.sleep(0)


        async def handle(event):
            if event:
                asyncio.create_task(audit(event))  # fire and forget
            return event
        "#,
        expect![[r#"
            import asyncio
            _background_tasks = set()  # tasks kept alive until done


            async def audit(event):
                await asyncio.sleep(0)


            async def handle(event):
                if event:
                    task = asyncio.create_task(audit(event))
                    _background_tasks.add(task)
                    task.add_done_callback(_background_tasks.discard)  # fire and forget
                return event
        "#]],
    );
}

/// The kept task gets a name the function does not use yet (overwriting `task` would make
/// `await task` wait for the wrong one), and a spawn sharing its line stays on that line.
/// Run before and after: the same output.
#[test]
fn python_dangling_task_fix_picks_a_free_name_and_keeps_one_line_bodies() {
    let source = r#"
        import asyncio


        async def audit(event):
            await asyncio.sleep(0.01)
            print("audited", event)


        async def handle(event):
            task = asyncio.create_task(audit("first"))
            asyncio.create_task(audit(event))
            if event: asyncio.create_task(audit("again"))
            await asyncio.sleep(0.05)
            await task


        asyncio.run(handle("second"))
        "#;
    let fixed = check_fix_text(Language::Python, source);
    expect![[r#"
        import asyncio
        _background_tasks = set()  # tasks kept alive until done


        async def audit(event):
            await asyncio.sleep(0.01)
            print("audited", event)


        async def handle(event):
            task = asyncio.create_task(audit("first"))
            background_task = asyncio.create_task(audit(event))
            _background_tasks.add(background_task)
            background_task.add_done_callback(_background_tasks.discard)
            if event: spawned_task = asyncio.create_task(audit("again")); _background_tasks.add(spawned_task); spawned_task.add_done_callback(_background_tasks.discard)
            await asyncio.sleep(0.05)
            await task


        asyncio.run(handle("second"))
    "#]]
    .assert_eq(&fixed);
    let original = fixture::parse(source).text;
    if let (Some(before), Some(after)) = (python_output(&original), python_output(&fixed)) {
        assert_eq!(before, after);
        assert_eq!(after, "audited first\naudited second\naudited again\n");
    }
}

#[test]
fn python_nested_asyncio_run_fix_awaits() {
    check_fix(
        Language::Python,
        r#"
        import asyncio

        async def refresh(user):
            return user

        async def refresh_all(users):
            refreshed = asyncio.run(refresh(users))
            return refreshed
        "#,
        expect![[r#"
            import asyncio

            async def refresh(user):
                return user

            async def refresh_all(users):
                refreshed = await refresh(users)
                return refreshed
        "#]],
    );
}

#[test]
fn rust_runtimes_inside_async_code() {
    check(
        Language::Rust,
        r#"
        use tokio::runtime::{Builder, Runtime};

        async fn fetch() -> u32 {
            7
        }

        async fn handler() -> u32 {
            let runtime = Runtime::new().unwrap();
        //                ^^^^^^^^^^^^^^ CTR501
            let other = Builder::new_multi_thread().enable_all().build().unwrap();
        //              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ CTR501
            let a = runtime.block_on(fetch());
        //          ^^^^^^^^^^^^^^^^^^^^^^^^^ CTR501
            futures::executor::block_on(fetch()) + a
        //  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ CTR501
        }

        fn main() {
            let runtime = Runtime::new().unwrap();
            println!("{}", runtime.block_on(handler()));
        }
        "#,
    );
    check_fix(
        Language::Rust,
        r#"
        async fn fetch() -> u32 {
            7
        }

        async fn handler() -> u32 {
            futures::executor::block_on(fetch())
        }
        "#,
        expect![[r#"
            async fn fetch() -> u32 {
                7
            }

            async fn handler() -> u32 {
                fetch().await
            }
        "#]],
    );
}

#[test]
fn rust_rayon_and_long_loops_in_async_code() {
    check(
        Language::Rust,
        r#"
        use rayon::prelude::*;

        async fn totals(data: Vec<u64>, rows: &[Vec<u64>]) -> u64 {
            let sum: u64 = data.par_iter().map(|x| x * 2).sum();
        //                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ CTR103
            let (a, b) = rayon::join(|| rows.len(), || data.len());
        //               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ CTR103
            let mut acc = 0u64;
            for i in 0..1_000_000u64 {
        //  ^^^^^^^^^^^^^^^^^^^^^^^^ CTR104
                acc = acc.wrapping_mul(31).wrapping_add(i);
            }
            for i in 0..1_000 {
        //  ^^^^^^^^^^^^^^^^^ CTR104
                for j in 0..=1_000 {
                    acc ^= i * j;
                }
            }
            for _ in 0..1_000_000 {
                tokio::task::yield_now().await;
            }
            for row in rows {
                for x in row {
                    acc += x;
                }
            }
            for i in 0..10_000u64 {
                acc += i;
            }
            let done = tokio::task::spawn_blocking(|| (0..1_000_000u64).into_par_iter().sum::<u64>()).await.unwrap();
            std::thread::spawn(|| for _ in 0..1_000_000 {});
            rayon::spawn(|| {});
            let worker = async move { (0..1_000_000u64).into_par_iter().count() };
        //                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ CTR103
            sum + acc + (a + b) as u64 + done + worker.await as u64
        }

        fn sync_work(data: &[u64]) -> u64 {
            for _ in 0..1_000_000 {}
            data.par_iter().sum()
        }
        "#,
    );
}

#[test]
fn rust_rayon_and_long_loop_fixes_move_owned_work_to_spawn_blocking() {
    check_fix(
        Language::Rust,
        r#"
        use rayon::prelude::*;

        async fn checksum(data: Vec<u64>, label: &str) -> u64 {
            let total: u64 = data.par_iter().map(|x| x.wrapping_mul(31)).sum();
            for i in 0..200_000u64 {
                if std::hint::black_box(i) % 100_000 == 0 {
                    println!("at {i}");
                }
            }
            let mut acc = 0u64;
            for i in 0..200_000u64 {
                acc ^= i;
            }
            println!("{label}: {acc}");
            for i in 0..200_000u64 {
                if std::hint::black_box(i) == 7 {
                    return 0;
                }
            }
            total
        }

        #[tokio::main]
        async fn main() {
            checksum(vec![1, 2, 3], "demo").await;
        }
        "#,
        expect![[r#"
            use rayon::prelude::*;

            async fn checksum(data: Vec<u64>, label: &str) -> u64 {
                let total: u64 = tokio::task::spawn_blocking(move || data.par_iter().map(|x| x.wrapping_mul(31)).sum()).await.unwrap();
                tokio::task::spawn_blocking(move || for i in 0..200_000u64 {
                    if std::hint::black_box(i) % 100_000 == 0 {
                        println!("at {i}");
                    }
                }).await.unwrap();
                let mut acc = 0u64;
                for i in 0..200_000u64 {
                    acc ^= i;
                }
                println!("{label}: {acc}");
                for i in 0..200_000u64 {
                    if std::hint::black_box(i) == 7 {
                        return 0;
                    }
                }
                total
            }

            #[tokio::main]
            async fn main() {
                checksum(vec![1, 2, 3], "demo").await;
            }
        "#]],
    );
}

#[test]
fn rust_lock_guards_held_across_await() {
    check(
        Language::Rust,
        r#"
        use std::sync::{Arc, Mutex};

        async fn flush() {}

        async fn record(hits: Arc<Mutex<u64>>, cache: &parking_lot::RwLock<Vec<u8>>) {
            let mut count = hits.lock().unwrap();
        //                  ^^^^^^^^^^^ CTR301
            *count += 1;
            flush().await;
            let view = cache.read();
        //             ^^^^^^^^^^^^ CTR301
            flush().await;
            println!("{}", view.len());
        }

        async fn scoped(hits: Arc<Mutex<u64>>) {
            {
                let mut count = hits.lock().unwrap();
                *count += 1;
            }
            flush().await;
            let guard = hits.lock().unwrap();
            let value = *guard;
            drop(guard);
            flush().await;
            let tokio_lock = tokio::sync::Mutex::new(value);
            let held = tokio_lock.lock().await;
            flush().await;
            drop(held);
        }

        fn sync(hits: Arc<Mutex<u64>>) {
            let count = hits.lock().unwrap();
            println!("{count}");
        }
        "#,
    );
}

#[test]
fn rust_guard_fix_drops_before_the_await() {
    check_fix(
        Language::Rust,
        r#"
        use std::sync::Mutex;

        async fn flush() {}

        async fn record(hits: &Mutex<u64>) {
            let mut count = hits.lock().unwrap();
            *count += 1;
            flush().await;
        }
        "#,
        expect![[r#"
            use std::sync::Mutex;

            async fn flush() {}

            async fn record(hits: &Mutex<u64>) {
                let mut count = hits.lock().unwrap();
                *count += 1;
                drop(count);
                flush().await;
            }
        "#]],
    );
}

#[test]
fn rust_temporary_guards_are_not_held() {
    check(
        Language::Rust,
        r#"
        use std::sync::Mutex;

        async fn flush() {}

        async fn snapshot(counters: &Mutex<Vec<u64>>) -> usize {
            let copy = counters.lock().unwrap().clone();
            let len = counters.lock().expect("poisoned").len();
            flush().await;
            copy.len() + len
        }
        "#,
    );
}

#[test]
fn python_process_pools_need_a_main_guard() {
    check(
        Language::Python,
        r#"
        import multiprocessing as mp

        def square(n):
            return n * n

        pool = mp.Pool(2)
        #      ^^^^^^^^^^ CTP501
        print(pool.map(square, range(4)))
        "#,
    );
    check(
        Language::Python,
        r#"
        from concurrent.futures import ProcessPoolExecutor

        def square(n):
            return n * n

        def main():
            with ProcessPoolExecutor() as pool:
                return list(pool.map(square, range(4)))

        if __name__ == "__main__":
            print(main())
        "#,
    );
    // Decorators are not statements: only the statement is reported.
    check(
        Language::Python,
        r#"
        import functools
        from concurrent.futures import ProcessPoolExecutor

        @functools.partial(ProcessPoolExecutor().submit)
        def job():
            return 1

        executor = ProcessPoolExecutor()
        #          ^^^^^^^^^^^^^^^^^^^^^ CTP501
        "#,
    );
}

/// The guarded script prints what the unguarded one printed (Linux's fork start method lets
/// the unguarded version run at all).
#[test]
fn python_main_guard_fix_keeps_the_program_output() {
    let source = "from multiprocessing import Pool\n\n\ndef square(n):\n    return n * n\n\n\n# Fan out.\nwith Pool(2) as pool:\n    print(pool.map(square, range(5)))\n\nprint(\"\"\"done\n  twice\"\"\")\n";
    let analysis = analyze(&SourceFile::parse(Language::Python, source));
    let fix = analysis.findings.iter().find_map(|f| f.fix.clone()).expect("a fix");
    let fixed = edit::apply(source, &fix.edits).unwrap();
    expect![[r#"
        from multiprocessing import Pool


        def square(n):
            return n * n


        if __name__ == "__main__":
            # Fan out.
            with Pool(2) as pool:
                print(pool.map(square, range(5)))

            print("""done
          twice""")
    "#]]
    .assert_eq(&fixed);
    assert!(analyze(&SourceFile::parse(Language::Python, fixed.as_str())).findings.is_empty());
    let Some(after) = python_output(&fixed) else { return };
    // The string's second line kept its two spaces: indentation inside a string is content.
    assert_eq!(after, "[0, 1, 4, 9, 16]\ndone\n  twice\n");
    if cfg!(target_os = "linux") {
        assert_eq!(python_output(source).unwrap(), after);
    }
}

#[test]
fn python_sequential_awaits_in_loops() {
    check(
        Language::Python,
        r#"
        import asyncio

        async def fetch(url):
            return url

        async def crawl(urls):
            pages = []
            for url in urls:
        #   ^^^^^^^^^^^^^^^ CTP401
                pages.append(await fetch(url))
            cursor = None
            for _ in range(3):
                cursor = await fetch(cursor)
            async for url in stream(urls):
                await fetch(url)
            return pages

        class Crawler:
            @retry
            async def crawl(self, urls):
                with session():
                    try:
                        if urls:
                            pass
                        elif len(urls) > 1:
                            while True:
                                for url in urls:
        #                       ^^^^^^^^^^^^^^^ CTP401
                                    await fetch(url)
                    finally:
                        match urls:
                            case []:
                                for url in urls:
        #                       ^^^^^^^^^^^^^^^ CTP401
                                    await fetch(url)

        def plain(urls):
            async def inner():
                for url in urls:
        #       ^^^^^^^^^^^^^^^ CTP401
                    await fetch(url)
            print(lambda: [u for u in urls])
        "#,
    );
}

/// `gather` keeps the order of results, so the rewritten crawler prints the same pages.
#[test]
fn python_gather_fix_keeps_the_program_output() {
    let source = "import asyncio\n\n\nasync def fetch(url):\n    await asyncio.sleep(0.01 * (3 - len(url)))\n    return url.upper()\n\n\nasync def crawl(urls):\n    pages = []\n    for url in urls:\n        pages.append(await fetch(url))\n    for url in urls:\n        await fetch(url)\n    return pages\n\n\nprint(asyncio.run(crawl([\"a\", \"bb\", \"ccc\"])))\n";
    let mut fixed = source.to_owned();
    for _ in 0..4 {
        let analysis = analyze(&SourceFile::parse(Language::Python, fixed.as_str()));
        let Some(fix) = analysis.findings.iter().find_map(|f| f.fix.clone()) else { break };
        fixed = edit::apply(&fixed, &fix.edits).unwrap();
    }
    expect![[r#"
        import asyncio


        async def fetch(url):
            await asyncio.sleep(0.01 * (3 - len(url)))
            return url.upper()


        async def crawl(urls):
            pages = []
            pages.extend(await asyncio.gather(*(fetch(url) for url in urls)))
            await asyncio.gather(*(fetch(url) for url in urls))
            return pages


        print(asyncio.run(crawl(["a", "bb", "ccc"])))
    "#]]
    .assert_eq(&fixed);
    let Some(before) = python_output(source) else { return };
    assert_eq!(python_output(&fixed).unwrap(), before);
}

#[test]
fn rust_sequential_awaits_in_loops() {
    check_fix(
        Language::Rust,
        r#"
        use futures::future;

        async fn fetch(url: &str) -> usize {
            url.len()
        }

        async fn crawl(urls: &[String]) -> Vec<usize> {
            let mut pages = Vec::new();
            for url in urls {
                pages.push(fetch(url).await);
            }
            let _ = future::ready(());
            pages
        }
        "#,
        expect![[r#"
            use futures::future;

            async fn fetch(url: &str) -> usize {
                url.len()
            }

            async fn crawl(urls: &[String]) -> Vec<usize> {
                let mut pages = Vec::new();
                pages.extend(futures::future::join_all((urls).into_iter().map(|url| fetch(url))).await);
                let _ = future::ready(());
                pages
            }
        "#]],
    );
}

#[test]
fn ordered_loops_are_not_reported() {
    check(
        Language::Python,
        r#"
        import asyncio

        async def pump(queue, items, writer, db):
            for item in items:
                await queue.put(item)
            for chunk in items:
                await writer.write(chunk)
            for statement in items:
                await db.execute(statement)
            for _ in range(3):
                await asyncio.sleep(1)
        "#,
    );
    check(
        Language::Python,
        r#"
        import trio

        async def notify_all(users, notify):
            for user in users:
                await notify(user)
        "#,
    );
}

#[test]
fn python_cpu_bound_work_on_threads() {
    check(
        Language::Python,
        r#"
        import hashlib
        import threading
        from concurrent.futures import ThreadPoolExecutor

        def count_primes(limit):
            total = 0
            for n in range(2, limit):
                if all(n % d for d in range(2, int(n ** 0.5) + 1)):
                    total += 1
            return total

        def digest(blob):
            return hashlib.sha256(blob).hexdigest()

        def download(url):
            with open(url) as handle:
                return len(handle.read())

        with ThreadPoolExecutor() as pool:
            primes = list(pool.map(count_primes, [50_000] * 4))
        #                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ CTP402
            digests = list(pool.map(digest, [b"a", b"b"]))
            sizes = list(pool.map(download, ["a.txt"]))
        worker = threading.Thread(target=count_primes, args=(10,))
        #        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ CTP402
        "#,
    );
}
