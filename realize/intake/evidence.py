"""What a file column's values say about it: numbers, dates, yes/no, codes, people, words.

Recognition (realize.intake.recognize) weighs a header's words with its values: a header that only
roughly says 'actual' is taken for the actual cost when its values are numbers, not when they
are dates; a column headed 'Col F' holding numbers is a candidate for a missing number column;
a column whose values are the ids of initiatives is the reference to them. Profiles are made
from a sample of the rows under the header, so their cost does not grow with the file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from realize.contract import schema
from realize.contract.schema import Column, Sheet
from realize.intake import cells

# Rows under the header looked at per column.
SAMPLE_ROWS = 100
# Distinct values kept for enumeration and id checks.
DISTINCT_KEPT = 200
SAMPLES_SHOWN = 3
# Distinct values judged against a column's listed choices (a list has few; more say it is not one).
CHOICES_JUDGED = 40

_CODE = re.compile(r"^(?=.*\d)[A-Za-z0-9][A-Za-z0-9\-_/.#:]{0,23}$")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")
_PERSON = re.compile(r"^[A-Z][\w'’.\-]*(\s+[A-Z][\w'’.\-]*){0,3}$|^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
_LETTER = re.compile(r"[^\W\d_]")
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
# what a date written as text looks like: 2026-01-31, 31/01/2026, Jan-26, 1 January 2026
_DATE_SHAPED = re.compile(
    r"^\d{1,4}[-/.]\d{1,2}|\d\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[\s\-.']*\d",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(19[5-9]\d|20\d\d)(\.0+)?$")
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_TRUE_FALSE = {"yes", "no", "y", "n", "true", "false", "t", "f", "1", "0", "x", "1.0", "0.0"}


@dataclass(frozen=True)
class Profile:
    """Shares (0 to 1) of a column's sampled values that read as each kind of thing."""

    count: int  # values in the sample
    numbers: float
    dates: float  # text dates and Excel dates
    periods: float  # months as accounting systems write them: fiscal periods such as 001/2026
    month_names: float  # a month without its year: Jan, January, 1 to 12
    years: float  # a year on its own: 2026
    serials: float  # whole numbers that could be Excel serial dates (1950 to 2100)
    booleans: float
    codes: float  # one token with a digit: INI-01, P123, 2025-001
    mixed: float  # codes with letters and digits (BEN-01): ids rather than names or prose
    people: float  # capitalised names or e-mail addresses
    words: float  # text with letters that is not a date
    distinct: tuple[str, ...]  # distinct values, first ones first
    samples: tuple[str, ...]  # the first few distinct values, as written
    choices: tuple[str, ...] = ()  # the first distinct values folded as enumeration values are

    @property
    def empty(self) -> bool:
        return self.count == 0


EMPTY = Profile(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (), ())


def profile(values: pd.Series, context: cells.ReadingContext) -> Profile:
    """The profile of a column's text cells (missing values left out), from its first rows."""
    texts = [
        text for value in values.iloc[:SAMPLE_ROWS].tolist() if not pd.isna(value) and (text := str(value).strip())
    ]
    if not texts:
        return EMPTY
    counted = Counter(texts)
    distinct = tuple(counted)
    counts = np.fromiter(counted.values(), dtype=float, count=len(counted))

    def share(flags: list[bool]) -> float:
        return float(np.dot(np.array(flags, dtype=float), counts) / len(texts))

    dates = [_is_date(text, context) for text in distinct]
    return Profile(
        count=len(texts),
        numbers=share([_is_number(text, context) for text in distinct]),
        dates=share(dates),
        periods=share([bool(cells.FISCAL_PERIOD.match(text)) for text in distinct]),
        month_names=share([month_number(text) is not None for text in distinct]),
        years=share([bool(_YEAR.match(text)) for text in distinct]),
        serials=share([_is_serial(text) for text in distinct]),
        booleans=share([text.casefold() in _TRUE_FALSE for text in distinct]),
        codes=share([_is_code(text) and not is_date for text, is_date in zip(distinct, dates, strict=True)]),
        mixed=share([_is_code(text) and bool(_LETTER.search(text)) for text in distinct]),
        people=share([bool(_PERSON.match(text)) and not any(c.isdigit() for c in text) for text in distinct]),
        words=share(
            [bool(_LETTER.search(text)) and not is_date for text, is_date in zip(distinct, dates, strict=True)]
        ),
        distinct=distinct[:DISTINCT_KEPT],
        choices=tuple(schema.normalize_choice(text) for text in distinct[:CHOICES_JUDGED]),
        samples=tuple(text.removesuffix(" 00:00:00") for text in distinct[:SAMPLES_SHOWN]),
    )


