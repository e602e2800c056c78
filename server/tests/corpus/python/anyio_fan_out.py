"""Fan-out/fan-in with anyio: a producer, several workers and a collector
connected by memory object streams. Runs on asyncio or trio unchanged."""
import hashlib
import random

import anyio
from anyio.abc import ObjectReceiveStream, ObjectSendStream

WORKERS = 4
Result = tuple[str, int, str]


async def producer(send: ObjectSendStream[int], count: int) -> None:
    async with send:
        for n in range(count):
            await send.send(n)


async def worker(
    name: str,
    receive: ObjectReceiveStream[int],
    results: ObjectSendStream[Result],
) -> None:
    async with receive, results:
        async for n in receive:
            await anyio.sleep(random.uniform(0.001, 0.01))  # pretend to do I/O
            digest = hashlib.blake2s(str(n).encode()).hexdigest()[:12]
            await results.send((name, n, digest))


async def collector(receive: ObjectReceiveStream[Result]) -> dict[str, int]:
    per_worker: dict[str, int] = {}
    async with receive:
        async for name, n, digest in receive:
            per_worker[name] = per_worker.get(name, 0) + 1
            if n % 25 == 0:
                print(f"{name} hashed {n} -> {digest}")
    return per_worker


async def main() -> None:
    jobs_send, jobs_recv = anyio.create_memory_object_stream[int](max_buffer_size=10)
    res_send, res_recv = anyio.create_memory_object_stream[Result](max_buffer_size=10)
    summary: dict[str, int] = {}

    async def collect() -> None:
        summary.update(await collector(res_recv))

    async with anyio.create_task_group() as task_group:
        task_group.start_soon(producer, jobs_send, 100)
        for i in range(WORKERS):
            # Each worker gets its own clones, so the streams close when all are done.
            task_group.start_soon(worker, f"w{i}", jobs_recv.clone(), res_send.clone())
        task_group.start_soon(collect)
        jobs_recv.close()
        res_send.close()

    print("work per worker:", dict(sorted(summary.items())))


if __name__ == "__main__":
    anyio.run(main, backend="asyncio")
