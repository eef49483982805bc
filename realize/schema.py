"""The workbook contract (SPEC section 2) as data: the one source of truth.

Validation (ingest), the Excel template, the store's tables and the README's
column reference all read these definitions; no column list is typed twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

ColumnKind = Literal["text", "number", "percent", "date", "month", "bool", "enum"]

# How each kind is stored in DuckDB.
SQL_TYPES: dict[str, str] = {
    "text": "varchar",
    "number": "double",
    "percent": "double",
    "date": "date",
    "month": "date",
    "bool": "boolean",
    "enum": "varchar",
}

# What a user is told to write, per kind (template About sheet, error messages).
KIND_HINTS: dict[str, str] = {
    "text": "text",
    "number": "a number (1200, 1,200.50, $1,200 or (1,200) for a negative)",
    "percent": "a percentage from 0 to 100 (80 or 80%)",
    "date": "a date (an Excel date, or text as YYYY-MM-DD)",
    "month": "a month (any date in the month, or YYYY-MM)",
    "bool": "yes or no (also true/false, 1/0)",
    "enum": "one of the listed values",
}


def normalize_name(name: str) -> str:
    """Fold a sheet or column name for matching: case, spaces and punctuation ignored."""
    return re.sub(r"[^0-9a-z]", "", str(name).casefold())


def normalize_choice(value: str) -> str:
    """Fold an enumeration value: 'Cash releasing' and 'cash-releasing' -> 'cash_releasing'."""
    return re.sub(r"[^0-9a-z]+", "_", str(value).casefold()).strip("_")


@dataclass(frozen=True)
class Column:
    name: str
    kind: ColumnKind
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    default: object = None
    synonyms: tuple[str, ...] = ()
    # other spellings users write for a choice, e.g. {"completed": "closed"}
    choice_synonyms: dict[str, str] = field(default_factory=dict)
    # the sheet whose key this column must name (a reference)
    references: str | None = None
    example: object = None

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.kind]

    def hint(self) -> str:
        if self.kind == "enum":
            return "one of: " + ", ".join(self.choices)
        return KIND_HINTS[self.kind]


@dataclass(frozen=True)
class DateOrder:
    """Row rule: `later` may not be before `earlier` when both are given."""

    earlier: str
    later: str


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    description: str
    scope_key: str
    columns: tuple[Column, ...]
    # the columns that identify a row; duplicates are an error (empty: no rule)
    unique_key: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    date_orders: tuple[DateOrder, ...] = ()
    # at least one of these columns must hold a value on every row
    at_least_one: tuple[str, ...] = ()

    @property
    def table(self) -> str:
        """The append-only table holding every uploaded row of this sheet."""
        return f"data_{self.name}"

    @property
    def current_view(self) -> str:
        """The view holding the current rows of this sheet (latest upload per scope)."""
        return f"current_{self.name}"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.required)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name}")


PERSPECTIVES = ("financial", "customer", "internal_process", "learning_growth")
PERSPECTIVE_SYNONYMS = {
    "finance": "financial",
    "internal": "internal_process",
    "process": "internal_process",
    "internal_processes": "internal_process",
    "learning": "learning_growth",
    "learning_and_growth": "learning_growth",
    "people": "learning_growth",
    "customers": "customer",
}


# Ids that other sheets refer to: what users call them, and the sheet each names.
ID_SYNONYMS: dict[str, tuple[str, ...]] = {
    "initiative_id": ("initiative", "project id", "project", "project code", "initiative code", "investment id"),
    "benefit_id": ("benefit", "benefit code", "benefit ref"),
    "kpi_id": ("kpi", "kpi code", "indicator id", "metric id"),
}
ID_SHEETS: dict[str, str] = {"initiative_id": "initiatives", "benefit_id": "benefits", "kpi_id": "kpis"}


def _id(name: str, description: str, synonyms: tuple[str, ...] = (), **kwargs: object) -> Column:
    """A sheet's own required id column."""
    synonyms = synonyms or ID_SYNONYMS.get(name, ())
    return Column(name, "text", description, required=True, synonyms=synonyms, **kwargs)  # type: ignore[arg-type]


