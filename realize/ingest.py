"""Uploaded files -> validated, typed tables plus an issue table (SPEC sections 2 and 3).

Reading: .xlsx/.xlsm with fastexcel (every cell as text, rows as the user sees
them), .csv files named after their sheet. Typing and validation are
vectorised over whole columns (unique values where a column repeats itself),
so an upload is bounded by reading the file, not by this module.

No Streamlit and no database here: what is already stored reaches validation
through the small `StoredKeys` protocol.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal, Protocol

import fastexcel
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from realize import measures, schema
from realize.schema import Column, Sheet

Severity = Literal["error", "warning"]
ISSUE_COLUMNS = ("sheet", "row", "column", "value", "rule", "severity", "message")
# Rows listed per (sheet, column, rule) before the rest are summed up in one line.
ISSUES_LISTED_PER_RULE = 50
SOURCE_ROW = "source_row"

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
# Excel serial numbers count days from 1899-12-30; outside these bounds a bare
# number in a date column is more likely a year or a typo than a date.
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
SERIAL_FIRST = 18264  # 1950-01-01
SERIAL_LAST = 73051  # 2100-01-01


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class SourceFile:
    """One uploaded file: its name as the user chose it and its bytes."""

    name: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()


@dataclass(frozen=True)
class Issue:
    sheet: str
    row: int | None
    column: str
    value: str
    rule: str
    severity: Severity
    message: str


class StoredKeys(Protocol):
    """What validation needs to know about the data already stored."""

    def ids(self, sheet: str) -> set[str]:
        """The ids (first unique-key column) of the sheet's current rows."""
        ...

    def id_scopes(self, sheet: str) -> dict[str, str]:
        """For a sheet whose id is not its scope key: current id -> scope value."""
        ...


class NothingStored:
    """StoredKeys for validating a file on its own (an empty database)."""

    def ids(self, sheet: str) -> set[str]:
        return set()

    def id_scopes(self, sheet: str) -> dict[str, str]:
        return {}


@dataclass
class ParsedUpload:
    """The outcome of reading and validating one upload."""

    files: tuple[SourceFile, ...]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    # sheet name -> the tab or file it came from, as the user named it
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.tables)

    @property
    def sha256(self) -> str:
        return upload_sha256(self.files)

    @property
    def file_names(self) -> list[str]:
        return [source.name for source in self.files]

    @property
    def rows_per_sheet(self) -> dict[str, int]:
        return {name: len(table) for name, table in self.tables.items()}

    def issue_frame(self) -> pd.DataFrame:
        return issues_frame(self.issues)


def issues_frame(issues: Iterable[Issue]) -> pd.DataFrame:
    """The issue table users see and download: errors first, then by sheet and row."""
    frame = pd.DataFrame(
        [[getattr(issue, name) for name in ISSUE_COLUMNS] for issue in issues],
        columns=list(ISSUE_COLUMNS),
    )
    frame["row"] = frame["row"].astype("Int64")
    order = frame["severity"].map({"error": 0, "warning": 1})
    return frame.assign(_order=order).sort_values(["_order", "sheet", "row"], kind="stable").drop(columns="_order")


def upload_sha256(files: Iterable[SourceFile]) -> str:
    """One file: its own sha256. Several CSV files: a digest of their names and digests."""
    files = list(files)
    if len(files) == 1:
        return files[0].sha256
    lines = sorted(f"{Path(source.name).name.casefold()}\t{source.sha256}" for source in files)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


