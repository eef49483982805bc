"""The bundled sample portfolio: consistent, and showing every case the measures must show (SPEC section 4).

Each case is computed here in plain pandas from build_sample_tables() at the sample's as-of date,
so a change to the generator that loses a case fails a test named after it.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import openpyxl
import pandas as pd
import pytest

from realize.contract import schema

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "data" / "make_sample.py"
WORKBOOK = ROOT / "data" / "sample_portfolio.xlsx"
AS_OF = pd.Timestamp("2026-11-22")
AS_OF_MONTH = pd.Timestamp("2026-11-01")
LAST_RECORDED = pd.Timestamp("2026-10-01")
STALE_AFTER_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}


@functools.cache
def load_generator() -> ModuleType:
    """data/make_sample.py as a module (data/ is not a package)."""
    spec = importlib.util.spec_from_file_location("make_sample", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return load_generator().build_sample_tables()


# --- Plain-pandas versions of the SPEC section 4 rules ------------------------------------------


def months_between(earlier: pd.Timestamp, later: pd.Timestamp) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def cost_variance_rates(costs: pd.DataFrame) -> pd.Series:
    """(actual to date - planned to date) / planned to date per initiative; an empty actual counts 0."""
    to_date = costs[costs["period"] <= AS_OF_MONTH]
    sums = to_date.assign(actual=to_date["actual"].fillna(0)).groupby("initiative_id")[["planned", "actual"]].sum()
    return (sums["actual"] - sums["planned"]) / sums["planned"]


def flow_realization(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per flow benefit: planned and realized to date, rate and unmeasured months."""
    benefits = tables["benefits"]
    flows = benefits.loc[benefits["measure"] == "flow", ["benefit_id", "disbenefit"]]
    measured = tables["benefit_measurements"].merge(flows, on="benefit_id")
    to_date = measured[measured["period"] <= AS_OF_MONTH]
    frame = to_date.groupby("benefit_id").agg(
        planned_to_date=("planned", "sum"),
        realized_to_date=("realized", lambda values: values.fillna(0).sum()),
        unmeasured_periods=("realized", lambda values: values.isna().sum()),
        disbenefit=("disbenefit", "first"),
    )
    frame["realization_rate"] = frame["realized_to_date"] / frame["planned_to_date"]
    return frame


def milestone_state(row: pd.Series) -> str:
    if pd.notna(row["actual_date"]) and row["actual_date"] <= AS_OF:
        return "done_on_time" if row["actual_date"] <= row["baseline_date"] else "done_late"
    if row["baseline_date"] < AS_OF:
        return "overdue"
    if pd.notna(row["forecast_date"]) and row["forecast_date"] > row["baseline_date"]:
        return "at_risk"
    return "on_track"


def kpi_status(value: float, direction: str, target: float, threshold: float | None) -> str | None:
    if pd.isna(value):
        return None
    if direction == "lower_is_better":
        value, target = -value, -target
        threshold = None if pd.isna(threshold) else -threshold
    if value >= target:
        return "green"
    if threshold is not None and not pd.isna(threshold) and value >= threshold:
        return "amber"
    return "red"


