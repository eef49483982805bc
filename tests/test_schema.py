"""The schema module is the workbook contract of SPEC section 2, with nothing lost or invented."""

from __future__ import annotations

import re

import pytest

from realize.contract import schema
from tests.conftest import ROOT

SPEC = ROOT.parent / "shared" / "SPEC.md"


def spec_sheets() -> dict[str, dict[str, object]]:
    """Sheet -> {scope key, columns with required flag, enum choices} read from SPEC.md's tables."""
    if not SPEC.exists():
        pytest.skip(f"{SPEC} is not beside the checkout")
    text = SPEC.read_text()
    section = text[text.index("## 2. The workbook contract") : text.index("## 3.")]
    sheets: dict[str, dict[str, object]] = {}
    for heading, body in re.findall(r"### (\w+) — .*?\n(.*?)(?=\n### |\Z)", section, re.S):
        scope = re.search(r"scope key: (\w+)", text[text.index(f"### {heading} ") :]).group(1)
        columns: dict[str, bool] = {}
        for line in body.splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) < 3 or cells[0] in ("column", "---"):
                continue
            for name in cells[0].split(" / "):
                columns[name.rstrip("*")] = cells[0].endswith("*")
        sheets[heading] = {"scope": scope, "columns": columns}
    return sheets


def test_every_sheet_and_column_of_the_spec_is_in_the_schema() -> None:
    spec = spec_sheets()
    assert list(spec) == [sheet.name for sheet in schema.SHEETS]
    for sheet in schema.SHEETS:
        assert sheet.scope_key == spec[sheet.name]["scope"], sheet.name
        expected = spec[sheet.name]["columns"]
        assert {column.name: column.required for column in sheet.columns} == expected, sheet.name


def test_enumerations_match_the_spec() -> None:
    text = SPEC.read_text() if SPEC.exists() else pytest.skip("SPEC.md not beside the checkout")
    for sheet in schema.SHEETS:
        for column in sheet.columns:
            if column.kind != "enum":
                continue
            for choice in column.choices:
                assert choice in text, f"{sheet.name}.{column.name}: {choice} is not in SPEC.md"
            if column.default is not None:
                assert column.default in column.choices


def test_no_two_columns_or_sheets_answer_to_the_same_name() -> None:
    owners: dict[str, str] = {}
    for sheet in schema.SHEETS:
        for name in (sheet.name, *sheet.synonyms):
            key = schema.normalize_name(name)
            assert owners.setdefault(key, sheet.name) == sheet.name, f"sheet name {name!r} is ambiguous"
        columns: dict[str, str] = {}
        for column in sheet.columns:
            for name in (column.name, *column.synonyms):
                key = schema.normalize_name(name)
                assert columns.setdefault(key, column.name) == column.name, f"{sheet.name}: {name!r} is ambiguous"


def test_references_point_at_sheets_with_an_id() -> None:
    for sheet, column in schema.referencing_columns():
        target = schema.SHEETS_BY_NAME[column.references]
        assert target.unique_key and target.unique_key[0] == column.name, (sheet.name, column.name)


def test_choice_synonyms_lead_to_real_choices() -> None:
    for sheet in schema.SHEETS:
        for column in sheet.columns:
            for synonym, choice in column.choice_synonyms.items():
                assert choice in column.choices, (sheet.name, column.name, synonym)
                assert schema.choice_for_value(column, synonym.replace("_", " ").upper()) == choice
