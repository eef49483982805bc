"""The board pack (SPEC section 5): one .xlsx with the Portfolio headline and every page's main table.

A Summary sheet first (what the pack covers, the filters in words, the as-of date, each headline metric
as the Portfolio page's cards say it, and a contents list linking to the sheets), then one sheet per
catalog.PAGE_TABLES entry, each written for people (realize.report.export.add_readable_sheet). Pure: the web
layer gathers the views and the headline for the current filters and hands them in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from realize.contract.catalog import PageTable
from realize.report import export, formats
from realize.report.headlines import Metric

SUMMARY_SHEET = "Summary"
TITLE = "Board pack"
HEADLINE_HEADER = ("Headline", "Value", "Compared with", "What it means")
CONTENTS_HEADER = ("Page", "Sheet", "Rows")
NO_HEADLINE = "No initiative matches these filters: the headline has nothing to count."
_TITLE_FONT = Font(bold=True, size=16, color="1F3A5F")
_LABEL_FONT = Font(bold=True, color="4A5058")
_SECTION_FONT = Font(bold=True, color="FFFFFF")
_SECTION_FILL = PatternFill("solid", start_color="1F3A5F")
_VALUE_FONT = Font(bold=True, size=12)
_LINK_FONT = Font(color="1565C0", underline="single")
_WRAPPED = Alignment(vertical="top", wrap_text=True)
_SUMMARY_WIDTHS = {"A": 30, "B": 26, "C": 34, "D": 90}


def board_pack_bytes(
    tables: Mapping[PageTable, pd.DataFrame],
    headline: Sequence[Metric],
    *,
    currency: str,
    described_filters: str,
    as_of: dt.date,
) -> bytes:
    """The pack: Summary, then a sheet per page table holding the table's columns of its view's rows."""
    book = Workbook()
    summary = book.active
    summary.title = SUMMARY_SHEET
    row = _write_about(summary, currency, described_filters, as_of)
    row = _write_headline(summary, row + 1, headline)
    _write_contents(summary, row + 1, tables)
    for column, width in _SUMMARY_WIDTHS.items():
        summary.column_dimensions[column].width = width
    summary.page_setup.orientation = "landscape"
    summary.sheet_properties.pageSetUpPr.fitToPage = True
    summary.page_setup.fitToWidth, summary.page_setup.fitToHeight = 1, 0
    for table, frame in tables.items():
        export.add_readable_sheet(book, table.sheet, frame[list(table.columns)], currency=currency)
    return export.workbook_bytes(book)


def _write_about(sheet: Worksheet, currency: str, described_filters: str, as_of: dt.date) -> int:
    """Title and what the pack covers; returns the last row written."""
    sheet["A1"] = TITLE
    sheet["A1"].font = _TITLE_FONT
    facts: tuple[tuple[str, object, str | None], ...] = (
        ("Filters", _text(described_filters), None),
        ("As of", as_of, formats.EXCEL_DAY),
        ("Reporting currency", _text(currency), None),
    )
    for row, (label, value, number_format) in enumerate(facts, start=3):
        sheet.cell(row=row, column=1, value=label).font = _LABEL_FONT
        cell = sheet.cell(row=row, column=2, value=value)
        if number_format:
            cell.number_format = number_format
            cell.alignment = Alignment(horizontal="left")
    return 3 + len(facts) - 1


def _write_headline(sheet: Worksheet, start: int, headline: Sequence[Metric]) -> int:
    """The Portfolio page's cards, one per row, as they read there; returns the last row written."""
    row = start + 1
    _section_row(sheet, row, HEADLINE_HEADER)
    if not headline:
        row += 1
        sheet.cell(row=row, column=1, value=NO_HEADLINE)
        return row
    for metric in headline:
        row += 1
        # the app's own words and formatted numbers ("-$2.7M", "+5 pts vs plan"): written as text, as they read
        values = (metric.label, metric.value, metric.delta or "", metric.help or "")
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.data_type, cell.alignment = "s", _WRAPPED
        sheet.cell(row=row, column=2).font = _VALUE_FONT
    return row


def _write_contents(sheet: Worksheet, start: int, tables: Mapping[PageTable, pd.DataFrame]) -> None:
    """Which page each sheet comes from and how many rows it holds, each sheet's name a link to it."""
    row = start + 1
    _section_row(sheet, row, CONTENTS_HEADER)
    for table, frame in tables.items():
        row += 1
        sheet.cell(row=row, column=1, value=_text(table.page))
        link = sheet.cell(row=row, column=2, value=_text(table.sheet))
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{table.sheet}'!A1", display=table.sheet)
        link.font = _LINK_FONT
        count = sheet.cell(row=row, column=3, value=len(frame))
        count.number_format = formats.EXCEL_COUNT
        count.alignment = Alignment(horizontal="left")


def _section_row(sheet: Worksheet, row: int, titles: Sequence[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=column, value=title)
        cell.font, cell.fill = _SECTION_FONT, _SECTION_FILL


def _text(value: str) -> str:
    """Text from the data (an owner's name in the filters) shown as itself, never run as a formula."""
    return str(export.escape_formula(value))
