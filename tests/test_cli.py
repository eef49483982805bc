"""The command line: import, check, history, revert, template, with their exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from realize import schema
from realize.cli import main
from realize.ingest import SourceFile, parse_upload
from realize.store import Store
from tests.conftest import ROOT, SAMPLE


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def ledger_state(db: Path) -> tuple[int, dict[str, int]]:
    store = Store(db)
    try:
        return store.data_version(), store.current_row_counts()
    finally:
        store.close()


def sample_with_dangling_benefit(folder: Path) -> Path:
    """A copy of the sample in which the first benefit names an initiative that does not exist."""
    book = openpyxl.load_workbook(SAMPLE)
    benefits = book["benefits"]
    headers = [cell.value for cell in benefits[1]]
    benefits.cell(row=2, column=headers.index("initiative_id") + 1, value="INI-99")
    out = folder / "broken.xlsx"
    book.save(out)
    return out


def test_importing_the_sample_then_again_is_reported_as_a_duplicate(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "x.duckdb")
    code, output = run(capsys, "import", str(SAMPLE), "--db", db, "--by", "Ann")
    assert code == 0, output
    assert "Applied upload #1" in output
    state = ledger_state(Path(db))
    assert state[1]["initiatives"] >= 8

    code, output = run(capsys, "import", str(SAMPLE), "--db", db, "--by", "Ann")
    assert code == 1
    assert "already uploaded as #1" in output and "nothing was applied again" in output
    assert ledger_state(Path(db)) == state


def test_a_dangling_reference_exits_1_names_sheet_row_column_and_changes_nothing(tmp_path: Path, capsys) -> None:
    db = tmp_path / "x.duckdb"
    before = ledger_state(db)
    code, output = run(capsys, "import", str(sample_with_dangling_benefit(tmp_path)), "--db", str(db))
    assert code == 1
    line = next(line for line in output.splitlines() if "INI-99" in line and "unknown reference" in line)
    assert line.split()[:3] == ["benefits", "2", "initiative_id"]
    assert "nothing was applied" in output
    assert ledger_state(db) == before


def test_check_validates_without_writing(tmp_path: Path, capsys) -> None:
    db = tmp_path / "x.duckdb"
    code, output = run(capsys, "check", str(SAMPLE), "--db", str(db))
    assert code == 0, output
    assert "0 error(s)" in output
    assert ledger_state(db)[0] == 0
    code, output = run(capsys, "check", str(sample_with_dangling_benefit(tmp_path)), "--db", str(db))
    assert code == 1
    assert "1 error(s)" in output


def test_history_and_revert(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "x.duckdb")
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "initiatives.csv").write_text("initiative_id,name,owner\nINI-A,Cloud,Ann\n")
    (folder / "milestones.csv").write_text("milestone_id,initiative_id,name,baseline_date\nM1,INI-A,Go,2025-06-30\n")
    assert (
        run(
            capsys, "import", str(folder / "initiatives.csv"), str(folder / "milestones.csv"), "--db", db, "--by", "Ann"
        )[0]
        == 0
    )

    code, output = run(capsys, "revert", "1", "--db", db, "--by", "Bob")
    assert (code, output.strip()) == (0, "Reverted upload #1 (ledger entry #2).")
    code, output = run(capsys, "history", "--db", db)
    assert code == 0
    lines = output.splitlines()
    assert "Bob" in lines[1] and "reverted #1" in lines[1]
    assert "Ann" in lines[2] and "initiatives: 1 row for initiative INI-A" in lines[2] and "reverted" in lines[2]

    code, output = run(capsys, "revert", "1", "--db", db)
    assert code == 1 and "already reverted" in output
    code, output = run(capsys, "revert", "42", "--db", db)
    assert code == 1 and "no upload #42" in output


def test_history_as_json(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "x.duckdb")
    run(capsys, "import", str(SAMPLE), "--db", db, "--by", "Ann")
    code, output = run(capsys, "history", "--db", db, "--format", "json")
    assert code == 0
    assert '"who":"Ann"' in output.replace(" ", "")


def test_template_is_written_from_the_schema_and_reads_back_clean(tmp_path: Path, capsys) -> None:
    out = tmp_path / "template.xlsx"
    code, _ = run(capsys, "template", str(out))
    assert code == 0
    book = openpyxl.load_workbook(out)
    for sheet in schema.SHEETS:
        assert [cell.value for cell in book[sheet.name][1]] == list(sheet.column_names)
    upload = parse_upload([SourceFile(out.name, out.read_bytes())])
    assert not upload.errors  # empty sheets, nothing to apply, nothing wrong


def test_usage_errors_exit_2(tmp_path: Path, capsys) -> None:
    assert run(capsys, "import", str(tmp_path / "missing.xlsx"), "--db", str(tmp_path / "x.duckdb"))[0] == 2
    assert run(capsys, "template", str(tmp_path / "template.csv"))[0] == 2
    with pytest.raises(SystemExit) as exited:
        main(["frobnicate"])
    assert exited.value.code == 2


def test_python_dash_m_realize_runs_with_the_documented_exit_codes(tmp_path: Path) -> None:
    db = str(tmp_path / "x.duckdb")
    done = subprocess.run(
        [sys.executable, "-m", "realize", "import", str(SAMPLE), "--db", db], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    again = subprocess.run(
        [sys.executable, "-m", "realize", "import", str(SAMPLE), "--db", db], cwd=ROOT, capture_output=True, text=True
    )
    assert again.returncode == 1
    assert "already uploaded" in again.stderr
    usage = subprocess.run([sys.executable, "-m", "realize"], cwd=ROOT, capture_output=True, text=True)
    assert usage.returncode == 2
