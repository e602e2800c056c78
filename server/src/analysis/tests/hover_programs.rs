//! Hover on realistic programs, in both locales. A line `# hover: <token> => <id>` (or `//`)
//! says that hovering anywhere on the first `<token>` of the code line above explains catalogue
//! entry `<id>`; `=> -` says that nothing is explained there.

use crate::analysis::hover::hover;
use crate::analysis::{Language, SourceFile, analyze};
use crate::catalogue::Catalogue;
use crate::locale::{Level, Locale};

/// `(token range, expected id)` for each hover line, and the text without them.
fn parse(source: &str) -> (String, Vec<(std::ops::Range<usize>, String)>) {
    let source = super::fixture::parse(source).text;
    let mut expectations = Vec::new();
    let mut offset = 0;
    let mut code_line: Option<(usize, &str)> = None;
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim();
        let directive = trimmed.strip_prefix("# hover: ").or_else(|| trimmed.strip_prefix("// hover: "));
        match directive {
            Some(directive) => {
                let (token, id) = directive.split_once(" => ").expect("`token => id`");
                let (start, text) = code_line.expect("a hover line follows code");
                let column = text.find(token).unwrap_or_else(|| panic!("`{token}` not in `{}`", text.trim()));
                expectations.push((start + column..start + column + token.len(), id.to_owned()));
            }
            None => code_line = Some((offset, line)),
        }
        offset += line.len();
    }
    (source, expectations)
}

fn check(language: Language, source: &str) {
    let (text, expectations) = parse(source);
    let file = SourceFile::parse(language, text.as_str());
    let analysis = analyze(&file);
    for (range, expected) in &expectations {
        let token = &text[range.clone()];
        let last_char = range.end - token.chars().next_back().map_or(1, char::len_utf8);
        for offset in [range.start, last_char] {
            for locale in [Locale::En, Locale::Ru] {
                let info = hover(&file, &analysis, offset, locale, Level::Beginner);
                let subject = info.as_ref().and_then(|info| info.subject);
                if expected == "-" {
                    assert_eq!(subject, None, "`{token}` should explain nothing");
                    continue;
                }
                assert_eq!(subject, Some(expected.as_str()), "hover on `{token}` ({locale:?})");
                let info = info.unwrap();
                assert_eq!(&text[info.range.clone()], token, "the hover covers exactly the token");
                if let Some(entry) = Catalogue::global().api(expected) {
                    let first_line = info.markdown.lines().next().unwrap();
                    assert!(first_line.contains(entry.model.word(locale)), "{token}: {first_line}");
                    assert!(
                        info.markdown.contains(entry.texts(locale).summary.trim()),
                        "{token}: summary in {locale:?}"
                    );
                }
            }
        }
    }
    assert!(expectations.len() >= 10, "a program fixture should pin many hovers, not {}", expectations.len());
}

#[test]
fn python_async_crawler() {
    check(
        Language::Python,
        r#"
        """Fetch pages concurrently; parse them in a worker thread (цикл событий + потоки)."""
        import asyncio as aio
        from asyncio import gather, Semaphore
        import time
        # hover: time => -

        LIMIT = Semaphore(10)
        # hover: Semaphore => asyncio.Semaphore


        def parse(html: str) -> int:
            return html.count("<a ")


        async def fetch(url: str) -> str:
        # hover: async => python.async
            async with LIMIT:
        # hover: async => python.async_with
                await aio.sleep(0.01)
        # hover: await => python.await
        # hover: sleep => asyncio.sleep
                return f"<a href='{url}'>"


        async def crawl(urls: list[str]) -> list[int]:
            loop = aio.get_running_loop()
        # hover: get_running_loop => asyncio.get_running_loop
            pages = await gather(*(fetch(u) for u in urls))
        # hover: gather => asyncio.gather
            counts = [await loop.run_in_executor(None, parse, page) for page in pages]
        # hover: run_in_executor => asyncio.AbstractEventLoop.run_in_executor
            async with aio.TaskGroup() as group:
        # hover: TaskGroup => asyncio.TaskGroup
                first = group.create_task(fetch(urls[0]))
        # hover: create_task => asyncio.TaskGroup.create_task
            watchdog = aio.create_task(aio.sleep(60))
        # hover: create_task => asyncio.create_task
            watchdog.cancel()
        # hover: cancel => asyncio.Task.cancel
            total = await aio.to_thread(sum, counts)
        # hover: to_thread => asyncio.to_thread
            return counts + [total, len(first.result())]


        if __name__ == "__main__":
            started = time.monotonic()
            print(aio.run(crawl(["a", "b"])))
        # hover: run => asyncio.run
            time.sleep(0.1)  # sync code: blocking the main thread is fine here
        # hover: sleep => time.sleep
        "#,
    );
}

