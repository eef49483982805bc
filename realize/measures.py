"""The measures of SPEC section 4: named views over the current data, run with parameters and filters.

The measures are plain views (queries/<name>.sql, created by the store) that
read their parameters from the `measure_parameters` view, which reads one
DuckDB session variable. Each run takes its own cursor, sets that variable
from bound values (`set variable realize_parameters = {...$as_of...}`) and
selects from the view with the filters bound too: no value is ever formatted
into SQL text, and the views compose (initiative_summary reads tco, ...).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from realize import settings as settings_module
from realize.sql import sql_text, with_identifiers

if TYPE_CHECKING:
    from realize.store import Store

# Every view, in the order they are created (each reads only earlier ones).
VIEWS: tuple[str, ...] = (
    "measure_parameters",
    "benefit_realization",
    "tco",
    "initiative_cash_flow",
    "milestone_status",
    "scorecard",
    "action_status",
    "initiative_summary",
    "owner_accountability",
    "benefit_value_by_month",
    "kpi_value_history",
)

# The views users query by name (SPEC section 4, command line): what one row is.
NAMED_VIEWS: dict[str, str] = {
    "benefit_realization": "benefit",
    "tco": "initiative x category x nature x fiscal_year",
    "initiative_summary": "initiative",
    "milestone_status": "milestone",
    "scorecard": "KPI",
    "action_status": "action",
    "owner_accountability": "owner",
    "upload_history": "upload",
}

# How rows come out of each view: ids first, so output is stable.
ORDER_BY: dict[str, tuple[str, ...]] = {
    "benefit_realization": ("initiative_id", "benefit_id"),
    "tco": ("initiative_id", "fiscal_year", "category", "nature"),
    "initiative_cash_flow": ("initiative_id", "period"),
    "initiative_summary": ("initiative_id",),
    "milestone_status": ("initiative_id", "baseline_date", "milestone_id"),
    "scorecard": ("perspective", "kpi_id"),
    "action_status": ("due_date", "action_id"),
    "owner_accountability": ("owner",),
    "upload_history": ("upload_id",),
    "benefit_value_by_month": ("initiative_id", "benefit_id", "period"),
    "kpi_value_history": ("kpi_id", "period"),
}
DESCENDING = {"upload_history"}


@dataclass(frozen=True)
class Filters:
    """What the user looks at: the as-of date and the rows chosen (empty = all)."""

    as_of: dt.date = field(default_factory=dt.date.today)
    portfolios: tuple[str, ...] = ()
    initiatives: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    include_non_cash: bool = True


def parameters(stored: Mapping[str, object], filters: Filters, overrides: Mapping[str, object] | None = None) -> dict:
    """The values of measure_parameters: stored settings, then any overrides, then as_of."""
    values: dict[str, object] = {**settings_module.defaults(), **stored, **(overrides or {})}
    values["as_of"] = filters.as_of
    values["include_non_cash"] = filters.include_non_cash
    return values


# The parameters the views read (queries/measure_parameters.sql), with their SQL types.
PARAMETER_TYPES: dict[str, str] = {
    "as_of": "date",
    "discount_rate": "double",
    "tolerance_days": "integer",
    "fiscal_year_start": "integer",
    "include_non_cash": "boolean",
    "reporting_currency": "varchar",
    "realization_green": "double",
    "realization_amber": "double",
    "variance_green": "double",
    "variance_amber": "double",
    "on_time_green": "double",
    "on_time_amber": "double",
}
_SET_PARAMETERS = (
    "set variable realize_parameters = {"
    + ", ".join("'" + name + "': $" + name + "::" + sql_type for name, sql_type in PARAMETER_TYPES.items())
    + "}"
)


def set_parameters(cursor: object, values: Mapping[str, object]) -> None:
    """Bind the parameters on this cursor (a DuckDB session variable lives per connection)."""
    cursor.execute(_SET_PARAMETERS, {name: values[name] for name in PARAMETER_TYPES})  # type: ignore[attr-defined]


def default_parameters() -> dict:
    """Parameters to bind while creating the views (DuckDB binds a view's query when it is created)."""
    return parameters({}, Filters())


# Filter conditions, as fixed SQL text; each applies when the view has its columns.
_FILTERS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("portfolios", ("portfolio",), "list_contains($portfolios, portfolio)"),
    ("initiatives", ("initiative_id",), "list_contains($initiatives, initiative_id)"),
    (
        "owners",
        ("owner", "initiative_owner"),
        "(list_contains($owners, owner) or list_contains($owners, initiative_owner))",
    ),
    ("owners", ("owner",), "list_contains($owners, owner)"),
)


