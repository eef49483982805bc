"""Scorecard: KPIs by perspective with status, trend, staleness and the decision card; the balance check."""

import streamlit as st

from realize.contract import catalog, schema
from realize.report import charts, formats, headlines
from realize.web import cached, display, notices, widgets
from realize.web.filters import current_filters, describe

f = current_filters()
currency = str(cached.settings()["reporting_currency"])
st.title("Scorecard")
st.caption(describe(f))

scorecard = cached.run("scorecard", f)
if scorecard.empty:
    notices.nothing_to_show(f, "KPI", "KPI cards and their values")

counts = cached.kpi_action_counts(f, cached.run("action_status", f), scorecard)
widgets.metrics_row(headlines.scorecard_metrics(counts))

balance = cached.scorecard_balance(f)
missing = balance[balance["missing"]]["perspective"].tolist()
if missing:
    st.warning(
        "**Unbalanced scorecard:** no KPI measures " + ", ".join(formats.label(p) for p in missing) + ".",
        icon=":material/balance:",
    )
with st.expander("Balance: KPIs per perspective, leading and lagging"):
    display.table(balance, key="scorecard_balance", currency=currency, file_stem="scorecard_balance")

history = cached.run("kpi_value_history", f)
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
