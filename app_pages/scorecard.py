"""Scorecard: KPIs by perspective with status, trend, staleness and the decision card; the balance check."""

import streamlit as st

from realize import charts, display, headlines, queries, schema, webapp
from realize.filters import current_filters, describe

f = current_filters()
currency = str(queries.settings()["reporting_currency"])
st.title("Scorecard")
st.caption(describe(f))

scorecard = queries.run("scorecard", f)
if scorecard.empty:
    st.info("No KPI matches these filters. Clear a filter, or upload KPI cards and their values on the Data page.")
    st.stop()

webapp.metrics_row(headlines.scorecard_metrics(scorecard))

balance = queries.scorecard_balance(f)
missing = balance[balance["missing"]]["perspective"].tolist()
if missing:
    st.warning(
        "**Unbalanced scorecard:** no KPI measures " + ", ".join(p.replace("_", " ") for p in missing) + ".",
        icon=":material/balance:",
    )
with st.expander("Balance: KPIs per perspective, leading and lagging"):
    display.table(balance, key="scorecard_balance", currency=currency, file_stem="scorecard_balance")

history = queries.run("kpi_value_history", f)
for perspective in schema.PERSPECTIVES:
    kpis = scorecard[scorecard["perspective"] == perspective]
    if kpis.empty:
        continue
    st.subheader(perspective.replace("_", " ").capitalize())
    webapp.chart(charts.kpi_sparklines(history[history["perspective"] == perspective]), "No values recorded yet.")
    display.table(
        kpis,
        key=f"scorecard_{perspective}",
        currency=currency,
        columns=[
            "kpi_id",
            "kpi_name",
            "owner",
            "status",
            "trend",
            "stale",
            "latest_value",
            "latest_period",
            "target",
            "threshold",
            "unit",
            "direction",
            "indicator",
            "unmanaged",
            "card_complete",
        ],
        file_stem=f"scorecard_{perspective}",
    )
    for card in kpis.itertuples():
        with st.expander(f"Decision card: {card.kpi_id} {card.kpi_name}"):
            webapp.decision_card(card._asdict())
