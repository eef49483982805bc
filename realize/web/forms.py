"""The Review page's forms: record a decision or action, close one."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from realize.contract.roles import Editor, NotAllowed
from realize.ledger.store import Refused, Store
from realize.service import review_actions
from realize.web import cached


def record_action_form(store: Store, editor: Editor) -> None:
    """A new review action or decision, linked to an initiative, KPI or benefit; a ledger entry."""
    initiatives = _choices(cached.current("initiatives"), "initiative_id", "name")
    kpis = _choices(cached.current("kpis"), "kpi_id", "name")
    benefits = _choices(cached.current("benefits"), "benefit_id", "name")
    with st.form("record_action", clear_on_submit=True):
        title = st.text_input("Decision or action", placeholder="Add a second region for the payment service")
        owner = st.text_input("Owner", placeholder="Who does it")
        left, right = st.columns(2)
        raised_on = left.date_input("Raised on (review date)", value=dt.date.today(), format="YYYY-MM-DD")
        due_date = right.date_input("Due", value=dt.date.today() + dt.timedelta(days=30), format="YYYY-MM-DD")
        st.caption("What it responds to: at least one.")
        first, second, third = st.columns(3)
        initiative = first.selectbox("Initiative", list(initiatives), index=None, format_func=initiatives.get)
        kpi = second.selectbox("KPI", list(kpis), index=None, format_func=kpis.get)
        benefit = third.selectbox("Benefit", list(benefits), index=None, format_func=benefits.get)
        submitted = st.form_submit_button("Record", icon=":material/add_task:", type="primary")
    if not submitted:
        return
    action = {
        "title": title.strip() or None,
        "owner": owner.strip() or None,
        "raised_on": raised_on,
        "due_date": due_date,
        "initiative_id": initiative,
        "kpi_id": kpi,
        "benefit_id": benefit,
    }
    try:
        action_id = review_actions.record(store, action, editor)
    except (Refused, NotAllowed) as refusal:
        st.session_state["review_errors"] = [f"Not recorded: {refusal}"]
    else:
        st.session_state["review_messages"] = [f"Recorded {action_id}: {title.strip()}."]
    st.rerun()


def close_action_form(store: Store, actions: pd.DataFrame, editor: Editor) -> None:
    """Mark an open action done or dropped, with the outcome seen; a ledger entry."""
    still_open = actions[actions["status"] == "open"] if not actions.empty else actions
    if still_open.empty:
        st.info("No open action matches these filters.")
        return
    labels = {
        row.action_id: f"{row.action_id} {row.title} ({row.owner}, due {row.due_date:%Y-%m-%d})"
        for row in still_open.itertuples()
    }
    with st.form("close_action", clear_on_submit=True):
        action_id = st.selectbox(
            "Action", list(labels), index=None, format_func=labels.get, placeholder="Choose an open action"
        )
        left, right = st.columns(2)
        status = left.radio("Outcome", ["done", "dropped"], horizontal=True)
        closed_on = right.date_input("Closed on", value=dt.date.today(), format="YYYY-MM-DD")
        outcome = st.text_input("Effect observed", placeholder="What changed because of it")
        submitted = st.form_submit_button("Close the action", icon=":material/task_alt:")
    if not submitted:
        return
    if action_id is None:
        st.session_state["review_errors"] = ["Choose the action to close."]
        st.rerun()
    try:
        review_actions.close(store, action_id, editor, status=status, closed_on=closed_on, outcome=outcome.strip())
    except (Refused, NotAllowed) as refusal:
        st.session_state["review_errors"] = [f"Not closed: {refusal}"]
    else:
        st.session_state["review_messages"] = [f"{action_id} is {status}."]
    st.rerun()


def _choices(frame: pd.DataFrame, id_column: str, name_column: str) -> dict[str, str]:
    labels = frame[id_column].astype(str) + " " + frame[name_column].fillna("").astype(str)
    return dict(zip(frame[id_column], labels, strict=True))
