"""Ingest: every validation rule with a failing example, and the types users write."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from realize.intake import ingest
from realize.intake.ingest import SourceFile, parse_upload
from realize.intake.mapping import Answers
from realize.ledger.store import Store
from realize.report import workbook
from tests.conftest import INITIATIVE_HEADER, csv_file, editor, initiatives_csv, milestones_csv, xlsx_file

BENEFIT_HEADER = ("benefit_id", "initiative_id", "name", "type", "owner")


def issues_of(upload: ingest.ParsedUpload) -> list[tuple[str, int | None, str, str, str]]:
    """(sheet, row, column, rule, severity) of every issue, in report order."""
    frame = upload.issue_frame()
    return [
        (row.sheet, None if pd.isna(row.row) else int(row.row), row.column, row.rule, row.severity)
        for row in frame.itertuples()
    ]


def only_issue(upload: ingest.ParsedUpload) -> ingest.Issue:
    assert len(upload.issues) == 1, upload.issue_frame().to_string()
    return upload.issues[0]


# --------------------------------------------------------------------------- errors, one rule each


def test_missing_required_column_names_sheet_header_row_and_column() -> None:
    upload = parse_upload([csv_file("initiatives.csv", ("initiative_id", "name"), ("INI-1", "Cloud"))])
    issue = only_issue(upload)
    assert (issue.sheet, issue.row, issue.column, issue.rule, issue.severity) == (
        "initiatives",
        1,
        "owner",
        "missing column",
        "error",
    )
    assert "header row" in issue.message
    assert not upload.ok


def test_missing_required_value_names_the_excel_row() -> None:
    upload = parse_upload([initiatives_csv(("INI-1", "Cloud", "Ada"), ("INI-2", "Portal", None))])
    assert issues_of(upload) == [("initiatives", 3, "owner", "missing value", "error")]


def test_bad_number_is_an_error_with_the_value_shown() -> None:
    upload = parse_upload(
        [
            csv_file(
                "initiatives.csv", (*("initiative_id", "name", "owner"), "budget"), ("INI-1", "Cloud", "Ada", "lots")
            )
        ]
    )
    issue = only_issue(upload)
    assert (issue.row, issue.column, issue.rule, issue.value) == (2, "budget", "not a number", "lots")
    assert "1,200.50" in issue.message


def test_bad_date_is_an_error() -> None:
    upload = parse_upload([milestones_csv(("MS-1", "INI-1", "Go live", "Ada", "2025-13-45"))])
    # the initiative is missing too: both problems are reported at once
    assert issues_of(upload) == [
        ("milestones", 2, "baseline_date", "not a date", "error"),
        ("milestones", 2, "initiative_id", "unknown reference", "error"),
    ]


def test_a_bare_year_is_not_taken_for_an_excel_serial_date() -> None:
    milestone = csv_file(
        "milestones.csv", ("milestone_id", "initiative_id", "name", "baseline_date"), ("M", "INI-1", "x", 2025)
    )
    upload = parse_upload([initiatives_csv(("INI-1", "Cloud", "Ada")), milestone])
    assert issues_of(upload) == [("milestones", 2, "baseline_date", "not a date", "error")]


def test_unknown_enumeration_value_lists_the_allowed_ones() -> None:
    upload = parse_upload(
        [
            initiatives_csv(("INI-1", "Cloud", "Ada")),
            csv_file("benefits.csv", BENEFIT_HEADER, ("BEN-1", "INI-1", "Savings", "money", "Bo")),
        ]
    )
    issue = only_issue(upload)
    assert (issue.sheet, issue.row, issue.column, issue.rule) == ("benefits", 2, "type", "unknown value")
    assert "cash_releasing, non_cash_releasing, quantifiable, qualitative" in issue.message


def test_bad_boolean_is_an_error() -> None:
    upload = parse_upload(
        [
            initiatives_csv(("INI-1", "Cloud", "Ada")),
            csv_file(
                "benefits.csv",
                (*BENEFIT_HEADER, "disbenefit"),
                ("BEN-1", "INI-1", "Savings", "cash_releasing", "Bo", "maybe"),
            ),
        ]
    )
    issue = only_issue(upload)
    assert (issue.column, issue.rule, issue.value) == ("disbenefit", "not yes or no", "maybe")


def test_attribution_outside_0_to_100_is_an_error() -> None:
    upload = parse_upload(
        [
            initiatives_csv(("INI-1", "Cloud", "Ada")),
            csv_file(
                "benefits.csv",
                (*BENEFIT_HEADER, "attribution_pct"),
                ("BEN-1", "INI-1", "Savings", "cash_releasing", "Bo", "120%"),
            ),
        ]
    )
    issue = only_issue(upload)
    assert (issue.row, issue.column, issue.rule) == (2, "attribution_pct", "out of range")


def test_duplicate_id_in_the_upload_points_at_the_first_row() -> None:
    upload = parse_upload(
        [initiatives_csv(("INI-1", "Cloud", "Ada"), ("INI-2", "Portal", "Bo"), ("INI-1", "ERP", "Cy"))]
    )
    issue = only_issue(upload)
    assert (issue.sheet, issue.row, issue.column, issue.rule, issue.value) == (
        "initiatives",
        4,
        "initiative_id",
        "duplicate id",
        "INI-1",
    )
    assert "first on row 2" in issue.message


def test_two_measurements_of_one_benefit_in_the_same_month_are_duplicates() -> None:
    upload = parse_upload(
        [
            initiatives_csv(("INI-1", "Cloud", "Ada")),
            csv_file("benefits.csv", BENEFIT_HEADER, ("BEN-1", "INI-1", "Savings", "cash_releasing", "Bo")),
            csv_file(
                "benefit_measurements.csv",
                ("benefit_id", "period", "planned"),
                ("BEN-1", "2025-01-01", 10),
                ("BEN-1", "2025-01-31", 12),  # any date in the month means that month
            ),
        ]
    )
    issue = only_issue(upload)
    assert (issue.sheet, issue.row, issue.rule, issue.value) == (
        "benefit_measurements",
        3,
        "duplicate id",
        "BEN-1 2025-01",
    )


def test_dangling_reference_names_the_missing_id() -> None:
    upload = parse_upload(
        [
            initiatives_csv(("INI-1", "Cloud", "Ada")),
            csv_file("benefits.csv", BENEFIT_HEADER, ("BEN-1", "INI-9", "Savings", "cash_releasing", "Bo")),
        ]
    )
    issue = only_issue(upload)
    assert (issue.sheet, issue.row, issue.column, issue.rule, issue.value) == (
        "benefits",
        2,
        "initiative_id",
        "unknown reference",
        "INI-9",
    )
    assert "initiatives sheet" in issue.message


def test_references_may_point_at_rows_already_stored(store: Store) -> None:
    store.apply(parse_upload([initiatives_csv(("INI-1", "Cloud", "Ada"))], store), editor("ann"))
    upload = parse_upload([milestones_csv(("MS-1", "INI-1", "Go live", "Ada", "2025-06-30"))], store)
    assert upload.ok, upload.issue_frame().to_string()


def test_an_id_stored_under_another_initiative_is_a_duplicate(store: Store) -> None:
    store.apply(
        parse_upload(
            [
                initiatives_csv(("INI-1", "Cloud", "Ada"), ("INI-2", "Portal", "Bo")),
                milestones_csv(("MS-1", "INI-1", "Go live", "Ada", "2025-06-30")),
            ],
            store,
        ),
        editor("ann"),
    )
    moved = parse_upload([milestones_csv(("MS-1", "INI-2", "Launch", "Bo", "2025-07-31"))], store)
    issue = only_issue(moved)
    assert (issue.row, issue.column, issue.rule) == (2, "milestone_id", "duplicate id")
    assert "already stored under initiative_id INI-1" in issue.message
    # uploading INI-1's milestones too moves it cleanly
    both = parse_upload(
        [
            milestones_csv(
                ("MS-1", "INI-2", "Launch", "Bo", "2025-07-31"), ("MS-2", "INI-1", "Other", "Ada", "2025-08-31")
            )
        ],
        store,
    )
    assert both.ok, both.issue_frame().to_string()


def test_end_before_start_is_an_error_on_the_end_date() -> None:
    upload = parse_upload(
        [
            csv_file(
                "initiatives.csv",
                ("initiative_id", "name", "owner", "start_date", "end_date"),
                ("INI-1", "Cloud", "Ada", "2025-06-01", "2025-01-31"),
            )
        ]
    )
    issue = only_issue(upload)
    assert (issue.row, issue.column, issue.rule, issue.value) == (2, "end_date", "end before start", "2025-01-31")


def test_an_action_must_say_what_it_responds_to() -> None:
    upload = parse_upload(
        [
            csv_file(
                "actions.csv",
                ("action_id", "title", "owner", "raised_on", "due_date"),
                ("ACT-1", "Add capacity", "Ada", "2026-01-10", "2026-02-10"),
            )
        ]
    )
    issue = only_issue(upload)
    assert (issue.row, issue.column, issue.rule) == (2, "initiative_id / kpi_id / benefit_id", "no link")


def test_two_headers_meaning_the_same_column_ask_which_one() -> None:
    files = [
        csv_file("initiatives.csv", ("Initiative ID", "Project ID", "name", "owner"), ("INI-1", "P-1", "Cloud", "Ada"))
    ]
    upload = parse_upload(files)
    assert not upload.ok
    [question] = upload.questions
    assert (question.label, question.header, question.candidates) == (
        "initiatives",
        "Project ID",
        ("initiatives.initiative_id", "-"),
    )
    issue = only_issue(upload)
    assert (issue.row, issue.column, issue.rule, issue.severity) == (1, "Project ID", "question", "question")

    answered = parse_upload(files, answers=Answers.from_options(["Project ID=initiatives.initiative_id"]))
    assert answered.ok, answered.issue_frame().to_string()
    assert answered.tables["initiatives"]["initiative_id"].tolist() == ["P-1"]
    assert [(issue.column, issue.rule) for issue in answered.warnings] == [
        ("Initiative ID", "also fits a taken column")
    ]


def test_two_sheets_alike_ask_and_are_uploaded_together_when_the_user_says_so() -> None:
    files = [
        initiatives_csv(("INI-1", "Cloud", "Ada")),
        csv_file("Projects.csv", INITIATIVE_HEADER, ("INI-2", "ERP", "Bo")),
    ]
    upload = parse_upload(files)
    assert not upload.ok and not upload.errors
    [question] = upload.questions
    assert (question.label, question.header, question.candidates[0]) == ("Projects", None, "initiatives")
    assert "'initiatives' was taken as" in question.message
    assert list(upload.tables) == ["initiatives"]

    both = parse_upload(files, answers=Answers.from_options(["Projects=initiatives"]))
    assert both.ok, both.issue_frame().to_string()
    assert both.tables["initiatives"]["initiative_id"].tolist() == ["INI-1", "INI-2"]
    assert both.labels["initiatives"] == "initiatives + Projects"

    left_out = parse_upload(files, answers=Answers.from_options(["Projects=-"]))
    assert left_out.ok
    assert left_out.tables["initiatives"]["initiative_id"].tolist() == ["INI-1"]


@pytest.mark.parametrize(
    ("name", "content", "rule", "hint"),
    [
        ("portfolio.xlsx", b"", "empty file", "empty"),
        ("portfolio.xlsx", b"%PDF-1.7 this is a pdf renamed", "refused file", "a PDF renamed"),
        ("portfolio.xlsx", b"\x00\x01binary junk", "refused file", "not an Excel workbook"),
        ("portfolio.xls", b"\xd0\xcf\x11\xe0 old excel", "old Excel format", "save it as .xlsx"),
        ("portfolio.txt", b"initiative_id,name", "unsupported file", ".csv"),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_a_clear_message(
    name: str, content: bytes, rule: str, hint: str
) -> None:
    upload = parse_upload([SourceFile(name, content)])
    issue = only_issue(upload)
    assert (issue.rule, issue.severity, issue.value) == (rule, "error", name)
    assert hint in issue.message
    assert not upload.ok


def test_a_workbook_without_any_template_sheet_cannot_be_applied() -> None:
    upload = parse_upload([xlsx_file("notes.xlsx", {"Notes": [["anything"], ["at all"]]})])
    assert issues_of(upload) == [
        ("", None, "", "no template sheet", "error"),
        ("Notes", None, "", "unknown sheet", "warning"),
    ]
    assert "start from the template" in upload.errors[0].message
    assert not upload.ok


def test_the_empty_template_has_nothing_to_apply() -> None:
    upload = parse_upload([SourceFile("template.xlsx", workbook.template_bytes())])
    assert [(issue.rule, issue.severity) for issue in upload.issues] == [("no rows", "error")]
    assert upload.tables == {}


def test_a_sheet_with_only_a_header_is_left_out_of_the_upload() -> None:
    upload = parse_upload(
        [
            xlsx_file(
                "portfolio.xlsx",
                {"initiatives": [list(INITIATIVE_HEADER), ["INI-1", "Cloud", "Ada"]], "benefits": [["benefit_id"]]},
            )
        ]
    )
    assert upload.ok, upload.issue_frame().to_string()
    assert list(upload.tables) == ["initiatives"]


def test_issues_per_rule_are_capped_and_summed_up() -> None:
    rows = [(f"INI-{index}", "x", "Ada", "oops") for index in range(120)]
    upload = parse_upload([csv_file("initiatives.csv", (*INITIATIVE_HEADER, "budget"), *rows)])
    assert len(upload.errors) == ingest.ISSUES_LISTED_PER_RULE + 1
    assert "70 more rows" in upload.errors[-1].message


# --------------------------------------------------------------------------- warnings do not block


def test_unknown_sheet_column_blank_row_and_headerless_column_are_warnings() -> None:
    upload = parse_upload(
        [
            xlsx_file(
                "portfolio.xlsx",
                {
                    "Initiatives": [
                        ["initiative_id", "name", "owner", "Comments", None],
                        ["INI-1", "Cloud", "Ada", "fine", None],
                        [None, None, None, None, None],
                        ["INI-2", "Portal", "Bo", None, "stray"],
                    ],
                    "Read me": [["notes for the PMO"]],
                },
            )
        ]
    )
    assert upload.ok
    assert issues_of(upload) == [
        ("Initiatives", 1, "Comments", "unknown column", "warning"),
        ("Initiatives", 1, "E", "column without header", "warning"),
        ("Initiatives", 3, "", "blank row", "warning"),
        ("Read me", None, "", "unknown sheet", "warning"),
    ]
    assert upload.tables["initiatives"]["initiative_id"].tolist() == ["INI-1", "INI-2"]
    assert upload.tables["initiatives"]["source_row"].tolist() == [2, 4]


def test_rows_are_numbered_as_excel_shows_them_when_the_table_starts_lower() -> None:
    upload = parse_upload(
        [
            xlsx_file(
                "portfolio.xlsx",
                {"initiatives": [[], [], ["initiative_id", "name", "owner"], ["INI-1", "Cloud", None]]},
            )
        ]
    )
    assert issues_of(upload) == [("initiatives", 4, "owner", "missing value", "error")]


# --------------------------------------------------------------------------- what users write is understood


def test_sheet_and_column_names_match_loosely_and_by_synonym() -> None:
    upload = parse_upload(
        [
            xlsx_file(
                "register.xlsx",
                {
                    "PROJECTS": [["Project ID", "Initiative Name", "Accountable Executive"], ["INI-1", "Cloud", "Ada"]],
                    "Benefit Register": [
                        ["Benefit-ID", "project id", "Benefit Name", "Benefit Type", "Benefit Owner"],
                        ["BEN-1", "INI-1", "Savings", "Cash Releasing", "Bo"],
                    ],
                },
            )
        ]
    )
    assert upload.ok, upload.issue_frame().to_string()
    benefit = upload.tables["benefits"].iloc[0]
    assert (benefit["benefit_id"], benefit["initiative_id"], benefit["type"]) == ("BEN-1", "INI-1", "cash_releasing")
    assert upload.labels == {"initiatives": "PROJECTS", "benefits": "Benefit Register"}


def test_numbers_as_people_type_them() -> None:
    written = ["1,200", "$1,200,000", "(1,200)", "12%", "-3.5", " 7 ", "€ 950", "USD 1,000"]
    rows = [(f"INI-{index}", "x", "Ada", value) for index, value in enumerate(written)]
    upload = parse_upload([csv_file("initiatives.csv", (*INITIATIVE_HEADER, "budget"), *rows)])
    assert upload.ok, upload.issue_frame().to_string()
    assert upload.tables["initiatives"]["budget"].tolist() == [1200, 1200000, -1200, 12, -3.5, 7, 950, 1000]


def test_dates_as_excel_dates_serial_numbers_and_iso_text() -> None:
    upload = parse_upload(
        [
            xlsx_file(
                "portfolio.xlsx",
                {
                    "initiatives": [["initiative_id", "name", "owner"], ["INI-1", "Cloud", "Ada"]],
                    "milestones": [
                        ["milestone_id", "initiative_id", "name", "baseline_date"],
                        ["M1", "INI-1", "excel date", dt.date(2025, 3, 31)],
                        ["M2", "INI-1", "excel date and time", dt.datetime(2025, 4, 1, 17, 30)],
                        ["M3", "INI-1", "serial number", 45839],  # Excel: DATE(2025,7,1) = 45839
                        ["M4", "INI-1", "iso text", "2025-07-15"],
                    ],
                },
            )
        ]
    )
    assert upload.ok, upload.issue_frame().to_string()
    assert upload.tables["milestones"]["baseline_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-03-31",
        "2025-04-01",
        "2025-07-01",
        "2025-07-15",
    ]


def test_periods_are_months_on_their_first_day() -> None:
    upload = parse_upload(
        [
            initiatives_csv(("INI-1", "Cloud", "Ada")),
            csv_file(
                "costs.csv",
                ("initiative_id", "period", "category", "planned"),
                ("INI-1", "2025-01-17", "operating", 10),
                ("INI-1", "2025-02", "operating", 10),
                ("INI-1", "Mar 2025", "operating", 10),
            ),
        ]
    )
    assert upload.ok, upload.issue_frame().to_string()
    assert upload.tables["costs"]["period"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-01-01",
        "2025-02-01",
        "2025-03-01",
    ]


def test_booleans_enumerations_and_defaults() -> None:
    upload = parse_upload(
        [
            initiatives_csv(("INI-1", "Cloud", "Ada")),
            csv_file(
                "benefits.csv",
                (*BENEFIT_HEADER, "measure", "attribution_pct", "disbenefit"),
                ("BEN-1", "INI-1", "Savings", "CASH-RELEASING", "Bo", None, None, None),
                ("BEN-2", "INI-1", "Hours", "Non cash releasing", "Bo", "Level", "80%", "Yes"),
                ("BEN-3", "INI-1", "Churn", "qualitative", "Bo", "flow", "60", "0"),
            ),
        ]
    )
    assert upload.ok, upload.issue_frame().to_string()
    benefits = upload.tables["benefits"]
    assert benefits["type"].tolist() == ["cash_releasing", "non_cash_releasing", "qualitative"]
    assert benefits["measure"].tolist() == ["flow", "level", "flow"]
    assert benefits["attribution_pct"].tolist() == [100, 80, 60]
    assert benefits["disbenefit"].tolist() == [False, True, False]
    assert upload.tables["initiatives"]["status"].tolist() == ["active"]


def test_csv_with_semicolons_and_a_byte_order_mark() -> None:
    content = "\ufeffinitiative_id;name;owner;budget\nINI-1;Migración;Ana;1200\n".encode()
    upload = parse_upload([SourceFile("initiatives.csv", content)])
    assert upload.ok, upload.issue_frame().to_string()
    assert upload.tables["initiatives"][["name", "budget"]].values.tolist() == [["Migración", 1200]]


def test_several_csv_files_form_one_upload_with_a_stable_digest() -> None:
    first = [initiatives_csv(("INI-1", "Cloud", "Ada")), milestones_csv(("M1", "INI-1", "Go", "Ada", "2025-01-31"))]
    upload = parse_upload(first)
    assert upload.ok
    assert set(upload.tables) == {"initiatives", "milestones"}
    assert upload.sha256 == parse_upload(list(reversed(first))).sha256
    assert upload.sha256 != parse_upload(first[:1]).sha256


def test_a_title_block_above_the_header_is_skipped_with_a_warning() -> None:
    upload = parse_upload(
        [
            xlsx_file(
                "portfolio.xlsx",
                {
                    "initiatives": [
                        ["Portfolio register FY26"],
                        ["Prepared by the PMO"],
                        [],
                        ["initiative_id", "name", "owner"],
                        ["INI-1", "Cloud", "Ada"],
                    ]
                },
            )
        ]
    )
    assert upload.ok, upload.issue_frame().to_string()
    assert issues_of(upload) == [("initiatives", 4, "", "rows above the header", "warning")]
    assert upload.tables["initiatives"]["source_row"].tolist() == [5]


def test_a_csv_read_in_several_blocks_has_its_references_and_totals_checked_across_them() -> None:
    """60,000 milestones (2.5 MB) come from the CSV reader in several blocks: the initiatives they name, the
    dangling one near the end and the totals row are all found, whichever block they are in."""
    rows = [(f"MS-{n:05d}", f"INI-{n % 7}", f"Step {n}", "Ann", "2025-09-30") for n in range(60_000)]
    rows[59_990] = ("MS-59990", "INI-404", "Step 59990", "Ann", "2025-09-30")
    rows.append((None, None, "Total", None, None))
    initiatives = initiatives_csv(*[(f"INI-{n}", f"Initiative {n}", "Ann") for n in range(7)])
    upload = parse_upload([initiatives, milestones_csv(*rows)])
    assert [(issue.rule, issue.row, issue.value) for issue in upload.errors] == [
        ("unknown reference", 59_992, "INI-404")
    ]
    assert [issue.row for issue in upload.warnings if issue.rule == "totals row"] == [60_002]
    assert len(upload.tables["milestones"]) == 60_000
