"""How a sheet is laid out -> its cells under the template's column names, with the row each came from.

Spreadsheets in the wild are not the template. Recognition (realize.intake.recognize) says where the
header is, which file column fills which template column, and whether the sheet has one column
per month; this module takes the data rows under that plan: it skips blank rows and a totals
row, and turns a wide layout (one column per month, with a row label or a header saying planned
or actual) into monthly rows. Wherever something was guessed, it says so as a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from realize.contract import schema
from realize.contract.schema import Sheet
from realize.intake.cells import ReadingContext
from realize.intake.evidence import month_number
from realize.intake.headers import words
from realize.intake.issues import IssueLog
from realize.intake.mapping import column_letter

# 'Total', 'Grand total', 'Sum', and a pivot table's subtotals 'INI-01 Total'
_TOTAL = re.compile(r"^\s*(grand\s+|sub\s*)?totals?\b|^\s*sum\b|\s(sub)?total\s*$", re.IGNORECASE)


@dataclass
class RawSheet:
    """A sheet as the user sees it: every cell as text, in rows numbered from 1."""

    label: str  # the tab name, or the CSV file name without .csv, for messages and --map
    file_name: str
    columns: list[pd.Series]  # one Series of str|NA per spreadsheet column, index = row number - 1
    context: ReadingContext
    hidden: bool = False
    column_offset: int = 0  # the reader starts at the first used column: 1 when that is B
    percent_positions: frozenset[int] = frozenset()  # columns whose cells Excel shows as percentages
    percent_rows: dict[int, frozenset[int]] = field(default_factory=dict)  # where only some are: their rows
    # what realize.intake.fitting.read_header found, kept: a sheet's header is read once per upload
    header_read: object = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Plan:
    """How to read a file sheet as a template sheet (what recognition decided)."""

    sheet: Sheet
    header_index: int  # 0-based row of the header (its lower row when it spans two)
    columns: dict[str, int]  # template column -> 0-based position
    months: dict[int, pd.Timestamp] = field(default_factory=dict)  # one column per month: position -> month
    # one column per month: the template column a month column fills, when its header says so ('Jan 2026 Actual')
    month_columns: dict[int, str] = field(default_factory=dict)
    # else the column whose value on each row says which (Plan / Actual), and what each value means
    label_position: int | None = None
    label_values: dict[str, str] = field(default_factory=dict)  # folded row label -> template column
    year_position: int | None = None  # a 'Year' column completing a period column of months ('Jan')
    value_position: int | None = None  # one amount column, its row label saying which measure ('Version')
    # number columns split by a choice ('Capex Planned'): position -> (choice column, choice, number column)
    splits: dict[int, tuple[str, str, str]] = field(default_factory=dict)
    named_month: pd.Timestamp | None = None  # no period column: the month the sheet's name says ('2026-03')
    guidance_row: int | None = None  # 0-based row under the header telling how to fill each column
    scales: dict[str, float] = field(default_factory=dict)  # money column -> its header's unit ('($000)': 1000)
    header_rows: int = 1  # 2: the header is read over its row and the one above ('Baseline' over 'Date')


@dataclass
class SheetCells:
    """A sheet's data as text under the template's column names (only those present)."""

    cells: pd.DataFrame
    rows: pd.Series  # the Excel row number of each row (a wide sheet gives several rows per source row)
    header_row: int


def lay_out(raw: RawSheet, plan: Plan, log: IssueLog) -> SheetCells | None:
    """The data of one sheet under its plan, or None when it has no rows."""
    header_index = plan.header_index
    top = header_index - plan.header_rows + 1
    if any(column.iloc[:top].notna().any() for column in raw.columns):
        where = f"rows {top + 1} and {top + 2}" if plan.header_rows == 2 else f"row {top + 1}"
        log.add(
            raw.label,
            top + 1,
            "",
            "",
            "rows above the header",
            f"The header was found on {where}; the rows above it were skipped.",
            "warning",
        )
    body = data_rows(raw, header_index, log)
    if plan.guidance_row is not None and plan.guidance_row in body.index:
        log.add(
            raw.label,
            plan.guidance_row + 1,
            "",
            "",
            "guidance row",
            "The row under the header says how to fill each column ('dd/mm/yyyy', 'Select from list'): skipped.",
            "warning",
        )
        body = body.drop(index=plan.guidance_row)
    if body.empty:  # a header without rows changes nothing: nothing to check either
        return None
    body = _without_repeated_headers(raw, header_index, body, log)
    body = _without_total_rows(raw, plan, body, log)
    body = _without_notes_below(raw, body, log)
    if plan.months and plan.label_position is not None:
        body = _merged_down(raw, plan, body, log)
    rows = body.index.to_series() + 1
    cells = pd.DataFrame({name: body[position] for name, position in plan.columns.items()}, index=body.index)
    if plan.year_position is not None and "period" in cells:
        fiscal = bool(set(_header_words(raw, header_index, plan.year_position)) & {"fy", "fiscal"})
        cells["period"] = _with_years(cells["period"], body[plan.year_position], fiscal=fiscal)
    if plan.named_month is not None:
        cells["period"] = plan.named_month.strftime("%Y-%m-%d")
        log.add(
            raw.label,
            None,
            "period",
            raw.label,
            "month from the sheet name",
            f"Sheet '{raw.label}' has no month column: its name says {plan.named_month:%B %Y}, the month of every row.",
            "warning",
        )
    if plan.splits:
        cells, rows = _splits_to_rows(raw, plan, body, cells, rows, log)
    if plan.value_position is not None:
        cells, rows = _labelled_values_to_rows(raw, plan, body, cells, rows, log)
    if plan.months:
        reshaped = _months_to_rows(raw, plan, body, cells, rows, log)
        if reshaped is None:
            return None
        cells, rows = reshaped
    return SheetCells(cells.reset_index(drop=True), rows.reset_index(drop=True), header_index + 1)


def first_filled_row(columns: list[pd.Series]) -> int | None:
    firsts = [index for column in columns if (index := column.first_valid_index()) is not None]
    return min(firsts) if firsts else None


def data_rows(raw: RawSheet, header_index: int, log: IssueLog) -> pd.DataFrame:
    """The rows under the header, blank rows dropped (a warning for those between data rows)."""
    body = pd.concat([cells.iloc[header_index + 1 :] for cells in raw.columns], axis=1, ignore_index=True)
    filled = body.notna().any(axis=1)
    if filled.all():
        return body
    last_filled = filled[filled].index.max() if filled.any() else header_index
    blank_inside = ~filled & (body.index < last_filled)
    rows = body.index.to_series() + 1
    blank = pd.Series("", index=body.index)
    log.add_rows(raw.label, blank_inside, rows, blank, "", "blank row", "Blank row skipped.", "warning")
    return body[filled]


def _with_years(months: pd.Series, years: pd.Series, *, fiscal: bool) -> pd.Series:
    """'Jan' and '2026' -> '2026-01'; under a fiscal year ('FY'), period 7 of 2026 -> '007/2026', read as a fiscal
    period. A month left as written where it is not a month name or number."""
    numeric = months.astype("string").str.fullmatch(r"\d{1,2}").fillna(False).astype(bool)
    numbers = months.map(lambda text: month_number(text) if isinstance(text, str) else None)
    year_text = years.astype("string").str.replace(r"\.0+$", "", regex=True)
    calendar = year_text + "-" + numbers.map(lambda number: _padded(number, 2)).astype("string")
    fiscal_period = numbers.map(lambda number: _padded(number, 3)).astype("string") + "/" + year_text
    joined = calendar.where(~(numeric & fiscal), fiscal_period)
    return joined.where(numbers.notna() & years.notna(), months)


def _padded(number: object, width: int) -> str | None:
    return None if pd.isna(number) else f"{int(number):0{width}d}"  # type: ignore[call-overload]


def _header_words(raw: RawSheet, header_index: int, position: int) -> tuple[str, ...]:
    header = raw.columns[position].iloc[header_index] if header_index < len(raw.columns[position]) else None
    return words(str(header)) if isinstance(header, str) else ()


# --------------------------------------------------------------------------- rows that are not data


def _without_repeated_headers(raw: RawSheet, header_index: int, body: pd.DataFrame, log: IssueLog) -> pd.DataFrame:
    """A board exported group by group repeats the header under each group's title: both are skipped."""
    header = [column.iloc[header_index] if header_index < len(column) else pd.NA for column in raw.columns]
    named = [(position, text) for position, text in enumerate(header) if not pd.isna(text)]
    if len(named) < 2:
        return body
    same = np.zeros(len(body), dtype=np.int32)
    for position, text in named:  # compared in Arrow: the body may hold a million rows
        cells = pa.array(body[position].astype("string").array)
        same += pc.fill_null(pc.equal(cells, pa.scalar(str(text), cells.type)), False).to_numpy(zero_copy_only=False)
    repeated = pd.Series(same >= max(2, 0.6 * len(named)), index=body.index)
    if not repeated.any():
        return body
    filled = body.notna().sum(axis=1)
    before_repeat = repeated.shift(-1, fill_value=False).astype(bool) & (filled == 1)
    message = (
        "The header (and the group title above it) is repeated here, as boards exported group by group do: skipped."
    )
    return _skipped(raw, body, repeated | before_repeat, "", "header repeated", message, log)


