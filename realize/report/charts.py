"""Charts of the measures: pure functions from a view's DataFrame to an Altair chart.

Each function takes the frame a SQL view returns (queries/<view>.sql) and gives
a chart, or None when there is nothing to draw (the page then shows an
empty-state message). No Streamlit, no database: pages call
`st.altair_chart(charts.x(...), width="stretch")`.

One colour meaning throughout, defined once here:

- Status: green `GREEN`, amber `AMBER`, red `RED` (`STATUS_COLORS`, also used
  by the tables); `NO_STATUS_COLOR` grey when there is no status (a KPI with
  no value). Colour is never the only sign of a status: a chart that shows one
  also gives its shape (`STATUS_SHAPES`: circle, triangle, square) and its word.
- Plan against reality: planned is `PLANNED_COLOR`, a muted blue-grey, drawn
  dashed, hollow or as a thin tick; realized benefit and actual cost to date
  are `REALIZED_COLOR`, a strong blue, drawn solid and filled. Where benefit
  and cost stand side by side, actual cost is `COST_COLOR` (purple) so the two
  bars can be told apart; their plans stay blue-grey ticks.
- Forecast (recorded values to date, plan after: the estimate at completion)
  is `FORECAST_COLOR`, orange; the capex/opex split of the forecast uses two
  orange tones (`NATURE_COLORS`).
- Targets are `TARGET_COLOR`, a dark grey dashed rule; the as-of date is a
  dark vertical rule with its date.
- Milestone states: five states, five colours (`MILESTONE_STATE_COLORS`, after
  the Okabe-Ito palette, each at least 3:1 against white and apart under every
  kind of colour blindness) and five shapes (`MILESTONE_STATE_SHAPES`): done
  on time a bluish-green circle, done late a purple square, on track a blue
  diamond, at risk an amber triangle, overdue a red cross.
- TCO categories keep one fixed palette and order (`TCO_CATEGORY_COLORS`):
  acquisition, implementation, operating, renewal, exit.

Time axes tick on the first of a month, every 1, 2, 3, 4 or 6 months or every
1, 2, 5 or 10 years, whichever keeps the labels apart: each month is labelled
once, never twice.

Money shows the currency: a symbol for USD, EUR, GBP and JPY, else the code,
in axis titles, on compact axis labels (1.5M) and in tooltips with thousands
separators. Fractions (`_rate`) show as percentages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import altair as alt
import pandas as pd

from realize.contract.catalog import STATUS_CODES
from realize.contract.schema import TCO_CATEGORIES
from realize.report import formats
from realize.report.formats import CURRENCY_SYMBOLS, MISSING, money
from realize.report.formats import label as words_for

GREEN = "#2e7d32"
AMBER = "#f9a825"
RED = "#c62828"
NO_STATUS_COLOR = "#9e9e9e"
STATUS_COLORS: dict[str, str] = dict(zip(STATUS_CODES, (GREEN, AMBER, RED), strict=True))
STATUS_SHAPES: dict[str, str] = dict(zip(STATUS_CODES, ("circle", "triangle-up", "square"), strict=True))
NO_STATUS = "no status"
NO_STATUS_SHAPE = "diamond"

PLANNED_COLOR = "#78909c"
REALIZED_COLOR = "#1565c0"
FORECAST_COLOR = "#ef6c00"
COST_COLOR = "#6a1b9a"
TARGET_COLOR = "#424242"
AS_OF_COLOR = "#212121"

# Milestone state -> colour and Vega shape, in legend order: the done states, then the open ones from fine to late.
MILESTONE_STATE_COLORS: dict[str, str] = {
    "done_on_time": "#009E73",  # Okabe-Ito bluish green
    "done_late": "#CC79A7",  # Okabe-Ito reddish purple
    "on_track": "#0072B2",  # Okabe-Ito blue
    "at_risk": "#C98500",  # Okabe-Ito orange, darkened to 3:1 on white
    "overdue": "#B2182B",  # a deep red, apart from the orange in every kind of colour blindness
}
MILESTONE_STATE_SHAPES: dict[str, str] = {
    "done_on_time": "circle",
    "done_late": "square",
    "on_track": "diamond",
    "at_risk": "triangle-up",
    "overdue": "cross",
}

# one colour per TCO category, in the schema's order: acquisition, implementation, operating, renewal, exit
TCO_CATEGORY_COLORS: dict[str, str] = dict(
    zip(TCO_CATEGORIES, ("#3949ab", "#00897b", "#8d6e63", "#8e24aa", "#d81b60"), strict=True)
)
OTHER_CATEGORY_COLOR = "#bdbdbd"
# the three TCO measures per fiscal year: column of the tco view, label
TCO_MEASURES: tuple[tuple[str, str], ...] = (
    ("planned", "Planned"),
    ("actual_to_date", "Actual to date"),
    ("tco_forecast", "Forecast"),
)
TCO_MEASURE_COLORS: dict[str, str] = {
    "Planned": PLANNED_COLOR,
    "Actual to date": REALIZED_COLOR,
    "Forecast": FORECAST_COLOR,
}
PLANNED_OPACITY = 0.4  # planned bars are the category colour, lighter

NATURE_COLORS: dict[str, str] = {"capex": "#e65100", "opex": "#ffb74d"}


# level benefits: progress bars are cut to this range (the tooltip keeps the true rate)
PROGRESS_DISPLAY_RANGE = (-0.5, 1.5)
SPARKLINE_MONTHS = 12
# a facet chart cannot stretch to the container: three 200 px panels fit the page's main column at 1440 px
SPARKLINE_WIDTH = 200
SPARKLINE_COLUMNS = 3
SPARKLINE_HEADER_CHARACTERS = 36  # a panel's heading wraps to a new line rather than being cut

PLANNED_SERIES = "Planned"
REALIZED_SERIES = "Realized"
BENEFIT_REALIZED = "Benefit realized"
COST_ACTUAL = "Cost (actual)"
PLAN_TO_DATE = "Plan to date"

_MONTH_FORMAT = "%b %Y"
# Tick spacings of a time axis, finest first: months that divide a year, then years.
TICK_INTERVALS: tuple[tuple[str, int], ...] = (
    ("month", 1),
    ("month", 2),
    ("month", 3),
    ("month", 4),
    ("month", 6),
    ("year", 1),
    ("year", 2),
    ("year", 5),
    ("year", 10),
)
# At most this many labels on a time axis as wide as the page's main column; a sparkline's is narrower.
MONTH_TICKS_WIDE = 10
MONTH_TICKS_SPARKLINE = 3
_MISSING = MISSING
_ROW_STEP = 24


# --- formatting -----------------------------------------------------------------------------------------------------


def _number_text(value: object, unit: object = None) -> str:
    return formats.quantity(value, unit, currency="")


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _money_axis(title: str, currency: str, **kwargs: object) -> alt.Axis:
    """An axis titled with the currency, labelled compactly: $250k, $1.5M, $2B (the code goes in the title)."""
    prefix = CURRENCY_SYMBOLS.get(currency.upper(), "")
    size = "abs(datum.value)"
    label = (
        f"(datum.value < 0 ? '-' : '') + '{prefix}' + ("
        f"{size} >= 1e9 ? format({size} / 1e9, '.1~f') + 'B' : "
        f"{size} >= 1e6 ? format({size} / 1e6, '.1~f') + 'M' : "
        f"{size} >= 1e3 ? format({size} / 1e3, '.1~f') + 'k' : "
        f"format({size}, '.0f'))"
    )
    return alt.Axis(title=f"{title} ({currency.upper()})", labelExpr=label, **kwargs)


def _capitalized_labels() -> str:
    return "upper(slice(datum.label, 0, 1)) + slice(datum.label, 1)"


def _title(text: str, subtitle: str | None = None) -> alt.TitleParams:
    if subtitle:
        return alt.TitleParams(text, subtitle=subtitle, anchor="start", subtitleColor="#616161")
    return alt.TitleParams(text, anchor="start")


def _rows_height(rows: int, step: int, overhead: int = 150) -> int:
    """Height of a chart with one band per row. Streamlit fits the whole chart (titles, axes and legends too)
    into the height, so the overhead is added to the rows."""
    return rows * step + overhead


def _is_empty(frame: pd.DataFrame | None) -> bool:
    return frame is None or frame.empty


def _month_start(day: dt.date) -> pd.Timestamp:
    return pd.Timestamp(day).to_period("M").start_time


def _month_domain(dates: Iterable[object]) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """From the first of the earliest date's month to the latest date, rounded up to the next first of a month."""
    stamps = pd.to_datetime(pd.Series(list(dates), dtype=object), errors="coerce").dropna()
    if stamps.empty:
        return None
    first = _month_start(stamps.min())
    last = _month_start(stamps.max())
    if last != stamps.max() or last == first:
        last += pd.DateOffset(months=1)
    return first, last


