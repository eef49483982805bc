"""Downloads: tables as CSV and .xlsx, safe to open in a spreadsheet.

Two forms. The re-uploadable export (`everything` written by `xlsx_bytes`,
`python -m realize export`) keeps the template's names and raw values. The
downloads meant for people (`readable_csv_bytes`, `readable_xlsx_bytes`,
`add_readable_sheet`, the board pack) read as the pages do: headers in words,
codes as labels, money in the reporting currency, percentages, dates as dates.

Text cells that begin with = + - @ tab, carriage return or line feed are
prefixed with a quote so a spreadsheet shows them instead of running them as
formulas (OWASP CSV injection guidance), and openpyxl writes every text cell
as text.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from typing import Literal

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from realize.contract import catalog
from realize.report import formats
from realize.report.charts import STATUS_COLORS

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADER_FILL = PatternFill("solid", start_color="1F3A5F")
_HEADER_FONT = Font(bold=True, color="FFFFFF")


def escape_formula(value: object) -> object:
    """A text that a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def formula_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot run as formulas."""
    safe = frame.copy()
    for name in safe.columns:
        column = safe[name]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            safe[name] = column.map(escape_formula, na_action="ignore")
    safe.columns = [str(escape_formula(str(name))) for name in safe.columns]
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows accented names correctly."""
    return formula_safe(frame).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frames: Mapping[str, pd.DataFrame]) -> bytes:
    """One sheet per table in template form (names and values as stored), header frozen, text as text."""
    book = Workbook()
    book.remove(book.active)
    for title, frame in frames.items():
        _write_sheet(book, title, formula_safe(frame))
    if not book.worksheets:
        book.create_sheet("empty")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_sheet(book: Workbook, title: str, frame: pd.DataFrame) -> None:
    sheet = book.create_sheet(_sheet_title(title))
    for position, name in enumerate(frame.columns, start=1):
        cell = sheet.cell(row=1, column=position, value=str(name))
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        width = max([len(str(name)), *(len(str(value)) for value in frame[name].head(200))])
        sheet.column_dimensions[get_column_letter(position)].width = min(max(width + 2, 8), 60)
    for row_number, values in enumerate(frame.itertuples(index=False, name=None), start=2):
        for position, value in enumerate(values, start=1):
            _write_cell(sheet, row_number, position, value)
    sheet.freeze_panes = "A2"


def _write_cell(sheet: object, row: int, column: int, value: object) -> None:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    cell = sheet.cell(row=row, column=column, value=value)  # type: ignore[attr-defined]
    if isinstance(value, str):
        cell.data_type = "s"


