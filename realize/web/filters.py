"""The shared sidebar filters and the URL that carries them (SPEC section 5).

app.py draws the filters on every run, so they survive page switches. The
filters live in the URL query string too (?owner=Ann&initiative=INI-03&as_of=...):
a link opens the same page with the same filters for a sponsor. Streamlit
clears the query string when the page changes, so every run writes it again
from the widgets. A session's first run seeds the widgets from the URL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from realize.measures import Filters
from realize.report import formats
from realize.web import cached

# widget key = URL parameter
PORTFOLIO, INITIATIVE, OWNER, AS_OF, CASH_ONLY = "portfolio", "initiative", "owner", "as_of", "cash_only"
KNOWN_ON = "known_on"
CURRENT = "_current_filters"
PAGE_PARAMS = "_page_params"
# sheets whose rows name a person accountable for them
OWNED_SHEETS = ("initiatives", "benefits", "milestones", "kpis", "actions")


@dataclass(frozen=True)
class Options:
    portfolios: tuple[str, ...]
    initiatives: dict[str, str]  # id -> "id name"
    owners: tuple[str, ...]


def options() -> Options:
    """What the filters offer, from the current data."""
    initiatives = cached.current("initiatives")
    owners: set[str] = set()
    for sheet in OWNED_SHEETS:
        owners |= set(cached.current(sheet)["owner"].dropna())
    return Options(
        portfolios=tuple(sorted(set(initiatives["portfolio"].dropna()))),
        initiatives={
            row.initiative_id: f"{row.initiative_id} {row.name}"
            for row in initiatives.sort_values("initiative_id").itertuples()
        },
        owners=tuple(sorted(owners)),
    )


def sidebar_filters() -> Filters:
    """Draw the filters in the sidebar, keep the URL in step, and return them."""
    offered = options()
    _seed_from_url(offered)
    sidebar = st.sidebar
    sidebar.header("Filters")
    portfolios = sidebar.multiselect("Portfolio", offered.portfolios, key=PORTFOLIO, placeholder="All portfolios")
    initiatives = sidebar.multiselect(
        "Initiative",
        list(offered.initiatives),
        format_func=lambda value: offered.initiatives.get(value, value),
        key=INITIATIVE,
        placeholder="All initiatives",
    )
    owners = sidebar.multiselect(
        "Owner",
        offered.owners,
        key=OWNER,
        placeholder="Everyone",
        help="Shows what a person owns themselves and what belongs to the initiatives they own.",
    )
    as_of = sidebar.date_input(
        "As of", key=AS_OF, format="YYYY-MM-DD", help="Numbers to date count every month up to this one."
    )
    known_on = sidebar.date_input(
        "Data as known on",
        key=KNOWN_ON,
        format="YYYY-MM-DD",
        help="Show the data as it stood at the end of this day (UTC): uploads and reverts recorded later are not "
        "counted. Empty: the data as it is now.",
    )
    cash_only = sidebar.toggle(
        "Cash-releasing benefits only",
        key=CASH_ONLY,
        help="Leave non-cash-releasing benefits (time saved, avoided cost) out of value, ROI and NPV.",
    )
    filters = Filters(
        as_of=as_of if isinstance(as_of, dt.date) else dt.date.today(),
        portfolios=tuple(portfolios),
        initiatives=tuple(initiatives),
        owners=tuple(owners),
        include_non_cash=not cash_only,
        known_at=cached.known_by_end_of(known_on)[0] if isinstance(known_on, dt.date) else None,
    )
    st.session_state[CURRENT] = filters
    st.session_state[PAGE_PARAMS] = {}
    return filters


def current_filters() -> Filters:
    """The filters app.py drew for this run (pages call this)."""
    return st.session_state.get(CURRENT) or Filters()


def _seed_from_url(offered: Options) -> None:
    """On a session's first run, set the widgets from the link it was opened with."""
    if st.session_state.get("_filters_seeded"):
        return
    st.session_state["_filters_seeded"] = True
    params = st.query_params
    st.session_state[PORTFOLIO] = [value for value in params.get_all(PORTFOLIO) if value in offered.portfolios]
    st.session_state[INITIATIVE] = [value for value in params.get_all(INITIATIVE) if value in offered.initiatives]
    st.session_state[OWNER] = [value for value in params.get_all(OWNER) if value in offered.owners]
    st.session_state[AS_OF] = _date_or_today(params.get(AS_OF))
    st.session_state[KNOWN_ON] = _date_or_none(params.get(KNOWN_ON))
    st.session_state[CASH_ONLY] = params.get(CASH_ONLY) in ("1", "true", "yes")
    unknown = [
        value
        for key, known in ((INITIATIVE, offered.initiatives), (OWNER, offered.owners), (PORTFOLIO, offered.portfolios))
        for value in params.get_all(key)
        if value not in known
    ]
    if unknown:
        st.session_state["_filters_unknown"] = unknown