def scorecard(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per KPI at as-of: latest value and period, status, stale, card_complete, unmanaged."""
    values = tables["kpi_values"]
    latest = (
        values[values["period"] <= AS_OF_MONTH]
        .sort_values("period")
        .groupby("kpi_id")
        .agg(latest_value=("value", "last"), latest_period=("period", "last"))
    )
    card = tables["kpis"].set_index("kpi_id").join(latest)
    card["status"] = [
        kpi_status(row.latest_value, row.direction, row.target, row.threshold) for row in card.itertuples()
    ]
    card["stale"] = [
        pd.isna(row.latest_period) or months_between(row.latest_period, AS_OF_MONTH) > STALE_AFTER_MONTHS[row.frequency]
        for row in card.itertuples()
    ]
    card["card_complete"] = card[["definition", "rationale", "response", "owner", "target"]].notna().all(axis=1)
    actions = tables["actions"]
    managed = set(actions.loc[actions["status"] == "open", "kpi_id"].dropna())
    card["has_open_action"] = card.index.isin(managed)
    card["unmanaged"] = (card["status"] == "red") & ~card["has_open_action"]
    return card


# --- The committed workbook -----------------------------------------------------------------


def cell_value(value: object, kind: str) -> object:
    """A value as the workbook shows it: blanks None, dates as dates, numbers as floats, bools yes/no."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if kind in ("date", "month"):
        return pd.Timestamp(value).date()  # type: ignore[arg-type]
    if kind in ("number", "percent"):
        return float(value)  # type: ignore[arg-type]
    if kind == "bool" and not isinstance(value, str):
        return "yes" if value else "no"
    return str(value)


def test_committed_workbook_reads_back_equal_to_the_generator(tables: dict[str, pd.DataFrame]) -> None:
    book = openpyxl.load_workbook(WORKBOOK)
    assert book.sheetnames == ["About", *(sheet.name for sheet in schema.SHEETS)]
    for sheet in schema.SHEETS:
        rows = list(book[sheet.name].iter_rows(values_only=True))
        assert rows[0] == sheet.column_names
        kinds = [column.kind for column in sheet.columns]
        in_file = [[cell_value(value, kind) for value, kind in zip(row, kinds, strict=True)] for row in rows[1:]]
        generated = [
            [cell_value(value, kind) for value, kind in zip(row, kinds, strict=True)]
            for row in tables[sheet.name].itertuples(index=False, name=None)
        ]
        assert in_file == generated, f"{sheet.name}: run `python data/make_sample.py` and commit the workbook"


def test_committed_workbook_uploads_without_a_single_issue(tables: dict[str, pd.DataFrame]) -> None:
    from realize.intake.ingest import SourceFile, parse_upload

    parsed = parse_upload([SourceFile(WORKBOOK.name, WORKBOOK.read_bytes())])
    assert parsed.issue_frame().empty
    assert parsed.ok
    assert parsed.rows_per_sheet == {name: len(frame) for name, frame in tables.items()}


def test_generator_script_writes_the_same_bytes_as_committed(tmp_path: Path) -> None:
    out = tmp_path / "sample.xlsx"
    assert load_generator().main([str(out)]) == 0
    assert out.read_bytes() == WORKBOOK.read_bytes()


# --- Consistency --------------------------------------------------------------------------------


def test_every_sheet_has_the_schema_columns_in_order(tables: dict[str, pd.DataFrame]) -> None:
    assert list(tables) == [sheet.name for sheet in schema.SHEETS]
    for sheet in schema.SHEETS:
        assert tuple(tables[sheet.name].columns) == sheet.column_names


def test_required_values_are_present_and_enums_valid(tables: dict[str, pd.DataFrame]) -> None:
    for sheet in schema.SHEETS:
        frame = tables[sheet.name]
        for column in sheet.columns:
            if column.required:
                assert frame[column.name].notna().all(), f"{sheet.name}.{column.name}"
            if column.kind == "enum":
                assert set(frame[column.name].dropna()) <= set(column.choices), f"{sheet.name}.{column.name}"


def test_unique_keys_are_unique(tables: dict[str, pd.DataFrame]) -> None:
    for sheet in schema.SHEETS:
        if sheet.unique_key:
            assert not tables[sheet.name].duplicated(list(sheet.unique_key)).any(), sheet.name


def test_every_reference_exists(tables: dict[str, pd.DataFrame]) -> None:
    for sheet, column in schema.referencing_columns():
        target = schema.SHEETS_BY_NAME[column.references]  # type: ignore[index]
        known = set(tables[target.name][target.unique_key[0]])
        referenced = set(tables[sheet.name][column.name].dropna())
        assert referenced <= known, f"{sheet.name}.{column.name}: {sorted(referenced - known)}"


def test_dates_are_in_order_and_every_action_responds_to_something(tables: dict[str, pd.DataFrame]) -> None:
    for sheet in schema.SHEETS:
        frame = tables[sheet.name]
        for order in sheet.date_orders:
            both = frame[[order.earlier, order.later]].dropna()
            assert (both[order.earlier] <= both[order.later]).all(), f"{sheet.name}: {order}"
        if sheet.at_least_one:
            assert frame[list(sheet.at_least_one)].notna().any(axis=1).all(), sheet.name


def test_periods_are_first_days_of_months(tables: dict[str, pd.DataFrame]) -> None:
    for sheet in schema.SHEETS:
        for column in sheet.columns:
            if column.kind == "month":
                assert (tables[sheet.name][column.name].dt.day == 1).all(), f"{sheet.name}.{column.name}"


def test_a_believable_portfolio(tables: dict[str, pd.DataFrame]) -> None:
    initiatives = tables["initiatives"]
    assert len(initiatives) == 10
    assert initiatives["portfolio"].nunique() == 3
    assert initiatives["owner"].nunique() >= 6
    assert initiatives["budget"].between(100_000, 20_000_000).all()
    owners = tables["benefits"].merge(initiatives, on="initiative_id", suffixes=("", "_initiative"))
    assert (owners["owner"] != owners["owner_initiative"]).any()
    assert 25 <= len(tables["benefits"]) <= 40
    assert 30 <= len(tables["milestones"]) <= 50
    assert 10 <= len(tables["kpis"]) <= 20
    assert 15 <= len(tables["actions"]) <= 30


def test_realized_and_actuals_are_recorded_through_october_2026(tables: dict[str, pd.DataFrame]) -> None:
    measurements = tables["benefit_measurements"]
    assert measurements.loc[measurements["realized"].notna(), "period"].max() == LAST_RECORDED
    costs = tables["costs"]
    assert costs.loc[costs["actual"].notna(), "period"].max() == LAST_RECORDED
    assert tables["kpi_values"]["period"].max() == LAST_RECORDED


# --- Benefits -----------------------------------------------------------------------------------


def test_all_benefit_types_are_present(tables: dict[str, pd.DataFrame]) -> None:
    assert set(tables["benefits"]["type"]) == set(schema.BENEFITS.column("type").choices)


def test_non_cash_benefit_is_monetized_per_unit(tables: dict[str, pd.DataFrame]) -> None:
    benefits = tables["benefits"].set_index("benefit_id")
    hours = benefits.loc["BEN-02"]
    assert (hours["type"], hours["unit"], hours["unit_value"]) == ("non_cash_releasing", "hours", 55)


def test_a_qualitative_benefit_has_no_measurements(tables: dict[str, pd.DataFrame]) -> None:
    benefits = tables["benefits"]
    qualitative = set(benefits.loc[benefits["type"] == "qualitative", "benefit_id"])
    assert qualitative
    assert not qualitative & set(tables["benefit_measurements"]["benefit_id"])


def test_level_benefits_have_baseline_target_and_a_planned_level(tables: dict[str, pd.DataFrame]) -> None:
    benefits = tables["benefits"]
    levels = benefits[benefits["measure"] == "level"].set_index("benefit_id")
    assert {"BEN-04", "BEN-26"} <= set(levels.index)
    assert levels[["baseline", "target"]].notna().all().all()
    assert levels["unit_value"].isna().all(), "level measures are never monetized"
    measurements = tables["benefit_measurements"]
    for benefit_id, level in levels.iterrows():
        planned = measurements.loc[measurements["benefit_id"] == benefit_id, "planned"]
        low, high = sorted((level["baseline"], level["target"]))
        assert planned.between(low, high).all(), benefit_id
    assert levels.loc["BEN-26", "target"] < levels.loc["BEN-26", "baseline"]  # lower is better


def test_a_dis_benefit_and_partial_attribution(tables: dict[str, pd.DataFrame]) -> None:
    benefits = tables["benefits"].set_index("benefit_id")
    assert set(benefits.index[benefits["disbenefit"]]) == {"BEN-03", "BEN-25"}
    assert benefits.loc["BEN-09", "attribution_pct"] == 60
    assert benefits.loc["BEN-09", "unit_value"] == 1


def test_months_to_date_left_unmeasured(tables: dict[str, pd.DataFrame]) -> None:
    measurements = tables["benefit_measurements"]
    gaps = measurements[
        (measurements["benefit_id"] == "BEN-12")
        & (measurements["period"] < LAST_RECORDED)
        & measurements["planned"].notna()
        & measurements["realized"].isna()
    ]
    assert list(gaps["period"].dt.strftime("%Y-%m")) == ["2026-06", "2026-07", "2026-08"]
    assert flow_realization(tables).loc["BEN-12", "unmeasured_periods"] == 4  # and November, not reported yet


def test_one_benefit_well_behind_plan_and_one_ahead(tables: dict[str, pd.DataFrame]) -> None:
    rates = flow_realization(tables)
    benefits = rates[~rates["disbenefit"]]["realization_rate"].dropna()
    assert benefits["BEN-23"] < 0.5
    assert benefits["BEN-11"] > 1.1
    assert benefits.idxmin() == "BEN-23"
    assert benefits.idxmax() == "BEN-11"


def test_benefits_starting_in_2027_have_nothing_planned_to_date(tables: dict[str, pd.DataFrame]) -> None:
    measurements = tables["benefit_measurements"]
    for benefit_id in ("BEN-31", "BEN-32"):
        periods = measurements.loc[measurements["benefit_id"] == benefit_id, "period"]
        assert not periods.empty
        assert periods.min() > AS_OF


# --- Costs --------------------------------------------------------------------------------------


def test_all_tco_categories_and_both_natures(tables: dict[str, pd.DataFrame]) -> None:
    costs = tables["costs"]
    assert set(costs["category"]) == set(schema.COSTS.column("category").choices)
    assert set(costs["nature"]) == {"capex", "opex"}
    assert costs["period"].min() == pd.Timestamp("2024-01-01")
    assert costs["period"].max() == pd.Timestamp("2028-12-01")
    assert costs["planned"].notna().all()


def test_exactly_one_initiative_plans_no_exit_cost(tables: dict[str, pd.DataFrame]) -> None:
    costs = tables["costs"]
    with_exit = set(costs.loc[(costs["category"] == "exit") & (costs["planned"] > 0), "initiative_id"])
    assert set(tables["initiatives"]["initiative_id"]) - with_exit == {"INI-09"}


def test_one_initiative_overruns_by_more_than_10_percent_to_date(tables: dict[str, pd.DataFrame]) -> None:
    rates = cost_variance_rates(tables["costs"])
    assert list(rates[rates > 0.10].index) == ["INI-08"]
    assert abs(rates["INI-03"]) <= 0.05  # on plan


def test_a_planned_cost_with_nothing_booked_to_date(tables: dict[str, pd.DataFrame]) -> None:
    costs = tables["costs"]
    unbooked = costs[(costs["period"] <= LAST_RECORDED) & costs["actual"].isna()]
    assert set(unbooked["initiative_id"]) == {"INI-10"}


# --- Milestones ---------------------------------------------------------------------------------


def test_milestones_show_every_delivery_state(tables: dict[str, pd.DataFrame]) -> None:
    milestones = tables["milestones"].set_index("milestone_id")
    states = milestones.apply(milestone_state, axis=1)
    assert set(states) == {"done_on_time", "done_late", "overdue", "at_risk", "on_track"}
    assert states[["MS-01", "MS-02", "MS-03", "MS-04", "MS-08"]].tolist() == [
        "done_on_time",
        "done_late",
        "overdue",
        "at_risk",
        "on_track",
    ]
    assert set(states[states == "overdue"].index) == {"MS-03", "MS-27", "MS-32", "MS-39"}
    assert pd.isna(milestones.loc["MS-20", "forecast_date"])  # on track by its baseline alone
    assert (milestones["actual_date"].dropna() <= AS_OF).all()
    assert milestones.groupby("initiative_id").size().min() >= 3


# --- KPIs ---------------------------------------------------------------------------------------


def test_kpis_are_balanced_across_the_scorecard(tables: dict[str, pd.DataFrame]) -> None:
    kpis = tables["kpis"]
    assert set(kpis["perspective"]) == set(schema.PERSPECTIVES)
    assert set(kpis["direction"]) == {"higher_is_better", "lower_is_better"}
    assert set(kpis["frequency"]) == {"monthly", "quarterly", "annual"}
    assert set(kpis["indicator"]) == {"leading", "lagging"}
    assert kpis["threshold"].isna().any() and kpis["threshold"].notna().any()
    names = set(kpis["name"])
    assert {"Service availability", "Mean time to restore service"} <= names  # reliability
    assert {"Open high-risk vulnerabilities", "Change failure rate"} <= names  # risk, delivery


def test_most_monthly_kpis_have_values_from_2025_01_to_2026_10(tables: dict[str, pd.DataFrame]) -> None:
    kpis, values = tables["kpis"], tables["kpi_values"]
    monthly = kpis.loc[kpis["frequency"] == "monthly", "kpi_id"]
    spans = values[values["kpi_id"].isin(monthly)].groupby("kpi_id")["period"].agg(["min", "max", "size"])
    full = spans[(spans["min"] == pd.Timestamp("2025-01-01")) & (spans["max"] == LAST_RECORDED)]
    assert (full["size"] == 22).all()
    assert len(full) >= len(monthly) - 2


def test_kpi_statuses_at_as_of(tables: dict[str, pd.DataFrame]) -> None:
    card = scorecard(tables)
    status = card["status"]
    assert set(status.index[status == "green"]) == {"KPI-01", "KPI-07", "KPI-08", "KPI-12"}
    assert set(status.index[status == "red"]) == {"KPI-03", "KPI-04"}
    amber = {"KPI-02", "KPI-05", "KPI-06", "KPI-09", "KPI-10", "KPI-11", "KPI-13", "KPI-14"}
    assert set(status.index[status == "amber"]) == amber
    assert pd.isna(card.loc["KPI-08", "threshold"])  # green with no threshold


def test_stale_kpis(tables: dict[str, pd.DataFrame]) -> None:
    card = scorecard(tables)
    assert set(card.index[card["stale"]]) == {"KPI-09", "KPI-11"}
    assert card.loc["KPI-09", "latest_period"] == pd.Timestamp("2026-07-01")  # monthly
    assert card.loc["KPI-11", "latest_period"] == pd.Timestamp("2026-03-01")  # quarterly
    assert card.loc["KPI-06", "frequency"] == "annual" and not card.loc["KPI-06", "stale"]


def test_one_kpi_card_is_incomplete(tables: dict[str, pd.DataFrame]) -> None:
    card = scorecard(tables)
    assert set(card.index[~card["card_complete"]]) == {"KPI-13"}


def test_one_red_kpi_is_unmanaged_and_another_is_managed(tables: dict[str, pd.DataFrame]) -> None:
    card = scorecard(tables)
    assert set(card.index[card["unmanaged"]]) == {"KPI-03"}
    assert card.loc["KPI-04", "status"] == "red" and card.loc["KPI-04", "has_open_action"]
    assert card.loc["KPI-02", "status"] == "amber" and card.loc["KPI-02", "has_open_action"]
    actions = tables["actions"]
    responded = actions.loc[actions["kpi_id"] == "KPI-03", "status"]
    assert sorted(responded) == ["done", "dropped"]  # it had actions; none is open


# --- Actions ------------------------------------------------------------------------------------


def test_actions_show_every_follow_through_state(tables: dict[str, pd.DataFrame]) -> None:
    actions = tables["actions"].set_index("action_id")
    open_ = actions["status"] == "open"
    overdue = open_ & (actions["due_date"] < AS_OF)
    done = actions["status"] == "done"
    assert set(actions.index[overdue]) == {"ACT-06", "ACT-08", "ACT-12", "ACT-17"}
    assert (open_ & ~overdue).sum() >= 3
    assert set(actions.index[done & (actions["closed_on"] > actions["due_date"])]) == {"ACT-03", "ACT-11", "ACT-18"}
    assert (done & (actions["closed_on"] <= actions["due_date"])).sum() >= 5
    assert list(actions.index[actions["status"] == "dropped"]) == ["ACT-04"]
    assert actions.loc[open_, "closed_on"].isna().all()
    assert actions.loc[~open_, "closed_on"].notna().all()
    assert (actions["raised_on"] <= AS_OF).all()


def test_sample_as_of_date_is_the_generators(tables: dict[str, pd.DataFrame]) -> None:
    assert load_generator().AS_OF == dt.date(2026, 11, 22) == AS_OF.date()
