"""What changed between two ledger points (SPEC section 3), on the hand-built history of test_known_at: A the
sample portfolio as an upload, B (recorded 5 March 2026) moving a committed milestone date, changing a past and a
future month's plan of one benefit and recording an actual, S a setting, C (9 March) reverting B."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from realize.ledger.store import Store
from realize.service.changes import changes
from tests.known_history import AS_OF, History
from tests.test_cli import run


def expected_b(history: History) -> list[dict[str, object]]:
    """B's changes, worked out by hand from what upload_b changed."""
    months = history.store.current("benefit_measurements", history.a)
    months = months[months["benefit_id"] == history.benefit_id].reset_index(drop=True)
    past = months.index[months["period"] <= pd.Timestamp(AS_OF)]
    future = months.index[months["period"] > pd.Timestamp(AS_OF)]
    first, next_one, latest = months.loc[past[0]], months.loc[future[0]], months.loc[past[-1]]
    moved = history.moved

    def number(value: float) -> str:
        return str(int(value)) if float(value).is_integer() else repr(float(value))

    def month(row: pd.Series) -> str:
        return f"{history.benefit_id} · {row['period']:%Y-%m-%d}"

    realized = 0.0 if pd.isna(latest["realized"]) else latest["realized"]
    return [
        {
            "sheet": "benefit_measurements",
            "row": month(first),
            "column": "planned",
            "old_value": number(first["planned"]),
            "new_value": number(first["planned"] + 500),
            "kind": "rebaseline",  # a month before March 2026, when B changed it
        },
        {
            "sheet": "benefit_measurements",
            "row": month(latest),
            "column": "realized",
            "old_value": "" if pd.isna(latest["realized"]) else number(latest["realized"]),
            "new_value": number(realized + 300),
            "kind": "actual",
        },
        {
            "sheet": "benefit_measurements",
            "row": month(next_one),
            "column": "planned",
            "old_value": number(next_one["planned"]),
            "new_value": number(next_one["planned"] + 700),
            "kind": "forecast",  # a month after March 2026
        },
        {
            "sheet": "milestones",
            "row": moved["milestone_id"],
            "column": "baseline_date",
            "old_value": f"{moved['baseline_date']:%Y-%m-%d}",
            "new_value": f"{moved['baseline_date'] + pd.Timedelta(days=91):%Y-%m-%d}",
            "kind": "rebaseline",
        },
    ]


def listed(frame: pd.DataFrame) -> list[dict[str, object]]:
    rows = frame[["sheet", "row", "column", "old_value", "new_value", "kind"]].to_dict("records")
    return sorted(rows, key=lambda row: (row["sheet"], row["row"], row["column"]))


def test_changes_from_a_to_b_are_exactly_bs(history: History) -> None:
    found = changes(history.store, history.a, history.b)
    assert listed(found) == listed(pd.DataFrame(expected_b(history)))
    assert set(found["upload_id"]) == {history.b} and set(found["recorded_by"]) == {"Bob"}
    benefits = history.store.current("benefits", history.a).set_index("benefit_id")["initiative_id"]
    initiative_of = dict(zip(found["sheet"], found["initiative_id"], strict=True))
    assert initiative_of == {
        "milestones": history.moved["initiative_id"],
        "benefit_measurements": benefits[history.benefit_id],
    }


def test_reverting_b_lists_bs_changes_undone_by_the_revert(history: History) -> None:
    undone = [
        {**change, "old_value": change["new_value"], "new_value": change["old_value"]} for change in expected_b(history)
    ]
    found = changes(history.store, history.b, history.c)
    assert listed(found) == listed(pd.DataFrame(undone))
    assert set(found["upload_id"]) == {history.c} and set(found["recorded_by"]) == {"Ann"}


def test_nothing_changed_from_a_to_after_the_revert(history: History) -> None:
    assert changes(history.store, history.a, history.c).empty
    assert changes(history.store, history.a).empty  # now is after C


def test_from_nothing_every_row_is_added(history: History) -> None:
    found = changes(history.store, 0, history.a)
    assert set(found["kind"]) == {"added"}
    counts = found.groupby("sheet").size().to_dict()
    assert counts["initiatives"] == len(history.only_a.current("initiatives"))
    assert counts["milestones"] == len(history.only_a.current("milestones"))


def test_changes_filter_by_kind_and_initiative(history: History) -> None:
    rebaselines = changes(history.store, history.a, history.b, kinds=["rebaseline"])
    assert sorted(rebaselines["column"]) == ["baseline_date", "planned"]
    mine = changes(history.store, history.a, history.b, initiatives=[history.moved["initiative_id"]])
    assert "milestones" in set(mine["sheet"])
    assert changes(history.store, history.a, history.b, initiatives=["NOT-THERE"]).empty


def test_the_command_line_lists_changes_since_a_day(history: History, capsys: pytest.CaptureFixture[str]) -> None:
    expected = listed(pd.DataFrame(expected_b(history)))
    history.store.close()
    try:
        code, output = run(
            capsys, "changes", "--db", str(history.path), "--since", "2026-03-01", "--until", "2026-03-05"
        )
        assert code == 0, output
        shown = pd.DataFrame(
            json.loads(
                run(
                    capsys,
                    "changes",
                    "--db",
                    str(history.path),
                    "--since",
                    "2026-03-01",
                    "--until",
                    str(history.b),
                    "--format",
                    "json",
                )[1]
            )
        )
        assert listed(shown) == expected
        assert "rebaseline" in output and "baseline_date" in output
        with pytest.raises(SystemExit) as usage:  # argparse: an unknown kind is a usage error
            run(capsys, "changes", "--db", str(history.path), "--since", "2026-03-01", "--kind", "moved")
        assert usage.value.code == 2
    finally:
        history.store = Store(history.path)
