"""The workbook contract (SPEC section 2) as data: the one source of truth.

Validation (ingest), header and sheet recognition (recognize), the Excel
template, the store's tables and the README's column reference all read these
definitions; no column list or vocabulary is typed twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

ColumnKind = Literal["text", "number", "percent", "date", "month", "bool", "enum"]
# What a text column's values look like, where it helps recognise it: people's names.
TextShape = Literal["person"]

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
    """Fold a sheet or column name for an exact comparison: case, spaces and punctuation ignored."""
    return re.sub(r"[^0-9a-z]", "", str(name).casefold())


def normalize_choice(value: str) -> str:
    """Fold an enumeration value: 'Cash releasing' and 'cash-releasing' -> 'cash_releasing'."""
    return re.sub(r"[^0-9a-z]+", "_", str(value).casefold()).strip("_")


# --------------------------------------------------------------------------- vocabulary
#
# How portfolio offices word their headers and sheet names (SPEC section 2: PMO, finance, UK and
# US public-sector words). realize.intake.headers normalises every phrase and header the same way (case,
# punctuation, camelCase, plurals, UK/US spelling, units in brackets), so each phrase is written
# once in its plainest form. A column's `synonyms` say the same thing as its name; its `related`
# words usually do, and are taken only when the column's values agree.

# Words that mean the same to a reader of headers: each is read as the word it maps to.
WORD_EQUIVALENTS: dict[str, str] = {
    # ids: Ref, Code, No., Number, #, Key all name a row
    "ref": "id",
    "reference": "id",
    "code": "id",
    "no": "id",
    "nr": "id",
    "nbr": "id",
    "num": "id",
    "number": "id",
    "identifier": "id",
    "key": "id",
    # UK and US spelling
    "realised": "realized",
    "realise": "realize",
    "realisation": "realization",
    "programme": "program",
    "organisation": "organization",
    "monetised": "monetized",
    "monetisation": "monetization",
    "cancelled": "canceled",
    "centre": "center",
    "labour": "labor",
    # abbreviations
    "pct": "percent",
    "percentage": "percent",
    "mth": "month",
    "mnth": "month",
    "desc": "description",
    "descr": "description",
    "amt": "amount",
    "qty": "quantity",
    "tgt": "target",
    "fcst": "forecast",
    "est": "estimated",
    "exec": "executive",
    "mgr": "manager",
    "dept": "department",
    "yr": "year",
    "actuals": "actual",
    "kpis": "kpi",
    "budgeted": "budget",
    "bl": "baseline",
    "cum": "cumulative",
    "cumul": "cumulative",
    "accum": "cumulative",
    "accumulated": "cumulative",
}
# Words that carry no meaning in a header.
STOP_WORDS: frozenset[str] = frozenset(
    {"the", "of", "a", "an", "to", "in", "for", "and", "or", "per", "by", "on", "at", "is", "was", "as", "with"}
    | {"y", "n", "yn", "this", "our", "if", "any", "e", "g", "eg", "ie"}
)
# Words that qualify a header without changing what it means ('Budget (USD)', 'Actual cost k').
QUALIFIERS: frozenset[str] = frozenset(
    {"date", "value", "amount", "money", "k", "m", "bn", "thousand", "thousands", "million", "millions"}
    | {"usd", "gbp", "eur", "chf", "cad", "aud", "current", "flag", "field", "text", "full", "net"}
)
# Words a header may carry after the sheet's own noun ('Benefit Owner' on the benefit register is its owner).
ID_PHRASES = ("id",)
NAME_PHRASES = ("name", "title", "item", "summary", "short description", "subject")
OWNER_WORDS = (
    "owner",
    "accountable",
    "accountable owner",
    "responsible",
    "responsible owner",
    "lead",
    "assigned",
    "assigned to",
    "assignee",
    "accountable person",
    "responsible person",
)
OWNER_RELATED = (
    "manager",
    "project manager",
    "pm",
    "delivery manager",
    "delivery lead",
    "workstream lead",
    "sro",
    "senior responsible owner",
    "contact",
    "who",
    "person",
    "director",
    "champion",
    "executor",
    "resource",
    "resource name",
    "responsible officer",
    "officer",
)
PERIOD_WORDS = (
    "period",
    "month",
    "date",
    "reporting month",
    "reporting period",
    "reporting date",
    "period start",
    "month start",
    "month ending",
    "month end",
    "period ending",
    "period end",
    "as at",
    "fiscal month",
    "financial month",
    "accounting period",
    "posting period",
    "gl month",
    "gl period",
    "financial period",
    "fiscal period",
    "year month",
)
NOTE_WORDS = ("note", "comment", "remark", "evidence", "source", "narrative", "commentary")
UNIT_WORDS = ("unit", "uom", "unit of measure", "unit of measurement", "measurement unit", "measure unit")
PERSPECTIVE_WORDS = (
    "perspective",
    "bsc perspective",
    "scorecard perspective",
    "balanced scorecard perspective",
    "bsc quadrant",
    "quadrant",
    "scorecard quadrant",
)
# Columns Realize works out itself: a header saying one of these is ignored with a warning, never a question.
DERIVED_WORDS = (
    "variance",
    "variance percent",
    "total",
    "grand total",
    "subtotal",
    "sum",
    "cumulative",
    "remaining",
    "difference",
    "delta",
    "gap",
    "rag",
    "rag status",
    "health",
    "percent complete",
    "complete percent",
    "ytd",
    "year to date",
    "eac",
    "estimate at completion",
    "forecast at completion",
    "etc",
    "npv",
    "roi",
    "payback",
    "slip",
    "slippage",
    "days late",
    "days overdue",
    "trend",
    "on track",
    "overdue",
)

# Words that change what a number means: 'Cumulative Planned', 'Actual (YTD)', 'Budget Total' are not the
# monthly planned or actual. A header carrying one says no column whose own words lack it.
MODIFIERS = frozenset(
    {"cumulative", "ytd", "total", "subtotal", "variance", "remaining", "balance", "difference", "delta"}
    | {"average", "mean", "trend", "eac", "etc", "running"}
)

# What people write in a cell to say there is no value yet; typed columns read them as empty.
EMPTY_WORDS = frozenset(
    {"na", "n/a", "n.a.", "#n/a", "nan", "null", "none", "nil", "tbc", "tbd", "tba", "-", "--", "—", "–"}
    | {"not applicable", "not available", "not known", "unknown"}
)

PERSPECTIVES = ("financial", "customer", "internal_process", "learning_growth")
PERSPECTIVE_SYNONYMS = {
    "finance": "financial",
    "financials": "financial",
    "internal": "internal_process",
    "process": "internal_process",
    "processes": "internal_process",
    "internal_processes": "internal_process",
    "internal_business_process": "internal_process",
    "operations": "internal_process",
    "operational": "internal_process",
    "learning": "learning_growth",
    "learning_and_growth": "learning_growth",
    "learning_growth": "learning_growth",
    "people": "learning_growth",
    "growth": "learning_growth",
    "innovation": "learning_growth",
    "organisational_capacity": "learning_growth",
    "organizational_capacity": "learning_growth",
    "customers": "customer",
    "citizen": "customer",
    "citizens": "customer",
    "user": "customer",
    "users": "customer",
    "stakeholder": "customer",
}


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Column:
    name: str
    kind: ColumnKind
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    default: object = None
    # headers that say the same as the name; `related` ones only when the values agree
    synonyms: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    # other spellings users write for a choice, e.g. {"completed": "closed"}
    choice_synonyms: dict[str, str] = field(default_factory=dict)
    # the sheet whose key this column must name (a reference)
    references: str | None = None
    example: object = None
    shape: TextShape | None = None
    # an amount of money: a header saying thousands ('Budget ($000)') scales it
    money: bool = False

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


# What a change between two points of the ledger is (SPEC section 3), with its label. A sheet names the kind of
# each column's changes (Sheet.revisions); "plan" marks a monthly plan: a change for a month already past when it
# was made is a re-baseline, for a later month a forecast.
CHANGE_KINDS: dict[str, str] = {
    "added": "Added",
    "removed": "Removed",
    "rebaseline": "Re-baseline",
    "forecast": "Forecast",
    "actual": "Actual",
    "edit": "Edit",
}
PLAN_REVISION = "plan"


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    description: str
    scope_key: str
    columns: tuple[Column, ...]
    # the columns that identify a row; duplicates are an error (empty: no rule)
    unique_key: tuple[str, ...] = ()
    # what offices name such a sheet (besides its name)
    synonyms: tuple[str, ...] = ()
    # what one row is called: 'Benefit ID' is the id of the benefit register, 'Project' a reference elsewhere
    nouns: tuple[str, ...] = ()
    # the number columns a layout with one column per month fills (a row label or the header says which)
    monthly_columns: tuple[str, ...] = ()
    # headers of columns Realize works out on this sheet, besides DERIVED_WORDS
    derived: tuple[str, ...] = ()
    # words that change what a number means on this sheet, besides MODIFIERS ('Forecast' cost is no cost yet)
    modifiers: tuple[str, ...] = ()
    date_orders: tuple[DateOrder, ...] = ()
    # at least one of these columns must hold a value on every row
    at_least_one: tuple[str, ...] = ()
    # what a change of a column's value is, between two points of the ledger (REVISIONS); unnamed columns: an edit
    revisions: dict[str, str] = field(default_factory=dict)
    # the columns that tell a row from the others when listing changes (default: unique_key)
    change_key: tuple[str, ...] = ()

    @property
    def row_key(self) -> tuple[str, ...]:
        """The columns a row is known by in the list of changes."""
        return self.change_key or self.unique_key

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

    @property
    def id_column(self) -> str | None:
        """The column naming one row of this sheet (other sheets refer to it), if it has one."""
        return self.unique_key[0] if len(self.unique_key) == 1 else None

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name}")


# The sheets other sheets refer to, by the id column that names their rows.
ID_SHEETS: dict[str, str] = {"initiative_id": "initiatives", "benefit_id": "benefits", "kpi_id": "kpis"}


def _id(name: str, description: str, **kwargs: object) -> Column:
    """A sheet's own required id column (its words come from the sheet's nouns)."""
    return Column(name, "text", description, required=True, **kwargs)  # type: ignore[arg-type]


def _reference(name: str, description: str, *, required: bool = True, example: object = None) -> Column:
    """A column naming a row of another sheet by its id (its words come from that sheet's nouns)."""
    return Column(name, "text", description, required=required, references=ID_SHEETS[name], example=example)


def _owner(description: str, *, required: bool = False, synonyms: tuple[str, ...] = (), **kwargs: object) -> Column:
    return Column(
        "owner",
        "text",
        description,
        required=required,
        synonyms=(*OWNER_WORDS, *synonyms),
        related=OWNER_RELATED,
        shape="person",
        **kwargs,  # type: ignore[arg-type]
    )


def _period(description: str) -> Column:
    return Column("period", "month", description, required=True, synonyms=PERIOD_WORDS, example="2025-01")


def _note(description: str, *, synonyms: tuple[str, ...] = ()) -> Column:
    return Column("note", "text", description, synonyms=(*NOTE_WORDS, *synonyms), related=("description", "detail"))


def _perspective(*, required: bool = False, example: object = None) -> Column:
    return Column(
        "perspective",
        "enum",
        "Balanced-scorecard perspective.",
        required=required,
        choices=PERSPECTIVES,
        choice_synonyms=PERSPECTIVE_SYNONYMS,
        synonyms=PERSPECTIVE_WORDS,
        related=("dimension", "lens"),
        example=example,
    )


def _unit(description: str, example: object = None) -> Column:
    return Column("unit", "text", description, synonyms=UNIT_WORDS, related=("measured in",), example=example)


INITIATIVES = Sheet(
    name="initiatives",
    title="Initiatives",
    description="One row per initiative (project, programme or investment) in the portfolio.",
    scope_key="initiative_id",
    revisions={"budget": "rebaseline"},
    unique_key=("initiative_id",),
    synonyms=(
        "initiative register",
        "initiative list",
        "project",
        "project list",
        "project register",
        "project portfolio",
        "portfolio register",
        "portfolio",
        "investment",
        "investment register",
        "pipeline",
        "scheme",
    ),
    nouns=("initiative", "project", "investment", "scheme"),
    derived=(
        "total cost",
        "total benefit",
        "benefit total",
        "cost to date",
        "spend to date",
        "actual cost",
        "actual spend",
        "actual",
        "spent",
        "forecast cost",
        "cost forecast",
        "forecast",
    ),
    date_orders=(DateOrder("start_date", "end_date"),),
    columns=(
        _id("initiative_id", "Unique code of the initiative, used by every other sheet.", example="INI-01"),
        Column("name", "text", "Name of the initiative.", required=True, example="Cloud migration"),
        Column(
            "portfolio",
            "text",
            "Programme or portfolio the initiative belongs to.",
            synonyms=("portfolio", "program", "portfolio name", "program name", "programme portfolio"),
            related=("business unit", "directorate", "division", "department", "value stream", "domain", "tower"),
            example="Infrastructure",
        ),
        _owner(
            "Accountable executive.",
            required=True,
            synonyms=(
                "accountable executive",
                "executive owner",
                "business owner",
                "budget holder",
                "budget owner",
                "sro",
                "senior responsible owner",
                "senior responsible officer",
            ),
            example="Ada Lovelace",
        ),
        Column(
            "sponsor",
            "text",
            "Sponsor who funds the initiative.",
            synonyms=("sponsor", "executive sponsor", "business sponsor", "senior sponsor", "sponsoring executive"),
            related=("champion", "funder", "sponsored"),
            shape="person",
        ),
        Column(
            "objective",
            "text",
            "Strategic objective the initiative serves.",
            synonyms=(
                "objective",
                "strategic objective",
                "goal",
                "strategic goal",
                "strategic priority",
                "strategic alignment",
                "strategic theme",
                "business objective",
            ),
            related=(
                "purpose",
                "priority",
                "aim",
                "outcome",
                "expected outcome",
                "result",
                "departmental result",
                "rationale",
                "strategy",
            ),
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
                "live": "active",
                "approved": "active",
                "in_delivery": "active",
                "delivery": "active",
                "execution": "active",
                "running": "active",
                "started": "active",
                "paused": "on_hold",
                "hold": "on_hold",
                "suspended": "on_hold",
                "completed": "closed",
                "complete": "closed",
                "done": "closed",
                "delivered": "closed",
                "finished": "closed",
                "canceled": "cancelled",
                "stopped": "cancelled",
                "terminated": "cancelled",
                "closed_skipped": "cancelled",
                "closed_complete": "closed",
                "closed_incomplete": "closed",
                "work_in_progress": "active",
                "wip": "active",
                "in_flight": "active",
                "pending": "proposed",
                "to_do": "proposed",
                "new": "proposed",
                "planned": "proposed",
                "pipeline": "proposed",
                "idea": "proposed",
                "not_started": "proposed",
                "draft": "proposed",
            },
            synonyms=("status", "lifecycle status", "lifecycle stage", "delivery status"),
            related=("stage", "phase", "state"),
        ),
        Column(
            "start_date",
            "date",
            "Start date.",
            synonyms=("start date", "start", "started", "planned start", "kick off", "start month", "begin"),
            related=("commencement", "from"),
            example="2025-01-01",
        ),
        Column(
            "end_date",
            "date",
            "Planned end date.",
            synonyms=("end date", "end", "planned end", "finish", "finish date", "target end", "planned finish"),
            related=("completion", "completion date", "close date", "until", "due date", "planned completion"),
            example="2026-06-30",
        ),
        Column(
            "budget",
            "number",
            "Approved budget, in the reporting currency.",
            synonyms=("budget", "approved budget", "budget approved", "total budget", "approved funding", "funding"),
            related=("allocation", "approved amount", "investment", "capital", "whole life budget"),
            example=1200000,
            money=True,
        ),
    ),
)

