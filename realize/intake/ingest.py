"""Uploaded files -> validated, typed tables plus an issue table (SPEC sections 2 and 3).

Reading: .xlsx/.xlsm with fastexcel (every cell as text, rows as the user sees
them) in processes of their own (realize.intake.workbook_reader), once realize.intake.guard has
looked at the file; .csv files named after
their sheet, in UTF-8, UTF-16 or Windows-1252, separated by commas, semicolons
or tabs. realize.intake.layout finds each sheet's header and data, realize.intake.cells types
the values; both work on whole columns, so an upload is bounded by reading the
file, not by this module.

No Streamlit and no database here: what is already stored reaches validation
through the small `StoredKeys` protocol.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from realize.contract import schema
from realize.contract.schema import Column, Sheet
from realize.intake import guard, workbook_reader
from realize.intake.cells import PARSERS, DateOrder, ReadingContext, placeholders
from realize.intake.csv_text import MAX_CSV_COLUMNS, CsvText, TextColumn, clean_columns, read_csv_text
from realize.intake.fitting import read_header
from realize.intake.issues import ISSUES_LISTED_PER_RULE, Issue, IssueLog, issues_frame
from realize.intake.layout import Plan, RawSheet, lay_out
from realize.intake.mapping import Answers, Question, SavedMapping, SheetMapping
from realize.intake.recognize import Recognition, describe, recognise, unused_answers
from realize.intake.sources import SourceFile

# Sheets are typed and checked this many at a time: Arrow and pandas leave the interpreter lock while they work.
TYPING_THREADS = 2
SOURCE_ROW = "source_row"
# A file's reading started before the upload is read: a workbook's reader processes, a CSV file's thread.
Started = workbook_reader.StartedRead | Future[CsvText]
# the file sheet each row came from, kept while rows of several file sheets are uploaded together
SOURCE_SHEET = "source_sheet"


# --------------------------------------------------------------------------- model


class StoredKeys(Protocol):
    """What validation and recognition need to know about the data already stored."""

    def ids(self, sheet: str) -> set[str]:
        """The ids (first unique-key column) of the sheet's current rows."""
        ...

    def id_scopes(self, sheet: str) -> dict[str, str]:
        """For a sheet whose id is not its scope key: current id -> scope value."""
        ...

    def saved_mappings(self) -> list[SavedMapping]:
        """The sheet layouts users mapped before, by header signature."""
        ...


class NothingStored:
    """StoredKeys for validating a file on its own (an empty database)."""

    def ids(self, sheet: str) -> set[str]:
        return set()

    def id_scopes(self, sheet: str) -> dict[str, str]:
        return {}

    def saved_mappings(self) -> list[SavedMapping]:
        return []


@dataclass(frozen=True)
class ReadingOptions:
    """How to read what the file leaves open (from Settings) and how much to accept."""

    date_order: DateOrder = "day_first"
    fiscal_year_start: int = 1
    limits: guard.Limits = field(default_factory=guard.default_limits)

    @classmethod
    def from_settings(cls, settings: Mapping[str, object]) -> ReadingOptions:
        return cls(
            date_order=settings.get("date_order", "day_first"),  # type: ignore[arg-type]
            fiscal_year_start=int(settings.get("fiscal_year_start", 1)),  # type: ignore[call-overload]
        )


@dataclass
class ParsedUpload:
    """The outcome of reading and validating one upload."""

    files: tuple[SourceFile, ...]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    # sheet name -> the tab or file it came from, as the user named it ('Capex + Opex' when several)
    labels: dict[str, str] = field(default_factory=dict)
    # how each file sheet and column was taken, what is left to answer, what to save when applied
    mappings: list[SheetMapping] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    to_save: list[SavedMapping] = field(default_factory=list)
    answers: Answers = field(default_factory=Answers)
    # the store's data version when the keys were checked (None: not checked against a store)
    checked_at_version: int | None = None

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "warning"]

    @property
    def ok(self) -> bool:
        """Nothing blocks applying: no errors, no open question, and some rows to apply."""
        return not self.errors and not self.questions and bool(self.tables)

    def question_lines(self) -> list[str]:
        """Each open question with the --map options that answer it (for the command line)."""
        return [describe(question) for question in self.questions]

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


