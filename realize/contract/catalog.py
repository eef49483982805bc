"""The catalog of views (SPEC section 4), each declared once: which exist, which users query by name, how their
rows come out, what their columns hold (money, quantities, months, rates, codes) and each page's main table.
Plain data, read by the ledger (to create the views, in the order their SQL reads each other), the measures
(to run them), the command line, the export, the pages' tables and the intake (an export's view sheets are
no data to upload).
"""

from __future__ import annotations

from dataclasses import dataclass

from realize.contract import schema


@dataclass(frozen=True)
class View:
    """A view of the measures, declared once: its SQL is queries/<name>.sql; it reads whichever other views its
    SQL names, and the ledger creates them in that order (realize.ledger.sql.creation_order)."""

    name: str
    # what one row is, for the views users query by name (command line, export); None: used by the app only
    one_row_per: str | None = None
    # how its rows come out: ids first, so output is stable
    order_by: tuple[str, ...] = ()
    descending: bool = False
    # made by the ledger beside its tables (the history of uploads), not among the measures
    ledger: bool = False


CATALOG: tuple[View, ...] = (
    View("benefit_realization", "benefit", ("initiative_id", "benefit_id")),
    View("tco", "initiative x category x nature x fiscal_year", ("initiative_id", "fiscal_year", "category", "nature")),
    View("initiative_summary", "initiative", ("initiative_id",)),
    View("milestone_status", "milestone", ("initiative_id", "baseline_date", "milestone_id")),
    View("scorecard", "KPI", ("perspective", "kpi_id")),
    View("action_status", "action", ("due_date", "action_id")),
    View("owner_accountability", "owner", ("owner",)),
    View("upload_history", "upload", ("upload_id",), descending=True, ledger=True),
    View("measure_parameters"),
    View("initiative_cash_flow", None, ("initiative_id", "period")),
    View("benefit_value_by_month", None, ("initiative_id", "benefit_id", "period")),
    View("kpi_value_history", None, ("kpi_id", "period")),
)
CATALOG_BY_NAME: dict[str, View] = {view.name: view for view in CATALOG}
# The measures' views (the ledger creates them in dependency order), and the ones users query by name.
VIEWS: tuple[str, ...] = tuple(view.name for view in CATALOG if not view.ledger)
NAMED_VIEWS: dict[str, str] = {view.name: view.one_row_per for view in CATALOG if view.one_row_per}
ORDER_BY: dict[str, tuple[str, ...]] = {view.name: view.order_by for view in CATALOG if view.order_by}
DESCENDING = {view.name for view in CATALOG if view.descending}

# Codes the views work out themselves (the workbook's enumerations are in the schema): column -> codes.
STATUS_CODES = ("green", "amber", "red")
MILESTONE_STATES = ("done_on_time", "on_track", "at_risk", "done_late", "overdue")
VIEW_CODES: dict[str, tuple[str, ...]] = {
    "state": MILESTONE_STATES,
    "trend": ("improving", "worsening", "flat"),
    "realization_status": STATUS_CODES,
    "cost_status": STATUS_CODES,
    "delivery_status": STATUS_CODES,
    "status": STATUS_CODES,
}


def coded_columns() -> dict[str, frozenset[str]]:
    """Every column name of the workbook or the views that holds codes, with the codes it can hold."""
    columns: dict[str, set[str]] = {name: set(codes) for name, codes in schema.enumerated_columns().items()}
    for name, codes in VIEW_CODES.items():
        columns.setdefault(name, set()).update(codes)
    return {name: frozenset(codes) for name, codes in columns.items()}


# Column roles across the views. Money: amounts in the reporting currency. Quantities: amounts in the
# row's own unit when the row has a `unit` (a benefit's hours, a KPI's %); without one they are money.
MONEY_COLUMNS = frozenset(
    {
        "budget",
        "planned",
        "planned_to_date",
        "actual_to_date",
        "actual",
        "cost_variance",
        "tco_planned",
        "tco_forecast",
        "planned_value_to_date",
        "realized_value_to_date",
        "planned_value_total",
        "benefit_planned_value_to_date",
        "benefit_realized_value_to_date",
        "disbenefit_value_to_date",
        "net_value_to_date",
        "npv_planned",
        "npv_forecast",
        "unit_value",
        "planned_value",
        "realized_value",
    }
)
QUANTITY_COLUMNS = frozenset(
    {
        "planned_to_date",
        "realized_to_date",
        "planned_total",
        "baseline",
        "target",
        "threshold",
        "latest_realized",
        "planned_level",
        "latest_value",
        "previous_value",
        "value",
    }
)
# Columns holding the first day of a month: read as "Oct 2026".
MONTH_COLUMNS = frozenset(
    {
        "period",
        "latest_period",
        "latest_realized_period",
        "payback_month_planned",
        "payback_month_forecast",
        "first_month",
        "last_month",
    }
)