def _skipped(
    raw: RawSheet, body: pd.DataFrame, rows: pd.Series, column: str, rule: str, message: str, log: IssueLog
) -> pd.DataFrame:
    """The body without these rows, each named in a warning with its first cell."""
    if not rows.any():
        return body
    text = body.loc[rows].apply(lambda row: str(row.dropna().iloc[0]), axis=1).reindex(body.index)
    log.add_rows(raw.label, rows, body.index.to_series() + 1, text, column, rule, message, "warning")
    return body[~rows]


# --------------------------------------------------------------------------- totals


def _without_total_rows(raw: RawSheet, plan: Plan, body: pd.DataFrame, log: IssueLog) -> pd.DataFrame:
    """A row with no id and a 'Total' label is a totals row: skipped, with a warning."""
    matched = plan.columns
    keys = [name for name in (*plan.sheet.unique_key, plan.sheet.scope_key) if name in matched]
    if not keys:
        return body
    ids = body[matched[keys[0]]]
    no_id = ids.isna()
    totals = _says_total(ids)  # 'Total' written in the id column itself
    if no_id.any():
        labelled = body[no_id].apply(lambda row: row.dropna().astype(str).str.match(_TOTAL).any(), axis=1)
        totals[labelled[labelled].index] = True
    message = f"A row labelled like a total instead of a {keys[0]} was skipped; totals are worked out by Realize."
    return _skipped(raw, body, totals, keys[0], "totals row", message, log)