def _reference(name: str, description: str, *, required: bool = True, example: object = None) -> Column:
    """A column naming a row of another sheet by its id."""
    return Column(
        name,
        "text",
        description,
        required=required,
        synonyms=ID_SYNONYMS[name],
        references=ID_SHEETS[name],
        example=example,
    )


INITIATIVES = Sheet(
    name="initiatives",
    title="Initiatives",
    description="One row per initiative (project, programme or investment) in the portfolio.",
    scope_key="initiative_id",
    unique_key=("initiative_id",),
    synonyms=("initiative", "initiative register", "projects", "project", "project list", "investments"),
    date_orders=(DateOrder("start_date", "end_date"),),
    columns=(
        _id("initiative_id", "Unique code of the initiative, used by every other sheet.", example="INI-01"),
        Column(
            "name",
            "text",
            "Name of the initiative.",
            required=True,
            synonyms=("initiative name", "project name", "title"),
            example="Cloud migration",
        ),
        Column(
            "portfolio",
            "text",
            "Programme or portfolio the initiative belongs to.",
            synonyms=("programme", "program", "portfolio name"),
            example="Infrastructure",
        ),
        Column(
            "owner",
            "text",
            "Accountable executive.",
            required=True,
            synonyms=("initiative owner", "accountable", "accountable executive", "project owner"),
            example="Ada Lovelace",
        ),
        Column("sponsor", "text", "Sponsor who funds the initiative.", synonyms=("executive sponsor",)),
        Column(
            "objective",
            "text",
            "Strategic objective the initiative serves.",
            synonyms=("strategic objective", "goal"),
        ),
        Column(
            "status",
            "enum",
            "Lifecycle status.",
            choices=("proposed", "active", "on_hold", "closed", "cancelled"),
            default="active",
            choice_synonyms={
                "in_progress": "active",
                "ongoing": "active",
                "open": "active",
                "paused": "on_hold",
                "hold": "on_hold",
                "completed": "closed",
                "complete": "closed",
                "done": "closed",
                "canceled": "cancelled",
                "planned": "proposed",
            },
            synonyms=("initiative status", "project status"),
        ),
        Column("start_date", "date", "Start date.", synonyms=("start", "started"), example="2025-01-01"),
        Column(
            "end_date",
            "date",
            "Planned end date.",
            synonyms=("end", "planned end", "planned end date", "finish"),
            example="2026-06-30",
        ),
        Column(
            "budget",
            "number",
            "Approved budget, in the reporting currency.",
            synonyms=("approved budget", "budget approved"),
            example=1200000,
        ),
    ),
)