def upload_sha256(files: Iterable[SourceFile]) -> str:
    """One file: its own sha256. Several CSV files: a digest of their names and digests."""
    files = list(files)
    if len(files) == 1:
        return files[0].sha256
    lines = sorted(f"{Path(source.name).name.casefold()}\t{source.sha256}" for source in files)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


# --------------------------------------------------------------------------- reading


def parse_upload(
    files: Iterable[SourceFile],
    stored: StoredKeys | None = None,
    options: ReadingOptions | None = None,
    answers: Answers | None = None,
) -> ParsedUpload:
    """Read, recognise, type and validate an upload; nothing is written anywhere."""
    return interpret(read_upload(files, options), stored, answers)


@dataclass(frozen=True)
class ReadUpload:
    """An upload's files read into raw sheets (every cell as text), before recognition: what the Data
    page keeps between reruns while the user answers the mapping questions."""

    files: tuple[SourceFile, ...]
    raw_sheets: tuple[RawSheet, ...]
    issues: tuple[Issue, ...]


def read_upload(
    files: Iterable[SourceFile],
    options: ReadingOptions | None = None,
    started: Mapping[str, Started] | None = None,
) -> ReadUpload:
    """`started`: files whose reading was started already (by sha256), as the command line does."""
    options = options or ReadingOptions()
    files = tuple(files)
    log = IssueLog()
    raw_sheets = _read_files(files, options, log, dict(started or {}))
    return ReadUpload(files, tuple(raw_sheets), tuple(log.issues))


# Told each template sheet's final rows as soon as they are known, while the rest is still typed and checked.
Ready = Callable[[str, pd.DataFrame], None]


def interpret(
    read: ReadUpload, stored: StoredKeys | None = None, answers: Answers | None = None, ready: Ready | None = None
) -> ParsedUpload:
    """Recognise the sheets and columns of a read upload, then type and check its rows.

    `ready(sheet, rows)`: called with each template sheet's final rows as soon as they are typed, when nothing
    found so far stops the upload (the command line writes them while the rest is checked). A sheet is never
    handed over twice; the upload may still fail its later checks, and `ready` is told nothing of that."""
    stored = stored or NothingStored()
    answers = answers or Answers()
    upload = ParsedUpload(files=read.files, answers=answers)
    log = IssueLog()
    log.issues.extend(read.issues)
    recognition = recognise(read.raw_sheets, stored, answers)
    log.issues.extend(recognition.log.issues)
    for option in unused_answers(recognition, answers):
        log.add("", None, "", option, "answer not used", f"--map {option} names no sheet or column of this upload.")
    upload.mappings, upload.questions, upload.to_save = recognition.mappings, recognition.questions, recognition.to_save
    _note_mappings(recognition, log)
    handing = _Handing(ready) if ready is not None and not upload.questions and not _has_errors(log) else None
    parts = _typed_parts(read.raw_sheets, recognition, log, handing)
    for name, sheet_parts in parts.items():
        upload.tables[name], upload.labels[name] = _together(schema.SHEETS_BY_NAME[name], sheet_parts, log)
    if handing is None or handing.signs is None:
        _dis_benefits_as_sizes(upload.tables, upload.labels, log)
    else:
        log.issues.extend(handing.signs.issues)  # found while the other sheets were typed
    if handing is not None and not _has_errors(log):
        for name, table in upload.tables.items():
            handing.hand(name, table)
    log.issues.extend(check_keys(upload, stored))
    if not upload.files:
        log.add("", None, "", "", "no file", "Choose an .xlsx workbook or one or more .csv files to upload.")
    elif not upload.tables and not upload.questions and not any(issue.severity == "error" for issue in log.issues):
        log.add("", None, "", ", ".join(upload.file_names), *_nothing_to_apply(recognition))
    upload.issues = log.issues
    return upload


