"""Writing workbooks: the upload template and workbooks filled with data (SPEC section 2).

A workbook starts with an "About" sheet explaining every column, then holds one sheet per
schema sheet, named and headed exactly as the contract says, so it reads back unchanged.
Drop-down lists, date formats and header comments help people fill it in by hand.

Everything here follows `realize.contract.schema`; no column list is typed twice.
"""

from __future__ import annotations

import datetime as dt
import io
import numbers
import zipfile
from collections.abc import Iterable, Mapping
from os import PathLike
from typing import Any, BinaryIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from realize.contract import schema

ABOUT_SHEET = "About"
# Validations and formats cover at least this many rows, so hand-typed rows get them too.
TEMPLATE_ROWS = 5000
# Fixed document and zip timestamps: the same tables always give the same bytes.
FIXED_TIME = dt.datetime(2024, 1, 1)

REQUIRED_FILL = PatternFill("solid", start_color="1F4E78", end_color="1F4E78")
OPTIONAL_FILL = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
REQUIRED_FONT = Font(bold=True, color="FFFFFF")
OPTIONAL_FONT = Font(bold=True, color="1F1F1F")
TITLE_FONT = Font(bold=True, size=14)

DATE_FORMATS = {"date": "yyyy-mm-dd", "month": "yyyy-mm"}
PERCENT_FORMAT = "0.0##"
BOOL_TEXT = {True: "yes", False: "no"}

ABOUT_INTRO = (
    "This workbook holds an IT portfolio for Realize: initiatives, their benefits and benefit measurements, "
    "costs (total cost of ownership), milestones, KPIs with their values, and review actions.",
    "Upload the whole workbook or any subset of its sheets; sheets you leave out keep their current data.",
    "Sheet and column names match case-, space- and punctuation-insensitively; common synonyms are accepted.",
    "Months: any date in the month means that month. Percentages are numbers from 0 to 100.",
    "The table below lists every column of every sheet; hover over a column header to read its description.",
)
LEGEND = (
    (True, "required", "Required columns have a dark header like this one: every row needs a value in them."),
    (False, "optional", "Optional columns have a light header like this one; leave them empty if unknown."),
)
ABOUT_HEADERS = ("sheet", "column", "required", "type", "allowed values", "default", "description", "example")
ABOUT_WIDTHS = (22, 18, 10, 44, 40, 10, 70, 34)


def write_workbook(tables: Mapping[str, pd.DataFrame] | None, target: str | PathLike[str] | BinaryIO) -> None:
    """Write an About sheet and one sheet per schema sheet, with `tables`' rows under the headers.

    `tables` maps sheet names (schema.SHEETS) to DataFrames; a sheet not given is written empty.
    Columns are written in schema order; missing columns stay blank and extra columns are ignored.
    `target` is a path or a binary file object.
    """
    tables = dict(tables or {})
    unknown = sorted(set(tables) - set(schema.SHEETS_BY_NAME))
    if unknown:
        raise ValueError(f"not sheets of the workbook contract: {', '.join(unknown)}")
    workbook = Workbook()
    _write_about(workbook.active)
    for sheet in schema.SHEETS:
        _write_sheet(workbook.create_sheet(sheet.name), sheet, tables.get(sheet.name))
    _save(workbook, target)


def template_bytes() -> bytes:
    """The empty upload template as .xlsx bytes."""
    buffer = io.BytesIO()
    write_workbook(None, buffer)
    return buffer.getvalue()


# --- About sheet -----------------------------------------------------------------------------


def _write_about(ws: Worksheet) -> None:
    ws.title = ABOUT_SHEET
    ws["A1"] = "Realize portfolio workbook"
    ws["A1"].font = TITLE_FONT
    for row, line in enumerate(ABOUT_INTRO, start=2):
        ws.cell(row=row, column=1, value=line)
    legend_row = len(ABOUT_INTRO) + 3
    for row, (required, label, text) in enumerate(LEGEND, start=legend_row):
        _set_text(ws.cell(row=row, column=1), label)
        _style_header(ws.cell(row=row, column=1), required=required)
        _set_text(ws.cell(row=row, column=2), text)
    header_row = legend_row + len(LEGEND) + 1
    _write_rows(ws, header_row, [ABOUT_HEADERS, *_about_rows()])
    for index in range(1, len(ABOUT_HEADERS) + 1):
        _style_header(ws.cell(row=header_row, column=index), required=False)
        ws.column_dimensions[get_column_letter(index)].width = ABOUT_WIDTHS[index - 1]
    last_row = header_row + sum(len(sheet.columns) for sheet in schema.SHEETS)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(ABOUT_HEADERS))}{last_row}"


def _about_rows() -> Iterable[tuple[str, ...]]:
    for sheet in schema.SHEETS:
        for column in sheet.columns:
            yield (
                sheet.name,
                column.name,
                BOOL_TEXT[column.required],
                column.hint(),
                ", ".join(column.choices) if column.choices else ("yes, no" if column.kind == "bool" else ""),
                _display(column.default),
                _column_description(column),
                _display(column.example),
            )


def _column_description(column: schema.Column) -> str:
    if column.references:
        return f"{column.description} (refers to {column.references})"
    return column.description


