"""A large synthetic portfolio for the benchmark, as one .xlsx workbook and as CSV files.

`python bench/generate.py --initiatives 2000 --out bench/out/2000` writes, per initiative: 10
benefits measured over 50 months (1,000,000 measurement rows at 2,000 initiatives), 100 cost
lines, 10 milestones, 2.5 actions; and 500 KPIs (one per 4 initiatives) with 48 monthly
values. Deterministic: the same scale gives the same files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from realize.contract import schema

BENEFITS_PER_INITIATIVE = 10
MONTHS_MEASURED = 50
COSTS_PER_INITIATIVE = 100
MILESTONES_PER_INITIATIVE = 10
KPI_MONTHS = 48
FIRST_MONTH = dt.date(2023, 1, 1)
CATEGORIES = ("acquisition", "implementation", "operating", "renewal", "exit")
PERSPECTIVES = schema.PERSPECTIVES
OWNERS = [f"Owner {number:03d}" for number in range(200)]


def month(offset: int) -> dt.date:
    year, index = divmod(FIRST_MONTH.month - 1 + offset, 12)
    return dt.date(FIRST_MONTH.year + year, index + 1, 1)


def initiatives(count: int) -> Iterator[list[object]]:
    for number in range(count):
        yield [
            f"I{number:05d}",
            f"Initiative {number}",
            f"Portfolio {number % 12}",
            OWNERS[number % len(OWNERS)],
            OWNERS[(number * 7) % len(OWNERS)],
            "Objective",
            "active",
            month(number % 12),
            month(48 + number % 12),
            1_000_000 + number * 10,
        ]


def benefits(count: int) -> Iterator[list[object]]:
    types = ("cash_releasing", "non_cash_releasing", "quantifiable", "qualitative")
    for number in range(count):
        for index in range(BENEFITS_PER_INITIATIVE):
            level = index == 9
            yield [
                f"B{number:05d}-{index}",
                f"I{number:05d}",
                f"Benefit {index}",
                types[index % 4],
                PERSPECTIVES[index % 4],
                OWNERS[(number + index) % len(OWNERS)],
                "USD",
                "level" if level else "flow",
                50 if level else None,
                90 if level else None,
                None if level else 1,
                80 if index == 3 else 100,
                "yes" if index == 7 else "no",
                None,
            ]


def measurements(count: int) -> Iterator[list[object]]:
    for number in range(count):
        for index in range(BENEFITS_PER_INITIATIVE):
            for offset in range(MONTHS_MEASURED):
                planned = 1000 + (number % 50) * 10 + offset * 5
                realized = None if (offset >= 46 or (number + offset) % 13 == 0) else planned * 0.9
                yield [f"B{number:05d}-{index}", month(offset), planned, realized, None]


def costs(count: int) -> Iterator[list[object]]:
    for number in range(count):
        for line in range(COSTS_PER_INITIATIVE):
            category = CATEGORIES[line % 5]
            offset = line // 2
            yield [
                f"I{number:05d}",
                month(offset),
                category,
                "capex" if category in ("acquisition", "implementation") else "opex",
                5000 + line * 10,
                None if offset >= 46 else 5100 + line * 10,
                f"Vendor {line % 9}",
                None,
            ]


def milestones(count: int) -> Iterator[list[object]]:
    for number in range(count):
        for index in range(MILESTONES_PER_INITIATIVE):
            baseline = month(index * 5) + dt.timedelta(days=27)
            done = index < 7
            yield [
                f"M{number:05d}-{index}",
                f"I{number:05d}",
                f"Milestone {index}",
                OWNERS[(number + index) % len(OWNERS)],
                baseline,
                baseline + dt.timedelta(days=(number + index) % 40),
                baseline + dt.timedelta(days=(number + index) % 30) if done else None,
            ]


def kpis(count: int) -> Iterator[list[object]]:
    for number in range(count // 4):
        yield [
            f"K{number:04d}",
            f"KPI {number}",
            PERSPECTIVES[number % 4],
            "reliability",
            f"I{number * 4:05d}",
            OWNERS[number % len(OWNERS)],
            "%",
            "higher_is_better" if number % 2 else "lower_is_better",
            90,
            80,
            ("monthly", "quarterly", "annual")[number % 3],
            ("leading", "lagging")[number % 2],
            "Definition",
            "Rationale",
            "Response",
        ]


def kpi_values(count: int) -> Iterator[list[object]]:
    for number in range(count // 4):
        for offset in range(KPI_MONTHS):
            yield [f"K{number:04d}", month(offset), 70 + (number + offset) % 30, None]


def actions(count: int) -> Iterator[list[object]]:
    for number in range(count * 5 // 2):
        raised = month(number % 40)
        status = ("open", "done", "dropped")[number % 3]
        yield [
            f"A{number:06d}",
            f"Action {number}",
            OWNERS[number % len(OWNERS)],
            raised,
            raised + dt.timedelta(days=45),
            status,
            raised + dt.timedelta(days=30) if status == "done" else None,
            f"I{number % count:05d}",
            None,
            None,
            None,
        ]


GENERATORS = {
    "initiatives": initiatives,
    "benefits": benefits,
    "benefit_measurements": measurements,
    "costs": costs,
    "milestones": milestones,
    "kpis": kpis,
    "kpi_values": kpi_values,
    "actions": actions,
}


def write(count: int, out: Path) -> dict[str, int]:
    """The workbook (portfolio.xlsx) and the CSV files (csv/<sheet>.csv); rows per sheet."""
    (out / "csv").mkdir(parents=True, exist_ok=True)
    book = Workbook(write_only=True)
    rows: dict[str, int] = {}
    for sheet in schema.SHEETS:
        worksheet = book.create_sheet(sheet.name)
        worksheet.append(list(sheet.column_names))
        with (out / "csv" / f"{sheet.name}.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(sheet.column_names)
            written = 0
            for row in GENERATORS[sheet.name](count):
                worksheet.append(row)
                writer.writerow(["" if value is None else value for value in row])
                written += 1
        rows[sheet.name] = written
    book.save(out / "portfolio.xlsx")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    out = args.out or Path(__file__).resolve().parent / "out" / str(args.initiatives)
    rows = write(args.initiatives, out)
    print(f"Wrote {sum(rows.values()):,} rows to {out}: " + ", ".join(f"{k} {v:,}" for k, v in rows.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