def _says_total(cells: pd.Series) -> pd.Series:
    """Cells labelled like a total, found by Arrow at C speed (the column may hold a million ids, each repeated:
    only the distinct texts are matched)."""
    text = pa.array(cells.astype("string").array)
    distinct = pc.unique(text)
    totals = distinct.filter(pc.match_substring_regex(distinct, _TOTAL.pattern, ignore_case=True))
    if len(totals) == 0:
        return pd.Series(False, index=cells.index)
    return pd.Series(pc.is_in(text, value_set=totals).to_numpy(zero_copy_only=False), index=cells.index)


def _without_notes_below(raw: RawSheet, body: pd.DataFrame, log: IssueLog) -> pd.DataFrame:
    """Rows after the table holding a single cell ('Source: PMO register') are notes: skipped, with a warning."""
    filled = body.notna().sum(axis=1)
    table_rows = filled[filled >= 2]
    if table_rows.empty or len(table_rows) == len(filled):
        return body
    notes = (filled == 1) & (body.index > table_rows.index.max())
    message = "A row under the table with a single cell reads as a note: it was skipped."
    return _skipped(raw, body, notes, "", "note below the table", message, log)


def _merged_down(raw: RawSheet, plan: Plan, body: pd.DataFrame, log: IssueLog) -> pd.DataFrame:
    """One column per month with a Plan and an Actual row per benefit: where the id and name cells are merged
    down over both rows, Excel keeps them on the first; the rows under it take them too."""
    positions = list(plan.columns.values())
    if not positions:
        return body
    bare = body[positions].isna().all(axis=1) & body[plan.label_position].notna()
    if not bare.any() or bare.iloc[0]:
        return body
    filled = body.copy()
    filled[positions] = body[positions].ffill()
    log.add(
        raw.label,
        None,
        "",
        "",
        "merged cells",
        f"{bare.sum():,} rows of sheet '{raw.label}' had their {', '.join(plan.columns)} cells empty under a row "
        "that has them (cells merged down): they were read as the row above's.",
        "warning",
    )
    return filled