def _months_between(first: pd.Timestamp, last: pd.Timestamp) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


def _tick_interval(domain: tuple[pd.Timestamp, pd.Timestamp], max_ticks: int) -> tuple[str, int]:
    """The finest tick spacing that puts at most max_ticks ticks on the domain."""
    months = _months_between(*domain)
    for unit, step in TICK_INTERVALS:
        span = step if unit == "month" else step * 12
        if months // span + 1 <= max_ticks:
            return unit, step
    return TICK_INTERVALS[-1]


def _datetime(stamp: pd.Timestamp) -> alt.DateTime:
    return alt.DateTime(year=stamp.year, month=stamp.month, date=stamp.day)


def _month_x(
    field: str,
    dates: Iterable[object],
    title: str | None,
    max_ticks: int = MONTH_TICKS_WIDE,
    fmt: str = _MONTH_FORMAT,
    **axis_options: object,
) -> alt.X:
    """A time x encoding over whole months whose ticks fall on the first of a month, each month labelled once.

    Left to itself Vega-Lite may tick every few days on a short range, and a month format then labels the
    same month two or three times; ticks at a month or year interval cannot.
    """
    domain = _month_domain(dates)
    if domain is None:
        return alt.X(field, title=title, axis=alt.Axis(format=fmt, labelAngle=0, **axis_options))
    unit, step = _tick_interval(domain, max_ticks)
    return alt.X(
        field,
        title=title,
        scale=alt.Scale(domain=[_datetime(domain[0]), _datetime(domain[1])]),
        axis=alt.Axis(format=fmt, labelAngle=0, tickCount={"interval": unit, "step": step}, **axis_options),
    )


