//! Which lines get a model hint, and what it says.

use super::fixture;
use crate::analysis::section::hinted;
use crate::analysis::{Language, SourceFile, analyze};
use crate::locale::Locale;

/// Hint annotations are `^ hint: <label>` under the line that should carry the hint; every
/// hinted line must be annotated and every annotation must be hinted.
fn check(language: Language, source: &str) {
    let fixture = fixture::parse(source);
    let file = SourceFile::parse(language, fixture.text.as_str());
    let analysis = analyze(&file);
    let line_of = |offset: usize| fixture.text[..offset].matches('\n').count();
    let mut actual: Vec<(usize, String)> = hinted(&analysis.sections, line_of)
        .iter()
        .map(|section| (line_of(section.anchor), format!("hint: {}", section.label(Locale::En))))
        .collect();
    let mut expected: Vec<(usize, String)> = fixture
        .annotations
        .iter()
        .filter(|(_, label)| label.starts_with("hint:"))
        .map(|(range, label)| (line_of(range.start), label.clone()))
        .collect();
    actual.sort();
    expected.sort();
    assert_eq!(actual, expected, "\n{}", fixture.text);
}

#[test]
fn python_async_def_is_concurrent_on_the_event_loop() {
    check(
        Language::Python,
        r#"
        import asyncio

        async def fetch(url):
        # ^ hint: concurrent · event loop
            await asyncio.sleep(0.1)
            return url

        def plain():
            return 1
        "#,
    );
}

#[test]
fn python_process_pool_block_is_parallel_with_its_worker_count() {
    check(
        Language::Python,
        r#"
        from concurrent.futures import ProcessPoolExecutor as PPE
        import concurrent.futures

        def square(n):
        # ^ hint: parallel · worker processes (from line 11)
            return n * n

        if __name__ == "__main__":
            with PPE(max_workers=4) as pool:
        #   ^ hint: parallel · 4 worker processes
                print(list(pool.map(square, range(10))))
        #                  ^ hint: parallel · worker processes
            with concurrent.futures.ProcessPoolExecutor() as pool:
        #   ^ hint: parallel · worker processes
                pass
            with open("data.txt") as handle:
                pass
        "#,
    );
}

#[test]
fn python_sequential_program_gets_no_hints() {
    check(
        Language::Python,
        r#"
        import time

        def main():
            with open("log.txt", "w") as log:
                for i in range(3):
                    time.sleep(0.1)  # fine: nothing else shares this thread
                    log.write(str(i))

        main()
        "#,
    );
}

#[test]
fn rust_async_fn_and_par_iter_chain() {
    check(
        Language::Rust,
        r#"
        use rayon::prelude::*;

        #[tokio::main]
        async fn main() {
        // ^ hint: concurrent · async runtime
            let squares: Vec<u64> = (0..100u64)
                .into_par_iter()
        //       ^ hint: parallel · rayon thread pool
                .map(|n| n * n)
                .collect();
            let task = async move { squares.len() };
        //  ^ hint: concurrent · async runtime
            println!("{}", task.await);
        }

        fn total(values: &[u64]) -> u64 {
            values.par_iter().sum()
        //  ^ hint: parallel · rayon thread pool
        }
        "#,
    );
}

#[test]
fn rust_sequential_program_gets_no_hints() {
    check(
        Language::Rust,
        r#"
        use std::time::Duration;

        fn main() {
            let values: Vec<u32> = (1..10).map(|v| v * 2).collect();
            std::thread::sleep(Duration::from_millis(5));
            println!("{}", values.iter().sum::<u32>());
        }
        "#,
    );
}

#[test]
fn python_functions_sent_elsewhere_are_hinted_at_their_definition() {
    check(
        Language::Python,
        r#"
        import asyncio
        import threading

        def log_forever(path):
        # ^ hint: parallel · OS threads under the GIL (from line 17)
            while True:
                pass

        async def fetch(url):
        # ^ hint: concurrent · event loop (from line 15)
            await asyncio.sleep(0.1)

        async def main():
        # ^ hint: concurrent · event loop (from line 21)
            task = asyncio.create_task(fetch("a"))
        #          ^ hint: concurrent · event loop
            worker = threading.Thread(target=log_forever, args=("x",), daemon=True)
        #            ^ hint: parallel · OS threads under the GIL
            await task

        asyncio.run(main())
        # ^ hint: concurrent · event loop
        "#,
    );
}

