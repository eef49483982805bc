"""Formatting for people, in one place: money, percentages, months, quantities in their unit, codes as words.

Pure functions (no Streamlit). A value that cannot be computed reads as an en dash, never "nan" or "None".
Pages, the brief, the narrative, the charts and the downloads meant for people all format through here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import pandas as pd

from realize.contract import catalog, schema

MISSING = "–"  # an en dash: what a value that cannot be computed looks like

CURRENCY_SYMBOLS: dict[str, str] = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_COMPACT_UNITS = ((1e9, "B"), (1e6, "M"), (1e3, "K"))


def as_number(value: object) -> float | None:
    """A finite float, or None for anything missing or not a number (None, NaN, NA, NaT, inf, text)."""
    if value is None or isinstance(value, bool | str):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def as_date(value: object) -> dt.date | None:
    """A date from a date, datetime, Timestamp or ISO text; None when missing."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, dt.datetime):
        return None if pd.isna(value) else value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def money(value: float | None, currency: str, compact: bool = False) -> str:
    """Money in the reporting currency: "$1,234,567", compact "$1.2M"; "CHF 1,234" without a symbol.

    A missing value is an en dash. Negative amounts read "-$1.2M" and "CHF -1,234".
    """
    number = as_number(value)
    if number is None:
        return MISSING
    digits = _compact(abs(number)) if compact else f"{abs(number):,.0f}"
    negative = number < 0 and digits.strip("0.,KMB") != ""
    sign = "-" if negative else ""
    code = (currency or "").strip().upper()
    symbol = CURRENCY_SYMBOLS.get(code)
    if symbol:
        return f"{sign}{symbol}{digits}"
    return f"{code} {sign}{digits}" if code else f"{sign}{digits}"


def _compact(amount: float) -> str:
    """1234567 -> "1.2M", 585000 -> "585K", 44600 -> "44.6K", 950 -> "950"."""
    for index, (size, suffix) in enumerate(_COMPACT_UNITS):
        if amount < size:
            continue
        scaled = amount / size
        text = f"{scaled:.1f}" if scaled < 100 else f"{scaled:.0f}"
        if float(text) >= 1000 and index > 0:  # 999,950 rounds to 1000K: say 1M
            bigger_size, bigger_suffix = _COMPACT_UNITS[index - 1]
            return _trim(f"{amount / bigger_size:.1f}") + bigger_suffix
        return _trim(text) + suffix
    return f"{amount:,.0f}"


def _trim(text: str) -> str:
    return text[:-2] if text.endswith(".0") else text


def percent(value: float | None) -> str:
    """A fraction as a whole percentage: 0.62 -> "62%"; missing -> an en dash."""
    number = as_number(value)
    if number is None:
        return MISSING
    return f"{round(number * 100)}%"


def month_name(value: object) -> str:
    """ "March 2028" for a date in that month; an en dash when missing."""
    day = as_date(value)
    return f"{_MONTHS[day.month - 1]} {day.year}" if day else MISSING


def is_true(value: object) -> bool:
    """True only for a real true value (True, numpy True, 1); missing is false."""
    number = as_number(value) if not isinstance(value, bool) else float(value)
    return number == 1


def month(value: object) -> str:
    """ "Oct 2026" for any day in that month; an en dash when missing."""
    day = as_date(value)
    return f"{_MONTHS[day.month - 1][:3]} {day.year}" if day else MISSING


def day(value: object) -> str:
    """ "31 Mar 2026"; an en dash when missing."""
    date = as_date(value)
    return f"{date.day} {_MONTHS[date.month - 1][:3]} {date.year}" if date else MISSING


def number(value: object) -> str:
    """A quantity without a unit: "19,200", "2.5", "0.75"; an en dash when missing."""
    amount = as_number(value)
    if amount is None:
        return MISSING
    return f"{amount:,.2f}".rstrip("0").rstrip(".")


def quantity(value: object, unit: object, currency: str) -> str:
    """A measured value in its own unit: "19,200 hours", "99.5%", "$19,200" when the unit is the currency.

    Money under 1,000 that is not whole keeps its cents: a KPI's cost per contact reads "$4.20" against a
    target of "$4.50", not "$4" against "$5".
    """
    amount = as_number(value)
    if amount is None:
        return MISSING
    unit_text = str(unit).strip() if isinstance(unit, str) else ""
    if unit_text.upper() == (currency or "").strip().upper() and unit_text:
        if abs(amount) < 1000 and amount != round(amount):
            return _cents(amount, unit_text.upper())
        return money(amount, currency)
    if unit_text == "%":
        return f"{number(amount)}%"
    return f"{number(amount)} {unit_text}".strip()


