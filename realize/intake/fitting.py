"""A file sheet read against a template sheet: its header row, what each column's header and values say, and
the best assignment of its columns to the template's (SPEC section 2).

The header is the row among the first ones that reads most like a template sheet's header. Each
column is profiled from the rows under it (realize.intake.evidence); a header's words (realize.intake.headers)
weighed by its values give a score per template column, and one assignment per sheet maximises the
total with each file column used once (realize.intake.assignment), so 'Benefit ID' next to
'Benefit' gives the id and the name. Layouts offices use are read here too: one column per month
(with a row label, the measure in the header, or Budget and Actual merged above), a 'Year' beside
a 'Month', numbers split by a choice in their headers ('Capex Planned'), a tab per month.

No database and no Streamlit: known ids come in as plain sets.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd

from realize.contract import schema
from realize.contract.schema import Column, Sheet
from realize.intake import evidence, headers
from realize.intake.assignment import best_pairs
from realize.intake.cells import ReadingContext, month_of_header
from realize.intake.evidence import Profile
from realize.intake.layout import RawSheet, first_filled_row
from realize.intake.mapping import signature_of

# A header is taken for a column at this combined score (words and values) or more.
ACCEPT = 0.5
# A file sheet is taken for a template sheet at this score or more, with half its required columns found.
TAKE = 0.4
# A sheet of data fitting a template sheet this well, though not well enough to be taken, is asked about.
PLAUSIBLE = 0.25
# A header repeating another sheet's column, or naming something Realize works out, at this score or more.
SURE = 0.85
# How far down a title block may push the header row, and how many rows are scored as possible headers.
HEADER_SEARCH_ROWS = 30
HEADER_ROWS_SCORED = 6
# A known-id column ('values are initiative ids') is taken for the reference at this score.
KNOWN_IDS_SCORE = 0.8
KNOWN_IDS_SHARE = 0.9
# A column of months without their year ('Jan'), or of years ('2026'), holds them in this share of its values.
MONTHS_SHARE = 0.9
# A column whose values are a choice column's choices (two of them at least) is taken for it at this score.
CHOICES_SCORE = 0.7


# --------------------------------------------------------------------------- a file sheet's header row


@dataclass(frozen=True)
class FileColumn:
    """One column of a file sheet at its header row."""

    position: int
    header: str  # '' when the column has no header
    values: Profile
    has_values: bool
    month: pd.Timestamp | None  # the month a one-column-per-month header names
    month_words: str = ""  # what such a header says besides the month ('Actual' in 'Jan 2026 Actual')
    # how well the values fit each (template sheet, column), worked out once
    fits: dict[tuple[str, str], float | None] = field(default_factory=dict, compare=False, repr=False)

    @property
    def named(self) -> bool:
        return bool(self.header) and self.month is None


@dataclass
class FileSheet:
    raw: RawSheet
    header_index: int
    columns: list[FileColumn]
    signature: str
    signature_positions: list[int]  # the positions of the signature's headers, in order
    header_rows: int = 1  # 2: the header is read over its row and the one above

    @property
    def label(self) -> str:
        return self.raw.label

    def column(self, position: int) -> FileColumn:
        return next(column for column in self.columns if column.position == position)


def read_header(raw: RawSheet) -> FileSheet | None:
    """The header row of a file sheet and a profile of each column under it; None when the sheet is empty.

    Read once per sheet (kept on it): recognition runs again with each answer, and a workbook's sheets are
    read while its largest sheet is still being read."""
    if raw.header_read is None:
        raw.header_read = (_read_header(raw),)
    return raw.header_read[0]  # type: ignore[index]


def _read_header(raw: RawSheet) -> FileSheet | None:
    first = first_filled_row(raw.columns)
    if first is None:
        return None
    header_index, texts = _header_row(raw, first)
    columns = [_file_column(raw, position, header_index, texts[position]) for position in range(len(raw.columns))]
    named = [column for column in columns if column.named]
    return FileSheet(
        raw,
        header_index,
        columns,
        signature_of([column.header for column in named]),
        [column.position for column in named],
        header_rows=2 if texts != _row_texts(raw, header_index) else 1,
    )


def _cell(column: pd.Series, index: int) -> str:
    return "" if index >= len(column) else _text(column.iloc[index])


def _header_row(raw: RawSheet, first: int) -> tuple[int, list[str]]:
    """The row that reads most like a template sheet's header among the first rows (else the first filled row),
    and its header texts: a header on two rows ('Cost (USD)' merged over 'Plan' and 'Actual', or 'Baseline'
    over a 'Date') is read as one ('Cost (USD) Plan', 'Baseline Date') when that reads clearly better."""
    last = first + HEADER_SEARCH_ROWS
    rows = _rows_texts(raw, first, last)
    candidates = [first] + [index for index in range(first + 1, last) if _may_be_header(rows[index])]
    best, best_texts, best_score = first, rows[first], 0.0
    for index in candidates[:HEADER_ROWS_SCORED]:
        plain = rows[index]
        readings = [(plain, _texts_score(plain, raw))]
        if index > first and _header_like(plain):
            joined = _two_row_texts(rows[index - 1], plain)
            readings.append((joined, _texts_score(joined, raw) - TWO_ROW_MARGIN))
        texts, score = max(readings, key=lambda reading: reading[1])
        if score > best_score + 1e-9:
            best, best_texts, best_score = index, texts, score
    return best, best_texts


# A header read over two rows must read this much better than its lower row alone.
TWO_ROW_MARGIN = 0.5


def _may_be_header(texts: list[str]) -> bool:
    """A row worth scoring as the header: a cell says a column exactly, or its cells are words only (a header
    whose every cell is misspelt or the office's own word)."""
    if any(headers.says_a_column(text) for text in texts):
        return True
    return sum(1 for text in texts if text) >= 2 and _header_like(texts)


def _row_texts(raw: RawSheet, index: int) -> list[str]:
    return [_cell(column, index) for column in raw.columns]


def _rows_texts(raw: RawSheet, first: int, last: int) -> dict[int, list[str]]:
    """Row index -> its cells' texts, for the rows from the one above `first` to the one before `last`: each
    column converted once, not cell by cell."""
    top = max(first - 1, 0)
    columns = [[_text(value) for value in column.iloc[top:last].tolist()] for column in raw.columns]
    return {
        index: [cells[index - top] if index - top < len(cells) else "" for cells in columns]
        for index in range(top, last)
    }


def _text(value: object) -> str:
    return "" if pd.isna(value) else str(value).strip()


def _header_like(texts: list[str]) -> bool:
    """Cells that can be the lower row of a header: words only; a data row has numbers, dates or codes."""
    present = [text for text in texts if text]
    return bool(present) and not any(char.isdigit() for text in present for char in text)


def _two_row_texts(above: list[str], below: list[str]) -> list[str]:
    """The texts of a header on two rows: the upper cell carried right over the empty ones under which the
    lower row goes on (a merged group header), then the lower cell; an upper cell alone where it was merged down."""
    joined, carried = [], ""
    for top, bottom in zip(above, below, strict=True):
        carried = top or (carried if bottom else "")
        joined.append(f"{carried} {bottom}".strip() if bottom else top)
    return joined


def _texts_score(texts: list[str], raw: RawSheet) -> float:
    present = [text for text in texts if text]
    named = [text for text in present if _month_of(text, raw)[0] is None]
    months = len(present) - len(named)
    return max(_row_score(sheet, named, months) for sheet in schema.SHEETS)


def _row_score(sheet: Sheet, named: list[str], months: int) -> float:
    """How well a row of cells reads as this sheet's header, from the words alone."""
    names = list(sheet.column_names)
    matrix = np.array([[headers.header_scores(sheet.name, text).get(name, 0.0) for name in names] for text in named])
    total = _assignment_total(matrix)
    if sheet.monthly_columns and months >= 2:
        total += 1.0
    return total


def _assignment_total(matrix: np.ndarray) -> float:
    if matrix.size == 0:
        return 0.0
    chosen = np.array([matrix[row, column] for row, column in best_pairs(matrix)])
    return float(chosen[chosen >= ACCEPT].sum()) if chosen.size else 0.0


_MONTH_IN_TEXT = re.compile(
    r"(?P<named>(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*[\s\-.'/]*\d{2,4})"
    r"|(?P<iso>\d{4}[-/.]\d{1,2}([-/.]\d{1,2})?(\s+00:00:00)?)"
    r"|(?P<numeric>\d{1,2}[-/.]\d{4})",
    re.IGNORECASE,
)


def _month_of(text: str, raw: RawSheet) -> tuple[pd.Timestamp | None, str]:
    """A header naming a month ('Jan-26', a real date, '2026-01'), or a month and a word ('Jan 2026 Actual')."""
    if not text or not _MONTH_SHAPED.search(text):
        return None, ""
    return _month_in(text, raw.context.date_order == "day_first", raw.context.date1904)


_MONTH_SHAPED = re.compile(r"\d{4}|\d{1,2}[-/.]\d{2}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.IGNORECASE)


@cache
def _month_in(text: str, day_first: bool, date1904: bool) -> tuple[pd.Timestamp | None, str]:
    context = ReadingContext(date_order="day_first" if day_first else "month_first", date1904=date1904)
    month = month_of_header(text, context)
    if month is not None:
        return month, ""
    found = _MONTH_IN_TEXT.search(text)
    if found is None:
        return None, ""
    month = month_of_header(found.group(0), context)
    rest = (text[: found.start()] + " " + text[found.end() :]).strip(" -_/|:")
    if month is None or not headers.words(rest) or set(headers.all_words(rest)) & schema.MODIFIERS:
        return None, ""  # 'YTD Jun-26' and 'Jun-26 cumulative' are no month's own values
    return month, rest


def _file_column(raw: RawSheet, position: int, header_index: int, header: str) -> FileColumn:
    cells = raw.columns[position]
    below = cells.iloc[header_index + 1 :]
    month, rest = _month_of(header, raw)
    return FileColumn(
        position=position,
        header=header,
        values=evidence.profile(below, raw.context) if month is None else evidence.EMPTY,
        has_values=bool(below.notna().any()),
        month=month,
        month_words=rest,
    )


# --------------------------------------------------------------------------- a file sheet against a template sheet


@dataclass
class Fit:
    """A file sheet read as one template sheet."""

    sheet: Sheet
    score: float = 0.0
    required_share: float = 0.0
    # template column -> (file position, score); a column filled by the months has position -1
    assigned: dict[str, tuple[int, float]] = field(default_factory=dict)
    months: dict[int, pd.Timestamp] = field(default_factory=dict)
    month_columns: dict[int, str] = field(default_factory=dict)
    label_position: int | None = None
    label_values: dict[str, str] = field(default_factory=dict)
    year_position: int | None = None  # a 'Year' column completing the months of the period column
    # one amount column whose row label says which it is ('Version': Budget / Actual beside 'Amount')
    value_position: int | None = None
    # columns splitting a number by a choice ('Capex Planned', 'Opex Planned'): position -> (choice column,
    # choice, number column)
    splits: dict[int, tuple[str, str, str]] = field(default_factory=dict)
    named_month: pd.Timestamp | None = None  # no period column: the month the sheet's name says

    @property
    def eligible(self) -> bool:
        """Taken for this template sheet when it fits best."""
        return self.score >= TAKE and self.required_share >= 0.5

    @property
    def plausible(self) -> bool:
        """Not taken on its own, but a sheet of data fitting this well is asked about rather than left out."""
        return self.score >= PLAUSIBLE and self.required_share >= 0.5

    def position_of(self, column: str) -> int | None:
        found = self.assigned.get(column)
        return None if found is None or found[0] < 0 else found[0]

    def column_at(self, position: int) -> tuple[str, float] | None:
        return next(((name, score) for name, (at, score) in self.assigned.items() if at == position), None)


MONTHS_FILLED = -1


def fit(
    file_sheet: FileSheet,
    sheet: Sheet,
    known: Mapping[str, Collection[str]] | None = None,
    fixed: Mapping[int, str | None] | None = None,
) -> Fit:
    """The best assignment of this file sheet's columns to this template sheet's columns.

    `known`: id column -> known ids (references are recognised by their values too).
    `fixed`: file position -> template column (None: ignored), as the user answered or saved.
    """
    fixed = dict(fixed or {})
    result = Fit(sheet)
    _read_months(file_sheet, sheet, result, fixed)
    taken_positions = {position for position in fixed} | set(result.months)
    if result.label_position is not None:
        taken_positions.add(result.label_position)
    year = _year_column(file_sheet, sheet, taken_positions)
    if year is not None:
        taken_positions.add(year)
    if not result.months:
        _read_splits(file_sheet, sheet, result, taken_positions)
        taken_positions |= set(result.splits)
    if not result.months and not result.splits:
        _read_labelled_values(file_sheet, sheet, result, taken_positions, fixed)
        taken_positions |= {result.label_position, result.value_position} - {None}
    for position, column in fixed.items():
        if column is not None and column in sheet.column_names:
            result.assigned[column] = (position, 1.0)
    open_columns = [column for column in sheet.columns if column.name not in result.assigned]
    candidates = [
        column
        for column in file_sheet.columns
        if column.position not in taken_positions and column.named and (column.header or column.has_values)
    ]
    matrix = np.array(
        [[column_score(file_column, sheet, column, known) for column in open_columns] for file_column in candidates]
    )
    for row, column in best_pairs(matrix):
        if matrix[row, column] >= ACCEPT:
            result.assigned[open_columns[column].name] = (candidates[row].position, float(matrix[row, column]))
    period = result.position_of("period")
    if year is not None and period is not None and file_sheet.column(period).values.month_names >= MONTHS_SHARE:
        result.year_position = year
    if "period" in sheet.column_names and "period" not in result.assigned:
        result.named_month = _month_of(file_sheet.label, file_sheet.raw)[0] if file_sheet.label else None
        if result.named_month is not None:  # a tab per month ('2026-03', 'Mar 26'): the name is the month
            result.assigned["period"] = (MONTHS_FILLED, 1.0)
    _score(file_sheet, result, len(candidates) + len(fixed))
    return result


def _read_splits(file_sheet: FileSheet, sheet: Sheet, result: Fit, taken: set[int]) -> None:
    """Number columns split by a choice in their headers ('Capex Planned', 'Opex Actual'): each row of the file
    gives a row per choice, with that choice in the choice column."""
    numbers = [column.name for column in sheet.columns if column.kind == "number"]
    if not numbers:
        return
    for choice_column in (column for column in sheet.columns if column.kind == "enum" and not column.required):
        splits: dict[int, tuple[str, str, str]] = {}
        for file_column in file_sheet.columns:
            if file_column.position in taken or not file_column.named:
                continue
            found = _choice_and_number(file_column.header, sheet, choice_column, numbers)
            if found is not None:
                splits[file_column.position] = (choice_column.name, *found)
        if len({choice for _, choice, _ in splits.values()}) >= 2:
            result.splits = splits
            result.assigned[choice_column.name] = (MONTHS_FILLED, 1.0)
            for _, _, number in splits.values():
                result.assigned[number] = (MONTHS_FILLED, 1.0)
            return


def _choice_and_number(header: str, sheet: Sheet, choice_column: Column, numbers: list[str]) -> tuple[str, str] | None:
    """('capex', 'planned') for 'Capex Planned': one word a choice, the others a number column."""
    said = headers.words(header)
    for index, word in enumerate(said):
        choice = schema.choice_for_value(choice_column, word)
        rest = " ".join(said[:index] + said[index + 1 :])
        if choice is None or not rest:
            continue
        scores = headers.header_scores(sheet.name, rest)
        best = max(numbers, key=lambda name: scores.get(name, 0.0))
        if scores.get(best, 0.0) >= SURE:
            return choice, best
    return None


def guidance_row(file_sheet: FileSheet, final: Fit) -> int | None:
    """The row under the header when it tells how to fill each column ('dd/mm/yyyy', 'Select from list') rather
    than holding data: none of its number, date or choice cells reads as one, though the rows under it do."""
    typed = [
        (position, final.sheet.column(name))
        for name, (position, _) in final.assigned.items()
        if position >= 0 and final.sheet.column(name).kind != "text"
    ]
    first = file_sheet.header_index + 1
    texts = [(_cell(file_sheet.raw.columns[position], first), column) for position, column in typed]
    texts = [(text, column) for text, column in texts if text]
    if len(texts) < 2 or any(evidence.cell_fits(text, column, file_sheet.raw.context) for text, column in texts):
        return None
    below = [_cell(file_sheet.raw.columns[position], first + 1) for position, _ in typed]
    fitting = [
        evidence.cell_fits(text, column, file_sheet.raw.context)
        for text, (_, column) in zip(below, typed, strict=True)
        if text
    ]
    return first if fitting and sum(fitting) > len(fitting) / 2 else None


def _year_column(file_sheet: FileSheet, sheet: Sheet, taken: set[int]) -> int | None:
    """A 'Year' column beside a column of months without their year (Jan, January, 1 to 12), on a monthly sheet."""
    if "period" not in sheet.column_names:
        return None
    has_months = any(column.values.month_names >= MONTHS_SHARE for column in file_sheet.columns if column.named)
    for column in file_sheet.columns:
        said = set(headers.words(column.header))
        if column.position in taken or not has_months or not said & {"year", "fy", "fiscal"}:
            continue
        if column.values.years >= MONTHS_SHARE:
            return column.position
    return None


def column_score(
    file_column: FileColumn, sheet: Sheet, column: Column, known: Mapping[str, Collection[str]] | None
) -> float:
    """How surely a file column is this template column: its header's words, weighed by its values."""
    name = headers.header_scores(sheet.name, file_column.header).get(column.name, 0.0)
    known_ids = (known or {}).get(column.name) if column.references else None
    agree = agreement_of(file_column, sheet, column, known_ids)
    score = _combined(name, agree, column)
    if known_ids and evidence.known_share(file_column.values, known_ids) >= KNOWN_IDS_SHARE:
        score = max(score, KNOWN_IDS_SCORE)
    if (
        column.kind == "enum"
        and (agree or 0.0) >= KNOWN_IDS_SHARE
        and evidence.choices_named(file_column.values, column) >= 2
    ):
        score = max(score, CHOICES_SCORE)  # 'Capital, Operating' is the nature whatever the header says
    return score


def agreement_of(
    file_column: FileColumn, sheet: Sheet, column: Column, known_ids: Collection[str] | None = None
) -> float | None:
    if known_ids:
        return evidence.agreement(file_column.values, sheet, column, known_ids)
    key = (sheet.name, column.name)
    if key not in file_column.fits:
        file_column.fits[key] = evidence.agreement(file_column.values, sheet, column)
    return file_column.fits[key]


def _combined(name: float, agree: float | None, column: Column) -> float:
    """A header that says the column outright is taken whatever its values (bad values are then reported);
    a header that only roughly says it is taken when its values agree."""
    if agree is None:
        return name
    if name >= 0.95 and column.kind == "enum":
        return name * (0.6 + 0.4 * agree)  # listed choices say a lot: 'Cost Type' holding Capital is no category
    if name >= 0.95:
        return name * (0.8 + 0.2 * agree)
    return name * (0.35 + 0.65 * agree)


def _read_months(file_sheet: FileSheet, sheet: Sheet, result: Fit, fixed: Mapping[int, str | None]) -> None:
    """One column per month: which template columns the month columns fill (headers or a row label)."""
    months = {column.position: column.month for column in file_sheet.columns if column.month is not None}
    if not sheet.monthly_columns or len(months) < 2:
        return
    result.months = months  # type: ignore[assignment]
    for position in months:
        column = _monthly_column(sheet, file_sheet.column(position).month_words)
        if column is not None:
            result.month_columns[position] = column
    if len(result.month_columns) < len(months) and len(sheet.monthly_columns) > 1:
        result.label_position, result.label_values = _label_column(file_sheet, sheet, set(months), fixed)
    if len(result.month_columns) < len(months) and result.label_position is None:
        # 'Budget' and 'Actual' merged above their months: only when the row above names both
        group = _group_row(file_sheet)
        above = {position: _monthly_column(sheet, group.get(position, "")) for position in months}
        if len({column for column in above.values() if column}) > 1:
            result.month_columns.update({position: column for position, column in above.items() if column})
    result.assigned["period"] = (MONTHS_FILLED, 1.0)
    if result.month_columns or result.label_position is not None or len(sheet.monthly_columns) == 1:
        for name in sheet.monthly_columns:
            result.assigned[name] = (MONTHS_FILLED, 1.0)


def _monthly_column(sheet: Sheet, words: str) -> str | None:
    """The monthly column ('planned', 'actual') some words say: 'Actual' in 'Jan 2026 Actual', 'Budget' above."""
    if not words:
        return None
    said = headers.header_scores(sheet.name, words)
    best = max(sheet.monthly_columns, key=lambda name: said.get(name, 0.0))
    return best if said.get(best, 0.0) >= ACCEPT else None


def _group_row(file_sheet: FileSheet) -> dict[int, str]:
    """The row above the header, each cell carried right over the empty ones (a 'Budget' merged over its
    months stands in the first cell only): position -> text."""
    index = file_sheet.header_index - 1
    if index < 0:
        return {}
    carried, texts = "", {}
    for position, column in enumerate(file_sheet.raw.columns):
        text = _cell(column, index)
        carried = text or carried
        texts[position] = carried
    return texts


def _read_labelled_values(
    file_sheet: FileSheet, sheet: Sheet, result: Fit, taken: set[int], fixed: Mapping[int, str | None]
) -> None:
    """An extract with one amount column and a column saying what each row's amount is ('Version' Budget /
    Actual beside 'Amount'): each row fills the column its label says, rows of the same key joined."""
    if len(sheet.monthly_columns) < 2:
        return
    named = {
        column.position
        for column in file_sheet.columns
        if column.named
        and any(
            headers.header_scores(sheet.name, column.header).get(name, 0.0) >= ACCEPT for name in sheet.monthly_columns
        )
    }
    if named:
        return  # the measures have columns of their own
    label, meanings = _label_column(file_sheet, sheet, taken, fixed)
    if label is None or len(set(meanings.values())) < 2:
        return
    amounts = [
        column.position
        for column in file_sheet.columns
        if column.named
        and column.position not in taken | {label}
        and column.values.numbers >= MONTHS_SHARE
        and not column.values.years >= MONTHS_SHARE
    ]
    if len(amounts) != 1:
        return
    result.label_position, result.label_values, result.value_position = label, meanings, amounts[0]
    for name in sheet.monthly_columns:
        result.assigned[name] = (MONTHS_FILLED, 1.0)


def _label_column(
    file_sheet: FileSheet, sheet: Sheet, months: set[int], fixed: Mapping[int, str | None]
) -> tuple[int | None, dict[str, str]]:
    """The column saying on each row which template column its month values fill (Plan / Actual)."""
    best: tuple[float, int | None, dict[str, str]] = (0.0, None, {})
    for column in file_sheet.columns:
        if column.position in months or column.position in fixed or not column.values.distinct:
            continue
        meanings: dict[str, str] = {}
        for value in column.values.distinct:
            said = headers.header_scores(sheet.name, value)
            top = max(sheet.monthly_columns, key=lambda name: said.get(name, 0.0))
            if said.get(top, 0.0) >= ACCEPT:
                meanings[schema.normalize_name(value)] = top
        share = len(meanings) / len(column.values.distinct)
        if share >= 0.8 and len(set(meanings.values())) >= 1 and share > best[0]:
            best = (share, column.position, meanings)
    return best[1], best[2]


def _score(file_sheet: FileSheet, result: Fit, considered: int) -> None:
    sheet = result.sheet
    matched = {name: score for name, (_, score) in result.assigned.items()}
    required = sheet.required_columns
    result.required_share = sum(1 for name in required if name in matched) / len(required)
    required_score = sum(matched.get(name, 0.0) for name in required) / len(required)
    filled_by_columns = sum(score for name, (position, score) in result.assigned.items() if position >= 0)
    precision = filled_by_columns / max(considered, 1)
    coverage = sum(matched.values()) / len(sheet.columns)
    named = headers.sheet_name_scores(file_sheet.label).get(sheet.name, 0.0)
    result.score = 0.45 * required_score + 0.3 * precision + 0.1 * coverage + 0.15 * named