#[test]
fn rust_spawned_tasks_follow_the_runtime_flavour() {
    check(
        Language::Rust,
        r#"
        async fn serve(id: u32) {
        // ^ hint: concurrent · one thread (from line 9)
            println!("{id}");
        }

        #[tokio::main(flavor = "current_thread")]
        async fn main() {
        // ^ hint: concurrent · async runtime
            let handle = tokio::spawn(serve(1));
        //               ^ hint: concurrent · one thread
            handle.await.unwrap();
        }
        "#,
    );
    check(
        Language::Rust,
        r#"
        use std::thread;

        fn crunch() -> u64 {
        // ^ hint: parallel · OS threads (from line 13)
            (0..1000u64).sum()
        }

        #[tokio::main]
        async fn main() {
        // ^ hint: concurrent · async runtime
            let task = tokio::spawn(async { 1 });
        //             ^ hint: concurrent · runtime worker threads
            let worker = thread::spawn(crunch);
        //               ^ hint: parallel · OS threads
        }
        "#,
    );
}

#[test]
fn python_gpu_and_distributed_sections() {
    // Plain `@njit` stays sequential; `@njit(parallel=True)` is parallel; kernels launch on the GPU.
    check(
        Language::Python,
        r#"
        from celery import Celery, shared_task
        import ray
        from numba import cuda, njit, prange
        import numpy as np

        app = Celery("shop", broker="redis://localhost")


        @app.task(bind=True, max_retries=3)
        def send_receipt(self, order_id):
        # ^ hint: distributed · Celery workers
            return order_id


        @shared_task
        def reindex(shard):
        # ^ hint: distributed · Celery workers
            return shard


        @ray.remote
        def score(batch):
        # ^ hint: distributed · Ray cluster
            return sum(batch)


        @cuda.jit
        def add_kernel(x, y, out):
        # ^ hint: GPU · CUDA kernel
            i = cuda.grid(1)
            if i < out.size:
                out[i] = x[i] + y[i]


        @njit(parallel=True)
        def total(values):
        # ^ hint: parallel · CPU cores
            acc = 0.0
            for i in prange(values.size):
                acc += values[i]
            return acc


        @njit
        def plain(values):
            return values.sum()


        def checkout(order_id):
            send_receipt.delay(order_id)
        # ^ hint: distributed · Celery workers
            reindex.apply_async(args=[1], countdown=5)
        # ^ hint: distributed · Celery workers
            refs = [score.remote(b) for b in [[1], [2]]]
        # ^ hint: distributed · Ray cluster
            print(ray.get(refs))
            x = np.ones(1024)
            add_kernel[4, 256](x, x, x)
        # ^ hint: GPU · CUDA kernel
        "#,
    );
}

#[test]
fn rust_threads_scopes_rayon_and_blocking_pool() {
    // `tokio::join!` polls its futures inside the current task, so it stays on the async runtime
    // even though the file builds a multi-thread runtime.
    check(
        Language::Rust,
        r#"
        use std::sync::mpsc;
        use std::thread;

        use rayon::prelude::*;

        fn worker(id: usize) -> usize {
            id * 2
        }

        async fn fetch(url: &str) -> usize {
        // ^ hint: concurrent · async runtime
            url.len()
        }

        fn main() {
            let (tx, rx) = mpsc::channel();
            let producer = thread::spawn(move || tx.send(1).unwrap());
        // ^ hint: parallel · OS threads
            let named = thread::spawn(|| worker(3));
        // ^ hint: parallel · OS threads
            thread::scope(|s| {
        // ^ hint: parallel · OS threads
                s.spawn(|| println!("scoped"));
        // ^ hint: parallel · OS threads
            });
            let (a, b) = rayon::join(|| worker(1), || worker(2));
        // ^ hint: parallel · rayon thread pool
            let mut data = vec![3, 1, 2];
            data.par_sort();
        // ^ hint: parallel · rayon thread pool
            let sums: Vec<i32> = data.par_chunks(2).map(|c| c.iter().sum()).collect();
        // ^ hint: parallel · rayon thread pool
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
            runtime.block_on(async {
        // ^ hint: concurrent · async runtime
                let h = tokio::task::spawn_blocking(move || worker(4));
        // ^ hint: parallel · blocking pool
                let (x, y) = tokio::join!(fetch("a"), fetch("b"));
        // ^ hint: concurrent · async runtime
                let all = futures::future::join_all(vec![fetch("c")]).await;
        // ^ hint: concurrent · async runtime
                h.await.unwrap();
            });
            producer.join().unwrap();
            println!("{a} {b} {sums:?} {}", rx.recv().unwrap());
        }
        "#,
    );
}

