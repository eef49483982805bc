"""Portfolio: the headline, the narrative and every initiative with its status colours."""

import streamlit as st

from realize.contract import catalog
from realize.report import charts, headlines, narrative
from realize.web import cached, display, notices, widgets
from realize.web.filters import current_filters, describe

f = current_filters()
currency = str(cached.settings()["reporting_currency"])
st.title("Portfolio")
st.caption(describe(f))

summary = cached.run("initiative_summary", f)
if summary.empty:
    notices.nothing_to_show(f, "initiative", "initiatives")

value = cached.portfolio_value(f, tuple(summary["initiative_id"]))
counts = cached.kpi_action_counts(f, cached.run("action_status", f), cached.run("scorecard", f))
widgets.metrics_row(headlines.portfolio_metrics(value, counts, currency))
for sentence in narrative.portfolio_narrative(value, currency, as_of=f.as_of):
    st.markdown(f"- {sentence}")

st.subheader("Benefit against cost, per initiative")
drawn = charts.largest_initiatives(summary)
if len(drawn) < len(summary):
    st.caption(
        f"The {len(drawn)} initiatives with the most money moved to date, of {len(summary):,}: "
        "filter by portfolio, initiative or owner to see others."
    )
widgets.chart(charts.benefit_vs_cost(drawn, currency), "No benefits or costs recorded for these initiatives.")

st.subheader("Initiatives")
display.table(
    summary,
    key="portfolio_initiatives",
    currency=currency,
    columns=catalog.page_table("Initiatives").columns,
    file_stem=catalog.page_table("Initiatives").file_stem,
)