def _as_of_layers(as_of: dt.date) -> list[alt.Chart]:
    """A dark vertical rule at as_of, labelled with the date at the top of the plot."""
    frame = pd.DataFrame({"as_of": [pd.Timestamp(as_of)], "as_of_label": [f"As of {formats.day(as_of)}"]})
    base = alt.Chart(frame)
    rule = base.mark_rule(color=AS_OF_COLOR, strokeWidth=1.5).encode(
        x="as_of:T", tooltip=[alt.Tooltip("as_of_label:N", title="Date")]
    )
    label = base.mark_text(align="left", baseline="top", dx=4, dy=2, color=AS_OF_COLOR, fontWeight="bold").encode(
        x="as_of:T", y=alt.value(0), text="as_of_label:N"
    )
    return [rule, label]


# --- benefits -------------------------------------------------------------------------------------------------------


def cumulative_planned_vs_realized(monthly: pd.DataFrame, as_of: dt.date, currency: str) -> alt.LayerChart | None:
    """Cumulative monetized benefit, planned (dashed, whole horizon) against realized (solid, to as_of's month).

    From benefit_value_by_month: the rows are summed per month first, so the
    lines are the filtered portfolio's value. Realized stops at the month of
    as_of; a vertical rule marks as_of.
    """
    if _is_empty(monthly):
        return None
    frame = monthly.assign(period=pd.to_datetime(monthly["period"]))
    by_month = (
        frame.groupby("period")
        .agg(planned=("planned_value", "sum"), realized=("realized_value", lambda s: s.sum(min_count=1)))
        .sort_index()
        .reset_index()
    )
    to_date = by_month["period"] <= _month_start(as_of)
    by_month["cumulative_planned"] = by_month["planned"].cumsum()
    by_month["cumulative_realized"] = by_month["realized"].where(to_date).fillna(0).cumsum().where(to_date)

    rows = []
    for series, column, cumulative in (
        (PLANNED_SERIES, "planned", "cumulative_planned"),
        (REALIZED_SERIES, "realized", "cumulative_realized"),
    ):
        part = by_month[by_month[cumulative].notna()]
        rows.append(
            pd.DataFrame(
                {
                    "period": part["period"],
                    "series": series,
                    "cumulative_value": part[cumulative],
                    "month_text": part["period"].dt.strftime(_MONTH_FORMAT),
                    "cumulative_text": [money(v, currency) for v in part[cumulative]],
                    "in_month_text": [money(v, currency) for v in part[column]],
                }
            )
        )
    long = pd.concat(rows, ignore_index=True)
    series_colors = alt.Scale(domain=[PLANNED_SERIES, REALIZED_SERIES], range=[PLANNED_COLOR, REALIZED_COLOR])
    color = alt.Color(
        "series:N",
        scale=series_colors,
        legend=alt.Legend(title=None, orient="top-left", symbolType="stroke", symbolStrokeWidth=2.5),
    )
    dash = alt.StrokeDash(
        "series:N",
        scale=alt.Scale(domain=[PLANNED_SERIES, REALIZED_SERIES], range=[[6, 4], [1, 0]]),
        legend=alt.Legend(title=None, orient="top-left", symbolType="stroke", symbolStrokeWidth=2.5),
    )
    x = _month_x("period:T", [*long["period"], as_of], "Month")
    y = alt.Y("cumulative_value:Q", axis=_money_axis("Cumulative value", currency))
    tooltip = [
        alt.Tooltip("month_text:N", title="Month"),
        alt.Tooltip("series:N", title="Series"),
        alt.Tooltip("cumulative_text:N", title=f"Cumulative ({currency})"),
        alt.Tooltip("in_month_text:N", title=f"In the month ({currency})"),
    ]
    base = alt.Chart(long)
    lines = base.mark_line(strokeWidth=2.5).encode(x=x, y=y, color=color, strokeDash=dash)
    points = base.mark_point(filled=True, size=28).encode(
        x=x, y=y, color=alt.Color("series:N", scale=series_colors, legend=None), tooltip=tooltip
    )
    return alt.layer(lines, points, *_as_of_layers(as_of)).properties(
        width="container",
        height=360,
        title=_title(
            "Cumulative benefit value: planned against realized",
            f"Realized to the month of {formats.day(as_of)}; a month with no recorded value counts as zero.",
        ),
    )


