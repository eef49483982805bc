"""Cell values as people type them -> typed columns, vectorised (SPEC section 2; real-world spreadsheets).

Every parser takes a column of text cells (missing = NA) and returns the typed
values, which cells could not be read, and a note when something was guessed
(a decimal comma, the order of day and month) so ingest can warn about it.
Columns repeat themselves, so slow per-value parsing runs once per distinct
value; clean numbers take a fast path in Arrow.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from realize.contract import schema
from realize.contract.schema import Column

DateOrder = Literal["day_first", "month_first"]


@dataclass(frozen=True)
class ReadingContext:
    """What is known about the file a column comes from."""

    date_order: DateOrder = "day_first"  # for text dates like 03/04/2025 (Settings)
    date1904: bool = False  # the workbook counts days from 1904 (old Mac Excel)
    from_csv: bool = False  # every cell is text, numbers included
    decimal_comma: bool = False  # a semicolon-separated CSV: European numbers likely
    fiscal_year_start: int = 1  # for fiscal periods such as 001/2026 (Settings: the month a fiscal year starts)


@dataclass(frozen=True)
class Parsed:
    values: pd.Series
    bad: pd.Series  # True where a cell holds something that is not of the column's type
    note: str | None = None  # what was guessed, for a warning


# --------------------------------------------------------------------------- numbers

_CURRENCY = re.compile(r"[$€£¥₹]|\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK)\b", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f']")
# 1.234,56  1.234.567  1234,5  (a comma followed by one or two digits is a decimal comma)
_EUROPEAN = re.compile(r"^[-(]?\d{1,3}(\.\d{3})+(,\d+)?\)?%?$|^[-(]?\d+,\d{1,2}\)?%?$")
# 1,234.56  1,234,567.8
_ENGLISH = re.compile(r"^[-(]?\d{1,3}(,\d{3})+\.\d+\)?%?$|^[-(]?\d+\.\d+\)?%?$")


def _strip_money(text: str) -> str:
    return _SPACES.sub("", _CURRENCY.sub("", text)).replace("\u2212", "-")


def clean_number(text: str, decimal_comma: bool = False) -> float:
    """'$1,200' -> 1200, '(1,200)' -> -1200, '12%' -> 12 (percent points), '1.234,5' -> 1234.5 with a
    decimal comma; NaN if not a number."""
    cleaned = _strip_money(text).removesuffix("%")
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1]
    cleaned = cleaned.replace(".", "").replace(",", ".") if decimal_comma else cleaned.replace(",", "")
    try:
        number = float(cleaned)
    except ValueError:
        return np.nan
    if not np.isfinite(number):
        return np.nan
    return -number if negative else number


def _decimal_comma(texts: Iterable[str], hinted: bool) -> bool:
    """Whether these number texts use a decimal comma: by their shape, else the file's hint."""
    shapes = [_strip_money(text) for text in texts]
    european = any(_EUROPEAN.match(text) for text in shapes)
    english = any(_ENGLISH.match(text) and "," in text for text in shapes)
    if european != english:
        return european
    return hinted and not english


def parse_number(cells: pd.Series, column: Column, context: ReadingContext) -> Parsed:
    try:  # fast path: every cell is a plain number (Excel numbers always are)
        parsed = pc.cast(pa.array(cells.array), pa.float64()).to_numpy(zero_copy_only=False)
        numbers = pd.Series(parsed, index=cells.index, dtype="float64")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        numbers = pd.to_numeric(cells, errors="coerce").astype("float64")
    numbers = numbers.where(np.isfinite(numbers))
    retry = numbers.isna() & cells.notna()
    note = None
    if retry.any():
        comma = _decimal_comma(cells[retry].unique(), context.decimal_comma)
        if comma and context.from_csv:
            # in a CSV every number is text: with decimal commas "1.234" is one thousand two hundred and
            # thirty-four, though it passed for 1.234 above
            retry |= cells.str.contains(".", regex=False).fillna(False).astype(bool)
        numbers[retry] = _map_unique(cells[retry], lambda text: clean_number(text, comma), "float64", np.nan)
        if comma and numbers[retry].notna().any():
            note = f"Numbers in {column.name} were read with a decimal comma (1.234,56 = 1234.56)."
    return Parsed(numbers, numbers.isna() & cells.notna(), note)