BENEFITS = Sheet(
    name="benefits",
    title="Benefit register",
    description="One row per benefit (or dis-benefit) an initiative is expected to deliver.",
    scope_key="initiative_id",
    revisions={"baseline": "rebaseline", "target": "rebaseline"},
    unique_key=("benefit_id",),
    synonyms=("benefit register", "benefit list", "benefit log", "benefit map", "benefit catalogue", "benefit"),
    nouns=("benefit",),
    derived=("realization rate", "realized to date", "planned to date", "achieved to date"),
    columns=(
        _id("benefit_id", "Unique code of the benefit.", example="BEN-01"),
        _reference(
            "initiative_id",
            "Initiative that delivers the benefit; must exist in this upload or already be stored.",
            example="INI-01",
        ),
        Column("name", "text", "Name of the benefit.", required=True, example="Data-centre running costs avoided"),
        Column(
            "type",
            "enum",
            "Benefit type (Green Book / MSP).",
            required=True,
            choices=("cash_releasing", "non_cash_releasing", "quantifiable", "qualitative"),
            choice_synonyms={
                "cash": "cash_releasing",
                "financial": "cash_releasing",
                "cashable": "cash_releasing",
                "cash_releasing_benefit": "cash_releasing",
                "hard": "cash_releasing",
                "non_cash": "non_cash_releasing",
                "noncash": "non_cash_releasing",
                "non_cashable": "non_cash_releasing",
                "non_financial": "non_cash_releasing",
                "non_cash_releasing_benefit": "non_cash_releasing",
                "efficiency": "non_cash_releasing",
                "quantitative": "quantifiable",
                "measurable": "quantifiable",
                "tangible": "quantifiable",
                "qualitative_benefit": "qualitative",
                "intangible": "qualitative",
                "soft": "qualitative",
            },
            synonyms=("type", "category", "classification", "benefit class", "cash releasing"),
            related=("class", "kind", "cashable"),
            example="cash_releasing",
        ),
        _perspective(),
        _owner(
            "Benefit owner (often not the initiative owner).",
            required=True,
            synonyms=("business change manager", "bcm"),
            example="Grace Hopper",
        ),
        _unit("Unit of measure: USD, hours, %, score...", example="USD"),
        Column(
            "measure",
            "enum",
            "flow: values per month add up (savings per month); level: a state (availability %, score).",
            choices=("flow", "level"),
            default="flow",
            choice_synonyms={
                "cumulative": "flow",
                "per_period": "flow",
                "per_month": "flow",
                "monthly": "flow",
                "additive": "flow",
                "sum": "flow",
                "state": "level",
                "point_in_time": "level",
                "snapshot": "level",
                "stock": "level",
                "rate": "level",
            },
            synonyms=("measure type", "measurement type", "flow or level", "flow level", "aggregation"),
            related=("measure", "type of measure", "kind of measure"),
        ),
        Column(
            "baseline",
            "number",
            "Level before the change (level measures).",
            synonyms=("baseline", "baseline value", "baseline level", "starting level", "as is", "before"),
            related=("current level", "starting point", "start value"),
        ),
        Column(
            "target",
            "number",
            "Target level (level measures) or total planned (flow measures, for information).",
            synonyms=("target", "target value", "target level", "to be"),
            related=("planned total", "total planned", "expected benefit", "goal", "planned benefit"),
        ),
        Column(
            "unit_value",
            "number",
            "Money per unit, to monetize the benefit; 1 when the unit is the reporting currency; "
            "empty = not monetized.",
            synonyms=(
                "unit value",
                "value per unit",
                "money per unit",
                "unit price",
                "price per unit",
                "unit rate",
                "monetization rate",
                "monetization factor",
                "conversion rate",
                "conversion factor",
            ),
            related=("rate", "money per hour", "hourly rate", "rate per hour", "cost per unit", "value of unit"),
            example=1,
            money=True,
        ),
        Column(
            "attribution_pct",
            "percent",
            "Percent of the benefit credited to this initiative, 0-100.",
            default=100.0,
            synonyms=(
                "attribution",
                "attribution percent",
                "attributed",
                "attributable",
                "percent attributed",
                "share attributed",
                "contribution percent",
            ),
            related=("contribution", "credited", "share"),
            example=100,
        ),
        Column(
            "disbenefit",
            "bool",
            "Yes when this is a negative consequence of the change.",
            default=False,
            synonyms=("disbenefit", "is disbenefit", "negative", "negative benefit", "disbenefit flag"),
            related=("adverse", "negative impact"),
        ),
        Column(
            "description",
            "text",
            "What the benefit is and how it is measured.",
            synonyms=("description", "detail", "how measured", "measurement method"),
            related=("note", "comment", "narrative"),
        ),
    ),
)