def level_progress(benefits: pd.DataFrame) -> alt.LayerChart | None:
    """Level benefits: progress from baseline (0%) to target (100%) of the latest realized value, one bar each.

    From benefit_realization rows with measure == "level". The bar (strong blue)
    is progress_rate, cut to PROGRESS_DISPLAY_RANGE; a blue-grey tick marks
    where the plan says the level should be by now; a dashed rule marks the
    target. A benefit with no value yet is listed with "no value yet".
    """
    if _is_empty(benefits):
        return None
    levels = benefits[benefits["measure"] == "level"]
    if levels.empty or levels["progress_rate"].isna().all():
        return None
    low, high = PROGRESS_DISPLAY_RANGE
    frame = pd.DataFrame(
        {
            "benefit": levels["benefit_id"].astype(str) + " " + levels["benefit_name"].fillna("").astype(str),
            "initiative_id": levels["initiative_id"],
            "progress_rate": levels["progress_rate"],
            "progress_shown": levels["progress_rate"].clip(low, high),
        }
    )
    span = levels["target"] - levels["baseline"]
    planned_progress = (levels["planned_level"] - levels["baseline"]) / span.where(span != 0)
    frame["planned_progress_shown"] = planned_progress.clip(low, high)
    frame["baseline_text"] = [_number_text(v, u) for v, u in zip(levels["baseline"], levels["unit"], strict=True)]
    frame["target_text"] = [_number_text(v, u) for v, u in zip(levels["target"], levels["unit"], strict=True)]
    frame["latest_text"] = [
        _number_text(v, u) + ("" if _is_missing(p) else f" ({formats.month(p)})")
        for v, u, p in zip(levels["latest_realized"], levels["unit"], levels["latest_realized_period"], strict=True)
    ]
    frame["planned_text"] = [_number_text(v, u) for v, u in zip(levels["planned_level"], levels["unit"], strict=True)]
    frame["unit"] = levels["unit"].fillna("").astype(str)
    frame["progress_text"] = [formats.percent(v) for v in levels["progress_rate"]]
    frame["planned_progress_text"] = [formats.percent(v) for v in planned_progress]
    frame["note"] = [
        "no value yet" if _is_missing(latest) else "target equals baseline" for latest in levels["latest_realized"]
    ]
    frame["zero"] = 0.0
    frame = frame.sort_values(["initiative_id", "benefit"]).reset_index(drop=True)
    order = list(dict.fromkeys(frame["benefit"]))
    shown = frame["progress_shown"].dropna().tolist() + frame["planned_progress_shown"].dropna().tolist()
    domain = [min([0.0, *shown]), max([1.05, *shown])]
    clipped = bool(((frame["progress_rate"] < low) | (frame["progress_rate"] > high)).any())

    y = alt.Y("benefit:N", title=None, sort=order, axis=alt.Axis(labelLimit=320, labelOverlap=False))
    x_scale = alt.Scale(domain=domain, nice=False)
    tooltip = [
        alt.Tooltip("benefit:N", title="Benefit"),
        alt.Tooltip("unit:N", title="Unit"),
        alt.Tooltip("baseline_text:N", title="Baseline"),
        alt.Tooltip("latest_text:N", title="Latest realized"),
        alt.Tooltip("planned_text:N", title="Planned level by now"),
        alt.Tooltip("target_text:N", title="Target"),
        alt.Tooltip("progress_text:N", title="Progress to target"),
        alt.Tooltip("planned_progress_text:N", title="Planned progress by now"),
    ]
    base = alt.Chart(frame)
    bars = base.mark_bar(color=REALIZED_COLOR, height={"band": 0.6}).encode(
        x=alt.X(
            "progress_shown:Q",
            scale=x_scale,
            axis=alt.Axis(format=".0%", title="Progress from baseline (0%) to target (100%)"),
        ),
        y=y,
        tooltip=tooltip,
    )
    plan_ticks = (
        base.transform_filter("isValid(datum.planned_progress_shown)")
        .mark_tick(color=PLANNED_COLOR, thickness=3)
        .encode(x=alt.X("planned_progress_shown:Q", scale=x_scale), y=y, tooltip=tooltip)
    )
    notes = (
        base.transform_filter("!isValid(datum.progress_shown)")
        .mark_text(align="left", dx=4, color="#616161", fontStyle="italic")
        .encode(x=alt.X("zero:Q", scale=x_scale), y=y, text="note:N", tooltip=tooltip)
    )
    target = (
        alt.Chart(pd.DataFrame({"target": [1.0]}))
        .mark_rule(color=TARGET_COLOR, strokeDash=[4, 3])
        .encode(x=alt.X("target:Q", scale=x_scale))
    )
    subtitle = "Bar: latest realized level. Tick: where the plan says it should be by now. Dashed line: target."
    if clipped:
        subtitle += f" Bars are cut at {low:.0%} and {high:.0%}; the tooltip shows the true progress."
    return alt.layer(bars, plan_ticks, notes, target).properties(
        width="container",
        height=_rows_height(len(order), 34),
        title=_title("Level measures: progress from baseline to target", subtitle),
    )


# --- costs and value ------------------------------------------------------------------------------------------------


BAR_LIMIT = 30


def largest_initiatives(summary: pd.DataFrame, limit: int = BAR_LIMIT) -> pd.DataFrame:
    """The initiatives moving the most money to date (cost or benefit), when there are too many to draw."""
    if len(summary) <= limit:
        return summary
    weight = summary["actual_to_date"].fillna(0).abs() + summary["realized_value_to_date"].fillna(0).abs()
    return summary.loc[weight.sort_values(ascending=False).index[:limit]].sort_values("initiative_id")


