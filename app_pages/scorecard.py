"""Scorecard: KPIs by perspective with status, trend, staleness and the decision card; the balance check."""

import streamlit as st

from realize.contract import catalog, schema
from realize.report import charts, formats, headlines
from realize.web import display, notices, queries, widgets
from realize.web.filters import current_filters, describe

f = current_filters()
currency = str(queries.settings()["reporting_currency"])
st.title("Scorecard")
st.caption(describe(f))

scorecard = queries.run("scorecard", f)
if scorecard.empty:
    notices.nothing_to_show(f, "KPI", "KPI cards and their values")

counts = queries.kpi_action_counts(f, queries.run("action_status", f), scorecard)
widgets.metrics_row(headlines.scorecard_metrics(counts))

balance = queries.scorecard_balance(f)
missing = balance[balance["missing"]]["perspective"].tolist()
if missing:
    st.warning(
        "**Unbalanced scorecard:** no KPI measures " + ", ".join(formats.label(p) for p in missing) + ".",
        icon=":material/balance:",
    )
with st.expander("Balance: KPIs per perspective, leading and lagging"):
    display.table(balance, key="scorecard_balance", currency=currency, file_stem="scorecard_balance")

history = queries.run("kpi_value_history", f)
for perspective in schema.PERSPECTIVES:
    kpis = scorecard[scorecard["perspective"] == perspective]
    if kpis.empty:
        continue
    st.subheader(formats.label(perspective))
    widgets.chart(charts.kpi_sparklines(history[history["perspective"] == perspective]), "No values recorded yet.")
    display.table(
        kpis,
        key=f"scorecard_{perspective}",
        currency=currency,
        # the perspective is this section's heading
        columns=[column for column in catalog.page_table("KPIs").columns if column != "perspective"],
        file_stem=f"scorecard_{perspective}",
    )
    for card in kpis.itertuples():
        with st.expander(f"Decision card: {card.kpi_id} {card.kpi_name}"):
            widgets.decision_card(card._asdict())
