"""Concurrent users and uploads, a crash in the middle of an upload, a second process, backups."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from realize.cli import main
from realize.intake.ingest import parse_upload
from realize.ledger.store import Store, StoreInUse, ledger_tables
from tests.conftest import APP, ROOT, SAMPLE, csv_file, editor

THREADS, OPERATIONS = 8, 20


def upload_for(initiative: str, version: int) -> list:
    """Initiative `initiative`'s rows at `version`: its name says the version, and it has `version` milestones."""
    return [
        csv_file("initiatives.csv", ("initiative_id", "name", "owner"), (initiative, f"v{version}", "Ann")),
        csv_file(
            "milestones.csv",
            ("milestone_id", "initiative_id", "name", "baseline_date"),
            *[(f"{initiative}-M{number}", initiative, f"step {number}", "2026-06-30") for number in range(version)],
        ),
    ]


CONSISTENCY = """
    select
        initiatives.initiative_id,
        initiatives.name,
        (select count(*) from current_milestones as milestones
         where milestones.initiative_id = initiatives.initiative_id) as milestones
    from current_initiatives as initiatives
"""


def test_concurrent_uploads_reverts_and_queries_lose_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "busy.duckdb")
    torn: list[tuple] = []
    failures: list[BaseException] = []

    def work(worker: int) -> None:
        generator = random.Random(worker)
        initiative = f"INI-{worker}"
        try:
            for step in range(OPERATIONS):
                choice = generator.random()
                if choice < 0.5:
                    upload = parse_upload(upload_for(initiative, step + 1), store)
                    store.apply(upload, editor(f"worker {worker}"))
                elif choice < 0.65:
                    mine = store.history()
                    mine = mine[(mine["uploaded_by"] == f"worker {worker}") & (mine["status"] != "reverted")]
                    mine = mine[mine["kind"] == "upload"]
                    if not mine.empty:
                        store.revert(int(mine["upload_id"].iloc[0]), editor(f"worker {worker}"))
                else:
                    # every initiative seen must carry exactly the milestones of its version: one upload, whole
                    for initiative_id, name, milestones in store.frame(CONSISTENCY).itertuples(index=False):
                        if int(name.removeprefix("v")) != milestones:
                            torn.append((initiative_id, name, milestones))
        except BaseException as error:  # report in the main thread
            failures.append(error)

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    assert not torn, torn

    history = store.history()
    uploads = history[history["kind"] == "upload"]
    reverted = set(history.loc[history["kind"] == "revert", "reverts_upload_id"].astype(int))
    assert set(uploads.loc[uploads["status"] == "reverted", "upload_id"]) == reverted
    # the current data is what applying the live uploads in ledger order gives
    expected: dict[str, str] = {}
    for entry in uploads.sort_values("upload_id").itertuples():
        if entry.upload_id not in reverted:
            who = entry.uploaded_by.removeprefix("worker ")
            expected[f"INI-{who}"] = str(entry.upload_id)
    current = store.frame(CONSISTENCY)
    assert set(current["initiative_id"]) == set(expected)
    assert (current["name"].str.removeprefix("v").astype(int) == current["milestones"]).all()
    latest_names = {
        initiative: store.frame(
            "select name from data_initiatives where upload_id = $upload", {"upload": int(upload_id)}
        )["name"].iloc[0]
        for initiative, upload_id in expected.items()
    }
    assert dict(zip(current["initiative_id"], current["name"], strict=True)) == latest_names
    store.close()


KILLED_UPLOAD = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from realize.intake.ingest import SourceFile, parse_upload
    from realize.contract.roles import Editor
    from realize.ledger.store import Store

    store = Store({database!r})
    months = "".join(f"BEN-1,{{2000 + n // 12}}-{{n % 12 + 1:02d}},{{n}}\\n" for n in range(1200))
    upload = parse_upload(
        [
            SourceFile("initiatives.csv", b"initiative_id,name,owner\\nINI-9,Big,Ann\\n"),
            SourceFile("benefits.csv", b"benefit_id,initiative_id,name,type,owner\\nBEN-1,INI-9,B,quantifiable,Ann\\n"),
            SourceFile("benefit_measurements.csv", ("benefit_id,period,planned\\n" + months).encode()),
        ],
        store,
    )
    assert upload.ok, upload.issue_frame().to_string()
    original = Store._insert_rows

    def slow_insert(self, cursor, name, table, upload_id):
        scopes = original(self, cursor, name, table, upload_id)
        print("inserted", name, flush=True)
        time.sleep(60)  # killed here, in the middle of the transaction
        return scopes

    Store._insert_rows = slow_insert
    store.apply(upload, Editor("doomed"))
    """
)


def test_a_process_killed_in_the_middle_of_an_upload_leaves_the_previous_state(tmp_path: Path) -> None:
    database = tmp_path / "crash.duckdb"
    before = Store(database)
    before.apply(parse_upload(upload_for("INI-1", 2), before), editor("Ann"))
    state = {table: before.frame("select count(*) as n from " + table)["n"].iloc[0] for table in ledger_tables()}
    before.close()

    script = KILLED_UPLOAD.format(root=str(ROOT), database=str(database))
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("inserted"), line
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    after = Store(database)  # starts as usual
    assert after.data_version() == 1
    assert {table: after.frame("select count(*) as n from " + table)["n"].iloc[0] for table in ledger_tables()} == state
    assert after.current("initiatives")["initiative_id"].tolist() == ["INI-1"]
    after.close()


HOLDER = (
    "import sys, time; sys.path.insert(0, {root!r}); from realize.ledger.store import Store;"
    " held = Store({database!r}); print('open', flush=True); time.sleep(60)"
)


@pytest.fixture
def held_database(tmp_path: Path):
    database = tmp_path / "held.duckdb"
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER.format(root=str(ROOT), database=str(database))], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline().strip() == "open"
    yield database
    process.kill()
    process.wait(timeout=30)


def test_a_second_process_on_the_same_file_gets_a_clear_message(held_database: Path, capsys, monkeypatch) -> None:
    with pytest.raises(StoreInUse, match="in use by another Realize app or command"):
        Store(held_database)
    assert main(["history", "--db", str(held_database)]) == 1
    assert "in use by another Realize app" in capsys.readouterr().err

    monkeypatch.setenv("REALIZE_DB", str(held_database))
    import streamlit as st

    st.cache_resource.clear()
    test = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not test.exception
    assert any("in use by another Realize app" in error.value for error in test.error)
    st.cache_resource.clear()


def test_backup_and_restore_round_trip_everything(tmp_path: Path, capsys) -> None:
    source = tmp_path / "source.duckdb"
    assert main(["import", str(SAMPLE), "--db", str(source), "--by", "Ann"]) == 0
    store = Store(source)
    store.save_settings({"discount_rate": 0.1}, editor("Fay"))
    store.revert(1, editor("Fay"))
    store.close()

    folder = tmp_path / "backup"
    assert main(["backup", str(folder), "--db", str(source)]) == 0
    target = tmp_path / "restored.duckdb"
    assert main(["restore", str(folder), "--db", str(target)]) == 0
    assert main(["restore", str(folder), "--db", str(target)]) == 1  # only into an empty database
    assert "already holds data" in capsys.readouterr().err

    original, restored = Store(source), Store(target)
    try:
        for table in ledger_tables():
            order = "select * from " + table + " order by all"
            pd.testing.assert_frame_equal(original.frame(order), restored.frame(order))
        assert restored.settings()["discount_rate"] == 0.1
        assert restored.history()["status"].tolist() == original.history()["status"].tolist()
    finally:
        original.close()
        restored.close()