def benefit_vs_cost(summary: pd.DataFrame, currency: str) -> alt.LayerChart | None:
    """Per initiative, realized benefit to date (blue) beside actual cost to date (purple), plans as ticks.

    From initiative_summary: realized_value_to_date and actual_to_date as
    grouped horizontal bars; planned_value_to_date and planned_to_date as
    blue-grey ticks on their bars.
    """
    if _is_empty(summary):
        return None
    values = summary[["realized_value_to_date", "actual_to_date", "planned_value_to_date", "planned_to_date"]]
    if values.fillna(0).eq(0).all().all():
        return None
    names = summary["initiative_name"].fillna("").astype(str)
    labels = (summary["initiative_id"].astype(str) + " " + names).str.strip()
    rows = []
    for measure, actual, plan in (
        (BENEFIT_REALIZED, "realized_value_to_date", "planned_value_to_date"),
        (COST_ACTUAL, "actual_to_date", "planned_to_date"),
    ):
        rows.append(
            pd.DataFrame(
                {
                    "initiative": labels,
                    "initiative_id": summary["initiative_id"],
                    "measure": measure,
                    "plan_mark": PLAN_TO_DATE,
                    "value": summary[actual].fillna(0),
                    "plan": summary[plan].fillna(0),
                    "value_text": [money(v, currency) for v in summary[actual].fillna(0)],
                    "plan_text": [money(v, currency) for v in summary[plan].fillna(0)],
                    "difference_text": [
                        money(v, currency) for v in summary[actual].fillna(0) - summary[plan].fillna(0)
                    ],
                }
            )
        )
    long = pd.concat(rows, ignore_index=True).sort_values(["initiative_id", "measure"]).reset_index(drop=True)
    order = list(dict.fromkeys(long["initiative"]))
    color_scale = alt.Scale(
        domain=[BENEFIT_REALIZED, COST_ACTUAL, PLAN_TO_DATE], range=[REALIZED_COLOR, COST_COLOR, PLANNED_COLOR]
    )
    legend = alt.Legend(title=None, orient="top")
    y = alt.Y("initiative:N", title=None, sort=order, axis=alt.Axis(labelLimit=260, labelOverlap=False))
    y_offset = alt.YOffset("measure:N", sort=[BENEFIT_REALIZED, COST_ACTUAL])
    tooltip = [
        alt.Tooltip("initiative:N", title="Initiative"),
        alt.Tooltip("measure:N", title="Measure"),
        alt.Tooltip("value_text:N", title=f"To date ({currency})"),
        alt.Tooltip("plan_text:N", title=f"Planned to date ({currency})"),
        alt.Tooltip("difference_text:N", title=f"Against plan ({currency})"),
    ]
    base = alt.Chart(long)
    bars = base.mark_bar().encode(
        x=alt.X("value:Q", axis=_money_axis("To date", currency)),
        y=y,
        yOffset=y_offset,
        color=alt.Color("measure:N", scale=color_scale, legend=legend),
        tooltip=tooltip,
    )
    ticks = base.mark_tick(thickness=3, size=12).encode(
        x="plan:Q",
        y=y,
        yOffset=y_offset,
        color=alt.Color("plan_mark:N", scale=color_scale, legend=legend),
        tooltip=tooltip,
    )
    return alt.layer(bars, ticks).properties(
        width="container",
        height=_rows_height(len(order), 44),
        title=_title(
            "Benefit realized against cost, to date",
            "Upper bar: realized benefit, lower bar: actual cost, both to date. Ticks: what was planned to date.",
        ),
    )


def _category_order(categories: pd.Series) -> tuple[list[str], list[str]]:
    known = list(TCO_CATEGORY_COLORS)
    extra = sorted(set(categories.dropna().astype(str)) - set(known))
    return known + extra, list(TCO_CATEGORY_COLORS.values()) + [OTHER_CATEGORY_COLOR] * len(extra)


