"""Known answers for delivery, scorecard, actions, accountability and filters (SPEC section 4).

Each test builds a small portfolio by hand, uploads it through the real ingest
and reads a named view. Every expected value is worked out next to the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from realize import measures
from realize.ledger.store import Store
from realize.service import sample_portfolio
from tests.conftest import editor, load_rows


@pytest.fixture
def store(every_store: Store) -> Store:
    """Every known answer here holds on a DuckDB file and on a lake (SQLite and PostgreSQL catalogs)."""
    return every_store


AS_OF = dt.date(2025, 6, 30)


# --------------------------------------------------------------------------- helpers


def by_id(frame: pd.DataFrame, key: str) -> dict[str, dict]:
    """The rows of a view as {id: {column: value}}, nulls as None."""
    cleaned = frame.astype(object).where(frame.notna(), None)
    return {row[key]: row for row in cleaned.to_dict("records")}


def column(frame: pd.DataFrame, key: str, name: str) -> dict[str, object]:
    """One column of a view as {id: value}, nulls as None."""
    return {row_id: row[name] for row_id, row in by_id(frame, key).items()}


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def initiative(initiative_id: str, owner: str = "Ann", portfolio: str | None = None) -> dict[str, object]:
    return {
        "initiative_id": initiative_id,
        "name": f"Initiative {initiative_id}",
        "owner": owner,
        "portfolio": portfolio,
    }


def milestone(
    milestone_id: str,
    baseline: str,
    forecast: str | None = None,
    actual: str | None = None,
    initiative_id: str = "I1",
    owner: str | None = None,
) -> dict[str, object]:
    return {
        "milestone_id": milestone_id,
        "initiative_id": initiative_id,
        "name": f"Milestone {milestone_id}",
        "owner": owner,
        "baseline_date": baseline,
        "forecast_date": forecast,
        "actual_date": actual,
    }


def kpi(
    kpi_id: str,
    direction: str = "higher_is_better",
    target: float = 100,
    threshold: float | None = None,
    **extra: object,
) -> dict[str, object]:
    row: dict[str, object] = {
        "kpi_id": kpi_id,
        "name": f"KPI {kpi_id}",
        "perspective": "customer",
        "owner": "Ann",
        "direction": direction,
        "target": target,
        "threshold": threshold,
        "definition": "How it is measured",
        "rationale": "Why it matters",
        "response": "What we do",
    }
    row.update(extra)
    return row


def action(action_id: str, due: str, status: str = "open", closed: str | None = None, **links: object) -> dict:
    row: dict[str, object] = {
        "action_id": action_id,
        "title": f"Action {action_id}",
        "owner": "Ann",
        "raised_on": "2025-01-15",
        "due_date": due,
        "status": status,
        "closed_on": closed,
    }
    row.update(links)
    return row


def summary(store: Store, as_of: dt.date = AS_OF, **overrides: object) -> dict[str, dict]:
    return by_id(measures.run(store, "initiative_summary", measures.Filters(as_of=as_of), overrides), "initiative_id")


# --------------------------------------------------------------------------- milestone_status

# as_of 2025-06-30 and tolerance 3 days, so a milestone with baseline B is on time up to B + 3.
# (id, baseline, forecast, actual, state, slip_days): slip = expected - baseline where expected is
# the actual when done; for overdue the later of forecast and as_of; else the forecast, else the baseline.
MILESTONE_CASES = (
    # done: actual 06-13 == 06-10 + 3 -> on time; slip 3
    ("on_time_edge", "2025-06-10", None, "2025-06-13", "done_on_time", 3),
    # done: actual 06-14, one day past 06-13 -> late; slip 4
    ("late_by_one_day", "2025-06-10", None, "2025-06-14", "done_late", 4),
    # done early, before its baseline (and before as_of): on time, slip 06-25 - 07-20 = -25
    ("done_early", "2025-07-20", None, "2025-06-25", "done_on_time", -25),
    # actual 07-01 is after as_of: not done yet at 06-30; 06-30 > 06-13 -> overdue; expected = as_of; slip 20
    ("actual_after_as_of", "2025-06-10", None, "2025-07-01", "overdue", 20),
    # as_of 06-30 == 06-26 + 3 + 1 -> overdue; no forecast: expected = as_of; slip 4
    ("overdue_edge", "2025-06-26", None, None, "overdue", 4),
    # overdue with a forecast after as_of: expected = forecast 07-10; slip 06-01 -> 07-10 = 39
    ("overdue_forecast_later", "2025-06-01", "2025-07-10", None, "overdue", 39),
    # overdue with a forecast already passed: expected = as_of (the later one); slip 29
    ("overdue_forecast_passed", "2025-06-01", "2025-06-15", None, "overdue", 29),
    # due today, no forecast: not overdue -> on_track; expected = baseline; slip 0
    ("due_today", "2025-06-30", None, None, "on_track", 0),
    # due today, forecast 07-04 > 06-30 + 3 -> at_risk; slip 4
    ("due_today_forecast_late", "2025-06-30", "2025-07-04", None, "at_risk", 4),
    # as_of 06-30 == 06-27 + 3: still within tolerance -> on_track; slip 0
    ("within_tolerance", "2025-06-27", None, None, "on_track", 0),
    # forecast 07-14 > 07-10 + 3 -> at_risk; slip 4
    ("forecast_beyond", "2025-07-10", "2025-07-14", None, "at_risk", 4),
    # forecast 07-13 == 07-10 + 3 -> on_track; slip 3
    ("forecast_at_edge", "2025-07-10", "2025-07-13", None, "on_track", 3),
    # forecast ahead of baseline -> on_track; slip -5
    ("forecast_early", "2025-07-10", "2025-07-05", None, "on_track", -5),
    # no forecast, not due -> on_track; expected = baseline; slip 0
    ("no_forecast", "2025-08-01", None, None, "on_track", 0),
)


def load_milestone_cases(store: Store) -> None:
    load_rows(
        store,
        initiatives=[initiative("I1")],
        milestones=[
            milestone(name, baseline, forecast, actual) for name, baseline, forecast, actual, *_ in MILESTONE_CASES
        ],
    )


def test_milestone_states_and_slip_at_their_boundaries_with_stored_tolerance(store: Store) -> None:
    load_milestone_cases(store)
    store.save_settings({"tolerance_days": 3}, editor("Ann"))
    frame = measures.run(store, "milestone_status", measures.Filters(as_of=AS_OF))
    assert column(frame, "milestone_id", "state") == {name: state for name, *_, state, _ in MILESTONE_CASES}
    assert column(frame, "milestone_id", "slip_days") == {name: slip for name, *_, slip in MILESTONE_CASES}


def test_milestone_done_and_due_flags(store: Store) -> None:
    load_milestone_cases(store)
    store.save_settings({"tolerance_days": 3}, editor("Ann"))
    rows = by_id(measures.run(store, "milestone_status", measures.Filters(as_of=AS_OF)), "milestone_id")
    # an actual date after as_of has not happened yet
    assert rows["actual_after_as_of"]["is_done"] is False
    assert rows["actual_after_as_of"]["expected_date"] == day("2025-06-30")
    assert rows["on_time_edge"]["is_done"] is True
    assert rows["done_early"]["is_done"] is True
    # due = baseline on or before as_of: due today counts, tomorrow's does not
    assert rows["due_today"]["is_due"] is True
    assert rows["done_early"]["is_due"] is False
    assert rows["forecast_beyond"]["is_due"] is False
    assert rows["overdue_forecast_later"]["expected_date"] == day("2025-07-10")


def test_tolerance_override_beats_the_stored_setting(store: Store) -> None:
    load_milestone_cases(store)
    store.save_settings({"tolerance_days": 3}, editor("Ann"))
    frame = measures.run(store, "milestone_status", measures.Filters(as_of=AS_OF), overrides={"tolerance_days": 0})
    states = column(frame, "milestone_id", "state")
    slips = column(frame, "milestone_id", "slip_days")
    # tolerance 0: actual 06-13 is 3 days after baseline 06-10 -> late
    assert states["on_time_edge"] == "done_late"
    # as_of 06-30 > baseline 06-27 -> overdue; expected = as_of; slip 3
    assert (states["within_tolerance"], slips["within_tolerance"]) == ("overdue", 3)
    # forecast 07-13 > baseline 07-10 -> at_risk
    assert states["forecast_at_edge"] == "at_risk"
    # due today is never overdue, whatever the tolerance
    assert states["due_today"] == "on_track"


def test_tolerance_defaults_to_zero_days(store: Store) -> None:
    load_milestone_cases(store)
    states = column(measures.run(store, "milestone_status", measures.Filters(as_of=AS_OF)), "milestone_id", "state")
    assert states["on_time_edge"] == "done_late"
    assert states["within_tolerance"] == "overdue"


def test_tolerance_widens_from_the_stored_setting(store: Store) -> None:
    # baseline 06-10, actual 06-17 (7 days late): late with tolerance 6, on time with 7
    load_rows(store, initiatives=[initiative("I1")], milestones=[milestone("M1", "2025-06-10", actual="2025-06-17")])
    store.save_settings({"tolerance_days": 6}, editor("Ann"))
    assert column(measures.run(store, "milestone_status", measures.Filters(as_of=AS_OF)), "milestone_id", "state") == {
        "M1": "done_late"
    }
    store.save_settings({"tolerance_days": 7}, editor("Ann"))
    assert column(measures.run(store, "milestone_status", measures.Filters(as_of=AS_OF)), "milestone_id", "state") == {
        "M1": "done_on_time"
    }


# --------------------------------------------------------------------------- delivery per initiative


def test_initiative_delivery_counts_rate_and_mean_slip(store: Store) -> None:
    # as_of 06-30, tolerance 0.
    # I1: A done on time (due), B done 5 days late (due), C overdue by 10 days (due),
    #     D at risk (forecast 07-20 > 07-15, not due), E done early on 06-25 for 07-15 (done on time, not due).
    #     due_to_date 3 (A, B, C); met_on_time 1 (A; E is not due yet); on_time_rate 1/3 -> red;
    #     overdue 1 (C), at risk 1 (D); mean slip of done milestones (A 0, B 5, E -20) = -15 / 3 = -5.
    # I2: no milestones -> nothing due, rate NULL, no delivery colour.
    # I3: one milestone due next month -> due_to_date 0, rate NULL.
    load_rows(
        store,
        initiatives=[initiative("I1"), initiative("I2"), initiative("I3")],
        milestones=[
            milestone("A", "2025-06-01", actual="2025-06-01"),
            milestone("B", "2025-06-10", actual="2025-06-15"),
            milestone("C", "2025-06-20"),
            milestone("D", "2025-07-15", forecast="2025-07-20"),
            milestone("E", "2025-07-15", actual="2025-06-25"),
            milestone("F", "2025-07-31", initiative_id="I3"),
        ],
    )
    rows = summary(store)
    first = rows["I1"]
    assert first["milestones"] == 5
    assert first["due_to_date"] == 3
    assert first["met_on_time"] == 1
    assert first["on_time_rate"] == pytest.approx(1 / 3)
    assert first["milestones_overdue"] == 1
    assert first["milestones_at_risk"] == 1
    assert first["mean_slip_days"] == pytest.approx(-5)
    assert first["delivery_status"] == "red"
    for empty in ("I2", "I3"):
        assert rows[empty]["due_to_date"] == 0
        assert rows[empty]["on_time_rate"] is None
        assert rows[empty]["delivery_status"] is None
        assert rows[empty]["mean_slip_days"] is None


def delivery_milestones(initiative_id: str, on_time: int, late: int) -> list[dict[str, object]]:
    """Milestones all due on 05-01: `on_time` done that day, `late` done on 05-10."""
    return [
        milestone(f"{initiative_id}-ok{n}", "2025-05-01", actual="2025-05-01", initiative_id=initiative_id)
        for n in range(on_time)
    ] + [
        milestone(f"{initiative_id}-late{n}", "2025-05-01", actual="2025-05-10", initiative_id=initiative_id)
        for n in range(late)
    ]


@pytest.fixture
def delivery_rates(store: Store) -> Store:
    # on-time rates: G90 9/10 = 0.90, A89 8/9 = 0.889, A75 3/4 = 0.75, R70 7/10 = 0.70
    load_rows(
        store,
        initiatives=[initiative(name) for name in ("G90", "A89", "A75", "R70")],
        milestones=delivery_milestones("G90", 9, 1)
        + delivery_milestones("A89", 8, 1)
        + delivery_milestones("A75", 3, 1)
        + delivery_milestones("R70", 7, 3),
    )
    return store


def delivery_colours(store: Store, **overrides: object) -> dict[str, object]:
    return {key: row["delivery_status"] for key, row in summary(store, **overrides).items()}


def test_delivery_colour_boundaries_with_default_thresholds(delivery_rates: Store) -> None:
    # green from 0.90, amber from 0.75, else red
    assert delivery_colours(delivery_rates) == {"G90": "green", "A89": "amber", "A75": "amber", "R70": "red"}


def test_delivery_colours_follow_thresholds_saved_in_settings(delivery_rates: Store) -> None:
    # green from 0.95, amber from 0.90: 0.90 amber, 0.889 red, 0.75 red, 0.70 red
    delivery_rates.save_settings({"on_time_green": 0.95, "on_time_amber": 0.90}, editor("Ann"))
    assert delivery_colours(delivery_rates) == {"G90": "amber", "A89": "red", "A75": "red", "R70": "red"}
    # an override for one run: green from 0.75, amber from 0.70
    assert delivery_colours(delivery_rates, on_time_green=0.75, on_time_amber=0.70) == {
        "G90": "green",
        "A89": "green",
        "A75": "green",
        "R70": "amber",
    }


def test_realization_colour_boundaries(store: Store) -> None:
    # one cash-releasing flow benefit each, 100 planned in June, unit value 1:
    # realized 90 -> 0.90 green, 89 -> 0.89 amber, 75 -> 0.75 amber, 74 -> 0.74 red; NONE has no benefit
    realized = {"R90": 90, "R89": 89, "R75": 75, "R74": 74}
    load_rows(
        store,
        initiatives=[initiative(name) for name in (*realized, "NONE")],
        benefits=[
            {
                "benefit_id": f"B-{name}",
                "initiative_id": name,
                "name": "Savings",
                "type": "cash_releasing",
                "owner": "Ann",
                "unit_value": 1,
            }
            for name in realized
        ],
        benefit_measurements=[
            {"benefit_id": f"B-{name}", "period": "2025-06", "planned": 100, "realized": value}
            for name, value in realized.items()
        ],
    )
    rows = summary(store)
    assert {key: row["realization_rate"] for key, row in rows.items()} == pytest.approx(
        {"R90": 0.90, "R89": 0.89, "R75": 0.75, "R74": 0.74, "NONE": None}
    )
    assert {key: row["realization_status"] for key, row in rows.items()} == {
        "R90": "green",
        "R89": "amber",
        "R75": "amber",
        "R74": "red",
        "NONE": None,
    }


def test_cost_colour_boundaries(store: Store) -> None:
    # 100 planned in June; actual 105 -> variance 0.05 green, 106 -> 0.06 amber, 110 -> 0.10 amber,
    # 111 -> 0.11 red, 90 -> -0.10 (under plan) green; NONE has no costs -> NULL
    actual = {"C105": 105, "C106": 106, "C110": 110, "C111": 111, "C90": 90}
    load_rows(
        store,
        initiatives=[initiative(name) for name in (*actual, "NONE")],
        costs=[
            {"initiative_id": name, "period": "2025-06", "category": "operating", "planned": 100, "actual": value}
            for name, value in actual.items()
        ],
    )
    rows = summary(store)
    assert {key: row["variance_rate"] for key, row in rows.items() if key != "NONE"} == pytest.approx(
        {"C105": 0.05, "C106": 0.06, "C110": 0.10, "C111": 0.11, "C90": -0.10}
    )
    assert {key: row["cost_status"] for key, row in rows.items()} == {
        "C105": "green",
        "C106": "amber",
        "C110": "amber",
        "C111": "red",
        "C90": "green",
        "NONE": None,
    }
    # stricter thresholds saved in settings: green up to 0.00, amber up to 0.05
    store.save_settings({"variance_green": 0.0, "variance_amber": 0.05}, editor("Ann"))
    assert {key: row["cost_status"] for key, row in summary(store).items()} == {
        "C105": "amber",
        "C106": "red",
        "C110": "red",
        "C111": "red",
        "C90": "green",
        "NONE": None,
    }


# --------------------------------------------------------------------------- scorecard

MID_JUNE = dt.date(2025, 6, 15)


def scorecard(store: Store, as_of: dt.date = MID_JUNE, **filters: object) -> dict[str, dict]:
    return by_id(measures.run(store, "scorecard", measures.Filters(as_of=as_of, **filters)), "kpi_id")


def test_latest_value_is_the_last_one_up_to_the_as_of_month(store: Store) -> None:
    # as_of 06-15. Values: April 10, May 20, 06-28 30 (later in the as-of month: counts), July 99 (next month: not).
    # ONLY_LATER has only a July value: nothing to date.
    load_rows(
        store,
        kpis=[kpi("K1"), kpi("ONLY_LATER")],
        kpi_values=[
            {"kpi_id": "K1", "period": "2025-04-10", "value": 10},
            {"kpi_id": "K1", "period": "2025-05", "value": 20},
            {"kpi_id": "K1", "period": "2025-06-28", "value": 30},
            {"kpi_id": "K1", "period": "2025-07-01", "value": 99},
            {"kpi_id": "ONLY_LATER", "period": "2025-07", "value": 99},
        ],
    )
    rows = scorecard(store)
    assert rows["K1"]["latest_value"] == 30
    assert rows["K1"]["latest_period"] == day("2025-06-01")
    assert rows["K1"]["previous_value"] == 20
    assert rows["K1"]["previous_period"] == day("2025-05-01")
    assert rows["ONLY_LATER"]["latest_value"] is None
    assert rows["ONLY_LATER"]["status"] is None
    assert rows["ONLY_LATER"]["stale"] is True
    # a month later the July value is the latest
    assert scorecard(store, as_of=dt.date(2025, 7, 1))["K1"]["latest_value"] == 99


# (kpi_id, direction, target, threshold, value, status)
STATUS_CASES = (
    ("H_AT_TARGET", "higher_is_better", 100, 80, 100, "green"),
    ("H_UNDER_TARGET", "higher_is_better", 100, 80, 99.5, "amber"),
    ("H_AT_THRESHOLD", "higher_is_better", 100, 80, 80, "amber"),
    ("H_BEYOND", "higher_is_better", 100, 80, 79.9, "red"),
    ("H_NO_THRESHOLD_MET", "higher_is_better", 100, None, 100, "green"),
    ("H_NO_THRESHOLD_MISSED", "higher_is_better", 100, None, 99.9, "red"),
    ("L_AT_TARGET", "lower_is_better", 5, 10, 5, "green"),
    ("L_OVER_TARGET", "lower_is_better", 5, 10, 5.1, "amber"),
    ("L_AT_THRESHOLD", "lower_is_better", 5, 10, 10, "amber"),
    ("L_BEYOND", "lower_is_better", 5, 10, 10.1, "red"),
    ("L_NO_THRESHOLD_MET", "lower_is_better", 5, None, 5, "green"),
    ("L_NO_THRESHOLD_MISSED", "lower_is_better", 5, None, 5.1, "red"),
)


def test_kpi_status_by_direction_target_and_threshold(store: Store) -> None:
    load_rows(
        store,
        initiatives=[initiative("I1")],
        kpis=[
            kpi(name, direction, target, threshold, initiative_id="I1")
            for name, direction, target, threshold, *_ in STATUS_CASES
        ]
        + [kpi("NO_VALUE", "higher_is_better", 100, 80, initiative_id="I1")],
        kpi_values=[{"kpi_id": name, "period": "2025-06", "value": value} for name, *_, value, _ in STATUS_CASES],
    )
    statuses = {key: row["status"] for key, row in scorecard(store).items()}
    assert statuses == {name: status for name, *_, status in STATUS_CASES} | {"NO_VALUE": None}
    # the initiative's summary: 13 KPIs, 4 green, 4 amber, 4 red (all unmanaged: no actions), NO_VALUE stale
    counts = summary(store, as_of=MID_JUNE)["I1"]
    assert tuple(counts[name] for name in ("kpis", "kpis_green", "kpis_amber", "kpis_red", "kpis_stale")) == (
        13,
        4,
        4,
        4,
        1,
    )
    assert counts["kpis_unmanaged"] == 4


# (kpi_id, direction, May value, June value, trend)
TREND_CASES = (
    ("H_UP", "higher_is_better", 10, 20, "improving"),
    ("H_DOWN", "higher_is_better", 20, 10, "worsening"),
    ("H_FLAT", "higher_is_better", 10, 10, "flat"),
    ("L_DOWN", "lower_is_better", 20, 10, "improving"),
    ("L_UP", "lower_is_better", 10, 20, "worsening"),
    ("L_FLAT", "lower_is_better", 10, 10, "flat"),
)


def test_kpi_trend_by_direction(store: Store) -> None:
    values = []
    for name, _, may, june, _ in TREND_CASES:
        values += [
            {"kpi_id": name, "period": "2025-05", "value": may},
            {"kpi_id": name, "period": "2025-06", "value": june},
        ]
    load_rows(
        store,
        kpis=[kpi(name, direction) for name, direction, *_ in TREND_CASES] + [kpi("ONE_VALUE"), kpi("NO_VALUE")],
        kpi_values=[*values, {"kpi_id": "ONE_VALUE", "period": "2025-06", "value": 5}],
    )
    trends = {key: row["trend"] for key, row in scorecard(store).items()}
    assert trends == {name: trend for name, *_, trend in TREND_CASES} | {"ONE_VALUE": None, "NO_VALUE": None}


# (kpi_id, frequency, latest period, stale) at as_of 2025-06-15 (as-of month June)
STALE_CASES = (
    ("M_THIS_MONTH", "monthly", "2025-06", False),
    ("M_1_MONTH", "monthly", "2025-05", False),
    ("M_2_MONTHS", "monthly", "2025-04", True),
    ("DEFAULT_2_MONTHS", None, "2025-04", True),  # no frequency = monthly
    ("Q_3_MONTHS", "quarterly", "2025-03", False),
    ("Q_4_MONTHS", "quarterly", "2025-02", True),
    ("A_12_MONTHS", "annual", "2024-06", False),
    ("A_13_MONTHS", "annual", "2024-05", True),
)


def test_kpi_stale_by_frequency(store: Store) -> None:
    load_rows(
        store,
        kpis=[kpi(name, frequency=frequency) for name, frequency, *_ in STALE_CASES] + [kpi("NO_VALUE")],
        kpi_values=[{"kpi_id": name, "period": period, "value": 1} for name, _, period, _ in STALE_CASES],
    )
    stale = {key: row["stale"] for key, row in scorecard(store).items()}
    assert stale == {name: flag for name, *_, flag in STALE_CASES} | {"NO_VALUE": True}


def test_card_complete_needs_definition_rationale_and_response(store: Store) -> None:
    load_rows(
        store,
        kpis=[
            kpi("FULL"),
            kpi("NO_DEFINITION", definition=None),
            kpi("NO_RATIONALE", rationale=None),
            kpi("NO_RESPONSE", response=None),
            kpi("BLANK_RESPONSE", response="   "),  # blank text is no response
        ],
    )
    complete = {key: row["card_complete"] for key, row in scorecard(store).items()}
    assert complete == {
        "FULL": True,
        "NO_DEFINITION": False,
        "NO_RATIONALE": False,
        "NO_RESPONSE": False,
        "BLANK_RESPONSE": False,
    }


def test_a_red_kpi_is_unmanaged_without_an_open_action_on_it(store: Store) -> None:
    # Every KPI but GREEN and NO_VALUE is red (50 against a target of 100, no threshold).
    # Only an OPEN action naming the KPI manages it: done, dropped or initiative-only actions do not.
    red = ("NONE", "DONE", "DROPPED", "OPEN", "INITIATIVE_ONLY")
    load_rows(
        store,
        initiatives=[initiative("I1")],
        kpis=[kpi(name, initiative_id="I1") for name in (*red, "GREEN", "NO_VALUE")],
        kpi_values=[{"kpi_id": name, "period": "2025-06", "value": 50} for name in red]
        + [{"kpi_id": "GREEN", "period": "2025-06", "value": 100}],
        actions=[
            action("A-DONE", "2025-05-31", "done", "2025-05-20", kpi_id="DONE"),
            action("A-DROPPED", "2025-05-31", "dropped", "2025-05-20", kpi_id="DROPPED"),
            action("A-OPEN", "2025-07-31", kpi_id="OPEN"),
            action("A-INITIATIVE", "2025-07-31", initiative_id="I1"),
        ],
    )
    rows = scorecard(store)
    assert {key: row["status"] for key, row in rows.items()} == {name: "red" for name in red} | {
        "GREEN": "green",
        "NO_VALUE": None,
    }
    assert {key: row["unmanaged"] for key, row in rows.items()} == {
        "NONE": True,
        "DONE": True,
        "DROPPED": True,
        "OPEN": False,
        "INITIATIVE_ONLY": True,
        "GREEN": False,
        "NO_VALUE": False,
    }
    assert rows["OPEN"]["open_actions"] == 1
    assert rows["DONE"]["open_actions"] == 0
    # the initiative's summary counts them too: 4 unmanaged of 5 red
    initiative_row = summary(store, as_of=MID_JUNE)["I1"]
    assert (initiative_row["kpis_red"], initiative_row["kpis_unmanaged"]) == (5, 4)


# --------------------------------------------------------------------------- scorecard_balance


def test_scorecard_balance_counts_and_flags_a_missing_perspective(store: Store) -> None:
    # financial: one leading, one lagging; customer: one leading; internal_process: one unclassified;
    # learning_growth: none -> missing. FIN_LAG is red (value 1 < target 100) and every KPI without a value is stale.
    load_rows(
        store,
        kpis=[
            kpi("FIN_LEAD", perspective="financial", indicator="leading"),
            kpi("FIN_LAG", perspective="financial", indicator="lagging"),
            kpi("CUS_LEAD", perspective="customer", indicator="leading"),
            kpi("PRO_NONE", perspective="internal_process"),
        ],
        kpi_values=[{"kpi_id": "FIN_LAG", "period": "2025-06", "value": 1}],
    )
    frame = measures.scorecard_balance(store, measures.Filters(as_of=MID_JUNE))
    assert list(frame["perspective"]) == ["financial", "customer", "internal_process", "learning_growth"]
    rows = by_id(frame, "perspective")
    counts = {key: (row["kpis"], row["leading"], row["lagging"], row["unclassified"]) for key, row in rows.items()}
    assert counts == {
        "financial": (2, 1, 1, 0),
        "customer": (1, 1, 0, 0),
        "internal_process": (1, 0, 0, 1),
        "learning_growth": (0, 0, 0, 0),
    }
    assert {key: row["missing"] for key, row in rows.items()} == {
        "financial": False,
        "customer": False,
        "internal_process": False,
        "learning_growth": True,
    }
    assert (rows["financial"]["red"], rows["financial"]["stale"]) == (1, 1)


def test_scorecard_balance_follows_the_filters(store: Store) -> None:
    # Ann owns the two financial KPIs, Bob the customer one: for Ann, customer is missing too
    load_rows(
        store,
        kpis=[
            kpi("FIN_LEAD", perspective="financial", indicator="leading", owner="Ann"),
            kpi("FIN_LAG", perspective="financial", indicator="lagging", owner="Ann"),
            kpi("CUS_LEAD", perspective="customer", indicator="leading", owner="Bob"),
        ],
    )
    frame = measures.scorecard_balance(store, measures.Filters(as_of=MID_JUNE, owners=("Ann",)))
    rows = by_id(frame, "perspective")
    assert {key: (row["kpis"], row["missing"]) for key, row in rows.items()} == {
        "financial": (2, False),
        "customer": (0, True),
        "internal_process": (0, True),
        "learning_growth": (0, True),
    }


# --------------------------------------------------------------------------- action_status


@pytest.fixture
def actions_store(store: Store) -> Store:
    # as_of 06-30. Initiatives I1 (Ann), I2 (Bob), I3 (Cy); KPI K2 tracks I2; benefit B3 belongs to I3.
    # action   status   due    closed  links         initiative  overdue  is_due  done_on_time  owner
    # A1       open     06-29          I1            I1          yes (1d) yes     no            Dee
    # A2       open     06-30          K2            I2          no       yes     no            Eve
    # A3       done     06-20  06-20   I1            I1          no       yes     yes           Eve
    # A4       done     06-20  06-21   K2            I2          no       yes     no            Dee
    # A5       dropped  06-10  06-05   I1            I1          no       no      no            Dee
    # A6       open     07-15          B3            I3          no       no      no            Eve
    # A7       done     07-15  06-01   K2            I2          no       no      yes (early)   Eve
    # A8       done     06-25  06-25   I1 + K2       I1 (named)  no       yes     yes           Dee
    # A9       done     06-25          I3            I3          no       yes     no (no date)  Eve
    load_rows(
        store,
        initiatives=[initiative("I1", "Ann"), initiative("I2", "Bob"), initiative("I3", "Cy")],
        kpis=[kpi("K2", initiative_id="I2")],
        benefits=[{"benefit_id": "B3", "initiative_id": "I3", "name": "Savings", "type": "qualitative", "owner": "Cy"}],
        actions=[
            action("A1", "2025-06-29", initiative_id="I1", owner="Dee"),
            action("A2", "2025-06-30", kpi_id="K2", owner="Eve"),
            action("A3", "2025-06-20", "done", "2025-06-20", initiative_id="I1", owner="Eve"),
            action("A4", "2025-06-20", "done", "2025-06-21", kpi_id="K2", owner="Dee"),
            action("A5", "2025-06-10", "dropped", "2025-06-05", initiative_id="I1", owner="Dee"),
            action("A6", "2025-07-15", benefit_id="B3", owner="Eve"),
            action("A7", "2025-07-15", "done", "2025-06-01", kpi_id="K2", owner="Eve"),
            action("A8", "2025-06-25", "done", "2025-06-25", initiative_id="I1", kpi_id="K2", owner="Dee"),
            action("A9", "2025-06-25", "done", initiative_id="I3", owner="Eve"),
        ],
    )
    return store


def test_action_overdue_due_and_done_on_time(actions_store: Store) -> None:
    rows = by_id(measures.run(actions_store, "action_status", measures.Filters(as_of=AS_OF)), "action_id")
    assert {key: row["overdue"] for key, row in rows.items() if row["overdue"]} == {"A1": True}
    assert rows["A1"]["days_overdue"] == 1
    assert rows["A2"]["days_overdue"] is None  # due today is not overdue
    assert {key for key, row in rows.items() if row["is_due"]} == {"A1", "A2", "A3", "A4", "A8", "A9"}
    assert {key for key, row in rows.items() if row["done_on_time"]} == {"A3", "A7", "A8"}


def test_action_initiative_resolved_from_its_kpi_or_benefit(actions_store: Store) -> None:
    rows = by_id(measures.run(actions_store, "action_status", measures.Filters(as_of=AS_OF)), "action_id")
    assert {key: row["initiative_id"] for key, row in rows.items()} == {
        "A1": "I1",
        "A2": "I2",  # from KPI K2
        "A3": "I1",
        "A4": "I2",
        "A5": "I1",
        "A6": "I3",  # from benefit B3
        "A7": "I2",
        "A8": "I1",  # names I1 itself, though its KPI tracks I2
        "A9": "I3",
    }
    assert rows["A2"]["initiative_owner"] == "Bob"
    assert rows["A6"]["initiative_owner"] == "Cy"


def test_follow_through_rate_per_initiative_and_owner(actions_store: Store) -> None:
    # per initiative: done by their due date / due by as_of (dropped actions are not owed)
    #   I1: due A1, A3, A8 (A5 dropped); on time A3, A8 -> 2/3
    #   I2: due A2, A4 (A7 not due yet); on time none -> 0/2 = 0
    #   I3: due A9 (done, no closing date: not shown on time); A6 not due -> 0/1 = 0
    rows = summary(actions_store)
    assert {key: row["follow_through_rate"] for key, row in rows.items()} == pytest.approx(
        {"I1": 2 / 3, "I2": 0.0, "I3": 0.0}
    )
    assert {key: (row["actions_open"], row["actions_overdue"]) for key, row in rows.items()} == {
        "I1": (1, 1),
        "I2": (1, 0),
        "I3": (1, 0),
    }
    # per owner: Dee due A1, A4, A8 (A5 dropped), on time A8 -> 1/3; Eve due A2, A3, A9, on time A3 -> 1/3
    owners = by_id(measures.run(actions_store, "owner_accountability", measures.Filters(as_of=AS_OF)), "owner")
    assert owners["Dee"]["follow_through_rate"] == pytest.approx(1 / 3)
    assert owners["Eve"]["follow_through_rate"] == pytest.approx(1 / 3)
    assert (owners["Dee"]["actions"], owners["Dee"]["actions_open"], owners["Dee"]["actions_overdue"]) == (4, 1, 1)
    assert (owners["Eve"]["actions"], owners["Eve"]["actions_open"], owners["Eve"]["actions_overdue"]) == (5, 2, 0)


def test_follow_through_rate_is_null_when_nothing_is_due(actions_store: Store) -> None:
    # on 06-01 the earliest due date (06-10, A5, dropped anyway) has not come: nothing is owed yet
    rows = summary(actions_store, as_of=dt.date(2025, 6, 1))
    assert {key: row["follow_through_rate"] for key, row in rows.items()} == {"I1": None, "I2": None, "I3": None}


# --------------------------------------------------------------------------- owner_accountability


def test_owner_accountability_one_row_per_person(store: Store) -> None:
    # I1 owned by Ann, I2 by Bob. As of 06-30:
    #   M1 (I1, no owner): overdue -> Ann's; M2 (I1, Cy): at risk -> Cy's; M3 (I2, no owner): on track -> Bob's
    #   B1 benefit owned by Dee; K1 KPI owned by Eve: no value (stale), no definition (card incomplete)
    #   A1 action owned by Fay: open, due 06-01 -> overdue; due 1, on time 0 -> follow-through 0
    # I1's only due milestone is overdue: on-time rate 0 -> delivery red, so Ann has one initiative with red.
    load_rows(
        store,
        initiatives=[initiative("I1", "Ann"), initiative("I2", "Bob")],
        milestones=[
            milestone("M1", "2025-06-01"),
            milestone("M2", "2025-07-10", forecast="2025-07-20", owner="Cy"),
            milestone("M3", "2025-08-01", initiative_id="I2"),
        ],
        benefits=[
            {"benefit_id": "B1", "initiative_id": "I1", "name": "Savings", "type": "qualitative", "owner": "Dee"}
        ],
        kpis=[kpi("K1", owner="Eve", definition=None)],
        actions=[action("A1", "2025-06-01", initiative_id="I2", owner="Fay")],
    )
    frame = measures.run(store, "owner_accountability", measures.Filters(as_of=AS_OF))
    assert list(frame["owner"]) == ["Ann", "Bob", "Cy", "Dee", "Eve", "Fay"]
    rows = by_id(frame, "owner")
    fields = (
        "initiatives",
        "initiatives_with_red",
        "benefits",
        "milestones",
        "milestones_overdue",
        "milestones_at_risk",
        "kpis",
        "kpis_stale",
        "kpi_cards_incomplete",
        "actions",
        "actions_overdue",
    )
    got = {owner: tuple(row[name] for name in fields) for owner, row in rows.items()}
    assert got == {
        "Ann": (1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0),
        "Bob": (1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0),
        "Cy": (0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0),
        "Dee": (0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0),
        "Eve": (0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0),
        "Fay": (0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1),
    }
    assert rows["Fay"]["follow_through_rate"] == 0.0
    assert rows["Ann"]["follow_through_rate"] is None


# --------------------------------------------------------------------------- filters


@pytest.fixture
def owned_store(store: Store) -> Store:
    return load_owned(store)


@pytest.fixture
def owned_file_store(tmp_path: Path) -> Iterator[Store]:
    """The owned rows on a DuckDB file only: binding filter values is the same SQL on every store."""
    opened = Store(tmp_path / "owned.duckdb")
    yield load_owned(opened)
    opened.close()


def load_owned(store: Store) -> Store:
    # I1 (portfolio P1) owned by Ann, I2 (portfolio P2) owned by Bob; the rows' own owners differ:
    #   benefits:   B1 (I1, Cy)   B2 (I2, Ann)
    #   milestones: M1 (I1, Cy)   M2 (I2, Ann)   M3 (I2, no owner)
    #   KPIs:       K1 (I1, Cy)   K2 (I2, Ann)   K3 (no initiative, Dee)
    #   actions:    X1 (I1, Cy)   X2 (I2, Ann)   X3 (via K1 -> I1, Dee)
    def benefit(benefit_id: str, initiative_id: str, owner: str) -> dict[str, object]:
        return {
            "benefit_id": benefit_id,
            "initiative_id": initiative_id,
            "name": "Savings",
            "type": "cash_releasing",
            "owner": owner,
            "unit_value": 1,
        }

    load_rows(
        store,
        initiatives=[initiative("I1", "Ann", "P1"), initiative("I2", "Bob", "P2")],
        benefits=[benefit("B1", "I1", "Cy"), benefit("B2", "I2", "Ann")],
        milestones=[
            milestone("M1", "2025-06-01", owner="Cy"),
            milestone("M2", "2025-06-01", initiative_id="I2", owner="Ann"),
            milestone("M3", "2025-06-01", initiative_id="I2"),
        ],
        kpis=[
            kpi("K1", initiative_id="I1", owner="Cy"),
            kpi("K2", initiative_id="I2", owner="Ann"),
            kpi("K3", owner="Dee"),
        ],
        actions=[
            action("X1", "2025-06-01", initiative_id="I1", owner="Cy"),
            action("X2", "2025-06-01", initiative_id="I2", owner="Ann"),
            action("X3", "2025-06-01", kpi_id="K1", owner="Dee"),
        ],
    )
    return store


FILTERED_VIEWS = (
    ("benefit_realization", "benefit_id"),
    ("milestone_status", "milestone_id"),
    ("scorecard", "kpi_id"),
    ("action_status", "action_id"),
    ("initiative_summary", "initiative_id"),
)


def shown(store: Store, view: str, key: str, **filters: object) -> set[str]:
    return set(measures.run(store, view, measures.Filters(as_of=AS_OF, **filters))[key])


# (owners chosen, view -> rows shown): a row matches on its own owner or its initiative's owner
OWNER_CASES = (
    (
        ("Ann",),
        {
            "benefit_realization": {"B1", "B2"},  # B1 by initiative I1, B2 by its own owner
            "milestone_status": {"M1", "M2"},
            "scorecard": {"K1", "K2"},
            "action_status": {"X1", "X2", "X3"},  # X3 through K1's initiative I1
            "initiative_summary": {"I1"},
        },
    ),
    (
        ("Bob",),
        {
            "benefit_realization": {"B2"},
            "milestone_status": {"M2", "M3"},
            "scorecard": {"K2"},
            "action_status": {"X2"},
            "initiative_summary": {"I2"},
        },
    ),
    (
        ("Cy",),
        {
            "benefit_realization": {"B1"},
            "milestone_status": {"M1"},
            "scorecard": {"K1"},
            "action_status": {"X1"},
            "initiative_summary": set(),
        },
    ),
    (
        ("Cy", "Dee"),
        {
            "benefit_realization": {"B1"},
            "milestone_status": {"M1"},
            "scorecard": {"K1", "K3"},
            "action_status": {"X1", "X3"},
            "initiative_summary": set(),
        },
    ),
)


@pytest.mark.parametrize(
    ("owners", "expected"), OWNER_CASES, ids=lambda value: "+".join(value) if isinstance(value, tuple) else ""
)
def test_owner_filter_matches_own_or_initiative_owner(owned_store: Store, owners: tuple, expected: dict) -> None:
    for view, key in FILTERED_VIEWS:
        assert shown(owned_store, view, key, owners=owners) == expected[view], view


def test_initiative_and_portfolio_filters(owned_store: Store) -> None:
    by_initiative = {view: shown(owned_store, view, key, initiatives=("I2",)) for view, key in FILTERED_VIEWS}
    assert by_initiative == {
        "benefit_realization": {"B2"},
        "milestone_status": {"M2", "M3"},
        "scorecard": {"K2"},
        "action_status": {"X2"},
        "initiative_summary": {"I2"},
    }
    by_portfolio = {view: shown(owned_store, view, key, portfolios=("P1",)) for view, key in FILTERED_VIEWS}
    assert by_portfolio == {
        "benefit_realization": {"B1"},
        "milestone_status": {"M1"},
        "scorecard": {"K1"},  # K3 has no initiative, so no portfolio
        "action_status": {"X1", "X3"},
        "initiative_summary": {"I1"},
    }
    # filters combine: portfolio P2 and owner Cy share nothing
    for view, key in FILTERED_VIEWS:
        assert shown(owned_store, view, key, portfolios=("P2",), owners=("Cy",)) == set(), view


def test_owner_filter_on_owner_accountability_keeps_the_chosen_people(owned_store: Store) -> None:
    assert shown(owned_store, "owner_accountability", "owner", owners=("Cy", "Dee")) == {"Cy", "Dee"}


HOSTILE = ("x' or 1=1 --", "Robert'); drop table data_initiatives; --")


@pytest.mark.parametrize("field", ["owners", "initiatives", "portfolios"])
def test_hostile_filter_values_match_nothing_and_change_nothing(owned_file_store: Store, field: str) -> None:
    views = (*FILTERED_VIEWS, ("owner_accountability", "owner"))
    before = {view: shown(owned_file_store, view, key) for view, key in views}
    # owner_accountability has no initiative or portfolio column: only the owner filter narrows it
    narrowed = views if field == "owners" else FILTERED_VIEWS
    for value in HOSTILE:
        for view, key in narrowed:
            assert shown(owned_file_store, view, key, **{field: (value,)}) == set(), (view, value)
    after = {view: shown(owned_file_store, view, key) for view, key in views}
    assert after == before
    assert set(owned_file_store.current("initiatives")["initiative_id"]) == {"I1", "I2"}
    assert owned_file_store.scalar("select count(*) from data_initiatives") == 2


# --------------------------------------------------------------------------- the pages' headlines, from SQL


@pytest.fixture(scope="module")
def sample_store() -> Store:
    store = Store(":memory:")
    sample_portfolio.load_if_empty(store)
    return store


@pytest.mark.parametrize("owners", [(), ("Priya Raman",), ("Nobody at all",)])
def test_the_delivery_headline_counts_the_milestones_the_filters_leave(sample_store: Store, owners) -> None:
    filters = measures.Filters(as_of=dt.date(2026, 11, 22), owners=owners)
    rows = measures.run(sample_store, "milestone_status", filters)
    headline = measures.delivery_headline(sample_store, rows["milestone_id"].tolist(), filters)
    due = int(rows["is_due"].sum())
    met = int((rows["is_due"] & (rows["state"] == "done_on_time")).sum())
    assert (headline["due_to_date"], headline["met_on_time"]) == (due, met)
    assert headline["milestones_overdue"] == (rows["state"] == "overdue").sum()
    assert headline["milestones_at_risk"] == (rows["state"] == "at_risk").sum()
    if due:
        assert headline["on_time_rate"] == pytest.approx(met / due)
        assert headline["mean_slip_days"] == pytest.approx(rows.loc[rows["is_done"], "slip_days"].mean())
    else:
        assert pd.isna(headline["on_time_rate"])  # nothing due: no rate, not a division by zero


@pytest.mark.parametrize("owners", [(), ("Priya Raman",), ("Nobody at all",)])
def test_the_kpi_and_action_counts_are_over_those_the_filters_leave(sample_store: Store, owners) -> None:
    filters = measures.Filters(as_of=dt.date(2026, 11, 22), owners=owners)
    actions = measures.run(sample_store, "action_status", filters)
    kpis = measures.run(sample_store, "scorecard", filters)
    headline = measures.kpi_action_counts(sample_store, actions["action_id"].tolist(), kpis["kpi_id"].tolist(), filters)
    due = int(actions["is_due"].sum())
    kept = int((actions["is_due"] & actions["done_on_time"]).sum())
    assert headline["actions_open"] == (actions["status"] == "open").sum()
    assert headline["actions_overdue"] == actions["overdue"].sum()
    assert (headline["actions_due"], headline["actions_done_on_time"]) == (due, kept)
    assert headline["kpis_unmanaged"] == kpis["unmanaged"].sum()
    assert headline["kpis"] == len(kpis)
    for status in ("red", "amber", "green"):
        assert headline[f"kpis_{status}"] == (kpis["status"] == status).sum()
    assert headline["kpis_stale"] == kpis["stale"].sum()
    assert headline["kpis_incomplete"] == (~kpis["card_complete"]).sum()
    if due:
        assert headline["follow_through_rate"] == pytest.approx(kept / due)
    else:
        assert pd.isna(headline["follow_through_rate"])