BENEFITS = Sheet(
    name="benefits",
    title="Benefit register",
    description="One row per benefit (or dis-benefit) an initiative is expected to deliver.",
    scope_key="initiative_id",
    unique_key=("benefit_id",),
    synonyms=("benefit register", "benefits register", "benefit", "benefit list"),
    columns=(
        _id("benefit_id", "Unique code of the benefit.", example="BEN-01"),
        _reference(
            "initiative_id",
            "Initiative that delivers the benefit; must exist in this upload or already be stored.",
            example="INI-01",
        ),
        Column(
            "name",
            "text",
            "Name of the benefit.",
            required=True,
            synonyms=("benefit name", "title"),
            example="Data-centre running costs avoided",
        ),
        Column(
            "type",
            "enum",
            "Benefit type (Green Book / MSP).",
            required=True,
            choices=("cash_releasing", "non_cash_releasing", "quantifiable", "qualitative"),
            choice_synonyms={
                "cash": "cash_releasing",
                "financial": "cash_releasing",
                "non_cash": "non_cash_releasing",
                "noncash": "non_cash_releasing",
                "non_cash_releasing_benefit": "non_cash_releasing",
                "quantitative": "quantifiable",
                "measurable": "quantifiable",
            },
            synonyms=("benefit type", "category", "classification"),
            example="cash_releasing",
        ),
        Column(
            "perspective",
            "enum",
            "Balanced-scorecard perspective.",
            choices=PERSPECTIVES,
            choice_synonyms=PERSPECTIVE_SYNONYMS,
            synonyms=("bsc perspective", "scorecard perspective"),
        ),
        Column(
            "owner",
            "text",
            "Benefit owner (often not the initiative owner).",
            required=True,
            synonyms=("benefit owner", "responsible"),
            example="Grace Hopper",
        ),
        Column("unit", "text", "Unit of measure: USD, hours, %, score...", synonyms=("units", "uom"), example="USD"),
        Column(
            "measure",
            "enum",
            "flow: values per month add up (savings per month); level: a state (availability %, score).",
            choices=("flow", "level"),
            default="flow",
            choice_synonyms={"cumulative": "flow", "per_period": "flow", "state": "level", "point_in_time": "level"},
            synonyms=("measure type", "measurement type"),
        ),
        Column("baseline", "number", "Level before the change (level measures).", synonyms=("baseline value",)),
        Column(
            "target",
            "number",
            "Target level (level measures) or total planned (flow measures, for information).",
            synonyms=("target value",),
        ),
        Column(
            "unit_value",
            "number",
            "Money per unit, to monetize the benefit; 1 when the unit is the reporting currency; "
            "empty = not monetized.",
            synonyms=("value per unit", "unit price", "monetisation rate", "monetization rate"),
            example=1,
        ),
        Column(
            "attribution_pct",
            "percent",
            "Percent of the benefit credited to this initiative, 0-100.",
            default=100.0,
            synonyms=("attribution", "attribution percent", "attribution percentage", "attributed"),
            example=100,
        ),
        Column(
            "disbenefit",
            "bool",
            "Yes when this is a negative consequence of the change.",
            default=False,
            synonyms=("dis benefit", "is disbenefit", "negative"),
        ),
        Column("description", "text", "What the benefit is and how it is measured.", synonyms=("notes", "details")),
    ),
)

BENEFIT_MEASUREMENTS = Sheet(
    name="benefit_measurements",
    title="Benefit measurements",
    description="The benefit profile: planned and realized values per benefit and month.",
    scope_key="benefit_id",
    unique_key=("benefit_id", "period"),
    synonyms=(
        "benefit measurement",
        "measurements",
        "benefit profile",
        "benefit actuals",
        "benefit tracking",
        "benefits tracking",
        "benefit values",
    ),
    columns=(
        _reference("benefit_id", "Benefit measured; must exist.", example="BEN-01"),
        Column(
            "period",
            "month",
            "Month measured (any date in the month).",
            required=True,
            synonyms=("month", "date", "period start"),
            example="2025-01",
        ),
        Column(
            "planned",
            "number",
            "Planned value for the month (flow) or planned level (level).",
            synonyms=("plan", "planned value", "expected"),
            example=10000,
        ),
        Column(
            "realized",
            "number",
            "Measured value; empty = not yet measured.",
            synonyms=("realised", "actual", "actuals", "realized value", "realised value", "measured"),
            example=9500,
        ),
        Column("note", "text", "Evidence or source of the measurement.", synonyms=("notes", "evidence", "source")),
    ),
)

