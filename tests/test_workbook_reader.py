"""Workbooks are read in processes of their own: a reader that aborts, runs out of memory or of time refuses
the upload with a message, and the process that asked goes on (realize.intake.workbook_reader)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from realize.intake import guard, workbook_reader
from realize.intake.ingest import ReadingOptions, SourceFile, parse_upload, read_upload
from tests import hostile_files
from tests.conftest import SAMPLE
from tests.test_guard import REFUSALS


def read_in_children(content: bytes, limits: guard.Limits, readers: int | None = None) -> workbook_reader.WorkbookCells:
    inspection = guard.inspect_workbook("book.xlsx", content, limits)
    return workbook_reader.ReaderJob(content, set(), inspection.sheet_bytes, limits, readers).result()


def refusals(content: bytes, name: str, limits: guard.Limits | None = None) -> list[str]:
    upload = parse_upload([SourceFile(name, content)], options=ReadingOptions(limits=limits or guard.Limits()))
    return [issue.message for issue in upload.errors if issue.rule == "refused file"]


def test_a_file_that_aborts_the_reader_kills_only_its_process() -> None:
    content = hostile_files.far_cell()
    guard.inspect_workbook("far_cell.xlsx", content, guard.Limits())  # its heads are fine: the reader is started
    cells = read_in_children(content, guard.Limits())
    assert cells.failure is not None and "memory" in cells.failure
    assert cells.sheets == {}
    # this process goes on, and the upload is refused with the guard's own words for the sheet
    assert [message for message in refusals(content, "far_cell.xlsx") if REFUSALS["far_cell"] in message]
    assert parse_upload([SourceFile("sample.xlsx", SAMPLE.read_bytes())]).ok


def test_a_reader_out_of_memory_refuses_the_upload_with_the_cap_in_words() -> None:
    """A cell at Z200000 asks calamine for a grid of 5.2 million cells (166 MB): within the cell limit, over 64 MB."""
    limits = guard.Limits(max_reader_bytes=64 * 1024 * 1024)
    assert refusals(hostile_files.reaching("Z200000"), "portfolio.xlsx", guard.Limits()) == []
    assert refusals(hostile_files.reaching("Z200000"), "portfolio.xlsx", limits) == [
        "portfolio.xlsx could not be read: reading it needs more than the 64 MB of memory a workbook may take. "
        "Split it into several workbooks, or delete unused rows, columns and sheets, then upload again."
    ]


def test_a_reader_over_its_time_is_stopped_and_the_upload_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    limits = guard.Limits(max_read_seconds=0)
    assert refusals(SAMPLE.read_bytes(), "portfolio.xlsx", limits) == [
        "portfolio.xlsx could not be read: it took longer than the 0 s a workbook may take to read. "
        "Split it into several workbooks, or delete unused rows, columns and sheets, then upload again."
    ]
    assert not list(tmp_path.glob("realize-read-*")), "the readers' files are removed"


def test_a_sheet_read_over_the_cell_limit_is_refused_with_the_guards_message() -> None:
    limits = guard.Limits(max_sheet_cells=60)  # the usual sheet is 3 columns wide: 20 rows fit
    assert refusals(hostile_files.reaching("C20"), "fits.xlsx", limits) == []
    assert refusals(hostile_files.reaching("C21"), "over.xlsx", limits) == [
        "Sheet 'initiatives' in over.xlsx has cells as far out as C21, a grid of 21 rows by 3 columns to read, 63 "
        "cells, more than the 60 Realize reads in one sheet: open it in Excel, delete the unused rows and columns "
        "below and to the right of the data (or copy the data into a new workbook), save it and upload it again."
    ]


@pytest.mark.parametrize("readers", [2, 3])
def test_sheets_shared_among_readers_read_as_one_reader_reads_them(readers: int) -> None:
    content = SAMPLE.read_bytes()
    alone = read_in_children(content, guard.Limits(), readers=1)
    shared = read_in_children(content, guard.Limits(), readers=readers)
    assert shared.sheet_names == alone.sheet_names and len(alone.sheets) >= 8
    for name, sheet in alone.sheets.items():
        assert shared.sheets[name].column_offset == sheet.column_offset
        assert [column.to_pylist() for column in shared.sheets[name].columns] == [
            column.to_pylist() for column in sheet.columns
        ]


def test_the_largest_sheets_go_first_to_the_reader_with_least_to_read() -> None:
    sizes = {"small": 1, "huge": 100, "mid": 40, "other": 30, "tiny": 2}
    assert workbook_reader.assign(sizes, 2) == {"huge": 0, "mid": 1, "other": 1, "tiny": 1, "small": 1}
    assert workbook_reader.assign(sizes, 1) == dict.fromkeys(sizes, 0)
    assert workbook_reader.readers_for({"a": 10, "b": 20}) == 1  # too little to share


def test_every_sheet_comes_back_in_the_workbooks_order_hidden_ones_too() -> None:
    upload = read_upload([SourceFile("book.xlsx", hostile_files.hidden_sheet())])
    assert [raw.label for raw in upload.raw_sheets] == ["initiatives", "lookups"]


@pytest.mark.parametrize("case", [case for case in REFUSALS if case != "empty_file"])
def test_every_hostile_file_uploaded_is_refused_with_the_guards_words(case: str) -> None:
    """In this very process: whatever the readers meet, the caller goes on and says what the guard says."""
    assert [message for message in refusals(hostile_files.HOSTILE[case](), f"{case}.xlsx") if REFUSALS[case] in message]


def test_a_sheet_holding_more_cells_than_its_declared_size_is_measured_and_refused() -> None:
    """A sheet of 200,000 filled cells (14 MB) declared as 1.5 MB: the guard's first megabyte fits, no reader
    protests; 200,000 cells cannot fit in 1.5 MB, so the guard unpacks it all and says so."""
    content = hostile_files.zip_size_lie(declared=1_500_000, rows=200_000)
    cells = read_in_children(content, guard.Limits())
    assert cells.failure is None and cells.sheets["initiatives"].rows == 200_000
    assert refusals(content, "lie.xlsx") == [
        "lie.xlsx is damaged or hostile: its part xl/worksheets/sheet1.xml holds more data than its zip directory "
        "declares (1.4 MB), so it was not opened: open it in Excel, save it again as .xlsx and upload that."
    ]


def test_a_waiting_reader_that_went_away_is_replaced() -> None:
    """The reader process waiting for the next workbook may be killed meanwhile (by the system, by an operator):
    the next upload is read all the same."""
    parse_upload([SourceFile("sample.xlsx", SAMPLE.read_bytes())])  # a reader now waits
    for waiting in workbook_reader.SPARES._waiting:
        waiting.kill()
        waiting.wait()
    assert parse_upload([SourceFile("sample.xlsx", SAMPLE.read_bytes())]).ok


def test_the_app_keeps_a_reader_waiting_and_a_command_reading_once_does_not() -> None:
    source = SourceFile("sample.xlsx", SAMPLE.read_bytes())
    for waiting in workbook_reader.SPARES._waiting:
        waiting.kill()
        waiting.wait()
    once = workbook_reader.start_reading(source, guard.Limits(), keep_spare=False)
    assert [process for process in workbook_reader.SPARES._waiting if process.poll() is None] == []
    read_once = once.job.result()
    assert read_once.failure is None and read_once.sheets
    again = workbook_reader.start_reading(source, guard.Limits())
    assert [process.poll() for process in workbook_reader.SPARES._waiting] == [None]
    assert again.job.result().sheets.keys() == read_once.sheets.keys()
