"""Costs & value: TCO by category and fiscal year, capex/opex, run cost, incomplete TCO; ROI, NPV, payback."""

import streamlit as st

from realize.contract import catalog
from realize.report import charts, headlines
from realize.web import cached, display, notices, widgets
from realize.web.filters import current_filters, describe

f = current_filters()
currency = str(cached.settings()["reporting_currency"])
st.title("Costs & value")
st.caption(describe(f))

summary = cached.run("initiative_summary", f)
tco = cached.run("tco", f)
if summary.empty:
    notices.nothing_to_show(f, "initiative", "initiatives and their costs")

value = cached.portfolio_value(f, tuple(summary["initiative_id"]))
widgets.metrics_row(headlines.value_metrics(value, currency), per_row=5)
npv_note = headlines.npv_note(value, currency)
if npv_note:
    st.caption(npv_note)

missing_exit = summary[summary["exit_cost_missing"]]
if not missing_exit.empty:
    st.warning(
        "**Incomplete TCO:** no exit cost is planned for "
        + ", ".join(f"{row.initiative_id} {row.initiative_name}" for row in missing_exit.itertuples())
        + ". Leaving a service costs money too (data migration, contract exit, decommissioning).",
        icon=":material/warning:",
    )

st.subheader("Total cost of ownership by fiscal year")
widgets.chart(charts.tco_by_year(tco, currency), "No costs are recorded for these initiatives.")
st.markdown("**Capex and opex (forecast)**")
widgets.chart(charts.capex_opex(tco, currency), "No costs are recorded for these initiatives.")

st.subheader("Return per initiative")
display.table(
    summary,
    key="initiative_value",
    currency=currency,
    columns=catalog.page_table("Return per initiative").columns,
    file_stem=catalog.page_table("Return per initiative").file_stem,
)

st.subheader("Costs per initiative")
display.table(
    summary,
    key="initiative_costs",
    currency=currency,
    columns=catalog.page_table("Costs per initiative").columns,
    file_stem=catalog.page_table("Costs per initiative").file_stem,
)
with st.expander("TCO lines: initiative x category x capex/opex x fiscal year"):
    display.table(tco, key="tco_lines", currency=currency, file_stem="tco")
