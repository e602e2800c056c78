"""Compress and prune old log files.

Files older than --compress-after days are gzipped in place; archives older
than --delete-after days are removed. Intended to run from cron.
"""
import argparse
import gzip
import logging
import shutil
import time
from pathlib import Path

log = logging.getLogger("archiver")
DAY = 86400


def age_days(path: Path, now: float) -> float:
    return (now - path.stat().st_mtime) / DAY


def compress(path: Path, dry_run: bool) -> int:
    target = path.with_suffix(path.suffix + ".gz")
    if dry_run:
        log.info("would compress %s", path)
        return 0
    with open(path, "rb") as src, gzip.open(target, "wb", compresslevel=6) as dst:
        shutil.copyfileobj(src, dst)
    saved = path.stat().st_size - target.stat().st_size
    shutil.copystat(path, target)  # keep the original mtime for the pruning rule
    path.unlink()
    log.info("compressed %s (saved %d bytes)", path.name, saved)
    return saved


def prune(path: Path, dry_run: bool) -> None:
    if dry_run:
        log.info("would delete %s", path)
    else:
        path.unlink()
        log.info("deleted %s", path.name)


def run(root: Path, compress_after: int, delete_after: int, dry_run: bool) -> None:
    now = time.time()
    saved = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        age = age_days(path, now)
        if path.suffix == ".gz":
            if age > delete_after:
                prune(path, dry_run)
        elif path.suffix == ".log" and age > compress_after:
            try:
                saved += compress(path, dry_run)
            except OSError as exc:
                log.error("could not compress %s: %s", path, exc)
    log.info("done, %.1f MiB saved", saved / 2**20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--compress-after", type=int, default=2)
    parser.add_argument("--delete-after", type=int, default=30)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.delete_after <= args.compress_after:
        parser.error("--delete-after must be larger than --compress-after")
    run(args.root, args.compress_after, args.delete_after, args.dry_run)


if __name__ == "__main__":
    main()