BENEFIT_MEASUREMENTS = Sheet(
    name="benefit_measurements",
    title="Benefit measurements",
    description="The benefit profile: planned and realized values per benefit and month.",
    scope_key="benefit_id",
    revisions={"planned": "plan", "realized": "actual"},
    unique_key=("benefit_id", "period"),
    synonyms=(
        "benefit measurement",
        "measurement",
        "benefit profile",
        "benefit actual",
        "benefit tracking",
        "benefit tracker",
        "benefit value",
        "benefit realization",
        "benefit realization plan",
        "realization tracker",
        "benefit forecast",
        "benefit plan",
    ),
    nouns=("benefit", "measurement"),
    derived=("forecast total", "planned to date", "realized to date", "cumulative planned", "cumulative realized"),
    monthly_columns=("planned", "realized"),
    columns=(
        _reference("benefit_id", "Benefit measured; must exist.", example="BEN-01"),
        _period("Month measured (any date in the month)."),
        Column(
            "planned",
            "number",
            "Planned value for the month (flow) or planned level (level).",
            synonyms=(
                "planned",
                "plan",
                "planned value",
                "expected",
                "target",
                "profile",
                "planned benefit",
                "forecast benefit",
                "profiled",
            ),
            related=("forecast", "projected", "estimate", "budget"),
            example=10000,
        ),
        Column(
            "realized",
            "number",
            "Measured value; empty = not yet measured.",
            synonyms=(
                "realized",
                "actual",
                "realized value",
                "measured",
                "achieved",
                "delivered",
                "actual benefit",
                "outturn",
                "realized benefit",
            ),
            related=("result", "observed", "fact", "fact value", "factual"),
            example=9500,
        ),
        _note("Evidence or source of the measurement."),
    ),
)

