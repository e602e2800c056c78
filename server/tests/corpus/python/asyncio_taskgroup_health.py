"""Checking the health of several services at once with asyncio.TaskGroup.

Each check is a task; if any check raises, the TaskGroup cancels the rest
and re-raises the errors as an ExceptionGroup.
"""
import asyncio as aio
import random
import time
from dataclasses import dataclass


@dataclass
class CheckResult:
    name: str
    ok: bool
    latency_ms: float


SERVICES = {
    "auth": 0.20,
    "billing": 0.35,
    "search": 0.10,
    "storage": 0.40,
}
CHECK_TIMEOUT = 0.45


async def check_service(name: str, base_latency: float) -> CheckResult:
    started = time.perf_counter()
    # Simulated network round-trip with a little jitter.
    async with aio.timeout(CHECK_TIMEOUT):
        await aio.sleep(base_latency + random.uniform(0, 0.1))
    ok = random.random() > 0.1
    return CheckResult(name, ok, (time.perf_counter() - started) * 1000)


async def heartbeat(interval: float, stop: aio.Event) -> None:
    while not stop.is_set():
        print("... still checking")
        try:
            await aio.wait_for(stop.wait(), timeout=interval)
        except TimeoutError:
            pass


async def run_checks() -> list[CheckResult]:
    stop = aio.Event()
    ticker = aio.create_task(heartbeat(0.15, stop))
    try:
        async with aio.TaskGroup() as tg:
            tasks = [
                tg.create_task(check_service(name, latency))
                for name, latency in SERVICES.items()
            ]
    finally:
        stop.set()
        await ticker
    return [t.result() for t in tasks]


async def main() -> None:
    started = time.perf_counter()
    results: list[CheckResult] = []
    try:
        results = await run_checks()
    except* TimeoutError as group:
        print(f"{len(group.exceptions)} check(s) timed out, the others were cancelled")
    for r in results:
        status = "OK  " if r.ok else "FAIL"
        print(f"{status} {r.name:<8} {r.latency_ms:6.1f} ms")
    elapsed = time.perf_counter() - started
    print(f"checks took {elapsed:.2f}s in total (not the sum of the latencies)")


if __name__ == "__main__":
    aio.run(main())