COSTS = Sheet(
    name="costs",
    title="Costs",
    description="Planned and actual cost lines per initiative and month, by TCO category.",
    scope_key="initiative_id",
    synonyms=("cost", "cost lines", "spend", "cost plan"),
    columns=(
        _reference("initiative_id", "Initiative the cost belongs to; must exist.", example="INI-01"),
        Column(
            "period",
            "month",
            "Month of the cost (any date in the month).",
            required=True,
            synonyms=("month", "date"),
            example="2025-01",
        ),
        Column(
            "category",
            "enum",
            "TCO category.",
            required=True,
            choices=("acquisition", "implementation", "operating", "renewal", "exit"),
            choice_synonyms={
                "purchase": "acquisition",
                "acquire": "acquisition",
                "build": "implementation",
                "project": "implementation",
                "run": "operating",
                "operations": "operating",
                "operational": "operating",
                "opex_run": "operating",
                "support": "operating",
                "maintenance": "operating",
                "decommissioning": "exit",
                "decommission": "exit",
                "retirement": "exit",
            },
            synonyms=("cost category", "tco category"),
            example="implementation",
        ),
        Column(
            "nature",
            "enum",
            "Capital or operating expenditure.",
            choices=("capex", "opex"),
            default="opex",
            choice_synonyms={"capital": "capex", "operating": "opex", "operational": "opex"},
            synonyms=("capex opex", "expenditure type", "spend type"),
        ),
        Column(
            "planned",
            "number",
            "Planned cost (budget) for the month.",
            synonyms=("plan", "budget", "planned cost"),
            example=50000,
        ),
        Column(
            "actual",
            "number",
            "Booked actual cost; empty = none booked.",
            synonyms=("actuals", "actual cost", "spent"),
            example=48000,
        ),
        Column("vendor", "text", "Supplier.", synonyms=("supplier",)),
        Column("note", "text", "Note.", synonyms=("notes", "description", "comment")),
    ),
)

MILESTONES = Sheet(
    name="milestones",
    title="Milestones",
    description="Delivery commitments: one row per milestone with its committed, forecast and actual dates.",
    scope_key="initiative_id",
    unique_key=("milestone_id",),
    synonyms=("milestone", "milestone plan", "commitments", "delivery", "deliverables"),
    columns=(
        _id("milestone_id", "Unique code of the milestone.", ("milestone", "milestone code"), example="MS-01"),
        _reference("initiative_id", "Initiative committed to the milestone; must exist.", example="INI-01"),
        Column(
            "name",
            "text",
            "What is delivered.",
            required=True,
            synonyms=("milestone name", "title", "deliverable"),
            example="First workloads migrated",
        ),
        Column("owner", "text", "Who delivers it.", synonyms=("milestone owner", "responsible")),
        Column(
            "baseline_date",
            "date",
            "The committed date.",
            required=True,
            synonyms=("baseline", "committed date", "planned date", "due date", "commitment date"),
            example="2025-06-30",
        ),
        Column(
            "forecast_date",
            "date",
            "Current expectation.",
            synonyms=("forecast", "expected date", "revised date"),
        ),
        Column(
            "actual_date",
            "date",
            "When it was achieved.",
            synonyms=("actual", "achieved", "completed", "completion date", "done on"),
        ),
    ),
)

