"""The initiative brief (SPEC section 5): one self-contained HTML page for a sponsor.

Inline CSS only: no script, no external link, font or image, so the file can be
mailed, archived and printed as it is. A typical initiative (up to 6 benefits, 8
cost lines, 8 milestones, 6 KPIs, 5 actions) prints on one A4 page; a longer one
breaks between table rows, never inside one, with each table's header repeated
and no heading left at the foot of a page.

Every text value is escaped (names are user input). Values read as people read
them, through realize.report.formats: codes as their labels ("Cash-releasing", "Done
late"), money with the currency, rates as whole percentages, days as "31 Mar
2026", months as "Oct 2026", quantities in their unit; a value that cannot be
computed is an en dash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape, unescape

import pandas as pd

from realize.contract.schema import TCO_CATEGORIES
from realize.report import formats
from realize.report.charts import MILESTONE_STATE_COLORS, STATUS_COLORS
from realize.report.formats import MISSING, as_date, as_number, is_true, percent

# The status colours of the whole app (realize.report.charts), named by their status word.
STATUS_COLOURS: dict[str, str] = STATUS_COLORS

Row = Mapping[str, object]
_DARK, _DARK_LUMINANCE = "#1c1f23", 0.0135  # the text colour, and its relative luminance
# printed column widths, in `ch` of the print face: a person's name, a day ("30 Sep 2025")
_PERSON = 25
_DAY = 13.5

_CSS = """
:root { --green: GREEN; --amber: AMBER; --red: RED; --grey: #757575; --line: #d0d4d9; --soft: #f4f6f8;
  --muted: #4a5058; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1c1f23;
  line-height: 1.45; margin: 0 auto; padding: 1.5rem; max-width: 64rem; font-size: 15px; }
h1 { font-size: 1.6rem; margin: 0 0 0.25rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 0.5rem; padding-bottom: 0.2rem; border-bottom: 2px solid var(--line); }
p { margin: 0.3rem 0; }
.byline { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 1rem; margin: 0 0 0.8rem; }
.as-of { color: var(--muted); margin: 0; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 0.15rem 1.2rem;
  margin: 0; }
