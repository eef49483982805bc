"""The workbooks we hand out: the upload template and workbooks written from tables (SPEC section 2)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from realize.contract import schema
from realize.report.workbook import template_bytes, write_workbook

DATE_FORMATS = {"date": "yyyy-mm-dd", "month": "yyyy-mm"}


@pytest.fixture(scope="module")
def template() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(template_bytes()))


def written(tables: dict[str, pd.DataFrame]) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    write_workbook(tables, buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def validation_for(ws: Worksheet, column_index: int) -> DataValidation | None:
    """The validation covering this column from row 2 down a generous range, if any."""
    for validation in ws.data_validations.dataValidation:
        for cells in validation.sqref.ranges:
            if cells.min_col <= column_index <= cells.max_col and cells.min_row == 2 and cells.max_row >= 1000:
                return validation
    return None


def about_table(template: openpyxl.Workbook) -> pd.DataFrame:
    """The column reference on the About sheet, as a frame headed by its own header row."""
    rows = list(template["About"].iter_rows(values_only=True))
    start = next(index for index, row in enumerate(rows) if row[:2] == ("sheet", "column"))
    return pd.DataFrame(rows[start + 1 :], columns=rows[start]).fillna("")


# --- The template -----------------------------------------------------------------------------


def test_template_has_about_then_one_sheet_per_schema_sheet(template: openpyxl.Workbook) -> None:
    assert template.sheetnames == ["About", *(sheet.name for sheet in schema.SHEETS)]


def test_template_headers_are_exactly_the_schema_columns_and_nothing_below(template: openpyxl.Workbook) -> None:
    for sheet in schema.SHEETS:
        ws = template[sheet.name]
        assert tuple(cell.value for cell in ws[1]) == sheet.column_names, sheet.name
        assert ws.max_row == 1, f"{sheet.name}: the template must have no rows under the header"


def test_header_row_is_frozen_and_has_a_filter(template: openpyxl.Workbook) -> None:
    for sheet in schema.SHEETS:
        ws = template[sheet.name]
        assert ws.freeze_panes == "A2", sheet.name
        assert ws.auto_filter.ref == f"A1:{get_column_letter(len(sheet.columns))}1", sheet.name


def test_required_columns_have_their_own_header_colour(template: openpyxl.Workbook) -> None:
    required_fills, optional_fills = set(), set()
    for sheet in schema.SHEETS:
        for cell, column in zip(template[sheet.name][1], sheet.columns, strict=True):
            assert cell.font.bold, f"{sheet.name}.{column.name}"
            (required_fills if column.required else optional_fills).add(cell.fill.fgColor.rgb)
    assert len(required_fills) == 1
    assert len(optional_fills) == 1
    assert required_fills != optional_fills


def test_every_column_is_wide_enough_for_its_header(template: openpyxl.Workbook) -> None:
    for sheet in schema.SHEETS:
        ws = template[sheet.name]
        for index, column in enumerate(sheet.columns, start=1):
            assert ws.column_dimensions[get_column_letter(index)].width >= len(column.name), column.name


def test_each_enum_column_offers_exactly_its_choices(template: openpyxl.Workbook) -> None:
    for sheet in schema.SHEETS:
        for index, column in enumerate(sheet.columns, start=1):
            if column.kind not in ("enum", "bool"):
                continue
            validation = validation_for(template[sheet.name], index)
            assert validation is not None, f"{sheet.name}.{column.name} has no drop-down"
            assert validation.type == "list"
            offered = validation.formula1.strip('"').split(",")
            expected = list(column.choices) if column.kind == "enum" else ["yes", "no"]
            assert offered == expected, f"{sheet.name}.{column.name}"


def test_percent_columns_prompt_for_0_to_100(template: openpyxl.Workbook) -> None:
    percent_columns = [(s, i, c) for s in schema.SHEETS for i, c in enumerate(s.columns, 1) if c.kind == "percent"]
    assert percent_columns
    for sheet, index, column in percent_columns:
        validation = validation_for(template[sheet.name], index)
        assert validation is not None, f"{sheet.name}.{column.name}"
        assert validation.prompt == "0-100"
        assert "%" not in template[sheet.name].column_dimensions[get_column_letter(index)].number_format


def test_date_and_month_columns_are_formatted_as_dates(template: openpyxl.Workbook) -> None:
    for sheet in schema.SHEETS:
        for index, column in enumerate(sheet.columns, start=1):
            if column.kind in DATE_FORMATS:
                number_format = template[sheet.name].column_dimensions[get_column_letter(index)].number_format
                assert number_format == DATE_FORMATS[column.kind], f"{sheet.name}.{column.name}"


def test_headers_explain_their_column(template: openpyxl.Workbook) -> None:
    for sheet in schema.SHEETS:
        for cell, column in zip(template[sheet.name][1], sheet.columns, strict=True):
            assert cell.comment is not None, f"{sheet.name}.{column.name}"
            assert column.description in cell.comment.text


# --- The About sheet --------------------------------------------------------------------------


def test_about_sheet_lists_every_column_of_every_sheet(template: openpyxl.Workbook) -> None:
    table = about_table(template)
    listed = list(zip(table["sheet"], table["column"], strict=True))
    assert listed == [(sheet.name, column.name) for sheet in schema.SHEETS for column in sheet.columns]


def test_about_sheet_says_which_columns_are_required_and_what_they_accept(template: openpyxl.Workbook) -> None:
    table = about_table(template).set_index(["sheet", "column"])
    for sheet in schema.SHEETS:
        for column in sheet.columns:
            row = table.loc[(sheet.name, column.name)]
            assert row["required"] == ("yes" if column.required else "no")
            assert row["type"] == column.hint()
            assert row["description"].startswith(column.description)
            for choice in column.choices:
                assert choice in row["allowed values"]
    assert table.loc[("benefits", "attribution_pct"), "default"] == "100"
    assert table.loc[("initiatives", "status"), "default"] == "active"


def test_about_sheet_explains_how_to_use_the_workbook(template: openpyxl.Workbook) -> None:
    column_a = [cell.value for cell in template["About"]["A"]]
    text = " ".join(str(value) for value in column_a if value is not None).casefold()
    assert "any subset" in text
    assert "required" in text
    assert "case" in text


# --- Writing tables ---------------------------------------------------------------------------


def test_rows_are_written_under_the_header_as_real_values() -> None:
    initiatives = pd.DataFrame(
        {
            "budget": [1_200_000.0, None],
            "name": ["Cloud migration", "Data platform"],
            "initiative_id": ["INI-01", "INI-02"],
            "owner": ["Ada Lovelace", "Grace Hopper"],
            "start_date": pd.to_datetime(["2025-01-15", None]),
            "unexpected": ["ignored", "ignored"],
        }
    )
    ws = written({"initiatives": initiatives})["initiatives"]
    names = schema.INITIATIVES.column_names
    rows = {row[0]: dict(zip(names, row, strict=True)) for row in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["INI-01"]["name"] == "Cloud migration"
    assert rows["INI-01"]["budget"] == 1_200_000
    assert rows["INI-01"]["start_date"] == dt.datetime(2025, 1, 15)
    assert rows["INI-01"]["portfolio"] is None  # a column the frame does not have stays blank
    assert rows["INI-02"]["budget"] is None  # NaN -> empty cell
    assert rows["INI-02"]["start_date"] is None  # NaT -> empty cell
    assert ws.max_column == len(schema.INITIATIVES.columns)
    start_date = schema.INITIATIVES.column_names.index("start_date") + 1
    assert ws.cell(row=2, column=start_date).number_format == "yyyy-mm-dd"


def test_months_are_written_as_the_first_day_of_the_month_and_bools_as_yes_no() -> None:
    book = written(
        {
            "benefit_measurements": pd.DataFrame(
                {"benefit_id": ["BEN-01"], "period": pd.to_datetime(["2025-03-17"]), "planned": [10]}
            ),
            "benefits": pd.DataFrame({"benefit_id": ["BEN-01", "BEN-02"], "disbenefit": [True, False]}),
        }
    )
    period = book["benefit_measurements"].cell(row=2, column=2)
    assert period.value == dt.datetime(2025, 3, 1)
    assert period.number_format == "yyyy-mm"
    disbenefit = schema.BENEFITS.column_names.index("disbenefit") + 1
    assert [book["benefits"].cell(row=r, column=disbenefit).value for r in (2, 3)] == ["yes", "no"]


def test_text_starting_with_equals_is_written_as_text_not_a_formula() -> None:
    hostile = ["=1+1", '=HYPERLINK("http://example.com","x")', "+SUM(A1)", "@cmd"]
    buffer = io.BytesIO()
    write_workbook({"kpis": pd.DataFrame({"kpi_id": ["K1", "K2", "K3", "K4"], "name": hostile})}, buffer)
    ws = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["kpis"]
    for row, text in enumerate(hostile, start=2):
        cell = ws.cell(row=row, column=2)
        assert cell.data_type == "s"
        assert cell.value == text
    archive = zipfile.ZipFile(buffer)
    for name in archive.namelist():
        if name.startswith("xl/worksheets/sheet"):
            assert "<f>" not in archive.read(name).decode(), name


def test_writing_the_same_tables_twice_gives_the_same_workbook() -> None:
    tables = {
        "initiatives": pd.DataFrame({"initiative_id": ["INI-01"], "name": ["Cloud"], "owner": ["Ada Lovelace"]}),
        "kpi_values": pd.DataFrame({"kpi_id": ["KPI-01"], "period": pd.to_datetime(["2026-01-01"]), "value": [99.9]}),
    }
    first, second = io.BytesIO(), io.BytesIO()
    write_workbook(tables, first)
    write_workbook(tables, second)
    assert first.getvalue() == second.getvalue()
    books = [openpyxl.load_workbook(io.BytesIO(buffer.getvalue())) for buffer in (first, second)]
    assert [list(ws.values) for ws in books[0]] == [list(ws.values) for ws in books[1]]


def test_write_to_a_path(tmp_path) -> None:
    out = tmp_path / "template.xlsx"
    write_workbook(None, out)
    assert out.read_bytes() == template_bytes()


def test_a_table_for_an_unknown_sheet_is_refused() -> None:
    with pytest.raises(ValueError, match="budgets"):
        write_workbook({"budgets": pd.DataFrame()}, io.BytesIO())
