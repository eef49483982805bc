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
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import pandas as pd

from realize.contract.catalog import DESCENDING, NAMED_VIEWS, ORDER_BY, VIEWS
from realize.ledger.parameters import Filters, parameters, set_parameters
from realize.ledger.sql import sql_text, with_identifiers


class Database(Protocol):
    """What running a view needs of the store (realize.ledger.store.Store has it): its settings, the columns of a
    view, and reading with a cursor of its own (run again when a lake's catalog was busy)."""

    def settings(self, known_at: int | None = None) -> dict[str, str | float | int]: ...

    def view_columns(self, view: str) -> list[str]: ...

    def read(self, work: Callable[[Any], Any]) -> Any: ...


def _values(store: Database, filters: Filters, overrides: Mapping[str, object] | None = None) -> dict:
    """The parameters for these filters: the settings as known at the filters' ledger point, then overrides."""
    return parameters(store.settings(filters.known_at), filters, overrides)


def _frame(store: Database, values: Mapping[str, object], sql: str, bound: Mapping[str, object]) -> pd.DataFrame:
    """A query's rows, its measure parameters set on the query's own cursor."""

    def work(cursor: Any) -> pd.DataFrame:
        set_parameters(cursor, values)
        return cursor.execute(sql, dict(bound)).df()

    return store.read(work)


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
    store: Database, view: str, filters: Filters | None = None, overrides: Mapping[str, object] | None = None
) -> pd.DataFrame:
    """A named view (or any view of VIEWS) for these filters, as a DataFrame."""
    if view not in VIEWS and view not in NAMED_VIEWS:
        raise ValueError(f"unknown view {view!r}: one of {', '.join(NAMED_VIEWS)}")
    filters = filters or Filters()
    values = _values(store, filters, overrides)
    columns = store.view_columns(view)
    where, bound = filter_clause(columns, filters)
    order = tuple(name for name in ORDER_BY.get(view, ()) if name in columns)
    sql = with_identifiers("select * from {view}", view=view) + where
    if order:
        sql += with_identifiers(" order by {order}", order=order) + (" desc" if view in DESCENDING else "")
    return _frame(store, values, sql, bound)


def totals(store: Database, view: str, filters: Filters, by: tuple[str, ...], values: tuple[str, ...]) -> pd.DataFrame:
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
    return _frame(store, _values(store, filters), sql, bound)


def portfolio_value(store: Database, initiative_ids: Sequence[str], filters: Filters | None = None) -> pd.Series:
    """The portfolio's value over these initiatives (queries/portfolio_value.sql), one row."""
    filters = filters or Filters()
    values = _values(store, filters)
    return _frame(store, values, sql_text("portfolio_value"), {"initiative_ids": list(initiative_ids)}).iloc[0]


def scorecard_balance(store: Database, filters: Filters | None = None) -> pd.DataFrame:
    """KPIs per perspective, leading and lagging, over the KPIs the filters leave (queries/scorecard_balance.sql)."""
    filters = filters or Filters()
    kpi_ids = run(store, "scorecard", filters)["kpi_id"].tolist()
    return _frame(store, _values(store, filters), sql_text("scorecard_balance"), {"kpi_ids": kpi_ids})


def _headline(store: Database, query: str, filters: Filters, ids: Mapping[str, Sequence[str]]) -> pd.Series:
    bound = {name: list(values) for name, values in ids.items()}
    return _frame(store, _values(store, filters), sql_text(query), bound).iloc[0]


def delivery_headline(store: Database, milestone_ids: Sequence[str], filters: Filters | None = None) -> pd.Series:
    """The Delivery page's headline over these milestones (the page's rows; queries/delivery_headline.sql)."""
    return _headline(store, "delivery_headline", filters or Filters(), {"milestone_ids": milestone_ids})


def kpi_action_counts(
    store: Database, action_ids: Sequence[str], kpi_ids: Sequence[str], filters: Filters | None = None
) -> pd.Series:
    """KPI and action counts over these actions and KPIs (queries/kpi_action_counts.sql), for the headlines."""
    ids = {"action_ids": action_ids, "kpi_ids": kpi_ids}
    return _headline(store, "kpi_action_counts", filters or Filters(), ids)


def latest_data_month(store: Database) -> dt.date | None:
    """The first day of the latest month with a recorded figure (queries/latest_data_month.sql); None if none."""
    latest = store.read(lambda cursor: cursor.execute(sql_text("latest_data_month")).fetchone())
    return latest[0] if latest and latest[0] is not None else None
