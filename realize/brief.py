"""The initiative brief (SPEC section 5): one self-contained HTML page for a sponsor.

Inline CSS only: no script, no external link, font or image, so the file can be
mailed, archived and printed on A4 as it is. Every text value is escaped (names
are user input); money carries the currency, rates read as percentages, dates as
YYYY-MM-DD, and a value that cannot be computed is an en dash.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from realize.charts import MILESTONE_STATE_COLORS, STATUS_COLORS
from realize.narrative import MISSING, TCO_CATEGORIES, as_date, as_number, is_true, money, percent

# The status colours of the whole app (realize.charts), named by their status word.
STATUS_COLOURS: dict[str, str] = STATUS_COLORS
COLOUR_NAMES = {colour: name for name, colour in STATUS_COLORS.items()}
# Milestone states take the colour the timeline gives them.
MILESTONE_STATE_COLOURS = {state: COLOUR_NAMES[colour] for state, colour in MILESTONE_STATE_COLORS.items()}

Row = Mapping[str, object]

_CSS = """
:root { --green: GREEN; --amber: AMBER; --red: RED; --grey: #757575; --line: #d0d4d9; --soft: #f4f6f8; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1c1f23;
  line-height: 1.45; margin: 0 auto; padding: 1.5rem; max-width: 62rem; font-size: 15px; }
