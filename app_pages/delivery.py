"""Delivery: milestones baseline against forecast or actual, slip, on-time rate, overdue and at-risk commitments."""

import streamlit as st

from realize.report import charts, headlines
from realize.web import cached, display, notices, widgets
from realize.web.filters import current_filters, describe

f = current_filters()
currency = str(cached.settings()["reporting_currency"])
st.title("Delivery")
st.caption(describe(f))

milestones = cached.run("milestone_status", f)
if milestones.empty:
    notices.nothing_to_show(f, "milestone", "milestones")

widgets.metrics_row(headlines.delivery_metrics(cached.delivery_headline(f, milestones)))

st.subheader("Timeline: baseline against forecast or actual")
shown = charts.pressing_milestones(milestones, f.as_of)
if len(shown) < len(milestones):
    st.caption(
        f"The {len(shown)} most pressing of {len(milestones):,} milestones: overdue, at risk, then those nearest "
        "the as-of date. Choose an initiative or owner in the sidebar to see all of theirs."
    )
widgets.chart(charts.milestone_timeline(shown, f.as_of), "No milestone to show.")

overdue = milestones[milestones["state"] == "overdue"]
at_risk = milestones[milestones["state"] == "at_risk"]
# half a page wide each: what it is and how late first, who after
columns = ["milestone_id", "milestone_name", "slip_days", "baseline_date", "forecast_date", "initiative_id", "owner"]
left, right = st.columns(2)
with left:
    st.markdown(f"**Overdue ({len(overdue)})**: the baseline date has passed and it is not done")
    if overdue.empty:
        st.success("Nothing overdue.")
    else:
        display.table(overdue, key="milestones_overdue", currency=currency, columns=columns)
with right:
    st.markdown(f"**At risk ({len(at_risk)})**: the forecast is later than the baseline")
    if at_risk.empty:
        st.success("Nothing at risk.")
    else:
        display.table(at_risk, key="milestones_at_risk", currency=currency, columns=columns)

st.subheader("On time per initiative")
display.table(
    cached.run("initiative_summary", f),
    key="delivery_by_initiative",
    currency=currency,
    columns=[
        "initiative_id",
        "initiative_name",
        "owner",
        "milestones",
        "due_to_date",
        "met_on_time",
        "on_time_rate",
        "delivery_status",
        "milestones_overdue",
        "milestones_at_risk",
        "mean_slip_days",
    ],
    file_stem="delivery_by_initiative",
)
st.subheader("All milestones")
display.table(milestones, key="milestones_all", currency=currency, file_stem="milestones")