COSTS = Sheet(
    name="costs",
    title="Costs",
    description="Planned and actual cost lines per initiative and month, by TCO category.",
    scope_key="initiative_id",
    revisions={"planned": "plan", "actual": "actual"},
    change_key=("initiative_id", "period", "category", "nature", "vendor"),
    synonyms=(
        "cost line",
        "spend",
        "cost plan",
        "financial",
        "finance",
        "budget",
        "budget vs actual",
        "budget actual",
        "tco",
        "cost tracker",
        "outturn",
        "expenditure",
        "capex",
        "opex",
    ),
    nouns=("cost",),
    derived=("forecast", "forecast cost", "full year forecast", "outturn forecast", "budget remaining"),
    modifiers=("forecast", "projected", "commitment", "committed", "encumbrance", "accrual", "accrued"),
    monthly_columns=("planned", "actual"),
    columns=(
        _reference("initiative_id", "Initiative the cost belongs to; must exist.", example="INI-01"),
        _period("Month of the cost (any date in the month)."),
        Column(
            "category",
            "enum",
            "TCO category.",
            required=True,
            choices=("acquisition", "implementation", "operating", "renewal", "exit"),
            choice_synonyms={
                "purchase": "acquisition",
                "acquire": "acquisition",
                "procurement": "acquisition",
                "buy": "acquisition",
                "build": "implementation",
                "project": "implementation",
                "design": "implementation",
                "development": "implementation",
                "deployment": "implementation",
                "transition": "implementation",
                "delivery": "implementation",
                "change": "implementation",
                "run": "operating",
                "operations": "operating",
                "operational": "operating",
                "operate": "operating",
                "opex_run": "operating",
                "support": "operating",
                "maintenance": "operating",
                "running": "operating",
                "bau": "operating",
                "run_costs": "operating",
                "refresh": "renewal",
                "renew": "renewal",
                "upgrade": "renewal",
                "renewals": "renewal",
                "decommissioning": "exit",
                "decommission": "exit",
                "retirement": "exit",
                "disposal": "exit",
                "termination": "exit",
                "exit_costs": "exit",
            },
            synonyms=("category", "tco category", "cost type", "type", "cost class", "tco stage", "lifecycle stage"),
            related=("cost element", "cost element name", "expense item", "cost item", "phase", "stage", "class"),
            example="implementation",
        ),
        Column(
            "nature",
            "enum",
            "Capital or operating expenditure.",
            choices=("capex", "opex"),
            default="opex",
            choice_synonyms={
                "capital": "capex",
                "capital_expenditure": "capex",
                "cdel": "capex",
                "operating": "opex",
                "operational": "opex",
                "operating_expenditure": "opex",
                "revenue": "opex",
                "resource": "opex",
                "rdel": "opex",
                "expense": "opex",
                "expensed": "opex",
                "operating_expense": "opex",
                "capitalised": "capex",
                "capitalized": "capex",
            },
            synonyms=(
                "nature",
                "capex opex",
                "capex or opex",
                "opex capex",
                "expenditure type",
                "spend type",
                "capital or revenue",
                "capital revenue",
                "capital or operating",
            ),
            related=("accounting treatment", "treatment", "type of spend", "funding type"),
        ),
        Column(
            "planned",
            "number",
            "Planned cost (budget) for the month.",
            synonyms=("planned", "plan", "budget", "planned cost", "budgeted", "budget cost", "baseline cost"),
            related=("baseline", "planned spend", "allocation"),
            example=50000,
            money=True,
        ),
        Column(
            "actual",
            "number",
            "Booked actual cost; empty = none booked.",
            synonyms=(
                "actual",
                "actual cost",
                "spent",
                "spend",
                "actual spend",
                "outturn",
                "incurred",
                "incurred cost",
                "booked",
                "expenditure",
                "actual expenditure",
                "actual outturn",
            ),
            related=("invoiced", "paid", "charged", "fact", "fact value", "factual"),
            example=48000,
            money=True,
        ),
        Column(
            "vendor",
            "text",
            "Supplier.",
            synonyms=("vendor", "supplier", "contractor", "third party", "supplier name", "vendor name"),
            related=("provider", "partner", "payee", "company"),
        ),
        _note("Note.", synonyms=("description", "line description", "detail", "item text", "line text")),
    ),
)