dl.facts div { display: flex; gap: 0.6rem; }
dl.facts dt { color: var(--muted); min-width: 5.2rem; }
dl.facts dd { margin: 0; }
.labels { display: flex; flex-wrap: wrap; gap: 0.4rem; }
.label { display: inline-block; padding: 0.1rem 0.55rem; border-radius: 0.8rem; font-size: 0.85em; font-weight: 600;
  white-space: nowrap; background: var(--grey); color: #fff; }
.label.green { background: var(--green); color: #fff; }
.label.amber { background: var(--amber); color: #1c1f23; }
.label.red { background: var(--red); color: #fff; }
.label.neutral { background: var(--soft); color: #1c1f23; border: 1px solid var(--line); }
.flag { display: block; font-size: 0.85em; font-weight: 600; color: var(--red); white-space: nowrap; }
.flag.quiet { color: var(--muted); font-weight: 400; }
.narrative { background: var(--soft); border-left: 4px solid #1c4e80; padding: 0.6rem 0.9rem; margin: 0.8rem 0; }
.narrative ul { margin: 0; padding-left: 1.1rem; }
dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 0.5rem;
  margin: 0.8rem 0; }
dl.figures div { border: 1px solid var(--line); border-radius: 0.3rem; padding: 0.35rem 0.6rem; }
dl.figures dt { font-size: 0.8em; color: var(--muted); }
dl.figures dd { margin: 0; font-size: 1.1em; font-weight: 600; font-variant-numeric: tabular-nums; }
table { width: 100%; border-collapse: collapse; margin: 0.4rem 0 0.8rem; font-size: 0.9em; }
th, td { text-align: left; padding: 0.25rem 0.45rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.text { overflow-wrap: anywhere; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
tfoot td { font-weight: 600; border-top: 2px solid var(--line); }
tfoot .note { font-weight: 400; }
.note, .under, .aside { color: var(--muted); font-size: 0.85em; }
td .note, .under { display: block; }
.empty { color: var(--muted); font-style: italic; }
.bar { display: block; width: 7rem; }
.bar span { display: block; height: 0.4rem; margin: 0.1rem 0; border-radius: 0.1rem; }
.bar .plan { background: #9aa5b1; }
.bar .forecast { background: #1c4e80; }
footer { margin-top: 1.5rem; color: var(--muted); font-size: 0.8em; }
@page { size: A4; margin: 8mm 9mm 9mm; }
@media print {
  /* a narrow face where there is one (Office, macOS, Linux), so a typical initiative's rows take one line */
  body { max-width: none; padding: 0; font-size: 7.2pt; line-height: 1.15;
    font-family: "Arial Narrow", "Liberation Sans Narrow", "Roboto Condensed", "DejaVu Sans Condensed",
      "Segoe UI", Helvetica, Arial, sans-serif; }
  h1 { font-size: 12.5pt; margin: 0; line-height: 1.2; }
  h2 { font-size: 8pt; margin: 1.8mm 0 0.6mm; padding-bottom: 0.2mm; border-bottom-width: 1px; }
  p { margin: 0.5mm 0; }
  .byline { margin: 0.4mm 0 0.8mm; gap: 1mm 4mm; }
  dl.facts { display: flex; flex-wrap: wrap; gap: 0.3mm 5mm; }
  dl.facts div { gap: 1.5mm; }
  dl.facts dt { min-width: 0; }
  .labels { gap: 1.5mm; }
  .label { padding: 0 1.6mm; font-size: 6.8pt; }
  .narrative { columns: 2; column-gap: 7mm; border-left-width: 2px; padding: 1.2mm 2.5mm; margin: 1.8mm 0 1.5mm; }
  .narrative ul { padding-left: 3.2mm; }
  dl.figures { grid-template-columns: repeat(8, minmax(0, 1fr)); gap: 1mm; margin: 1.5mm 0; }
  dl.figures div { padding: 0.6mm 1.4mm; border-radius: 1mm; }
  dl.figures dt { font-size: 6.2pt; line-height: 1.15; }
  dl.figures dd { font-size: 8.5pt; }
  table { margin: 0 0 0.8mm; font-size: 1em; }
  th, td { padding: 0.3mm 1.1mm; }
  th { line-height: 1.15; }
  .note, .under, .aside, .flag { font-size: 6.8pt; }
  /* fixed column widths: short values keep to one line, free text takes the rest and wraps */
  table { table-layout: fixed; }
  col { width: var(--print-width, auto); }
  td, td.num { white-space: normal; overflow-wrap: anywhere; }
  td.text .note, .flag { display: inline; }
  .flag { margin-left: 1mm; }
  td.text .note::before { content: " · "; }
  .bar { width: auto; max-width: 40mm; }
  .bar span { height: 1mm; margin: 0.3mm 0; }
  footer { margin-top: 2mm; font-size: 6.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; }
  tr, .figures div, .narrative li, footer { break-inside: avoid; page-break-inside: avoid; }
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
    """Free text as written (names, titles, outcomes), escaped."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return MISSING
    text = str(value).strip()
    return escape(text) if text else MISSING


def _worded(code: object) -> str:
    """A code as a person reads it: "cash_releasing" -> "Cash-releasing"."""
    return escape(formats.label(code)) if _text(code) != MISSING else MISSING


# realize.report.formats' readings, escaped for HTML: the formatting itself lives there, in one place


def _day(value: object) -> str:
    return escape(formats.day(value))


def _month(value: object) -> str:
    return escape(formats.month(value))


def _amount(value: object, currency: str) -> str:
    return escape(formats.money(as_number(value), currency))


def _quantity(value: object, unit: object, currency: str) -> str:
    return escape(formats.quantity(value, unit, currency))


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


def _label(colour: object, text: str) -> str:
    """A coloured status label; text is already escaped. Unknown colours are neutral."""
    css = colour if colour in STATUS_COLOURS else "neutral"
    return f'<span class="label {css}">{text}</span>'


def _painted(colour: str, text: str) -> str:
    """A label in any colour (#rrggbb), with dark or white text, whichever reads on it; text is escaped."""
    return f'<span class="label" style="background:{escape(colour)};color:{_ink(colour)}">{text}</span>'


def _ink(colour: str) -> str:
    """Dark or white text, whichever contrasts more with the background colour (#rrggbb; WCAG contrast)."""
    digits = colour.lstrip("#")
    if len(digits) != 6:
        return "#fff"
    channels = [int(digits[index : index + 2], 16) / 255 for index in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    against_white = 1.05 / (luminance + 0.05)
    against_dark = (luminance + 0.05) / (_DARK_LUMINANCE + 0.05)
    return _DARK if against_dark > against_white else "#fff"


def _note(text: str) -> str:
    """Small grey words about a cell's main text: under it on screen, after it in print; text is escaped."""
    return f'<span class="note">{text}</span>'


# --- building blocks --------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A table column: its header; its printed width in `ch` of the print face (None: it takes the width the
    others leave); whether it holds numbers (right-aligned) or free text (names, outcomes: wraps anywhere)."""

    header: str
    width: float | None = None
    numeric: bool = False
    free_text: bool = False

    @property
    def kind(self) -> str:
        return "num" if self.numeric else "text" if self.free_text or self.width is None else ""


def _table(columns: Sequence[Column], rows: Iterable[Sequence[str]], totals: Sequence[Sequence[str]] = ()) -> str:
    """A table of escaped cells, totals as footer rows. Printed with fixed column widths, so short values keep
    to one line, names wrap in what is left, and no table is wider than the page."""

    def cells(values: Sequence[str], tag: str) -> str:
        return "".join(
            f'<{tag} class="{column.kind}">{value}</{tag}>' if column.kind else f"<{tag}>{value}</{tag}>"
            for column, value in zip(columns, values, strict=True)
        )

    widths = "".join(
        f'<col style="--print-width: {column.width}ch">' if column.width else "<col>" for column in columns
    )
    head = f"<thead><tr>{cells([escape(column.header) for column in columns], 'th')}</tr></thead>"
    body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in rows)
    foot = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in totals)
    return (
        f"<table><colgroup>{widths}</colgroup>{head}<tbody>{body}</tbody>"
        f"{f'<tfoot>{foot}</tfoot>' if foot else ''}</table>"
    )


def _section(title: str, *parts: str) -> str:
    return f"<section><h2>{escape(title)}</h2>{''.join(parts)}</section>"


def _empty(message: str) -> str:
    return f'<p class="empty">{escape(message)}</p>'


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
    known_on: dt.date | None = None,
) -> str:
    """The brief of one initiative as one self-contained HTML document (A4 print-ready); `known_on`: the day the
    data is shown as known at the end of (None: as it is now)."""
    initiative_id = summary.get("initiative_id")
    title = f"Initiative brief: {_plain(initiative_id)} {_plain(summary.get('initiative_name'))}".strip()
    body = "".join(
        (
            f"<header><h1>{escape(title)}</h1>",
            f'<div class="byline"><p class="as-of">As of {_day(as_of)}{_known(known_on)} · amounts in '
            f"{escape(currency)}</p>",
            f"{_status_labels(summary)}</div>",
            _facts(summary, currency),
            "</header>",
            _narrative(narrative),
            _key_figures(summary, currency),
            _benefits_section(summary, _records(benefits, initiative_id), currency),
            _costs_section(summary, _records(tco, initiative_id), currency),
            _milestones_section(_records(milestones, initiative_id)),
            _kpis_section(_records(kpis, initiative_id), currency),
            _actions_section(_records(actions, initiative_id)),
            _footer(as_of, known_on),
        )
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _plain(value: object) -> str:
    """Unescaped text for a title (escaped once, where it is written)."""
    text = _text(value)
    return "" if text == MISSING else unescape(text)


def _facts(summary: Row, currency: str) -> str:
    start, end = _day(summary.get("start_date")), _day(summary.get("end_date"))
    facts = (
        ("Owner", _text(summary.get("owner"))),
        ("Sponsor", _text(summary.get("sponsor"))),
        ("Portfolio", _text(summary.get("portfolio"))),
        ("Status", _worded(summary.get("status"))),
        ("Objective", _text(summary.get("objective"))),
        ("Planned", MISSING if start == end == MISSING else f"{start} to {end}"),
        ("Budget", _amount(summary.get("budget"), currency)),
    )
    items = "".join(f"<div><dt>{name}</dt><dd>{value}</dd></div>" for name, value in facts)
    return f'<dl class="facts">{items}</dl>'


def _status_labels(summary: Row) -> str:
    labels = (
        ("realization_status", f"Benefits realized: {percent(summary.get('realization_rate'))}"),
        ("cost_status", f"Cost against plan to date: {_signed_percent(summary.get('variance_rate'))}"),
        ("delivery_status", f"Delivery on time: {percent(summary.get('on_time_rate'))}"),
    )
    spans = "".join(_label(summary.get(column), escape(text)) for column, text in labels)
    return f'<div class="labels">{spans}</div>'


def _narrative(sentences: list[str]) -> str:
    if not sentences:
        return ""
    items = "".join(f"<li>{escape(sentence)}</li>" for sentence in sentences)
    return f'<div class="narrative"><ul>{items}</ul></div>'


def _key_figures(summary: Row, currency: str) -> str:
    figures = (
        # net of dis-benefits, said so: the realization rate beside them leaves dis-benefits out
        ("Net benefits realized to date", _amount(summary.get("realized_value_to_date"), currency)),
        ("Net benefits planned to date", _amount(summary.get("planned_value_to_date"), currency)),
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
    columns = (
        Column("Benefit"),
        Column("Planned to date", 13, numeric=True),
        Column("Realized to date", 13, numeric=True),
        Column("Realization", 11.5, numeric=True),
        Column("Value planned to date", 14, numeric=True),
        Column("Value realized to date", 14, numeric=True),
        Column("Unmeasured months", 12, numeric=True),
    )
    total = (
        "Total of monetized benefits"
        + _note("the realization rate leaves dis-benefits out; the values include them, negative"),
        "",
        "",
        percent(summary.get("realization_rate")),
        _amount(summary.get("planned_value_to_date"), currency),
        _amount(summary.get("realized_value_to_date"), currency),
        str(round(as_number(summary.get("unmeasured_periods")) or 0)),
    )
    return _section("Benefits", _table(columns, [_benefit_row(row, currency) for row in rows], [total]))


def _benefit_row(row: Row, currency: str) -> list[str]:
    level = row.get("measure") == "level"
    measured = row.get("type") != "qualitative"
    name = _text(row.get("benefit_name"))
    if is_true(row.get("disbenefit")):
        name += ' <span class="label neutral">Dis-benefit</span>'
    note = f"{_text(row.get('owner'))} · {_worded(row.get('type'))}"
    if level:
        unit = row.get("unit")
        note += f", level from {_quantity(row.get('baseline'), unit, currency)}"
        note += f" to {_quantity(row.get('target'), unit, currency)}"
    planned = row.get("planned_level") if level else row.get("planned_to_date")
    realized = row.get("latest_realized") if level else row.get("realized_to_date")
    unmeasured = formats.number(row.get("unmeasured_periods")) if measured and not level else MISSING
    return [
        name + _note(note),
        _quantity(planned, row.get("unit"), currency) if measured else MISSING,
        _quantity(realized, row.get("unit"), currency) if measured else MISSING,
        percent(row.get("realization_rate")),
        _amount(row.get("planned_value_to_date"), currency),
        _amount(row.get("realized_value_to_date"), currency),
        unmeasured,
    ]


_COST_SUMS = ("planned", "planned_to_date", "actual_to_date", "tco_forecast")
_COST_HEADERS = (
    "Planned (TCO)",
    "Planned to date",
    "Actual to date",
    "Forecast (TCO)",
    "Forecast capex",
    "Forecast opex",
)


def _cost_sums(rows: list[dict], keys: Sequence[str]) -> pd.DataFrame:
    """TCO rows summed over fiscal years by these keys."""
    frame = pd.DataFrame(rows)
    for column in _COST_SUMS:
        frame[column] = pd.to_numeric(frame.get(column), errors="coerce").fillna(0.0)
    return frame.groupby(list(keys), dropna=False)[list(_COST_SUMS)].sum().reset_index()


def _costs_section(summary: Row, rows: list[dict], currency: str) -> str:
    if not rows:
        return _section("Costs", _empty("No costs are recorded for this initiative."))
    by_category = _by_category(rows)
    scale = max(float(by_category["planned"].max()), float(by_category["tco_forecast"].max()), 1.0)
    forecast = float(by_category["tco_forecast"].sum())
    columns = (
        Column("Category", 16),
        *(Column(header, 13, numeric=True) for header in _COST_HEADERS),
        Column("Share of forecast", 10, numeric=True),
        Column("Planned and forecast"),
    )
    body = [_cost_row(row, currency, forecast, scale) for row in by_category.to_dict("records")]
    total = by_category.drop(columns="category").sum().to_dict()
    return _section(
        "Costs",
        _table(columns, body, [_cost_row({"category": "Total", **total}, currency, forecast)]),
        _cost_notes(summary),
    )


def _by_category(rows: list[dict]) -> pd.DataFrame:
    """The TCO summed over fiscal years by category, the forecast split into capex and opex; in TCO order."""
    by_category = _cost_sums(rows, ("category",))
    by_nature = _cost_sums(rows, ("category", "nature"))
    for nature in ("capex", "opex"):
        forecast = by_nature[by_nature["nature"] == nature].set_index("category")["tco_forecast"]
        by_category[f"forecast_{nature}"] = by_category["category"].map(forecast).fillna(0.0)
    order = by_category["category"].map(
        lambda name: TCO_CATEGORIES.index(name) if name in TCO_CATEGORIES else len(TCO_CATEGORIES)
    )
    return by_category.assign(order=order).sort_values(["order", "category"]).drop(columns="order")


def _cost_row(row: Row, currency: str, forecast_total: float, scale: float | None = None) -> list[str]:
    """One category's costs (or the total's: no bar, scale None)."""
    category = row.get("category")
    share = (as_number(row.get("tco_forecast")) or 0.0) / forecast_total if forecast_total else None
    return [
        _worded(category) if category != "Total" else "Total",
        *(_amount(row.get(column), currency) for column in (*_COST_SUMS, "forecast_capex", "forecast_opex")),
        percent(share),
        _bar(row, scale) if scale else "",
    ]


def _bar(row: Row, scale: float) -> str:
    planned, forecast = (_width(row.get(column), scale) for column in ("planned", "tco_forecast"))
    return (
        f'<span class="bar" title="planned and forecast"><span class="plan" style="width:{planned}%"></span>'
        f'<span class="forecast" style="width:{forecast}%"></span></span>'
    )


def _width(value: object, scale: float) -> str:
    """A bar's width in percent of the scale, 0 to 100."""
    share = (as_number(value) or 0.0) / scale if scale else 0.0
    return f"{100 * min(max(share, 0.0), 1.0):.1f}"


def _cost_notes(summary: Row) -> str:
    notes = [
        "TCO by category over all fiscal years; the forecast is actual to date plus plan after.",
        f"Run cost (operating and renewal) is {percent(summary.get('run_cost_share'))} of the forecast TCO.",
    ]
    if is_true(summary.get("exit_cost_missing")):
        notes.append("No exit cost is planned: the TCO may be incomplete.")
    return f'<p class="note">{escape(" ".join(notes))}</p>'


def _milestones_section(rows: list[dict]) -> str:
    if not rows:
        return _section("Milestones", _empty("No milestones are recorded for this initiative."))
    columns = (
        Column("Milestone"),
        Column("Owner", _PERSON),
        *(Column(header, _DAY, numeric=True) for header in ("Baseline", "Forecast", "Actual")),
        Column("State", 15),
        Column("Slip (days)", 11, numeric=True),
    )
    body = [
        [
            _text(row.get("milestone_name")),
            _text(row.get("owner")),
            _day(row.get("baseline_date")),
            _day(row.get("forecast_date")),
            _day(row.get("actual_date")),
            _milestone_state(row.get("state")),
            _days(row.get("slip_days")),
        ]
        for row in rows
    ]
    return _section("Milestones", _table(columns, body))


def _milestone_state(state: object) -> str:
    """The state in words, in the colour the timeline gives it (realize.report.charts)."""
    words = _worded(state)
    colour = MILESTONE_STATE_COLORS.get(str(state))
    return _painted(colour, words) if colour else words


def _kpis_section(rows: list[dict], currency: str) -> str:
    if not rows:
        return _section("KPIs", _empty("No KPIs are linked to this initiative."))
    columns = (
        Column("KPI"),
        Column("Owner", _PERSON),
        Column("Latest (month)", 23, numeric=True),
        Column("Target (threshold)", 23, numeric=True),
        Column("Status", 18),
        Column("Trend", 11),
    )
    body = [_kpi_row(row, currency) for row in rows]
    return _section("KPIs", _table(columns, body))


def _kpi_row(row: Row, currency: str) -> list[str]:
    unit = row.get("unit")
    about = " · ".join(
        words for words in (_worded(row.get("perspective")), _worded(row.get("direction"))) if words != MISSING
    )
    return [
        _text(row.get("kpi_name")) + (_note(about) if about else ""),
        _text(row.get("owner")),
        _aside(_quantity(row.get("latest_value"), unit, currency), _month(row.get("latest_period"))),
        _aside(_quantity(row.get("target"), unit, currency), _quantity(row.get("threshold"), unit, currency)),
        _kpi_status(row),
        _worded(row.get("trend")),
    ]


def _aside(value: str, aside: str) -> str:
    """ "85% (78%)": a value and, in brackets, what goes with it when there is something."""
    return value if aside == MISSING else f'{value} <span class="aside">({aside})</span>'


def _kpi_status(row: Row) -> str:
    """The status label, then what needs attention: no recent value, red with no open action."""
    status = row.get("status")
    shown = _label(status, _worded(status)) if _text(status) != MISSING else MISSING
    if is_true(row.get("stale")):
        shown += '<span class="flag quiet">Stale</span>'
    if is_true(row.get("unmanaged")):
        shown += '<span class="flag">No action</span>'
    return shown


def _action_order(row: Row) -> tuple[int, int, str]:
    """Overdue first, then open, then the rest; each by due date."""
    overdue = is_true(row.get("overdue"))
    due = as_date(row.get("due_date"))
    return (0 if overdue else 1, 0 if row.get("status") == "open" else 1, due.isoformat() if due else "9999")


def _actions_section(rows: list[dict]) -> str:
    if not rows:
        return _section("Actions", _empty("No review actions are recorded for this initiative."))
    columns = (
        Column("Action"),
        Column("Owner", _PERSON),
        Column("Due", _DAY, numeric=True),
        Column("Status", 20),
        Column("Outcome", 48, free_text=True),
    )
    body = [_action_row(row) for row in sorted(rows, key=_action_order)]
    return _section("Actions", _table(columns, body))


def _action_row(row: Row) -> list[str]:
    return [
        _text(row.get("title")) + _responds_to(row),
        _text(row.get("owner")),
        _day(row.get("due_date")),
        _action_status(row) + _closed(row),
        _text(row.get("outcome")),
    ]


def _closed(row: Row) -> str:
    closed = _day(row.get("closed_on"))
    return "" if closed == MISSING else f'<span class="under">Closed {closed}</span>'


def _responds_to(row: Row) -> str:
    """What the action responds to, when it is a KPI or a benefit rather than the initiative as a whole."""
    linked = [
        f"{kind} {_text(row.get(name))}"
        for kind, name in (("KPI", "kpi_name"), ("benefit", "benefit_name"))
        if _text(row.get(name)) != MISSING
    ]
    return _note("On " + " and ".join(linked)) if linked else ""


def _action_status(row: Row) -> str:
    status = str(row.get("status") or "")
    if is_true(row.get("overdue")):
        days = as_number(row.get("days_overdue"))
        late = f", {round(days)} days" if days is not None else ""
        return _label("red", f"Overdue{late}")
    if status == "done":
        on_time = is_true(row.get("done_on_time"))
        return _label("green", "Done") if on_time else _label("amber", _worded("done_late"))
    return _label("neutral", _worded(status))


def _known(known_on: dt.date | None) -> str:
    return "" if known_on is None else f" · data as known on {_day(known_on)}"


def _footer(as_of: dt.date, known_on: dt.date | None = None) -> str:
    data = "the current data" if known_on is None else f"the data as known on {_day(known_on)}"
    return (
        f"<footer>Generated by Realize from {data} as of {_day(as_of)}. "
        f"{MISSING} = not computable or not recorded. Rates are shares of plan.</footer>"
    )