#[test]
fn python_process_and_thread_pipeline() {
    check(
        Language::Python,
        r#"
        import multiprocessing as mp
        import queue
        import threading
        from concurrent.futures import ProcessPoolExecutor as PPE, as_completed


        class Pipeline:
            def __init__(self) -> None:
                self.lock = threading.Lock()
        # hover: Lock => threading.Lock
                self.results: queue.Queue[int] = queue.Queue()
        # hover: Queue => queue.Queue

            def crunch_all(self, numbers: list[int]) -> list[int]:
                with mp.Pool(processes=4) as pool:
        # hover: Pool => multiprocessing.Pool
                    squares = list(pool.imap_unordered(square, numbers))
        # hover: imap_unordered => multiprocessing.Pool.imap
                with PPE(max_workers=2) as executor:
        # hover: PPE => concurrent.futures.ProcessPoolExecutor
                    futures = [executor.submit(square, n) for n in numbers]
        # hover: submit => concurrent.futures.ProcessPoolExecutor.submit
                    done = [f.result() for f in as_completed(futures)]
        # hover: as_completed => concurrent.futures.as_completed
                return squares + done

            def report(self) -> None:
                worker = threading.Thread(target=self.drain, daemon=True)
        # hover: Thread => threading.Thread
                worker.start()
        # hover: start => threading.Thread.start
                worker.join(timeout=1.0)
        # hover: join => threading.Thread.join

            def drain(self) -> None:
                with self.lock:
                    pass


        def square(n: int) -> int:
            # Чистый Python: под GIL потоки не помогут, нужны процессы.
        # hover: GIL => gil
            return n * n


        if __name__ == "__main__":
            mp.set_start_method("spawn")
        # hover: set_start_method => multiprocessing.set_start_method
            print(Pipeline().crunch_all(list(range(10))))
        "#,
    );
}

#[test]
fn rust_tokio_service() {
    check(
        Language::Rust,
        r#"
        //! A tiny key-value service: one task per connection, shared state behind an async mutex.
        use std::collections::HashMap;
        use std::sync::Arc;
        // hover: Arc => std::sync::Arc
        use std::time::Duration;

        use tokio::sync::{mpsc, Mutex};
        use tokio::task::{self, JoinSet};

        type Store = Arc<Mutex<HashMap<String, String>>>;

        async fn handle(store: Store, key: String) -> Option<String> {
        // hover: async => rust.async
            let guard = store.lock().await;
        // hover: lock => tokio::sync::Mutex::lock
        // hover: await => rust.await
            guard.get(&key).cloned()
        }

        #[tokio::main]
        // hover: main => tokio::main
        async fn main() {
            let store: Store = Arc::new(Mutex::new(HashMap::new()));
        // hover: Mutex => tokio::sync::Mutex
            let (tx, mut rx) = mpsc::channel::<String>(16);
        // hover: channel => tokio::sync::mpsc::channel
            let mut set = JoinSet::new();
        // hover: JoinSet => tokio::task::JoinSet
            for key in ["a", "b"] {
                set.spawn(handle(store.clone(), key.to_owned()));
        // hover: spawn => tokio::task::JoinSet::spawn
            }
            let checksum = task::spawn_blocking(|| (0..1_000u64).sum::<u64>());
        // hover: spawn_blocking => tokio::task::spawn_blocking
            let ticker = tokio::spawn(async move { tx.send("tick".into()).await });
        // hover: spawn => tokio::spawn
        // hover: async => rust.async
            tokio::select! {
        // hover: select => tokio::select!
                Some(message) = rx.recv() => println!("{message}"),
                _ = tokio::time::sleep(Duration::from_millis(50)) => {}
        // hover: sleep => tokio::time::sleep
            }
            let _ = tokio::time::timeout(Duration::from_secs(1), checksum).await;
        // hover: timeout => tokio::time::timeout
            while set.join_next().await.is_some() {}
            let _ = ticker.await;
        }
        "#,
    );
}