KPIS = Sheet(
    name="kpis",
    title="KPIs",
    description="KPI decision cards: what each KPI measures, why, its target and what we do when it drifts.",
    scope_key="kpi_id",
    unique_key=("kpi_id",),
    synonyms=("kpi", "kpi definitions", "kpi cards", "indicators", "metrics"),
    columns=(
        _id("kpi_id", "Unique code of the KPI.", example="KPI-01"),
        Column(
            "name",
            "text",
            "Name of the KPI.",
            required=True,
            synonyms=("kpi name", "indicator name", "metric"),
            example="Service availability",
        ),
        Column(
            "perspective",
            "enum",
            "Balanced-scorecard perspective.",
            required=True,
            choices=PERSPECTIVES,
            choice_synonyms=PERSPECTIVE_SYNONYMS,
            synonyms=("bsc perspective", "scorecard perspective"),
            example="customer",
        ),
        Column("theme", "text", "Theme: delivery, reliability, risk, cost...", synonyms=("area", "category")),
        _reference("initiative_id", "Initiative the KPI tracks (optional); must exist if given.", required=False),
        Column(
            "owner",
            "text",
            "Who responds when it drifts.",
            required=True,
            synonyms=("kpi owner", "responsible"),
            example="Grace Hopper",
        ),
        Column("unit", "text", "Unit: %, hours, count...", synonyms=("units", "uom")),
        Column(
            "direction",
            "enum",
            "Whether higher or lower values are better.",
            required=True,
            choices=("higher_is_better", "lower_is_better"),
            choice_synonyms={
                "higher": "higher_is_better",
                "up": "higher_is_better",
                "increase": "higher_is_better",
                "maximise": "higher_is_better",
                "maximize": "higher_is_better",
                "lower": "lower_is_better",
                "down": "lower_is_better",
                "decrease": "lower_is_better",
                "minimise": "lower_is_better",
                "minimize": "lower_is_better",
            },
            synonyms=("polarity", "better when"),
            example="higher_is_better",
        ),
        Column(
            "target", "number", "What good looks like.", required=True, synonyms=("target value", "goal"), example=99.9
        ),
        Column(
            "threshold",
            "number",
            "Beyond this it is red; between target and threshold it is amber.",
            synonyms=("red threshold", "tolerance", "limit"),
            example=99.5,
        ),
        Column(
            "frequency",
            "enum",
            "How often it is measured.",
            choices=("monthly", "quarterly", "annual"),
            default="monthly",
            choice_synonyms={
                "month": "monthly",
                "quarter": "quarterly",
                "yearly": "annual",
                "annually": "annual",
                "year": "annual",
            },
            synonyms=("reporting frequency", "cadence"),
        ),
        Column(
            "indicator",
            "enum",
            "Leading (predicts) or lagging (confirms).",
            choices=("leading", "lagging"),
            synonyms=("indicator type", "leading lagging"),
        ),
        Column("definition", "text", "What it measures and how.", synonyms=("formula", "calculation")),
        Column(
            "rationale", "text", "Why it matters; which decision it informs.", synonyms=("why", "purpose", "reason")
        ),
        Column("response", "text", "What we do when it drifts.", synonyms=("action on drift", "actions", "playbook")),
    ),
)

KPI_VALUES = Sheet(
    name="kpi_values",
    title="KPI values",
    description="Measured KPI values per month.",
    scope_key="kpi_id",
    unique_key=("kpi_id", "period"),
    synonyms=("kpi value", "kpi actuals", "kpi data", "kpi results", "kpi measurements"),
    columns=(
        _reference("kpi_id", "KPI measured; must exist.", example="KPI-01"),
        Column(
            "period",
            "month",
            "Month measured (any date in the month).",
            required=True,
            synonyms=("month", "date"),
            example="2025-01",
        ),
        Column(
            "value",
            "number",
            "Measured value.",
            required=True,
            synonyms=("actual", "result", "measured"),
            example=99.95,
        ),
        Column("note", "text", "Note.", synonyms=("notes", "comment", "source")),
    ),
)

ACTIONS = Sheet(
    name="actions",
    title="Actions",
    description="Review decisions and actions, each with an owner and due date, linked to what it responds to.",
    scope_key="action_id",
    unique_key=("action_id",),
    synonyms=("action", "action log", "decisions", "decision log", "review actions", "actions log"),
    date_orders=(DateOrder("raised_on", "due_date"), DateOrder("raised_on", "closed_on")),
    at_least_one=("initiative_id", "kpi_id", "benefit_id"),
    columns=(
        _id("action_id", "Unique code of the action.", ("action", "action code", "ref"), example="ACT-01"),
        Column(
            "title",
            "text",
            "The decision or action.",
            required=True,
            synonyms=("decision", "description", "action title"),
            example="Add a second region for the payment service",
        ),
        Column("owner", "text", "Who does it.", required=True, synonyms=("action owner", "responsible", "assignee")),
        Column(
            "raised_on",
            "date",
            "Review date it was raised.",
            required=True,
            synonyms=("raised", "date raised", "review date", "opened"),
            example="2026-09-15",
        ),
        Column(
            "due_date",
            "date",
            "When it is due.",
            required=True,
            synonyms=("due", "due by", "deadline"),
            example="2026-10-31",
        ),
        Column(
            "status",
            "enum",
            "open, done or dropped.",
            choices=("open", "done", "dropped"),
            default="open",
            choice_synonyms={
                "closed": "done",
                "complete": "done",
                "completed": "done",
                "in_progress": "open",
                "ongoing": "open",
                "cancelled": "dropped",
                "canceled": "dropped",
            },
            synonyms=("action status",),
        ),
        Column(
            "closed_on", "date", "When it was closed.", synonyms=("closed", "date closed", "completed on", "done on")
        ),
        _reference("initiative_id", "Initiative it responds to; must exist if given.", required=False),
        _reference("kpi_id", "KPI it responds to; must exist if given.", required=False),
        _reference("benefit_id", "Benefit it responds to; must exist if given.", required=False),
        Column("outcome", "text", "Effect observed.", synonyms=("result", "effect")),
    ),
)