def _note_mappings(recognition: Recognition, log: IssueLog) -> None:
    """Questions in the report, and which saved mappings were used."""
    header_rows = {mapping.label: mapping.header_row for mapping in recognition.mappings}
    for question in recognition.questions:
        row = header_rows.get(question.label) if question.header is not None else None
        where = question.header or question.label
        log.add(question.label, row, question.header or "", where, "question", question.message, "question")
    for mapping in recognition.mappings:
        if mapping.how == "saved" or any(column.how == "saved" for column in mapping.columns):
            entry = f"#{mapping.saved_from}" if mapping.saved_from is not None else "saved earlier"
            log.add(
                mapping.label,
                None,
                "",
                mapping.label,
                "saved mapping used",
                f"Sheet '{mapping.label}' was read with the mapping saved for this layout ({entry}).",
                "note",
            )


def _has_errors(log: IssueLog) -> bool:
    return any(issue.severity == "error" for issue in log.issues)


class _Handing:
    """Sheets handed to `ready` while the others are typed: those read from one file sheet and typed without
    an error; the measurements once the dis-benefit flags they depend on are known."""

    def __init__(self, ready: Ready) -> None:
        self.ready = ready
        self.handed: set[str] = set()
        self.in_upload: set[str] = set()  # the template sheets this upload's file sheets are taken as
        self.signs: IssueLog | None = None  # what reading dis-benefits' signs said, when it was done here

    def hand(self, name: str, table: pd.DataFrame) -> None:
        if name not in self.handed:
            self.handed.add(name)
            self.ready(name, table)

    def typed(self, sheets: dict[str, tuple[str, pd.DataFrame]]) -> None:
        """`sheets`: template sheet -> (label, rows) of the single file sheets typed so far, without errors."""
        measured = "benefit_measurements"
        for name, (_, table) in sheets.items():
            if name != measured:
                self.hand(name, table)
        if measured not in sheets or measured in self.handed:
            return
        if "benefits" not in self.in_upload:
            self.hand(measured, sheets[measured][1])
        elif "benefits" in sheets:
            self.signs = IssueLog()
            tables = {name: table for name, (_, table) in sheets.items()}
            _dis_benefits_as_sizes(tables, {measured: sheets[measured][0]}, self.signs)
            self.hand(measured, sheets[measured][1])


def _typed_parts(
    raw_sheets: Sequence[RawSheet], recognition: Recognition, log: IssueLog, handing: _Handing | None = None
) -> dict[str, list[tuple[str, pd.DataFrame]]]:
    """Template sheet -> (file sheet label, typed rows) for every file sheet taken as it.

    `handing`: told each single file sheet's rows as soon as they are typed (the largest sheets are typed first);
    the issues are listed in file sheet order all the same."""
    parts: dict[str, list[tuple[str, pd.DataFrame]]] = {}
    work = [(raw, recognition.plans[raw.label]) for raw in raw_sheets if raw.label in recognition.plans]

    def typed(raw: RawSheet, plan: Plan) -> tuple[pd.DataFrame | None, IssueLog]:
        sheet_log = IssueLog()
        pending = {column for label, column in recognition.pending if label == raw.label}
        return _type_sheet(raw, plan, sheet_log, pending), sheet_log

    with ThreadPoolExecutor(max_workers=TYPING_THREADS) as pool:
        largest_first = sorted(work, key=lambda item: -len(item[0].columns[0]) if item[0].columns else 0)
        futures = {id(raw): pool.submit(typed, raw, plan) for raw, plan in largest_first}
        if handing is not None:
            _hand_while_typing(work, futures, handing)
        results = [futures[id(raw)].result() for raw, _ in work]
    for (raw, plan), (table, sheet_log) in zip(work, results, strict=True):
        if raw.hidden:
            log.add(
                raw.label,
                None,
                "",
                raw.label,
                "hidden sheet",
                f"Sheet '{raw.label}' is hidden in Excel; it was read.",
                "warning",
            )
        log.issues.extend(sheet_log.issues)
        if table is not None:
            parts.setdefault(plan.sheet.name, []).append((raw.label, table))
    return {sheet.name: parts[sheet.name] for sheet in schema.SHEETS if sheet.name in parts}


