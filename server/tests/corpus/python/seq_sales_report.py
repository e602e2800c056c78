"""Monthly sales report from a CSV export.

Reads order lines, aggregates revenue per region and product, and prints a
plain-text table. Everything runs top to bottom in one thread.
"""
import csv
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation


@dataclass
class OrderLine:
    order_id: str
    region: str
    product: str
    quantity: int
    unit_price: Decimal
    ordered_at: datetime

    @property
    def revenue(self) -> Decimal:
        return self.unit_price * self.quantity


def parse_row(row: dict[str, str]) -> OrderLine | None:
    try:
        return OrderLine(
            order_id=row["order_id"],
            region=row["region"].strip().title(),
            product=row["product"].strip(),
            quantity=int(row["quantity"]),
            unit_price=Decimal(row["unit_price"]),
            ordered_at=datetime.fromisoformat(row["ordered_at"]),
        )
    except (KeyError, ValueError, InvalidOperation):
        return None


def load(path: str) -> tuple[list[OrderLine], int]:
    lines, rejected = [], 0
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            line = parse_row(row)
            if line is None:
                rejected += 1
            else:
                lines.append(line)
    return lines, rejected


def aggregate(lines: list[OrderLine], month: str) -> dict[str, dict[str, Decimal]]:
    table: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in lines:
        if line.ordered_at.strftime("%Y-%m") == month:
            table[line.region][line.product] += line.revenue
    return table


def render(table: dict[str, dict[str, Decimal]]) -> str:
    products = sorted({p for per_region in table.values() for p in per_region})
    header = f"{'region':<14}" + "".join(f"{p[:12]:>14}" for p in products) + f"{'total':>14}"
    out = [header, "-" * len(header)]
    for region in sorted(table):
        cells = [table[region].get(p, Decimal(0)) for p in products]
        out.append(f"{region:<14}" + "".join(f"{c:>14.2f}" for c in cells) + f"{sum(cells):>14.2f}")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: seq_sales_report.py ORDERS.csv YYYY-MM", file=sys.stderr)
        return 2
    lines, rejected = load(argv[1])
    table = aggregate(lines, argv[2])
    if not table:
        print(f"no orders in {argv[2]}")
        return 1
    print(render(table))
    if rejected:
        print(f"\n{rejected} malformed rows were skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
