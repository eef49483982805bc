"""The command line: import, check, history, revert, template, with their exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from realize import measures
from realize.cli import main
from realize.contract import catalog, schema
from realize.intake.ingest import SourceFile, parse_upload
from realize.ledger.store import Store
from tests.conftest import ROOT, SAMPLE, office_workbook


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
    assert not db.exists()
    code, output = run(capsys, "check", str(sample_with_dangling_benefit(tmp_path)), "--db", str(db))
    assert code == 1
    assert "1 error(s)" in output


def write(folder: Path, name: str, text: str) -> str:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return str(folder / name)


def test_two_managers_a_replacement_a_revert_and_the_history(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "x.duckdb")
    ann = tmp_path / "ann"
    bob = tmp_path / "bob"
    ann_files = [
        write(ann, "initiatives.csv", "initiative_id,name,owner\nINI-A,Cloud migration,Ann Lee\n"),
        write(
            ann, "milestones.csv", "milestone_id,initiative_id,name,baseline_date\nA1,INI-A,Landing zone,2025-03-31\n"
        ),
    ]
    bob_files = [
        write(bob, "initiatives.csv", "initiative_id,name,owner\nINI-B,Customer portal,Bob Roy\n"),
        write(bob, "milestones.csv", "milestone_id,initiative_id,name,baseline_date\nB1,INI-B,Beta,2025-05-31\n"),
    ]
    assert run(capsys, "import", *ann_files, "--db", db, "--by", "Ann Lee")[0] == 0
    assert run(capsys, "import", *bob_files, "--db", db, "--by", "Bob Roy")[0] == 0
    replacement = write(
        tmp_path / "ann2",
        "milestones.csv",
        "milestone_id,initiative_id,name,baseline_date\nA1,INI-A,Landing zone,2025-06-30\n",
    )
    code, output = run(capsys, "import", replacement, "--db", db, "--by", "Ann Lee")
    assert code == 1 and "A1 Landing zone: committed date 31 Mar 2025 → 30 Jun 2025" in output  # a re-baseline
    reason = ("--reason", "Landing zone moved to Q2")
    assert run(capsys, "import", replacement, "--db", db, "--by", "Ann Lee", *reason)[0] == 0

    store = Store(db)
    replaced = store.current("milestones")[["milestone_id", "baseline_date"]].astype(str).values.tolist()
    store.close()
    assert replaced == [["A1", "2025-06-30"], ["B1", "2025-05-31"]]

    code, output = run(capsys, "revert", "3", "--db", db, "--by", "Ann Lee")
    assert (code, output.strip()) == (0, "Reverted upload #3 (ledger entry #4).")
    store = Store(db)
    restored = store.current("milestones")[["milestone_id", "baseline_date"]].astype(str).values.tolist()
    store.close()
    assert restored == [["A1", "2025-03-31"], ["B1", "2025-05-31"]]

    code, output = run(capsys, "history", "--db", db)
    assert code == 0
    lines = output.splitlines()
    assert lines[0].split() == ["upload", "when", "who", "what", "files", "status"]
    expected = [
        ("4", "Ann Lee", "reverted #3", "revert"),
        ("3", "Ann Lee", "milestones: 1 row for initiative INI-A (reason: Landing zone moved to Q2)", "reverted"),
        ("2", "Bob Roy", "initiatives: 1 row for initiative INI-B; milestones: 1 row for initiative INI-B", "current"),
        ("1", "Ann Lee", "initiatives: 1 row for initiative INI-A; milestones: 1 row for initiative INI-A", "current"),
    ]
    for line, (upload, who, what, status) in zip(lines[1:], expected, strict=True):
        assert line.split()[0] == upload
        assert who in line and what in line and line.rstrip().endswith(status)
        assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", line)

    code, output = run(capsys, "revert", "3", "--db", db)
    assert code == 1 and "already reverted" in output
    code, output = run(capsys, "revert", "42", "--db", db)
    assert code == 1 and "no upload #42" in output


def test_an_empty_or_unreadable_file_exits_1_and_changes_nothing(tmp_path: Path, capsys) -> None:
    db = tmp_path / "x.duckdb"
    empty = tmp_path / "portfolio.xlsx"
    empty.write_bytes(b"")
    junk = tmp_path / "costs.xlsx"
    junk.write_bytes(b"%PDF-1.4 not a workbook")
    for path, rule in ((empty, "empty file"), (junk, "refused file")):
        code, output = run(capsys, "import", str(path), "--db", str(db))
        assert code == 1
        assert rule in output and path.name in output
    assert ledger_state(db)[0] == 0


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
    code, output = run(capsys, "check", str(out), "--db", str(tmp_path / "x.duckdb"))
    assert code == 1  # headers only: nothing to apply
    assert "no rows" in output and "fill in at least one row" in output


def test_usage_errors_exit_2(tmp_path: Path, capsys) -> None:
    assert run(capsys, "import", str(tmp_path / "missing.xlsx"), "--db", str(tmp_path / "x.duckdb"))[0] == 2
    assert run(capsys, "template", str(tmp_path / "template.csv"))[0] == 2
    with pytest.raises(SystemExit) as exited:
        main(["frobnicate"])
    assert exited.value.code == 2


def test_readers_started_before_a_command_that_fails_are_stopped(tmp_path: Path, capsys, monkeypatch) -> None:
    """`import` starts reading the workbook before it opens the store: a store it cannot open stops the readers
    and leaves none of their files behind."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    code, said = run(capsys, "import", str(SAMPLE), "--db", "ducklake:nowhere:x")
    assert code == 2 and "ducklake:nowhere:x" in said
    assert not list(tmp_path.glob("realize-read-*"))