def filter_clause(columns: Sequence[str], filters: Filters) -> tuple[str, dict[str, list[str]]]:
    """The where clause and its bound values for a view with these columns.

    Owner: a row matches when its own owner or its initiative's owner is chosen.
    """
    conditions: list[str] = []
    values: dict[str, list[str]] = {}
    applied: set[str] = set()
    for name, needed, condition in _FILTERS:
        chosen = list(getattr(filters, name))
        if not chosen or name in applied or not set(needed) <= set(columns):
            continue
        conditions.append(condition)
        values[name] = chosen
        applied.add(name)
    return (" where " + " and ".join(conditions) if conditions else ""), values


def run(
    store: Store, view: str, filters: Filters | None = None, overrides: Mapping[str, object] | None = None
) -> pd.DataFrame:
    """A named view (or any view of VIEWS) for these filters, as a DataFrame."""
    if view not in VIEWS and view not in NAMED_VIEWS:
        raise ValueError(f"unknown view {view!r}: one of {', '.join(NAMED_VIEWS)}")
    filters = filters or Filters()
    values = parameters(store.settings(), filters, overrides)
    columns = store.view_columns(view)
    where, bound = filter_clause(columns, filters)
    order = tuple(name for name in ORDER_BY.get(view, ()) if name in columns)
    sql = with_identifiers("select * from {view}", view=view) + where
    if order:
        sql += with_identifiers(" order by {order}", order=order) + (" desc" if view in DESCENDING else "")
    with store.cursor() as cursor:
        set_parameters(cursor, values)
        return cursor.execute(sql, bound).df()


def totals(store: Store, view: str, filters: Filters, by: tuple[str, ...], values: tuple[str, ...]) -> pd.DataFrame:
    """A view's rows for these filters, summed per `by` in DuckDB (a chart needs the sums, not the rows)."""
    columns = store.view_columns(view)
    where, bound = filter_clause(columns, filters)
    sums = ", ".join(with_identifiers("sum({value}) as {value}", value=value) for value in values)
    sql = (
        with_identifiers("select {by}, ", by=by)
        + sums
        + with_identifiers(" from {view}", view=view)
        + where
        + with_identifiers(" group by {by} order by {by}", by=by)
    )
    with store.cursor() as cursor:
        set_parameters(cursor, parameters(store.settings(), filters))
        return cursor.execute(sql, bound).df()


def portfolio_value(store: Store, initiative_ids: Sequence[str], filters: Filters | None = None) -> pd.Series:
    """The portfolio's value over these initiatives (queries/portfolio_value.sql), one row."""
    filters = filters or Filters()
    with store.cursor() as cursor:
        set_parameters(cursor, parameters(store.settings(), filters))
        frame = cursor.execute(sql_text("portfolio_value"), {"initiative_ids": list(initiative_ids)}).df()
    return frame.iloc[0]


def scorecard_balance(store: Store, filters: Filters | None = None) -> pd.DataFrame:
    """KPIs per perspective, leading and lagging, over the KPIs the filters leave (queries/scorecard_balance.sql)."""
    filters = filters or Filters()
    kpi_ids = run(store, "scorecard", filters)["kpi_id"].tolist()
    with store.cursor() as cursor:
        set_parameters(cursor, parameters(store.settings(), filters))
        return cursor.execute(sql_text("scorecard_balance"), {"kpi_ids": kpi_ids}).df()
