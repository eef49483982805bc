"""The command line's import: sheets written while the rest of the upload is still checked, committed only
when the whole upload passes; exactly what checking, then applying, writes (SPEC section 3)."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from realize.cli import main
from realize.contract.refusals import Refused
from realize.intake.ingest import ParsedUpload, SourceFile, interpret, read_upload
from realize.ledger.store import Store
from realize.service import sample_portfolio, uploads
from tests.conftest import csv_file, editor


@pytest.fixture
def store(every_store: Store) -> Store:
    return every_store


def portfolio_files(*, dangling_action: bool = False) -> list[SourceFile]:
    """A house style of our own: semicolons, decimal commas, a dis-benefit written negative (read as its size)."""
    initiatives = "Ref;Title;Lead;Budget (EUR)\nP-1;Payroll;Ana;1.200,50\nP-2;Portal;Ben;300\n"
    register = (
        "Benefit Ref;Project Ref;Benefit;Kind;Benefit owner;Unit;Unit value;Dis-benefit\n"
        "G-1;P-1;Hours saved;cash_releasing;Ana;hours;50;no\n"
        "G-2;P-2;Extra licences;cash_releasing;Ben;EUR;1;yes\n"
    )
    profile = (
        "Benefit Ref;Month;Planned;Realised\nG-1;2026-01;10;8\nG-1;2026-02;10;\nG-2;2026-01;-5;-6\nG-2;2026-02;-5;\n"
    )
    actions = "Action Ref;Action;Owner;Raised;Due;Project Ref\nX-1;Check payroll;Ana;2026-01-10;2026-02-10;P-1\n"
    if dangling_action:
        actions += "X-2;Check portal;Ben;2026-01-10;2026-02-10;P-9\n"
    return [
        SourceFile(name, text.encode())
        for name, text in (
            ("initiatives.csv", initiatives),
            ("benefits.csv", register),
            ("benefit_measurements.csv", profile),
            ("actions.csv", actions),
        )
    ]


def stored(store: Store) -> dict[str, pd.DataFrame]:
    return {sheet: store.current(sheet).reset_index(drop=True) for sheet in store.current_row_counts()}


def ledger_rows(store: Store) -> pd.DataFrame:
    return store.frame("select * exclude (recorded_at) from ledger order by upload_id")


def test_an_upload_applied_while_it_is_checked_writes_what_checking_then_applying_writes(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = uploads.check(portfolio_files(), store)
    assert checked.ok, checked.issue_frame().to_string()
    twin = Store(tmp_path / "twin.duckdb")
    twin_applied = uploads.apply(twin, uploads.check(portfolio_files(), twin), editor("Ana"))

    def no_second_way(*_: object, **__: object) -> None:
        raise AssertionError("the upload was applied the ordinary way, not while it was checked")

    monkeypatch.setattr(Store, "apply", no_second_way)
    upload, applied = uploads.check_and_apply(portfolio_files(), store, editor("Ana"))
    assert applied is not None
    assert (applied.upload_id, applied.rows_per_sheet, applied.scopes_per_sheet) == (
        twin_applied.upload_id,
        twin_applied.rows_per_sheet,
        twin_applied.scopes_per_sheet,
    )
    assert [issue.rule for issue in upload.issues] == [issue.rule for issue in checked.issues]
    assert "dis-benefit sign" in {issue.rule for issue in upload.issues}
    ours, theirs = stored(store), stored(twin)
    assert ours.keys() == theirs.keys()
    for sheet in ours:
        pd.testing.assert_frame_equal(ours[sheet], theirs[sheet], check_dtype=False, obj=sheet)
    measured = ours["benefit_measurements"]
    assert measured.loc[measured["benefit_id"] == "G-2", "planned"].tolist() == [5.0, 5.0]  # sizes, not negatives
    pd.testing.assert_frame_equal(ledger_rows(store), ledger_rows(twin), check_dtype=False)
    twin.close()


def test_an_upload_failing_a_late_check_leaves_nothing_and_the_store_writable(store: Store) -> None:
    """The dangling reference is found after every sheet was typed (and written): all of it is rolled back."""
    upload, applied = uploads.check_and_apply(portfolio_files(dangling_action=True), store, editor("Ana"))
    assert applied is None
    assert [(issue.sheet, issue.rule) for issue in upload.errors] == [("actions", "unknown reference")]
    assert ledger_rows(store).empty
    assert all(count == 0 for count in store.current_row_counts().values())
    upload, applied = uploads.check_and_apply(portfolio_files(), store, editor("Ana"))
    assert applied is not None and applied.upload_id == 1


def test_the_same_files_twice_are_refused_and_the_first_upload_stays(store: Store) -> None:
    uploads.check_and_apply(portfolio_files(), store, editor("Ana"))
    with pytest.raises(Refused, match="already uploaded as #1"):
        uploads.check_and_apply(portfolio_files(), store, editor("Ben"))
    assert ledger_rows(store)["upload_id"].tolist() == [1]
    initiatives = csv_file("initiatives.csv", ["initiative_id", "name", "owner"], ["P-3", "Data", "Cy"])
    assert uploads.check_and_apply([initiatives], store, editor("Ben"))[1] is not None  # the lock was let go


def test_a_real_upload_replaces_the_sample_as_applying_does(store: Store) -> None:
    sample_portfolio.load_if_empty(store)
    _, applied = uploads.check_and_apply(portfolio_files(), store, editor("Ana"))
    assert applied is not None and applied.replaced_sample
    assert not store.showing_sample()
    assert sorted(store.current("initiatives")["initiative_id"]) == ["P-1", "P-2"]


def read_as_check(files: list[SourceFile]) -> tuple[ParsedUpload, dict[str, pd.DataFrame]]:
    handed: dict[str, pd.DataFrame] = {}

    def ready(name: str, table: pd.DataFrame) -> None:
        assert name not in handed, f"{name} handed twice"
        handed[name] = table

    return interpret(read_upload(files), ready=ready), handed


def test_each_sheet_is_handed_over_once_as_it_is_finally_checked() -> None:
    upload, handed = read_as_check(portfolio_files())
    assert upload.ok
    assert handed.keys() == upload.tables.keys()
    assert all(handed[name] is upload.tables[name] for name in handed)


def test_nothing_is_handed_over_when_a_sheet_has_an_error_or_a_question_is_open() -> None:
    bad_budget = csv_file("initiatives.csv", ["initiative_id", "name", "owner", "budget"], ["P-1", "A", "Ana", "lots"])
    upload, handed = read_as_check([bad_budget])
    assert [issue.rule for issue in upload.errors] == ["not a number"] and handed == {}
    puzzling = csv_file("costs.csv", ["initiative_id", "period", "category", "Col F"], ["P-1", "2026-01", "exit", 5])
    upload, handed = read_as_check([puzzling])
    assert upload.questions and handed == {}


def test_a_new_database_is_made_while_the_files_are_checked(tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        making = pool.submit(Store, tmp_path / "new.duckdb")
        upload, applied = uploads.check_and_apply(portfolio_files(), making, editor("Ana"))
    made = making.result()
    assert applied is not None and applied.upload_id == 1 and upload.checked_at_version == 0
    assert sorted(made.current("initiatives")["initiative_id"]) == ["P-1", "P-2"]
    made.close()


def test_a_database_someone_else_made_and_wrote_meanwhile_is_caught_before_committing(tmp_path: Path) -> None:
    """The files were checked as against an empty database; it holds their upload already: refused, not doubled."""
    made = Store(tmp_path / "new.duckdb")
    uploads.check_and_apply(portfolio_files(), made, editor("Ben"))
    making: Future[Store] = Future()
    making.set_result(made)
    with pytest.raises(Refused, match="already uploaded as #1"):
        uploads.check_and_apply(portfolio_files(), making, editor("Ana"))
    assert ledger_rows(made)["upload_id"].tolist() == [1]
    made.close()


def test_an_import_refused_into_a_new_database_leaves_it_made_empty_and_closed(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    for source in portfolio_files(dangling_action=True):
        (folder / source.name).write_bytes(source.content)
    database = tmp_path / "new.duckdb"
    code = main(["import", *sorted(str(path) for path in folder.iterdir()), "--db", str(database)])
    assert code == 1 and "unknown reference" in capsys.readouterr().out
    assert not database.with_suffix(".duckdb.wal").exists()
    made = Store(database)
    assert ledger_rows(made).empty
    made.close()