def _hand_while_typing(
    work: list[tuple[RawSheet, Plan]],
    futures: dict[int, Future[tuple[pd.DataFrame | None, IssueLog]]],
    handing: _Handing,
) -> None:
    """Hand each template sheet taken from one file sheet over as soon as it is typed without an error; stop
    handing at the first error (the upload will not be applied)."""
    taken_by = Counter(plan.sheet.name for _, plan in work)
    handing.in_upload = set(taken_by)
    single = {id(raw): (raw.label, plan.sheet.name) for raw, plan in work if taken_by[plan.sheet.name] == 1}
    done: dict[str, tuple[str, pd.DataFrame]] = {}
    for future in as_completed(futures.values()):
        table, sheet_log = future.result()
        if _has_errors(sheet_log):
            return
        raw_id = next(key for key, value in futures.items() if value is future)
        if raw_id in single and table is not None:
            label, name = single[raw_id]
            done[name] = (label, table)
            handing.typed(done)


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


def _nothing_to_apply(recognition: Recognition) -> tuple[str, str]:
    if not any(mapping.sheet for mapping in recognition.mappings):
        known = ", ".join(sheet.name for sheet in schema.SHEETS)
        return (
            "no template sheet",
            f"No sheet looks like one of the template's ({known}): map a sheet to one of them "
            "(on the Data page, or --map 'SHEET=costs'), or start from the template.",
        )
    return "no rows", "The sheets hold headers but no rows: fill in at least one row, then upload again."


def _read_files(
    files: tuple[SourceFile, ...],
    options: ReadingOptions,
    log: IssueLog,
    started: dict[str, Started],
) -> list[RawSheet]:
    """`started`: reading started already, by sha256; each is used once (the same file twice is read twice)."""
    sheets: list[RawSheet] = []
    for source in files:
        try:
            guard.check_size(source.name, source.content, options.limits)
        except guard.FileRefused as refusal:
            log.add("", None, "", source.name, "file too large", str(refusal))
            continue
        if not source.content:
            log.add("", None, "", source.name, "empty file", f"{source.name} is empty: choose the file again.")
        elif source.is_workbook:
            readers = started.pop(source.sha256, None)
            readers = readers if isinstance(readers, workbook_reader.StartedRead) else None
            sheets.extend(_read_workbook(source, options, log, readers))
        elif source.suffix == ".csv":
            reading = started.pop(source.sha256, None)
            sheets.extend(_read_csv(source, options, log, reading if isinstance(reading, Future) else None))
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
    return _unique_labels(sheets)


def _unique_labels(sheets: list[RawSheet]) -> list[RawSheet]:
    """Two CSV files of the same name from different folders: the second is 'costs (2)'."""
    seen: set[str] = set()
    for raw in sheets:
        label, number = raw.label, 1
        while schema.normalize_name(label) in seen:
            number += 1
            label = f"{raw.label} ({number})"
        raw.label = label
        seen.add(schema.normalize_name(label))
    return sheets


def _read_workbook(
    source: SourceFile, options: ReadingOptions, log: IssueLog, started: workbook_reader.StartedRead | None
) -> list[RawSheet]:
    try:
        started = started or workbook_reader.start_reading(source, options.limits)
    except guard.FileRefused as refusal:
        log.add("", None, "", source.name, "refused file", str(refusal))
        return []
    inspection, job = started.inspection, started.job
    try:
        facts = inspection.finish_beside_reader()  # while the readers read
    except guard.FileRefused as refusal:
        job.cancel()
        log.add("", None, "", source.name, "refused file", str(refusal))
        return []
    context = ReadingContext(
        date_order=options.date_order, date1904=facts.date1904, fiscal_year_start=options.fiscal_year_start
    )
    raw_sheets: dict[str, RawSheet] = {}

    def take(name: str, sheet: workbook_reader.SheetCells) -> None:
        """A sheet as soon as its reader is done: its cells as text and its header, while others are read."""
        raw_sheets[name] = _raw_sheet(source, name, sheet, context, facts)
        read_header(raw_sheets[name])

    cells = job.result(on_sheet=take)
    refusal = _reading_refused(source, cells, inspection)
    if refusal is not None:
        log.add("", None, "", source.name, "refused file", refusal)
        return []
    if cells.open_error is not None:
        log.add(
            "",
            None,
            "",
            source.name,
            "unreadable file",
            f"{source.name} could not be read as an Excel workbook ({cells.open_error}): "
            "open it in Excel, save it as .xlsx and upload it again.",
        )
        return []
    if source.suffix == ".xlsm":
        log.add(
            "",
            None,
            "",
            source.name,
            "macros not run",
            f"{source.name} is macro-enabled: only its data was read; its macros were never run.",
            "warning",
        )
    for name in cells.sheet_names:
        if name in cells.sheet_errors:
            problem = cells.sheet_errors[name]
            log.add(name, None, "", "", "unreadable sheet", f"Sheet '{name}' could not be read ({problem}).")
    return [raw_sheets[name] for name in cells.sheet_names if name in raw_sheets]