def test_the_same_workbook_named_twice_is_read_twice(tmp_path: Path, capsys) -> None:
    """Its readers were started once: the second copy is read again, and asks what its sheets are."""
    code, said = run(capsys, "check", str(SAMPLE), str(SAMPLE))
    assert code == 1
    assert "8 question(s)" in said and '--map "actions (2)=-"' in said
    assert "initiatives: 10 rows" in said


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


def test_csv_files_read_while_the_command_loads_are_reported_as_an_upload_reports_them(tmp_path: Path, capsys) -> None:
    """The command line reads CSV files in a thread while it loads: a guessed encoding, a title line above the
    table and a bad date read there are reported exactly as when the files are read with the upload."""
    files = {
        "initiatives.csv": "initiative_id;name;owner;start_date\nINI-A;Caf\u00e9 r\u00e9seau;Ren\u00e9e;soon\n".encode(
            "cp1252"
        ),
        "milestones.csv": b"Milestones exported 2026-11-30\nmilestone_id,initiative_id,name,baseline_date\n"
        b"M1,INI-A,Go live,2026-13-45\n",
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    code, said = run(capsys, "check", *(str(tmp_path / name) for name in files))
    upload = parse_upload([SourceFile(name, content) for name, content in files.items()])
    assert code == 1 and not upload.ok
    assert {issue.rule for issue in upload.issues} == {"text encoding guessed", "rows above the header", "not a date"}
    for issue in upload.issues:
        assert issue.message in said


def test_a_command_ends_its_process_with_its_output_whole_and_its_store_written_through(tmp_path: Path) -> None:
    """`python -m realize` skips the interpreter's clean-up: everything printed still arrives through a pipe,
    and the database is closed (no write-ahead log left) before the process ends."""
    db = tmp_path / "x.duckdb"
    imported = subprocess.run(
        [sys.executable, "-m", "realize", "import", str(SAMPLE), "--db", str(db)], cwd=ROOT, capture_output=True
    )
    assert imported.returncode == 0 and b"Applied upload #" in imported.stdout
    assert db.exists() and not db.with_suffix(".duckdb.wal").exists()
    queried = subprocess.run(
        [sys.executable, "-m", "realize", "query", "benefit_realization", "--db", str(db), "--format", "csv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert queried.returncode == 0
    store = Store(db)
    expected = measures.run(store, "benefit_realization")
    store.close()
    assert len(list(csv.DictReader(io.StringIO(queried.stdout)))) == len(expected) > 20


def test_query_prints_a_view_filtered_as_csv_and_json(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "x.duckdb")
    run(capsys, "import", str(SAMPLE), "--db", db)
    code, output = run(
        capsys, "query", "milestone_status", "--db", db, "--as-of", "2026-11-22", "--initiative", "INI-08"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(output)))
    assert {row["initiative_id"] for row in rows} == {"INI-08"}
    assert len(rows) == 5
    assert rows[0]["baseline_date"] == "2024-06-28"  # dates as dates, not timestamps

    code, output = run(capsys, "query", "scorecard", "--db", db, "--as-of", "2026-11-22", "--format", "json")
    assert code == 0
    kpis = json.loads(output)
    assert len(kpis) == 14
    assert {kpi["kpi_id"] for kpi in kpis if kpi["unmanaged"]} == {"KPI-03"}


def test_query_owner_filter_takes_the_row_owner_or_the_initiative_owner(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "x.duckdb")
    run(capsys, "import", str(SAMPLE), "--db", db)
    code, output = run(
        capsys, "query", "milestone_status", "--db", db, "--owner", "Lukas Novak", "--as-of", "2026-11-22"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(output)))
    assert rows and all("Lukas Novak" in (row["owner"], row["initiative_owner"]) for row in rows)


def test_query_usage_errors_exit_2(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["query", "no_such_view", "--db", str(tmp_path / "x.duckdb")])
    assert exited.value.code == 2
    with pytest.raises(SystemExit) as exited:
        main(["query", "tco", "--as-of", "22/11/2026", "--db", str(tmp_path / "x.duckdb")])
    assert exited.value.code == 2


def test_export_holds_every_view_and_the_data_and_uploads_again(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "x.duckdb")
    run(capsys, "import", str(SAMPLE), "--db", db)
    out = tmp_path / "export.xlsx"
    code, _ = run(capsys, "export", str(out), "--db", db, "--as-of", "2026-11-22")
    assert code == 0
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["About", *catalog.NAMED_VIEWS, *(sheet.name for sheet in schema.SHEETS)]

    again = parse_upload([SourceFile(out.name, out.read_bytes())])
    assert not again.errors, again.issue_frame().to_string()
    store = Store(db)
    try:
        for sheet in schema.SHEETS:
            exported = again.tables[sheet.name][list(sheet.column_names)].reset_index(drop=True)
            current = store.current(sheet.name).reset_index(drop=True)
            pd.testing.assert_frame_equal(
                exported.astype(object).where(exported.notna(), None),
                current.astype(object).where(current.notna(), None),
                check_dtype=False,
            )
    finally:
        store.close()


# --------------------------------------------------------------------------- mapping questions and --map


def test_an_open_question_exits_1_prints_the_map_options_and_applies_nothing(tmp_path: Path, capsys) -> None:
    db = tmp_path / "x.duckdb"
    code, output = run(capsys, "import", str(office_workbook(tmp_path, 900)), "--db", str(db))
    assert code == 1
    assert "1 question(s) to answer before anything can be applied" in output
    assert '--map "Cost Plan!Col F=costs.actual"' in output
    assert '--map "Cost Plan!Col F=-"' in output
    assert "nothing was applied" in output
    assert ledger_state(db)[0] == 0

    code, output = run(capsys, "check", str(office_workbook(tmp_path, 900)), "--db", str(db))
    assert code == 1 and '--map "Cost Plan!Col F=costs.actual"' in output


def test_map_answers_apply_are_saved_listed_and_reused(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "x.duckdb")
    code, output = run(
        capsys, "import", str(office_workbook(tmp_path, 900)), "--db", db, "--map", "Cost Plan!Col F=costs.actual"
    )
    assert code == 0, output
    assert "Saved the mapping of 2 sheet layouts as ledger entry #2" in output
    code, output = run(capsys, "query", "initiative_summary", "--db", db, "--as-of", "2026-01-31", "--format", "json")
    [summary] = json.loads(output)
    assert (summary["initiative_id"], summary["owner"], summary["actual_to_date"]) == ("OFF-1", "Ann Lee", 900.0)

    code, output = run(capsys, "mappings", "--db", db, "--format", "csv")
    listed = list(csv.DictReader(io.StringIO(output)))
    assert {(row["file sheet"], row["file column"], row["template column"]) for row in listed} >= {
        ("Cost Plan", "Col F", "actual"),
        ("Projects", "SRO", "owner"),
    }

    code, output = run(capsys, "import", str(office_workbook(tmp_path, 950)), "--db", db)
    assert code == 0, output
    assert "Sheet 'Cost Plan' read as costs (saved, 100%)" in output
    assert "mapping saved for this layout (#2)" in output


def test_map_options_that_cannot_be_read_are_usage_errors_and_unused_ones_refuse(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "x.duckdb")
    code, output = run(capsys, "import", str(office_workbook(tmp_path, 900)), "--db", db, "--map", "Col F=costs.spent")
    assert code == 2 and "costs has no column 'spent'" in output
    code, output = run(
        capsys,
        "import",
        str(office_workbook(tmp_path, 900)),
        "--db",
        db,
        "--map",
        "Cost Plan!Col F=costs.actual",
        "--map",
        "Col Z=costs.note",
    )
    assert code == 1 and "--map Col Z=costs.note names no sheet or column of this upload" in output
    assert ledger_state(Path(db))[0] == 0


def test_a_sheet_can_be_mapped_or_left_out_from_the_command_line(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "x.duckdb")
    book = openpyxl.load_workbook(office_workbook(tmp_path, 900))
    book.copy_worksheet(book["Cost Plan"]).title = "Cost Plan 2025"
    path = tmp_path / "two_plans.xlsx"
    book.save(path)
    code, output = run(capsys, "import", str(path), "--db", db, "--map", "Cost Plan!Col F=costs.actual")
    assert code == 1
    assert '--map "Cost Plan 2025=costs"' in output and '--map "Cost Plan 2025=-"' in output
    code, output = run(
        capsys, "import", str(path), "--db", db, "--map", "Cost Plan!Col F=costs.actual", "--map", "Cost Plan 2025=-"
    )
    assert code == 0, output
    assert ledger_state(Path(db))[1]["costs"] == 2