# --------------------------------------------------------------------------- dates

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$")
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
EXCEL_EPOCH_1904 = pd.Timestamp("1904-01-01")
# A bare number in a date column is an Excel serial date only between 1950 and 2100:
# outside that it is more likely a year or a typo.
FIRST_DAY, LAST_DAY = pd.Timestamp("1950-01-01"), pd.Timestamp("2100-01-01")
NOT_A_DAY = np.datetime64("NaT")
# Dates written out in full are taken between these; beyond them they are typos.
EARLIEST, LATEST = pd.Timestamp("1900-01-01"), pd.Timestamp("2200-01-01")
_MONTH_FORMATS = ("%b %Y", "%B %Y", "%b-%Y", "%B-%Y", "%b-%y", "%b %y", "%b%y", "%Y/%m", "%m/%Y", "%m-%Y", "%Y.%m")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
# what tools add to a date: a time of day ('15/May/26 9:42 AM'), a weekday ('Fri, 15 May 2026')
_TIME_OF_DAY = re.compile(r"[ T,]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([AaPp]\.?[Mm]\.?)?$")
# a flag a scheduling tool writes after a date: Primavera's 'A' (actual) and '*' (constrained)
_FLAG = re.compile(r"\s+[A*]$")
_WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?[,\s]+", re.IGNORECASE)
_DAY_FORMATS = (
    "%d/%b/%y",
    "%d/%b/%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%d %b %y",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%d-%B-%Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%Y/%m/%d",
)
_MONTH_NAME = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.IGNORECASE)
_DIGITS_APART = re.compile(r"\d{1,4}[/.\-]\d{1,4}([/.\-]\d{1,4})?")
# a fiscal period as accounting systems write it: period 001 to 012, then the fiscal year (001/2026)
FISCAL_PERIOD = re.compile(r"^(?:(\d{3})[/.](\d{4})|(\d{4})[/.](\d{3}))$")


def _serial_day(text: str, date1904: bool) -> np.datetime64:
    epoch = EXCEL_EPOCH_1904 if date1904 else EXCEL_EPOCH
    serial = float(text)
    if not (FIRST_DAY - epoch).days <= serial < (LAST_DAY - epoch).days:
        return NOT_A_DAY
    return (epoch + pd.Timedelta(days=int(serial))).to_datetime64()


def _numeric_day(match: re.Match[str], day_first: bool) -> np.datetime64:
    first, second, year = (int(part) for part in match.groups())
    year += 2000 if year < 100 else 0
    day, month = (first, second) if day_first else (second, first)
    try:
        stamp = pd.Timestamp(year=year, month=month, day=day)
    except ValueError:
        return NOT_A_DAY
    return stamp.to_datetime64() if EARLIEST <= stamp < LATEST else NOT_A_DAY


@lru_cache(maxsize=65_536)
def parse_day_text(text: str, day_first: bool = True, date1904: bool = False) -> np.datetime64:
    """One distinct date text -> a day, or NaT (kept: the same texts come back in sample after sample)."""
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _serial_day(text, date1904)
    if _ISO_DAY.match(text):  # what Excel dates read as: the common case, without pandas
        try:
            day = pd.Timestamp(dt.date.fromisoformat(text[:10]))
        except ValueError:
            return NOT_A_DAY
        return day.to_datetime64() if EARLIEST <= day < LATEST else NOT_A_DAY
    bare = _WEEKDAY.sub("", _TIME_OF_DAY.sub("", _FLAG.sub("", text))).strip()
    numeric = _NUMERIC_DATE.match(bare)
    if numeric:
        return _numeric_day(numeric, day_first)
    stamp = pd.to_datetime(text, format="ISO8601", errors="coerce")
    if pd.isna(stamp) and not (_MONTH_NAME.search(bare) or _DIGITS_APART.fullmatch(bare)):
        return NOT_A_DAY  # every format below needs a month's name, or numbers between separators
    for pattern in (*_DAY_FORMATS, *_MONTH_FORMATS):
        if not pd.isna(stamp):
            break
        stamp = pd.to_datetime(bare, format=pattern, errors="coerce")
    if pd.isna(stamp):
        return NOT_A_DAY
    day = pd.Timestamp(stamp)
    day = (day.tz_localize(None) if day.tzinfo else day).normalize()
    return day.to_datetime64() if EARLIEST <= day < LATEST else NOT_A_DAY


def _day_first(texts: Iterable[str], context: ReadingContext) -> tuple[bool, str | None]:
    """Day or month first for the numeric dates of one column: by the dates themselves, else the settings."""
    firsts, seconds = [], []
    for text in texts:
        match = _NUMERIC_DATE.match(_TIME_OF_DAY.sub("", str(text)).strip())
        if match:
            firsts.append(int(match.group(1)))
            seconds.append(int(match.group(2)))
    if not firsts:
        return context.date_order == "day_first", None
    day_first_seen, month_first_seen = max(firsts) > 12, max(seconds) > 12
    if day_first_seen != month_first_seen:
        return day_first_seen, None
    day_first = context.date_order == "day_first"
    if day_first_seen:  # both: the settings decide, the others are reported as not dates
        return day_first, None
    read = "day first (03/04/2025 = 3 April 2025)" if day_first else "month first (03/04/2025 = 4 March 2025)"
    other = "month" if day_first else "day"
    return day_first, f"{read}, as set in Settings; change the date order there if they are {other} first"


