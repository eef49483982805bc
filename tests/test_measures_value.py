"""Known answers for the value measures (SPEC section 4): benefits, TCO, cash flow, ROI, NPV, payback, portfolio.

Every expected number is worked out by hand next to it, or by an independent
calculation in the test (numpy-financial for NPV, a plain loop for payback).
"""

from __future__ import annotations

import datetime as dt

import numpy_financial as npf
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


# --------------------------------------------------------------------------- helpers


def month(text: str) -> dt.date:
    """'2025-03' -> 2025-03-01."""
    year, number = text.split("-")
    return dt.date(int(year), int(number), 1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months, current = [], first
    while current <= last:
        months.append(current)
        current = dt.date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def dense(flows: dict[str, float]) -> tuple[list[dt.date], list[float]]:
    """The monthly series from the first month given to the last, zeros in the gaps."""
    dated = {month(key): value for key, value in flows.items()}
    calendar = months_between(min(dated), max(dated))
    return calendar, [dated.get(each, 0.0) for each in calendar]


def npv(annual_rate: float, flows: dict[str, float]) -> float:
    """NPV with monthly discounting from the first month (npf.npv discounts its first value at t = 0)."""
    _, series = dense(flows)
    return float(npf.npv((1 + annual_rate) ** (1 / 12) - 1, series))


def payback(flows: dict[str, float]) -> dt.date | None:
    """The first month with cumulative cash flow >= 0 after it was first negative; None if never."""
    calendar, series = dense(flows)
    cumulative, was_negative = 0.0, False
    for when, value in zip(calendar, series, strict=True):
        cumulative += value
        if cumulative < 0:
            was_negative = True
        elif was_negative:
            return when
    return None


def as_date(value: object) -> dt.date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


def row_of(frame: pd.DataFrame, **match: object) -> pd.Series:
    chosen = frame
    for column, value in match.items():
        chosen = chosen[chosen[column] == value]
    assert len(chosen) == 1, f"expected one row for {match}, got {len(chosen)}"
    return chosen.iloc[0]


def initiative(initiative_id: str, name: str = "Initiative", owner: str = "Ann") -> dict[str, object]:
    return {"initiative_id": initiative_id, "name": name, "owner": owner}


def benefit(benefit_id: str, initiative_id: str, **columns: object) -> dict[str, object]:
    return {
        "benefit_id": benefit_id,
        "initiative_id": initiative_id,
        "name": f"Benefit {benefit_id}",
        "type": "cash_releasing",
        "owner": "Bea",
        **columns,
    }


def measurement(benefit_id: str, period: str, planned: float | None, realized: float | None = None) -> dict:
    return {"benefit_id": benefit_id, "period": period, "planned": planned, "realized": realized}


def cost(
    initiative_id: str,
    period: str,
    category: str,
    planned: float | None,
    actual: float | None = None,
    nature: str | None = None,
) -> dict:
    return {
        "initiative_id": initiative_id,
        "period": period,
        "category": category,
        "nature": nature,
        "planned": planned,
        "actual": actual,
    }


def benefits_at(store: Store, as_of: dt.date, include_non_cash: bool = True) -> pd.DataFrame:
    return measures.run(store, "benefit_realization", measures.Filters(as_of=as_of, include_non_cash=include_non_cash))


def summary_at(store: Store, as_of: dt.date, **overrides: object) -> pd.DataFrame:
    return measures.run(store, "initiative_summary", measures.Filters(as_of=as_of), overrides=overrides)


# --------------------------------------------------------------------------- benefits: flow


def test_flow_benefit_counts_months_up_to_the_as_of_month_and_never_fills_gaps_with_plan(store: Store) -> None:
    load_rows(
        store,
        initiatives=[initiative("I1")],
        benefits=[benefit("B1", "I1"), benefit("B2", "I1"), benefit("B3", "I1")],
        benefit_measurements=[
            measurement("B1", "2025-01", 100, 90),
            measurement("B1", "2025-02", 100, None),  # planned, not measured: a reporting gap, counts as 0
            measurement("B1", "2025-03-31", 100, 120),  # dated in the as-of month, after the as-of day: counts
            measurement("B1", "2025-04", 100, 500),  # after the as-of month: not to date
            measurement("B1", "2025-05", 100, None),
            measurement("B2", "2025-01", 0, 5),
            measurement("B2", "2025-02", None, None),  # nothing planned, nothing measured: not a gap
        ],
    )
    frame = benefits_at(store, dt.date(2025, 3, 15))

    flow = row_of(frame, benefit_id="B1")
    assert flow["planned_to_date"] == 300  # Jan + Feb + Mar = 100 + 100 + 100
    assert flow["realized_to_date"] == 210  # 90 + 0 (empty, not the plan 100) + 120; April's 500 is not to date
    assert flow["realization_rate"] == pytest.approx(0.7)  # 210 / 300
    assert flow["unmeasured_periods"] == 1  # February only; May is after the as-of month
    assert flow["planned_total"] == 500  # five months x 100
    assert pd.isna(flow["planned_value_to_date"])  # no unit_value: not monetized

    nothing_planned = row_of(frame, benefit_id="B2")
    assert nothing_planned["realized_to_date"] == 5
    assert nothing_planned["unmeasured_periods"] == 0
    assert pd.isna(nothing_planned["realization_rate"])  # 5 / 0: NULL, not an error

    never_measured = row_of(frame, benefit_id="B3")
    assert never_measured["planned_to_date"] == 0
    assert never_measured["realized_to_date"] == 0
    assert never_measured["unmeasured_periods"] == 0
    assert pd.isna(never_measured["realization_rate"])  # 0 / 0


# --------------------------------------------------------------------------- benefits: level


def test_level_benefit_takes_the_latest_values_to_date_and_is_never_summed_or_monetized(store: Store) -> None:
    load_rows(
        store,
        initiatives=[initiative("I1")],
        benefits=[
            # availability %, with a unit_value that must be ignored: a level is never monetized
            benefit("L1", "I1", measure="level", baseline=90, target=99, unit_value=1000),
            benefit("L2", "I1", measure="level", baseline=50, target=50),
            benefit("L3", "I1", measure="level", baseline=10, target=20),
        ],
        benefit_measurements=[
            measurement("L1", "2025-01", 92, 91),
            measurement("L1", "2025-02", 94, 95),
            measurement("L1", "2025-03", 96, None),  # the as-of month, not measured yet
            measurement("L1", "2025-04", 98, 99),  # after the as-of month
            measurement("L2", "2025-03", 60, 55),
            measurement("L3", "2025-02", 10, 15),
        ],
    )
    frame = benefits_at(store, dt.date(2025, 3, 10))

    level = row_of(frame, benefit_id="L1")
    assert level["latest_realized"] == 95  # February's; March is empty, April is after the as-of month
    assert level["planned_level"] == 96  # March's plan
    assert level["progress_rate"] == pytest.approx(5 / 9)  # (95 - 90) / (99 - 90)
    assert level["realization_rate"] == pytest.approx(5 / 6)  # (95 - 90) / (96 - 90)
    # never summed over time (a sum would be 91 + 95 = 186) and never monetized
    assert pd.isna(level["realized_to_date"])
    assert pd.isna(level["planned_to_date"])
    assert not level["monetized"]
    assert pd.isna(level["planned_value_to_date"])
    assert pd.isna(level["realized_value_to_date"])
    assert pd.isna(level["planned_value_total"])

    flat_target = row_of(frame, benefit_id="L2")
    assert pd.isna(flat_target["progress_rate"])  # target == baseline: (55 - 50) / 0
    assert flat_target["realization_rate"] == pytest.approx(0.5)  # (55 - 50) / (60 - 50)

    planned_at_baseline = row_of(frame, benefit_id="L3")
    assert planned_at_baseline["progress_rate"] == pytest.approx(0.5)  # (15 - 10) / (20 - 10)
    assert pd.isna(planned_at_baseline["realization_rate"])  # (15 - 10) / (10 - 10)

    # the unit_value of a level benefit adds nothing to the initiative's value or cash flow
    summary = row_of(summary_at(store, dt.date(2025, 3, 10)), initiative_id="I1")
    assert summary["planned_value_total"] == 0
    assert pd.isna(summary["npv_planned"])


# --------------------------------------------------------------------------- benefits: money


def monetization_rows(store: Store) -> None:
    load_rows(
        store,
        initiatives=[initiative("I1")],
        benefits=[
            # 50 per hour, 60% credited to this initiative: 30 per hour
            benefit("CASH", "I1", unit="hours", unit_value=50, attribution_pct=60),
            benefit("SOFT", "I1", type="non_cash_releasing", unit="USD", unit_value=1),
            benefit("QUANT", "I1", type="quantifiable", unit="tickets", unit_value=10),
            # a dis-benefit: 2 per unit, half of it ours, negated: -1 per unit
            benefit("DIS", "I1", unit_value=2, attribution_pct=50, disbenefit="yes"),
            benefit("NOVALUE", "I1", unit="hours"),  # no unit_value: not monetized
        ],
        benefit_measurements=[
            measurement("CASH", "2025-01", 10, 8),
            measurement("CASH", "2025-02", 10, 9),
            measurement("CASH", "2025-03", 10, None),
            measurement("SOFT", "2025-01", 200, 100),
            measurement("SOFT", "2025-02", 200, 250),
            measurement("QUANT", "2025-01", 1, 1),
            measurement("DIS", "2025-01", 100, 150),
            measurement("DIS", "2025-02", 100, None),
            measurement("NOVALUE", "2025-01", 1000, 1000),
        ],
    )


def test_monetized_benefits_apply_unit_value_attribution_and_the_dis_benefit_sign(store: Store) -> None:
    monetization_rows(store)
    frame = benefits_at(store, dt.date(2025, 2, 15))

    cash = row_of(frame, benefit_id="CASH")
    assert cash["planned_value_to_date"] == pytest.approx(600)  # (10 + 10) x 50 x 60/100
    assert cash["realized_value_to_date"] == pytest.approx(510)  # (8 + 9) x 30
    assert cash["planned_value_total"] == pytest.approx(900)  # 30 x 30

    soft = row_of(frame, benefit_id="SOFT")
    assert soft["planned_value_to_date"] == pytest.approx(400)  # (200 + 200) x 1 x 100% (default attribution)
    assert soft["realized_value_to_date"] == pytest.approx(350)  # 100 + 250

    dis = row_of(frame, benefit_id="DIS")
    assert dis["planned_value_to_date"] == pytest.approx(-200)  # (100 + 100) x 2 x 50/100, negated
    assert dis["realized_value_to_date"] == pytest.approx(-150)  # (150 + 0) x -1
    assert dis["planned_value_total"] == pytest.approx(-200)

    no_value = row_of(frame, benefit_id="NOVALUE")
    assert not no_value["monetized"]
    assert no_value["realized_to_date"] == 1000  # still measured in its own unit
    assert pd.isna(no_value["realized_value_to_date"])
    assert pd.isna(no_value["planned_value_total"])

    summary = row_of(summary_at(store, dt.date(2025, 2, 15)), initiative_id="I1")
    assert summary["planned_value_to_date"] == pytest.approx(810)  # 600 + 400 + 10 - 200
    assert summary["realized_value_to_date"] == pytest.approx(720)  # 510 + 350 + 10 - 150
    assert summary["planned_value_total"] == pytest.approx(1110)  # 900 + 400 + 10 - 200


def test_excluding_non_cash_keeps_only_cash_releasing_value(store: Store) -> None:
    monetization_rows(store)
    as_of = dt.date(2025, 2, 15)
    frame = benefits_at(store, as_of, include_non_cash=False)

    assert row_of(frame, benefit_id="CASH")["planned_value_to_date"] == pytest.approx(600)  # unchanged
    assert row_of(frame, benefit_id="DIS")["realized_value_to_date"] == pytest.approx(-150)  # cash too
    for non_cash in ("SOFT", "QUANT"):
        row = row_of(frame, benefit_id=non_cash)
        assert not row["monetized"]
        assert pd.isna(row["planned_value_to_date"])
        assert pd.isna(row["realized_value_to_date"])

    summary = measures.run(store, "initiative_summary", measures.Filters(as_of=as_of, include_non_cash=False))
    only_cash = row_of(summary, initiative_id="I1")
    assert only_cash["planned_value_to_date"] == pytest.approx(400)  # 600 - 200
    assert only_cash["realized_value_to_date"] == pytest.approx(360)  # 510 - 150
    assert only_cash["realization_rate"] == pytest.approx(0.85)  # 510 / 600, the dis-benefit left out
    with_non_cash = row_of(summary_at(store, as_of), initiative_id="I1")
    assert with_non_cash["realization_rate"] == pytest.approx(870 / 1010)  # (510 + 350 + 10) / (600 + 400 + 10)


# --------------------------------------------------------------------------- costs


def tco_rows(store: Store) -> None:
    load_rows(
        store,
        initiatives=[initiative("I1"), initiative("I2")],
        costs=[
            cost("I1", "2025-03", "implementation", 1000, 1100, "capex"),
            cost("I1", "2025-04", "implementation", 500, 400, "capex"),
            cost("I1", "2025-04", "operating", 100, 100, "opex"),
            cost("I1", "2025-05", "operating", 100, None),  # the as-of month, nothing booked yet; nature opex
            cost("I1", "2025-06", "operating", 100, 90, "opex"),  # an actual booked in a future month
            cost("I1", "2026-03", "renewal", 300, None, "opex"),
            cost("I1", "2026-04", "renewal", 300, None, "opex"),
            cost("I2", "2025-01", "implementation", 100, 100, "capex"),
            cost("I2", "2026-12", "exit", 50, None, "opex"),
        ],
    )


def test_tco_by_fiscal_year_starting_in_april(store: Store) -> None:
    tco_rows(store)
    as_of = dt.date(2025, 5, 20)
    frame = measures.run(store, "tco", measures.Filters(as_of=as_of), overrides={"fiscal_year_start": 4})
    i1 = frame[frame["initiative_id"] == "I1"]
    # March 2025 -> FY2025; April 2025 .. March 2026 -> FY2026; April 2026 -> FY2027
    assert sorted(zip(i1["fiscal_year"], i1["category"], i1["nature"], strict=True)) == [
        (2025, "implementation", "capex"),
        (2026, "implementation", "capex"),
        (2026, "operating", "opex"),
        (2026, "renewal", "opex"),
        (2027, "renewal", "opex"),
    ]

    before = row_of(i1, fiscal_year=2025, category="implementation")
    assert (before["planned"], before["planned_to_date"], before["actual_to_date"]) == (1000, 1000, 1100)
    assert before["cost_variance"] == 100  # 1100 - 1000
    assert before["variance_rate"] == pytest.approx(0.1)  # 100 / 1000

    build = row_of(i1, fiscal_year=2026, category="implementation")
    assert build["cost_variance"] == -100  # 400 - 500
    assert build["variance_rate"] == pytest.approx(-0.2)

    run = row_of(i1, fiscal_year=2026, category="operating")
    assert run["planned"] == 300  # April + May + June
    assert run["planned_to_date"] == 200  # April + May
    assert run["actual_to_date"] == 100  # 100 + 0 (May empty); June's 90 is in the future
    assert run["cost_variance"] == -100  # 100 - 200
    assert run["variance_rate"] == pytest.approx(-0.5)
    assert run["tco_planned"] == 300
    assert run["tco_forecast"] == 200  # actual to date 100 + June's plan 100 (not its early actual 90)

    renewal = row_of(i1, fiscal_year=2026, category="renewal")
    assert renewal["planned_to_date"] == 0
    assert pd.isna(renewal["variance_rate"])  # 0 / 0
    assert renewal["tco_forecast"] == 300  # all of it still planned
    assert row_of(i1, fiscal_year=2027, category="renewal")["tco_forecast"] == 300

    # tco_forecast = 1100 + 400 + 200 + 300 + 300 = 2300, of which operating 200 + renewal 600 = 800 runs it
    assert i1["tco_forecast"].sum() == 2300
    assert i1["tco_planned"].sum() == 2400  # 1000 + 500 + 300 + 300 + 300
    assert set(i1["run_cost_share"].round(12)) == {round(800 / 2300, 12)}  # the same on every row
    assert set(i1["exit_cost_missing"]) == {True}

    i2 = frame[frame["initiative_id"] == "I2"]
    assert set(i2["exit_cost_missing"]) == {False}  # an exit cost of 50 is planned
    assert set(i2["run_cost_share"]) == {0.0}  # no operating or renewal cost: 0 / 150, not unknown
    assert sorted(i2["fiscal_year"]) == [2025, 2027]  # January 2025 -> FY2025, December 2026 -> FY2027

    summary = row_of(summary_at(store, as_of, fiscal_year_start=4), initiative_id="I1")
    assert summary["planned"] == 2400
    assert summary["planned_to_date"] == 1700  # 1000 + 500 + 100 + 100
    assert summary["actual_to_date"] == 1600  # 1100 + 400 + 100 + 0
    assert summary["cost_variance"] == -100
    assert summary["variance_rate"] == pytest.approx(-100 / 1700)
    assert summary["tco_forecast"] == 2300
    assert summary["run_cost_share"] == pytest.approx(800 / 2300)
    assert summary["exit_cost_missing"]


def test_tco_fiscal_years_are_calendar_years_by_default(store: Store) -> None:
    tco_rows(store)
    frame = measures.run(store, "tco", measures.Filters(as_of=dt.date(2025, 5, 20)))
    i1 = frame[frame["initiative_id"] == "I1"]
    planned = {(row.fiscal_year, row.category): row.planned for row in i1.itertuples()}
    assert planned == {
        (2025, "implementation"): 1500,  # March + April 2025
        (2025, "operating"): 300,  # April, May, June 2025
        (2026, "renewal"): 600,  # March + April 2026
    }


# --------------------------------------------------------------------------- value per initiative


def value_rows(store: Store) -> None:
    load_rows(
        store,
        initiatives=[initiative("V1"), initiative("EMPTY")],
        benefits=[benefit("BV", "V1", unit_value=1), benefit("BD", "V1", unit_value=1, disbenefit="yes")],
        benefit_measurements=[
            measurement("BV", "2025-02", 300, 200),
            measurement("BV", "2025-03", 300, None),
            measurement("BV", "2025-04", 300, 50),  # recorded early, after the as-of month: the plan counts
            measurement("BV", "2025-06", 300, None),
            measurement("BD", "2025-03", 50, 80),
            measurement("BD", "2025-05", 50, None),
        ],
        costs=[
            cost("V1", "2025-01", "implementation", 1000, 1200),
            cost("V1", "2025-02", "operating", 100, None),
            cost("V1", "2025-03", "operating", 100, 100),
            cost("V1", "2025-04", "operating", 100, 999),  # booked early, after the as-of month: the plan counts
            cost("V1", "2025-06", "operating", 100, None),
        ],
    )


def test_net_value_and_roi_to_date_planned_and_forecast(store: Store) -> None:
    value_rows(store)
    frame = summary_at(store, dt.date(2025, 3, 15))
    v1 = row_of(frame, initiative_id="V1")

    assert v1["realized_value_to_date"] == pytest.approx(120)  # BV 200 + 0, BD -80
    assert v1["planned_value_to_date"] == pytest.approx(550)  # BV 300 + 300, BD -50
    assert v1["actual_to_date"] == pytest.approx(1300)  # 1200 + 0 + 100
    assert v1["net_value_to_date"] == pytest.approx(-1180)  # 120 - 1300
    assert v1["roi_to_date"] == pytest.approx(-1180 / 1300)
    # the realization rate leaves the dis-benefit out: 200 / 600, though realized value includes its -80
    assert v1["realization_rate"] == pytest.approx(1 / 3)
    assert v1["realization_status"] == "red"  # below 0.75
    # planned: benefit 4 x 300 - 2 x 50 = 1100, cost 1000 + 4 x 100 = 1400
    assert v1["roi_planned"] == pytest.approx((1100 - 1400) / 1400)
    # forecast: benefit to date 200 + 0 - 80, after it 300 + 300 - 50 -> 670;
    # cost to date 1200 + 0 + 100, after it 100 + 100 (April's early 999 is not a recorded value yet) -> 1500
    assert v1["roi_forecast"] == pytest.approx((670 - 1500) / 1500)

    empty = row_of(frame, initiative_id="EMPTY")
    for column in (
        "realization_rate",
        "variance_rate",
        "run_cost_share",
        "roi_to_date",
        "roi_planned",
        "roi_forecast",
        "npv_planned",
        "npv_forecast",
        "payback_month_planned",
        "payback_month_forecast",
    ):
        assert pd.isna(empty[column]), column
    assert empty["net_value_to_date"] == 0  # nothing realized, nothing spent
    assert pd.isna(empty["realization_status"])  # no colour without a rate
    assert pd.isna(empty["cost_status"])


def test_npv_matches_numpy_financial_from_the_initiatives_first_month(store: Store) -> None:
    load_rows(
        store,
        initiatives=[initiative("N1")],
        benefits=[
            benefit("SAVE", "N1", unit_value=1, attribution_pct=80),
            # measured before the first cost, but not monetized: they must not move the first month
            benefit("HOURS", "N1", unit="hours"),
            benefit("UPTIME", "N1", measure="level", baseline=90, target=99, unit_value=100),
        ],
        benefit_measurements=[
            measurement("SAVE", "2025-03", 1000, 900),
            measurement("SAVE", "2025-06", 1000, None),
            measurement("SAVE", "2025-09", 2000, 2500),  # after the as-of month
            measurement("SAVE", "2026-02", 2000, None),
            measurement("SAVE", "2026-12", 3000, None),
            measurement("HOURS", "2024-06", 100, 100),
            measurement("UPTIME", "2024-01", 95, 96),
        ],
        costs=[
            cost("N1", "2024-11", "implementation", 5000, 5500),
            cost("N1", "2025-01", "implementation", 3000, 2000),
            cost("N1", "2025-06", "operating", 200, 250),
            cost("N1", "2026-02", "operating", 200, None),
            cost("N1", "2027-01", "renewal", 1000, None),
        ],
    )
    rate = 0.12
    row = row_of(summary_at(store, dt.date(2025, 7, 15), discount_rate=rate), initiative_id="N1")

    # benefit x 80%, minus cost, per month; t = 0 in November 2024, the first cost
    planned = {
        "2024-11": -5000,
        "2025-01": -3000,
        "2025-03": 800,  # 1000 x 0.8
        "2025-06": 600,  # 800 - 200
        "2025-09": 1600,  # 2000 x 0.8
        "2026-02": 1400,  # 1600 - 200
        "2026-12": 2400,  # 3000 x 0.8
        "2027-01": -1000,
    }
    forecast = {
        "2024-11": -5500,  # actual
        "2025-01": -2000,  # actual
        "2025-03": 720,  # 900 x 0.8
        "2025-06": -250,  # nothing realized yet (0, not the plan) - actual 250
        "2025-09": 1600,  # after July: the plan, not the early 2500
        "2026-02": 1400,
        "2026-12": 2400,
        "2027-01": -1000,
    }
    assert row["npv_planned"] == pytest.approx(npv(rate, planned), abs=1e-6)
    assert row["npv_forecast"] == pytest.approx(npv(rate, forecast), abs=1e-6)
    # the discount rate is really used: at 12% the plan is worth less than its undiscounted sum of -2200
    assert npv(rate, planned) < sum(planned.values())
    # benefit (1000 + 1000 + 2000 + 2000 + 3000) x 0.8 = 7200; cost 5000 + 3000 + 200 + 200 + 1000 = 9400
    assert row["roi_planned"] == pytest.approx((7200 - 9400) / 9400)

    cash_flow = measures.run(
        store, "initiative_cash_flow", measures.Filters(as_of=dt.date(2025, 7, 15)), overrides={"discount_rate": rate}
    )
    assert as_date(cash_flow["period"].min()) == dt.date(2024, 11, 1)
    assert row_of(cash_flow, period=pd.Timestamp(2025, 3, 1))["months_from_start"] == 4  # November 2024 -> March


# --------------------------------------------------------------------------- payback


def test_payback_month_is_the_first_month_back_at_zero_after_going_negative(store: Store) -> None:
    load_rows(
        store,
        initiatives=[initiative(each) for each in ("P1", "P2", "P3", "P4", "P5")],
        benefits=[benefit(f"B{each}", f"P{each}", unit_value=1) for each in range(1, 6)],
        benefit_measurements=[
            # P1: planned pays back in March, forecast (January overran) in April
            measurement("B1", "2025-02", 600, 600),
            measurement("B1", "2025-03", 600),
            measurement("B1", "2025-04", 600),
            # P2: benefits from the first month, never negative
            measurement("B2", "2025-01", 500, 500),
            # P3: never recovers
            measurement("B3", "2025-02", 100, 100),
            # P4: back at exactly 0 in the third month, across a gap
            measurement("B4", "2025-02", 400, 400),
            measurement("B4", "2025-04", 600),
            # P5: pays back, dips again, recovers: the first payback counts
            measurement("B5", "2025-02", 150, 150),
            measurement("B5", "2025-04", 100, 100),
        ],
        costs=[
            cost("P1", "2025-01", "implementation", 1000, 1500),
            cost("P2", "2025-02", "operating", 100, 100),
            cost("P3", "2025-01", "implementation", 1000, 1000),
            cost("P4", "2025-01", "implementation", 1000, 1000),
            cost("P5", "2025-01", "implementation", 100, 100),
            cost("P5", "2025-03", "operating", 70, 70),
        ],
    )
    frame = summary_at(store, dt.date(2025, 2, 15))
    flows = {
        "P1": (
            {"2025-01": -1000, "2025-02": 600, "2025-03": 600, "2025-04": 600},  # cumulative -1000, -400, +200
            {"2025-01": -1500, "2025-02": 600, "2025-03": 600, "2025-04": 600},  # -1500, -900, -300, +300
        ),
        "P2": ({"2025-01": 500, "2025-02": -100},) * 2,  # 500, 400
        "P3": ({"2025-01": -1000, "2025-02": 100},) * 2,  # -1000, -900
        "P4": ({"2025-01": -1000, "2025-02": 400, "2025-04": 600},) * 2,  # -1000, -600, -600, 0
        "P5": ({"2025-01": -100, "2025-02": 150, "2025-03": -70, "2025-04": 100},) * 2,  # -100, 50, -20, 80
    }
    expected = {
        "P1": (dt.date(2025, 3, 1), dt.date(2025, 4, 1)),
        "P2": (None, None),
        "P3": (None, None),
        "P4": (dt.date(2025, 4, 1), dt.date(2025, 4, 1)),
        "P5": (dt.date(2025, 2, 1), dt.date(2025, 2, 1)),
    }
    for initiative_id, (planned, forecast) in flows.items():
        row = row_of(frame, initiative_id=initiative_id)
        # the loop agrees with the hand-worked months...
        assert (payback(planned), payback(forecast)) == expected[initiative_id], initiative_id
        # ... and so does the view
        assert as_date(row["payback_month_planned"]) == payback(planned), initiative_id
        assert as_date(row["payback_month_forecast"]) == payback(forecast), initiative_id


# --------------------------------------------------------------------------- portfolio


def test_portfolio_value_over_two_initiatives(store: Store) -> None:
    load_rows(
        store,
        initiatives=[initiative("A"), initiative("B"), initiative("OUT")],
        benefits=[
            benefit("BA", "A", unit_value=1),
            benefit("BB", "B", unit_value=2),
            benefit("DB", "B", unit_value=1, disbenefit="yes"),
            benefit("BO", "OUT", unit_value=1),
        ],
        benefit_measurements=[
            measurement("BA", "2025-03", 400, 200),
            measurement("BA", "2025-05", 400, None),
            measurement("BB", "2025-04", 250, 300),  # x 2: planned 500, realized 600
            measurement("BB", "2025-08", 250, None),
            measurement("DB", "2025-04", 100, 100),
            measurement("BO", "2024-01", 99999, 99999),  # not chosen: must not count nor move the first month
        ],
        costs=[
            cost("A", "2025-01", "implementation", 1000, 1000),
            cost("A", "2025-04", "operating", 100, 150),
            cost("B", "2025-03", "implementation", 800, 900),
            cost("B", "2025-07", "operating", 100, None),
            cost("OUT", "2024-01", "implementation", 5, 5),
        ],
    )
    store.save_settings({"discount_rate": 0.1}, editor("Test"))
    as_of = dt.date(2025, 4, 30)
    row = measures.portfolio_value(store, ["A", "B"], measures.Filters(as_of=as_of))

    assert row["initiatives"] == 2
    for count in ("initiatives", "due_to_date", "met_on_time", "milestones_overdue", "milestones_at_risk"):
        assert pd.api.types.is_integer(row[count]), f"{count} shows as {row[count]!r}, not a whole number"
    assert row["planned_value_to_date"] == pytest.approx(800)  # A 400 + B 500 - 100
    assert row["realized_value_to_date"] == pytest.approx(700)  # A 200 + B 600 - 100
    assert row["planned_to_date"] == pytest.approx(1900)  # A 1000 + 100, B 800
    assert row["actual_to_date"] == pytest.approx(2050)  # A 1000 + 150, B 900
    assert row["tco_planned"] == pytest.approx(2000)  # 1100 + 900
    assert row["tco_forecast"] == pytest.approx(2150)  # 2050 + B's July plan 100
    # (200 + 600) / (400 + 500), the dis-benefit left out (with it: 700 / 800)
    assert row["realization_rate"] == pytest.approx(800 / 900)
    # the money the rate divides, shown beside it, and the dis-benefit as its own figure
    assert row["benefit_realized_value_to_date"] == pytest.approx(800)  # A 200 + B 600
    assert row["benefit_planned_value_to_date"] == pytest.approx(900)  # A 400 + B 500
    assert row["disbenefit_value_to_date"] == pytest.approx(-100)
    assert row["realization_rate"] == pytest.approx(
        row["benefit_realized_value_to_date"] / row["benefit_planned_value_to_date"]
    )
    assert row["realized_value_to_date"] == pytest.approx(
        row["benefit_realized_value_to_date"] + row["disbenefit_value_to_date"]
    )
    # run cost: A's April 150 actual and B's July 100 plan are operating, of 2150 forecast
    assert row["run_cost_share"] == pytest.approx(250 / 2150)
    assert row["net_value_to_date"] == pytest.approx(-1350)  # 700 - 2050
    assert row["roi_to_date"] == pytest.approx(-1350 / 2050)
    # planned: benefit 800 + 1000 - 100 = 1700, cost 2000
    # forecast: benefit 200 + 400 + 600 + 500 - 100 = 1600, cost 2150
    assert row["roi_planned"] == pytest.approx((1700 - 2000) / 2000)
    assert row["roi_forecast"] == pytest.approx((1600 - 2150) / 2150)

    planned = {
        "2025-01": -1000,  # A
        "2025-03": 400 - 800,  # A's benefit, B's build
        "2025-04": -100 + 500 - 100,  # A's run, B's benefit and dis-benefit
        "2025-05": 400,  # A
        "2025-07": -100,  # B
        "2025-08": 500,  # B
    }
    forecast = {
        "2025-01": -1000,
        "2025-03": 200 - 900,
        "2025-04": -150 + 600 - 100,
        "2025-05": 400,  # after April: the plan
        "2025-07": -100,
        "2025-08": 500,
    }
    assert row["npv_planned"] == pytest.approx(npv(0.1, planned), abs=1e-6)
    assert row["npv_forecast"] == pytest.approx(npv(0.1, forecast), abs=1e-6)
    # cumulative planned -1000, -1400, -1100, -700, -800, -300 and forecast -1000, -1700, -1350, -950, -1050, -550:
    # never back to zero
    assert payback(planned) is None
    assert payback(forecast) is None
    assert pd.isna(row["payback_month_planned"])
    assert pd.isna(row["payback_month_forecast"])

    # the portfolio discounts B from January, the portfolio's first month, not from B's own first month
    summary = summary_at(store, as_of)
    a, b = row_of(summary, initiative_id="A"), row_of(summary, initiative_id="B")
    assert row["npv_planned"] == pytest.approx(a["npv_planned"] + b["npv_planned"] * 1.1 ** (-2 / 12))
    # so the page shows the initiatives' own sum beside it, and where the portfolio's discounting starts
    assert row["initiative_npv_planned_sum"] == pytest.approx(a["npv_planned"] + b["npv_planned"])
    assert row["initiative_npv_forecast_sum"] == pytest.approx(a["npv_forecast"] + b["npv_forecast"])
    assert pd.Timestamp(row["first_month"]) == pd.Timestamp("2025-01-01")
    assert b["benefit_realized_value_to_date"] == pytest.approx(600)
    assert b["disbenefit_value_to_date"] == pytest.approx(-100)


def test_portfolio_payback_against_the_loop(store: Store) -> None:
    load_rows(
        store,
        initiatives=[initiative("A"), initiative("B"), initiative("C"), initiative("D")],
        benefits=[benefit(f"B{each}", each, unit_value=1) for each in "ABCD"],
        benefit_measurements=[
            measurement("BA", "2025-02", 700, 700),
            measurement("BB", "2025-04", 600, None),
            measurement("BC", "2025-01", 300, 300),
            measurement("BD", "2025-03", 300, 300),
        ],
        costs=[
            cost("A", "2025-01", "implementation", 500, 500),
            cost("B", "2025-02", "implementation", 500, 900),
            cost("D", "2025-02", "implementation", 500, 500),
        ],
    )
    as_of = measures.Filters(as_of=dt.date(2025, 2, 28))
    row = measures.portfolio_value(store, ["A", "B"], as_of)
    planned = {"2025-01": -500, "2025-02": 700 - 500, "2025-04": 600}  # -500, -300, -300, +300
    forecast = {"2025-01": -500, "2025-02": 700 - 900, "2025-04": 600}  # -500, -700, -700, -100
    assert payback(planned) == dt.date(2025, 4, 1)
    assert as_date(row["payback_month_planned"]) == payback(planned)
    assert payback(forecast) is None
    assert pd.isna(row["payback_month_forecast"])
    assert row["npv_forecast"] == pytest.approx(npv(0.08, forecast), abs=1e-6)  # the default 8%

    # C's benefit comes first, D's cost then pushes the pair below zero: payback is the month it recovers,
    # not January, when the cumulative cash flow was positive before it ever went negative
    both = measures.portfolio_value(store, ["C", "D"], as_of)
    flows = {"2025-01": 300, "2025-02": -500, "2025-03": 300}  # cumulative 300, -200, +100
    assert payback(flows) == dt.date(2025, 3, 1)
    assert as_date(both["payback_month_planned"]) == payback(flows)
    assert as_date(both["payback_month_forecast"]) == payback(flows)
    # C alone never goes negative: no payback to report
    assert pd.isna(measures.portfolio_value(store, ["C"], as_of)["payback_month_planned"])


# --------------------------------------------------------------------------- as_of moves on


def test_moving_as_of_a_month_forward_takes_in_that_months_actuals(store: Store) -> None:
    load_rows(
        store,
        initiatives=[initiative("I1")],
        benefits=[benefit("B1", "I1", unit_value=1)],
        benefit_measurements=[measurement("B1", "2025-01", 50, 40), measurement("B1", "2025-02", 50, None)],
        costs=[cost("I1", "2025-01", "implementation", 100, 100), cost("I1", "2025-02", "operating", 100, 130)],
    )
    january = row_of(summary_at(store, dt.date(2025, 1, 15)), initiative_id="I1")
    february = row_of(summary_at(store, dt.date(2025, 2, 15)), initiative_id="I1")

    # in January, February's 130 is not yet a recorded actual: the forecast carries its plan of 100
    assert january["actual_to_date"] == 100
    assert january["tco_forecast"] == 200  # 100 + 100
    assert january["cost_variance"] == 0
    assert january["unmeasured_periods"] == 0
    assert january["realization_rate"] == pytest.approx(0.8)  # 40 / 50
    # a month later it is: the overrun shows in actuals, forecast and variance
    assert february["actual_to_date"] == 230  # 100 + 130
    assert february["tco_forecast"] == 230
    assert february["cost_variance"] == 30  # 230 - 200
    assert february["variance_rate"] == pytest.approx(0.15)  # 30 / 200
    assert february["cost_status"] == "red"  # above 0.10
    # February's benefit was planned but not measured: a gap that now counts as 0, not as the plan
    assert february["unmeasured_periods"] == 1
    assert february["realized_value_to_date"] == 40
    assert february["realization_rate"] == pytest.approx(0.4)  # 40 / (50 + 50)
    # NPV forecast falls by February's extra 30 of cost and its missing 50 of benefit, a month discounted
    assert january["npv_forecast"] - february["npv_forecast"] == pytest.approx(80 * 1.08 ** (-1 / 12))


def test_monthly_totals_equal_the_sums_of_the_rows(store: Store) -> None:
    sample_portfolio.load_if_empty(store)
    filters = measures.Filters(as_of=dt.date(2026, 11, 22), owners=("Hannah Weber",))
    rows = measures.run(store, "benefit_value_by_month", filters)
    expected = rows.groupby("period")[["planned_value", "realized_value"]].sum(min_count=1).reset_index()
    summed = measures.totals(store, "benefit_value_by_month", filters, ("period",), ("planned_value", "realized_value"))
    pd.testing.assert_frame_equal(summed, expected, check_dtype=False)
    assert summed["realized_value"].isna().any()  # months after as-of have no realized value