def tco_by_year(tco: pd.DataFrame, currency: str) -> alt.LayerChart | None:
    """Per fiscal year, planned, actual to date and forecast TCO side by side, each stacked by category.

    From the tco view, summed over initiatives and capex/opex. The three bars
    of a year are labelled above (blue-grey Plan, blue Actual, orange
    Forecast); the plan bar is drawn lighter and the forecast bar has an
    orange outline; the stack colours are the fixed category palette.
    """
    if _is_empty(tco):
        return None
    columns = [column for column, _ in TCO_MEASURES]
    sums = tco.groupby(["fiscal_year", "category"])[columns].sum().reset_index()
    if sums[columns].fillna(0).eq(0).all().all():
        return None
    domain, palette = _category_order(sums["category"])
    rank = {name: i for i, name in enumerate(domain)}
    long = sums.melt(id_vars=["fiscal_year", "category"], value_vars=columns, var_name="column", value_name="value")
    long["measure"] = long["column"].map(dict(TCO_MEASURES))
    long["fiscal_year_label"] = "FY" + long["fiscal_year"].astype(int).astype(str)
    long["category_rank"] = long["category"].map(rank)
    totals = long.groupby(["fiscal_year", "measure"])["value"].transform("sum")
    long["value_text"] = [money(v, currency) for v in long["value"]]
    long["total_text"] = [money(v, currency) for v in totals]
    long["share_text"] = [formats.percent(v / t) if t else _MISSING for v, t in zip(long["value"], totals, strict=True)]
    long = long.sort_values(["fiscal_year", "column", "category_rank"]).reset_index(drop=True)

    years = list(dict.fromkeys(long.sort_values("fiscal_year")["fiscal_year_label"]))
    measures = [label for _, label in TCO_MEASURES]
    x = alt.X("fiscal_year_label:N", title="Fiscal year", sort=years, axis=alt.Axis(labelAngle=0))
    x_offset = alt.XOffset("measure:N", sort=measures, scale=alt.Scale(paddingInner=0.15))
    tooltip = [
        alt.Tooltip("fiscal_year_label:N", title="Fiscal year"),
        alt.Tooltip("measure:N", title="Measure"),
        alt.Tooltip("category:N", title="Category"),
        alt.Tooltip("value_text:N", title=f"Amount ({currency})"),
        alt.Tooltip("share_text:N", title="Share of the bar"),
        alt.Tooltip("total_text:N", title=f"Bar total ({currency})"),
    ]
    labels = pd.DataFrame(
        {
            "fiscal_year_label": long["fiscal_year_label"],
            "measure": long["measure"],
            "value": long["value"],
        }
    )
    labels = labels.groupby(["fiscal_year_label", "measure"], as_index=False)["value"].sum()
    labels["short"] = labels["measure"].map({"Planned": "Plan", "Actual to date": "Actual", "Forecast": "Forecast"})
    labels["label_color"] = labels["measure"].map(TCO_MEASURE_COLORS)
    labels["total_text"] = [money(v, currency) for v in labels["value"]]
    bars = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=x,
            xOffset=x_offset,
            y=alt.Y(
                "sum(value):Q",
                stack="zero",
                axis=_money_axis("TCO", currency),
                # room above the tallest bar for its rotated label
                scale=alt.Scale(domainMax=float(labels["value"].max()) * 1.2),
            ),
            color=alt.Color(
                "category:N",
                scale=alt.Scale(domain=domain, range=palette),
                legend=alt.Legend(title="Category", labelExpr=_capitalized_labels()),
            ),
            order=alt.Order("category_rank:Q", sort="ascending"),
            opacity=alt.when(alt.datum.measure == "Planned").then(alt.value(PLANNED_OPACITY)).otherwise(alt.value(1.0)),
            stroke=alt.when(alt.datum.measure == "Forecast")
            .then(alt.value(FORECAST_COLOR))
            .otherwise(alt.value("white")),
            strokeWidth=alt.when(alt.datum.measure == "Forecast").then(alt.value(2)).otherwise(alt.value(0.5)),
            tooltip=tooltip,
        )
    )
    texts = (
        alt.Chart(labels)
        .mark_text(angle=270, align="left", baseline="middle", dx=4, fontSize=10, fontWeight="bold")
        .encode(
            x=x,
            xOffset=x_offset,
            y=alt.Y("value:Q"),
            text="short:N",
            fill=alt.Fill("label_color:N", scale=None, legend=None),
            tooltip=[
                alt.Tooltip("fiscal_year_label:N", title="Fiscal year"),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("total_text:N", title=f"Total ({currency})"),
            ],
        )
    )
    return alt.layer(bars, texts).properties(
        width="container",
        height=340,
        title=_title(
            "Total cost of ownership by fiscal year",
            "Per year, stacked by category: Plan (light), Actual to date (solid), "
            "Forecast = actual to date + plan after (orange outline).",
        ),
    )