#[test]
fn rust_threads_and_rayon() {
    check(
        Language::Rust,
        r#"
        use std::sync::{mpsc, Mutex};
        use std::thread::{self, spawn as go};

        use rayon::prelude::*;

        fn main() {
            let total = Mutex::new(0u64);
        // hover: Mutex => std::sync::Mutex
            thread::scope(|scope| {
        // hover: scope => std::thread::scope
                for chunk in [1u64, 2, 3].chunks(1) {
                    scope.spawn(|| *total.lock().unwrap() += chunk.iter().sum::<u64>());
                }
            });
            *total.lock().unwrap() += 1;
        // hover: lock => std::sync::Mutex::lock
            let (tx, rx) = mpsc::channel();
        // hover: channel => std::sync::mpsc::channel
            let producer = go(move || tx.send(42).unwrap());
        // hover: go => std::thread::spawn
            producer.join().unwrap();
            let squares: Vec<u64> = (1..100u64).into_par_iter().map(|n| n * n).collect();
        // hover: into_par_iter => rayon::par_iter
            let sum: u64 = squares.par_iter().sum();
        // hover: par_iter => rayon::par_iter
            // Потоки ОС и пул rayon: настоящий параллелизм, без GIL.
        // hover: параллелизм => parallelism
            thread::sleep(std::time::Duration::from_millis(1));
        // hover: sleep => std::thread::sleep
            println!("{} {} {}", sum, rx.recv().unwrap(), thread::available_parallelism().unwrap());
        // hover: available_parallelism => std::thread::available_parallelism
        }
        "#,
    );
}

#[test]
fn python_distributed_and_gpu_program() {
    check(
        Language::Python,
        r#"
        """Nightly job: score images on the GPU, fan reports out to Celery workers and Ray."""
        import ray
        from celery import Celery, shared_task
        from numba import cuda, njit, prange

        app = Celery("nightly", broker="redis://localhost:6379/0")
        # hover: Celery => celery.Celery


        @app.task(bind=True, max_retries=3)
        # hover: task => celery.Celery.task
        def render_report(self, user_id):
            return f"report-{user_id}"


        @shared_task
        # hover: shared_task => celery.shared_task
        def cleanup(day):
            return day


        @ray.remote
        # hover: remote => ray.remote
        def score(batch):
            return sum(batch)


        @cuda.jit
        # hover: jit => numba.cuda.jit
        def brighten(pixels, out):
            i = cuda.grid(1)
            if i < out.size:
                out[i] = min(pixels[i] + 10, 255)


        @njit(parallel=True)
        # hover: njit => numba.njit
        def histogram(values):
            total = 0
            for i in prange(values.size):
        # hover: prange => numba.prange
                total += values[i]
            return total


        def nightly(users, batches):
            ray.init()
        # hover: init => ray.init
            refs = [score.remote(b) for b in batches]
        # hover: remote => ray.remote_function.RemoteFunction.remote
            print(ray.get(refs))
        # hover: get => ray.get
            for user in users:
                render_report.delay(user)
        # hover: delay => celery.app.task.Task.delay
            cleanup.apply_async(args=["today"], countdown=60)
        # hover: apply_async => celery.app.task.Task.apply_async
            # Воркеры Celery и кластер Ray: распределённая система.
        # hover: распределённая система => distributed-system
        "#,
    );
}
