"""The ERP upgrade (INI-08) of the sample portfolio, worked out by hand from the workbook, against the views.

As of 2026-11-22 with the default settings (tolerance 0 days, fiscal year =
calendar year). "To date" is every month up to November 2026.
"""

from __future__ import annotations

import datetime as dt

import numpy_financial as npf
import openpyxl
import pandas as pd
import pytest

from realize import measures
from realize.intake.ingest import SourceFile, parse_upload
from realize.ledger.store import Store
from tests.conftest import SAMPLE, STORE_KINDS, copy_of_new_lake, editor, store_location

AS_OF = dt.date(2026, 11, 22)
TO_DATE = dt.datetime(2026, 11, 1)


@pytest.fixture(scope="module", params=STORE_KINDS)
def sample_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The sample on a DuckDB file and on a lake (SQLite and PostgreSQL catalogs): the same figures on each."""
    folder, kind = tmp_path_factory.mktemp("sample"), request.param
    store = Store(store_location(kind, folder, request) if kind == "file" else copy_of_new_lake(kind, folder, request))
    store.apply(parse_upload([SourceFile(SAMPLE.name, SAMPLE.read_bytes())], store), editor("test"))
    return store


def view(store: Store, name: str, **filters: object) -> list[dict]:
    frame = measures.run(store, name, measures.Filters(as_of=AS_OF, initiatives=("INI-08",), **filters))
    return frame.to_dict("records")


def workbook_rows(sheet: str) -> list[dict]:
    """The sheet as a person reads it in Excel (openpyxl, not our ingest)."""
    rows = list(openpyxl.load_workbook(SAMPLE, read_only=True)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:] if any(value is not None for value in row)]


def test_benefits_of_the_erp_upgrade(sample_store: Store) -> None:
    benefits = {row["benefit_id"]: row for row in view(sample_store, "benefit_realization")}
    # BEN-23 legacy support ended, cash, 1 USD per USD: planned Jul-Nov 5 x 95,000 = 475,000;
    # realized 0 + 0 + 25,000 + 25,000, November not measured yet (counts 0) = 50,000
    assert benefits["BEN-23"]["planned_value_to_date"] == 475_000
    assert benefits["BEN-23"]["realized_value_to_date"] == 50_000
    assert benefits["BEN-23"]["unmeasured_periods"] == 1
    # BEN-24 close effort saved, hours x 55 USD: planned 330 + 670 + 1,000 + 1,330 + 1,670 = 5,000 h = 275,000;
    # realized 420 + 760 = 1,180 h = 64,900
    assert benefits["BEN-24"]["planned_value_to_date"] == 275_000
    assert benefits["BEN-24"]["realized_value_to_date"] == pytest.approx(64_900)
    # BEN-25 productivity dip, a dis-benefit: planned 1,200 + 900 + 600 + 300 = 3,000 h = -165,000;
    # realized 1,600 + 1,300 = 2,900 h = -159,500
    assert benefits["BEN-25"]["planned_value_to_date"] == -165_000
    assert benefits["BEN-25"]["realized_value_to_date"] == -159_500
    # BEN-26 days to close, a level measure from 9 towards 4: latest realized 7 (October; November empty),
    # planned level 6 (November): progress (7 - 9) / (4 - 9) = 0.4, realization (7 - 9) / (6 - 9) = 2/3
    assert benefits["BEN-26"]["latest_realized"] == 7
    assert benefits["BEN-26"]["planned_level"] == 6
    assert benefits["BEN-26"]["progress_rate"] == pytest.approx(0.4)
    assert benefits["BEN-26"]["realization_rate"] == pytest.approx(2 / 3)
    assert pd.isna(benefits["BEN-26"]["planned_value_to_date"])  # a level is never monetized


def test_costs_value_and_delivery_of_the_erp_upgrade(sample_store: Store) -> None:
    summary = view(sample_store, "initiative_summary")[0]
    costs = [row for row in workbook_rows("costs") if row["initiative_id"] == "INI-08"]
    planned_to_date = sum(row["planned"] or 0 for row in costs if row["period"] <= TO_DATE)
    actual_to_date = sum(row["actual"] or 0 for row in costs if row["period"] <= TO_DATE)
    planned_after = sum(row["planned"] or 0 for row in costs if row["period"] > TO_DATE)
    assert (planned_to_date, actual_to_date, planned_after) == (7_500_000, 8_667_700, 2_030_000)

    assert summary["planned_to_date"] == 7_500_000
    assert summary["actual_to_date"] == 8_667_700
    assert summary["cost_variance"] == 1_167_700  # 8,667,700 - 7,500,000
    assert summary["variance_rate"] == pytest.approx(1_167_700 / 7_500_000)  # 15.6 % over: red
    assert summary["tco_forecast"] == 10_697_700  # 8,667,700 booked + 2,030,000 still planned
    # benefits to date 475,000 + 275,000 - 165,000 = 585,000 planned; 50,000 + 64,900 - 159,500 = -44,600 realized
    assert summary["planned_value_to_date"] == 585_000
    assert summary["realized_value_to_date"] == pytest.approx(-44_600)
    # realization leaves the dis-benefit out: (50,000 + 64,900) / (475,000 + 275,000) = 0.1532
    assert summary["realization_rate"] == pytest.approx(0.1532)
    assert summary["net_value_to_date"] == pytest.approx(-44_600 - 8_667_700)
    # milestones: three done late (28, 45 and 69 days), wave 2 overdue since 31 October, switch-off at risk
    assert (summary["due_to_date"], summary["met_on_time"], summary["on_time_rate"]) == (4, 0, 0)
    assert (summary["milestones_overdue"], summary["milestones_at_risk"]) == (1, 1)
    assert summary["mean_slip_days"] == pytest.approx((28 + 45 + 69) / 3)
    assert (summary["realization_status"], summary["cost_status"], summary["delivery_status"]) == ("red", "red", "red")


def test_npv_of_the_erp_upgrade_from_the_workbook(sample_store: Store) -> None:
    """The planned monthly cash flow built from the workbook rows, discounted with numpy-financial."""
    benefits = {row["benefit_id"]: row for row in workbook_rows("benefits") if row["initiative_id"] == "INI-08"}
    flows: dict[dt.datetime, float] = {}
    for row in workbook_rows("benefit_measurements"):
        benefit = benefits.get(row["benefit_id"])
        if benefit is None or benefit["measure"] != "flow" or benefit["unit_value"] is None:
            continue
        sign = -1 if benefit["disbenefit"] == "yes" else 1
        value = (row["planned"] or 0) * benefit["unit_value"] * benefit["attribution_pct"] / 100 * sign
        flows[row["period"]] = flows.get(row["period"], 0) + value
    for row in workbook_rows("costs"):
        if row["initiative_id"] == "INI-08":
            flows[row["period"]] = flows.get(row["period"], 0) - (row["planned"] or 0)
    first = min(flows)
    months = max((period.year - first.year) * 12 + period.month - first.month for period in flows) + 1
    dense = [0.0] * months
    for period, value in flows.items():
        dense[(period.year - first.year) * 12 + period.month - first.month] += value
    expected = npf.npv((1 + 0.08) ** (1 / 12) - 1, dense)

    summary = view(sample_store, "initiative_summary")[0]
    assert summary["npv_planned"] == pytest.approx(expected, rel=1e-9)
    assert summary["roi_planned"] == pytest.approx(sum(dense) / (9_530_000))
