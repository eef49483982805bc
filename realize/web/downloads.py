"""Downloads: a table as CSV and Excel, the board pack, the template, a backup."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from realize import measures
from realize.contract import catalog
from realize.ledger.backup import backup_zip
from realize.ledger.store import Store
from realize.measures import Filters
from realize.report import board_pack, export, formats, headlines, workbook
from realize.web import filters as filters_module
from realize.web.process_store import get_store


def download_buttons(frame: pd.DataFrame, file_stem: str, *, key: str, currency: str | None) -> None:
    """CSV and Excel downloads of one table as people read it, side by side, formula-safe; made only when clicked.

    `currency` is the reporting currency the table's money is in; None for a table that holds no money.
    """
    left, right = st.columns(2)
    left.download_button(
        "Download CSV",
        lambda: export.readable_csv_bytes(frame, currency=currency),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        width="stretch",
    )
    right.download_button(
        "Download Excel",
        lambda: export.readable_xlsx_bytes({formats.header(file_stem): frame}, currency=currency),
        file_name=f"{file_stem}.xlsx",
        mime=export.XLSX_MIME,
        key=f"{key}_xlsx",
        icon=":material/download:",
        width="stretch",
    )


# The views the board pack reads: every page table's, and those the Portfolio headline is made of.
_BOARD_PACK_VIEWS = tuple(
    dict.fromkeys((*(table.view for table in catalog.PAGE_TABLES), "initiative_summary", "scorecard", "action_status"))
)


def board_pack_download(filters: Filters, currency: str) -> None:
    """The board pack of these filters offered in the sidebar; made only when clicked."""
    store = get_store()
    st.sidebar.download_button(
        "Board pack (.xlsx)",
        lambda: board_pack_for(store, filters, currency),
        file_name=f"board_pack_{filters.as_of:%Y-%m-%d}.xlsx",
        mime=export.XLSX_MIME,
        on_click="ignore",
        key="board_pack",
        icon=":material/download:",
        width="stretch",
        help="The Portfolio headline and every page's main table for these filters, one sheet each, "
        "formatted for reading.",
    )


def board_pack_for(store: Store, filters: Filters, currency: str) -> bytes:
    """The board pack's data for these filters, straight from the measures (a download is made outside the
    page's run, where Streamlit's caches are not at hand): the pages' main tables and the Portfolio headline."""
    described = filters_module.describe(filters)
    views = {view: measures.run(store, view, filters) for view in _BOARD_PACK_VIEWS}
    summary = views["initiative_summary"]
    headline = (
        headlines.portfolio_metrics(
            measures.portfolio_value(store, tuple(summary["initiative_id"]), filters),
            measures.kpi_action_counts(
                store, views["action_status"]["action_id"], views["scorecard"]["kpi_id"], filters
            ),
            currency,
        )
        if not summary.empty
        else []
    )
    return board_pack.board_pack_bytes(
        {table: views[table.view] for table in catalog.PAGE_TABLES},
        headline,
        currency=currency,
        described_filters=described,
        as_of=filters.as_of,
    )


@st.cache_data(show_spinner=False)
def cached_template() -> bytes:
    return workbook.template_bytes()


def backup_download(store: Store) -> None:
    """The whole database, ledger included, as one .zip (what `python -m realize restore` loads, unzipped)."""
    if not st.button("Prepare a backup", icon=":material/backup:", key="prepare_backup"):
        return
    content, rows = backup_zip(store)
    st.download_button(
        f"Download the backup ({sum(rows.values()):,} rows)",
        content,
        file_name=f"realize_backup_{dt.date.today():%Y-%m-%d}.zip",
        mime="application/zip",
        icon=":material/download:",
        key="backup_download",
    )
