"""Downloads cannot run formulas when opened in a spreadsheet (OWASP CSV injection)."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from realize.report import export

HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "\nLF"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_would_run_as_a_formula_is_quoted(text: str) -> None:
    assert export.escape_formula(text) == "'" + text


def test_harmless_values_are_left_alone() -> None:
    assert export.escape_formula("Cloud migration") == "Cloud migration"
    assert export.escape_formula(-5) == -5
    assert export.escape_formula(None) is None


def test_csv_download_escapes_cells_and_keeps_numbers() -> None:
    frame = pd.DataFrame({"value": ["=1+1", "plain"], "amount": [-1200.5, 3.0]})
    text = export.csv_bytes(frame).decode("utf-8-sig")
    assert text.splitlines() == ["value,amount", "'=1+1,-1200.5", "plain,3.0"]


def test_xlsx_download_writes_text_as_text() -> None:
    frame = pd.DataFrame(
        {"value": ["=1+1", "@cmd"], "amount": [1.5, None], "when": pd.to_datetime(["2025-01-31", None])}
    )
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes({"report": frame})))
    sheet = book["report"]
    assert [cell.value for cell in sheet[1]] == ["value", "amount", "when"]
    assert [(cell.value, cell.data_type) for cell in sheet["A"][1:]] == [("'=1+1", "s"), ("'@cmd", "s")]
    assert sheet["B2"].value == 1.5 and sheet["B3"].value is None
    assert sheet["C2"].value.date().isoformat() == "2025-01-31"
