"""Keeping the event loop responsive while doing blocking work.

asyncio.to_thread() hands a blocking function to a worker thread;
loop.run_in_executor() does the same with an executor we choose, here a
process pool for CPU-heavy hashing.
"""
import asyncio
import hashlib
import os
from asyncio import gather
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

MAX_SIZE = 10_000_000
ROUNDS = 1000


def read_bytes(path: Path) -> bytes:
    # Plain blocking file I/O: fine in a thread, bad on the event loop.
    with open(path, "rb") as fh:
        return fh.read()


def sha256_rounds(data: bytes, rounds: int) -> str:
    digest = data
    for _ in range(rounds):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()


def list_files(root: str) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file() and p.stat().st_size < MAX_SIZE]


async def hash_file(pool: ProcessPoolExecutor, path: Path) -> tuple[str, str]:
    data = await asyncio.to_thread(read_bytes, path)
    loop = asyncio.get_running_loop()
    digest = await loop.run_in_executor(pool, sha256_rounds, data, ROUNDS)
    return str(path), digest


async def ticker(stop: asyncio.Event) -> int:
    """Counts ticks to show that the loop is never blocked."""
    ticks = 0
    while not stop.is_set():
        await asyncio.sleep(0.05)
        ticks += 1
    return ticks


async def main(root: str) -> None:
    files = await asyncio.to_thread(list_files, root)
    stop = asyncio.Event()
    tick_task = asyncio.create_task(ticker(stop))
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        results = await gather(*(hash_file(pool, f) for f in files))
    stop.set()
    ticks = await tick_task
    for name, digest in sorted(results):
        print(f"{digest[:16]}  {name}")
    print(f"{len(results)} files hashed, the event loop ticked {ticks} times meanwhile")


if __name__ == "__main__":
    asyncio.run(main(os.environ.get("HASH_ROOT", ".")))