def _display(value: object) -> str:
    """A value as a user would type it: 100.0 -> "100", True -> "yes", None -> ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return BOOL_TEXT[value]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _write_rows(ws: Worksheet, first_row: int, rows: Iterable[Iterable[str]]) -> None:
    for row_number, row in enumerate(rows, start=first_row):
        for column_number, value in enumerate(row, start=1):
            if value:
                _set_text(ws.cell(row=row_number, column=column_number), value)


# --- Data sheets ------------------------------------------------------------------------------


def _write_sheet(ws: Worksheet, sheet: schema.Sheet, frame: pd.DataFrame | None) -> None:
    rows = 0 if frame is None else len(frame)
    last_row = max(TEMPLATE_ROWS, rows + 1)
    for index, column in enumerate(sheet.columns, start=1):
        _write_header(ws.cell(row=1, column=index), column)
        _format_column(ws, index, column, last_row)
    if frame is not None:
        _write_data(ws, sheet, frame)
    _size_columns(ws, sheet, frame)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{rows + 1}"


def _write_header(cell: Cell, column: schema.Column) -> None:
    _set_text(cell, column.name)
    _style_header(cell, required=column.required)
    note = f"{column.description}\n{'Required. ' if column.required else ''}Enter {column.hint()}."
    cell.comment = Comment(note, "Realize", width=320, height=110)


def _style_header(cell: Cell, *, required: bool) -> None:
    cell.font = REQUIRED_FONT if required else OPTIONAL_FONT
    cell.fill = REQUIRED_FILL if required else OPTIONAL_FILL
    cell.alignment = Alignment(vertical="center")


def _format_column(ws: Worksheet, index: int, column: schema.Column, last_row: int) -> None:
    """Number formats for the whole column, and a validation over the data rows."""
    letter = get_column_letter(index)
    if column.kind in DATE_FORMATS:
        ws.column_dimensions[letter].number_format = DATE_FORMATS[column.kind]
    elif column.kind == "percent":
        ws.column_dimensions[letter].number_format = PERCENT_FORMAT
    validation = _validation(column)
    if validation is not None:
        validation.add(f"{letter}2:{letter}{last_row}")
        ws.add_data_validation(validation)


def _validation(column: schema.Column) -> DataValidation | None:
    if column.kind == "enum":
        return _list_validation(column, column.choices)
    if column.kind == "bool":
        return _list_validation(column, tuple(BOOL_TEXT.values()))
    if column.kind == "percent":
        return DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2="100",
            allow_blank=True,
            errorStyle="warning",
            promptTitle=column.name[:32],
            prompt="0-100",
            error="Enter a percentage from 0 to 100.",
        )
    return None


def _list_validation(column: schema.Column, choices: tuple[str, ...]) -> DataValidation:
    # a warning, not a stop: the upload also accepts other spellings (synonyms, any case)
    return DataValidation(
        type="list",
        formula1='"' + ",".join(choices) + '"',
        allow_blank=True,
        errorStyle="warning",
        promptTitle=column.name[:32],
        prompt=("one of: " + ", ".join(choices))[:255],
        error=("Expected one of: " + ", ".join(choices))[:255],
    )


def _size_columns(ws: Worksheet, sheet: schema.Sheet, frame: pd.DataFrame | None) -> None:
    for index, column in enumerate(sheet.columns, start=1):
        sample: list[int] = [len(column.name) + 3]
        sample.extend(len(choice) + 2 for choice in column.choices)  # room for the drop-down arrow
        if column.kind in DATE_FORMATS:
            sample.append(12)
        elif frame is not None and column.name in frame.columns:
            sample.extend(len(str(value)) for value in frame[column.name].head(200).dropna())
        ws.column_dimensions[get_column_letter(index)].width = min(max(max(sample) + 2, 10), 60)


def _write_data(ws: Worksheet, sheet: schema.Sheet, frame: pd.DataFrame) -> None:
    ordered = frame.reindex(columns=list(sheet.column_names))
    for row_number, values in enumerate(ordered.itertuples(index=False, name=None), start=2):
        for column_number, (column, value) in enumerate(zip(sheet.columns, values, strict=True), start=1):
            _write_value(ws.cell(row=row_number, column=column_number), column, value)


def _write_value(cell: Cell, column: schema.Column, value: Any) -> None:
    """One value as a real Excel value of the column's kind; blanks stay empty."""
    if _is_blank(value):
        return
    if column.kind in DATE_FORMATS:
        _write_date(cell, column, value)
    elif column.kind in ("number", "percent"):
        _write_number(cell, value)
    elif column.kind == "bool" and not isinstance(value, str):
        _set_text(cell, BOOL_TEXT[bool(value)])  # numpy booleans and 1/0 included
    else:
        _set_text(cell, _display(value))


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _write_date(cell: Cell, column: schema.Column, value: Any) -> None:
    try:
        day = pd.Timestamp(value).date()
    except (TypeError, ValueError):
        _set_text(cell, str(value))
        return
    cell.value = day.replace(day=1) if column.kind == "month" else day
    cell.number_format = DATE_FORMATS[column.kind]


def _write_number(cell: Cell, value: Any) -> None:
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        number = float(value)  # numpy scalars included
        cell.value = int(number) if number.is_integer() and abs(number) < 2**53 else number
    else:
        _set_text(cell, str(value))


def _set_text(cell: Cell, value: str) -> None:
    """Text stays text: a value starting with '=' is not a formula."""
    cell.value = value
    cell.data_type = "s"


# --- Saving -----------------------------------------------------------------------------------


def _save(workbook: Workbook, target: str | PathLike[str] | BinaryIO) -> None:
    buffer = io.BytesIO()
    workbook.save(buffer)
    # openpyxl stamps the save time into docProps/core.xml and the zip entries; pin both
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    data = _repack(buffer.getvalue(), {"docProps/core.xml": tostring(workbook.properties.to_tree())})
    if hasattr(target, "write"):
        target.write(data)  # type: ignore[union-attr]
    else:
        with open(target, "wb") as file:  # type: ignore[arg-type]
            file.write(data)


def _repack(data: bytes, replacements: Mapping[str, bytes]) -> bytes:
    """The same zip with fixed entry timestamps and some entries replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as packed:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            packed.writestr(entry, replacements.get(info.filename, source.read(info.filename)))
    return output.getvalue()