def _raw_sheet(
    source: SourceFile,
    name: str,
    sheet: workbook_reader.SheetCells,
    context: ReadingContext,
    facts: guard.WorkbookFacts,
) -> RawSheet:
    offset = sheet.column_offset
    percent = frozenset(index - offset for index in facts.percent_columns.get(name, ()) if index >= offset)
    rows_shown = {
        index - offset: frozenset(rows) for index, rows in facts.percent_cells.get(name, {}).items() if index >= offset
    }
    return RawSheet(
        name,
        source.name,
        [_as_series(column) for column in clean_columns(sheet.columns)],
        context,
        hidden=name in facts.hidden_sheets,
        column_offset=offset,
        percent_positions=percent,
        percent_rows=rows_shown,
    )


def _reading_refused(
    source: SourceFile, cells: workbook_reader.WorkbookCells, inspection: guard.Inspection
) -> str | None:
    """Why a workbook is refused after reading (None: it is not): a reader died, or read a grid over the limits,
    or more cells than a sheet's declared size can hold.

    The guard then measures every part and sheet, to say which sheet reaches how far or which part holds more
    than it declares; if it finds nothing, the reader's own trouble is the reason.
    """
    limits = inspection.limits
    over = [name for name, sheet in cells.sheets.items() if guard.over_limits(*sheet.reach, limits)]
    overfull = [
        name for name, sheet in cells.sheets.items() if not inspection.fits_declared_size(name, sheet.filled_cells)
    ]
    if cells.failure is None and not over and not overfull:
        return None
    try:
        guard.check_workbook(source.name, source.content, limits)
    except guard.FileRefused as refusal:
        return str(refusal)
    if over:
        rows, columns = cells.sheets[over[0]].reach
        return guard.reach_refusal(f"Sheet '{over[0]}' in {source.name}", rows, columns, limits)
    if cells.failure is None:
        return None
    return (
        f"{source.name} could not be read: {cells.failure}. Split it into several workbooks, or delete unused rows, "
        "columns and sheets, then upload again."
    )


def _read_csv(
    source: SourceFile, options: ReadingOptions, log: IssueLog, started: Future[CsvText] | None
) -> list[RawSheet]:
    """`started`: the file's reading started already (`csv_text.start_csv`), as the command line does."""
    label = Path(source.name).stem
    read = started.result() if started is not None else read_csv_text(source.content)
    if read.encoding not in ("UTF-8", "UTF-16"):
        log.add(
            label,
            None,
            "",
            source.name,
            "text encoding guessed",
            f"{source.name} is not UTF-8; it was read as {read.encoding}. Check accented names in the preview.",
            "warning",
        )
    if read.columns is None:
        log.add(
            label,
            None,
            "",
            source.name,
            "unreadable file",
            f"{source.name} could not be read as CSV, or has more than {MAX_CSV_COLUMNS:,} columns: check it "
            "opens in a spreadsheet, or export the sheet again.",
        )
        return []
    context = ReadingContext(
        date_order=options.date_order,
        from_csv=True,
        decimal_comma=read.delimiter == ";",
        fiscal_year_start=options.fiscal_year_start,
    )
    return [RawSheet(label, source.name, [_as_series(column) for column in read.columns], context)]