def capex_opex(tco: pd.DataFrame, currency: str) -> alt.Chart | None:
    """The TCO forecast per fiscal year, stacked capex (dark orange) and opex (light orange).

    From the tco view: tco_forecast summed per fiscal year and nature.
    """
    if _is_empty(tco):
        return None
    sums = tco.groupby(["fiscal_year", "nature"])["tco_forecast"].sum().reset_index()
    if sums["tco_forecast"].fillna(0).eq(0).all():
        return None
    sums["fiscal_year_label"] = "FY" + sums["fiscal_year"].astype(int).astype(str)
    totals = sums.groupby("fiscal_year")["tco_forecast"].transform("sum")
    sums["value_text"] = [money(v, currency) for v in sums["tco_forecast"]]
    sums["share_text"] = [
        formats.percent(v / t) if t else _MISSING for v, t in zip(sums["tco_forecast"], totals, strict=True)
    ]
    sums["total_text"] = [money(v, currency) for v in totals]
    natures = list(NATURE_COLORS) + sorted(set(sums["nature"].dropna()) - set(NATURE_COLORS))
    palette = list(NATURE_COLORS.values()) + [OTHER_CATEGORY_COLOR] * (len(natures) - len(NATURE_COLORS))
    sums["nature_rank"] = sums["nature"].map({name: i for i, name in enumerate(natures)})
    years = list(dict.fromkeys(sums.sort_values("fiscal_year")["fiscal_year_label"]))
    return (
        alt.Chart(sums)
        .mark_bar()
        .encode(
            x=alt.X("fiscal_year_label:N", title="Fiscal year", sort=years, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("tco_forecast:Q", stack="zero", axis=_money_axis("TCO forecast", currency)),
            color=alt.Color(
                "nature:N",
                scale=alt.Scale(domain=natures, range=palette),
                legend=alt.Legend(title=None, orient="top", labelExpr=_capitalized_labels()),
            ),
            order=alt.Order("nature_rank:Q", sort="ascending"),
            tooltip=[
                alt.Tooltip("fiscal_year_label:N", title="Fiscal year"),
                alt.Tooltip("nature:N", title="Nature"),
                alt.Tooltip("value_text:N", title=f"Forecast ({currency})"),
                alt.Tooltip("share_text:N", title="Share of the year"),
                alt.Tooltip("total_text:N", title=f"Year total ({currency})"),
            ],
        )
        .properties(
            width="container",
            height=280,
            title=_title("TCO forecast: capex and opex", "Forecast = actual to date + plan after."),
        )
    )


# --- delivery -------------------------------------------------------------------------------------------------------


# A timeline stays readable up to this many rows.
TIMELINE_LIMIT = 80
_URGENCY = {"overdue": 0, "at_risk": 1}


def pressing_milestones(milestones: pd.DataFrame, as_of: dt.date, limit: int = TIMELINE_LIMIT) -> pd.DataFrame:
    """At most `limit` milestones for the timeline: overdue, then at risk, then those nearest as_of."""
    if len(milestones) <= limit:
        return milestones
    distance = (pd.to_datetime(milestones["expected_date"]) - pd.Timestamp(as_of)).abs()
    urgency = milestones["state"].map(_URGENCY).fillna(2)
    order = milestones.assign(_urgency=urgency, _distance=distance).sort_values(["_urgency", "_distance"])
    return milestones.loc[order.index[:limit]]


def milestone_timeline(milestones: pd.DataFrame, as_of: dt.date) -> alt.LayerChart | None:
    """One row per milestone: a hollow grey baseline, the expected date marked by state, a line for the slip.

    From milestone_status. The expected date is the actual date when done,
    else the forecast (for an overdue milestone, at least as_of). Each state
    has its own colour and shape (MILESTONE_STATE_COLORS, MILESTONE_STATE_SHAPES),
    named in one legend. A vertical rule marks as_of.
    """
    if _is_empty(milestones):
        return None
    frame = milestones.sort_values(["initiative_id", "baseline_date", "milestone_id"]).reset_index(drop=True)
    labels = frame["initiative_id"].astype(str) + " · " + frame["milestone_name"].fillna("").astype(str)
    repeated = labels.duplicated(keep=False)
    labels = labels.where(~repeated, labels + " (" + frame["milestone_id"].astype(str) + ")")
    data = pd.DataFrame(
        {
            "milestone": labels,
            "milestone_id": frame["milestone_id"],
            "initiative": (frame["initiative_id"].astype(str) + " " + frame["initiative_name"].fillna("")).str.strip(),
            "baseline_date": pd.to_datetime(frame["baseline_date"]),
            "expected_date": pd.to_datetime(frame["expected_date"]),
            "state": [words_for(state) for state in frame["state"]],
            "done": ["Done (actual date)" if d else "Not done (forecast)" for d in frame["is_done"].fillna(False)],
            "baseline_text": [formats.day(v) for v in frame["baseline_date"]],
            "forecast_text": [formats.day(v) for v in frame["forecast_date"]],
            "actual_text": [formats.day(v) for v in frame["actual_date"]],
            "expected_text": [formats.day(v) for v in frame["expected_date"]],
            "slip_days": frame["slip_days"],
        }
    )
    order = list(data["milestone"])
    y = alt.Y("milestone:N", title=None, sort=order, axis=alt.Axis(labelLimit=360, labelOverlap=False))
    states = [words_for(state) for state in MILESTONE_STATE_COLORS]
    legend = alt.Legend(title="State", orient="top", symbolOpacity=1, symbolSize=90)
    color = alt.Color(
        "state:N", scale=alt.Scale(domain=states, range=list(MILESTONE_STATE_COLORS.values())), legend=legend
    )
    shape = alt.Shape(
        "state:N", scale=alt.Scale(domain=states, range=list(MILESTONE_STATE_SHAPES.values())), legend=legend
    )
    tooltip = [
        alt.Tooltip("milestone_id:N", title="Milestone"),
        alt.Tooltip("milestone:N", title="Name"),
        alt.Tooltip("initiative:N", title="Initiative"),
        alt.Tooltip("state:N", title="State"),
        alt.Tooltip("done:N", title="The mark shows"),
        alt.Tooltip("baseline_text:N", title="Baseline"),
        alt.Tooltip("forecast_text:N", title="Forecast"),
        alt.Tooltip("actual_text:N", title="Actual"),
        alt.Tooltip("expected_text:N", title="Expected"),
        alt.Tooltip("slip_days:Q", title="Slip (days)", format="+,d"),
    ]
    dates = [*data["baseline_date"], *data["expected_date"], as_of]
    x = _month_x("baseline_date:T", dates, "Date")
    base = alt.Chart(data)
    slip = base.mark_rule(strokeWidth=2.5, opacity=0.55).encode(
        x=x, x2="expected_date:T", y=y, color=color, tooltip=tooltip
    )
    baseline = base.mark_point(filled=False, shape="circle", size=70, strokeWidth=1.5, color=PLANNED_COLOR).encode(
        x=x, y=y, tooltip=tooltip
    )
    expected = base.mark_point(filled=True, size=90, opacity=1).encode(
        x="expected_date:T", y=y, color=color, shape=shape, tooltip=tooltip
    )
    return alt.layer(slip, baseline, expected, *_as_of_layers(as_of)).properties(
        width="container",
        height=_rows_height(len(order), _ROW_STEP, overhead=190),
        title=_title(
            "Milestones: baseline against expected date",
            "Hollow grey circle: baseline. Coloured mark: the actual date when done, else the forecast; "
            "its colour and shape say the state. The line between them is the slip.",
        ),
    )


# --- scorecard ------------------------------------------------------------------------------------------------------


def _wrapped(text: str, width: int) -> list[str]:
    """Text broken into lines of at most `width` characters at spaces (a longer word keeps its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _panel_headings(names: Iterable[str], status_words: Iterable[str]) -> list[str]:
    """Each panel's heading as lines joined by "|": its name over as many lines as it needs, then its status in
    words; blank lines on top make every heading as tall, so the panels of a row line up."""
    headings = [
        [*_wrapped(name, SPARKLINE_HEADER_CHARACTERS), f"Status now: {word}"]
        for name, word in zip(names, status_words, strict=True)
    ]
    tallest = max((len(lines) for lines in headings), default=0)
    return ["|".join([" "] * (tallest - len(lines)) + lines) for lines in headings]


def kpi_sparklines(history: pd.DataFrame) -> alt.FacetChart | None:
    """One small line per KPI over its last 12 months, coloured and marked by its current status, with a target.

    From kpi_value_history. The window is the 12 months ending at each KPI's
    latest value. The status now (by its latest value) shows three ways, so no
    one needs to tell green from red: the line's colour, the points' shape
    (STATUS_SHAPES) and the word under the KPI's name; grey diamonds with no
    status. Each panel has its own y scale.
    """
    if _is_empty(history):
        return None
    frame = history.dropna(subset=["period"]).assign(period=lambda f: pd.to_datetime(f["period"]))
    if frame.empty:
        return None
    latest = frame.groupby("kpi_id")["period"].transform("max")
    window_start = latest.dt.to_period("M").dt.start_time - pd.DateOffset(months=SPARKLINE_MONTHS - 1)
    frame = frame[frame["period"] >= window_start].sort_values(["kpi_id", "period"]).reset_index(drop=True)
    units = frame["unit"].fillna("").astype(str).str.strip()
    names = frame["kpi_id"].astype(str) + " " + frame["kpi_name"].fillna("").astype(str)
    status = frame["status"].where(frame["status"].isin(list(STATUS_COLORS)), NO_STATUS)
    status_words = [NO_STATUS.capitalize() if code == NO_STATUS else words_for(code) for code in status]
    kpis = names.where(units == "", names + " (" + units + ")")
    data = pd.DataFrame(
        {
            "kpi": kpis,
            "panel": _panel_headings(kpis, status_words),
            "kpi_id": frame["kpi_id"],
            "period": frame["period"],
            "value": frame["value"],
            "target": frame["target"],
            "status": status,
            "status_text": status_words,
            "month_text": frame["period"].dt.strftime(_MONTH_FORMAT),
            "value_text": [_number_text(v, u) for v, u in zip(frame["value"], frame["unit"], strict=True)],
            "target_text": [_number_text(v, u) for v, u in zip(frame["target"], frame["unit"], strict=True)],
        }
    )
    order = list(dict.fromkeys(data["panel"]))
    tooltip = [
        alt.Tooltip("kpi:N", title="KPI"),
        alt.Tooltip("month_text:N", title="Month"),
        alt.Tooltip("value_text:N", title="Value"),
        alt.Tooltip("target_text:N", title="Target"),
        alt.Tooltip("status_text:N", title="Status now"),
    ]
    codes = [*STATUS_COLORS, NO_STATUS]
    legend = alt.Legend(title="Status now", orient="top", labelExpr=_capitalized_labels(), symbolSize=60)
    color = alt.Color(
        "status:N", scale=alt.Scale(domain=codes, range=[*STATUS_COLORS.values(), NO_STATUS_COLOR]), legend=legend
    )
    shape = alt.Shape(
        "status:N", scale=alt.Scale(domain=codes, range=[*STATUS_SHAPES.values(), NO_STATUS_SHAPE]), legend=legend
    )
    x = _month_x("period:T", data["period"], None, MONTH_TICKS_SPARKLINE, "%b %y", grid=False)
    y = alt.Y("value:Q", title=None, scale=alt.Scale(zero=False), axis=alt.Axis(tickCount=3))
    line = alt.Chart().mark_line(strokeWidth=2).encode(x=x, y=y, color=color, tooltip=tooltip)
    points = (
        alt.Chart()
        .mark_point(filled=True, size=36, opacity=1)
        .encode(x=x, y=y, color=color, shape=shape, tooltip=tooltip)
    )
    target = (
        alt.Chart()
        .mark_rule(color=TARGET_COLOR, strokeDash=[4, 3])
        .encode(y=alt.Y("mean(target):Q"), tooltip=[alt.Tooltip("mean(target):Q", title="Target", format=",.4~f")])
    )
    return (
        alt.layer(line, points, target, data=data)
        .properties(width=SPARKLINE_WIDTH, height=60)
        .facet(
            facet=alt.Facet(
                "panel:N",
                title=None,
                sort=order,
                header=alt.Header(labelAnchor="start", labelExpr="split(datum.value, '|')", labelLimit=0),
            ),
            columns=SPARKLINE_COLUMNS,
        )
        .resolve_scale(y="independent")
        .properties(
            title=_title(
                f"KPIs over their last {SPARKLINE_MONTHS} months",
                "Colour and shape: the KPI's status now (also in words under its name). Dashed line: target.",
            )
        )
    )
