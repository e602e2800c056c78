"""Download a list of files with a fixed number of worker threads.

Workers take URLs from a queue.Queue; a threading.Timer prints progress.
"""
import queue
import threading
import time
import urllib.request
from pathlib import Path

URLS = [
    "https://www.python.org/static/img/python-logo.png",
    "https://www.python.org/static/favicon.ico",
    "https://docs.python.org/3/_static/py.svg",
    "https://www.rust-lang.org/static/images/rust-logo-blk.svg",
]
NUM_WORKERS = 3
OUT_DIR = Path("downloads")

done_count = 0
done_lock = threading.Lock()


def download(url: str) -> int:
    name = url.rsplit("/", 1)[-1] or "index.html"
    with urllib.request.urlopen(url, timeout=15) as resp:
        data = resp.read()
    (OUT_DIR / name).write_bytes(data)
    return len(data)


def worker(tasks: "queue.Queue[str | None]", worker_id: int) -> None:
    global done_count
    while True:
        url = tasks.get()
        if url is None:  # sentinel: no more work for this thread
            tasks.task_done()
            break
        try:
            size = download(url)
            print(f"[worker {worker_id}] {url} ({size} bytes)")
        except OSError as exc:
            print(f"[worker {worker_id}] failed {url}: {exc}")
        finally:
            with done_lock:
                done_count += 1
            tasks.task_done()


def report_progress(total: int) -> None:
    with done_lock:
        print(f"progress: {done_count}/{total}")


def main() -> None:
    OUT_DIR.mkdir(exist_ok=True)
    tasks: "queue.Queue[str | None]" = queue.Queue()
    threads = []
    for i in range(NUM_WORKERS):
        t = threading.Thread(target=worker, args=(tasks, i), daemon=True)
        t.start()
        threads.append(t)

    started = time.monotonic()
    for url in URLS:
        tasks.put(url)
    timer = threading.Timer(1.0, report_progress, args=(len(URLS),))
    timer.start()

    for _ in threads:
        tasks.put(None)
    tasks.join()
    timer.cancel()
    for t in threads:
        t.join()
    print(f"downloaded {done_count} files in {time.monotonic() - started:.1f}s")


if __name__ == "__main__":
    main()