def _date_or_today(text: str | None) -> dt.date:
    return _date_or_none(text) or dt.date.today()


def _date_or_none(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def known_on() -> dt.date | None:
    """The day the data is shown as known at the end of (None: as it is now)."""
    day = st.session_state.get(KNOWN_ON)
    return day if isinstance(day, dt.date) else None


def page_param(key: str, value: str | None) -> None:
    """A page's own part of the link (the brief's initiative), written with the filters at the end of the run."""
    st.session_state.setdefault(PAGE_PARAMS, {})[key] = value


def write_url() -> None:
    """Put this run's filters and page parameters into the query string; empty ones are left out.

    app.py calls this after the page ran (in a finally: also when a page stops early).
    """
    filters = current_filters()
    page_params: dict[str, str | None] = st.session_state.get(PAGE_PARAMS, {})
    wanted: dict[str, str | list[str]] = {}
    if filters.portfolios:
        wanted[PORTFOLIO] = list(filters.portfolios)
    if filters.initiatives:
        wanted[INITIATIVE] = list(filters.initiatives)
    if filters.owners:
        wanted[OWNER] = list(filters.owners)
    if filters.as_of != dt.date.today():
        wanted[AS_OF] = filters.as_of.isoformat()
    if not filters.include_non_cash:
        wanted[CASH_ONLY] = "1"
    if filters.known_at is not None and known_on() is not None:
        wanted[KNOWN_ON] = known_on().isoformat()
    wanted.update({key: value for key, value in page_params.items() if value})
    present = {key: st.query_params.get_all(key) for key in st.query_params}
    normalized = {key: value if isinstance(value, list) else [value] for key, value in wanted.items()}
    if present != normalized:
        st.query_params.from_dict(wanted)


def unknown_link_values() -> list[str]:
    """Values in the opening link that match nothing in the data (said once on the page)."""
    return st.session_state.pop("_filters_unknown", [])


def describe(filters: Filters) -> str:
    """The filters in words, for empty states and the brief."""
    parts = []
    if filters.portfolios:
        parts.append("portfolio " + ", ".join(filters.portfolios))
    if filters.initiatives:
        parts.append("initiative " + ", ".join(filters.initiatives))
    if filters.owners:
        parts.append("owner " + ", ".join(filters.owners))
    chosen = "; ".join(parts) if parts else "the whole portfolio"
    cash_only = "" if filters.include_non_cash else "; cash-releasing benefits only"
    day = known_on()
    known = "" if filters.known_at is None or day is None else f"; data as known on {formats.day(day)}"
    return f"{chosen}, as of {filters.as_of:%d %b %Y}{cash_only}{known}"


def month_end(month: dt.date) -> dt.date:
    """The last day of the month a date is in."""
    following = (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return following - dt.timedelta(days=1)


def data_ends_before(latest_month: dt.date, as_of: dt.date) -> bool:
    """True when the as-of month is two or more months after the latest month with data (one is a reporting lag)."""
    return (as_of.year - latest_month.year) * 12 + as_of.month - latest_month.month >= 2


def set_as_of(day: dt.date) -> None:
    """Move the as-of filter (a button's callback: it runs before the widgets are drawn again)."""
    st.session_state[AS_OF] = day
