"""Hostile files are refused within bounds of time and memory, and the database stays as it was.

Each hostile file is uploaded in a subprocess under a memory cap (tests/hostile_files.py --run);
the subprocess must end within the timeout, a bound and not a speed measurement.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from realize import guard
from realize.ingest import ReadingOptions, SourceFile, parse_upload
from tests import hostile_files
from tests.conftest import ROOT

BOUND_SECONDS = 60

REFUSALS = {
    "zip_bomb_ratio": "looks like a zip bomb",
    "zip_bomb_declared": "would unpack to",
    "entity_expansion": "declares XML entities",
    "dimension_all_columns": "claims 1,048,576 rows by 16,384 columns",
    "dimension_two_million_rows": "claims 2,000,000 rows by 3 columns",
    "pdf_renamed": "is a PDF renamed to a workbook",
    "binary_junk": "is not an Excel workbook",
    "password_protected": "is protected with a password",
}


def upload_capped(case: str, folder: Path) -> dict[str, object]:
    path = folder / f"{case}.xlsx"
    path.write_bytes(hostile_files.HOSTILE[case]())
    database = folder / "portfolio.duckdb"
    finished = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "hostile_files.py"), "--run", str(path), str(database)],
        capture_output=True,
        text=True,
        timeout=BOUND_SECONDS,
        cwd=ROOT,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    return json.loads(finished.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_hostile_file_is_refused_under_a_memory_cap_and_nothing_changes(case: str, tmp_path: Path) -> None:
    outcome = upload_capped(case, tmp_path)
    assert outcome["rules"] == ["refused file"]
    assert REFUSALS[case] in outcome["messages"][0]
    assert f"{case}.xlsx" in outcome["messages"][0]
    assert outcome["version_before"] == outcome["version_after"] == 0


def test_an_empty_workbook_is_refused_as_holding_no_data(tmp_path: Path) -> None:
    outcome = upload_capped("empty_workbook", tmp_path)
    assert outcome["rules"] == ["no template sheet"] or outcome["rules"] == ["no rows"]
    assert outcome["version_after"] == 0


def test_a_file_over_the_size_limit_is_refused_before_it_is_read() -> None:
    tiny = guard.Limits(max_file_bytes=1024)
    content = hostile_files.empty_workbook()
    with pytest.raises(guard.Refused, match=r"limit is 0 MB|limit is"):
        guard.check_size("big.xlsx", content, tiny)
    upload = parse_upload(
        [SourceFile("big.xlsx", content)],
        options=ReadingOptions(limits=tiny),
    )
    assert [issue.rule for issue in upload.errors] == ["file too large"]


def test_the_size_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REALIZE_MAX_UPLOAD_MB", "7")
    assert guard.default_limits().max_file_bytes == 7 * 1024 * 1024
    monkeypatch.delenv("REALIZE_MAX_UPLOAD_MB")
    assert guard.default_limits().max_file_bytes == 50 * 1024 * 1024


def test_what_the_guard_tells_the_reader() -> None:
    limits = guard.Limits()
    assert guard.check_workbook("mac.xlsx", hostile_files.workbook_1904(), limits) == guard.WorkbookFacts(
        date1904=True, hidden_sheets=()
    )
    assert guard.check_workbook("book.xlsx", hostile_files.hidden_sheet(), limits) == guard.WorkbookFacts(
        date1904=False, hidden_sheets=("lookups",)
    )
