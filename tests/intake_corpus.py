"""One small portfolio, sent by sixteen different offices: the corpus that proves the intake understands them.

The canonical portfolio (three initiatives, five benefits, costs, milestones, KPIs and actions) is written
below once, as rows under the template's column names (realize.contract.schema). Each case renders those same rows
the way one office would: its sheet names and order, its header wording, title blocks, extra columns,
one column per month, text dates, decimal commas. A case declares what the intake should recognise
(sheets, headers), which questions it should ask, and the --map answers that settle them; whatever the
house style, the measures after import are the hand-computed ones at the end of this file.

Nothing binary is committed: every file is generated here. `python tests/intake_corpus.py OUTDIR` writes
each case's files to OUTDIR/<case>/ to open them in Excel.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from realize.contract import schema
from realize.intake.ingest import SourceFile
from realize.report.workbook import write_workbook

AS_OF = dt.date(2026, 6, 15)
MONTHS = [dt.date(2026, number, 1) for number in range(1, 13)]


def month(number: int) -> dt.date:
    return dt.date(2026, number, 1)


# =========================================================================== the canonical portfolio

INITIATIVES: list[dict[str, object]] = [
    {
        "initiative_id": "INI-01",
        "name": "Cloud migration",
        "portfolio": "Infrastructure",
        "owner": "Ada Lovelace",
        "sponsor": "Grace Hopper",
        "objective": "Lower run costs",
        "status": "active",
        "start_date": dt.date(2026, 1, 1),
        "end_date": dt.date(2026, 12, 31),
        "budget": 52000,
    },
    {
        "initiative_id": "INI-02",
        "name": "Service desk automation",
        "portfolio": "Digital workplace",
        "owner": "Alan Turing",
        "sponsor": "Grace Hopper",
        "objective": "Faster support",
        "status": "active",
        "start_date": dt.date(2026, 1, 1),
        "end_date": dt.date(2026, 12, 31),
        "budget": 27200,
    },
    {
        "initiative_id": "INI-03",
        "name": "Payments resilience",
        "portfolio": "Infrastructure",
        "owner": "Ada Lovelace",
        "sponsor": "Mary Jackson",
        "objective": "Always-on payments",
        "status": "on_hold",
        "start_date": dt.date(2026, 2, 1),
        "end_date": dt.date(2026, 12, 31),
        "budget": 41400,
    },
]


BENEFIT_COLUMNS = (
    "benefit_id", "initiative_id", "name", "type", "perspective", "owner", "unit", "measure",
    "baseline", "target", "unit_value", "attribution_pct", "disbenefit", "description",
)  # fmt: skip
BENEFITS: list[dict[str, object]] = [
    dict(zip(BENEFIT_COLUMNS, values, strict=True))
    for values in (
        # a cash-releasing flow in the reporting currency
        ("BEN-01", "INI-01", "Hosting costs avoided", "cash_releasing", "financial", "Grace Hopper", "USD", "flow",
         None, 8000, 1, 100, False, "Data-centre hosting no longer paid"),
        # a non-cash flow in hours: 50 an hour, 80% of it credited to this initiative
        ("BEN-02", "INI-02", "Agent hours saved", "non_cash_releasing", "internal_process", "Katherine Johnson",
         "hours", "flow", None, 160, 50, 80, False, "Hours agents no longer spend on password resets"),
        # a level: never summed over months, never monetized
        ("BEN-03", "INI-03", "Payment service availability", "quantifiable", "customer", "Mary Jackson", "%",
         "level", 99.0, 99.9, None, 100, False, "Monthly availability of the payment service"),
        # a dis-benefit in currency
        ("BEN-04", "INI-01", "Dual-running licence costs", "quantifiable", "financial", "Ada Lovelace", "USD", "flow",
         None, 2500, 1, 100, True, "Licences paid twice while both platforms run"),
        ("BEN-05", "INI-02", "Old ticketing tool licences retired", "cash_releasing", "financial", "Mary Jackson",
         "USD", "flow", None, 10000, 1, 100, False, "Licence fees of the retired ticketing tool"),
    )
]  # fmt: skip

# The benefit profiles: planned for Jan-Aug 2026, realized for Jan-Jun (None: planned but not measured).
PROFILES: dict[str, tuple[list[float], list[float | None]]] = {
    "BEN-01": ([1000] * 8, [800, 900, 1000, 1100, None, 1200]),
    "BEN-02": ([20] * 8, [10, 15, 20, 20, 25, 25]),
    "BEN-03": ([99.2, 99.4, 99.5, 99.6, 99.7, 99.8, 99.9, 99.9], [99.1, 99.3, 99.5, 99.5, 99.6, 99.7]),
    "BEN-04": ([500, 500, 500, 500, 250, 250, 0, 0], [600, 600, 500, 400, 300, 200]),
    "BEN-05": ([0, 0, 0, 2000, 2000, 2000, 2000, 2000], [0, 0, 0, 1500, 2000, 2100]),
}
MEASUREMENT_NOTES = {("BEN-01", 4): "Hosting invoice", ("BEN-01", 5): "Invoice not received yet"}

BENEFIT_MEASUREMENTS: list[dict[str, object]] = [
    {
        "benefit_id": benefit_id,
        "period": month(index + 1),
        "planned": planned_value,
        "realized": realized[index] if index < len(realized) else None,
        "note": MEASUREMENT_NOTES.get((benefit_id, index + 1)),
    }
    for benefit_id, (planned, realized) in PROFILES.items()
    for index, planned_value in enumerate(planned)
]


@dataclass(frozen=True)
class CostLine:
    """A cost line: planned from `first` month on, one value a month; actuals booked up to June."""

    initiative_id: str
    category: str
    nature: str
    vendor: str
    first: int
    planned: list[float]
    actual: list[float]


COST_LINES = [
    CostLine("INI-01", "acquisition", "capex", "Contoso Hardware", 1, [10000], [10000]),
    CostLine("INI-01", "implementation", "capex", "Fabrikam Consulting", 2, [5000] * 6, [5000, 6000, 5500, 5000, 4000]),
    CostLine("INI-01", "operating", "opex", "Northwind Cloud", 1, [1000] * 12, [1000, 1000, 1100, 1100, 1200, 1200]),
    CostLine("INI-02", "acquisition", "capex", "Tailspin Software", 3, [8000], [8400]),
    CostLine("INI-02", "implementation", "opex", "Fabrikam Consulting", 1, [3000] * 4, [2500, 3000, 3500, 3000]),
    CostLine("INI-02", "operating", "opex", "Tailspin Software", 4, [800] * 9, [800, 800, 900]),
    CostLine("INI-03", "acquisition", "capex", "Contoso Hardware", 2, [15000], [14000]),
    CostLine("INI-03", "implementation", "capex", "Fabrikam Consulting", 3, [4000] * 6, [4000, 4500, 4000, 3000]),
    CostLine("INI-03", "operating", "opex", "Northwind Cloud", 9, [600] * 4, []),
]
COST_NOTES = {("INI-01", "implementation", 3): "Extra migration wave", ("INI-03", "implementation", 6): "Paid late"}

COSTS: list[dict[str, object]] = [
    {
        "initiative_id": line.initiative_id,
        "period": month(line.first + index),
        "category": line.category,
        "nature": line.nature,
        "planned": planned,
        "actual": line.actual[index] if index < len(line.actual) else None,
        "vendor": line.vendor,
        "note": COST_NOTES.get((line.initiative_id, line.category, line.first + index)),
    }
    for line in COST_LINES
    for index, planned in enumerate(line.planned)
]

MILESTONES: list[dict[str, object]] = [
    {
        "milestone_id": "MS-01",
        "initiative_id": "INI-01",
        "name": "Landing zone ready",
        "owner": "Margaret Hamilton",
        "baseline_date": dt.date(2026, 2, 27),
        "forecast_date": dt.date(2026, 2, 27),
        "actual_date": dt.date(2026, 2, 20),
    },
    {
        "milestone_id": "MS-02",
        "initiative_id": "INI-01",
        "name": "First workloads migrated",
        "owner": "Margaret Hamilton",
        "baseline_date": dt.date(2026, 4, 30),
        "forecast_date": dt.date(2026, 5, 15),
        "actual_date": dt.date(2026, 5, 12),
    },
    {
        "milestone_id": "MS-03",
        "initiative_id": "INI-02",
        "name": "Chatbot live",
        "owner": "Katherine Johnson",
        "baseline_date": dt.date(2026, 5, 29),
        "forecast_date": dt.date(2026, 7, 15),
        "actual_date": None,
    },
    {
        "milestone_id": "MS-04",
        "initiative_id": "INI-03",
        "name": "Second region live",
        "owner": "Mary Jackson",
        "baseline_date": dt.date(2026, 9, 30),
        "forecast_date": dt.date(2026, 10, 30),
        "actual_date": None,
    },
    {
        "milestone_id": "MS-05",
        "initiative_id": "INI-02",
        "name": "Old ticketing tool retired",
        "owner": "Katherine Johnson",
        "baseline_date": dt.date(2026, 11, 30),
        "forecast_date": dt.date(2026, 11, 30),
        "actual_date": None,
    },
]

KPIS: list[dict[str, object]] = [
    {
        "kpi_id": "KPI-01",
        "name": "Payment service availability",
        "perspective": "customer",
        "theme": "reliability",
        "initiative_id": "INI-03",
        "owner": "Mary Jackson",
        "unit": "%",
        "direction": "higher_is_better",
        "target": 99.9,
        "threshold": 99.5,
        "frequency": "monthly",
        "indicator": "lagging",
        "definition": "Minutes the payment service is up over minutes in the month",
        "rationale": "An outage stops card payments",
        "response": "Incident review and a fix plan within five days",
    },
    {
        "kpi_id": "KPI-02",
        "name": "Ticket resolution time",
        "perspective": "internal_process",
        "theme": "delivery",
        "initiative_id": "INI-02",
        "owner": "Katherine Johnson",
        "unit": "hours",
        "direction": "lower_is_better",
        "target": 8,
        "threshold": 12,
        "frequency": "monthly",
        "indicator": "leading",
        "definition": "Median hours from ticket opened to resolved",
        "rationale": "Slow tickets cost agents and users time",
        "response": "Add triage capacity",
    },
    {
        "kpi_id": "KPI-03",
        "name": "Hosting cost per workload",
        "perspective": "financial",
        "theme": "cost",
        "initiative_id": "INI-01",
        "owner": "Ada Lovelace",
        "unit": "USD",
        "direction": "lower_is_better",
        "target": 200,
        "threshold": 250,
        "frequency": "monthly",
        "indicator": "lagging",
        "definition": "Monthly hosting bill over workloads running",
        "rationale": "The business case assumes cheaper hosting",
        "response": "Review reserved capacity with the vendor",
    },
]

KPI_SERIES: dict[str, list[float]] = {
    "KPI-01": [99.2, 99.4, 99.5, 99.6, 99.7, 99.6],
    "KPI-02": [16, 14, 13, 12, 10, 7.5],
    "KPI-03": [320, 310, 300, 290, 280, 270],
}
KPI_NOTES = {("KPI-01", 6): "Two short outages"}

KPI_VALUES: list[dict[str, object]] = [
    {"kpi_id": kpi_id, "period": month(index + 1), "value": value, "note": KPI_NOTES.get((kpi_id, index + 1))}
    for kpi_id, series in KPI_SERIES.items()
    for index, value in enumerate(series)
]

ACTIONS: list[dict[str, object]] = [
    {
        "action_id": "ACT-01",
        "title": "Renegotiate hosting reserved instances",
        "owner": "Ada Lovelace",
        "raised_on": dt.date(2026, 5, 15),
        "due_date": dt.date(2026, 7, 31),
        "status": "open",
        "closed_on": None,
        "initiative_id": "INI-01",
        "kpi_id": "KPI-03",
        "benefit_id": "BEN-01",
        "outcome": None,
    },
    {
        "action_id": "ACT-02",
        "title": "Add a second-line triage rota",
        "owner": "Katherine Johnson",
        "raised_on": dt.date(2026, 3, 13),
        "due_date": dt.date(2026, 4, 30),
        "status": "done",
        "closed_on": dt.date(2026, 4, 28),
        "initiative_id": "INI-02",
        "kpi_id": "KPI-02",
        "benefit_id": None,
        "outcome": "Resolution time fell from 13 to 12 hours",
    },
]

CANONICAL: dict[str, list[dict[str, object]]] = {
    "initiatives": INITIATIVES,
    "benefits": BENEFITS,
    "benefit_measurements": BENEFIT_MEASUREMENTS,
    "costs": COSTS,
    "milestones": MILESTONES,
    "kpis": KPIS,
    "kpi_values": KPI_VALUES,
    "actions": ACTIONS,
}


def canonical_tables() -> dict[str, pd.DataFrame]:
    """The canonical rows as template-shaped tables (every column of schema.SHEETS, in order)."""
    return {
        sheet.name: pd.DataFrame(CANONICAL[sheet.name], columns=list(sheet.column_names)) for sheet in schema.SHEETS
    }


def canonical_workbook() -> bytes:
    """The canonical portfolio in template form, as realize.report.workbook writes it."""
    buffer = io.BytesIO()
    write_workbook(canonical_tables(), buffer)
    return buffer.getvalue()


# =========================================================================== the measures at AS_OF, by hand
#
# AS_OF = 2026-06-15, so "to date" is January to June 2026; tolerance 0 days.
#
# Benefits (value = quantity x unit_value x attribution / 100, negated for a dis-benefit):
#   BEN-01  planned Jan-Jun 6 x 1000 = 6000; realized 800+900+1000+1100+(May unmeasured)+1200 = 5000
#           value x1: 6000 / 5000; rate 5000/6000 = 0.8333; planned total 8 x 1000 = 8000; 1 unmeasured month
#   BEN-02  hours planned 6 x 20 = 120; realized 10+15+20+20+25+25 = 115; factor 50 x 80% = 40
#           value 4800 / 4600; rate 115/120 = 0.9583; planned total 160 h = 6400
#   BEN-03  level: latest realized (Jun) 99.7, planned level (Jun) 99.8, baseline 99.0, target 99.9
#           rate (99.7-99)/(99.8-99) = 0.875; progress (99.7-99)/(99.9-99) = 0.7778; not monetized
#   BEN-04  dis-benefit: planned 500x4+250x2 = 2500; realized 600+600+500+400+300+200 = 2600
#           value -2500 / -2600; rate 2600/2500 = 1.04; planned total 2500 -> -2500
#   BEN-05  planned 0+0+0+2000x3 = 6000; realized 0+0+0+1500+2000+2100 = 5600
#           value 6000 / 5600; rate 5600/6000 = 0.9333; planned total 5 x 2000 = 10000
#   INI-01  planned value 6000-2500 = 3500; realized 5000-2600 = 2400; rate (no dis-benefit) 5000/6000
#           planned value total 8000-2500 = 5500
#   INI-02  planned value 4800+6000 = 10800; realized 4600+5600 = 10200; rate 10200/10800 = 0.9444
#           planned value total 6400+10000 = 16400
#   INI-03  only a level benefit: 0 / 0, no rate
#
# Costs (to date = Jan-Jun; forecast = actual to date + planned after June):
#   INI-01  acquisition    Jan 10000 planned, 10000 actual
#           implementation Feb-Jul 5000/month: to date 5 x 5000 = 25000; actual 5000+6000+5500+5000+4000 = 25500;
#                          after: Jul 5000
#           operating      Jan-Dec 1000/month: to date 6000; actual 1000+1000+1100+1100+1200+1200 = 6600;
#                          after: 6 x 1000 = 6000
#           planned to date 10000+25000+6000 = 41000; actual 10000+25500+6600 = 42100
#           tco_forecast 42100+5000+6000 = 53100; tco_planned 10000+30000+12000 = 52000
#   INI-02  acquisition    Mar 8000 planned, 8400 actual
#           implementation Jan-Apr 3000/month = 12000; actual 2500+3000+3500+3000 = 12000
#           operating      Apr-Dec 800/month: to date 3 x 800 = 2400; actual 800+800+900 = 2500; after 6 x 800 = 4800
#           planned to date 8000+12000+2400 = 22400; actual 8400+12000+2500 = 22900
#           tco_forecast 22900+4800 = 27700; tco_planned 8000+12000+7200 = 27200
#   INI-03  acquisition    Feb 15000 planned, 14000 actual
#           implementation Mar-Aug 4000/month: to date 4 x 4000 = 16000; actual 4000+4500+4000+3000 = 15500;
#                          after: Jul, Aug 8000
#           operating      Sep-Dec 600/month: all after, 2400
#           planned to date 15000+16000 = 31000; actual 14000+15500 = 29500
#           tco_forecast 29500+8000+2400 = 39900; tco_planned 15000+24000+2400 = 41400
#
# Milestones at 2026-06-15:
#   MS-01  done 02-20, baseline 02-27          -> done_on_time, slip -7
#   MS-02  done 05-12, baseline 04-30          -> done_late, slip 12
#   MS-03  not done, baseline 05-29 < as_of    -> overdue, slip = later of forecast 07-15 and as_of - 05-29 = 47
#   MS-04  forecast 10-30 > baseline 09-30     -> at_risk, slip 30
#   MS-05  forecast = baseline 11-30           -> on_track, slip 0
#   INI-01: 2 milestones, 2 due, 1 on time; INI-02: 2 milestones, 1 due, 0 on time, 1 overdue;
#   INI-03: 1 milestone, 0 due, 1 at risk
#
# KPIs (latest value on or before June):
#   KPI-01  higher is better, target 99.9, threshold 99.5: June 99.6 -> amber (INI-03)
#   KPI-02  lower is better, target 8, threshold 12: June 7.5 -> green (INI-02)
#   KPI-03  lower is better, target 200, threshold 250: June 270 -> red (INI-01; ACT-01 open on it)

EXPECTED_INITIATIVES: dict[str, dict[str, float | int | None]] = {
    "INI-01": {
        "planned_value_to_date": 3500.0,
        "realized_value_to_date": 2400.0,
        "planned_value_total": 5500.0,
        "realization_rate": 5000 / 6000,
        "unmeasured_periods": 1,
        "planned_to_date": 41000.0,
        "actual_to_date": 42100.0,
        "tco_planned": 52000.0,
        "tco_forecast": 53100.0,
        "milestones": 2,
        "due_to_date": 2,
        "met_on_time": 1,
        "milestones_overdue": 0,
        "milestones_at_risk": 0,
        "kpis_green": 0,
        "kpis_amber": 0,
        "kpis_red": 1,
        "actions_open": 1,
    },
    "INI-02": {
        "planned_value_to_date": 10800.0,
        "realized_value_to_date": 10200.0,
        "planned_value_total": 16400.0,
        "realization_rate": 10200 / 10800,
        "unmeasured_periods": 0,
        "planned_to_date": 22400.0,
        "actual_to_date": 22900.0,
        "tco_planned": 27200.0,
        "tco_forecast": 27700.0,
        "milestones": 2,
        "due_to_date": 1,
        "met_on_time": 0,
        "milestones_overdue": 1,
        "milestones_at_risk": 0,
        "kpis_green": 1,
        "kpis_amber": 0,
        "kpis_red": 0,
        "actions_open": 0,
    },
    "INI-03": {
        "planned_value_to_date": 0.0,
        "realized_value_to_date": 0.0,
        "planned_value_total": 0.0,
        "realization_rate": None,
        "unmeasured_periods": 0,
        "planned_to_date": 31000.0,
        "actual_to_date": 29500.0,
        "tco_planned": 41400.0,
        "tco_forecast": 39900.0,
        "milestones": 1,
        "due_to_date": 0,
        "met_on_time": 0,
        "milestones_overdue": 0,
        "milestones_at_risk": 1,
        "kpis_green": 0,
        "kpis_amber": 1,
        "kpis_red": 0,
        "actions_open": 0,
    },
}

EXPECTED_MILESTONES: dict[str, dict[str, object]] = {
    "MS-01": {"state": "done_on_time", "slip_days": -7},
    "MS-02": {"state": "done_late", "slip_days": 12},
    "MS-03": {"state": "overdue", "slip_days": 47},
    "MS-04": {"state": "at_risk", "slip_days": 30},
    "MS-05": {"state": "on_track", "slip_days": 0},
}

EXPECTED_KPIS: dict[str, dict[str, object]] = {
    "KPI-01": {"status": "amber", "latest_value": 99.6},
    "KPI-02": {"status": "green", "latest_value": 7.5},
    "KPI-03": {"status": "red", "latest_value": 270.0},
}

# flow benefits: quantities (not money) to date; the level benefit has a rate but no sums
EXPECTED_BENEFITS: dict[str, dict[str, float | int | None]] = {
    "BEN-01": {"planned_to_date": 6000.0, "realized_to_date": 5000.0, "realization_rate": 5000 / 6000},
    "BEN-02": {"planned_to_date": 120.0, "realized_to_date": 115.0, "realization_rate": 115 / 120},
    "BEN-03": {"planned_to_date": None, "realized_to_date": None, "realization_rate": 0.7 / 0.8},
    "BEN-04": {"planned_to_date": 2500.0, "realized_to_date": 2600.0, "realization_rate": 2600 / 2500},
    "BEN-05": {"planned_to_date": 6000.0, "realized_to_date": 5600.0, "realization_rate": 5600 / 6000},
}

# Each expectation: the view it is read from, the id column of its rows and the values per id.
EXPECTED: dict[str, tuple[str, dict[str, dict[str, object]]]] = {
    "initiative_summary": ("initiative_id", EXPECTED_INITIATIVES),
    "milestone_status": ("milestone_id", EXPECTED_MILESTONES),
    "scorecard": ("kpi_id", EXPECTED_KPIS),
    "benefit_realization": ("benefit_id", EXPECTED_BENEFITS),
}


# =========================================================================== how an office writes a value


@dataclass(frozen=True)
class Shown:
    """A cell value with the Excel number format it is displayed in."""

    value: object
    number_format: str


def _same(value: object) -> object:
    return value


def _words(choice: str) -> str:
    """'cash_releasing' -> 'Cash releasing', as people type a choice."""
    return choice.replace("_", " ").capitalize()


def _excel(number_format: str) -> Callable[[object], Shown]:
    return lambda value: Shown(value, number_format)


def _plain_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _comma_number(value: float) -> str:
    """1234.5 -> '1.234,50' (a European spreadsheet's CSV)."""
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


DAY_MONTH_YEAR = _excel("dd/mm/yyyy")
MONTH_YEAR = _excel("mmm-yy")


@dataclass(frozen=True)
class Look:
    """How an office writes dates, months, numbers, yes/no and choices."""

    day: Callable[[dt.date], object] = DAY_MONTH_YEAR
    month: Callable[[dt.date], object] = MONTH_YEAR
    number: Callable[[float], object] = _same
    yes_no: tuple[str, str] = ("Yes", "No")
    choice: Callable[[str], str] = _words
    # how this office writes particular choices: canonical value -> text
    wording: Mapping[str, str] = field(default_factory=dict)

    def cell(self, sheet: str, column: str, value: object) -> object:
        if value is None:
            return None
        kind = schema.SHEETS_BY_NAME[sheet].column(column).kind
        if kind == "date":
            return self.day(value)  # type: ignore[arg-type]
        if kind == "month":
            return self.month(value)  # type: ignore[arg-type]
        if kind in ("number", "percent"):
            return self.number(value)  # type: ignore[arg-type]
        if kind == "bool":
            return self.yes_no[0] if value else self.yes_no[1]
        if kind == "enum":
            return self.wording.get(str(value)) or self.choice(str(value))
        return value


EXCEL = Look()
CSV_PLAIN = Look(day=dt.date.isoformat, month=lambda day: day.strftime("%Y-%m"), number=_plain_number)


# =========================================================================== tabs: a sheet as an office lays it out

# A layout: the office's header -> the template column it holds, or a function of the canonical row for a
# column with no place in the template (a copy of a name, a cost centre, a RAG colour).
Source = str | Callable[[dict[str, object]], object]
Layout = dict[str, Source]


@dataclass(frozen=True)
class Tab:
    """One sheet of an upload (an .xlsx tab or a .csv file) as written, with what it should be read as."""

    label: str  # tab name, or CSV file name without .csv
    sheet: str | None  # the template sheet it holds; None for a notes sheet
    rows: list[list[object]]  # every row as written, a title block included
    header_row: int  # 1-based; 0 for a sheet without a header (notes)
    columns: dict[str, str | None]  # header -> template column (None: ignored)


def long_tab(label: str, sheet: str, layout: Layout, look: Look = EXCEL) -> Tab:
    """A row per canonical row, a column per layout entry (the long layout of the template)."""
    body = [[_value(sheet, source, row, look) for source in layout.values()] for row in CANONICAL[sheet]]
    columns = {header: source if isinstance(source, str) else None for header, source in layout.items()}
    return Tab(label, sheet, [list(layout), *body], 1, columns)


# A house style: template sheet -> (the office's name for the sheet, its layout), in the office's sheet order.
Style = dict[str, tuple[str, Layout]]


def long_tabs(style: Style, look: Look = EXCEL) -> list[Tab]:
    return [long_tab(label, sheet, layout, look) for sheet, (label, layout) in style.items()]


def _value(sheet: str, source: Source, row: dict[str, object], look: Look) -> object:
    if isinstance(source, str):
        return look.cell(sheet, source, row[source])
    return source(row)


def _groups(sheet: str, keys: Sequence[str]) -> dict[tuple[object, ...], list[dict[str, object]]]:
    """Canonical rows grouped by their key columns, in first-seen order."""
    groups: dict[tuple[object, ...], list[dict[str, object]]] = {}
    for row in CANONICAL[sheet]:
        groups.setdefault(tuple(row[key] for key in keys), []).append(row)
    return groups


def wide_tab(
    label: str,
    sheet: str,
    keys: Layout,
    line_header: str | None,
    lines: dict[str, str | None],
    months: Sequence[dt.date],
    month_header: Callable[[dt.date], object],
    look: Look = EXCEL,
) -> Tab:
    """One column per month; a row per key and measure, a line column saying which measure ('Plan', 'Actual').

    lines: template column of the values -> the row label written in the line column.
    """
    key_columns = [source for source in keys.values() if isinstance(source, str)]
    header: list[object] = [*keys, *([line_header] if line_header else []), *map(month_header, months)]
    body = []
    for rows in _groups(sheet, key_columns).values():
        by_month = {row["period"]: row for row in rows}
        for measure, word in lines.items():
            values = [look.cell(sheet, measure, by_month.get(day, {}).get(measure)) for day in months]
            keys_written = [_value(sheet, source, rows[0], look) for source in keys.values()]
            body.append([*keys_written, *([word] if line_header else []), *values])
    columns = {name: source if isinstance(source, str) else None for name, source in keys.items()}
    if line_header:
        columns[line_header] = None
    return Tab(label, sheet, [header, *body], 1, columns)


def wide_measure_tab(
    label: str, sheet: str, keys: Layout, measures: dict[str, str], months: Sequence[dt.date], look: Look = EXCEL
) -> Tab:
    """One column per month and measure, the measure in the header: 'Jan 2026 Plan', 'Jan 2026 Actual'."""
    key_columns = [source for source in keys.values() if isinstance(source, str)]
    header = [*keys, *(f"{day:%b %Y} {word}" for day in months for word in measures.values())]
    body = []
    for rows in _groups(sheet, key_columns).values():
        by_month = {row["period"]: row for row in rows}
        values = [
            look.cell(sheet, measure, by_month.get(day, {}).get(measure)) for day in months for measure in measures
        ]
        body.append([*(_value(sheet, source, rows[0], look) for source in keys.values()), *values])
    columns = {name: source if isinstance(source, str) else None for name, source in keys.items()}
    return Tab(label, sheet, [header, *body], 1, columns)


def titled(tab: Tab, *lines: str) -> Tab:
    """The tab under a title block (report title, date line) and a blank row."""
    above: list[list[object]] = [[line] for line in lines] + [[]]
    return replace(tab, rows=[*above, *tab.rows], header_row=tab.header_row + len(above))


def notes_tab(label: str, rows: list[list[object]]) -> Tab:
    return Tab(label, None, rows, 0, {})


def only(sheet: str, keep: Callable[[dict[str, object]], bool], tab: Tab) -> Tab:
    """The tab with only the canonical rows `keep` accepts (a sheet split in two)."""
    kept = [row for row in CANONICAL[sheet] if keep(row)]
    body = tab.rows[tab.header_row :]
    assert len(body) == len(CANONICAL[sheet]), "only() splits a long tab"
    rows = [written for written, row in zip(body, CANONICAL[sheet], strict=True) if row in kept]
    return replace(tab, rows=[*tab.rows[: tab.header_row], *rows])


# =========================================================================== writing files


def xlsx_files(file_name: str, tabs: Sequence[Tab]) -> list[SourceFile]:
    """One workbook: a tab per Tab, headers bold, the panes frozen under the header."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for tab in tabs:
        sheet = book.create_sheet(tab.label)
        for row_number, row in enumerate(tab.rows, start=1):
            for column_number, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = sheet.cell(row=row_number, column=column_number)
                if isinstance(value, Shown):
                    cell.value, cell.number_format = value.value, value.number_format
                else:
                    cell.value = value
                if row_number == tab.header_row:
                    cell.font = Font(bold=True)
        if tab.header_row:
            sheet.freeze_panes = sheet.cell(row=tab.header_row + 1, column=1)
            for letter, width in _widths(tab).items():
                sheet.column_dimensions[letter].width = width
        if tab.rows and tab.header_row > 1:
            sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    buffer = io.BytesIO()
    book.save(buffer)
    return [SourceFile(file_name, buffer.getvalue())]


def _widths(tab: Tab) -> dict[str, float]:
    widths: dict[str, float] = {}
    for row in tab.rows[tab.header_row - 1 :]:
        for index, value in enumerate(row):
            shown = value.value if isinstance(value, Shown) else value
            letter = get_column_letter(index + 1)
            widths[letter] = min(max(widths.get(letter, 8), len(str(shown)) + 2), 45)
    return widths


def csv_files(
    tabs: Sequence[Tab], *, delimiter: str = ",", encoding: str = "utf-8", line_end: str = "\n"
) -> list[SourceFile]:
    """A .csv file per Tab, named after its label."""
    files = []
    for tab in tabs:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end)
        for row in tab.rows:
            writer.writerow(["" if value is None else str(value) for value in row])
        files.append(SourceFile(f"{tab.label}.csv", buffer.getvalue().encode(encoding)))
    return files


def template_files() -> list[SourceFile]:
    return [SourceFile("realize_template.xlsx", canonical_workbook())]


# =========================================================================== the cases


@dataclass(frozen=True)
class Case:
    """One office's upload of the canonical portfolio and what the intake should make of it.

    columns holds the mapping once every question is answered: a header asked about maps to the
    column its answer gives (or None when the answer ignores it); before the answers the intake
    leaves it unmapped (ColumnMapping.column None). Template columns are plain names ("actual").
    """

    name: str
    style: str  # one line: whose house style this is
    files: Callable[[], list[SourceFile]]  # realize.intake.ingest.SourceFile(name, bytes)
    # file sheet label (xlsx tab name, or CSV file name without .csv) -> template sheet, or None (notes)
    sheets: dict[str, str | None]
    # (file sheet label, file header text) -> template column name, or None when the column is ignored
    columns: dict[tuple[str, str], str | None]
    # (file sheet label, header or None for a sheet-level question) expected to be asked, in any order
    questions: tuple[tuple[str, str | None], ...] = ()
    # --map options that answer them, e.g. 'Financials!Col F=costs.actual', 'Opex=costs', 'Internal Code=-'
    answers: tuple[str, ...] = ()


def _case(
    name: str,
    style: str,
    tabs: Sequence[Tab],
    write: Callable[[Sequence[Tab]], list[SourceFile]],
    questions: tuple[tuple[str, str | None], ...] = (),
    answers: tuple[str, ...] = (),
) -> Case:
    labels = [tab.label for tab in tabs]
    assert len(set(labels)) == len(labels), f"{name}: a label twice"
    return Case(
        name=name,
        style=style,
        files=partial(write, tabs),
        sheets={tab.label: tab.sheet for tab in tabs},
        columns={(tab.label, header): column for tab in tabs for header, column in tab.columns.items()},
        questions=questions,
        answers=answers,
    )


def template_case() -> Case:
    sheets: dict[str, str | None] = {"About": None, **{sheet.name: sheet.name for sheet in schema.SHEETS}}
    columns = {(sheet.name, column): column for sheet in schema.SHEETS for column in sheet.column_names}
    return Case(
        "template",
        "Realize's own template: our sheet and column names, written by realize.report.workbook",
        template_files,
        sheets,
        columns,
    )


# ---------------------------------------------------------------- the plain layout most small offices use

PLAIN: Style = {
    "initiatives": ("Initiatives", {
        "Initiative ID": "initiative_id", "Initiative": "name", "Portfolio": "portfolio", "Owner": "owner",
        "Sponsor": "sponsor", "Objective": "objective", "Status": "status", "Start Date": "start_date",
        "End Date": "end_date", "Budget": "budget"}),
    "benefits": ("Benefits", {
        "Benefit ID": "benefit_id", "Benefit": "name", "Initiative ID": "initiative_id", "Type": "type",
        "Perspective": "perspective", "Owner": "owner", "Unit": "unit", "Measure": "measure", "Baseline": "baseline",
        "Target": "target", "Unit Value": "unit_value", "Attribution %": "attribution_pct",
        "Dis-benefit": "disbenefit", "Description": "description"}),
    "benefit_measurements": ("Benefit Tracking", {
        "Benefit ID": "benefit_id", "Month": "period", "Planned": "planned", "Actual": "realized", "Note": "note"}),
    "costs": ("Costs", {
        "Project ID": "initiative_id", "Month": "period", "Category": "category", "Capex/Opex": "nature",
        "Planned": "planned", "Actual": "actual", "Vendor": "vendor", "Note": "note"}),
    "milestones": ("Milestones", {
        "Milestone ID": "milestone_id", "Milestone": "name", "Initiative ID": "initiative_id", "Owner": "owner",
        "Baseline": "baseline_date", "Forecast": "forecast_date", "Actual": "actual_date"}),
    "kpis": ("KPIs", {
        "KPI ID": "kpi_id", "KPI": "name", "Perspective": "perspective", "Theme": "theme",
        "Initiative ID": "initiative_id", "Owner": "owner", "Unit": "unit", "Direction": "direction",
        "Target": "target", "Threshold": "threshold", "Frequency": "frequency", "Indicator": "indicator",
        "Definition": "definition", "Rationale": "rationale", "Response": "response"}),
    "kpi_values": ("KPI Values", {"KPI ID": "kpi_id", "Month": "period", "Value": "value", "Note": "note"}),
    "actions": ("Actions", {
        "Action ID": "action_id", "Action": "title", "Owner": "owner", "Raised": "raised_on", "Due": "due_date",
        "Status": "status", "Closed": "closed_on", "Initiative ID": "initiative_id", "KPI ID": "kpi_id",
        "Benefit ID": "benefit_id", "Outcome": "outcome"}),
}  # fmt: skip


def plain(sheet: str, label: str | None = None, look: Look = EXCEL) -> Tab:
    """The plain layout of one sheet, under the office's label when given."""
    default_label, layout = PLAIN[sheet]
    return long_tab(label or default_label, sheet, layout, look)


# ---------------------------------------------------------------- PMO register

MILESTONE_RAG = {"MS-01": "Complete", "MS-02": "Complete", "MS-03": "R", "MS-04": "A", "MS-05": "G"}

PMO_REGISTER: Style = {
    "initiatives": ("Initiatives Register", {
        "Ref": "initiative_id", "Project Title": "name", "Portfolio": "portfolio", "SRO": "owner",
        "Sponsor": "sponsor", "Strategic Objective": "objective", "Status": "status", "Start": "start_date",
        "Finish": "end_date", "Approved Budget": "budget"}),
    "benefits": ("Benefits Register", {
        "Benefit ID": "benefit_id", "Benefit": "name", "Initiative Ref": "initiative_id", "Type": "type",
        "BSC Perspective": "perspective", "Benefit Owner": "owner", "UoM": "unit", "Measure Type": "measure",
        "Baseline": "baseline", "Target": "target", "Value per Unit": "unit_value", "Attribution %": "attribution_pct",
        "Dis-benefit?": "disbenefit", "Description": "description"}),
    "benefit_measurements": ("Benefit Profile", {
        "Benefit ID": "benefit_id", "Reporting Month": "period", "Planned": "planned", "Actual": "realized",
        "Evidence": "note"}),
    "costs": ("Financials", {
        "Project ID": "initiative_id", "Reporting Month": "period", "Cost Category": "category",
        "Capex/Opex": "nature", "Planned Cost": "planned", "Actual Spend": "actual", "Supplier": "vendor",
        "Comments": "note"}),
    # every milestone column is there, so the RAG column is ignored with a warning, not asked about
    "milestones": ("Milestone Plan", {
        "Milestone ID": "milestone_id", "Milestone": "name", "Initiative Ref": "initiative_id", "Lead": "owner",
        "Baseline Date": "baseline_date", "Forecast Date": "forecast_date", "Achieved": "actual_date",
        "RAG": lambda row: MILESTONE_RAG[str(row["milestone_id"])]}),
    "kpis": ("KPI Library", {
        "KPI ID": "kpi_id", "KPI": "name", "Perspective": "perspective", "Theme": "theme",
        "Project ID": "initiative_id", "KPI Owner": "owner", "UoM": "unit", "Polarity": "direction",
        "Target": "target", "Red Threshold": "threshold", "Frequency": "frequency", "Leading/Lagging": "indicator",
        "Definition": "definition", "Rationale": "rationale", "Response": "response"}),
    "kpi_values": ("KPI Actuals", {
        "KPI ID": "kpi_id", "Reporting Month": "period", "Actual": "value", "Comment": "note"}),
    "actions": ("RAID - Actions", {
        "Action ID": "action_id", "Action": "title", "Assigned to": "owner", "Date Raised": "raised_on",
        "Due Date": "due_date", "Status": "status", "Date Closed": "closed_on", "Initiative Ref": "initiative_id",
        "KPI ID": "kpi_id", "Benefit ID": "benefit_id", "Outcome": "outcome"}),
}  # fmt: skip


def pmo_register() -> Case:
    return _case(
        "pmo_register",
        "a PMO's registers: Ref / SRO / Lead / UoM / Achieved, 'X ID' next to the bare noun 'X', a RAG column",
        long_tabs(PMO_REGISTER, Look(yes_no=("Y", "N"))),
        partial(xlsx_files, "PMO Portfolio Register.xlsx"),
    )


# ---------------------------------------------------------------- UK public sector

UK_PUBLIC_SECTOR: Style = {
    "initiatives": ("Projects", {
        "Project Code": "initiative_id", "Project Title": "name", "Programme": "portfolio",
        "Senior Responsible Owner": "owner", "Sponsor": "sponsor", "Strategic Objective": "objective",
        "Status": "status", "Start Date": "start_date", "End Date": "end_date", "Whole Life Budget (£)": "budget"}),
    "benefits": ("Benefits Realisation Plan", {
        "Benefit Ref": "benefit_id", "Benefit Title": "name", "Project Code": "initiative_id",
        "Benefit Category": "type", "Perspective": "perspective", "Benefit Owner": "owner",
        "Unit of Measure": "unit", "Measurement Type": "measure", "Baseline": "baseline", "Target": "target",
        "£ per unit": "unit_value", "Attribution (%)": "attribution_pct", "Dis-benefit (Y/N)": "disbenefit",
        "Description": "description"}),
    "benefit_measurements": ("Benefit Profiles", {
        "Benefit Ref": "benefit_id", "Period": "period", "Planned": "planned", "Realised": "realized",
        "Evidence": "note"}),
    "costs": ("Outturn", {
        "Project Code": "initiative_id", "Month": "period", "Cost Type": "category", "Expenditure Type": "nature",
        "Budget (£)": "planned", "Outturn (£)": "actual", "Supplier": "vendor", "Notes": "note"}),
    "milestones": ("Milestones", {
        "Milestone Ref": "milestone_id", "Milestone": "name", "Project Code": "initiative_id",
        "Milestone Owner": "owner", "Baselined date": "baseline_date", "Forecast date": "forecast_date",
        "Date achieved": "actual_date"}),
    "kpis": ("Performance Indicators", {
        "Indicator Ref": "kpi_id", "Indicator": "name", "Perspective": "perspective", "Theme": "theme",
        "Project Code": "initiative_id", "Indicator Owner": "owner", "Unit": "unit",
        "Direction of travel": "direction", "Target": "target", "Tolerance": "threshold",
        "Reporting Frequency": "frequency", "Leading or Lagging": "indicator", "Definition": "definition",
        "Rationale": "rationale", "Response": "response"}),
    "kpi_values": ("Indicator Returns", {
        "Indicator Ref": "kpi_id", "Period": "period", "Value": "value", "Source": "note"}),
    "actions": ("Action Log", {
        "Ref": "action_id", "Action": "title", "Action Owner": "owner", "Date Raised": "raised_on",
        "Target Date": "due_date", "Status": "status", "Date Closed": "closed_on", "Project Code": "initiative_id",
        "Indicator Ref": "kpi_id", "Benefit Ref": "benefit_id", "Outcome": "outcome"}),
}  # fmt: skip


def uk_public_sector() -> Case:
    look = Look(
        month=_excel("mmm yyyy"),
        yes_no=("Y", "N"),
        wording={
            "cash_releasing": "Cash-releasing",
            "non_cash_releasing": "Non-cash-releasing",
            "higher_is_better": "Higher",
            "lower_is_better": "Lower",
        },
    )
    return _case(
        "uk_public_sector",
        "a UK department (Green Book / MSP / IPA): Senior Responsible Owner, Benefit Category, Outturn, Realised, "
        "£ per unit, Dis-benefit (Y/N)",
        long_tabs(UK_PUBLIC_SECTOR, look),
        partial(xlsx_files, "Benefits Realisation Plan.xlsx"),
    )


# ---------------------------------------------------------------- finance

MONEY = _excel("#,##0.00")
COST_CENTRES = {"INI-01": "CC-4410", "INI-02": "CC-5120", "INI-03": "CC-4410"}


def cost_centre(row: dict[str, object]) -> object:
    return COST_CENTRES[str(row["initiative_id"])]


def variance(row: dict[str, object]) -> object:
    if row["actual"] is None:
        return None
    return MONEY(float(row["actual"]) - float(row["planned"]))  # type: ignore[arg-type]


FINANCE: Style = {
    # every cost column is there: the cost centre and the variance are ignored with warnings
    "costs": ("Budget vs Actuals", {
        "Cost Centre": cost_centre, "Investment ID": "initiative_id", "GL Month": "period",
        "Cost Category": "category", "Capex/Opex": "nature", "Budget": "planned", "Actuals": "actual",
        "Variance": variance, "Supplier": "vendor", "Description": "note"}),
    "initiatives": ("Investments", {
        "Investment ID": "initiative_id", "Investment Name": "name", "Portfolio": "portfolio",
        "Budget Holder": "owner", "Sponsor": "sponsor", "Objective": "objective", "Status": "status",
        "Start Date": "start_date", "End Date": "end_date", "Approved Budget": "budget"}),
    "benefits": ("Benefits", {
        "Benefit Code": "benefit_id", "Benefit Name": "name", "Investment ID": "initiative_id",
        "Benefit Type": "type", "Perspective": "perspective", "Benefit Owner": "owner", "Unit": "unit",
        "Measure": "measure", "Baseline": "baseline", "Target": "target", "Rate per Unit": "unit_value",
        "Attribution %": "attribution_pct", "Dis-benefit": "disbenefit", "Notes": "description"}),
    "benefit_measurements": ("Benefit Tracking", {
        "Benefit Code": "benefit_id", "Period": "period", "Plan": "planned", "Actual": "realized",
        "Source": "note"}),
    "milestones": ("Milestones", {
        "Milestone Code": "milestone_id", "Milestone Name": "name", "Investment ID": "initiative_id",
        "Owner": "owner", "Committed Date": "baseline_date", "Forecast Date": "forecast_date",
        "Completion Date": "actual_date"}),
    "kpis": ("KPIs", {
        "KPI Code": "kpi_id", "KPI Name": "name", "Perspective": "perspective", "Theme": "theme",
        "Investment ID": "initiative_id", "Owner": "owner", "Unit": "unit", "Direction": "direction",
        "Target": "target", "Threshold": "threshold", "Frequency": "frequency", "Indicator": "indicator",
        "Formula": "definition", "Purpose": "rationale", "Playbook": "response"}),
    "kpi_values": ("KPI Results", {"KPI Code": "kpi_id", "Period": "period", "Result": "value", "Comment": "note"}),
    "actions": ("Actions", {
        "Action Code": "action_id", "Action Title": "title", "Owner": "owner", "Date Raised": "raised_on",
        "Due By": "due_date", "Status": "status", "Closed": "closed_on", "Investment ID": "initiative_id",
        "KPI Code": "kpi_id", "Benefit Code": "benefit_id", "Outcome": "outcome"}),
}  # fmt: skip


def finance() -> Case:
    return _case(
        "finance",
        "a finance team's budget-vs-actuals book: Investment ID, GL Month, Budget / Actuals, extra Cost Centre and "
        "Variance columns, money formats",
        long_tabs(FINANCE, Look(day=_excel("dd-mmm-yyyy"), number=MONEY)),
        partial(xlsx_files, "Budget vs Actuals FY26.xlsx"),
    )


# ---------------------------------------------------------------- US program office

US_PROGRAM: Style = {
    "initiatives": ("Projects", {
        "Project ID": "initiative_id", "Project Name": "name", "Program": "portfolio", "Accountable Exec": "owner",
        "Executive Sponsor": "sponsor", "Strategic Goal": "objective", "Status": "status",
        "Start Date": "start_date", "End Date": "end_date", "Budget ($)": "budget"}),
    "benefits": ("Benefits", {
        "Benefit ID": "benefit_id", "Benefit Name": "name", "Project ID": "initiative_id", "Benefit Type": "type",
        "Perspective": "perspective", "Benefit Owner": "owner", "Unit": "unit", "Measure": "measure",
        "Baseline": "baseline", "Target": "target", "$ per Unit": "unit_value", "Attribution %": "attribution_pct",
        "Disbenefit": "disbenefit", "Description": "description"}),
    "benefit_measurements": ("Benefit Tracking", {
        "Benefit ID": "benefit_id", "Month": "period", "Planned": "planned", "Realized": "realized",
        "Notes": "note"}),
    "costs": ("Cost Tracking", {
        "Project ID": "initiative_id", "Month": "period", "Category": "category", "CapEx/OpEx": "nature",
        "Planned": "planned", "Actual": "actual", "Vendor": "vendor", "Notes": "note"}),
    "milestones": ("Milestones", {
        "Milestone ID": "milestone_id", "Milestone Name": "name", "Project ID": "initiative_id",
        "Project Manager": "owner", "Due Date": "baseline_date", "Forecast Date": "forecast_date",
        "Actual Date": "actual_date"}),
    "kpis": ("KPIs", {
        "KPI ID": "kpi_id", "KPI Name": "name", "Perspective": "perspective", "Theme": "theme",
        "Project ID": "initiative_id", "KPI Owner": "owner", "Unit": "unit", "Direction": "direction",
        "Target": "target", "Threshold": "threshold", "Frequency": "frequency", "Leading/Lagging": "indicator",
        "Definition": "definition", "Rationale": "rationale", "Response": "response"}),
    "kpi_values": ("KPI Data", {"KPI ID": "kpi_id", "Month": "period", "Value": "value", "Notes": "note"}),
    "actions": ("Action Items", {
        "Action ID": "action_id", "Action Item": "title", "Owner": "owner", "Date Opened": "raised_on",
        "Target Date": "due_date", "Status": "status", "Closed Date": "closed_on", "Project ID": "initiative_id",
        "KPI ID": "kpi_id", "Benefit ID": "benefit_id", "Outcome": "outcome"}),
}  # fmt: skip


def us_program() -> Case:
    look = Look(
        day=_excel("m/d/yyyy"),
        month=_excel("mmm yyyy"),
        wording={"active": "In Progress", "on_hold": "On Hold", "open": "In Progress", "done": "Complete"},
    )
    # milestone and action dates typed as text, month first: every such column has a day above 12
    typed = replace(look, day=lambda day: day.strftime("%m/%d/%Y"))
    tabs = [
        long_tab(label, sheet, layout, typed if sheet in ("milestones", "actions") else look)
        for sheet, (label, layout) in US_PROGRAM.items()
    ]
    return _case(
        "us_program",
        "a US program office: Program, Accountable Exec, Project Manager, Realized, Due / Target / Actual Date, "
        "In Progress / On Hold, month-first text dates",
        tabs,
        partial(xlsx_files, "Program Status Report.xlsx"),
    )


# ---------------------------------------------------------------- CSV exports with content-free names

TRACKER_EXPORT: Style = {
    "actions": ("tracker_a", {
        "Action ID": "action_id", "Title": "title", "Owner": "owner", "Raised On": "raised_on",
        "Due Date": "due_date", "Status": "status", "Closed On": "closed_on", "Initiative ID": "initiative_id",
        "KPI ID": "kpi_id", "Benefit ID": "benefit_id", "Outcome": "outcome"}),
    "kpi_values": ("tracker_b", {"KPI ID": "kpi_id", "Period": "period", "Value": "value", "Note": "note"}),
    "milestones": ("tracker_c", {
        "Milestone ID": "milestone_id", "Initiative ID": "initiative_id", "Milestone Name": "name",
        "Owner": "owner", "Baseline Date": "baseline_date", "Forecast Date": "forecast_date",
        "Actual Date": "actual_date"}),
    "costs": ("tracker_d", {
        "Initiative ID": "initiative_id", "Period": "period", "Category": "category", "Nature": "nature",
        "Planned": "planned", "Actual": "actual", "Vendor": "vendor", "Note": "note"}),
    "benefit_measurements": ("tracker_e", {
        "Benefit ID": "benefit_id", "Period": "period", "Planned Value": "planned", "Realized Value": "realized",
        "Note": "note"}),
    "kpis": ("tracker_f", {
        "KPI ID": "kpi_id", "KPI Name": "name", "Perspective": "perspective", "Theme": "theme",
        "Initiative ID": "initiative_id", "Owner": "owner", "Unit": "unit", "Direction": "direction",
        "Target": "target", "Threshold": "threshold", "Frequency": "frequency", "Indicator": "indicator",
        "Definition": "definition", "Rationale": "rationale", "Response": "response"}),
    "benefits": ("tracker_g", {
        "Benefit ID": "benefit_id", "Initiative ID": "initiative_id", "Benefit Name": "name",
        "Benefit Type": "type", "Perspective": "perspective", "Owner": "owner", "Unit": "unit",
        "Measure": "measure", "Baseline": "baseline", "Target": "target", "Unit Value": "unit_value",
        "Attribution": "attribution_pct", "Disbenefit": "disbenefit", "Description": "description"}),
    "initiatives": ("tracker_h", {
        "Initiative ID": "initiative_id", "Initiative Name": "name", "Portfolio": "portfolio", "Owner": "owner",
        "Sponsor": "sponsor", "Objective": "objective", "Status": "status", "Start Date": "start_date",
        "End Date": "end_date", "Budget": "budget"}),
}  # fmt: skip


def csv_tracker_exports() -> Case:
    return _case(
        "csv_tracker_exports",
        "a tool's CSV export: eight files named tracker_a..h, in reverse template order, recognised by content",
        long_tabs(TRACKER_EXPORT, CSV_PLAIN),
        csv_files,
    )


# ---------------------------------------------------------------- one column per month


COST_LINE_KEYS: Layout = {
    "Initiative ID": "initiative_id",
    "Category": "category",
    "Capex/Opex": "nature",
    "Supplier": "vendor",
}


def wide_months() -> Case:
    tabs = [
        plain("initiatives"),
        plain("benefits"),
        # text month headers, a Planned / Realised line per benefit
        wide_tab(
            "Benefit Profile",
            "benefit_measurements",
            {"Benefit ID": "benefit_id"},
            "Line",
            {"planned": "Planned", "realized": "Realised"},
            MONTHS[:8],
            lambda day: day.strftime("%b-%y"),
        ),
        # real Excel dates as month headers, a Budget / Actual line per cost line
        wide_tab(
            "Cost Plan",
            "costs",
            COST_LINE_KEYS,
            "Scenario",
            {"planned": "Budget", "actual": "Actual"},
            MONTHS,
            lambda day: Shown(dt.datetime(day.year, day.month, 1), "mmm-yy"),
        ),
        plain("milestones"),
        plain("kpis"),
        # one value a month: no line column needed
        wide_tab(
            "KPI Trend",
            "kpi_values",
            {"KPI ID": "kpi_id"},
            None,
            {"value": None},
            MONTHS[:6],
            lambda day: day.strftime("%b %Y"),
        ),
        plain("actions"),
    ]
    return _case(
        "wide_months",
        "a tracker with one column per month (Jan-26 text, real dates, Jan 2026) and a Plan / Actual line column",
        tabs,
        partial(xlsx_files, "Benefits and costs tracker.xlsx"),
    )


def wide_measure_headers() -> Case:
    portfolio = {
        "Code": "initiative_id", "Name": "name", "Portfolio": "portfolio", "Owner": "owner", "Sponsor": "sponsor",
        "Objective": "objective", "Status": "status", "Start Date": "start_date", "End Date": "end_date",
        "Budget": "budget",
    }  # fmt: skip
    tabs = [
        long_tab("Portfolio", "initiatives", portfolio),
        plain("benefits"),
        wide_measure_tab(
            "Benefit Forecast",
            "benefit_measurements",
            {"Benefit ID": "benefit_id"},
            {"planned": "Plan", "realized": "Actual"},
            MONTHS[:8],
        ),
        wide_measure_tab(
            "Cost Forecast",
            "costs",
            {"Initiative ID": "initiative_id", "Category": "category", "Nature": "nature", "Vendor": "vendor"},
            {"planned": "Plan", "actual": "Actual"},
            MONTHS,
        ),
        plain("milestones"),
        plain("kpis"),
        plain("kpi_values"),
        plain("actions"),
    ]
    return _case(
        "wide_measure_headers",
        "a monthly forecast pack: one column per month and measure, 'Jan 2026 Plan', 'Jan 2026 Actual'",
        tabs,
        partial(xlsx_files, "Monthly Forecast Pack.xlsx"),
    )


# ---------------------------------------------------------------- board pack: title blocks, a read-me, own order

BOARD_PACK: Style = {
    "initiatives": ("Portfolio", {
        "Initiative ID": "initiative_id", "Initiative": "name", "Portfolio": "portfolio",
        "Accountable Executive": "owner", "Sponsor": "sponsor", "Objective": "objective", "Status": "status",
        "Start": "start_date", "Planned End": "end_date", "Budget (USD)": "budget"}),
    "milestones": ("Delivery", {
        "Milestone ID": "milestone_id", "Deliverable": "name", "Initiative ID": "initiative_id", "Owner": "owner",
        "Committed Date": "baseline_date", "Expected Date": "forecast_date", "Date Done": "actual_date"}),
    "kpis": ("Scorecard", {
        "KPI ID": "kpi_id", "KPI": "name", "Perspective": "perspective", "Theme": "theme",
        "Initiative ID": "initiative_id", "Owner": "owner", "Unit": "unit", "Direction": "direction",
        "Target": "target", "Threshold": "threshold", "Frequency": "frequency", "Leading / Lagging": "indicator",
        "Definition": "definition", "Why it matters": "rationale", "Response when off track": "response"}),
    "kpi_values": ("Scorecard Data", {"KPI ID": "kpi_id", "Month": "period", "Value": "value", "Note": "note"}),
    "costs": ("Money", {
        "Initiative ID": "initiative_id", "Month": "period", "TCO Category": "category", "Capex / Opex": "nature",
        "Plan": "planned", "Actual": "actual", "Vendor": "vendor", "Note": "note"}),
    "benefits": ("Value", {
        "Benefit ID": "benefit_id", "Benefit": "name", "Initiative ID": "initiative_id", "Benefit Type": "type",
        "Perspective": "perspective", "Benefit Owner": "owner", "Unit": "unit", "Measure": "measure",
        "Baseline": "baseline", "Target": "target", "Value per Unit": "unit_value",
        "Attribution %": "attribution_pct", "Dis-benefit": "disbenefit", "Description": "description"}),
    "benefit_measurements": ("Value Tracking", {
        "Benefit ID": "benefit_id", "Month": "period", "Plan": "planned", "Realized": "realized",
        "Evidence": "note"}),
    "actions": ("Decisions", {
        "Ref": "action_id", "Decision": "title", "Owner": "owner", "Raised": "raised_on", "Due": "due_date",
        "Status": "status", "Closed": "closed_on", "Initiative ID": "initiative_id", "KPI ID": "kpi_id",
        "Benefit ID": "benefit_id", "Outcome": "outcome"}),
}  # fmt: skip

BOARD_README = [
    ["About this pack"],
    ["The June 2026 board pack of the Northwind IT portfolio. Money is in USD; months are calendar months."],
    ["Figures come from the PMO registers on the last working day of the month."],
    [],
    ["Sheet", "What it holds"],
    ["Portfolio", "The initiatives and who is accountable"],
    ["Delivery", "Committed milestones and where they stand"],
    ["Scorecard", "KPI cards"],
    ["Scorecard Data", "Monthly KPI values"],
    ["Money", "Budget and actuals per month"],
    ["Value", "The benefit register"],
    ["Value Tracking", "Planned and realised benefits per month"],
    ["Decisions", "Decisions and actions from the board"],
]


def board_pack() -> Case:
    look = Look(day=_excel("d mmm yyyy"), month=_excel("mmm yyyy"))
    packed = [
        titled(tab, "Northwind Group - IT Portfolio Board Pack", f"{tab.label} - data as at 15 June 2026")
        for tab in long_tabs(BOARD_PACK, look)
    ]
    return _case(
        "board_pack",
        "a board pack: its own sheet names and order, a title block above every header, a Read me sheet",
        [notes_tab("Read me", BOARD_README), *packed],
        partial(xlsx_files, "Board Pack June 2026.xlsx"),
    )


# ---------------------------------------------------------------- two sheets alike: costs split Capex / Opex


def capex_opex_split() -> Case:
    tabs = [
        plain("initiatives"),
        plain("benefits"),
        plain("benefit_measurements"),
        only("costs", lambda row: row["nature"] == "capex", plain("costs", "Capex")),
        only("costs", lambda row: row["nature"] == "opex", plain("costs", "Opex")),
        plain("milestones"),
        plain("kpis"),
        plain("kpi_values"),
        plain("actions"),
    ]
    return _case(
        "capex_opex_split",
        "costs kept in two sheets with the same headers, Capex and Opex: the second one is asked about",
        tabs,
        partial(xlsx_files, "Cost workbook.xlsx"),
        questions=(("Opex", None),),
        answers=("Capex=costs", "Opex=costs"),
    )


# ---------------------------------------------------------------- a meaningless header


def meaningless_header() -> Case:
    financials = {
        "Project ID": "initiative_id",
        "Month": "period",
        "Category": "category",
        "Capex/Opex": "nature",
        "Budget": "planned",
        "Col F": "actual",  # column F, headed by whoever pasted it in
        "Supplier": "vendor",
    }
    tabs = [
        plain("initiatives"),
        plain("benefits"),
        plain("benefit_measurements"),
        long_tab("Financials", "costs", financials),
        plain("milestones"),
        plain("kpis"),
        plain("kpi_values"),
        plain("actions"),
    ]
    return _case(
        "meaningless_header",
        "a costs sheet whose actuals column is headed 'Col F': asked about, answered costs.actual",
        tabs,
        partial(xlsx_files, "Financials.xlsx"),
        questions=(("Financials", "Col F"),),
        answers=("Financials!Col F=costs.actual",),
    )


# ---------------------------------------------------------------- a column with no place in the template

INTERNAL_CODES = {"INI-01": "IC-7781", "INI-02": "IC-7790", "INI-03": "IC-7802"}
FINANCE_PARTNERS = {"INI-01": "Priya Raman", "INI-02": "Tom Okafor", "INI-03": "Priya Raman"}


def unplaced_column() -> Case:
    register = {
        "Initiative ID": "initiative_id",
        "Initiative Name": "name",
        "Internal Code": lambda row: INTERNAL_CODES[str(row["initiative_id"])],
        "Finance Business Partner": lambda row: FINANCE_PARTNERS[str(row["initiative_id"])],
        "Portfolio": "portfolio",
        "Owner": "owner",
        "Status": "status",
        "Start Date": "start_date",
        "End Date": "end_date",
        "Budget": "budget",
    }
    tabs = [
        long_tab("Initiatives Register", "initiatives", register),
        *(plain(sheet) for sheet in PLAIN if sheet != "initiatives"),
    ]
    return _case(
        "unplaced_column",
        "columns with no place in the template while sponsor and objective are missing: a column of people "
        "('Finance Business Partner') could be the sponsor, so it is asked about and answered ignore; a column "
        "of codes ('Internal Code') can be neither and is ignored with a warning",
        tabs,
        partial(xlsx_files, "Initiatives Register.xlsx"),
        questions=(("Initiatives Register", "Finance Business Partner"),),
        answers=("Initiatives Register!Finance Business Partner=-",),
    )


# ---------------------------------------------------------------- copies of names in the detail sheets


def initiative_name(row: dict[str, object]) -> object:
    return next(item["name"] for item in INITIATIVES if item["initiative_id"] == row["initiative_id"])


def benefit_name(row: dict[str, object]) -> object:
    return next(item["name"] for item in BENEFITS if item["benefit_id"] == row["benefit_id"])


def kpi_name(row: dict[str, object]) -> object:
    return next(item["name"] for item in KPIS if item["kpi_id"] == row["kpi_id"])


# The detail sheets lack some template columns (perspective, description, vendor, note, owner), so a copied
# name would be a question if it were not recognised as a copy of what another sheet holds.
NAME_COPIES: Style = {
    "initiatives": ("Projects", {
        "Project ID": "initiative_id", "Project Name": "name", "Portfolio": "portfolio", "Owner": "owner",
        "Sponsor": "sponsor", "Objective": "objective", "Status": "status", "Start Date": "start_date",
        "End Date": "end_date", "Budget": "budget"}),
    "benefits": ("Benefits", {
        "Benefit ID": "benefit_id", "Project ID": "initiative_id", "Project Name": initiative_name,
        "Benefit Name": "name", "Type": "type", "Owner": "owner", "Unit": "unit", "Measure": "measure",
        "Baseline": "baseline", "Target": "target", "Unit Value": "unit_value",
        "Attribution %": "attribution_pct", "Dis-benefit": "disbenefit"}),
    "benefit_measurements": ("Benefit Values", {
        "Benefit ID": "benefit_id", "Benefit Name": benefit_name, "Month": "period", "Planned": "planned",
        "Actual": "realized"}),
    "costs": ("Costs", {
        "Project ID": "initiative_id", "Project Name": initiative_name, "Month": "period", "Category": "category",
        "Capex/Opex": "nature", "Planned": "planned", "Actual": "actual"}),
    "milestones": ("Milestones", {
        "Milestone ID": "milestone_id", "Milestone Name": "name", "Project ID": "initiative_id",
        "Project Name": initiative_name, "Baseline Date": "baseline_date", "Forecast Date": "forecast_date",
        "Actual Date": "actual_date"}),
    "kpis": PLAIN["kpis"],
    "kpi_values": ("KPI Values", {"KPI ID": "kpi_id", "KPI Name": kpi_name, "Month": "period", "Value": "value"}),
    "actions": PLAIN["actions"],
}  # fmt: skip


def name_copies() -> Case:
    return _case(
        "name_copies",
        "lookup columns copying a name another sheet holds ('Project Name' in benefits, costs and milestones, "
        "'Benefit Name', 'KPI Name'): ignored with a warning, not asked about",
        long_tabs(NAME_COPIES),
        partial(xlsx_files, "Portfolio tracker.xlsx"),
    )


# ---------------------------------------------------------------- spelling mistakes and units in headers

TYPOS_AND_UNITS: Style = {
    "initiatives": ("Intiatives", {
        "Initiative ID": "initiative_id", "Initative Name": "name", "Portfolio": "portfolio", "Owner": "owner",
        "Sponser": "sponsor", "Objective": "objective", "Status": "status", "Start Date": "start_date",
        "End Date": "end_date", "Budget (USD)": "budget"}),
    "benefits": ("Benifits", {
        "Benifit ID": "benefit_id", "Benifit Name": "name", "Initiative ID": "initiative_id",
        "Benifit Type": "type", "Perspective": "perspective", "Benifit Owner": "owner", "Unit": "unit",
        "Measure": "measure", "Baseline": "baseline", "Target": "target", "Unit Value (USD)": "unit_value",
        "Attribution (%)": "attribution_pct", "Dis-benefit": "disbenefit", "Description": "description"}),
    "benefit_measurements": ("Benifit Tracking", {
        "Benifit ID": "benefit_id", "Month": "period", "Planned": "planned", "Realised": "realized"}),
    "costs": ("Costs (USD)", {
        "Initiative ID": "initiative_id", "Month": "period", "Category": "category", "Capex/Opex": "nature",
        "Planned (USD)": "planned", "Actual (USD)": "actual", "Vendor": "vendor"}),
    "milestones": ("Miletsones", {
        "Miletsone ID": "milestone_id", "Miletsone": "name", "Initiative ID": "initiative_id", "Owner": "owner",
        "Baseline Date": "baseline_date", "Forcast Date": "forecast_date", "Actual Date": "actual_date"}),
    "kpis": ("KPIs", {
        "KPI ID": "kpi_id", "KPI Name": "name", "Perspective": "perspective", "Theme": "theme",
        "Initiative ID": "initiative_id", "Owner": "owner", "Unit": "unit", "Direction": "direction",
        "Target": "target", "Treshold": "threshold", "Frequency": "frequency", "Indicator": "indicator",
        "Definition": "definition", "Rationale": "rationale", "Response": "response"}),
    "kpi_values": ("KPI Values", {"KPI ID": "kpi_id", "Month": "period", "Value": "value"}),
    "actions": ("Actions", {
        "Action ID": "action_id", "Action": "title", "Owner": "owner", "Raised On": "raised_on",
        "Due Date": "due_date", "Status": "status", "Closed On": "closed_on", "Initiative ID": "initiative_id",
        "KPI ID": "kpi_id", "Benifit ID": "benefit_id", "Outcome": "outcome"}),
}  # fmt: skip


def typos_and_units() -> Case:
    return _case(
        "typos_and_units",
        "a hand-kept workbook with spelling mistakes (Benifit, Miletsone, Forcast, Treshold, Sponser) and units in "
        "headers (Planned (USD), Attribution (%))",
        long_tabs(TYPOS_AND_UNITS),
        partial(xlsx_files, "benifits_tracker.xlsx"),
    )


# ---------------------------------------------------------------- a system export: camelCase and snake_case

SYSTEM_EXPORT: Style = {
    "initiatives": ("InitiativeList", {
        "initiativeId": "initiative_id", "initiativeName": "name", "portfolio": "portfolio",
        "initiativeOwner": "owner", "sponsor": "sponsor", "objective": "objective", "status": "status",
        "startDate": "start_date", "endDate": "end_date", "budget": "budget"}),
    "benefits": ("BenefitList", {
        "benefit_ref": "benefit_id", "initiative_ref": "initiative_id", "benefit_name": "name",
        "benefit_type": "type", "bsc_perspective": "perspective", "benefit_owner": "owner", "uom": "unit",
        "measure_type": "measure", "baseline_value": "baseline", "target_value": "target",
        "unit_value": "unit_value", "attribution_pct": "attribution_pct", "is_disbenefit": "disbenefit",
        "details": "description"}),
    "benefit_measurements": ("BenefitValues", {
        "benefitId": "benefit_id", "periodStart": "period", "plannedValue": "planned",
        "realizedValue": "realized", "evidence": "note"}),
    "costs": ("CostLines", {
        "InitiativeID": "initiative_id", "Period": "period", "CostCategory": "category", "CapexOpex": "nature",
        "PlannedAmount": "planned", "ActualAmount": "actual", "VendorName": "vendor", "Comment": "note"}),
    "milestones": ("MilestoneList", {
        "milestoneId": "milestone_id", "initiativeId": "initiative_id", "milestoneName": "name",
        "milestoneOwner": "owner", "baselineDate": "baseline_date", "forecastDate": "forecast_date",
        "actualDate": "actual_date"}),
    "kpis": ("KpiList", {
        "kpiId": "kpi_id", "kpiName": "name", "perspective": "perspective", "theme": "theme",
        "initiativeId": "initiative_id", "kpiOwner": "owner", "unit": "unit", "direction": "direction",
        "target": "target", "threshold": "threshold", "frequency": "frequency", "indicatorType": "indicator",
        "definition": "definition", "rationale": "rationale", "response": "response"}),
    "kpi_values": ("KpiValues", {"kpiId": "kpi_id", "period": "period", "value": "value", "note": "note"}),
    "actions": ("ActionList", {
        "actionId": "action_id", "actionTitle": "title", "actionOwner": "owner", "raisedOn": "raised_on",
        "dueDate": "due_date", "status": "status", "closedOn": "closed_on", "initiativeId": "initiative_id",
        "kpiId": "kpi_id", "benefitId": "benefit_id", "outcome": "outcome"}),
}  # fmt: skip


def system_export() -> Case:
    look = Look(
        day=lambda day: f"{day.isoformat()}T00:00:00",
        month=lambda day: f"{day.isoformat()}T00:00:00",
        number=_plain_number,
        yes_no=("true", "false"),
        choice=str,
    )
    return _case(
        "system_export",
        "a system's CSV export: camelCase and snake_case headers, raw codes, true/false, ISO timestamps, CRLF",
        long_tabs(SYSTEM_EXPORT, look),
        partial(csv_files, line_end="\r\n"),
    )


# ---------------------------------------------------------------- European CSV: semicolons, decimal commas


def european_csv() -> Case:
    look = Look(
        day=lambda day: day.strftime("%d.%m.%Y"),
        month=lambda day: day.strftime("%d.%m.%Y"),
        number=_comma_number,
        yes_no=("yes", "no"),
    )
    return _case(
        "european_csv",
        "Excel's 'CSV UTF-8' from a European desk: semicolons, decimal commas (10.000,00), dd.mm.yyyy dates",
        [plain(sheet, f"portfolio_{sheet}", look) for sheet in PLAIN],
        partial(csv_files, delimiter=";", encoding="utf-8-sig", line_end="\r\n"),
    )


CASES: tuple[Case, ...] = (
    template_case(),
    pmo_register(),
    uk_public_sector(),
    finance(),
    us_program(),
    csv_tracker_exports(),
    wide_months(),
    wide_measure_headers(),
    board_pack(),
    capex_opex_split(),
    meaningless_header(),
    unplaced_column(),
    name_copies(),
    typos_and_units(),
    system_export(),
    european_csv(),
)
CASES_BY_NAME: dict[str, Case] = {case.name: case for case in CASES}


def write_all(folder: Path, cases: Sequence[Case] = CASES) -> list[Path]:
    """Every case's files under folder/<case name>/."""
    written = []
    for case in cases:
        target = folder / case.name
        target.mkdir(parents=True, exist_ok=True)
        for source in case.files():
            path = target / source.name
            path.write_bytes(source.content)
            written.append(path)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/intake_corpus.py OUTDIR")
    for path in write_all(Path(sys.argv[1])):
        print(path)
