"""The words a sponsor reads first: short sentences generated only from the numbers of the measures.

Every sentence is built from one row of initiative_summary (or of portfolio_value) and
says something honest when a number cannot be computed: a missing value is never
printed as "nan" or "None". `money` and `percent` format values the same way on every
page and in the brief.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from realize.contract.catalog import STATUS_CODES
from realize.report.formats import as_date, as_number, is_true, money, month_name, percent

# Within this share of the plan a cost is "on plan" (SPEC leaves it to us: ±1%).
ON_PLAN_TOLERANCE = 0.01

# --- values -------------------------------------------------------------------------------------


def _count(value: object) -> int:
    number = as_number(value)
    return 0 if number is None else round(number)


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def _verb(count: int, singular: str = "is", plural: str = "are") -> str:
    return singular if count == 1 else plural


def _join(parts: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _get(row: Mapping[str, object], name: str) -> object:
    return row.get(name)


def _against_plan(rate: float) -> str:
    if abs(rate) <= ON_PLAN_TOLERANCE:
        return "on plan"
    return f"{percent(abs(rate))} {'over' if rate > 0 else 'under'} plan"


# --- the sentences ------------------------------------------------------------------------------


def initiative_narrative(
    summary: Mapping[str, object], tco: pd.DataFrame, currency: str, *, as_of: dt.date | None = None
) -> list[str]:
    """Short sentences about one initiative (a row of initiative_summary) and its TCO rows.

    With as_of, a payback month already reached reads "Paid back in ..." instead of a forecast.
    """
    tco = _rows_of(tco, _get(summary, "initiative_id"))
    return [
        *benefit_sentences(summary, currency),
        *cost_sentences(summary, tco, currency),
        *delivery_sentences(summary),
        *value_sentences(summary, currency, as_of=as_of),
        *kpi_sentences(summary),
        *action_sentences(summary),
    ]


def portfolio_narrative(value: Mapping[str, object], currency: str, *, as_of: dt.date | None = None) -> list[str]:
    """Short sentences about the portfolio total (the row of measures.portfolio_value)."""
    initiatives = _count(_get(value, "initiatives"))
    if initiatives == 0:
        return ["No initiatives match these filters."]
    scope = f"across {_plural(initiatives, 'initiative')}"
    return [
        *benefit_sentences(value, currency, scope=scope),
        *cost_sentences(value, None, currency),
        *delivery_sentences(value),
        *value_sentences(value, currency, as_of=as_of),
    ]


def _rows_of(frame: pd.DataFrame | None, initiative_id: object) -> pd.DataFrame | None:
    """Only this initiative's rows, when the frame says whose rows they are."""
    if frame is None or initiative_id is None or "initiative_id" not in frame.columns:
        return frame
    return frame[frame["initiative_id"] == initiative_id]


def benefit_sentences(row: Mapping[str, object], currency: str, *, scope: str = "") -> list[str]:
    """Realized against planned to date, or why that cannot be said; dis-benefits on their own; measurement gaps.

    The rate and the money beside it are over the same benefits: the promised ones, gross of dis-benefits.
    """
    rate = as_number(_get(row, "realization_rate"))
    where = f" {scope}" if scope else ""
    if rate is not None:
        planned = as_number(_get(row, "benefit_planned_value_to_date")) or 0.0
        realized = as_number(_get(row, "benefit_realized_value_to_date")) or 0.0
        first = (
            f"Realized {percent(rate)} of the benefits planned to date{where} "
            f"({money(realized, currency, True)} of {money(planned, currency, True)})."
        )
        first += _disbenefits_taken(row, currency)
    elif (as_number(_get(row, "planned_value_to_date")) or 0.0) != 0:
        planned = as_number(_get(row, "planned_value_to_date")) or 0.0
        realized = as_number(_get(row, "realized_value_to_date")) or 0.0
        amounts = f"{money(realized, currency, True)} realized against {money(planned, currency, True)} planned"
        first = f"No promised benefits were planned to date{where}, only dis-benefits: {amounts}."
    else:
        first = _nothing_planned_yet(row, currency, where)
    sentences = [first]
    unmeasured = _count(_get(row, "unmeasured_periods"))
    if unmeasured:
        noun = _plural(unmeasured, "planned benefit measurement")
        sentences.append(f"{noun} to date {_verb(unmeasured)} still missing.")
    return sentences


