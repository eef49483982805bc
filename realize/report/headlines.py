"""Headline metrics, worked out from the views' rows: label, value, delta, and what the delta means.

Pure functions (no Streamlit), so tests can check every number a sponsor reads
at the top of a page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from realize.report.formats import MISSING, as_number, money, month, percent

DeltaColor = Literal["normal", "inverse", "off"]
DeltaArrow = Literal["auto", "off"]


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    delta: str | None = None
    # normal: up is good (green); inverse: up is bad (red); off: grey
    delta_color: DeltaColor = "normal"
    help: str | None = None
    # auto: an arrow by the delta's sign (signed deltas only); off: a delta that is a description
    arrow: DeltaArrow = "off"


def _signed_points(value: float) -> str:
    points = round(value * 100)  # a rounded zero has no sign: "-0 pts" reads as a loss
    return f"{points:+d} pts" if points else "±0 pts"


def benefits_metric(value: Mapping[str, object], currency: str) -> Metric:
    """Promised benefits realized to date, gross of dis-benefits: the rate is realized / planned of these same sums."""
    realized = as_number(value["benefit_realized_value_to_date"]) or 0.0
    planned = as_number(value["benefit_planned_value_to_date"]) or 0.0
    rate = as_number(value["realization_rate"])
    return Metric(
        "Benefits realized to date",
        money(realized, currency, compact=True),
        f"{percent(rate)} of {money(planned, currency, compact=True)} planned"
        if rate is not None
        else "none planned yet",
        "off",
        "Monetized benefits realized up to the as-of month against the plan for the same months, before "
        "dis-benefits (shown on their own). The rate is realized divided by planned, both shown here.",
    )


def disbenefits_metric(value: Mapping[str, object], currency: str) -> Metric | None:
    """Dis-benefits realized to date as their own figure; None when there are none."""
    disbenefits = as_number(value["disbenefit_value_to_date"]) or 0.0
    if disbenefits == 0:
        return None
    return Metric(
        "Dis-benefits to date",
        money(disbenefits, currency, compact=True),
        "in net value, not in the rate",
        "off",
        "Negative consequences of the changes, monetized: they reduce the net value but are not promised "
        "benefits, so the realization rate leaves them out.",
    )


def net_value_metric(value: Mapping[str, object], currency: str) -> Metric:
    net = as_number(value["net_value_to_date"]) or 0.0
    roi = as_number(value["roi_to_date"])
    return Metric(
        "Net value to date",
        money(net, currency, compact=True),
        f"ROI to date {percent(roi)}" if roi is not None else None,
        "off",
        "Benefits realized to date, less dis-benefits and costs booked to date.",
    )


def roi_metric(value: Mapping[str, object]) -> Metric:
    forecast = as_number(value["roi_forecast"])
    planned = as_number(value["roi_planned"])
    delta = _signed_points(forecast - planned) + " vs plan" if forecast is not None and planned is not None else None
    return Metric(
        "Forecast ROI",
        percent(forecast),
        delta,
        "normal",
        f"(benefit - cost) / cost over the whole plan, with recorded values to date. Planned ROI {percent(planned)}.",
        "auto",
    )


def tco_metric(value: Mapping[str, object], currency: str) -> Metric:
    forecast = as_number(value["tco_forecast"]) or 0.0
    planned = as_number(value["tco_planned"]) or 0.0
    over = (forecast - planned) / planned if planned else None
    return Metric(
        "TCO forecast",
        money(forecast, currency, compact=True),
        f"{over * 100:+.0f}% vs plan of {money(planned, currency, compact=True)}" if over is not None else None,
        "inverse",
        "Costs booked to date plus costs planned after the as-of month (estimate at completion).",
        "auto",
    )


def delivery_metric(value: Mapping[str, object]) -> Metric:
    due = int(as_number(value["due_to_date"]) or 0)
    met = int(as_number(value["met_on_time"]) or 0)
    return Metric(
        "Commitments met on time",
        f"{met} of {due}" if due else "none due yet",
        percent(met / due) if due else None,
        "off",
        "Milestones whose baseline date has passed, and how many of them were done by it (plus the tolerance).",
    )


def kpi_metric(counts: Mapping[str, object]) -> Metric:
    red, amber, green = (_count(counts[f"kpis_{status}"]) for status in ("red", "amber", "green"))
    unmanaged = _count(counts["kpis_unmanaged"])
    return Metric(
        "KPIs red · amber · green",
        f"{red} · {amber} · {green}",
        f"{unmanaged} red with no action" if unmanaged else None,
        "inverse" if unmanaged else "off",
        "Status of each KPI's latest value against its target and threshold.",
    )


def actions_metric(counts: Mapping[str, object]) -> Metric:
    return _overdue_actions(_count(counts["actions_overdue"]), _count(counts["actions_open"]))


def _overdue_actions(overdue: int, open_count: int) -> Metric:
    return Metric(
        "Overdue actions", str(overdue), f"of {open_count} open", "off", "Open review actions past their due date."
    )


def _count(value: object) -> int:
    return round(as_number(value) or 0)


def portfolio_metrics(value: Mapping[str, object], counts: Mapping[str, object], currency: str) -> list[Metric]:
    """The Portfolio page's headline, in reading order."""
    metrics = [
        benefits_metric(value, currency),
        disbenefits_metric(value, currency),
        net_value_metric(value, currency),
        roi_metric(value),
        tco_metric(value, currency),
        delivery_metric(value),
        kpi_metric(counts),
        actions_metric(counts),
    ]
    return [metric for metric in metrics if metric is not None]


