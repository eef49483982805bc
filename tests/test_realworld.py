"""What portfolio offices really send is accepted, with a warning wherever something was guessed.

One test per case of tests/realworld_files.py: the exact warnings and the rows that result.
"""

from __future__ import annotations

import pandas as pd
import pytest

from realize.intake.ingest import ParsedUpload, ReadingOptions, SourceFile, parse_upload
from tests import realworld_files as files


def warnings_of(upload: ParsedUpload) -> list[tuple[str, str]]:
    return [(issue.rule, issue.column) for issue in upload.warnings]


def accepted(*sources: SourceFile, options: ReadingOptions | None = None) -> ParsedUpload:
    upload = parse_upload(list(sources), options=options)
    assert upload.ok, upload.issue_frame().to_string()
    return upload


def values(upload: ParsedUpload, sheet: str, *columns: str) -> list[list[object]]:
    table = upload.tables[sheet][list(columns)]
    return [[None if pd.isna(value) else value for value in row] for row in table.itertuples(index=False)]


def days(upload: ParsedUpload, sheet: str, column: str) -> list[str]:
    return upload.tables[sheet][column].dt.strftime("%Y-%m-%d").tolist()


def test_a_title_block_above_the_header() -> None:
    upload = accepted(files.title_block())
    assert warnings_of(upload) == [("rows above the header", "")]
    assert upload.issues[0].row == 4
    assert values(upload, "initiatives", "initiative_id", "owner") == [["INI-1", "Ann Lee"], ["INI-2", "Bo Ek"]]
    assert upload.tables["initiatives"]["source_row"].tolist() == [5, 6]


def test_merged_group_headers_and_headers_on_two_lines_with_units() -> None:
    upload = accepted(files.merged_and_multiline_headers())
    assert warnings_of(upload) == [("rows above the header", "")]
    assert values(upload, "costs", "initiative_id", "category", "planned", "actual") == [
        ["INI-1", "operating", 1000.0, 900.0],
        ["INI-2", "implementation", 2000.0, None],
    ]
    assert days(upload, "costs", "period") == ["2026-01-01", "2026-01-01"]


def test_hidden_and_blank_columns() -> None:
    upload = accepted(files.hidden_and_blank_columns())
    assert warnings_of(upload) == [("also fits a taken column", "lookup key")]
    assert values(upload, "initiatives", "initiative_id", "budget") == [["INI-1", 1000.0], ["INI-2", 2000.0]]


def test_a_totals_row_is_skipped_with_a_warning() -> None:
    upload = accepted(files.totals_row())
    assert warnings_of(upload) == [("totals row", "initiative_id")]
    total = upload.warnings[0]
    assert (total.row, total.value) == (4, "Total")
    assert upload.tables["initiatives"]["initiative_id"].tolist() == ["INI-1", "INI-2"]


def test_benefit_measurements_with_one_column_per_month() -> None:
    upload = accepted(files.wide_benefit_measurements())
    assert warnings_of(upload) == [("one column per month", "period")]
    assert "3 months, Jan 2025 to Mar 2025" in upload.warnings[0].message
    rows = upload.tables["benefit_measurements"]
    assert list(zip(rows["benefit_id"], rows["period"].dt.strftime("%Y-%m"), strict=True)) == [
        ("BEN-1", "2025-01"),
        ("BEN-1", "2025-02"),
        ("BEN-1", "2025-03"),
        ("BEN-2", "2025-01"),
        ("BEN-2", "2025-02"),
    ]
    assert values(upload, "benefit_measurements", "planned", "realized") == [
        [100.0, 90.0],
        [100.0, None],  # planned, not measured yet
        [120.0, 130.0],
        [10.0, 8.0],
        [10.0, 9.0],
    ]
    assert rows["source_row"].tolist() == [2, 2, 2, 4, 4]


def test_costs_with_one_column_per_month_as_real_dates() -> None:
    upload = accepted(files.wide_costs())
    assert warnings_of(upload) == [("one column per month", "period")]
    costs = upload.tables["costs"]
    lines = list(
        zip(
            costs["initiative_id"], costs["period"].dt.strftime("%Y-%m"), costs["planned"], costs["actual"], strict=True
        )
    )
    # each cost row stays its own line (cost lines add up): the budget row gives plans, the actual row actuals
    assert [tuple(None if pd.isna(value) else value for value in line) for line in lines] == [
        ("INI-1", "2026-01", 1000.0, None),
        ("INI-1", "2026-02", 1000.0, None),
        ("INI-1", "2026-03", 1000.0, None),
        ("INI-1", "2026-01", None, 1100.0),
        ("INI-1", "2026-02", None, 950.0),
        ("INI-2", "2026-01", 5000.0, None),
        ("INI-2", "2026-03", 5000.0, None),
    ]
    assert costs.groupby("initiative_id")[["planned", "actual"]].sum().to_dict("index") == {
        "INI-1": {"planned": 3000.0, "actual": 2050.0},
        "INI-2": {"planned": 10000.0, "actual": 0.0},
    }