def _as_series(text: TextColumn) -> pd.Series:
    """Cleaned text (`csv_text.clean_text`) as an Arrow-backed pandas column."""
    return pd.Series(pd.arrays.ArrowStringArray(text))


def _type_sheet(raw: RawSheet, plan: Plan, log: IssueLog, pending: set[str]) -> pd.DataFrame | None:
    """The sheet's rows under its plan, then cell types and row rules.

    `pending`: template columns an open question may fill; no missing-column error for those.
    """
    laid_out = lay_out(raw, plan, log)
    if laid_out is None:
        return None
    sheet, label, cells, rows = plan.sheet, raw.label, laid_out.cells, laid_out.rows
    for name in sheet.required_columns:
        if name not in cells.columns and name not in pending:
            log.add(
                label,
                laid_out.header_row,
                name,
                "",
                "missing column",
                f"Sheet '{label}' needs a column '{name}' ({sheet.column(name).description}) "
                "in its header row; the template has it.",
            )
    table = pd.DataFrame(index=cells.index)
    for column in sheet.columns:
        present = column.name in cells.columns
        values = cells[column.name] if present else pd.Series(pd.NA, index=cells.index, dtype="string")
        typed = _type_column(raw, column, values, rows, log, present=present)
        if present and column.kind in ("number", "percent"):
            position = plan.columns.get(column.name)
            if position in raw.percent_positions:
                typed = _from_percent_cells(label, column, typed, pd.Series(True, index=typed.index), log)
            elif position in raw.percent_rows:
                shown = rows.isin(raw.percent_rows[position])
                typed = _from_percent_cells(label, column, typed, shown, log)
            typed = _in_units(label, sheet, column, typed, plan.scales.get(column.name, 1.0), log)
        table[column.name] = typed
    table[SOURCE_ROW] = rows.astype("int64")
    _check_rows(sheet, label, table, log)
    return table


def _from_percent_cells(label: str, column: Column, values: pd.Series, shown: pd.Series, log: IssueLog) -> pd.Series:
    """Excel keeps a cell shown as 99.6% as 0.996: those cells are read as they are shown, 99.6."""
    if not shown.any():
        return values
    where = "" if shown.all() else f" ({shown.sum():,} of its cells)"
    log.add(
        label,
        None,
        column.name,
        "",
        "percentage cells",
        f"{column.name}{where} is formatted as percentages in Excel (99.6% is kept as 0.996): read as shown, 99.6.",
        "warning",
    )
    return values.where(~shown, values * 100)


# At least this many amounts, all negative, say a ledger's sign for spend rather than credits.
NEGATIVE_LEDGER_ROWS = 3


def _in_units(label: str, sheet: Sheet, column: Column, values: pd.Series, scale: float, log: IssueLog) -> pd.Series:
    """Numbers in the units the measures count: amounts a header gives in thousands or millions scaled; costs a
    ledger writes as negatives made spend; percentages written as fractions (0.8, or an Excel 80% cell) made 80."""
    present = values.dropna()
    if scale != 1:
        log.add(
            label,
            None,
            column.name,
            "",
            "read in thousands" if scale == 1000 else "read in millions",
            f"The header of {column.name} counts in {scale:,.0f}s: 52 was read as {52 * scale:,.0f}.",
            "warning",
        )
        values = values * scale
    if column.money and column.name in sheet.monthly_columns:
        spent = present[present != 0]
        if len(spent) >= NEGATIVE_LEDGER_ROWS and (spent < 0).all():
            log.add(
                label,
                None,
                column.name,
                "",
                "negative amounts",
                f"Every {column.name} amount is negative, as ledgers write spend: they were read as spend "
                "(positive). A credit among positive amounts stays negative.",
                "warning",
            )
            values = -values
    if column.kind == "percent" and not present.empty and present.max() <= 1 and (present > 0).any():
        log.add(
            label,
            None,
            column.name,
            "",
            "read as fractions",
            f"Every {column.name} value is between 0 and 1 (a fraction, or an Excel percentage cell): read as "
            "percentages, 0.8 = 80%.",
            "warning",
        )
        values = values * 100
    return values


