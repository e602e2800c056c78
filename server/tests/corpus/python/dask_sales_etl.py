"""A small ETL job built as a Dask task graph with dask.delayed.

Nothing runs while the graph is being built; dask.compute() executes it.
"""
import csv
import json
import statistics
from pathlib import Path

import dask


def load_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def clean(rows: list[dict]) -> list[dict]:
    out = []
    for row in rows:
        try:
            row["amount"] = float(row["amount"])
        except (KeyError, ValueError):
            continue
        if row["amount"] > 0:
            out.append(row)
    return out


@dask.delayed
def summarise(rows: list[dict], name: str) -> dict:
    amounts = [r["amount"] for r in rows]
    return {
        "file": name,
        "count": len(amounts),
        "total": sum(amounts),
        "median": statistics.median(amounts) if amounts else 0.0,
    }


@dask.delayed
def merge(summaries: list[dict]) -> dict:
    return {
        "files": len(summaries),
        "count": sum(s["count"] for s in summaries),
        "total": round(sum(s["total"] for s in summaries), 2),
    }


def build_graph(paths: list[Path]):
    per_file = []
    for path in paths:
        rows = dask.delayed(load_csv)(path)
        cleaned = dask.delayed(clean)(rows)
        per_file.append(summarise(cleaned, path.name))
    return per_file, merge(per_file)


def main(data_dir: str = "data") -> None:
    paths = sorted(Path(data_dir).glob("*.csv"))
    per_file, overall = build_graph(paths)
    # One compute call for both outputs, so the shared parts of the graph run once.
    summaries, totals = dask.compute(per_file, overall)
    for s in summaries:
        print(f"{s['file']:<20} {s['count']:>6} rows  total={s['total']:.2f}")
    Path("summary.json").write_text(json.dumps(totals, indent=2))
    print("written summary.json:", totals)


if __name__ == "__main__":
    main()
