"""Initiative brief: one initiative for its sponsor — the story in numbers, then the detail; downloadable."""

from dataclasses import replace

import streamlit as st

from realize.report import brief, narrative
from realize.web import cached, display, filters, widgets

f = filters.current_filters()
currency = str(cached.settings()["reporting_currency"])

candidates = cached.run("initiative_summary", f)
if candidates.empty:
    st.title("Initiative brief")
    st.info(
        "No initiative matches these filters. Clear a filter in the sidebar, or upload initiatives on the Data page."
    )
    st.stop()

labels = {row.initiative_id: f"{row.initiative_id} {row.initiative_name}" for row in candidates.itertuples()}
widgets.seed_from_link("brief", list(labels))
chosen = st.selectbox("Initiative", list(labels), format_func=labels.get, key="brief")
filters.page_param("brief", chosen)

# the brief tells the whole initiative, whoever owns each of its rows
one = replace(f, portfolios=(), initiatives=(chosen,), owners=())
summary = cached.run("initiative_summary", one).iloc[0]
benefits = cached.run("benefit_realization", one)
tco = cached.run("tco", one)
milestones = cached.run("milestone_status", one)
kpis = cached.run("scorecard", one)
actions = cached.run("action_status", one)
sentences = narrative.initiative_narrative(summary, tco, currency, as_of=f.as_of)

st.title(f"{summary['initiative_id']} {summary['initiative_name']}")
st.caption(widgets.initiative_caption(summary, f.as_of))
widgets.status_badges(summary)
for sentence in sentences:
    st.markdown(f"- {sentence}")
st.download_button(
    "Download this brief (HTML, prints on A4)",
    brief.brief_html(
        summary,
        sentences,
        benefits,
        tco,
        milestones,
        kpis,
        actions,
        as_of=f.as_of,
        currency=currency,
        known_on=filters.known_on() if f.known_at is not None else None,
    ),
    file_name=f"brief_{summary['initiative_id']}_{f.as_of:%Y-%m-%d}.html",
    mime="text/html",
    icon=":material/print:",
    key="brief_download",
)

# each table with the columns that fit beside the sidebar at 1440 px (the downloaded brief has the rest)
MILESTONE_COLUMNS = ["milestone_id", "milestone_name", "owner", "baseline_date", "forecast_date", "actual_date"]
sections = (
    (
        "Benefits",
        benefits,
        "brief_benefits",
        ["benefit_name", "owner", "type", "realization_rate", "realized_value_to_date", "unmeasured_periods"],
        "No benefits are recorded for this initiative.",
    ),
    (
        "Costs",
        tco,
        "brief_costs",
        ["fiscal_year", "category", "nature", "planned", "actual_to_date", "tco_forecast", "cost_variance"],
        "No costs are recorded for this initiative.",
    ),
    (
        "Milestones",
        milestones,
        "brief_milestones",
        [*MILESTONE_COLUMNS, "state", "slip_days"],
        "No milestones are recorded for this initiative.",
    ),
    (
        "KPIs",
        kpis,
        "brief_kpis",
        ["kpi_name", "owner", "status", "trend", "latest_value", "target", "stale", "unmanaged"],
        "No KPIs are linked to this initiative.",
    ),
    (
        "Actions",
        actions,
        "brief_actions",
        ["title", "owner", "due_date", "status", "overdue", "outcome"],
        "No review actions are recorded for this initiative.",
    ),
)
for title, frame, key, columns, nothing in sections:
    st.subheader(title)
    if frame.empty:
        st.caption(nothing)
    else:
        display.table(frame, key=key, currency=currency, columns=columns)
