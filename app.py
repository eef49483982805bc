"""Realize: entry point. Page config, navigation and what every page shares."""

from pathlib import Path

import streamlit as st

from realize import webapp

# Not "pages/": Streamlit still treats a pages/ folder beside the entrypoint as
# legacy auto-discovered pages, which would run a page without this file on a
# freshly started server (a sponsor's first click on a shared link).
PAGES = Path(__file__).resolve().parent / "app_pages"

st.set_page_config(page_title="Realize", page_icon=":material/insights:", layout="wide")

store = webapp.get_store()
navigation = st.navigation(
    [
        st.Page(PAGES / "data.py", title="Data", icon=":material/upload_file:", url_path="data", default=True),
    ]
)
webapp.sample_notice(store)
navigation.run()