#[test]
fn grpc_stub_calls_are_distributed() {
    check(
        Language::Python,
        r#"
        import grpc
        import helloworld_pb2
        import helloworld_pb2_grpc


        def greet(name):
            with grpc.insecure_channel("localhost:50051") as channel:
                stub = helloworld_pb2_grpc.GreeterStub(channel)
                reply = stub.SayHello(helloworld_pb2.HelloRequest(name=name), timeout=2)
        # ^ hint: distributed · gRPC server
                return reply.message
        "#,
    );
    check(
        Language::Rust,
        r#"
        pub mod hello {
            tonic::include_proto!("helloworld");
        }
        use hello::greeter_client::GreeterClient;
        use hello::HelloRequest;

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
        // ^ hint: concurrent · async runtime
            let mut client = GreeterClient::connect("http://[::1]:50051").await?;
            let request = tonic::Request::new(HelloRequest { name: "Tonic".into() });
            let response = client.say_hello(request).await?;
        // ^ hint: distributed · gRPC server
            println!("{:?}", response);
            Ok(())
        }
        "#,
    );
}

#[test]
fn rust_gpu_dispatch_and_broker_publish() {
    check(
        Language::Rust,
        r#"
        use lapin::{options::BasicPublishOptions, BasicProperties, Connection, ConnectionProperties};

        fn run_compute(device: &wgpu::Device, queue: &wgpu::Queue, pipeline: &wgpu::ComputePipeline) {
            let mut encoder = device.create_command_encoder(&Default::default());
            {
                let mut pass = encoder.begin_compute_pass(&Default::default());
                pass.set_pipeline(pipeline);
                pass.dispatch_workgroups(64, 1, 1);
        // ^ hint: GPU · compute shader
            }
            queue.submit(Some(encoder.finish()));
        // ^ hint: GPU · GPU queue
        }

        async fn publish(addr: &str) -> lapin::Result<()> {
        // ^ hint: concurrent · async runtime
            let connection = Connection::connect(addr, ConnectionProperties::default()).await?;
            let channel = connection.create_channel().await?;
            channel
                .basic_publish("", "jobs", BasicPublishOptions::default(), b"resize 42", BasicProperties::default())
        // ^ hint: distributed · RabbitMQ broker
                .await?;
            Ok(())
        }
        "#,
    );
}

#[test]
fn python_nesting_thread_offload_inside_a_coroutine() {
    // `await asyncio.to_thread(f)` inside `async def`: the coroutine is concurrent on the event
    // loop, the call line hands `f` to the loop's thread pool, and `f` runs there under the GIL.
    check(
        Language::Python,
        r#"
        import asyncio
        import hashlib

        def digest(path):
        # ^ hint: parallel · thread pool under the GIL (from line 12)
            with open(path, "rb") as handle:
                return hashlib.sha256(handle.read()).hexdigest()

        async def main(paths):
        # ^ hint: concurrent · event loop (from line 16)
            for path in paths:
                print(await asyncio.to_thread(digest, path))
        #                   ^ hint: parallel · thread pool under the GIL

        if __name__ == "__main__":
            asyncio.run(main(["a.bin"]))
        #   ^ hint: concurrent · event loop
        "#,
    );
}