def _disbenefits_taken(row: Mapping[str, object], currency: str) -> str:
    """ " Dis-benefits cost $0.4M to date, leaving $1.9M net." when any were realized; else nothing."""
    disbenefits = as_number(_get(row, "disbenefit_value_to_date")) or 0.0
    if disbenefits == 0:
        return ""
    net = as_number(_get(row, "realized_value_to_date")) or 0.0
    return (
        f" Dis-benefits cost {money(abs(disbenefits), currency, True)} to date, "
        f"leaving {money(net, currency, True)} net."
    )


def _nothing_planned_yet(row: Mapping[str, object], currency: str, where: str) -> str:
    total = as_number(_get(row, "planned_value_total"))
    benefits = _count(_get(row, "benefits"))
    if total is not None and total > 0:
        return f"No benefits were planned to date{where}; the first come later, {money(total, currency, True)} in all."
    if total is not None and total < 0:
        return f"Only dis-benefits are monetized{where}: {money(total, currency, True)} in all."
    if total is None:  # a row without the plan's total (the portfolio's): say only what is known
        return f"No benefits were planned to date{where}."
    if benefits:
        tracked = _plural(benefits, "benefit")
        return f"No monetized benefits are recorded; {tracked} {_verb(benefits)} tracked without a money value."
    return "No monetized benefits are recorded."


def cost_sentences(row: Mapping[str, object], tco: pd.DataFrame | None, currency: str) -> list[str]:
    """Spend to date against plan to date, forecast TCO against plan and what drives the gap."""
    planned = as_number(_get(row, "tco_planned")) or 0.0
    forecast = as_number(_get(row, "tco_forecast")) or 0.0
    actual = as_number(_get(row, "actual_to_date")) or 0.0
    if planned == 0 and forecast == 0 and actual == 0:
        return ["No costs are recorded."]
    sentences = [_spent_to_date(row, currency), _forecast_tco(planned, forecast, tco, currency)]
    if is_true(_get(row, "exit_cost_missing")):
        sentences.append("No exit cost is planned, so the TCO may be incomplete.")
    return sentences


def _spent_to_date(row: Mapping[str, object], currency: str) -> str:
    planned = as_number(_get(row, "planned_to_date")) or 0.0
    actual = as_number(_get(row, "actual_to_date")) or 0.0
    if planned == 0 and actual == 0:
        return "No costs were planned or booked to date."
    if planned == 0:
        return f"Spent {money(actual, currency, True)} to date, with nothing planned to date."
    against = _against_plan((actual - planned) / planned)
    return f"Spent {money(actual, currency, True)} to date against {money(planned, currency, True)} planned, {against}."


def _forecast_tco(planned: float, forecast: float, tco: pd.DataFrame | None, currency: str) -> str:
    if planned == 0:
        return f"Forecast TCO is {money(forecast, currency, True)}, with no plan to compare it with."
    rate = (forecast - planned) / planned
    if abs(rate) <= ON_PLAN_TOLERANCE:
        return f"Forecast TCO of {money(forecast, currency, True)} is on plan."
    sentence = (
        f"Forecast TCO is {_against_plan(rate)} "
        f"({money(forecast, currency, True)} against {money(planned, currency, True)})"
    )
    driver = _cost_driver(tco, forecast - planned)
    return f"{sentence}, {driver}." if driver else f"{sentence}."


def _cost_driver(tco: pd.DataFrame | None, difference: float) -> str:
    """The TCO category contributing most to forecast - plan, in the direction of the gap."""
    if tco is None or tco.empty or not {"category", "tco_forecast", "tco_planned"} <= set(tco.columns):
        return ""
    gaps = (
        (tco["tco_forecast"].astype("float64").fillna(0) - tco["tco_planned"].astype("float64").fillna(0))
        .groupby(tco["category"])
        .sum()
    )
    category = gaps.idxmax() if difference > 0 else gaps.idxmin()
    contribution = float(gaps[category])
    if contribution == 0 or (contribution > 0) != (difference > 0):
        return ""
    name = f"{str(category).replace('_', ' ')} costs"
    return f"mostly {name}" if contribution / difference >= 0.5 else f"the largest part in {name}"


