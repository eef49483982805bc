"""Spreadsheets as portfolio offices really send them, generated (no hand-edited binaries).

Each function returns a SourceFile. `python tests/realworld_files.py OUTDIR` writes them all,
to open them in Excel and see what the tests feed the ingest.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from realize.intake.ingest import SourceFile

INITIATIVES = [["initiative_id", "name", "owner"], ["INI-1", "Cloud migration", "Ann Lee"], ["INI-2", "ERP", "Bo Ek"]]


def _xlsx(name: str, sheets: dict[str, list[list[object]]], prepare: Callable | None = None) -> SourceFile:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    if prepare:
        prepare(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return SourceFile(name, buffer.getvalue())


def title_block() -> SourceFile:
    """A report title, a date line and a blank row above the header."""
    return _xlsx(
        "pmo_register.xlsx",
        {"Initiatives": [["IT portfolio register"], ["As of 31 October 2026"], [], *INITIATIVES]},
    )


def merged_and_multiline_headers() -> SourceFile:
    """A merged group header above the real one; headers on two lines and with units in brackets."""

    def merge(book: openpyxl.Workbook) -> None:
        book["Costs"].merge_cells("A1:B1")
        book["Costs"].merge_cells("C1:E1")

    rows = [
        ["Initiative", None, "Money", None, None],
        ["Project\nID", "Cost\ncategory", "Period", "Planned\n(USD)", "Actual [USD]"],
        ["INI-1", "operating", dt.date(2026, 1, 1), 1000, 900],
        ["INI-2", "implementation", dt.date(2026, 1, 1), 2000, None],
    ]
    return _xlsx("costs.xlsx", {"Initiatives": INITIATIVES, "Costs": rows}, merge)


def hidden_and_blank_columns() -> SourceFile:
    """A hidden helper column and an empty column in the middle of the data."""

    def hide(book: openpyxl.Workbook) -> None:
        book["Initiatives"].column_dimensions["D"].hidden = True

    rows = [
        ["initiative_id", "name", "owner", "lookup key", None, "budget"],
        ["INI-1", "Cloud migration", "Ann Lee", "x1", None, 1000],
        ["INI-2", "ERP", "Bo Ek", "x2", None, 2000],
    ]
    return _xlsx("hidden.xlsx", {"Initiatives": rows}, hide)


def totals_row() -> SourceFile:
    """A totals row at the bottom: no id, 'Total' in the name column."""
    rows = [
        ["initiative_id", "name", "owner", "budget"],
        ["INI-1", "Cloud migration", "Ann Lee", 1000],
        ["INI-2", "ERP", "Bo Ek", 2000],
        [None, "Total", None, 3000],
    ]
    return _xlsx("budget.xlsx", {"Initiatives": rows})


def wide_benefit_measurements() -> SourceFile:
    """One column per month (Jan-25 text headers), a planned and a realized row per benefit."""
    rows = [
        ["Benefit ID", "Line", "Jan-25", "Feb-25", "Mar-25"],
        ["BEN-1", "Planned", 100, 100, 120],
        ["BEN-1", "Realized", 90, None, 130],
        ["BEN-2", "Plan", 10, 10, None],
        ["BEN-2", "Actual", 8, 9, None],
    ]
    benefits = [
        ["benefit_id", "initiative_id", "name", "type", "owner"],
        ["BEN-1", "INI-1", "Hosting avoided", "cash_releasing", "Ann Lee"],
        ["BEN-2", "INI-1", "Hours saved", "non_cash_releasing", "Ann Lee"],
    ]
    return _xlsx("benefit_tracker.xlsx", {"initiatives": INITIATIVES, "benefits": benefits, "Benefit profile": rows})


def wide_costs() -> SourceFile:
    """Cost lines with one column per month as real Excel dates, a budget and an actual row."""
    months = [dt.datetime(2026, month, 1) for month in (1, 2, 3)]
    rows = [
        ["initiative_id", "category", "nature", "Type", *months],
        ["INI-1", "operating", "opex", "Budget", 1000, 1000, 1000],
        ["INI-1", "operating", "opex", "Actual", 1100, 950, None],
        ["INI-2", "implementation", "capex", "Budget", 5000, None, 5000],
    ]
    return _xlsx("cost_plan.xlsx", {"initiatives": INITIATIVES, "costs": rows})


def wide_kpi_values_csv() -> SourceFile:
    """KPI values as one column per month with MM/YYYY headers, no row label."""
    text = "kpi_id,01/2026,02/2026,03/2026\nKPI-1,99.1,99.5,\nKPI-2,12,,10\n"
    return SourceFile("kpi_values.csv", text.encode())


def kpis_csv() -> SourceFile:
    text = (
        "kpi_id,name,perspective,owner,direction,target\n"
        "KPI-1,Availability,customer,Ann Lee,higher,99.5\n"
        "KPI-2,Incidents,internal process,Bo Ek,lower,10\n"
    )
    return SourceFile("kpis.csv", text.encode())


def workbook_1904() -> SourceFile:
    """An old Mac workbook counting days from 1904: a real date cell and a bare serial number."""

    def mac(book: openpyxl.Workbook) -> None:
        book.epoch = CALENDAR_MAC_1904

    rows = [
        ["initiative_id", "name", "owner", "start_date", "end_date"],
        ["INI-1", "Cloud migration", "Ann Lee", dt.date(2025, 3, 31), 44561],  # 44561 days after 1904-01-01
    ]
    return _xlsx("mac.xlsx", {"Initiatives": rows}, mac)


def text_dates_csv(first: str, second: str) -> SourceFile:
    text = f"initiative_id,name,owner,start_date,end_date\nINI-1,Cloud,Ann Lee,{first},{second}\n"
    return SourceFile("initiatives.csv", text.encode())


def european_csv() -> SourceFile:
    """Semicolons, decimal commas, thousands dots, euro signs, accounting negatives, percentages."""
    text = (
        "initiative_id;period;category;planned;actual\n"
        "INI-1;2026-01;operating;1.234,50 €;(1.000,00)\n"
        "INI-1;2026-02;operating;2.000;1.999,99\n"
        "INI-1;2026-03;operating;12,5%;0\n"
    )
    return SourceFile("costs.csv", text.encode())


def english_numbers_csv() -> SourceFile:
    text = (
        "initiative_id,period,category,planned,actual\n"
        'INI-1,2026-01,operating,"$1,234.50","(1,000)"\n'
        'INI-1,2026-02,operating,"USD 2,000",12%\n'
    )
    return SourceFile("costs.csv", text.encode())


def encoded_csv(encoding: str, delimiter: str = ",") -> SourceFile:
    text = delimiter.join(["initiative_id", "name", "owner"]) + "\n"
    text += delimiter.join(["INI-1", "Migración à Zürich", "Zoë Ångström"]) + "\n"
    if encoding == "utf-8-sig":
        return SourceFile("initiatives.csv", text.encode("utf-8-sig"))
    return SourceFile("initiatives.csv", text.encode(encoding))


def macro_workbook() -> SourceFile:
    """An .xlsm: a workbook marked macro-enabled with a VBA project inside (never run)."""
    plain = _xlsx("plain.xlsx", {"Initiatives": INITIATIVES})
    source = zipfile.ZipFile(io.BytesIO(plain.content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
            target.writestr(item, data)
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really a VBA project" * 10)
    return SourceFile("tracker.xlsm", buffer.getvalue())


ALL: dict[str, Callable[[], SourceFile]] = {
    "title_block": title_block,
    "merged_and_multiline_headers": merged_and_multiline_headers,
    "hidden_and_blank_columns": hidden_and_blank_columns,
    "totals_row": totals_row,
    "wide_benefit_measurements": wide_benefit_measurements,
    "wide_costs": wide_costs,
    "wide_kpi_values_csv": wide_kpi_values_csv,
    "workbook_1904": workbook_1904,
    "european_csv": european_csv,
    "english_numbers_csv": english_numbers_csv,
    "macro_workbook": macro_workbook,
}


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "realworld_files")
    out.mkdir(parents=True, exist_ok=True)
    for case, make in ALL.items():
        made = make()
        (out / f"{case}{Path(made.name).suffix}").write_bytes(made.content)
    print(f"Wrote {len(ALL)} files to {out}.")
