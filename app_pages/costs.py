"""Costs & value: TCO by category and fiscal year, capex/opex, run cost, incomplete TCO; ROI, NPV, payback."""

import streamlit as st

from realize import charts, display, headlines, queries, webapp
from realize.filters import current_filters, describe

f = current_filters()
currency = str(queries.settings()["reporting_currency"])
st.title("Costs & value")
st.caption(describe(f))

summary = queries.run("initiative_summary", f)
tco = queries.run("tco", f)
if summary.empty:
    st.info("No initiative matches these filters. Clear a filter, or upload initiatives and costs on the Data page.")
    st.stop()

value = queries.portfolio_value(f, tuple(summary["initiative_id"]))
webapp.metrics_row(headlines.value_metrics(value, summary, currency), per_row=5)

missing_exit = summary[summary["exit_cost_missing"]]
if not missing_exit.empty:
    st.warning(
        "**Incomplete TCO:** no exit cost is planned for "
        + ", ".join(f"{row.initiative_id} {row.initiative_name}" for row in missing_exit.itertuples())
        + ". Leaving a service costs money too (data migration, contract exit, decommissioning).",
        icon=":material/warning:",
    )

st.subheader("Total cost of ownership by fiscal year")
webapp.chart(charts.tco_by_year(tco, currency), "No costs are recorded for these initiatives.")
st.markdown("**Capex and opex (forecast)**")
webapp.chart(charts.capex_opex(tco, currency), "No costs are recorded for these initiatives.")

st.subheader("Return per initiative")
display.table(
    summary,
    key="initiative_value",
    currency=currency,
    columns=[
        "initiative_id",
        "initiative_name",
        "realized_value_to_date",
        "actual_to_date",
        "net_value_to_date",
        "roi_to_date",
        "roi_planned",
        "roi_forecast",
        "npv_planned",
        "npv_forecast",
        "payback_month_planned",
        "payback_month_forecast",
    ],
    file_stem="initiative_value",
)

st.subheader("Costs per initiative")
display.table(
    summary,
    key="initiative_costs",
    currency=currency,
    columns=[
        "initiative_id",
        "initiative_name",
        "budget",
        "planned_to_date",
        "actual_to_date",
        "cost_variance",
        "variance_rate",
        "cost_status",
        "tco_planned",
        "tco_forecast",
        "run_cost_share",
        "exit_cost_missing",
    ],
    file_stem="initiative_costs",
)
with st.expander("TCO lines: initiative x category x capex/opex x fiscal year"):
    display.table(tco, key="tco_lines", currency=currency, file_stem="tco")