def delivery_sentences(row: Mapping[str, object]) -> list[str]:
    """Commitments due so far met on time, overdue and at risk; the mean slip of those done."""
    milestones = as_number(_get(row, "milestones"))
    due = _count(_get(row, "due_to_date"))
    met = _count(_get(row, "met_on_time"))
    overdue = _count(_get(row, "milestones_overdue"))
    at_risk = _count(_get(row, "milestones_at_risk"))
    if milestones == 0:
        return ["No milestones are recorded."]
    if due == 0:
        count = f" ({_plural(round(milestones), 'milestone')} planned)" if milestones else ""
        risk = f"; {at_risk} at risk" if at_risk else ""
        return [f"No milestones are due yet{count}{risk}."]
    late = f"{overdue} overdue, {at_risk} at risk" if overdue or at_risk else "none overdue or at risk"
    sentences = [f"{met} of {_plural(due, 'commitment')} due so far {_verb(due, 'was', 'were')} met on time; {late}."]
    slip = as_number(_get(row, "mean_slip_days"))
    if slip is not None and round(slip) != 0:
        days = _plural(abs(round(slip)), "day")
        sentences.append(f"Completed milestones finished {days} {'late' if slip > 0 else 'early'} on average.")
    return sentences


def value_sentences(row: Mapping[str, object], currency: str, *, as_of: dt.date | None = None) -> list[str]:
    """Net value to date, forecast ROI against plan and the payback month."""
    roi_forecast = as_number(_get(row, "roi_forecast"))
    roi_planned = as_number(_get(row, "roi_planned"))
    realized = as_number(_get(row, "realized_value_to_date")) or 0.0
    actual = as_number(_get(row, "actual_to_date")) or 0.0
    net = as_number(_get(row, "net_value_to_date"))
    if net is None:
        net = realized - actual
    if roi_forecast is None and realized == 0 and actual == 0:
        return []
    sentence = f"Net value to date is {money(net, currency, True)}"
    if roi_forecast is not None:
        sentence += f"; forecast ROI is {percent(roi_forecast)}"
        if roi_planned is not None:
            sentence += f" against {percent(roi_planned)} planned"
    return [f"{sentence}.", *_payback_sentence(row, roi_forecast, as_of)]


def _payback_sentence(row: Mapping[str, object], roi_forecast: float | None, as_of: dt.date | None) -> list[str]:
    forecast = as_date(_get(row, "payback_month_forecast"))
    planned = as_date(_get(row, "payback_month_planned"))
    if forecast is not None:
        reached = as_of is not None and forecast <= as_of.replace(day=1)
        return [f"{'Paid back' if reached else 'Forecast payback'} in {month_name(forecast)}."]
    if roi_forecast is None:
        return []
    if roi_forecast > 0:
        # a positive total with no payback month: the cumulative cash flow never went negative
        return ["The forecast cumulative cash flow never goes negative, so there is nothing to pay back."]
    if planned is not None:
        return [f"No payback within the plan; the plan expected it in {month_name(planned)}."]
    return ["No payback within the plan."]


def kpi_sentences(row: Mapping[str, object]) -> list[str]:
    """KPI status counts, red KPIs nobody acts on, and stale KPIs."""
    kpis = _count(_get(row, "kpis"))
    if kpis == 0:
        return ["No KPIs are linked to this initiative."]
    counts = {status: _count(_get(row, f"kpis_{status}")) for status in STATUS_CODES}
    unvalued = kpis - sum(counts.values())
    sentences = [_kpi_statuses(kpis, counts, unvalued)]
    unmanaged = _count(_get(row, "kpis_unmanaged"))
    if unmanaged:
        sentences.append(f"{_plural(unmanaged, 'KPI')} {_verb(unmanaged)} red with no action.")
    elif counts["red"]:
        sentences.append(f"{'The red KPI has' if counts['red'] == 1 else 'Every red KPI has'} an open action.")
    stale = _count(_get(row, "kpis_stale"))
    if stale:
        sentences.append(f"{_plural(stale, 'KPI')} {_verb(stale, 'has', 'have')} no recent value.")
    return sentences


def _kpi_statuses(kpis: int, counts: dict[str, int], unvalued: int) -> str:
    if kpis == 1:
        status = next((name for name, count in counts.items() if count), None)
        return f"The initiative's one KPI is {status}." if status else "The initiative's one KPI has no value yet."
    parts = [f"{count} {_verb(count)} {status}" for status, count in counts.items() if count]
    if unvalued > 0:
        parts.append(f"{unvalued} {_verb(unvalued, 'has', 'have')} no value yet")
    return f"Of {kpis} KPIs, {_join(parts)}."


def action_sentences(row: Mapping[str, object]) -> list[str]:
    """Open review actions and how many of them are overdue."""
    open_actions = _count(_get(row, "actions_open"))
    overdue = _count(_get(row, "actions_overdue"))
    if open_actions == 0:
        return []
    if overdue == 0:
        return [f"{_plural(open_actions, 'review action')} {_verb(open_actions)} open, none overdue."]
    return [f"{overdue} of {_plural(open_actions, 'open review action')} {_verb(overdue)} overdue."]
