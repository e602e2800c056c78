#!/usr/bin/env python3
"""Convert a directory of JSON-lines logs into per-day CSV summaries.

    logs_batch_cli.py INPUT_DIR OUTPUT_DIR [--jobs N] [--level error]

Each input file is parsed in its own worker process.
"""
import argparse
import csv
import json
import logging
import multiprocessing as mp
import sys
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

log = logging.getLogger("batch")
LEVELS = ("debug", "info", "warning", "error")


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("input_dir", type=Path)
    p.add_argument("output_dir", type=Path)
    p.add_argument("--jobs", "-j", type=int, default=mp.cpu_count(), help="worker processes")
    p.add_argument("--level", choices=LEVELS, default="warning", help="minimum level to count")
    p.add_argument("-v", "--verbose", action="store_true")
    return p.parse_args(argv)


def summarise_file(path: Path, min_level: str) -> dict[str, Counter]:
    """Runs in a worker process: returns {day: Counter(service -> count)}."""
    threshold = LEVELS.index(min_level)
    per_day: dict[str, Counter] = defaultdict(Counter)
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
                level = LEVELS.index(rec["level"].lower())
            except (json.JSONDecodeError, KeyError, ValueError):
                continue  # malformed lines are skipped, not fatal
            if level >= threshold:
                per_day[rec["ts"][:10]][rec.get("service", "unknown")] += 1
    return dict(per_day)


def write_reports(out_dir: Path, totals: dict[str, Counter]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for day, counts in sorted(totals.items()):
        with open(out_dir / f"{day}.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["service", "count"])
            writer.writerows(counts.most_common())


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(levelname)s %(message)s")
    files = sorted(args.input_dir.glob("*.jsonl"))
    if not files:
        log.error("no .jsonl files in %s", args.input_dir)
        return 2

    totals: dict[str, Counter] = defaultdict(Counter)
    failures = 0
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(summarise_file, f, args.level): f for f in files}
        for fut in as_completed(futures):
            path = futures[fut]
            try:
                for day, counts in fut.result().items():
                    totals[day].update(counts)
                log.debug("done %s", path.name)
            except Exception:  # one broken file must not stop the batch
                failures += 1
                log.exception("failed to process %s", path)

    write_reports(args.output_dir, totals)
    log.info("%d files, %d days, %d failures", len(files), len(totals), failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
