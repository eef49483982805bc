"""The pages' access to the measures: cached per data version, filters and all.

`run("benefit_realization", filters)` returns the view for those filters. Results
are cached with st.cache_data keyed by the database and its data version,
which changes on every write, so no session sees a stale number after an upload.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from realize import measures
from realize.measures import Filters
from realize.service import history
from realize.web.process_store import get_store

# Filters as a plain tuple, which st.cache_data hashes, in the order of Filters' fields: (as_of, portfolios,
# initiatives, owners, include_non_cash, known_at)
FilterKey = tuple[dt.date, tuple[str, ...], tuple[str, ...], tuple[str, ...], bool, int | None]


def _key(filters: Filters) -> FilterKey:
    return (
        filters.as_of,
        filters.portfolios,
        filters.initiatives,
        filters.owners,
        filters.include_non_cash,
        filters.known_at,
    )


def _version() -> tuple[str, int]:
    """Which database, in which state: the part of every cache key that changes on a write."""
    store = get_store()
    return str(store.location), store.data_version()


def run(view: str, filters: Filters) -> pd.DataFrame:
    """A view for these filters (cached until the data changes)."""
    return _cached_view(*_version(), view, _key(filters))


def portfolio_value(filters: Filters, initiative_ids: tuple[str, ...]) -> pd.Series:
    """The portfolio's value over these initiatives (cached until the data changes)."""
    return _cached_portfolio_value(*_version(), initiative_ids, _key(filters))


def monthly_benefit_value(filters: Filters) -> pd.DataFrame:
    """Planned and realized benefit value per month over the benefits these filters leave (cached)."""
    return _cached_monthly_value(*_version(), _key(filters))


def scorecard_balance(filters: Filters) -> pd.DataFrame:
    """KPIs per perspective over the KPIs these filters leave (cached until the data changes)."""
    return _cached_balance(*_version(), _key(filters))


def current(sheet: str) -> pd.DataFrame:
    """The current rows of a sheet (cached until the data changes)."""
    return _cached_current(*_version(), sheet)


def settings() -> dict[str, object]:
    return _cached_settings(*_version())


def known_by_end_of(day: dt.date) -> tuple[int, int]:
    """The last ledger entry recorded by the end of this day (UTC; 0: none yet), and how many came after it."""
    return _cached_known_by(*_version(), day)


@st.cache_data(show_spinner=False, max_entries=32)
def _cached_known_by(database: str, version: int, day: dt.date) -> tuple[int, int]:
    store = get_store()
    last = history.known_by_end_of(store, day)
    return last, store.entries_after(last)


def delivery_headline(filters: Filters, milestones: pd.DataFrame) -> pd.Series:
    """The Delivery page's headline figures over the milestones it shows (from SQL)."""
    return _cached_delivery(*_version(), tuple(milestones["milestone_id"]), _key(filters))


def kpi_action_counts(filters: Filters, actions: pd.DataFrame, kpis: pd.DataFrame) -> pd.Series:
    """The KPI and action counts of the headlines over the actions and KPIs a page has (from SQL)."""
    return _cached_counts(*_version(), tuple(actions["action_id"]), tuple(kpis["kpi_id"]), _key(filters))


@st.cache_data(show_spinner=False, max_entries=128)
def _cached_delivery(database: str, version: int, milestone_ids: tuple[str, ...], key: FilterKey) -> pd.Series:
    return measures.delivery_headline(get_store(), milestone_ids, Filters(*key))


@st.cache_data(show_spinner=False, max_entries=128)
def _cached_counts(
    database: str, version: int, action_ids: tuple[str, ...], kpi_ids: tuple[str, ...], key: FilterKey
) -> pd.Series:
    return measures.kpi_action_counts(get_store(), action_ids, kpi_ids, Filters(*key))


def latest_data_month() -> dt.date | None:
    """The latest month with a recorded figure, for the stale-data hint."""
    return _cached_latest_month(*_version())


@st.cache_data(show_spinner=False, max_entries=8)
def _cached_latest_month(database: str, version: int) -> dt.date | None:
    return measures.latest_data_month(get_store())


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_view(database: str, version: int, view: str, key: FilterKey) -> pd.DataFrame:
    return measures.run(get_store(), view, Filters(*key))


@st.cache_data(show_spinner=False, max_entries=128)
def _cached_portfolio_value(database: str, version: int, initiative_ids: tuple[str, ...], key: FilterKey) -> pd.Series:
    return measures.portfolio_value(get_store(), initiative_ids, Filters(*key))


@st.cache_data(show_spinner=False, max_entries=128)
def _cached_monthly_value(database: str, version: int, key: FilterKey) -> pd.DataFrame:
    return measures.totals(
        get_store(), "benefit_value_by_month", Filters(*key), ("period",), ("planned_value", "realized_value")
    )


@st.cache_data(show_spinner=False, max_entries=128)
def _cached_balance(database: str, version: int, key: FilterKey) -> pd.DataFrame:
    return measures.scorecard_balance(get_store(), Filters(*key))


@st.cache_data(show_spinner=False, max_entries=64)
def _cached_current(database: str, version: int, sheet: str) -> pd.DataFrame:
    return get_store().current(sheet)


@st.cache_data(show_spinner=False, max_entries=8)
def _cached_settings(database: str, version: int) -> dict[str, object]:
    return get_store().settings()