def is_rate(name: str) -> bool:
    """Fractions shown as percentages: `_rate`, `_share` and `roi_` columns (SPEC section 4)."""
    return name.endswith(("_rate", "_share")) or name.startswith("roi_")


@dataclass(frozen=True)
class PageTable:
    """A page's main table: which view it shows, its columns in reading order, its sheet in the board pack.

    Reading order: ids and names first, then who owns it, then the numbers a reader needs, then status.
    """

    page: str  # the page's title in the navigation
    sheet: str  # the board pack's sheet (at most 31 characters) and the table's heading on the page
    view: str
    columns: tuple[str, ...]
    file_stem: str  # the download's file name, without extension


# Every page's main table, in the navigation's order: the board pack has one sheet per entry.
PAGE_TABLES: tuple[PageTable, ...] = (
    PageTable(
        "Portfolio",
        "Initiatives",
        "initiative_summary",
        (
            "initiative_id",
            "initiative_name",
            "owner",
            "realization_status",
            "cost_status",
            "delivery_status",
            "realization_rate",
            "variance_rate",
            "on_time_rate",
            "realized_value_to_date",
            "tco_forecast",
            "roi_forecast",
            "kpis_red",
            "actions_overdue",
            "portfolio",
            "status",
        ),
        "initiatives",
    ),
    PageTable(
        "Benefits",
        "Benefit register",
        "benefit_realization",
        (
            "benefit_id",
            "benefit_name",
            "initiative_id",
            "owner",
            "realization_rate",
            "planned_to_date",
            "realized_to_date",
            "unit",
            "unmeasured_periods",
            "realized_value_to_date",
            "planned_value_to_date",
            "planned_value_total",
            "type",
            "measure",
            "disbenefit",
            "attribution_pct",
        ),
        "benefit_register",
    ),
    PageTable(
        "Costs & value",
        "Return per initiative",
        "initiative_summary",
        (
            "initiative_id",
            "initiative_name",
            "npv_forecast",
            "payback_month_forecast",
            "roi_forecast",
            "net_value_to_date",
            "roi_to_date",
            "realized_value_to_date",
            "actual_to_date",
            "npv_planned",
            "payback_month_planned",
            "roi_planned",
        ),
        "initiative_value",
    ),
    PageTable(
        "Costs & value",
        "Costs per initiative",
        "initiative_summary",
        (
            "initiative_id",
            "initiative_name",
            "cost_status",
            "tco_forecast",
            "tco_planned",
            "variance_rate",
            "actual_to_date",
            "planned_to_date",
            "cost_variance",
            "budget",
            "run_cost_share",
            "exit_cost_missing",
        ),
        "initiative_costs",
    ),
    PageTable(
        "Delivery",
        "Milestones",
        "milestone_status",
        (
            "milestone_id",
            "milestone_name",
            "initiative_id",
            "initiative_name",
            "owner",
            "state",
            "baseline_date",
            "forecast_date",
            "actual_date",
            "expected_date",
            "slip_days",
            "is_due",
            "is_done",
        ),
        "milestones",
    ),
    PageTable(
        "Scorecard",
        "KPIs",
        "scorecard",
        (
            "kpi_id",
            "kpi_name",
            "perspective",
            "owner",
            "status",
            "trend",
            "stale",
            "latest_value",
            "latest_period",
            "target",
            "threshold",
            "unit",
            "direction",
            "indicator",
            "unmanaged",
            "card_complete",
        ),
        "scorecard",
    ),
    PageTable(
        "Review",
        "Action and decision log",
        "action_status",
        (
            "action_id",
            "title",
            "owner",
            "initiative_id",
            "kpi_id",
            "benefit_id",
            "raised_on",
            "due_date",
            "status",
            "overdue",
            "days_overdue",
            "closed_on",
            "outcome",
            "is_due",
            "done_on_time",
        ),
        "action_log",
    ),
)


def page_table(sheet: str) -> PageTable:
    """The page table with this heading (the page draws it with these columns, the board pack copies it)."""
    return next(table for table in PAGE_TABLES if table.sheet == sheet)
