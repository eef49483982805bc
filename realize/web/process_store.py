"""The store of this Streamlit process: one Store (one DuckDB connection) under st.cache_resource.

The store hands out a cursor per query and serialises writes under its lock.
Pages, the cached queries and the widgets all reach the database through get_store().
"""

from __future__ import annotations

import streamlit as st

from realize.ledger.location import LocationError, locate
from realize.ledger.store import Refused, Store
from realize.service import sample_portfolio


@st.cache_resource(show_spinner="Opening the portfolio database...")
def _store_at(database: str, data_path: str | None) -> Store:
    store = Store(locate(database, data_path))
    sample_portfolio.load_if_empty(store)
    return store


def get_store() -> Store:
    """The store of this process for the configured database (env REALIZE_DB, REALIZE_DATA_PATH).

    When it cannot be opened (another process holds the file, a newer release made it, a lake is unreachable)
    the page says so and stops (tried again on the next visit).
    """
    try:
        location = locate()
        return _store_at(location.uri, location.data_path)
    except (Refused, LocationError) as busy:
        st.error(str(busy), icon=":material/lock:")
        st.stop()
