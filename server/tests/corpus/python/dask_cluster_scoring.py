"""Scoring a large customer file on a Dask distributed cluster.

The scheduler address comes from DASK_SCHEDULER; without it a LocalCluster
is started, which is handy on a laptop. Each chunk is scored on a worker.
"""
import logging
import math
import os
from pathlib import Path

from dask.distributed import Client, LocalCluster, as_completed

log = logging.getLogger("scoring")
CHUNK_ROWS = 50_000
WEIGHTS = {"tenure": -0.04, "tickets": 0.35, "late_payments": 0.8, "discount": -0.2}


def read_chunks(path: Path, rows: int = CHUNK_ROWS) -> list[list[dict]]:
    header, chunks, current = None, [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            values = line.rstrip("\n").split(",")
            if header is None:
                header = values
                continue
            current.append(dict(zip(header, values)))
            if len(current) == rows:
                chunks.append(current)
                current = []
    if current:
        chunks.append(current)
    return chunks


def score_chunk(rows: list[dict]) -> list[tuple[str, float]]:
    """Logistic churn score per customer; runs on a cluster worker."""
    scored = []
    for row in rows:
        z = sum(w * float(row.get(k) or 0) for k, w in WEIGHTS.items())
        scored.append((row["customer_id"], 1 / (1 + math.exp(-z))))
    return scored


def connect() -> Client:
    address = os.environ.get("DASK_SCHEDULER")
    if address:
        return Client(address)
    return Client(LocalCluster(n_workers=2, threads_per_worker=1))


def main(path: str = "customers.csv", threshold: float = 0.7) -> None:
    logging.basicConfig(level=logging.INFO)
    client = connect()
    log.info("dashboard at %s", client.dashboard_link)
    try:
        chunks = read_chunks(Path(path))
        futures = [client.submit(score_chunk, chunk, pure=False) for chunk in chunks]
        at_risk = []
        for future in as_completed(futures):
            at_risk.extend(cid for cid, score in future.result() if score >= threshold)
        log.info("%d customers above %.2f", len(at_risk), threshold)
        Path("at_risk.txt").write_text("\n".join(sorted(at_risk)) + "\n")
    finally:
        client.close()


if __name__ == "__main__":
    main()