def _cents(amount: float, code: str) -> str:
    digits = f"{abs(amount):,.2f}"
    sign = "-" if amount < 0 else ""
    symbol = CURRENCY_SYMBOLS.get(code)
    return f"{sign}{symbol}{digits}" if symbol else f"{code} {sign}{digits}"


def label(code: object) -> str:
    """A code as words: "cash_releasing" -> "Cash-releasing"; an en dash when missing."""
    if code is None or (not isinstance(code, str) and pd.isna(code)):  # type: ignore[call-overload]
        return MISSING
    return schema.choice_label(str(code))


def worded(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every code column's codes replaced by their words (free text left as written)."""
    coded = catalog.coded_columns()
    changed = frame.copy()
    for name in frame.columns:
        codes = coded.get(name)
        if codes is None or (frame[name].dtype.kind not in "OSUT" and str(frame[name].dtype) != "string"):
            continue
        changed[name] = frame[name].map(_words_for(codes))
    return changed


def _words_for(codes: frozenset[str]) -> Callable[[object], object]:
    words = {code: schema.choice_label(code) for code in codes}
    return lambda value: words.get(value, value) if isinstance(value, str) else value


def header(name: str) -> str:
    """A column name as a header: 'realized_value_to_date' -> 'Realized value to date', 'kpis_red' -> 'KPIs red'."""
    text = name.replace("_", " ")
    for word, shown in (("roi", "ROI"), ("npv", "NPV"), ("tco", "TCO"), ("kpi", "KPI"), ("kpis", "KPIs"), ("id", "ID")):
        text = " ".join(shown if part == word else part for part in text.split(" "))
    return text[:1].upper() + text[1:]


# Excel number formats of the workbooks written for people: the readings above, kept by the cells as numbers.
EXCEL_PERCENT = "0%"  # a fraction, whole percentages: 0.62 -> 62%
EXCEL_POINTS = '0"%"'  # a number that already counts percent points: 100 -> 100%
EXCEL_MONTH = "mmm yyyy"  # Oct 2026
EXCEL_DAY = "d mmm yyyy"  # 31 Mar 2026
EXCEL_COUNT = "#,##0"
EXCEL_YEAR = "0"  # 2026, not 2,026
YES, NO = "Yes", "No"


def excel_money(currency: str) -> str:
    """Whole amounts in the reporting currency, negatives red: '"$"#,##0;[Red]-"$"#,##0', '"CHF "#,##0;...'.

    Reads as `money` does: the symbol before the digits, else the code and a space.
    """
    code = _excel_literal((currency or "").strip().upper())
    symbol = CURRENCY_SYMBOLS.get(code)
    if symbol:
        return f'"{symbol}"#,##0;[Red]-"{symbol}"#,##0'
    if code:
        return f'"{code} "#,##0;[Red]"{code} "-#,##0'
    return "#,##0;[Red]-#,##0"


def excel_number(value: object) -> str:
    """A quantity without a unit: whole numbers with separators, otherwise up to two decimals."""
    amount = as_number(value)
    return EXCEL_COUNT if amount is None or amount == round(amount) else "#,##0.0#"


def excel_quantity(value: object, unit: object, currency: str) -> str:
    """A measured value in its own unit, as `quantity` reads it: '#,##0" hours"', '0.0#"%"', money in the currency."""
    unit_text = _excel_literal(str(unit).strip()) if isinstance(unit, str) else ""
    if unit_text and unit_text.upper() == (currency or "").strip().upper():
        return excel_money(currency)
    digits = excel_number(value)
    if not unit_text:
        return digits
    return f'{digits}"{unit_text}"' if unit_text == "%" else f'{digits}" {unit_text}"'


def _excel_literal(text: str) -> str:
    """Text that can sit inside an Excel format's quotes (no quote or backslash breaks out of them)."""
    return text.replace('"', "").replace("\\", "")[:40]


def yes_no(value: object) -> str | None:
    """True -> 'Yes', False -> 'No', missing -> None."""
    if value is None or (not isinstance(value, bool) and pd.isna(value)):  # type: ignore[call-overload]
        return None
    return YES if bool(value) else NO


_MARKDOWN_SPECIALS = str.maketrans({character: "\\" + character for character in "\\`*_{}[]<>()#+-.!|~$:"})


def markdown_text(text: object) -> str:
    """Text from a file or a user, to show as itself in Markdown: no emphasis, link, emoji or formula in it acts."""
    return "" if text is None else str(text).translate(_MARKDOWN_SPECIALS)


def count_of(number: int, noun: str) -> str:
    """'1 row', '2 rows', '1,200 rows'."""
    return f"{number:,} {noun}" + ("" if number == 1 else "s")