def _sheet_title(title: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join("_" if char in "[]:*?/\\" else char for char in title)
    return cleaned[:31] or "sheet"


# --------------------------------------------------------------------------- downloads meant for people
#
# A table downloaded from a page reads as the page shows it: headers in words, codes as their labels,
# money in the reporting currency, rates as percentages, months and days as dates, Yes/No for flags. The
# cells keep the numbers (a format shows them), so finance can sum and chart without reformatting. The
# re-uploadable export above keeps the template's form instead.

ColumnKind = Literal["money", "quantity", "rate", "points", "month", "day", "yes_no", "year", "count", "number", "text"]
NUMBER_KINDS = frozenset({"money", "quantity", "rate", "points", "year", "count", "number"})
# the columns holding green/amber/red: their cells take the status colour, as on the pages
STATUS_COLUMNS = frozenset(name for name, codes in catalog.VIEW_CODES.items() if codes == catalog.STATUS_CODES)
MAX_WIDTH = 50  # characters: a long text column is cut at the sheet's edge, not the whole screen wide
WIDTH_SAMPLE = 1000  # rows read to size a column
_HEADER_ALIGNMENT = Alignment(vertical="top", wrap_text=True)
_STATUS_FILLS = {
    code: PatternFill("solid", start_color=colour.lstrip("#").upper()) for code, colour in STATUS_COLORS.items()
}
_STATUS_FONTS = {code: Font(bold=True, color="1F1F1F" if code == "amber" else "FFFFFF") for code in STATUS_COLORS}


def column_kind(frame: pd.DataFrame, name: str) -> ColumnKind:
    """How a column reads for people, from the catalog's column roles and the column's values."""
    column = frame[name]
    if name in catalog.QUANTITY_COLUMNS and "unit" in frame.columns:
        return "quantity"
    if name in catalog.MONEY_COLUMNS or name in catalog.QUANTITY_COLUMNS:
        return "money"
    if catalog.is_rate(name):
        return "rate"
    if name.endswith("_pct"):  # attribution_pct: 0-100, already in percent points
        return "points"
    if _holds_dates(column):
        return "month" if name in catalog.MONTH_COLUMNS else "day"
    if pd.api.types.is_bool_dtype(column) or _holds_only(column, bool):
        return "yes_no"
    if pd.api.types.is_integer_dtype(column):
        return "year" if name.endswith("year") else "count"
    if pd.api.types.is_float_dtype(column):
        return "number"
    return "text"


def _holds_dates(column: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(column) or _holds_only(column, dt.date)


def _holds_only(column: pd.Series, kind: type) -> bool:
    if column.dtype != object:
        return False
    present = column.dropna()
    return not present.empty and all(isinstance(value, kind) for value in present)


def readable_csv_bytes(frame: pd.DataFrame, *, currency: str | None) -> bytes:
    """A table as people read it, kept machine-readable: headers and codes in words, Yes/No, dates as
    YYYY-MM-DD, money to the cent with the currency in its header, rates as fractions to four places
    (0.6643 is 66.43%); no thousands separators, symbols or % in a number. Formula-safe like every download."""
    table = formats.worded(frame)
    headers: list[str] = []
    for name in frame.columns:
        kind = column_kind(frame, name)
        if kind == "yes_no":
            table[name] = frame[name].map(formats.yes_no).astype(object)
        elif kind in ("month", "day"):
            table[name] = [_iso_day(value) for value in frame[name]]
        elif kind == "money":
            table[name] = pd.to_numeric(frame[name], errors="coerce").round(2)
        elif kind == "rate":
            table[name] = pd.to_numeric(frame[name], errors="coerce").round(4)
        money_header = kind == "money" and currency
        headers.append(formats.header(str(name)) + (f" ({currency})" if money_header else ""))
    table.columns = headers
    return csv_bytes(table)


def _iso_day(value: object) -> str | None:
    day = formats.as_date(value)
    return day.isoformat() if day else None


def readable_xlsx_bytes(tables: Mapping[str, pd.DataFrame], *, currency: str | None) -> bytes:
    """One readable sheet per table (sheet title -> frame), each as `add_readable_sheet` writes it."""
    book = Workbook()
    book.remove(book.active)
    for title, frame in tables.items():
        add_readable_sheet(book, title, frame, currency=currency)
    if not book.worksheets:
        book.create_sheet("empty")
    return workbook_bytes(book)


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def add_readable_sheet(book: Workbook, title: str, frame: pd.DataFrame, *, currency: str | None) -> Worksheet:
    """A sheet for people: a bold frozen header row in words, an autofilter over the table, widths from
    the content, each column's number format (money in `currency`; without one money reads as a number),
    codes as words, flags as Yes/No, status cells in their colour, text written as text, formula-safe."""
    sheet = book.create_sheet(_sheet_title(title))
    headers = [formats.header(str(name)) for name in frame.columns]
    kinds = [column_kind(frame, name) for name in frame.columns]
    status_positions = {position for position, name in enumerate(frame.columns) if name in STATUS_COLUMNS}
    units = frame["unit"].tolist() if "unit" in frame.columns else [None] * len(frame)
    widths = [len(header) + 3 for header in headers]  # + the filter's arrow
    for position, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=position, value=str(escape_formula(header)))
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGNMENT
    rows = zip(
        frame.itertuples(index=False, name=None),
        formats.worded(frame).itertuples(index=False, name=None),
        units,
        strict=True,
    )
    for row_number, (values, words, unit) in enumerate(rows, start=2):
        sampled = row_number <= WIDTH_SAMPLE + 1
        for position, (kind, value, word) in enumerate(zip(kinds, values, words, strict=True)):
            written = _cell_value(kind, word if kind == "text" else value)
            if written is None:
                continue
            cell = sheet.cell(row=row_number, column=position + 1, value=written)
            number_format = _number_format(kind, written, unit, currency)
            if number_format:
                cell.number_format = number_format
            if isinstance(written, str):
                cell.data_type = "s"
            if position in status_positions and value in _STATUS_FILLS:
                cell.fill, cell.font = _STATUS_FILLS[value], _STATUS_FONTS[value]
            if sampled:
                widths[position] = max(widths[position], len(_shown(kind, written, unit, currency)) + 2)
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = min(max(width, 8), MAX_WIDTH)
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(headers), 1))}{len(frame) + 1}"
    sheet.freeze_panes = "A2"
    _print_landscape(sheet)
    sheet.print_title_rows = "1:1"
    return sheet


def _print_landscape(sheet: Worksheet) -> None:
    """Printed across, as wide as one page, as many pages down as it takes."""
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0


def _cell_value(kind: ColumnKind, value: object) -> object:
    """What a cell of this kind holds: the number, the date, Yes/No or formula-safe text; None when missing."""
    if kind in NUMBER_KINDS:
        amount = formats.as_number(value)
        if amount is None:
            return None
        return int(amount) if kind in ("year", "count") else amount
    if kind in ("month", "day"):
        return formats.as_date(value)
    if kind == "yes_no":
        return formats.yes_no(value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return None
    return str(escape_formula(str(value)))


_FIXED_FORMATS: dict[str, str] = {
    "rate": formats.EXCEL_PERCENT,
    "points": formats.EXCEL_POINTS,
    "month": formats.EXCEL_MONTH,
    "day": formats.EXCEL_DAY,
    "year": formats.EXCEL_YEAR,
    "count": formats.EXCEL_COUNT,
}


def _number_format(kind: ColumnKind, written: object, unit: object, currency: str | None) -> str | None:
    """The Excel format a cell of this kind shows its value with (money without a currency: a plain amount)."""
    if kind == "money":
        return formats.excel_money(currency or "")
    if kind == "quantity":
        return formats.excel_quantity(written, unit, currency or "")
    if kind == "number":
        return formats.excel_number(written)
    return _FIXED_FORMATS.get(kind)


def _shown(kind: ColumnKind, written: object, unit: object, currency: str | None) -> str:
    """The text a person sees in a cell (to size its column), as the pages write it."""
    match kind:
        case "money":
            return formats.money(written, currency or "")  # type: ignore[arg-type]
        case "quantity":
            return formats.quantity(written, unit, currency or "")
        case "rate":
            return formats.percent(written)  # type: ignore[arg-type]
        case "points":
            return f"{written:.0f}%"
        case "month":
            return formats.month(written)
        case "day":
            return formats.day(written)
        case "count":
            return f"{written:,}"
        case "number":
            return formats.number(written)
    return str(written)


def plain_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Date columns (DuckDB dates arrive as midnight timestamps) as YYYY-MM-DD text."""
    plain = frame.copy()
    for name in plain.columns:
        column = plain[name]
        if pd.api.types.is_datetime64_any_dtype(column) and (column.dropna().dt.normalize() == column.dropna()).all():
            plain[name] = column.dt.strftime("%Y-%m-%d").astype("object").where(column.notna(), None)
    return plain