MILESTONES = Sheet(
    name="milestones",
    title="Milestones",
    description="Delivery commitments: one row per milestone with its committed, forecast and actual dates.",
    scope_key="initiative_id",
    revisions={"baseline_date": "rebaseline", "forecast_date": "forecast", "actual_date": "actual"},
    unique_key=("milestone_id",),
    synonyms=(
        "milestone plan",
        "milestone tracker",
        "commitment",
        "delivery",
        "deliverable",
        "key date",
        "roadmap",
        "schedule",
        "delivery plan",
    ),
    nouns=("milestone", "deliverable", "commitment"),
    derived=("status", "state", "variance days"),
    columns=(
        _id("milestone_id", "Unique code of the milestone.", example="MS-01"),
        _reference("initiative_id", "Initiative committed to the milestone; must exist.", example="INI-01"),
        Column(
            "name",
            "text",
            "What is delivered.",
            required=True,
            synonyms=("task name", "task", "control point", "checkpoint", "stage gate", "gate"),
            example="First workloads migrated",
        ),
        _owner("Who delivers it."),
        Column(
            "baseline_date",
            "date",
            "The committed date.",
            required=True,
            synonyms=(
                "baseline date",
                "baseline",
                "committed date",
                "committed",
                "baselined",
                "original date",
                "planned date",
                "due date",
                "due",
                "commitment date",
                "target date",
                "agreed date",
                "contract date",
                "original due date",
                "rebaselined date",
                "re baselined date",
                "rebaseline date",
                "revised baseline",
                "current baseline",
                "new baseline",
            ),
            related=("plan", "planned", "scheduled", "plan date"),
            example="2025-06-30",
        ),
        Column(
            "forecast_date",
            "date",
            "Current expectation.",
            synonyms=(
                "forecast date",
                "forecast",
                "expected date",
                "expected",
                "revised date",
                "current forecast",
                "estimated date",
                "eta",
                "forecast completion",
                "reforecast",
                "latest estimate",
            ),
            related=(
                "projected",
                "estimated",
                "expected completion",
                "finish",
                "finish date",
                "scheduled finish",
                "end",
                "end date",
                "planned end",
                "planned finish",
            ),
        ),
        Column(
            "actual_date",
            "date",
            "When it was achieved.",
            synonyms=(
                "actual date",
                "actual",
                "achieved",
                "completed",
                "completion date",
                "delivered",
                "done",
                "actual completion",
                "date achieved",
            ),
            related=("closed", "signed off", "met", "finished"),
        ),
    ),
)

