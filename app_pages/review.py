"""Review: the action and decision log, overdue actions, red KPIs nobody answers; record and close actions."""

import streamlit as st

from realize.contract import catalog
from realize.report import headlines
from realize.web import auth, cached, display, forms, widgets
from realize.web.filters import current_filters, describe
from realize.web.process_store import get_store

f = current_filters()
currency = str(cached.settings()["reporting_currency"])
st.title("Review")
st.caption(describe(f))

for message in st.session_state.pop("review_messages", []):
    st.success(message, icon=":material/check_circle:")
for message in st.session_state.pop("review_errors", []):
    st.error(message, icon=":material/block:")

actions = cached.run("action_status", f)
scorecard = cached.run("scorecard", f)
widgets.metrics_row(headlines.review_metrics(cached.kpi_action_counts(f, actions, scorecard)))

unmanaged = scorecard[scorecard["unmanaged"]]
st.subheader(f"Red KPIs with no open action ({len(unmanaged)})")
if unmanaged.empty:
    st.success("Every red KPI has an open action answering it.")
else:
    display.table(
        unmanaged,
        key="review_unmanaged",
        currency=currency,
        columns=["kpi_id", "kpi_name", "owner", "initiative_id", "latest_value", "target", "threshold", "response"],
        file_stem="unmanaged_red_kpis",
    )

overdue = actions[actions["overdue"]] if not actions.empty else actions
st.subheader(f"Overdue actions ({len(overdue)})")
if overdue.empty:
    st.success("No open action is past its due date.")
else:
    display.table(
        overdue,
        key="review_overdue",
        currency=currency,
        columns=["action_id", "title", "owner", "initiative_id", "kpi_id", "due_date", "days_overdue"],
        file_stem="overdue_actions",
    )

st.subheader("Action and decision log")
if actions.empty:
    st.info("No action matches these filters yet. Record one below, or upload an actions sheet on the Data page.")
else:
    log = catalog.page_table("Action and decision log")
    display.table(actions, key="review_log", currency=currency, columns=log.columns, file_stem=log.file_stem)

if auth.can_edit():
    store = get_store()
    st.divider()
    auth.name_input()
    editor = auth.current_editor()
    if editor is None:
        st.info("Enter your name above to record or close actions: it goes into the history.")
    else:
        st.subheader("Record a decision or action")
        forms.record_action_form(store, editor)
        st.subheader("Close an action")
        forms.close_action_form(store, actions, editor)
