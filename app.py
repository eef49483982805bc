"""Realize: entry point. Page config, navigation, the shared filters and what every page says."""

from pathlib import Path

import streamlit as st

from realize.ledger.retry import Busy
from realize.web import auth, cached, downloads, filters, notices
from realize.web.process_store import get_store

# Not "pages/": Streamlit still treats a pages/ folder beside the entrypoint as
# legacy auto-discovered pages, which would run a page without this file on a
# freshly started server (a sponsor's first click on a shared link).
PAGES = Path(__file__).resolve().parent / "app_pages"

st.set_page_config(page_title="Realize", page_icon=":material/insights:", layout="wide")

store = get_store()
auth.require_sign_in()
manage = (
    [st.Page(PAGES / "data.py", title="Data", icon=":material/upload_file:", url_path="data")]
    if auth.can_edit()
    else []
)
navigation = st.navigation(
    {
        "Portfolio": [
            st.Page(PAGES / "portfolio.py", title="Portfolio", icon=":material/dashboard:", default=True),
            st.Page(PAGES / "benefits.py", title="Benefits", icon=":material/trending_up:", url_path="benefits"),
            st.Page(PAGES / "costs.py", title="Costs & value", icon=":material/payments:", url_path="costs"),
            st.Page(PAGES / "delivery.py", title="Delivery", icon=":material/flag:", url_path="delivery"),
            st.Page(PAGES / "scorecard.py", title="Scorecard", icon=":material/speed:", url_path="scorecard"),
            st.Page(PAGES / "review.py", title="Review", icon=":material/task_alt:", url_path="review"),
            st.Page(PAGES / "brief.py", title="Initiative brief", icon=":material/description:", url_path="brief"),
        ],
        **({"Manage": manage} if manage else {}),
    }
)
try:
    chosen = filters.sidebar_filters()
    downloads.board_pack_download(chosen, str(cached.settings()["reporting_currency"]))
    auth.sidebar()
    notices.sample_notice(store)
    notices.known_at_notice(chosen)
    notices.stale_data_notice(chosen)
    unknown = filters.unknown_link_values()
    if unknown:
        st.warning(
            "This link names " + ", ".join(unknown) + ", which the data does not hold; those filters were left out.",
            icon=":material/link_off:",
        )
    navigation.run()
except Busy as busy:  # a lake's catalog stayed busy with writers through every retry: say so, no traceback
    st.error(f"{busy} Reload the page to try again.", icon=":material/hourglass_top:")
finally:
    filters.write_url()