# --------------------------------------------------------------------------- one column per choice


def _splits_to_rows(
    raw: RawSheet, plan: Plan, body: pd.DataFrame, cells: pd.DataFrame, rows: pd.Series, log: IssueLog
) -> tuple[pd.DataFrame, pd.Series]:
    """'Capex Planned', 'Capex Actual', 'Opex Planned', 'Opex Actual' -> a capex row and an opex row per row."""
    by_choice: dict[tuple[str, str], dict[str, int]] = {}
    for position, (choice_column, choice, number) in plan.splits.items():
        by_choice.setdefault((choice_column, choice), {})[number] = position
    parts = []
    for (choice_column, choice), positions in by_choice.items():
        present = body[list(positions.values())].notna().any(axis=1)
        part = cells[present].copy()
        part[choice_column] = choice
        for number, position in positions.items():
            part[number] = body.loc[present, position]
        parts.append(part.assign(_row=rows[present]))
    split = pd.concat(parts).sort_values("_row", kind="stable")
    log.add(
        raw.label,
        None,
        "",
        "",
        "one column per choice",
        f"Sheet '{raw.label}' has its numbers in columns per {', '.join(dict.fromkeys(c for c, _ in by_choice))} "
        f"({', '.join(choice for _, choice in by_choice)}): read as {len(split):,} rows, one per row and choice.",
        "warning",
    )
    return split.drop(columns="_row").astype("string"), split["_row"].astype("int64")


# --------------------------------------------------------------------------- one amount, labelled


def _labelled_values_to_rows(
    raw: RawSheet, plan: Plan, body: pd.DataFrame, cells: pd.DataFrame, rows: pd.Series, log: IssueLog
) -> tuple[pd.DataFrame, pd.Series]:
    """'Version' Budget / Actual beside one 'Amount': each amount fills what its label says; a budget row and an
    actual row of the same key and month become one row."""
    values = body[plan.value_position]
    measure = _labelled(raw, plan, body, rows, values.notna(), log)
    long = cells.assign(_measure=measure, _value=values, _row=rows)[measure.notna()]
    log.add(
        raw.label,
        None,
        "",
        "",
        "one amount, labelled",
        f"Sheet '{raw.label}' has one amount column and a label saying on each row what it is: read as "
        f"{', '.join(sorted(set(plan.label_values.values())))} by that label.",
        "warning",
    )
    return _join_measures(plan.sheet, long, [name for name in cells.columns if name != "period"])


# --------------------------------------------------------------------------- one column per month


