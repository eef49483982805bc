"""Time travel (SPEC section 3): every view over the data as known after a ledger entry or at the end of a day.

A hand-built history on the sample portfolio: upload A (the whole portfolio), upload B (one initiative's
committed milestone date moved, one benefit's past and future plan changed and an actual recorded), a settings
entry S (discount rate), then C reverting B. Known at A must equal a database that only ever had A, view by
view; known at C must equal A again under S's discount rate.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from realize import measures
from realize.contract import catalog
from realize.ledger.store import Store
from realize.report import export
from realize.service.history import ledger_point
from tests.conftest import editor, load_rows
from tests.known_history import AS_OF, History
from tests.test_cli import run

TIMED_VIEWS = ("upload_history",)  # lists the entries themselves, with their times


def view(store: Store, name: str, known_at: int | None = None, **overrides: object) -> pd.DataFrame:
    return measures.run(store, name, measures.Filters(as_of=AS_OF, known_at=known_at), overrides or None)


@pytest.mark.parametrize("name", [name for name in catalog.NAMED_VIEWS if name not in TIMED_VIEWS])
def test_every_view_known_at_a_equals_a_database_that_only_had_a(history: History, name: str) -> None:
    pd.testing.assert_frame_equal(view(history.store, name, history.a), view(history.only_a, name))


@pytest.mark.parametrize("name", [name for name in catalog.NAMED_VIEWS if name not in TIMED_VIEWS])
def test_reverting_b_brings_every_view_back_to_a_under_the_later_setting(history: History, name: str) -> None:
    expected = view(history.only_a, name, discount_rate=0.12)
    pd.testing.assert_frame_equal(view(history.store, name, history.c), expected)
    pd.testing.assert_frame_equal(view(history.store, name), expected)  # now is after C


def test_known_at_b_shows_what_b_changed(history: History) -> None:
    def committed(known_at: int) -> pd.Timestamp:
        milestones = view(history.store, "milestone_status", known_at).set_index("milestone_id")
        return pd.Timestamp(milestones.loc[history.moved["milestone_id"], "baseline_date"])

    assert committed(history.a) == pd.Timestamp(history.moved["baseline_date"])
    assert committed(history.b) == pd.Timestamp(history.moved["baseline_date"]) + pd.Timedelta(days=91)
    assert committed(history.c) == pd.Timestamp(history.moved["baseline_date"])

    def benefit(known_at: int) -> pd.Series:
        rows = view(history.store, "benefit_realization", known_at)
        return rows.set_index("benefit_id").loc[history.benefit_id]

    before, during = benefit(history.a), benefit(history.b)
    assert during["planned_to_date"] == pytest.approx(before["planned_to_date"] + 500)
    assert during["realized_to_date"] == pytest.approx(before["realized_to_date"] + 300)
    assert during["planned_total"] == pytest.approx(before["planned_total"] + 1200)


def test_the_settings_count_as_known_at_the_point(history: History) -> None:
    assert history.store.settings(history.b)["discount_rate"] == pytest.approx(0.08)
    assert history.store.settings(history.s)["discount_rate"] == pytest.approx(0.12)
    assert history.store.settings()["discount_rate"] == pytest.approx(0.12)


def test_the_history_as_known_at_a_point_lists_the_entries_up_to_it(history: History) -> None:
    assert view(history.store, "upload_history", history.a)["upload_id"].tolist() == [history.a]
    as_known_at_b = view(history.store, "upload_history", history.b).set_index("upload_id")["status"].to_dict()
    assert as_known_at_b == {history.a: "partly current", history.b: "current"}  # the revert came later
    now = view(history.store, "upload_history").set_index("upload_id")["status"].to_dict()
    assert now[history.a] == "current" and now[history.b] == "reverted"


@pytest.mark.parametrize(
    ("said", "point"),
    [("{a}", "a"), ("#{b}", "b"), ("2026-03-01", "a"), ("2026-03-04", "a"), ("2026-03-05", "s"), ("2026-03-09", "c")],
)
def test_a_ledger_point_is_an_entry_or_the_end_of_a_day(history: History, said: str, point: str) -> None:
    assert ledger_point(history.store, said.format(a=history.a, b=history.b)) == getattr(history, point)


def test_a_day_before_the_first_entry_knows_nothing(history: History) -> None:
    assert ledger_point(history.store, "2026-02-28") == 0
    assert view(history.store, "initiative_summary", 0).empty


def test_query_known_at_prints_what_a_database_with_only_a_prints(history: History, capsys) -> None:
    shown = {}
    for label, args in {
        "known at A": ["--db", str(history.path), "--known-at", str(history.a)],
        "known on 4 March": ["--db", str(history.path), "--known-at", "2026-03-04"],
        "now": ["--db", str(history.path)],
    }.items():
        history.store.close()
        code, output = run(capsys, "query", "milestone_status", "--as-of", AS_OF.isoformat(), "--format", "json", *args)
        history.store = Store(history.path)
        assert code == 0, output
        shown[label] = json.loads(output)
    assert shown["known at A"] == shown["known on 4 March"]
    expected = json.loads(
        export.plain_dates(view(history.only_a, "milestone_status")).to_json(orient="records", date_format="iso")
    )
    assert shown["known at A"] == expected
    assert shown["now"] == shown["known at A"]  # B was reverted


def test_an_unknown_or_unreadable_point_is_refused(history: History, capsys) -> None:
    history.store.close()
    try:
        code, output = run(capsys, "query", "tco", "--db", str(history.path), "--known-at", "99")
        assert code == 1 and "There is no ledger entry #99" in output
        code, output = run(capsys, "query", "tco", "--db", str(history.path), "--known-at", "last week")
        assert code == 1 and "neither an upload id nor a date" in output
    finally:
        history.store = Store(history.path)


def test_export_known_at_a_holds_a_data(history: History, capsys, tmp_path: Path) -> None:
    out = tmp_path / "as_known.xlsx"
    history.store.close()
    try:
        code, output = run(capsys, "export", str(out), "--db", str(history.path), "--known-at", str(history.b))
    finally:
        history.store = Store(history.path)
    assert code == 0, output
    assert f"as known after ledger entry #{history.b}" in output
    milestones = pd.read_excel(out, sheet_name="milestones").set_index("milestone_id")
    moved_to = pd.Timestamp(history.moved["baseline_date"]) + pd.Timedelta(days=91)
    assert pd.Timestamp(milestones.loc[history.moved["milestone_id"], "baseline_date"]) == moved_to
    about = pd.read_excel(out, sheet_name="About").set_index("item")["value"]
    assert about["data as known"] == f"after ledger entry #{history.b}"
    assert float(about["discount_rate"]) == pytest.approx(0.08)


def test_known_at_reads_the_ledger_as_it_stood_on_every_store(every_store: Store) -> None:
    first = load_rows(every_store, "Ann", initiatives=[{"initiative_id": "INI-A", "name": "Cloud", "owner": "Ann"}])
    assert first.ok
    load_rows(every_store, "Bob", initiatives=[{"initiative_id": "INI-A", "name": "Cloud exit", "owner": "Bob"}])
    every_store.save_settings({"discount_rate": 0.1}, editor("Fay"))
    names = {known_at: every_store.current("initiatives", known_at)["name"].tolist() for known_at in (None, 0, 1, 2)}
    assert names == {None: ["Cloud exit"], 0: [], 1: ["Cloud"], 2: ["Cloud exit"]}
    assert every_store.settings(2)["discount_rate"] == pytest.approx(0.08)
    assert every_store.settings()["discount_rate"] == pytest.approx(0.1)
    owners = measures.run(every_store, "initiative_summary", measures.Filters(as_of=AS_OF, known_at=1))
    assert owners["initiative_owner"].tolist() == ["Ann"]