class IssueLog:
    """Collects issues; rows with the same problem are listed up to a limit, then summed up."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(
        self,
        sheet: str,
        row: int | None,
        column: str,
        value: object,
        rule: str,
        message: str,
        severity: Severity = "error",
    ) -> None:
        self.issues.append(Issue(sheet, row, column, _display(value), rule, severity, message))

    def add_rows(
        self,
        sheet: str,
        where: pd.Series,
        rows: pd.Series,
        values: pd.Series,
        column: str,
        rule: str,
        message: str | Callable[[Hashable], str],
        severity: Severity = "error",
    ) -> None:
        """One issue per row flagged in `where` (rows, values and messages looked up by index
        label), listed up to a limit per rule and column; the rest summed up in one line."""
        labels = where.index[where.to_numpy(dtype=bool)]
        listed = labels[:ISSUES_LISTED_PER_RULE]
        for label in listed:
            text = message if isinstance(message, str) else message(label)
            self.add(sheet, int(rows[label]), column, values[label], rule, text, severity)
        if len(labels) > len(listed):
            more = len(labels) - len(listed)
            self.add(
                sheet,
                None,
                column,
                "",
                rule,
                f"...and {more:,} more rows with the same problem in this column (first {len(listed)} listed).",
                severity,
            )


def _display(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


# --------------------------------------------------------------------------- reading


@dataclass
class RawSheet:
    """A sheet as the user sees it: every cell as text, in rows numbered from 1."""

    sheet: Sheet
    label: str  # the tab or file name, for messages
    columns: list[pd.Series]  # one Series of str|NA per spreadsheet column, index = row number - 1


def parse_upload(files: Iterable[SourceFile], stored: StoredKeys | None = None) -> ParsedUpload:
    """Read, type and validate an upload; nothing is written anywhere."""
    upload = ParsedUpload(files=tuple(files))
    log = IssueLog()
    raw_sheets = _read_files(upload.files, log)
    for raw in raw_sheets:
        table = _type_sheet(raw, log)
        if table is not None:
            upload.tables[raw.sheet.name] = table
            upload.labels[raw.sheet.name] = raw.label
    log.issues.extend(check_keys(upload, stored or NothingStored()))
    if not upload.files:
        log.add("", None, "", "", "no file", "Choose an .xlsx workbook or one or more .csv files to upload.")
    elif not upload.tables and not any(issue.severity == "error" for issue in log.issues):
        log.add("", None, "", ", ".join(upload.file_names), *_nothing_to_apply(raw_sheets))
    upload.issues = log.issues
    return upload


def parse_rows(sheet: str, rows: list[dict[str, object]], stored: StoredKeys | None = None) -> ParsedUpload:
    """Rows edited in the app, checked by exactly the rules an upload meets (as a CSV of that sheet)."""
    columns = list(schema.SHEETS_BY_NAME[sheet].column_names)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(name) is None else _csv_text(row[name]) for name in columns])
    return parse_upload([SourceFile(f"{sheet}.csv", buffer.getvalue().encode())], stored)


def _csv_text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _nothing_to_apply(raw_sheets: list[RawSheet]) -> tuple[str, str]:
    if not raw_sheets:
        known = ", ".join(sheet.name for sheet in schema.SHEETS)
        return (
            "no template sheet",
            f"No sheet is one of the template's ({known}): rename the sheets, or start from the template.",
        )
    return "no rows", "The sheets hold headers but no rows: fill in at least one row, then upload again."


def _read_files(files: tuple[SourceFile, ...], log: IssueLog) -> list[RawSheet]:
    sheets: list[RawSheet] = []
    for source in files:
        if not source.content:
            log.add("", None, "", source.name, "empty file", f"{source.name} is empty: choose the file again.")
        elif source.suffix in EXCEL_SUFFIXES:
            sheets.extend(_read_workbook(source, log))
        elif source.suffix == ".csv":
            sheets.extend(_read_csv(source, log))
        elif source.suffix == ".xls":
            log.add(
                "",
                None,
                "",
                source.name,
                "old Excel format",
                f"{source.name} is an old .xls workbook: open it in Excel and save it as .xlsx, then upload that.",
            )
        else:
            log.add(
                "",
                None,
                "",
                source.name,
                "unsupported file",
                f"{source.name} is not an .xlsx workbook or a .csv file: upload one of those.",
            )
    return _drop_repeated_sheets(sheets, log)


def _drop_repeated_sheets(sheets: list[RawSheet], log: IssueLog) -> list[RawSheet]:
    seen: dict[str, RawSheet] = {}
    for raw in sheets:
        first = seen.get(raw.sheet.name)
        if first is None:
            seen[raw.sheet.name] = raw
            continue
        log.add(
            raw.label,
            None,
            "",
            raw.label,
            "sheet given twice",
            f"'{raw.label}' and '{first.label}' both hold {raw.sheet.name}: keep one of them.",
        )
    return list(seen.values())


def _read_workbook(source: SourceFile, log: IssueLog) -> list[RawSheet]:
    try:
        reader = fastexcel.read_excel(source.content)
        names = list(reader.sheet_names)
    except Exception as error:  # fastexcel raises its own error types per failure
        log.add(
            "",
            None,
            "",
            source.name,
            "unreadable file",
            f"{source.name} could not be read as an Excel workbook ({_first_line(error)}): "
            "open it in Excel, save it as .xlsx and upload it again.",
        )
        return []
    sheets: list[RawSheet] = []
    for name in names:
        sheet = _sheet_or_warn(name, log)
        if sheet is None:
            continue
        try:
            batch = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string").to_arrow()
        except Exception as error:
            log.add(name, None, "", "", "unreadable sheet", f"Sheet '{name}' could not be read ({_first_line(error)}).")
            continue
        sheets.append(RawSheet(sheet, name, [_text_series(column) for column in batch.columns]))
    return sheets


def _read_csv(source: SourceFile, log: IssueLog) -> list[RawSheet]:
    label = Path(source.name).stem
    sheet = _sheet_or_warn(label, log, file_name=source.name)
    if sheet is None:
        return []
    text, encoding = _decode(source.content)
    if encoding != "utf-8":
        log.add(
            label,
            None,
            "",
            source.name,
            "text encoding guessed",
            f"{source.name} is not UTF-8; it was read as {encoding}. Check accented names in the preview.",
            "warning",
        )
    delimiter = _sniff_delimiter(text)
    try:
        table = pa_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pa_csv.ReadOptions(autogenerate_column_names=True),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=_all_text_types(text, delimiter), strings_can_be_null=True, quoted_strings_can_be_null=True
            ),
        )
    except pa.ArrowInvalid as error:
        log.add(
            label,
            None,
            "",
            source.name,
            "unreadable file",
            f"{source.name} could not be read as CSV ({_first_line(error)}): "
            "check that every row has the same number of columns, or export the sheet again.",
        )
        return []
    return [RawSheet(sheet, label, [_text_series(column) for column in table.columns])]


def _decode(content: bytes) -> tuple[str, str]:
    try:
        return content.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace"), "Windows-1252"


def _sniff_delimiter(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _all_text_types(text: str, delimiter: str) -> dict[str, pa.DataType]:
    """pyarrow names generated columns f0, f1, ...: read every one of them as text."""
    widest = max((len(row) for row in csv.reader(text.splitlines()[:50], delimiter=delimiter)), default=1)
    return {f"f{index}": pa.string() for index in range(max(widest, 1))}


def _sheet_or_warn(label: str, log: IssueLog, file_name: str | None = None) -> Sheet | None:
    sheet = schema.sheet_for_name(label)
    if sheet is None and schema.normalize_name(label) not in _ignored_sheets():
        where = f"File {file_name}" if file_name else f"Sheet '{label}'"
        known = ", ".join(item.name for item in schema.SHEETS)
        log.add(
            label,
            None,
            "",
            file_name or label,
            "unknown sheet",
            f"{where} is not one of the template's sheets ({known}) and was ignored; rename it to upload it.",
            "warning",
        )
    return sheet


@cache
def _ignored_sheets() -> frozenset[str]:
    """Our own sheets without data: the template's About, the export's views."""
    names = (*schema.INFORMATION_SHEETS, *measures.NAMED_VIEWS)
    return frozenset(schema.normalize_name(name) for name in names)


def _text_series(column: pa.Array | pa.ChunkedArray) -> pd.Series:
    """Cells as stripped text (Arrow-backed); empty text is missing."""
    text = pc.utf8_trim_whitespace(column.cast(pa.large_string()))
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.large_string()), text)
    return pd.Series(pd.arrays.ArrowStringArray(text))


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:200]


# --------------------------------------------------------------------------- typing


def _type_sheet(raw: RawSheet, log: IssueLog) -> pd.DataFrame | None:
    """Header, column matching, cell types and row rules of one sheet."""
    sheet, label = raw.sheet, raw.label
    header_index = _header_index(sheet, raw.columns)
    if header_index is None:
        log.add(label, None, "", "", "empty sheet", f"Sheet '{label}' has no rows: it was ignored.", "warning")
        return None
    if any(column.iloc[:header_index].notna().any() for column in raw.columns):
        log.add(
            label,
            header_index + 1,
            "",
            "",
            "rows above the header",
            f"The header was found on row {header_index + 1}; the rows above it were skipped.",
            "warning",
        )
    body = _data_rows(raw, header_index, log)
    if body.empty:  # a header without rows changes nothing: nothing to check either
        return None
    matched = _match_columns(raw, header_index, log)
    for name in sheet.required_columns:
        if name not in matched:
            log.add(
                label,
                header_index + 1,
                name,
                "",
                "missing column",
                f"Sheet '{label}' needs a column '{name}' ({sheet.column(name).description}) "
                "in its header row; the template has it.",
            )
    rows = body.index.to_series() + 1
    table = pd.DataFrame(index=body.index)
    for column in sheet.columns:
        position = matched.get(column.name)
        cells = body[position] if position is not None else pd.Series(pd.NA, index=body.index, dtype="string")
        table[column.name] = _type_column(label, column, cells, rows, log, present=position is not None)
    table[SOURCE_ROW] = rows.astype("int64")
    _check_rows(sheet, label, table, log)
    return table.reset_index(drop=True)


# How far down a title block may push the header row.
HEADER_SEARCH_ROWS = 30


def _header_index(sheet: Sheet, columns: list[pd.Series]) -> int | None:
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


def _match_columns(raw: RawSheet, header_index: int, log: IssueLog) -> dict[str, int]:
    """Schema column name -> position in the sheet, warning about what is ignored."""
    matched: dict[str, int] = {}
    for position, cells in enumerate(raw.columns):
        header = cells.iloc[header_index] if header_index < len(cells) else pd.NA
        letter = _column_letter(position)
        if pd.isna(header):
            if cells.iloc[header_index + 1 :].notna().any():
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
            first = raw.columns[matched[column.name]].iloc[header_index]
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


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _data_rows(raw: RawSheet, header_index: int, log: IssueLog) -> pd.DataFrame:
    """The rows under the header, blank rows dropped (a warning for those between data rows)."""
    body = pd.concat([cells.iloc[header_index + 1 :] for cells in raw.columns], axis=1, ignore_index=True)
    filled = body.notna().any(axis=1)
    if filled.all():
        return body
    last_filled = filled[filled].index.max() if filled.any() else header_index
    blank_inside = ~filled & (body.index < last_filled)
    rows = body.index.to_series() + 1
    log.add_rows(raw.label, blank_inside, rows, _blank(body), "", "blank row", "Blank row skipped.", "warning")
    return body[filled]


def _type_column(
    label: str, column: Column, cells: pd.Series, rows: pd.Series, log: IssueLog, *, present: bool
) -> pd.Series:
    """Cells of one column -> typed values; bad cells logged and left missing."""
    parser = PARSERS[column.kind]
    values, bad = parser(cells, column)
    if bad.any():
        rule, message = _bad_value_rule(column)
        log.add_rows(label, bad, rows, cells, column.name, rule, lambda at: message(cells[at]))
    if column.kind == "percent":
        outside = values.notna() & ((values < 0) | (values > 100))
        if outside.any():
            log.add_rows(
                label,
                outside,
                rows,
                cells,
                column.name,
                "out of range",
                lambda at: f"{cells[at]} is not between 0 and 100: write the percentage credited, such as 80.",
            )
    if column.required and present:
        missing = cells.isna()
        if missing.any():
            log.add_rows(
                label,
                missing,
                rows,
                cells,
                column.name,
                "missing value",
                f"{column.name} is required on every row: fill it in.",
            )
    if column.default is not None:
        values = values.where(cells.notna() | bad, column.default)
    return values


def _bad_value_rule(column: Column) -> tuple[str, Callable[[object], str]]:
    kind = column.kind
    if kind == "enum":
        allowed = ", ".join(column.choices)
        return "unknown value", lambda value: f"'{value}' is not a {column.name}: use one of {allowed}."
    if kind in ("date", "month"):
        return "not a date", lambda value: f"'{value}' is not a date: use an Excel date or text as YYYY-MM-DD."
    if kind == "bool":
        return "not yes or no", lambda value: f"'{value}' is not yes or no: write yes or no (or true/false, 1/0)."
    return "not a number", lambda value: f"'{value}' is not a number: write a number such as 1200 or 1,200.50."


def parse_text(cells: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    return cells, pd.Series(False, index=cells.index)


_NUMBER_NOISE = re.compile(r"[\s\u00a0\u202f$€£¥₹,']|\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD)\b", re.IGNORECASE)


def _clean_number(text: str) -> float:
    """'$1,200' -> 1200, '(1,200)' -> -1200, '12%' -> 12 (percent points); NaN if not a number."""
    cleaned = _NUMBER_NOISE.sub("", text).replace("\u2212", "-").removesuffix("%")
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1]
    try:
        number = float(cleaned)
    except ValueError:
        return np.nan
    if not np.isfinite(number):
        return np.nan
    return -number if negative else number


def parse_number(cells: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    try:  # fast path: every cell is a plain number (Excel numbers always are)
        parsed = pc.cast(pa.array(cells.array), pa.float64()).to_numpy(zero_copy_only=False)
        numbers = pd.Series(parsed, index=cells.index, dtype="float64")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        numbers = pd.to_numeric(cells, errors="coerce").astype("float64")
    numbers = numbers.where(np.isfinite(numbers))
    retry = numbers.isna() & cells.notna()
    if retry.any():
        numbers[retry] = _map_unique(cells[retry], _clean_number, "float64", np.nan)
    return numbers, numbers.isna() & cells.notna()


_MONTH_FORMATS = ("%b %Y", "%B %Y", "%b-%Y", "%B-%Y", "%b-%y", "%Y/%m", "%m/%Y", "%Y.%m")


def _parse_date_text(text: str) -> np.datetime64:
    """One distinct date text -> a day, or NaT."""
    if re.fullmatch(r"\d+(\.\d+)?", text):
        serial = float(text)
        if SERIAL_FIRST <= serial < SERIAL_LAST:
            return (EXCEL_EPOCH + pd.Timedelta(days=int(serial))).to_datetime64()
        return NOT_A_DAY
    stamp = pd.to_datetime(text, format="ISO8601", errors="coerce")
    if pd.isna(stamp):
        for pattern in _MONTH_FORMATS:
            stamp = pd.to_datetime(text, format=pattern, errors="coerce")
            if not pd.isna(stamp):
                break
    if pd.isna(stamp):
        return NOT_A_DAY
    stamp = pd.Timestamp(stamp)
    return (stamp.tz_localize(None) if stamp.tzinfo else stamp).normalize().to_datetime64()


def _parse_month_text(text: str) -> np.datetime64:
    """One distinct month text -> the first day of that month, or NaT."""
    return _parse_date_text(text).astype("datetime64[M]")


NOT_A_DAY = np.datetime64("NaT")


def parse_date(cells: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    parse = _parse_month_text if column.kind == "month" else _parse_date_text
    days = pd.Series(_map_unique(cells, parse, "datetime64[s]", NOT_A_DAY), index=cells.index)
    return days, days.isna() & cells.notna()


_TRUE = {"yes", "y", "true", "t", "1", "x", "1.0"}
_FALSE = {"no", "n", "false", "f", "0", "0.0"}


def _parse_bool_text(text: str) -> object:
    folded = text.casefold()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    return None


def parse_bool(cells: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    flags = pd.Series(_map_unique(cells, _parse_bool_text, object, None), index=cells.index, dtype="boolean")
    return flags, flags.isna() & cells.notna()


def parse_enum(cells: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    parsed = _map_unique(cells, lambda text: schema.choice_for_value(column, text), object, None)
    choices = pd.Series(parsed, index=cells.index, dtype="string")
    return choices, choices.isna() & cells.notna()


def _map_unique(cells: pd.Series, parse: Callable[[str], object], dtype: object, missing: object) -> np.ndarray:
    """Apply a per-value parser once per distinct value (columns repeat themselves)."""
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    parsed = np.array([parse(str(value)) for value in uniques] + [missing], dtype=dtype)
    return parsed[codes]


PARSERS: Mapping[str, Callable[[pd.Series, Column], tuple[pd.Series, pd.Series]]] = {
    "text": parse_text,
    "number": parse_number,
    "percent": parse_number,
    "date": parse_date,
    "month": parse_date,
    "bool": parse_bool,
    "enum": parse_enum,
}


# --------------------------------------------------------------------------- rules


def _check_rows(sheet: Sheet, label: str, table: pd.DataFrame, log: IssueLog) -> None:
    rows = table[SOURCE_ROW]
    for order in sheet.date_orders:
        earlier, later = table[order.earlier], table[order.later]
        wrong = earlier.notna() & later.notna() & (later < earlier)
        if wrong.any():
            log.add_rows(
                label,
                wrong,
                rows,
                later.dt.strftime("%Y-%m-%d"),
                order.later,
                "end before start",
                lambda at, order=order, earlier=earlier, later=later: (
                    f"{order.later} {later[at]:%Y-%m-%d} is before {order.earlier} {earlier[at]:%Y-%m-%d}: "
                    "correct one of the two dates."
                ),
            )
    if sheet.at_least_one:
        unlinked = table[list(sheet.at_least_one)].isna().all(axis=1)
        if unlinked.any():
            names = ", ".join(sheet.at_least_one)
            log.add_rows(
                label,
                unlinked,
                rows,
                _blank(table),
                " / ".join(sheet.at_least_one),
                "no link",
                f"Say what this responds to: fill in at least one of {names}.",
            )


def check_keys(upload: ParsedUpload, stored: StoredKeys) -> list[Issue]:
    """Duplicate ids and references, against the upload itself and what is stored.

    Run again under the store's write lock just before applying, so an upload
    applied meanwhile by someone else cannot slip a dangling reference in.
    """
    log = IssueLog()
    for name, table in upload.tables.items():
        sheet = schema.SHEETS_BY_NAME[name]
        label = upload.labels.get(name, name)
        _check_duplicates(sheet, label, table, log)
        _check_stored_scope(sheet, label, table, stored, log)
        _check_references(sheet, label, table, upload.tables, stored, log)
    return log.issues


def _check_duplicates(sheet: Sheet, label: str, table: pd.DataFrame, log: IssueLog) -> None:
    if not sheet.unique_key:
        return
    key_columns = list(sheet.unique_key)
    keys = table[key_columns]
    complete = keys.notna().all(axis=1)
    repeated = keys.duplicated(keep="first") & complete
    if not repeated.any():
        return
    first_row = table[complete].groupby(key_columns, sort=False)[SOURCE_ROW].transform("min")
    # only the rows that will be listed need their key spelled out
    key_text = _key_text(keys.loc[repeated.index[repeated.to_numpy()][:ISSUES_LISTED_PER_RULE]])
    described = " and ".join(key_columns)
    log.add_rows(
        label,
        repeated,
        table[SOURCE_ROW],
        key_text,
        key_columns[0],
        "duplicate id",
        lambda at: (
            f"{key_text[at]} is given again (first on row {first_row[at]}): "
            f"each {described} may appear only once; remove or correct one of the rows."
        ),
    )


def _key_text(keys: pd.DataFrame) -> pd.Series:
    """A key as users read it: 'BEN-01' or 'BEN-01 2025-01'."""
    parts = [
        column.dt.strftime("%Y-%m") if pd.api.types.is_datetime64_any_dtype(column) else column.astype(str)
        for _, column in keys.items()
    ]
    text = parts[0]
    for part in parts[1:]:
        text = text + " " + part
    return text


def _blank(frame: pd.DataFrame) -> pd.Series:
    return pd.Series("", index=frame.index)


def _check_stored_scope(sheet: Sheet, label: str, table: pd.DataFrame, stored: StoredKeys, log: IssueLog) -> None:
    """An id stored under another scope that this upload does not replace would exist twice."""
    if len(sheet.unique_key) != 1 or sheet.unique_key[0] == sheet.scope_key:
        return
    id_column = sheet.unique_key[0]
    stored_scopes = stored.id_scopes(sheet.name)
    if not stored_scopes:
        return
    replaced = set(table[sheet.scope_key].dropna())
    stored_scope = table[id_column].map(stored_scopes)
    clash = stored_scope.notna() & (stored_scope != table[sheet.scope_key]) & ~stored_scope.isin(replaced)
    if not clash.any():
        return
    ids = table[id_column]
    log.add_rows(
        label,
        clash,
        table[SOURCE_ROW],
        ids,
        id_column,
        "duplicate id",
        lambda at: (
            f"{id_column} {ids[at]} is already stored under {sheet.scope_key} {stored_scope[at]}: "
            f"use a new {id_column}, or upload {stored_scope[at]}'s {sheet.name} too to move it."
        ),
    )


def _check_references(
    sheet: Sheet, label: str, table: pd.DataFrame, tables: dict[str, pd.DataFrame], stored: StoredKeys, log: IssueLog
) -> None:
    for column in sheet.columns:
        if not column.references:
            continue
        target = schema.SHEETS_BY_NAME[column.references]
        id_column = target.unique_key[0]
        known = set(stored.ids(target.name))
        if target.name in tables:
            known |= set(tables[target.name][id_column].dropna())
        values = table[column.name]
        dangling = values.notna() & ~values.isin(known)
        if dangling.any():
            log.add_rows(
                label,
                dangling,
                table[SOURCE_ROW],
                values,
                column.name,
                "unknown reference",
                lambda at, values=values, target=target, id_column=id_column: (
                    f"{id_column} '{values[at]}' does not exist: add it to the {target.name} sheet "
                    "(in this upload or an earlier one) or correct the id."
                ),
            )
