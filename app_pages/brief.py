"""Initiative brief: one initiative for its sponsor — the story in numbers, then the detail; downloadable."""

import streamlit as st

from realize import brief, display, filters, narrative, queries, webapp
from realize.measures import Filters

f = filters.current_filters()
currency = str(queries.settings()["reporting_currency"])

candidates = queries.run("initiative_summary", f)
if candidates.empty:
    st.title("Initiative brief")
    st.info(
        "No initiative matches these filters. Clear a filter in the sidebar, or upload initiatives on the Data page."
    )
    st.stop()

labels = {row.initiative_id: f"{row.initiative_id} {row.initiative_name}" for row in candidates.itertuples()}
webapp.seed_from_link("brief", list(labels))
chosen = st.selectbox("Initiative", list(labels), format_func=labels.get, key="brief")
filters.page_param("brief", chosen)

# the brief tells the whole initiative, whoever owns each of its rows
one = Filters(as_of=f.as_of, initiatives=(chosen,), include_non_cash=f.include_non_cash)
summary = queries.run("initiative_summary", one).iloc[0]
benefits = queries.run("benefit_realization", one)
tco = queries.run("tco", one)
milestones = queries.run("milestone_status", one)
kpis = queries.run("scorecard", one)
actions = queries.run("action_status", one)
sentences = narrative.initiative_narrative(summary, tco, currency, as_of=f.as_of)

st.title(f"{summary['initiative_id']} {summary['initiative_name']}")
st.caption(webapp.initiative_caption(summary, f.as_of))
webapp.status_badges(summary)
for sentence in sentences:
    st.markdown(f"- {sentence}")
st.download_button(
    "Download this brief (HTML, prints on A4)",
    brief.brief_html(summary, sentences, benefits, tco, milestones, kpis, actions, as_of=f.as_of, currency=currency),
    file_name=f"brief_{summary['initiative_id']}_{f.as_of:%Y-%m-%d}.html",
    mime="text/html",
    icon=":material/print:",
    key="brief_download",
)

st.subheader("Benefits")
display.table(
    benefits,
    key="brief_benefits",
    currency=currency,
    columns=[
        "benefit_id",
        "benefit_name",
        "owner",
        "type",
        "measure",
        "disbenefit",
        "realization_rate",
        "unmeasured_periods",
        "planned_value_to_date",
        "realized_value_to_date",
        "latest_realized",
        "target",
    ],
)
st.subheader("Costs")
display.table(
    tco,
    key="brief_costs",
    currency=currency,
    columns=["fiscal_year", "category", "nature", "planned", "actual_to_date", "tco_forecast", "cost_variance"],
)
st.subheader("Milestones")
display.table(
    milestones,
    key="brief_milestones",
    currency=currency,
    columns=[
        "milestone_id",
        "milestone_name",
        "owner",
        "baseline_date",
        "forecast_date",
        "actual_date",
        "state",
        "slip_days",
    ],
)
st.subheader("KPIs")
display.table(
    kpis,
    key="brief_kpis",
    currency=currency,
    columns=[
        "kpi_id",
        "kpi_name",
        "owner",
        "status",
        "trend",
        "stale",
        "latest_value",
        "target",
        "threshold",
        "unmanaged",
    ],
)
st.subheader("Actions")
display.table(
    actions,
    key="brief_actions",
    currency=currency,
    columns=["action_id", "title", "owner", "due_date", "status", "overdue", "closed_on", "outcome"],
)
