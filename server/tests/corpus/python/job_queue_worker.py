"""Background job worker.

Jobs arrive on a queue.Queue (fed here from a JSON-lines spool file).
Consumer threads process them with retries; jobs that keep failing go to a
dead-letter file. SIGTERM triggers a graceful shutdown.
"""
import json
import logging
import queue
import random
import signal
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from threading import Event, Thread

log = logging.getLogger("worker")


@dataclass
class Job:
    id: str
    kind: str
    payload: dict
    attempts: int = 0
    errors: list[str] = field(default_factory=list)


class RetryableError(Exception):
    pass


HANDLERS = {
    "email": lambda p: log.info("email to %s", p["to"]),
    "resize": lambda p: log.info("resize %s", p["path"]),
}


class Worker:
    def __init__(self, jobs: "queue.Queue[Job]", dead_letter: Path,
                 threads: int = 4, max_attempts: int = 3) -> None:
        self.jobs = jobs
        self.dead_letter = dead_letter
        self.max_attempts = max_attempts
        self.stop = Event()
        self.processed = 0
        self._lock = threading.Lock()
        self.threads = [
            Thread(target=self.consume, name=f"consumer-{i}", daemon=True)
            for i in range(threads)
        ]

    def start(self) -> None:
        for t in self.threads:
            t.start()
        self._schedule_heartbeat()

    def _schedule_heartbeat(self) -> None:
        if self.stop.is_set():
            return
        timer = threading.Timer(10.0, self.heartbeat)
        timer.daemon = True
        timer.start()

    def heartbeat(self) -> None:
        log.info("alive: processed=%d queued=%d", self.processed, self.jobs.qsize())
        self._schedule_heartbeat()

    def consume(self) -> None:
        while not self.stop.is_set():
            try:
                job = self.jobs.get(timeout=0.5)
            except queue.Empty:
                continue
            try:
                self.handle(job)
            finally:
                self.jobs.task_done()

    def handle(self, job: Job) -> None:
        while True:
            job.attempts += 1
            try:
                if random.random() < 0.2:
                    raise RetryableError("upstream timeout")
                HANDLERS[job.kind](job.payload)
                with self._lock:
                    self.processed += 1
                return
            except RetryableError as exc:
                job.errors.append(str(exc))
                if job.attempts >= self.max_attempts:
                    break
                time.sleep(0.1 * 2 ** job.attempts)  # exponential backoff
            except KeyError:
                job.errors.append(f"unknown kind {job.kind!r}")
                break
        log.error("job %s failed after %d attempts", job.id, job.attempts)
        with self._lock, open(self.dead_letter, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(asdict(job)) + "\n")

    def shutdown(self, *_signal_args) -> None:
        log.info("shutting down")
        self.stop.set()


def main(spool: str = "jobs.jsonl") -> None:
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(threadName)s %(levelname)s %(message)s")
    jobs: "queue.Queue[Job]" = queue.Queue(maxsize=1000)
    worker = Worker(jobs, Path("dead_letter.jsonl"))
    signal.signal(signal.SIGTERM, worker.shutdown)
    worker.start()
    with open(spool, encoding="utf-8") as fh:
        for line in fh:
            data = json.loads(line)
            jobs.put(Job(data["id"], data["kind"], data.get("payload", {})))
    jobs.join()
    worker.shutdown()
    log.info("processed %d jobs", worker.processed)


if __name__ == "__main__":
    main()
