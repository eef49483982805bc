"""How a sheet is laid out -> its cells under the template's column names, with the row each came from.

Spreadsheets in the wild are not the template. This finds the header row under
a title block, matches headers loosely (case, spaces, punctuation, synonyms,
units in brackets), skips blank rows and a totals row, and turns a wide layout
(one column per month, a row each for planned and actual) into monthly rows.
Wherever something was guessed, it says so as a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from realize import schema
from realize.cells import ReadingContext, month_of_header
from realize.issues import IssueLog
from realize.schema import Sheet

# How far down a title block may push the header row.
HEADER_SEARCH_ROWS = 30
# Wide sheets: what a row label says -> the column its month values fill.
WIDE_LABELS: dict[str, dict[str, str]] = {
    "benefit_measurements": {
        "planned": "planned",
        "plan": "planned",
        "budget": "planned",
        "target": "planned",
        "realized": "realized",
        "realised": "realized",
        "actual": "realized",
        "actuals": "realized",
        "measured": "realized",
    },
    "costs": {
        "planned": "planned",
        "plan": "planned",
        "budget": "planned",
        "actual": "actual",
        "actuals": "actual",
        "spent": "actual",
        "spend": "actual",
    },
    "kpi_values": {"value": "value", "values": "value", "actual": "value", "actuals": "value", "result": "value"},
}
_TOTAL = re.compile(r"^\s*(grand\s+|sub\s*)?totals?\b|^\s*sum\b", re.IGNORECASE)


@dataclass
class RawSheet:
    """A sheet as the user sees it: every cell as text, in rows numbered from 1."""

    sheet: Sheet
    label: str  # the tab or file name, for messages
    columns: list[pd.Series]  # one Series of str|NA per spreadsheet column, index = row number - 1
    context: ReadingContext


@dataclass
class SheetCells:
    """A sheet's data as text under the template's column names (only those present)."""

    cells: pd.DataFrame
    rows: pd.Series  # the Excel row number of each row (a wide sheet gives several rows per source row)
    header_row: int


def lay_out(raw: RawSheet, log: IssueLog) -> SheetCells | None:
    """The data of one sheet, or None when it has no rows."""
    header_index = find_header(raw.sheet, raw.columns)
    if header_index is None:
        log.add(raw.label, None, "", "", "empty sheet", f"Sheet '{raw.label}' has no rows: it was ignored.", "warning")
        return None
    if any(column.iloc[:header_index].notna().any() for column in raw.columns):
        log.add(
            raw.label,
            header_index + 1,
            "",
            "",
            "rows above the header",
            f"The header was found on row {header_index + 1}; the rows above it were skipped.",
            "warning",
        )
    body = data_rows(raw, header_index, log)
    if body.empty:  # a header without rows changes nothing: nothing to check either
        return None
    headers = [column.iloc[header_index] if header_index < len(column) else pd.NA for column in raw.columns]
    months = wide_months(raw, headers)
    label_position = _label_position(raw, body, headers, months) if months else None
    matched = match_columns(raw, header_index, headers, log, skip={*months, label_position})
    body = _without_total_rows(raw, body, matched, log)
    rows = body.index.to_series() + 1
    cells = pd.DataFrame({name: body[position] for name, position in matched.items()}, index=body.index)
    if months:
        reshaped = _months_to_rows(raw, body, cells, rows, months, label_position, log)
        if reshaped is None:
            return None
        cells, rows = reshaped
    return SheetCells(cells.reset_index(drop=True), rows.reset_index(drop=True), header_index + 1)


def find_header(sheet: Sheet, columns: list[pd.Series]) -> int | None:
    """The row naming the most template columns among the first rows with values; else the first such row."""
    firsts = [column.first_valid_index() for column in columns]
    firsts = [index for index in firsts if index is not None]
    if not firsts:
        return None
    first = min(firsts)
    best, best_count = first, 0
    for index in range(first, first + HEADER_SEARCH_ROWS):
        cells = [column.iloc[index] for column in columns if index < len(column)]
        count = sum(1 for cell in cells if not pd.isna(cell) and schema.column_for_header(sheet, str(cell)))
        if count > best_count:
            best, best_count = index, count
    return best


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


def match_columns(
    raw: RawSheet, header_index: int, headers: list[object], log: IssueLog, skip: set[int | None]
) -> dict[str, int]:
    """Schema column name -> position in the sheet, warning about what is ignored."""
    matched: dict[str, int] = {}
    for position, header in enumerate(headers):
        if position in skip:
            continue
        letter = column_letter(position)
        if pd.isna(header):
            if raw.columns[position].iloc[header_index + 1 :].notna().any():
                log.add(
                    raw.label,
                    header_index + 1,
                    letter,
                    "",
                    "column without header",
                    f"Column {letter} has values but no header: it was ignored. Give it a template column name.",
                    "warning",
                )
            continue
        column = schema.column_for_header(raw.sheet, str(header))
        if column is None:
            log.add(
                raw.label,
                header_index + 1,
                str(header),
                header,
                "unknown column",
                f"Column '{header}' is not part of {raw.sheet.name} and was ignored.",
                "warning",
            )
        elif column.name in matched:
            first = headers[matched[column.name]]
            log.add(
                raw.label,
                header_index + 1,
                str(header),
                header,
                "column given twice",
                f"Columns '{first}' and '{header}' both mean {column.name}: remove or rename one of them.",
            )
        else:
            matched[column.name] = position
    return matched


def column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# --------------------------------------------------------------------------- totals


def _without_total_rows(raw: RawSheet, body: pd.DataFrame, matched: dict[str, int], log: IssueLog) -> pd.DataFrame:
    """A row with no id and a 'Total' label is a totals row: skipped, with a warning."""
    keys = [name for name in (*raw.sheet.unique_key, raw.sheet.scope_key) if name in matched]
    if not keys:
        return body
    no_id = body[matched[keys[0]]].isna()
    if not no_id.any():
        return body
    labelled = body[no_id].apply(lambda row: row.dropna().astype(str).str.match(_TOTAL).any(), axis=1)
    totals = pd.Series(False, index=body.index)
    totals[labelled[labelled].index] = True
    if totals.any():
        label = body.loc[totals].apply(lambda row: next(str(value) for value in row.dropna()), axis=1)
        log.add_rows(
            raw.label,
            totals,
            body.index.to_series() + 1,
            label.reindex(body.index),
            keys[0],
            "totals row",
            f"A row with no {keys[0]} labelled like a total was skipped; totals are worked out by Realize.",
            "warning",
        )
    return body[~totals]


# --------------------------------------------------------------------------- one column per month


def wide_months(raw: RawSheet, headers: list[object]) -> dict[int, pd.Timestamp]:
    """Position -> month, when this sheet has one column per month instead of a period column."""
    if raw.sheet.name not in WIDE_LABELS:
        return {}
    named = {schema.column_for_header(raw.sheet, str(header)).name for header in headers if _is_named(raw, header)}
    if "period" in named:
        return {}
    months = {
        position: month
        for position, header in enumerate(headers)
        if not pd.isna(header)
        and not _is_named(raw, header)
        and (month := month_of_header(str(header), raw.context)) is not None
    }
    return months if len(months) >= 2 else {}


def _is_named(raw: RawSheet, header: object) -> bool:
    return not pd.isna(header) and schema.column_for_header(raw.sheet, str(header)) is not None


def _label_position(
    raw: RawSheet, body: pd.DataFrame, headers: list[object], months: dict[int, pd.Timestamp]
) -> int | None:
    """The column whose values say planned / actual on each row of a wide sheet."""
    vocabulary = WIDE_LABELS[raw.sheet.name]
    for position, header in enumerate(headers):
        if position in months or _is_named(raw, header):
            continue
        values = body[position].dropna()
        if not values.empty and values.map(schema.normalize_choice).isin(list(vocabulary)).all():
            return position
    return None


def _months_to_rows(
    raw: RawSheet,
    body: pd.DataFrame,
    cells: pd.DataFrame,
    rows: pd.Series,
    months: dict[int, pd.Timestamp],
    label_position: int | None,
    log: IssueLog,
) -> tuple[pd.DataFrame, pd.Series] | None:
    """One row per source row and month with a value; planned and actual of the same key joined."""
    sheet = raw.sheet
    vocabulary = WIDE_LABELS[sheet.name]
    measures = list(dict.fromkeys(vocabulary.values()))
    if label_position is None and len(measures) > 1:
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
    if label_position is None:
        measure = pd.Series(measures[0], index=body.index)
    else:
        measure = body[label_position].map(schema.normalize_choice).map(vocabulary)
        unlabelled = measure.isna() & body[list(months)].notna().any(axis=1)
        if unlabelled.any():
            log.add_rows(
                raw.label,
                unlabelled,
                rows,
                pd.Series("", index=body.index),
                column_letter(label_position),
                "row label missing",
                f"This row has monthly numbers but does not say whether they are {' or '.join(measures)}.",
            )
    parts = []
    for position, month in months.items():
        present = body[position].notna()
        part = cells[present].copy()
        part["period"] = month.strftime("%Y-%m-%d")
        part["_measure"] = measure[present]
        part["_value"] = body.loc[present, position]
        part["_row"] = rows[present]
        parts.append(part)
    long = pd.concat(parts, ignore_index=True)
    first, last = min(months.values()), max(months.values())
    log.add(
        raw.label,
        None,
        "period",
        "",
        "one column per month",
        f"Sheet '{raw.label}' has one column per month ({len(months)} months, {first:%b %Y} to {last:%b %Y}): "
        f"read as {len(long):,} monthly values.",
        "warning",
    )
    return _join_measures(sheet, long, list(cells.columns))


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
