"""Benefits: cumulative planned against realized, the benefit register, level measures against target."""

import streamlit as st

from realize.contract import catalog
from realize.report import charts
from realize.web import cached, display, notices, widgets
from realize.web.filters import current_filters, describe

f = current_filters()
currency = str(cached.settings()["reporting_currency"])
st.title("Benefits")
st.caption(describe(f))

benefits = cached.run("benefit_realization", f)
if benefits.empty:
    notices.nothing_to_show(f, "benefit", "a benefit register")

st.subheader("Cumulative value, planned against realized")
widgets.chart(
    charts.cumulative_planned_vs_realized(cached.monthly_benefit_value(f), f.as_of, currency),
    "None of these benefits is monetized (no unit value), so there is no value to add up.",
)

flow = benefits[benefits["measure"] == "flow"]
st.subheader("Benefit register")
st.caption(
    "Flow benefits add up month by month. Unmeasured months were planned but have no realized value yet: "
    "they count as zero. Dis-benefits are negative consequences and count against the value."
)
display.table(
    flow,
    key="benefit_register",
    currency=currency,
    columns=catalog.page_table("Benefit register").columns,
    file_stem=catalog.page_table("Benefit register").file_stem,
)

levels = benefits[benefits["measure"] == "level"]
if not levels.empty:
    st.subheader("Level measures: progress from baseline to target")
    widgets.chart(charts.level_progress(levels), "No level measure has a value yet.")
    display.table(
        levels,
        key="benefit_levels",
        currency=currency,
        columns=[
            "benefit_id",
            "benefit_name",
            "initiative_id",
            "owner",
            "baseline",
            "latest_realized",
            "latest_realized_period",
            "planned_level",
            "target",
            "progress_rate",
            "realization_rate",
        ],
        file_stem="benefit_levels",
    )
