"""Downloads: tables as CSV and .xlsx, safe to open in a spreadsheet.

Text cells that begin with = + - @ tab, carriage return or line feed are
prefixed with a quote so a spreadsheet shows them instead of running them as
formulas (OWASP CSV injection guidance), and openpyxl writes every text cell
as text.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

if TYPE_CHECKING:
    from realize.measures import Filters
    from realize.store import Store

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
    """One sheet per table, header styled and frozen, text written as text."""
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


def plain_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Date columns (DuckDB dates arrive as midnight timestamps) as YYYY-MM-DD text."""
    plain = frame.copy()
    for name in plain.columns:
        column = plain[name]
        if pd.api.types.is_datetime64_any_dtype(column) and (column.dropna().dt.normalize() == column.dropna()).all():
            plain[name] = column.dt.strftime("%Y-%m-%d").astype("object").where(column.notna(), None)
    return plain


def everything(store: Store, filters: Filters) -> dict[str, pd.DataFrame]:
    """An About table, every named view for these filters, then the current data of every sheet.

    The data sheets carry the template's names, so the workbook can be uploaded again.
    """
    from realize import measures, schema

    about = pd.DataFrame(
        {
            "item": ["as of", "exported at (UTC)", *store.settings()],
            "value": [
                filters.as_of.isoformat(),
                pd.Timestamp.now("UTC").strftime("%Y-%m-%d %H:%M"),
                *(str(value) for value in store.settings().values()),
            ],
        }
    )
    frames: dict[str, pd.DataFrame] = {"About": about}
    for view in measures.NAMED_VIEWS:
        frames[view] = measures.run(store, view, filters)
    for sheet in schema.SHEETS:
        frames[sheet.name] = store.current(sheet.name)
    return frames