def test_kpi_values_with_month_headers_and_no_row_label() -> None:
    upload = accepted(files.kpis_csv(), files.wide_kpi_values_csv())
    assert warnings_of(upload) == [("one column per month", "period")]
    assert values(upload, "kpi_values", "kpi_id", "value") == [
        ["KPI-1", 99.1],
        ["KPI-1", 99.5],
        ["KPI-2", 12.0],
        ["KPI-2", 10.0],
    ]
    assert days(upload, "kpi_values", "period") == ["2026-01-01", "2026-02-01", "2026-01-01", "2026-03-01"]


def test_a_wide_sheet_without_planned_or_actual_labels_is_refused() -> None:
    text = "initiative_id,category,2026-01,2026-02\nINI-1,operating,10,20\n"
    upload = parse_upload([SourceFile("costs.csv", text.encode())])
    assert [issue.rule for issue in upload.errors] == ["row labels missing"]
    assert "planned or actual" in upload.errors[0].message


def test_a_workbook_in_the_1904_date_system() -> None:
    upload = accepted(files.workbook_1904())
    # the date cell is a date whatever the system; the bare serial 44561 counts from 1904-01-01
    assert days(upload, "initiatives", "start_date") == ["2025-03-31"]
    assert days(upload, "initiatives", "end_date") == ["2026-01-01"]


@pytest.mark.parametrize(
    ("order", "written", "expected", "warned"),
    [
        ("day_first", ("03/04/2025", "05/06/2025"), ["2025-04-03", "2025-06-05"], True),
        ("month_first", ("03/04/2025", "05/06/2025"), ["2025-03-04", "2025-05-06"], True),
        # 13/04 can only be day first, whatever the settings say: read so, nothing guessed
        ("month_first", ("13/04/2025", "20/06/2025"), ["2025-04-13", "2025-06-20"], False),
        ("day_first", ("2025-04-03", "2025-06-05"), ["2025-04-03", "2025-06-05"], False),
        ("day_first", ("3.4.2025", "5.6.25"), ["2025-04-03", "2025-06-05"], True),
    ],
)
def test_dates_as_text_in_the_order_the_settings_choose(
    order: str, written: tuple[str, str], expected: list[str], warned: bool
) -> None:
    upload = accepted(files.text_dates_csv(*written), options=ReadingOptions(date_order=order))  # type: ignore[arg-type]
    assert [days(upload, "initiatives", "start_date")[0], days(upload, "initiatives", "end_date")[0]] == expected
    assert bool(upload.warnings) == warned
    if warned:
        assert all(issue.rule == "read with a guess" for issue in upload.warnings)
        assert "Settings" in upload.warnings[0].message


def test_european_numbers_in_a_semicolon_csv() -> None:
    initiatives = SourceFile("initiatives.csv", b"initiative_id,name,owner\nINI-1,Cloud,Ann\n")
    upload = accepted(initiatives, files.european_csv())
    assert values(upload, "costs", "planned", "actual") == [[1234.5, -1000.0], [2000.0, 1999.99], [12.5, 0.0]]
    assert [(issue.rule, issue.column) for issue in upload.warnings] == [
        ("read with a guess", "planned"),
        ("read with a guess", "actual"),
    ]
    assert "decimal comma" in upload.warnings[0].message


def test_english_numbers_with_currency_accounting_negatives_and_percentages() -> None:
    initiatives = SourceFile("initiatives.csv", b"initiative_id,name,owner\nINI-1,Cloud,Ann\n")
    upload = accepted(initiatives, files.english_numbers_csv())
    assert values(upload, "costs", "planned", "actual") == [[1234.5, -1000.0], [2000.0, 12.0]]
    assert not upload.warnings


@pytest.mark.parametrize(
    ("encoding", "delimiter", "warned"),
    [
        ("utf-8", ",", False),
        ("utf-8-sig", ",", False),
        ("utf-16", ",", False),
        ("cp1252", ";", True),
        ("utf-8", "\t", False),
    ],
)
def test_csv_encodings_and_delimiters(encoding: str, delimiter: str, warned: bool) -> None:
    upload = accepted(files.encoded_csv(encoding, delimiter))
    assert values(upload, "initiatives", "name", "owner") == [["Migración à Zürich", "Zoë Ångström"]]
    assert [issue.rule for issue in upload.warnings] == (["text encoding guessed"] if warned else [])


def test_a_macro_workbook_is_read_as_data() -> None:
    upload = accepted(files.macro_workbook())
    assert values(upload, "initiatives", "initiative_id") == [["INI-1"], ["INI-2"]]
    assert [issue.rule for issue in upload.warnings] == ["macros not run"]


def test_an_old_xls_is_refused_with_save_as_xlsx() -> None:
    upload = parse_upload([SourceFile("register.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)])
    assert [issue.rule for issue in upload.errors] == ["old Excel format"]
    assert "save it as .xlsx" in upload.errors[0].message
