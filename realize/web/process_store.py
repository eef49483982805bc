"""The store of this Streamlit process: one Store (one DuckDB connection) under st.cache_resource.

The store hands out a cursor per query and serialises writes under its lock.
Pages, the cached queries and the widgets all reach the database through get_store().
"""

from __future__ import annotations

import streamlit as st

from realize.ledger.store import Store, StoreInUse, StoreTooNew, database_path
from realize.service import sample_portfolio


@st.cache_resource(show_spinner="Opening the portfolio database...")
def _store_at(path: str) -> Store:
    store = Store(path)
    sample_portfolio.load_if_empty(store)
    return store


def get_store() -> Store:
    """The store of this process for the configured database (env REALIZE_DB).

    When another process holds the file the page says so and stops (tried again on the next visit).
    """
    try:
        return _store_at(str(database_path()))
    except (StoreInUse, StoreTooNew) as busy:
        st.error(str(busy), icon=":material/lock:")
        st.stop()