def _month_or(value: object, missing: str) -> str:
    shown = month(value)
    return missing if shown == MISSING else shown


def value_metrics(value: Mapping[str, object], currency: str) -> list[Metric]:
    """The Costs & value page's headline: TCO, run cost, NPV, payback, ROI."""
    npv = as_number(value["npv_forecast"])
    payback = _month_or(value["payback_month_forecast"], "none in plan")
    return [
        tco_metric(value, currency),
        Metric(
            "Run-cost share",
            percent(as_number(value["run_cost_share"])),
            None,
            "off",
            "Operating and renewal costs as a share of the forecast TCO: what keeps running after delivery.",
        ),
        Metric(
            "Portfolio NPV (forecast)",
            money(npv, currency, compact=True) if npv is not None else "–",
            f"plan {money(as_number(value['npv_planned']) or 0.0, currency, compact=True)}",
            "off",
            "The portfolio's combined monthly benefit minus cost, discounted at the settings' annual rate from "
            "the portfolio's first month.",
        ),
        Metric(
            "Payback (forecast)",
            payback,
            f"plan {_month_or(value['payback_month_planned'], 'none')}",
            "off",
            "First month the cumulative cash flow is back at or above zero after going negative.",
        ),
        roi_metric(value),
    ]


def npv_note(value: Mapping[str, object], currency: str) -> str | None:
    """Why the portfolio's NPV is not the sum of the initiatives' NPVs in the table below it, with both numbers."""
    portfolio = as_number(value["npv_forecast"])
    initiatives = as_number(value["initiative_npv_forecast_sum"])
    if portfolio is None or initiatives is None:
        return None
    first = _month_or(value["first_month"], "its first month")
    return (
        f"Portfolio NPV {money(portfolio, currency, compact=True)} discounts the combined cash flow from the "
        f"portfolio's first month ({first}). Each initiative's NPV in the table is discounted from its own first "
        f"month, so together they come to {money(initiatives, currency, compact=True)}, not to the portfolio's."
    )


def delivery_metrics(headline: Mapping[str, object]) -> list[Metric]:
    """The Delivery page's headline, from queries/delivery_headline.sql."""
    due, met = _count(headline["due_to_date"]), _count(headline["met_on_time"])
    mean_slip = as_number(headline["mean_slip_days"])
    return [
        Metric(
            "Commitments met on time",
            f"{met} of {due}" if due else "none due yet",
            percent(as_number(headline["on_time_rate"])) if due else None,
            "off",
            "Milestones whose baseline date has passed, and how many were done by it (plus the tolerance).",
        ),
        Metric("Overdue", str(_count(headline["milestones_overdue"])), None, "off", "Past baseline, not done."),
        Metric("At risk", str(_count(headline["milestones_at_risk"])), None, "off", "Forecast after baseline."),
        Metric(
            "Mean slip of done milestones",
            f"{mean_slip:+.0f} days" if mean_slip is not None else MISSING,
            None,
            "off",
            "Actual date minus baseline date, averaged over the milestones done.",
        ),
    ]


def scorecard_metrics(counts: Mapping[str, object]) -> list[Metric]:
    """The Scorecard page's headline, from queries/kpi_action_counts.sql."""
    return [
        kpi_metric(counts),
        Metric("Stale KPIs", str(_count(counts["kpis_stale"])), None, "off", "No value for longer than their cycle."),
        Metric(
            "Incomplete decision cards",
            str(_count(counts["kpis_incomplete"])),
            None,
            "off",
            "A card needs a definition, a reason, a response, an owner and a target.",
        ),
        Metric("KPIs", str(_count(counts["kpis"])), None, "off", "KPIs matching the filters."),
    ]


def review_metrics(headline: Mapping[str, object]) -> list[Metric]:
    """The Review page's headline, from queries/kpi_action_counts.sql: open, overdue, follow-through, unmanaged."""
    due, kept = _count(headline["actions_due"]), _count(headline["actions_done_on_time"])
    open_count = _count(headline["actions_open"])
    return [
        Metric("Open actions", str(open_count)),
        _overdue_actions(_count(headline["actions_overdue"]), open_count),
        Metric(
            "Follow-through",
            percent(as_number(headline["follow_through_rate"])) if due else MISSING,
            f"{kept} of {due} done by their due date" if due else "none due yet",
            "off",
            "Actions done by their due date, of those due by the as-of date (dropped ones are not owed).",
        ),
        Metric(
            "Red KPIs with no action",
            str(_count(headline["kpis_unmanaged"])),
            None,
            "off",
            "A red KPI that no open action answers is not being managed.",
        ),
    ]