SHEETS: tuple[Sheet, ...] = (
    INITIATIVES,
    BENEFITS,
    BENEFIT_MEASUREMENTS,
    COSTS,
    MILESTONES,
    KPIS,
    KPI_VALUES,
    ACTIONS,
)
# Settings edited in the app are kept in the ledger like a sheet (one scope per
# setting, so every change is an entry that can be reverted) but are not part
# of the workbook: no template sheet, never read from an upload.
SETTINGS = Sheet(
    name="settings",
    title="Settings",
    description="Settings of the measures (currency, discount rate, tolerance, fiscal year, status thresholds).",
    scope_key="setting",
    unique_key=("setting",),
    columns=(
        Column("setting", "text", "Name of the setting.", required=True),
        Column("value", "text", "Its value, as text."),
    ),
)
# Everything the store keeps under the ledger: the workbook's sheets and the settings.
STORED_SHEETS: tuple[Sheet, ...] = (*SHEETS, SETTINGS)
SHEETS_BY_NAME: dict[str, Sheet] = {sheet.name: sheet for sheet in STORED_SHEETS}

# Sheets of our own workbooks that carry no data to upload, skipped without a
# warning: the template's About sheet (the export's views are skipped too).
INFORMATION_SHEETS = ("about",)


def sheet_for_name(name: str) -> Sheet | None:
    """The sheet a workbook tab or CSV file name means, or None."""
    wanted = normalize_name(name)
    for sheet in SHEETS:
        if wanted == normalize_name(sheet.name):
            return sheet
    for sheet in SHEETS:
        if wanted in {normalize_name(synonym) for synonym in sheet.synonyms}:
            return sheet
    return None


def column_for_header(sheet: Sheet, header: str) -> Column | None:
    """The column a header means in this sheet: exact name first, then synonyms; a unit in brackets
    ('Planned (USD)', 'Budget [k$]') or a required-mark '*' does not stop a match."""
    names = _header_names(sheet.name)
    for text in (header, re.sub(r"[(\[{].*?[)\]}]|\*", " ", header)):
        column = names.get(normalize_name(text))
        if column is not None:
            return column
    return None


@cache
def _header_names(sheet_name: str) -> dict[str, Column]:
    """Every folded name a sheet's columns answer to: their own names win over synonyms."""
    sheet = SHEETS_BY_NAME[sheet_name]
    names: dict[str, Column] = {}
    for column in sheet.columns:
        for synonym in column.synonyms:
            names.setdefault(normalize_name(synonym), column)
    names.update({normalize_name(column.name): column for column in sheet.columns})
    names.pop("", None)
    return names


def choice_for_value(column: Column, value: str) -> str | None:
    """The canonical choice a user's enumeration value means, or None."""
    folded = normalize_choice(value)
    if folded in column.choices:
        return folded
    synonym = column.choice_synonyms.get(folded)
    if synonym is not None:
        return synonym
    return None


def referencing_columns() -> list[tuple[Sheet, Column]]:
    """Every (sheet, column) that must name a row of another sheet."""
    return [(sheet, column) for sheet in SHEETS for column in sheet.columns if column.references]
