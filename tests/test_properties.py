"""Properties of ingest, over random input (hypothesis).

1. Whatever the cells and however malformed the rows, reading an upload gives a validation
   result, never an exception.
2. Data that was accepted comes back unchanged through the export and a new upload.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import string
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realize import measures
from realize.contract import schema
from realize.intake.ingest import ParsedUpload, SourceFile, parse_upload
from realize.intake.issues import Issue
from realize.ledger.store import Store
from realize.report import export
from realize.service import exports
from tests.conftest import editor

NASTY_TEXT = [
    "",
    " ",
    "=1+1",
    "+SUM(A1)",
    "-",
    "@cmd",
    "(",
    "()",
    "1e400",
    "NaN",
    "inf",
    "—",
    "12%%",
    "$",
    "1,2,3",
    "31/02/2025",
    "2025-13-01",
    "0000-00-00",
    "yes",
    "Total",
    "\u202e",
    "\x00",
    "a\nb",
    '"',
    ";",
]
cell_values = st.one_of(
    st.none(),
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=12),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2200, 1, 1)),
    st.booleans(),
)
header_names = st.one_of(
    st.sampled_from([column.name for sheet in schema.SHEETS for column in sheet.columns]),
    st.text(max_size=10),
    st.none(),
)
tables = st.lists(st.lists(cell_values, max_size=8), max_size=12)


def _csv_bytes(header: list[object], rows: list[list[object]], delimiter: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in [header, *rows]:
        writer.writerow(["" if value is None else str(value).replace("\x00", "") for value in row])
    return buffer.getvalue().encode("utf-8", errors="replace")


def _xlsx_bytes(sheet_name: str, header: list[object], rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_name
    for row in [header, *rows]:
        cleaned = []
        for value in row:
            if isinstance(value, str):
                value = "".join(char for char in value if char.isprintable() or char in "\t\n")
            if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
                value = str(value)
            cleaned.append(value)
        sheet.append(cleaned)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _is_result(upload: ParsedUpload) -> None:
    assert isinstance(upload, ParsedUpload)
    assert all(isinstance(issue, Issue) for issue in upload.issues)
    assert set(upload.tables) <= set(schema.SHEETS_BY_NAME)
    if upload.errors:
        assert not upload.ok


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sheet=st.sampled_from(schema.SHEETS),
    header=st.lists(header_names, max_size=8),
    rows=tables,
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_any_csv_gives_a_validation_result(sheet: schema.Sheet, header: list, rows: list, delimiter: str) -> None:
    _is_result(parse_upload([SourceFile(f"{sheet.name}.csv", _csv_bytes(header, rows, delimiter))]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet=st.sampled_from(schema.SHEETS), header=st.lists(header_names, max_size=8), rows=tables)
def test_any_workbook_gives_a_validation_result(sheet: schema.Sheet, header: list, rows: list) -> None:
    _is_result(parse_upload([SourceFile("upload.xlsx", _xlsx_bytes(sheet.name, header, rows))]))


@settings(max_examples=100, deadline=None)
@given(content=st.binary(max_size=4096), name=st.sampled_from(["a.xlsx", "a.xlsm", "costs.csv", "a.xls", "a.pdf"]))
def test_any_bytes_give_a_validation_result(content: bytes, name: str) -> None:
    _is_result(parse_upload([SourceFile(name, content)]))


# --------------------------------------------------------------------------- round trip

words = (
    st.text(alphabet=string.ascii_letters + string.digits + " -=+@'éüß&<>", min_size=1, max_size=20)
    .map(str.strip)
    .filter(lambda text: text and not text.startswith("'"))
)
money = st.integers(min_value=-(10**9), max_value=10**9).map(lambda cents: cents / 100)
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2049, 12, 31))


@st.composite
def portfolios(draw: st.DrawFn) -> dict[str, list[dict[str, object]]]:
    count = draw(st.integers(min_value=1, max_value=5))
    ids = [
        f"INI-{number}" for number in draw(st.lists(st.integers(1, 999), min_size=count, max_size=count, unique=True))
    ]
    initiatives = []
    costs = []
    for initiative_id in ids:
        start = draw(days)
        initiatives.append(
            {
                "initiative_id": initiative_id,
                "name": draw(words),
                "owner": draw(words),
                "portfolio": draw(st.one_of(st.none(), words)),
                "status": draw(st.sampled_from(["proposed", "active", "on_hold", "closed", "cancelled"])),
                "start_date": start,
                "end_date": draw(st.one_of(st.none(), st.dates(min_value=start, max_value=dt.date(2049, 12, 31)))),
                "budget": draw(st.one_of(st.none(), money)),
            }
        )
        for _ in range(draw(st.integers(0, 3))):
            costs.append(
                {
                    "initiative_id": initiative_id,
                    "period": draw(days).replace(day=1),
                    "category": draw(
                        st.sampled_from(["acquisition", "implementation", "operating", "renewal", "exit"])
                    ),
                    "nature": draw(st.sampled_from(["capex", "opex"])),
                    "planned": draw(st.one_of(st.none(), money)),
                    "actual": draw(st.one_of(st.none(), money)),
                    "note": draw(st.one_of(st.none(), words)),
                }
            )
    return {"initiatives": initiatives, "costs": costs}


def _workbook(tables: dict[str, list[dict[str, object]]]) -> SourceFile:
    frames = {
        name: pd.DataFrame(rows, columns=list(schema.SHEETS_BY_NAME[name].column_names))
        for name, rows in tables.items()
        if rows
    }
    return SourceFile("portfolio.xlsx", export.xlsx_bytes(frames))


def _comparable(frame: pd.DataFrame, sheet: schema.Sheet) -> list[tuple]:
    columns = list(sheet.column_names)
    shown = frame[columns].astype(object).where(frame[columns].notna(), None)
    return sorted(tuple(row) for row in shown.itertuples(index=False))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables=portfolios())
def test_accepted_data_comes_back_unchanged_through_export_and_upload(tables: dict) -> None:
    first = parse_upload([_workbook(tables)])
    assert first.ok, first.issue_frame().to_string()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "roundtrip.duckdb")
        store.apply(first, editor("property test"))
        exported = exports.everything(store, measures.Filters(as_of=dt.date(2030, 1, 1)))
        store.close()
    again = parse_upload([SourceFile("export.xlsx", export.xlsx_bytes(exported))])
    assert not again.errors, again.issue_frame().to_string()
    for name in first.tables:
        sheet = schema.SHEETS_BY_NAME[name]
        assert _comparable(again.tables[name], sheet) == _comparable(first.tables[name], sheet)
