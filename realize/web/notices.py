"""What every page may say first: the sample, stale data, why a page is empty."""

from __future__ import annotations

from typing import NoReturn

import streamlit as st

from realize.contract import schema
from realize.ledger.store import Refused, Store
from realize.measures import Filters
from realize.report import formats
from realize.service import sample_portfolio
from realize.web import auth, cached
from realize.web import filters as filters_module
from realize.web.process_store import get_store


def sample_notice(store: Store) -> None:
    """Said on every page while the bundled sample is what is shown."""
    if store.showing_sample():
        st.info(
            "**You are looking at the sample portfolio**, a made-up set of initiatives to explore the app. "
            "Upload your own workbook on the Data page: applying your first upload removes the sample.",
            icon=":material/science:",
        )


def nothing_to_show(filters: Filters, noun: str, what_to_upload: str) -> NoReturn:
    """Say why a page is empty and what to do about it, then stop the page.

    A filter hides everything: clear it. No data at all (a new database, or every upload reverted): upload,
    or an editor brings the sample back with one click. Data, but none of this kind: upload it.
    """
    if filters.portfolios or filters.initiatives or filters.owners:
        st.info(f"No {noun} matches these filters: clear a filter in the sidebar to see more.")
    elif all(cached.current(sheet.name).empty for sheet in schema.SHEETS):
        st.info(
            "There is no portfolio data yet. Upload your workbook on the Data page (the template there shows "
            "the sheets and columns), or explore the app with the sample portfolio.",
            icon=":material/inbox:",
        )
        _load_sample_button()
    else:
        st.info(f"No {noun} is recorded yet: upload {what_to_upload} on the Data page.")
    st.stop()


def _load_sample_button() -> None:
    if not auth.can_edit():
        return
    auth.name_input()
    editor = auth.current_editor()
    if st.button("Load the sample portfolio", icon=":material/science:", disabled=editor is None) and editor:
        try:
            sample_portfolio.load_again(get_store(), editor)
        except Refused as refused:
            st.error(str(refused))
            return
        st.rerun()


def stale_data_notice(filters: Filters) -> None:
    """When the data ends months before the as-of date, say so and offer the data's own month in one click."""
    latest = cached.latest_data_month()
    if latest is None or not filters_module.data_ends_before(latest, filters.as_of):
        return
    month_end = filters_module.month_end(latest)
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.info(
        f"**Your latest data is for {formats.month(latest)}.** Numbers to date run up to "
        f"{formats.month(filters.as_of)}, so the months after {formats.month(latest)} count as not yet reported "
        "and KPIs read as stale.",
        icon=":material/history:",
    )
    right.button(
        f"Show as of {formats.day(month_end)}",
        on_click=filters_module.set_as_of,
        args=(month_end,),
        icon=":material/event:",
        width="stretch",
    )


def known_at_notice(filters: Filters) -> None:
    """While the data is shown as known on a past day, say so on every page, and how to see it as it is now."""
    day = filters_module.known_on()
    if filters.known_at is None or day is None:
        return
    _, later = cached.known_by_end_of(day)
    if filters.known_at == 0:
        what = "Nothing had been uploaded yet by then."
    elif later:
        entries = "1 ledger entry" if later == 1 else f"{later:,} ledger entries"
        what = f"Not counted: {entries} recorded since (uploads, edits or reverts)."
    else:
        what = "Nothing has been recorded since: this is also the data as it is now."
    st.warning(
        f"**Data as known on {formats.day(day)}** (up to ledger entry #{filters.known_at}). {what} "
        "Clear *Data as known on* in the sidebar to see the data as it is now.",
        icon=":material/history_toggle_off:",
    )
