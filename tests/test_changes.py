"""What changed between two ledger points (SPEC section 3), on the hand-built history of test_known_at: A the
sample portfolio as an upload, B (recorded 5 March 2026) moving a committed milestone date, changing a past and a
future month's plan of one benefit and recording an actual, S a setting, C (9 March) reverting B."""

from __future__ import annotations

import json
from pathlib import Path

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


def ledger_with(folder: Path, capsys: pytest.CaptureFixture[str], initiatives: str, milestones: str) -> str:
    """A new database holding these initiatives and milestones (CSV text), imported as one upload."""
    db = str(folder / "ledger.duckdb")
    files = [folder / "initiatives.csv", folder / "milestones.csv"]
    files[0].write_text(initiatives)
    files[1].write_text(milestones)
    assert run(capsys, "import", *map(str, files), "--db", db)[0] == 0
    return db


def later_file(folder: Path, name: str, text: str) -> str:
    path = folder / "later" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return str(path)


def test_an_upload_moving_a_committed_date_needs_a_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    header = "milestone_id,initiative_id,name,owner,baseline_date,forecast_date\n"
    db = ledger_with(
        tmp_path,
        capsys,
        "initiative_id,name,owner\nINI-7,Payroll,Ann\n",
        header + "M3,INI-7,Legacy payroll switched off,Ann,2026-03-31,2026-03-31\n",
    )
    moved = later_file(
        tmp_path, "milestones.csv", header + "M3,INI-7,Legacy payroll switched off,Ann,2026-06-30,2026-06-30\n"
    )

    code, output = run(capsys, "import", moved, "--db", db)
    assert code == 1, output
    assert "M3 Legacy payroll switched off: committed date 31 Mar 2026 → 30 Jun 2026" in output
    assert "--reason" in output
    code, output = run(capsys, "history", "--db", db, "--format", "json")
    assert len(json.loads(output)) == 1  # nothing was applied

    reason = "Vendor delivery slipped a quarter; steering board approved on 12 Feb"
    code, output = run(capsys, "import", moved, "--db", db, "--reason", reason)
    assert code == 0, output
    code, output = run(capsys, "history", "--db", db, "--format", "json")
    assert reason in json.loads(output)[0]["what"]
    code, output = run(capsys, "changes", "--db", db, "--since", "1", "--format", "json")
    listed_now = json.loads(output)
    assert [(row["column"], row["kind"], row["reason"]) for row in listed_now] == [
        ("baseline_date", "rebaseline", reason),
        ("forecast_date", "forecast", reason),
    ]


def test_a_forecast_or_an_actual_needs_no_reason_a_budget_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = "milestone_id,initiative_id,name,baseline_date,forecast_date,actual_date\n"
    db = ledger_with(
        tmp_path,
        capsys,
        "initiative_id,name,owner,budget\nINI-7,Payroll,Ann,1000\n",
        header + "M3,INI-7,Switch off,2026-03-31,2026-03-31,\n",
    )
    later = later_file(tmp_path, "milestones.csv", header + "M3,INI-7,Switch off,2026-03-31,2026-05-15,2026-05-20\n")
    code, output = run(capsys, "import", later, "--db", db)
    assert code == 0, output
    budget = later_file(tmp_path, "initiatives.csv", "initiative_id,name,owner,budget\nINI-7,Payroll,Ann,1500\n")
    code, output = run(capsys, "import", budget, "--db", db)
    assert code == 1 and "INI-7 Payroll: budget 1,000 → 1,500" in output
