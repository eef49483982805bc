"""Hostile files are refused within bounds of time and memory, and the database stays as it was (SPEC section 8).

Each hostile file goes through realize.intake.guard in a subprocess under a 512 MB address-space cap
(tests/hostile_files.py --guard), which has fastexcel read the file only if the guard passed it. The
subprocess must end within BOUND_SECONDS: a bound, not a speed measurement. Some also go through the
whole upload the same way (--run) to show that the database does not change.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from realize.intake import guard
from realize.intake.ingest import ReadingOptions, SourceFile, parse_upload
from tests import hostile_files
from tests.conftest import ROOT, SAMPLE

BOUND_SECONDS = 20
RUNNER = str(ROOT / "tests" / "hostile_files.py")
TRIM = "open it in Excel, delete the unused rows and columns below and to the right of the data"
AGAIN = "open it in Excel, save it again as .xlsx and upload that."

# case -> what the refusal says (each names the file, and says what to do)
REFUSALS = {
    "zip_bomb_ratio": "zip_bomb_ratio.xlsx looks like a zip bomb: its part xl/worksheets/sheet1.xml would grow ",
    "zip_bomb_declared": "zip_bomb_declared.xlsx would unpack to 4.0 GB, over the limit of 1 GB (a file that grows "
    "this much is refused as a possible zip bomb): delete unused sheets or split the data",
    "zip_size_lie": "zip_size_lie.xlsx is damaged or hostile: its part xl/worksheets/sheet1.xml holds more data than "
    f"its zip directory declares (1,000 bytes), so it was not opened: {AGAIN}",
    "too_many_parts": "too_many_parts.xlsx holds 10,010 parts, far more than a workbook (the limit is 10,000)",
    "entity_expansion": "entity_expansion.xlsx declares XML entities in its part xl/sharedStrings.xml (a DOCTYPE)",
    "external_entity": "external_entity.xlsx declares XML entities in its part xl/workbook.xml (a DOCTYPE)",
    "doctype_after_padding": "doctype_after_padding.xlsx is damaged or hostile: its part xl/worksheets/sheet1.xml "
    "is not XML as Excel writes it (no element in its first 64 KB)",
    "dimension_all_columns": "Sheet 'initiatives' in dimension_all_columns.xlsx claims 1,048,576 rows by 16,384 "
    "columns (its dimension is A1:XFD1048576), 17,179,869,184 cells, more than the 20,000,000 Realize reads in one "
    f"sheet: {TRIM}",
    "dimension_two_million_rows": "Sheet 'initiatives' in dimension_two_million_rows.xlsx claims 2,000,000 rows by "
    f"3 columns (its dimension is A1:C2000000), more than the 1,048,576 rows Excel has: {TRIM}",
    "far_cell": "Sheet 'initiatives' in far_cell.xlsx has cells as far out as XFD1048576, a grid of 1,048,576 rows "
    f"by 16,384 columns to read, 17,179,869,184 cells, more than the 20,000,000 Realize reads in one sheet: {TRIM}",
    "wide_row_without_references": "Sheet 'initiatives' in wide_row_without_references.xlsx has cells as far out as "
    "GJH1048576, a grid of 1,048,576 rows by 5,000 columns",
    "pdf_renamed": "pdf_renamed.xlsx is a PDF renamed to a workbook, not an Excel file: upload the Excel workbook",
    "binary_junk": "binary_junk.xlsx is not an Excel workbook (its content is not what an .xlsx file holds): open "
    "it in Excel, save it as an Excel Workbook (.xlsx) and upload that.",
    "password_protected": "password_protected.xlsx is protected with a password: open it in Excel, remove the "
    "password (File > Info > Protect Workbook > Encrypt with Password), save and upload again.",
    "xls_renamed": "xls_renamed.xlsx is an old Excel 97-2003 workbook (.xls) named .xlsx: open it in Excel, save it "
    "as an Excel Workbook (.xlsx)",
    "html_renamed": "html_renamed.xlsx is not an Excel workbook but a web page (HTML) named .xlsx",
    "zip_not_a_workbook": "zip_not_a_workbook.xlsx is a zip archive but not an Excel workbook (it has no "
    "xl/workbook.xml): upload the .xlsx workbook itself",
    "empty_file": "empty_file.xlsx is empty (0 bytes): choose the file again",
}

# case -> what the guard tells the reader, then how many rows fastexcel read from each sheet (under the cap)
ACCEPTED = {
    "empty_workbook": ({"date1904": False, "hidden_sheets": []}, {"initiatives": 0}),
    "workbook_1904": ({"date1904": True, "hidden_sheets": []}, {"initiatives": 2}),
    "hidden_sheet": ({"date1904": False, "hidden_sheets": ["lookups"]}, {"initiatives": 2, "lookups": 1}),
    "very_hidden_sheet": ({"date1904": False, "hidden_sheets": ["settings"]}, {"initiatives": 2, "settings": 1}),
    "cells_without_references": ({"date1904": False, "hidden_sheets": []}, {"initiatives": 39}),
    "macro_workbook": ({"date1904": False, "hidden_sheets": []}, {"initiatives": 2}),
}


def _capped(mode: str, path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, RUNNER, mode, str(path), *extra],
        capture_output=True,
        text=True,
        timeout=BOUND_SECONDS,
        cwd=ROOT,
        env={**os.environ, **hostile_files.CAPPED_ENV},
    )


def guard_capped(case: str, folder: Path, *extra: str) -> dict[str, object]:
    """The guard, then fastexcel if the guard passed the file, in a subprocess under 512 MB."""
    path = folder / f"{case}.xlsx"
    path.write_bytes({**hostile_files.HOSTILE, **hostile_files.ACCEPTED}[case]())
    finished = _capped("--guard", path, *extra)
    assert finished.returncode == 0, finished.stderr[-2000:]
    return json.loads(finished.stdout.strip().splitlines()[-1])


def upload_capped(case: str, folder: Path) -> dict[str, object]:
    """The whole upload into a fresh database, in a subprocess under a memory cap."""
    path = folder / f"{case}.xlsx"
    path.write_bytes(hostile_files.HOSTILE[case]())
    database = folder / "portfolio.duckdb"
    finished = subprocess.run(
        [sys.executable, RUNNER, "--run", str(path), str(database)],
        capture_output=True,
        text=True,
        timeout=BOUND_SECONDS,
        cwd=ROOT,
        env={**os.environ, **hostile_files.CAPPED_ENV},
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    return json.loads(finished.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- refused, under the cap


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_hostile_file_is_refused_under_a_memory_cap_before_the_reader_is_touched(case: str, tmp_path: Path) -> None:
    outcome = guard_capped(case, tmp_path)
    assert outcome["outcome"] == "refused"
    assert REFUSALS[case] in outcome["message"]
    assert outcome["reader_touched"] is False  # fastexcel was never even imported


def test_a_file_over_the_size_limit_is_refused_under_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "oversized.xlsx"
    path.write_bytes(hostile_files.empty_workbook())
    finished = _capped("--guard", path, "1024")
    outcome = json.loads(finished.stdout.strip().splitlines()[-1])
    assert outcome["outcome"] == "refused"
    assert outcome["reader_touched"] is False
    size = f"{path.stat().st_size / 1024:.1f} KB"
    assert outcome["message"] == (
        f"oversized.xlsx is {size}; the limit is 1 KB: split it into several uploads (for example one workbook per "
        "sheet), or delete unused sheets, images and formatting, then upload again."
    )


@pytest.mark.parametrize("case", ["zip_bomb_ratio", "zip_bomb_declared", "dimension_all_columns", "far_cell"])
def test_a_hostile_upload_changes_nothing(case: str, tmp_path: Path) -> None:
    outcome = upload_capped(case, tmp_path)
    assert outcome["rules"] == ["refused file"]
    assert REFUSALS[case] in outcome["messages"][0]
    assert outcome["version_before"] == outcome["version_after"] == 0


def test_an_empty_workbook_is_refused_as_holding_no_data(tmp_path: Path) -> None:
    outcome = upload_capped("empty_workbook", tmp_path)
    assert outcome["rules"] == ["no template sheet"] or outcome["rules"] == ["no rows"]
    assert outcome["version_after"] == 0


# --------------------------------------------------------------------------- what the guard protects the reader from


def test_without_the_guard_a_single_far_cell_aborts_the_reader(tmp_path: Path) -> None:
    """calamine allocates the grid from A1 to XFD1048576 (512 GiB) and aborts the process: no exception to catch.

    If a later fastexcel stops doing this, the guard's cell check is still right, and this test can go.
    """
    path = tmp_path / "far_cell.xlsx"
    path.write_bytes(hostile_files.far_cell())
    finished = _capped("--unguarded", path)
    assert finished.returncode == -signal.SIGABRT
    assert "memory allocation of 549755813888 bytes failed" in finished.stderr


def test_without_the_guard_the_reader_trusts_the_data_not_the_declared_size(tmp_path: Path) -> None:
    """A member declared as 1,000 bytes is read to its end: declared sizes alone cannot stop a bomb."""
    path = tmp_path / "zip_size_lie.xlsx"
    path.write_bytes(hostile_files.zip_size_lie())
    finished = _capped("--unguarded", path)
    assert json.loads(finished.stdout)["rows"] == {"initiatives": 50_000}


# --------------------------------------------------------------------------- accepted


@pytest.mark.parametrize("case", list(ACCEPTED))
def test_a_valid_workbook_passes_and_is_read_under_the_cap(case: str, tmp_path: Path) -> None:
    facts, rows = ACCEPTED[case]
    outcome = guard_capped(case, tmp_path)
    assert outcome["outcome"] == "read"
    assert {"date1904": outcome["date1904"], "hidden_sheets": outcome["hidden_sheets"]} == facts
    assert outcome["rows"] == rows


def test_what_the_guard_tells_the_reader() -> None:
    limits = guard.Limits()
    assert guard.check_workbook("mac.xlsx", hostile_files.workbook_1904(), limits) == guard.WorkbookFacts(
        date1904=True, hidden_sheets=()
    )
    assert guard.check_workbook("book.xlsx", hostile_files.hidden_sheet(), limits) == guard.WorkbookFacts(
        date1904=False, hidden_sheets=("lookups",)
    )
    assert guard.check_workbook("sample.xlsx", SAMPLE.read_bytes(), limits) == guard.WorkbookFacts(
        date1904=False, hidden_sheets=()
    )


def test_a_sheet_may_reach_exactly_the_limit() -> None:
    limits = guard.Limits(max_sheet_cells=60)  # the usual sheet is 3 columns wide: 20 rows fit
    guard.check_workbook("fits.xlsx", hostile_files.reaching("C20"), limits)
    with pytest.raises(guard.FileRefused, match=r"as far out as C21, a grid of 21 rows by 3 columns to read, 63 cells"):
        guard.check_workbook("over.xlsx", hostile_files.reaching("C21"), limits)
    guard.check_workbook("last.xlsx", hostile_files.reaching("XFD1"), guard.Limits())
    with pytest.raises(guard.FileRefused, match="more than the 16,384 columns Excel has"):
        guard.check_workbook("past.xlsx", hostile_files.reaching("XFE1"), guard.Limits())


@pytest.mark.parametrize("size", [1, 7, 100, 4097])
def test_the_cells_are_measured_the_same_however_the_stream_is_cut(size: int) -> None:
    xml = hostile_files.sheet_xml(
        "".join(
            f'<row r="{n}"><c r="A{n}"><v>1</v></c><c r="B{n}" s="2" t="s"><v>0</v></c></row>' for n in range(1, 60)
        )
        + '<row r="70000"><c r="AB70000"><v>1</v></c></row><row r="70001"><c r="C70001"><v>2</v></c></row>'
    ).encode()
    reach = guard._CellReach()
    for start in range(0, len(xml), size):
        reach.feed(xml[start : start + size])
    reach.close()
    assert (reach.irregular, reach.rows, reach.columns) == (False, 70_001, 28)


# --------------------------------------------------------------------------- the size limit


def test_a_file_over_the_size_limit_is_refused_before_it_is_read() -> None:
    tiny = guard.Limits(max_file_bytes=1024)
    content = hostile_files.empty_workbook()
    with pytest.raises(guard.FileRefused, match=r"^big\.xlsx is \d+\.\d KB; the limit is 1 KB: split it"):
        guard.check_size("big.xlsx", content, tiny)
    upload = parse_upload(
        [SourceFile("big.xlsx", content)],
        options=ReadingOptions(limits=tiny),
    )
    assert [issue.rule for issue in upload.errors] == ["file too large"]
    with pytest.raises(guard.FileRefused, match=r"portfolio\.xlsx is 73\.2 MB; the limit is 50 MB: split it"):
        guard.check_size("portfolio.xlsx", b"\0" * int(73.2 * 1024 * 1024), guard.Limits())


def test_the_size_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REALIZE_MAX_UPLOAD_MB", "7")
    assert guard.default_limits().max_file_bytes == 7 * 1024 * 1024
    for unusable in ("", "seven", "0", "-5", "2.5"):
        monkeypatch.setenv("REALIZE_MAX_UPLOAD_MB", unusable)
        assert guard.default_limits() == guard.Limits()
    monkeypatch.delenv("REALIZE_MAX_UPLOAD_MB")
    assert guard.default_limits().max_file_bytes == 50 * 1024 * 1024


FAR = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
WRITTEN = {  # how a sheet may be written -> its XML from the plain one (Excel's way)
    "as Excel writes it": lambda xml: xml,
    "with every tag prefixed": lambda xml: (
        xml.replace("<", "<x:").replace("<x:/", "</x:").replace("xmlns=", "xmlns:x=")
    ),
    "with other attributes before r": lambda xml: xml.replace('<c r="', '<c s="0" r="'),
    "with spaces around = and single quotes": lambda xml: re.sub(r' r="([^"]*)"', r" r = '\1'", xml),
    "with lower-case references": lambda xml: xml.replace('r="XFD', 'r="xfd').replace('r="A', 'r="a'),
    "in UTF-16": lambda xml: xml,  # encoded below
}


@pytest.mark.parametrize("way", list(WRITTEN))
def test_a_far_cell_is_found_however_the_sheet_is_written(way: str) -> None:
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}"><v>1</v></c></row>' for n in range(1, 30))
    encoding = "utf-16" if way == "in UTF-16" else "utf-8"
    for extra, refused in (("", False), (FAR, True)):
        xml = WRITTEN[way](hostile_files.sheet_xml(rows + extra))
        xml = f'<?xml version="1.0" encoding="{encoding}"?>{xml}'.encode(encoding)
        content = hostile_files.with_sheet(xml)
        if refused:
            with pytest.raises(guard.FileRefused, match="has cells as far out as XFD1048576"):
                guard.check_workbook("sheet.xlsx", content, guard.Limits())
        else:
            assert guard.check_workbook("sheet.xlsx", content, guard.Limits()).hidden_sheets == ()


def test_a_cell_with_two_references_is_refused() -> None:
    """calamine takes the last of two `r` attributes; the guard refuses the (not well-formed) sheet."""
    xml = hostile_files.sheet_xml('<row r="1"><c r="A1" r="XFD1048576"><v>1</v></c></row>').encode()
    with pytest.raises(guard.FileRefused, match=r"twice\.xlsx is damaged or hostile: sheet 'initiatives' is not XML"):
        guard.check_workbook("twice.xlsx", hostile_files.with_sheet(xml), guard.Limits())