KPIS = Sheet(
    name="kpis",
    title="KPIs",
    description="KPI decision cards: what each KPI measures, why, its target and what we do when it drifts.",
    scope_key="kpi_id",
    unique_key=("kpi_id",),
    synonyms=(
        "kpi definition",
        "kpi card",
        "kpi register",
        "kpi library",
        "kpi catalogue",
        "indicator",
        "metric",
        "measure",
        "performance measure",
        "scorecard",
        "balanced scorecard",
    ),
    nouns=("kpi", "indicator", "metric", "measure"),
    derived=("status", "trend", "latest value", "latest", "last value", "rag"),
    columns=(
        _id("kpi_id", "Unique code of the KPI.", example="KPI-01"),
        Column(
            "name",
            "text",
            "Name of the KPI.",
            required=True,
            synonyms=("performance measure", "measure name", "performance indicator"),
            example="Service availability",
        ),
        _perspective(required=True, example="customer"),
        Column(
            "theme",
            "text",
            "Theme: delivery, reliability, risk, cost...",
            synonyms=("theme", "area", "focus area", "pillar", "domain"),
            related=("category", "group"),
        ),
        _reference("initiative_id", "Initiative the KPI tracks (optional); must exist if given.", required=False),
        _owner("Who responds when it drifts.", required=True, example="Grace Hopper"),
        _unit("Unit: %, hours, count..."),
        Column(
            "direction",
            "enum",
            "Whether higher or lower values are better.",
            required=True,
            choices=("higher_is_better", "lower_is_better"),
            choice_synonyms={
                "higher": "higher_is_better",
                "high": "higher_is_better",
                "up": "higher_is_better",
                "increase": "higher_is_better",
                "increasing": "higher_is_better",
                "maximise": "higher_is_better",
                "maximize": "higher_is_better",
                "more_is_better": "higher_is_better",
                "up_is_good": "higher_is_better",
                "up_is_better": "higher_is_better",
                "higher_is_good": "higher_is_better",
                "high_is_good": "higher_is_better",
                "higher_better": "higher_is_better",
                "bigger_is_better": "higher_is_better",
                "lower": "lower_is_better",
                "low": "lower_is_better",
                "down": "lower_is_better",
                "decrease": "lower_is_better",
                "decreasing": "lower_is_better",
                "minimise": "lower_is_better",
                "minimize": "lower_is_better",
                "less_is_better": "lower_is_better",
                "down_is_good": "lower_is_better",
                "down_is_better": "lower_is_better",
                "lower_is_good": "lower_is_better",
                "low_is_good": "lower_is_better",
                "lower_better": "lower_is_better",
                "smaller_is_better": "lower_is_better",
            },
            synonyms=("direction", "polarity", "better when", "good direction", "desired direction", "good is"),
            related=("direction of travel", "higher or lower", "better", "desired trend", "desired outcome"),
            example="higher_is_better",
        ),
        Column(
            "target",
            "number",
            "What good looks like.",
            required=True,
            synonyms=("target", "target value", "goal", "target level"),
            related=("aim", "objective"),
            example=99.9,
        ),
        Column(
            "threshold",
            "number",
            "Beyond this it is red; between target and threshold it is amber.",
            synonyms=(
                "threshold",
                "red threshold",
                "tolerance",
                "limit",
                "alert threshold",
                "trigger",
                "red line",
                "minimum acceptable",
                "lower limit",
                "upper limit",
            ),
            related=("floor", "ceiling", "amber threshold", "critical value", "critical", "alarm level"),
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
                "every_month": "monthly",
                "per_month": "monthly",
                "quarter": "quarterly",
                "every_quarter": "quarterly",
                "per_quarter": "quarterly",
                "yearly": "annual",
                "annually": "annual",
                "year": "annual",
                "every_year": "annual",
                "per_year": "annual",
            },
            synonyms=("frequency", "reporting frequency", "cadence", "measurement frequency", "how often"),
            related=("periodicity", "measured"),
        ),
        Column(
            "indicator",
            "enum",
            "Leading (predicts) or lagging (confirms).",
            choices=("leading", "lagging"),
            choice_synonyms={"lead": "leading", "lag": "lagging", "predictive": "leading", "outcome": "lagging"},
            synonyms=("indicator type", "leading lagging", "leading or lagging", "lead lag", "lead or lag"),
            related=("indicator", "type"),
        ),
        Column(
            "definition",
            "text",
            "What it measures and how.",
            synonyms=("definition", "formula", "calculation", "how measured", "how calculated", "measurement method"),
            related=("description", "method", "methodology"),
        ),
        Column(
            "rationale",
            "text",
            "Why it matters; which decision it informs.",
            synonyms=("rationale", "why", "purpose", "reason", "why it matters", "justification", "decision informed"),
            related=("context", "importance", "objective"),
        ),
        Column(
            "response",
            "text",
            "What we do when it drifts.",
            synonyms=(
                "response",
                "action on drift",
                "playbook",
                "what we do",
                "corrective action",
                "intervention",
                "escalation",
                "remediation",
                "response plan",
                "measures at deviation",
                "action at deviation",
                "deviation response",
                "what to do",
            ),
            related=("action", "mitigation", "next step"),
        ),
    ),
)