def _type_column(
    raw: RawSheet, column: Column, cells: pd.Series, rows: pd.Series, log: IssueLog, *, present: bool
) -> pd.Series:
    """Cells of one column -> typed values; bad cells logged and left missing, guesses warned about."""
    label = raw.label
    parsed = PARSERS[column.kind](cells, column, raw.context)
    values, bad = parsed.values, parsed.bad
    if bad.any():  # 'NA', 'TBC', '-' say there is no value: cells only a placeholder can be, so few to look at
        cells, bad = _without_placeholders(label, column, cells, bad, log)
    if parsed.note:
        log.add(label, None, column.name, "", "read with a guess", parsed.note, "warning")
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


def _without_placeholders(
    label: str, column: Column, cells: pd.Series, bad: pd.Series, log: IssueLog
) -> tuple[pd.Series, pd.Series]:
    """'NA', 'n/a', 'TBC' in a number, date or choice column say there is no value: read as empty, with a warning."""
    empty = pd.Series(False, index=cells.index)
    empty[bad] = placeholders(cells[bad])
    if not empty.any():
        return cells, bad
    written = ", ".join(f"'{text}'" for text in dict.fromkeys(cells[empty].str.strip()))
    log.add(
        label,
        None,
        column.name,
        written,
        "read as empty",
        f"{written} in {column.name} ({empty.sum():,} cells) were read as no value.",
        "warning",
    )
    return cells.mask(empty), bad & ~empty


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


def _dis_benefits_as_sizes(tables: Mapping[str, pd.DataFrame], labels: Mapping[str, str], log: IssueLog) -> None:
    """A dis-benefit's values are its size: the flag makes them count against (SPEC section 4). Written negative
    as well, they would count for the initiative; a dis-benefit whose every value is negative is read as sizes
    (the measurements' table is changed in place)."""
    benefits, measured = tables.get("benefits"), tables.get("benefit_measurements")
    if benefits is None or measured is None:
        return
    flagged = benefits.loc[benefits["disbenefit"].fillna(False).astype(bool), "benefit_id"].dropna()
    if flagged.empty:
        return
    values = measured[["planned", "realized"]]
    rows = _is_in(measured["benefit_id"], _large_strings(flagged).combine_chunks())
    ids = measured.loc[rows, "benefit_id"]
    flagged_values = values[rows]
    never_positive = (flagged_values.le(0) | flagged_values.isna()).all(axis=1).groupby(ids).all()
    some_negative = flagged_values.lt(0).any(axis=1).groupby(ids).any()
    turned = sorted(never_positive.index[never_positive & some_negative.reindex(never_positive.index)])
    if not turned:
        return
    at = measured["benefit_id"].isin(turned)
    measured.loc[at, ["planned", "realized"]] = values[at].abs()
    log.add(
        labels.get("benefit_measurements", "benefit_measurements"),
        None,
        "planned / realized",
        ", ".join(turned),
        "dis-benefit sign",
        f"{', '.join(turned)} {'is a dis-benefit' if len(turned) == 1 else 'are dis-benefits'} written as negative "
        "values: read as their size, which the dis-benefit flag counts against the initiative.",
        "warning",
    )


# --------------------------------------------------------------------------- several file sheets as one


def _together(sheet: Sheet, parts: list[tuple[str, pd.DataFrame]], log: IssueLog) -> tuple[pd.DataFrame, str]:
    """The rows of the file sheets taken as one template sheet (the user said so), and their label.

    Cost lines add up, so their sheets are simply stacked. Measurements of the same key and month
    from two sheets (a plan sheet and an actuals sheet) make one row, as long as no column is given twice.
    """
    if len(parts) == 1:
        label, table = parts[0]
        return table, label
    stacked = pd.concat([table.assign(**{SOURCE_SHEET: label}) for label, table in parts], ignore_index=True)
    label = " + ".join(label for label, _ in parts)
    if "period" not in sheet.unique_key:
        return stacked, label
    return _merge_same_months(sheet, stacked, log), label


