"""Fetching several sites at once with gevent greenlets.

monkey.patch_all() makes the standard socket module cooperative, so plain
blocking code yields to the other greenlets while it waits on the network.
"""
from gevent import monkey

monkey.patch_all()

import time  # noqa: E402
import urllib.request  # noqa: E402

import gevent  # noqa: E402

SITES = [
    "https://www.python.org",
    "https://www.gevent.org",
    "https://pypi.org",
    "https://docs.python.org/3/",
    "https://www.wikipedia.org",
]


def fetch(url: str) -> tuple[str, int, float]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=10) as resp:
        body = resp.read()
    return url, len(body), time.perf_counter() - started


def watchdog(interval: float, rounds: int) -> None:
    # Runs alongside the fetches; gevent.sleep yields to the other greenlets.
    for i in range(rounds):
        gevent.sleep(interval)
        print(f"watchdog tick {i + 1}")


def main() -> None:
    started = time.perf_counter()
    greenlets = [gevent.spawn(fetch, url) for url in SITES]
    dog = gevent.spawn(watchdog, 0.2, 3)
    gevent.joinall(greenlets, timeout=15)
    dog.kill()

    for g in greenlets:
        if g.successful():
            url, size, elapsed = g.value
            print(f"{url:<32} {size:>8} bytes in {elapsed:.2f}s")
        else:
            print(f"failed or timed out: {g.exception!r}")
    print(f"total wall time {time.perf_counter() - started:.2f}s")


if __name__ == "__main__":
    main()