KPI_VALUES = Sheet(
    name="kpi_values",
    title="KPI values",
    description="Measured KPI values per month.",
    scope_key="kpi_id",
    revisions={"value": "actual"},
    unique_key=("kpi_id", "period"),
    synonyms=(
        "kpi value",
        "kpi actual",
        "kpi data",
        "kpi result",
        "kpi measurement",
        "kpi history",
        "kpi tracking",
        "metric value",
        "metric data",
        "scorecard data",
    ),
    nouns=("kpi", "indicator", "metric", "measure"),
    derived=("status", "variance to target", "target"),
    monthly_columns=("value",),
    columns=(
        _reference("kpi_id", "KPI measured; must exist.", example="KPI-01"),
        _period("Month measured (any date in the month)."),
        Column(
            "value",
            "number",
            "Measured value.",
            required=True,
            synonyms=(
                "value",
                "actual",
                "result",
                "measured",
                "actual value",
                "measured value",
                "score",
                "reading",
                "performance",
            ),
            related=("outturn", "achieved", "observed", "fact", "fact value", "factual"),
            example=99.95,
        ),
        _note("Note."),
    ),
)

ACTIONS = Sheet(
    name="actions",
    title="Actions",
    description="Review decisions and actions, each with an owner and due date, linked to what it responds to.",
    scope_key="action_id",
    unique_key=("action_id",),
    synonyms=(
        "action log",
        "decision",
        "decision log",
        "review action",
        "action tracker",
        "raid action",
        "action decision",
        "raid",
        "raid log",
    ),
    nouns=("action", "decision", "instruction", "issue"),
    derived=("days open", "age"),
    date_orders=(DateOrder("raised_on", "due_date"), DateOrder("raised_on", "closed_on")),
    at_least_one=("initiative_id", "kpi_id", "benefit_id"),
    columns=(
        _id("action_id", "Unique code of the action.", example="ACT-01"),
        Column(
            "title",
            "text",
            "The decision or action.",
            required=True,
            synonyms=("description", "what", "action required", "required action", "task"),
            related=("detail",),
            example="Add a second region for the payment service",
        ),
        _owner("Who does it.", required=True, synonyms=("actionee", "actioner")),
        Column(
            "raised_on",
            "date",
            "Review date it was raised.",
            required=True,
            synonyms=(
                "raised",
                "raised on",
                "date raised",
                "raised date",
                "review date",
                "opened",
                "date opened",
                "logged",
                "date logged",
                "created",
                "date created",
                "meeting date",
                "date of issue",
                "issued",
            ),
            related=("identified", "start", "date"),
            example="2026-09-15",
        ),
        Column(
            "due_date",
            "date",
            "When it is due.",
            required=True,
            synonyms=("due", "due date", "due by", "deadline", "target date", "target completion", "date due"),
            related=("by when", "required by", "target"),
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
                "resolved": "done",
                "implemented": "done",
                "in_progress": "open",
                "ongoing": "open",
                "not_started": "open",
                "overdue": "open",
                "on_hold": "open",
                "new": "open",
                "to_do": "open",
                "work_in_progress": "open",
                "wip": "open",
                "in_review": "open",
                "pending": "open",
                "backlog": "open",
                "closed_complete": "done",
                "closed_incomplete": "dropped",
                "closed_skipped": "dropped",
                "won_t_do": "dropped",
                "wont_do": "dropped",
                "duplicate": "dropped",
                "cancelled": "dropped",
                "canceled": "dropped",
                "withdrawn": "dropped",
                "superseded": "dropped",
                "no_longer_required": "dropped",
                "rejected": "dropped",
            },
            synonyms=("status",),
            related=("state", "progress"),
        ),
        Column(
            "closed_on",
            "date",
            "When it was closed.",
            synonyms=(
                "closed on",
                "closed",
                "date closed",
                "closed date",
                "completed on",
                "date completed",
                "completion date",
                "done on",
                "actual completion",
                "resolved",
                "resolved on",
                "resolution date",
                "date of execution",
                "executed",
            ),
            related=("completed",),
        ),
        _reference("initiative_id", "Initiative it responds to; must exist if given.", required=False),
        _reference("kpi_id", "KPI it responds to; must exist if given.", required=False),
        _reference("benefit_id", "Benefit it responds to; must exist if given.", required=False),
        Column(
            "outcome",
            "text",
            "Effect observed.",
            synonyms=("outcome", "result", "effect", "impact", "closure note"),
            related=("update", "progress update", "comment", "note", "resolution"),
        ),
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
# How a sheet laid out by an office maps onto the template, as the user confirmed it: one row per
# file column, kept in the ledger per header signature (each saved mapping is an entry that can be
# reverted) and reused for the next file of the same layout. Not part of the workbook either.
MAPPINGS = Sheet(
    name="mappings",
    title="Saved mappings",
    description="How the columns of a sheet laid out by an office map onto the template, as a user confirmed it.",
    scope_key="signature",
    unique_key=("signature", "position"),
    columns=(
        Column("signature", "text", "The sheet's header signature (its headers, normalised).", required=True),
        Column("position", "number", "The file column's place among the sheet's headers, from 1.", required=True),
        Column("header", "text", "The file column's header as written."),
        Column("sheet_label", "text", "The sheet or file name it was saved from."),
        Column("template_sheet", "text", "The template sheet the file sheet is taken as; empty: not uploaded."),
        Column("template_column", "text", "The template column the file column fills; empty: ignored."),
    ),
)
# Everything the store keeps under the ledger: the workbook's sheets, the settings and the mappings.
STORED_SHEETS: tuple[Sheet, ...] = (*SHEETS, SETTINGS, MAPPINGS)
SHEETS_BY_NAME: dict[str, Sheet] = {sheet.name: sheet for sheet in STORED_SHEETS}

# Sheets of our own workbooks that carry no data to upload, skipped without a
# warning: the template's About sheet (and, beside it, the export's views).
INFORMATION_SHEETS = ("about",)
# The TCO categories in the order finance reads them (acquisition first, exit last).
TCO_CATEGORIES: tuple[str, ...] = next(column.choices for column in COSTS.columns if column.name == "category")


# How a code reads for people (pages, the brief, downloads meant for people). A code not listed
# here reads as its words, the first capitalised: "on_hold" -> "On hold", "done_late" -> "Done late".
CHOICE_LABELS: dict[str, str] = {
    "cash_releasing": "Cash-releasing",
    "non_cash_releasing": "Non-cash-releasing",
    "learning_growth": "Learning & growth",
    "capex": "Capex",
    "opex": "Opex",
}


def choice_label(code: str) -> str:
    """The words a person reads for a code: 'lower_is_better' -> 'Lower is better'."""
    return CHOICE_LABELS.get(code) or code.replace("_", " ").capitalize()


def enumerated_columns() -> dict[str, tuple[str, ...]]:
    """Every enumeration column of the workbook by name, with all the codes that name can hold."""
    found: dict[str, tuple[str, ...]] = {}
    for sheet in SHEETS:
        for column in sheet.columns:
            if column.kind == "enum":
                found[column.name] = tuple(dict.fromkeys((*found.get(column.name, ()), *column.choices)))
    return found


def choice_for_value(column: Column, value: str) -> str | None:
    """The canonical choice a user's enumeration value means, or None."""
    folded = normalize_choice(value)
    if folded in column.choices:
        return folded
    return column.choice_synonyms.get(folded)


def referencing_columns() -> list[tuple[Sheet, Column]]:
    """Every (sheet, column) that must name a row of another sheet."""
    return [(sheet, column) for sheet in SHEETS for column in sheet.columns if column.references]


def referenced_sheets(sheet: Sheet) -> tuple[Sheet, ...]:
    """The sheets this sheet's rows refer to, directly or through them (measurements -> benefits -> initiatives)."""
    found: list[Sheet] = []
    pending = [SHEETS_BY_NAME[column.references] for column in sheet.columns if column.references]
    while pending:
        target = pending.pop(0)
        if target not in found and target is not sheet:
            found.append(target)
            pending += [SHEETS_BY_NAME[column.references] for column in target.columns if column.references]
    return tuple(found)