def _merge_same_months(sheet: Sheet, stacked: pd.DataFrame, log: IssueLog) -> pd.DataFrame:
    key = list(sheet.unique_key)
    sheets_per_key = stacked.groupby(key, dropna=False, sort=False)[SOURCE_SHEET].transform("nunique")
    shared = stacked[sheets_per_key > 1]
    if shared.empty:
        return stacked
    values = [name for name in sheet.column_names if name not in key]
    given = shared.groupby(key, dropna=False, sort=False)[values].transform("count")
    clash = (given > 1).any(axis=1) & shared.duplicated(key, keep="first")
    if clash.any():
        first = shared.groupby(key, dropna=False, sort=False)[[SOURCE_SHEET, SOURCE_ROW]].transform("first")
        key_text = _key_text(shared[key])
        log.add_rows(
            shared[SOURCE_SHEET],
            clash,
            shared[SOURCE_ROW],
            key_text,
            key[0],
            "duplicate id",
            lambda at: (
                f"{key_text[at]} is given on '{first.loc[at, SOURCE_SHEET]}' row {first.loc[at, SOURCE_ROW]} "
                "too, with the same columns filled: keep it on one sheet."
            ),
        )
    merged = shared.groupby(key, dropna=False, sort=False, as_index=False).first()
    return pd.concat([stacked[sheets_per_key <= 1], merged], ignore_index=True)


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


def check_keys(upload: ParsedUpload, stored: StoredKeys, *, within_upload: bool = True) -> list[Issue]:
    """Duplicate ids and references, against the upload itself and what is stored.

    The store runs the checks against stored data again (within_upload=False) under
    its write lock just before applying, so an upload applied meanwhile by someone
    else cannot slip a dangling reference in.
    """

    def checked(name: str, table: pd.DataFrame) -> list[Issue]:
        sheet_log = IssueLog()
        sheet = schema.SHEETS_BY_NAME[name]
        label = table[SOURCE_SHEET] if SOURCE_SHEET in table else upload.labels.get(name, name)
        if within_upload:
            _check_duplicates(sheet, label, table, sheet_log)
        _check_stored_scope(sheet, label, table, stored, sheet_log)
        _check_references(sheet, label, table, upload.tables, stored, sheet_log)
        return sheet_log.issues

    with ThreadPoolExecutor(max_workers=TYPING_THREADS) as pool:  # listed in sheet order all the same
        return [issue for issues in pool.map(checked, upload.tables, upload.tables.values()) for issue in issues]


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
        (column.dt.strftime("%Y-%m") if pd.api.types.is_datetime64_any_dtype(column) else column.astype("string"))
        .astype("string")
        .fillna("(blank)")
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


def _is_in(values: pd.Series, known: pa.Array) -> pd.Series:
    """values.isin(known), computed in Arrow (pandas would walk both in Python)."""
    found = pc.is_in(_large_strings(values), value_set=known)
    return pd.Series(found.to_numpy(zero_copy_only=False), index=values.index).fillna(False).astype(bool)


def _known_ids(stored_ids: set[str], uploaded: pd.Series | None) -> pa.Array:
    """The ids a reference may name: those stored and those in the upload, as Arrow strings."""
    chunks = [pa.array(sorted(stored_ids), type=pa.large_string())]
    if uploaded is not None:
        chunks += _large_strings(uploaded).drop_null().chunks
    return pc.unique(pa.chunked_array(chunks, type=pa.large_string()))


def _large_strings(values: pd.Series) -> pa.ChunkedArray:
    """A column as Arrow text, in as many chunks as it was read in (a large CSV file comes in several)."""
    found = pa.array(values.astype("string").array)
    return (found if isinstance(found, pa.ChunkedArray) else pa.chunked_array([found])).cast(pa.large_string())


def _check_references(
    sheet: Sheet, label: str, table: pd.DataFrame, tables: dict[str, pd.DataFrame], stored: StoredKeys, log: IssueLog
) -> None:
    for column in sheet.columns:
        if not column.references:
            continue
        target = schema.SHEETS_BY_NAME[column.references]
        id_column = target.unique_key[0]
        uploaded = tables[target.name][id_column] if target.name in tables else None
        known = _known_ids(set(stored.ids(target.name)), uploaded)
        values = table[column.name]
        dangling = values.notna() & ~_is_in(values, known)
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
