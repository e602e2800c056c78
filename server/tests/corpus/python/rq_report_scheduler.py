"""Scheduling report generation on RQ workers.

Producers call the enqueue_* helpers below; the job functions themselves run
on other machines started with `rq worker reports`.
"""
import argparse
import logging
from datetime import date, timedelta

from redis import Redis
from rq import Queue, Retry

log = logging.getLogger(__name__)
REDIS_URL = "redis://localhost:6379/2"


def generate_report(customer_id: int, day: str) -> str:
    # Runs on an RQ worker: the heavy SQL and PDF rendering would go here.
    log.info("report for customer %s on %s", customer_id, day)
    return f"s3://reports/{customer_id}/{day}.pdf"


def purge_old_reports(days: int) -> int:
    cutoff = date.today() - timedelta(days=days)
    log.info("purging reports older than %s", cutoff)
    return 0


def connect(url: str = REDIS_URL) -> Queue:
    return Queue("reports", connection=Redis.from_url(url), default_timeout=600)


def enqueue_daily(queue: Queue, customer_ids: list[int], day: date) -> list[str]:
    job_ids = []
    for cid in customer_ids:
        job = queue.enqueue(
            generate_report,
            cid,
            day.isoformat(),
            job_id=f"report-{cid}-{day:%Y%m%d}",
            retry=Retry(max=3, interval=[10, 60, 300]),
            result_ttl=86400,
        )
        job_ids.append(job.id)
    return job_ids


def main() -> None:
    parser = argparse.ArgumentParser(description="queue daily customer reports")
    parser.add_argument("customers", nargs="+", type=int)
    parser.add_argument("--day", type=date.fromisoformat, default=date.today() - timedelta(days=1))
    parser.add_argument("--purge-days", type=int, default=0)
    args = parser.parse_args()

    logging.basicConfig(level=logging.INFO)
    queue = connect()
    ids = enqueue_daily(queue, args.customers, args.day)
    log.info("queued %d report jobs: %s", len(ids), ", ".join(ids))
    if args.purge_days:
        queue.enqueue(purge_old_reports, args.purge_days, at_front=True)
    log.info("%d jobs waiting in %r", len(queue), queue.name)


if __name__ == "__main__":
    main()