h1 { font-size: 1.6rem; margin: 0 0 0.25rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 0.5rem; padding-bottom: 0.2rem; border-bottom: 2px solid var(--line); }
p { margin: 0.3rem 0; }
.as-of { color: #4a5058; margin: 0 0 0.8rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 0.15rem 0.8rem; margin: 0; }
dl.facts dt { color: #4a5058; }
dl.facts dd { margin: 0; }
.labels { margin: 0.9rem 0; display: flex; flex-wrap: wrap; gap: 0.4rem; }
.label { display: inline-block; padding: 0.1rem 0.55rem; border-radius: 0.8rem; font-size: 0.85em; font-weight: 600;
  white-space: nowrap; background: var(--grey); color: #fff; }
.label.green { background: var(--green); color: #fff; }
.label.amber { background: var(--amber); color: #1c1f23; }
.label.red { background: var(--red); color: #fff; }
.label.neutral { background: var(--soft); color: #1c1f23; border: 1px solid var(--line); }
.narrative { background: var(--soft); border-left: 4px solid #1c4e80; padding: 0.6rem 0.9rem; margin: 0.8rem 0; }
.narrative ul { margin: 0; padding-left: 1.1rem; }
dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 0.5rem;
  margin: 0.8rem 0; }
dl.figures div { border: 1px solid var(--line); border-radius: 0.3rem; padding: 0.35rem 0.6rem; }
dl.figures dt { font-size: 0.8em; color: #4a5058; }
dl.figures dd { margin: 0; font-size: 1.1em; font-weight: 600; font-variant-numeric: tabular-nums; }
table { width: 100%; border-collapse: collapse; margin: 0.4rem 0 0.8rem; font-size: 0.9em; }
th, td { text-align: left; padding: 0.25rem 0.45rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
tfoot td { font-weight: 600; border-top: 2px solid var(--line); }
.note { color: #4a5058; font-size: 0.85em; }
.empty { color: #4a5058; font-style: italic; }
.bar { display: block; width: 7rem; }
.bar span { display: block; height: 0.4rem; margin: 0.1rem 0; border-radius: 0.1rem; }
.bar .plan { background: #9aa5b1; }
.bar .forecast { background: #1c4e80; }
footer { margin-top: 1.5rem; color: #4a5058; font-size: 0.8em; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; }
  tr, .figures div, .narrative { break-inside: avoid; page-break-inside: avoid; }
  .label, .bar span, th, .narrative { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
_CSS = (
    _CSS.replace("GREEN", STATUS_COLORS["green"])
    .replace("AMBER", STATUS_COLORS["amber"])
    .replace("RED", STATUS_COLORS["red"])
)


# --- cells: each returns escaped HTML -------------------------------------------------------------


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return MISSING
    text = str(value).strip()
    return html.escape(text) if text else MISSING


def _day(value: object) -> str:
    day = as_date(value)
    return day.isoformat() if day else MISSING


def _month(value: object) -> str:
    day = as_date(value)
    return f"{day:%Y-%m}" if day else MISSING


def _amount(value: object, currency: str) -> str:
    return html.escape(money(as_number(value), currency))


def _quantity(value: object, unit: object, currency: str) -> str:
    """A measured value in its unit: money when the unit is the currency, "88%" for percent units."""
    number = as_number(value)
    if number is None:
        return MISSING
    unit_text = "" if _text(unit) == MISSING else str(unit).strip()
    if unit_text.upper() == currency.upper():
        return _amount(number, currency)
    digits = f"{number:,.2f}".rstrip("0").rstrip(".")
    if unit_text == "%":
        return f"{digits}%"
    return html.escape(f"{digits} {unit_text}".strip())


def _signed_percent(value: object) -> str:
    number = as_number(value)
    if number is None:
        return MISSING
    text = percent(number)
    return text if text.startswith("-") or text == "0%" else "+" + text


def _days(value: object) -> str:
    number = as_number(value)
    if number is None:
        return MISSING
    days = round(number)
    return f"+{days}" if days > 0 else str(days)


def _yes_no(value: object) -> str:
    if isinstance(value, bool) or as_number(value) is not None:
        return "yes" if is_true(value) else "no"
    return MISSING


def _label(colour: object, text: str) -> str:
    """A coloured status label; text is already escaped. Unknown colours are neutral."""
    css = colour if colour in STATUS_COLOURS else "neutral"
    return f'<span class="label {css}">{text}</span>'


def _words(value: object) -> str:
    """An enumeration value for reading: "cash_releasing" -> "cash releasing"."""
    text = _text(value)
    return text if text == MISSING else text.replace("_", " ")


# --- building blocks --------------------------------------------------------------------------


def _table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: Iterable[int] = (), total: Sequence[str] = ()
) -> str:
    """A table of escaped cells; columns in numeric are right-aligned; total is a footer row."""
    right = set(numeric)

    def cells(values: Sequence[str], tag: str) -> str:
        return "".join(
            f'<{tag} class="num">{value}</{tag}>' if index in right else f"<{tag}>{value}</{tag}>"
            for index, value in enumerate(values)
        )

    head = f"<thead><tr>{cells([html.escape(h) for h in headers], 'th')}</tr></thead>"
    body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in rows)
    foot = f"<tfoot><tr>{cells(total, 'td')}</tr></tfoot>" if total else ""
    return f"<table>{head}<tbody>{body}</tbody>{foot}</table>"


def _section(title: str, *parts: str) -> str:
    return f"<section><h2>{html.escape(title)}</h2>{''.join(parts)}</section>"


def _empty(message: str) -> str:
    return f'<p class="empty">{html.escape(message)}</p>'


def _records(frame: pd.DataFrame | None, initiative_id: object) -> list[dict]:
    """The frame's rows as dicts, only this initiative's when the frame says whose rows they are."""
    if frame is None or frame.empty:
        return []
    if "initiative_id" in frame.columns and initiative_id is not None:
        frame = frame[frame["initiative_id"] == initiative_id]
    return frame.to_dict("records")


# --- the page ---------------------------------------------------------------------------------


def brief_html(
    summary: Row,
    narrative: list[str],
    benefits: pd.DataFrame,
    tco: pd.DataFrame,
    milestones: pd.DataFrame,
    kpis: pd.DataFrame,
    actions: pd.DataFrame,
    *,
    as_of: dt.date,
    currency: str,
) -> str:
    """The brief of one initiative as one self-contained HTML document (A4 print-ready)."""
    initiative_id = summary.get("initiative_id")
    title = f"Initiative brief: {_plain(initiative_id)} {_plain(summary.get('initiative_name'))}".strip()
    body = "".join(
        (
            f"<header><h1>{html.escape(title)}</h1>",
            f'<p class="as-of">As of {as_of.isoformat()} · amounts in {html.escape(currency)}</p>',
            _facts(summary, currency),
            "</header>",
            _status_labels(summary),
            _narrative(narrative),
            _key_figures(summary, currency),
            _benefits_section(summary, _records(benefits, initiative_id), currency),
            _costs_section(summary, _records(tco, initiative_id), currency),
            _milestones_section(_records(milestones, initiative_id)),
            _kpis_section(_records(kpis, initiative_id), currency),
            _actions_section(_records(actions, initiative_id)),
            _footer(as_of),
        )
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _plain(value: object) -> str:
    """Unescaped text for a title (escaped once, where it is written)."""
    text = _text(value)
    return "" if text == MISSING else html.unescape(text)


def _facts(summary: Row, currency: str) -> str:
    period = f"{_day(summary.get('start_date'))} to {_day(summary.get('end_date'))}"
    facts = (
        ("Owner", _text(summary.get("owner"))),
        ("Sponsor", _text(summary.get("sponsor"))),
        ("Portfolio", _text(summary.get("portfolio"))),
        ("Status", _words(summary.get("status"))),
        ("Objective", _text(summary.get("objective"))),
        ("Planned", period if period != f"{MISSING} to {MISSING}" else MISSING),
        ("Budget", _amount(summary.get("budget"), currency)),
    )
    items = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts)
    return f'<dl class="facts">{items}</dl>'


def _status_labels(summary: Row) -> str:
    labels = (
        ("realization_status", f"Benefits realized: {percent(summary.get('realization_rate'))}"),
        ("cost_status", f"Cost against plan to date: {_signed_percent(summary.get('variance_rate'))}"),
        ("delivery_status", f"Delivery on time: {percent(summary.get('on_time_rate'))}"),
    )
    spans = "".join(_label(summary.get(column), html.escape(text)) for column, text in labels)
    return f'<div class="labels">{spans}</div>'


def _narrative(sentences: list[str]) -> str:
    if not sentences:
        return ""
    items = "".join(f"<li>{html.escape(sentence)}</li>" for sentence in sentences)
    return f'<div class="narrative"><ul>{items}</ul></div>'


def _key_figures(summary: Row, currency: str) -> str:
    figures = (
        ("Benefits realized to date", _amount(summary.get("realized_value_to_date"), currency)),
        ("Benefits planned to date", _amount(summary.get("planned_value_to_date"), currency)),
        ("TCO planned", _amount(summary.get("tco_planned"), currency)),
        ("TCO forecast", _amount(summary.get("tco_forecast"), currency)),
        ("Net value to date", _amount(summary.get("net_value_to_date"), currency)),
        ("ROI forecast (planned)", f"{percent(summary.get('roi_forecast'))} ({percent(summary.get('roi_planned'))})"),
        ("NPV forecast", _amount(summary.get("npv_forecast"), currency)),
        ("Payback forecast", _month(summary.get("payback_month_forecast"))),
    )
    items = "".join(f"<div><dt>{name}</dt><dd>{value}</dd></div>" for name, value in figures)
    return f'<dl class="figures">{items}</dl>'


def _benefits_section(summary: Row, rows: list[dict], currency: str) -> str:
    if not rows:
        return _section("Benefits", _empty("No benefits are recorded for this initiative."))
    headers = (
        "Benefit",
        "Owner",
        "Planned to date",
        "Realized to date",
        "Realization",
        "Value planned to date",
        "Value realized to date",
        "Unmeasured months",
    )
    total = (
        "Total of monetized benefits",
        "",
        "",
        "",
        percent(summary.get("realization_rate")),
        _amount(summary.get("planned_value_to_date"), currency),
        _amount(summary.get("realized_value_to_date"), currency),
        str(round(as_number(summary.get("unmeasured_periods")) or 0)),
    )
    table = _table(headers, [_benefit_row(row, currency) for row in rows], range(2, 8), total)
    note = '<p class="note">The realization rate leaves dis-benefits out; the values include them, negative.</p>'
    return _section("Benefits", table, note)


def _benefit_row(row: Row, currency: str) -> list[str]:
    level = row.get("measure") == "level"
    name = _text(row.get("benefit_name"))
    if is_true(row.get("disbenefit")):
        name += ' <span class="label neutral">dis-benefit</span>'
    note = _words(row.get("type"))
    if level:
        unit = row.get("unit")
        note += f"; level from {_quantity(row.get('baseline'), unit, currency)}"
        note += f" to {_quantity(row.get('target'), unit, currency)}"
    name += f'<br><span class="note">{note}</span>'
    planned = row.get("planned_level") if level else row.get("planned_to_date")
    realized = row.get("latest_realized") if level else row.get("realized_to_date")
    unmeasured = MISSING if level else _text(row.get("unmeasured_periods"))
    return [
        name,
        _text(row.get("owner")),
        _quantity(planned, row.get("unit"), currency),
        _quantity(realized, row.get("unit"), currency),
        percent(row.get("realization_rate")),
        _amount(row.get("planned_value_to_date"), currency),
        _amount(row.get("realized_value_to_date"), currency),
        unmeasured,
    ]


_COST_SUMS = ("planned", "planned_to_date", "actual_to_date", "tco_forecast")


def _cost_sums(rows: list[dict], keys: Sequence[str]) -> pd.DataFrame:
    """TCO rows summed over fiscal years by these keys."""
    frame = pd.DataFrame(rows)
    for column in _COST_SUMS:
        frame[column] = pd.to_numeric(frame.get(column), errors="coerce").fillna(0.0)
    return frame.groupby(list(keys), dropna=False)[list(_COST_SUMS)].sum().reset_index()


def _costs_section(summary: Row, rows: list[dict], currency: str) -> str:
    if not rows:
        return _section("Costs", _empty("No costs are recorded for this initiative."))
    by_category = _cost_sums(rows, ("category", "nature"))
    by_category["order"] = by_category["category"].map(
        lambda name: TCO_CATEGORIES.index(name) if name in TCO_CATEGORIES else len(TCO_CATEGORIES)
    )
    by_category = by_category.sort_values(["order", "category", "nature"])
    scale = max(float(by_category["planned"].max()), float(by_category["tco_forecast"].max()), 1.0)
    headers = ("Category", "Nature", "Planned (TCO)", "Planned to date", "Actual to date", "Forecast (TCO)", "")
    body = [_cost_row(row, currency, scale) for row in by_category.to_dict("records")]
    totals = by_category[list(_COST_SUMS)].sum()
    total = ["Total", "", *(_amount(totals[column], currency) for column in _COST_SUMS), ""]
    return _section(
        "Costs",
        '<p class="note">TCO by category over all fiscal years; the forecast is actual to date plus plan after.</p>',
        _table(headers, body, range(2, 6), total),
        _nature_table(rows, currency),
        _cost_notes(summary),
    )


def _cost_row(row: Row, currency: str, scale: float) -> list[str]:
    planned, forecast = (_width(row.get(column), scale) for column in ("planned", "tco_forecast"))
    bar = (
        f'<span class="bar" title="planned and forecast"><span class="plan" style="width:{planned}%"></span>'
        f'<span class="forecast" style="width:{forecast}%"></span></span>'
    )
    return [
        _words(row.get("category")),
        _words(row.get("nature")),
        *(_amount(row.get(column), currency) for column in _COST_SUMS),
        bar,
    ]


def _width(value: object, scale: float) -> str:
    """A bar's width in percent of the scale, 0 to 100."""
    share = (as_number(value) or 0.0) / scale if scale else 0.0
    return f"{100 * min(max(share, 0.0), 1.0):.1f}"


def _nature_table(rows: list[dict], currency: str) -> str:
    by_nature = _cost_sums(rows, ("nature",)).sort_values("nature")
    forecast_total = float(by_nature["tco_forecast"].sum())
    body = [
        [
            _words(row["nature"]),
            _amount(row["planned"], currency),
            _amount(row["actual_to_date"], currency),
            _amount(row["tco_forecast"], currency),
            percent(row["tco_forecast"] / forecast_total if forecast_total else None),
        ]
        for row in by_nature.to_dict("records")
    ]
    headers = ("Capex / opex", "Planned (TCO)", "Actual to date", "Forecast (TCO)", "Share of forecast")
    return _table(headers, body, (1, 2, 3, 4))


def _cost_notes(summary: Row) -> str:
    notes = [f"Run cost (operating and renewal) is {percent(summary.get('run_cost_share'))} of the forecast TCO."]
    if is_true(summary.get("exit_cost_missing")):
        notes.append("No exit cost is planned: the TCO may be incomplete.")
    return "".join(f'<p class="note">{html.escape(note)}</p>' for note in notes)


def _milestones_section(rows: list[dict]) -> str:
    if not rows:
        return _section("Milestones", _empty("No milestones are recorded for this initiative."))
    headers = ("Milestone", "Owner", "Baseline", "Forecast", "Actual", "State", "Slip (days)")
    body = [
        [
            _text(row.get("milestone_name")),
            _text(row.get("owner")),
            _day(row.get("baseline_date")),
            _day(row.get("forecast_date")),
            _day(row.get("actual_date")),
            _label(MILESTONE_STATE_COLOURS.get(str(row.get("state"))), _words(row.get("state"))),
            _days(row.get("slip_days")),
        ]
        for row in rows
    ]
    return _section("Milestones", _table(headers, body, (2, 3, 4, 6)))


def _kpis_section(rows: list[dict], currency: str) -> str:
    if not rows:
        return _section("KPIs", _empty("No KPIs are linked to this initiative."))
    headers = ("KPI", "Owner", "Latest", "Period", "Target", "Threshold", "Status", "Trend", "Stale", "Unmanaged")
    body = [_kpi_row(row, currency) for row in rows]
    return _section("KPIs", _table(headers, body, (2, 3, 4, 5)))


def _kpi_row(row: Row, currency: str) -> list[str]:
    unit = row.get("unit")
    status = row.get("status")
    unmanaged = _yes_no(row.get("unmanaged"))
    return [
        f'{_text(row.get("kpi_name"))}<br><span class="note">{_words(row.get("perspective"))}</span>',
        _text(row.get("owner")),
        _quantity(row.get("latest_value"), unit, currency),
        _month(row.get("latest_period")),
        _quantity(row.get("target"), unit, currency),
        _quantity(row.get("threshold"), unit, currency),
        _label(status, _text(status)) if _text(status) != MISSING else MISSING,
        _words(row.get("trend")),
        _yes_no(row.get("stale")),
        _label("red", unmanaged) if unmanaged == "yes" else unmanaged,
    ]


def _action_order(row: Row) -> tuple[int, int, str]:
    """Overdue first, then open, then the rest; each by due date."""
    overdue = is_true(row.get("overdue"))
    due = as_date(row.get("due_date"))
    return (0 if overdue else 1, 0 if row.get("status") == "open" else 1, due.isoformat() if due else "9999")


def _actions_section(rows: list[dict]) -> str:
    if not rows:
        return _section("Actions", _empty("No review actions are recorded for this initiative."))
    headers = ("Action", "Owner", "Responds to", "Raised", "Due", "Status", "Closed", "Outcome")
    body = [_action_row(row) for row in sorted(rows, key=_action_order)]
    return _section("Actions", _table(headers, body, (3, 4, 6)))


def _action_row(row: Row) -> list[str]:
    return [
        _text(row.get("title")),
        _text(row.get("owner")),
        _responds_to(row),
        _day(row.get("raised_on")),
        _day(row.get("due_date")),
        _action_status(row),
        _day(row.get("closed_on")),
        _text(row.get("outcome")),
    ]


def _responds_to(row: Row) -> str:
    linked = [
        f"{kind} {_text(row.get(name))}"
        for kind, name in (("KPI", "kpi_name"), ("benefit", "benefit_name"))
        if _text(row.get(name)) != MISSING
    ]
    return "<br>".join(linked) if linked else "the initiative"


def _action_status(row: Row) -> str:
    status = str(row.get("status") or "")
    if is_true(row.get("overdue")):
        days = as_number(row.get("days_overdue"))
        late = f", {round(days)} days" if days is not None else ""
        return _label("red", f"overdue{late}")
    if status == "done":
        return _label("green", "done") if is_true(row.get("done_on_time")) else _label("amber", "done late")
    return _label("neutral", _text(status))


def _footer(as_of: dt.date) -> str:
    return (
        f"<footer>Generated by Realize from the current data as of {as_of.isoformat()}. "
        f"{MISSING} = not computable or not recorded. Rates are shares of plan.</footer>"
    )