def parse_date(cells: pd.Series, column: Column, context: ReadingContext) -> Parsed:
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    texts = pd.Series(uniques, dtype="string")
    day_first, guess = _day_first(texts, context)
    # Excel dates and ISO text, nearly always all of them, in one vectorised pass; the rest one by one
    iso = texts.str.match(_ISO_DAY.pattern).fillna(False).astype(bool)
    parsed = pd.to_datetime(texts.where(iso).str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    parsed = parsed.where((parsed >= EARLIEST) & (parsed < LATEST))
    days = parsed.to_numpy(dtype="datetime64[s]").copy()
    fiscal = 0
    for position in np.flatnonzero(~iso.to_numpy()):
        text = str(texts.iloc[position])
        period = FISCAL_PERIOD.match(text) if column.kind == "month" else None
        if period:
            days[position] = fiscal_month(period, context.fiscal_year_start)
            fiscal += 1
        else:
            days[position] = parse_day_text(text, day_first, context.date1904)
    if column.kind == "month":
        days = days.astype("datetime64[M]").astype("datetime64[s]")
    values = pd.Series(np.append(days, NOT_A_DAY)[codes], index=cells.index)
    note = f"Dates in {column.name} were read {guess}." if guess else None
    if fiscal:
        start = pd.Timestamp(2000, context.fiscal_year_start, 1)
        note = (
            f"Periods in {column.name} such as {texts[~iso].iloc[0]} were read as fiscal periods of fiscal years "
            f"starting in {start:%B} (period 001 is {start:%B}), as set in Settings."
        )
    return Parsed(values, values.isna() & cells.notna(), note)


def fiscal_month(period: re.Match[str], fiscal_year_start: int) -> np.datetime64:
    """Period p of fiscal year Y -> its month; a fiscal year is named by the calendar year it ends in (SPEC 4)."""
    number = int(period.group(1) or period.group(4))
    year = int(period.group(2) or period.group(3))
    if not 1 <= number <= 12:
        return NOT_A_DAY  # 013 to 016 are closing periods, not months
    months_in = fiscal_year_start - 1 + number - 1
    first_year = year if fiscal_year_start == 1 else year - 1
    return pd.Timestamp(first_year + months_in // 12, months_in % 12 + 1, 1).to_datetime64()


def month_of_header(text: str, context: ReadingContext) -> pd.Timestamp | None:
    """A column header naming a month (Jan-25, 2025-01, 01/2025, a real date), as its first day."""
    day = parse_day_text(str(text).strip(), context.date_order == "day_first", context.date1904)
    if np.isnat(day):
        return None
    return pd.Timestamp(day).to_period("M").to_timestamp()


# --------------------------------------------------------------------------- cells that say there is no value


def placeholders(cells: pd.Series) -> pd.Series:
    """Cells that say there is no value ('NA', 'n/a', 'TBC', '-'): True where so."""
    folded = cells.str.strip().str.casefold()
    return folded.isin(list(schema.EMPTY_WORDS)).fillna(False).astype(bool)


# --------------------------------------------------------------------------- text, yes/no, choices

_TRUE = {"yes", "y", "true", "t", "1", "x", "1.0"}
_FALSE = {"no", "n", "false", "f", "0", "0.0"}


def _parse_bool_text(text: str) -> object:
    folded = text.casefold()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    return None


def parse_text(cells: pd.Series, column: Column, context: ReadingContext) -> Parsed:
    return Parsed(cells, pd.Series(False, index=cells.index))


def parse_bool(cells: pd.Series, column: Column, context: ReadingContext) -> Parsed:
    flags = pd.Series(_map_unique(cells, _parse_bool_text, object, None), index=cells.index, dtype="boolean")
    return Parsed(flags, flags.isna() & cells.notna())


def parse_enum(cells: pd.Series, column: Column, context: ReadingContext) -> Parsed:
    parsed = _map_unique(cells, lambda text: schema.choice_for_value(column, text), object, None)
    choices = pd.Series(parsed, index=cells.index, dtype="string")
    return Parsed(choices, choices.isna() & cells.notna())


def _map_unique(cells: pd.Series, parse: Callable[[str], object], dtype: object, missing: object) -> np.ndarray:
    """Apply a per-value parser once per distinct value (columns repeat themselves)."""
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    parsed = np.array([parse(str(value)) for value in uniques] + [missing], dtype=dtype)
    return parsed[codes]


PARSERS: Mapping[str, Callable[[pd.Series, Column, ReadingContext], Parsed]] = {
    "text": parse_text,
    "number": parse_number,
    "percent": parse_number,
    "date": parse_date,
    "month": parse_date,
    "bool": parse_bool,
    "enum": parse_enum,
}