def _months_to_rows(
    raw: RawSheet, plan: Plan, body: pd.DataFrame, cells: pd.DataFrame, rows: pd.Series, log: IssueLog
) -> tuple[pd.DataFrame, pd.Series] | None:
    """One row per source row and month with a value; planned and actual of the same key joined."""
    sheet, months = plan.sheet, plan.months
    measures = list(sheet.monthly_columns)
    row_measure = _row_measures(raw, plan, body, rows, log)
    if row_measure is None:
        return None
    parts = []
    for position, month in months.items():
        present = body[position].notna()
        part = cells[present].copy()
        part["period"] = month.strftime("%Y-%m-%d")
        part["_measure"] = plan.month_columns.get(position) or row_measure[present]
        part["_value"] = body.loc[present, position]
        part["_row"] = rows[present]
        parts.append(part)
    long = pd.concat(parts, ignore_index=True)
    long = long[long["_measure"].isin(measures)]
    first, last = min(months.values()), max(months.values())
    distinct_months = len(set(months.values()))
    log.add(
        raw.label,
        None,
        "period",
        "",
        "one column per month",
        f"Sheet '{raw.label}' has one column per month ({distinct_months} months, {first:%b %Y} to {last:%b %Y}): "
        f"read as {len(long):,} monthly values.",
        "warning",
    )
    return _join_measures(sheet, long, list(cells.columns))


def _row_measures(raw: RawSheet, plan: Plan, body: pd.DataFrame, rows: pd.Series, log: IssueLog) -> pd.Series | None:
    """Which template column each row's month values fill: from its row label, or the only one there is."""
    measures = list(plan.sheet.monthly_columns)
    if plan.label_position is None:
        if plan.month_columns or len(measures) == 1:
            return pd.Series(measures[0], index=body.index)
        log.add(
            raw.label,
            None,
            "",
            "",
            "row labels missing",
            f"Sheet '{raw.label}' has one column per month: add a column saying on each row whether its numbers "
            f"are {' or '.join(measures)}.",
        )
        return None
    month_positions = [position for position in plan.months if position not in plan.month_columns]
    return _labelled(raw, plan, body, rows, body[month_positions].notna().any(axis=1), log)


def _labelled(
    raw: RawSheet, plan: Plan, body: pd.DataFrame, rows: pd.Series, has_numbers: pd.Series, log: IssueLog
) -> pd.Series:
    """The template column each row's label says its numbers fill; rows with numbers and no such label reported."""
    labels = body[plan.label_position]  # type: ignore[index]
    measure = labels.map(
        lambda text: plan.label_values.get(schema.normalize_name(text)) if isinstance(text, str) else None
    )
    unlabelled = measure.isna() & has_numbers
    if unlabelled.any():
        log.add_rows(
            raw.label,
            unlabelled,
            rows,
            labels.fillna(""),
            column_letter(plan.label_position + raw.column_offset),  # type: ignore[operator]
            "row label missing",
            f"This row has numbers but its label does not say whether they are "
            f"{' or '.join(plan.sheet.monthly_columns)}: write one of them in its label column.",
        )
    return measure


def _join_measures(sheet: Sheet, long: pd.DataFrame, id_columns: list[str]) -> tuple[pd.DataFrame, pd.Series]:
    """Planned and actual values of the same key and month side by side, as the long layout has them.

    Sheets without a unique key (costs) keep every value its own row: cost lines add up.
    """
    keys = [*id_columns, "period"]
    if not sheet.unique_key:
        keys = [*keys, "_row"]
    # a second 'planned' value for the same key stays a row of its own, so the duplicate is reported
    long["_occurrence"] = long.groupby([*keys, "_measure"], dropna=False, sort=False).cumcount()
    keys = list(dict.fromkeys([*keys, "_occurrence"]))
    wide = long.groupby([*keys, "_measure"], dropna=False, sort=False)["_value"].first().unstack("_measure")
    source_rows = long.groupby(keys, dropna=False, sort=False)["_row"].min()
    wide = wide.reindex(source_rows.index)
    joined = wide.reset_index()
    joined["_source_row"] = source_rows.to_numpy()
    joined = joined.sort_values(["_source_row", "period"], kind="stable").reset_index(drop=True)
    text_columns = [name for name in (*id_columns, "period", *wide.columns) if name in joined.columns]
    cells = joined[text_columns].astype("string")
    return cells, joined["_source_row"].astype("int64")