def month_number(text: str) -> int | None:
    """1 to 12 for a month written without its year ('Jan', 'January', 'Sept', '7'); else None."""
    folded = str(text).strip().casefold().rstrip(".")
    if folded.isdigit():
        return int(folded) if 1 <= int(folded) <= 12 else None
    if len(folded) >= 3 and folded.isalpha():
        for number, name in enumerate(_MONTH_NAMES, start=1):
            if folded.startswith(name) and (len(folded) <= 4 or folded in _FULL_MONTHS):
                return number
    return None


_FULL_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "sept",
}  # fmt: skip


def _share(texts: list[str], test: object) -> float:
    return sum(1 for text in texts if test(text)) / len(texts)  # type: ignore[operator]


def _is_number(text: str, context: cells.ReadingContext) -> bool:
    if _PLAIN_NUMBER.match(text):
        return True
    return any(char.isdigit() for char in text) and not np.isnan(cells.clean_number(text, context.decimal_comma))


def _is_code(text: str) -> bool:
    return bool(_CODE.match(text)) and not _DECIMAL.match(text)


def _is_date(text: str, context: cells.ReadingContext) -> bool:
    if not _DATE_SHAPED.search(text) or _PLAIN_NUMBER.match(text):
        return False  # a bare number is a serial at best (see serials)
    return not np.isnat(cells.parse_day_text(text, context.date_order == "day_first", context.date1904))


def _is_serial(text: str) -> bool:
    if not re.fullmatch(r"\d{5}(\.0+)?", text):
        return False
    first = (cells.FIRST_DAY - cells.EXCEL_EPOCH).days
    last = (cells.LAST_DAY - cells.EXCEL_EPOCH).days
    return first <= float(text) < last


# --------------------------------------------------------------------------- agreement with a column


def agreement(found: Profile, sheet: Sheet, column: Column, known_ids: Collection[str] | None = None) -> float | None:
    """How well these values fit the column, 0 to 1; None when the sample is empty.

    `known_ids`: the ids of the sheet a reference column names (in this upload or stored), when any.
    """
    if found.empty:
        return None
    kind = column.kind
    if kind in ("number", "percent"):
        return found.numbers
    if kind == "date":
        return max(found.dates, 0.8 * found.serials)
    if kind == "month":
        return max(found.dates, found.periods, 0.8 * found.serials)
    if kind == "bool":
        return found.booleans
    if kind == "enum":
        return _share(list(found.choices), lambda folded: folded in column.choices or folded in column.choice_synonyms)
    if column.references or column.name == sheet.id_column:
        return _id_agreement(found, known_ids)
    if column.shape == "person":
        return max(found.people, 0.5 * found.words * (1 - found.codes))
    return found.words * (1 - 0.7 * found.mixed)


def cell_fits(text: str, column: Column, context: cells.ReadingContext) -> bool:
    """Whether one cell's text reads as a value of a number, date, yes/no or choice column."""
    kind = column.kind
    if kind in ("number", "percent"):
        return _is_number(text, context)
    if kind in ("date", "month"):
        return _is_date(text, context) or _is_serial(text) or bool(cells.FISCAL_PERIOD.match(text))
    if kind == "bool":
        return text.casefold() in _TRUE_FALSE
    if kind == "enum":
        return schema.choice_for_value(column, text) is not None
    return True


def choices_named(found: Profile, column: Column) -> int:
    """How many of a choice column's choices the values name (Capital, Operating -> 2)."""
    named = {column.choice_synonyms.get(folded, folded) for folded in found.choices}
    return len(named & set(column.choices))


def _id_agreement(found: Profile, known_ids: Collection[str] | None) -> float:
    if known_ids:
        return known_share(found, known_ids)
    # codes with letters (MS-01) name things; bare numbers (3, 8, 14) are as often row numbers
    return found.codes * (0.85 + 0.15 * min(found.mixed / found.codes, 1.0)) if found.codes else 0.0


def known_share(found: Profile, known_ids: Collection[str]) -> float:
    """The share of distinct values that are known ids."""
    if not found.distinct or not known_ids:
        return 0.0
    return sum(1 for value in found.distinct if value in known_ids) / len(found.distinct)
