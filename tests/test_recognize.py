"""Sheets recognised by content, headers by meaning, questions when unsure (SPEC section 2; issue 10).

The three findings that started it are the first tests: the bare noun beside its id is the name,
'Actual Spend' is the actual cost, and a meaningless header stops the upload with a question.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from realize.intake import headers
from realize.intake.ingest import ParsedUpload, SourceFile, parse_upload
from realize.intake.mapping import Answers, MapOptionError
from realize.ledger.store import Store
from tests.conftest import csv_file, editor, initiatives_csv, load_rows, xlsx_file

D = dt.date


def taken(upload: ParsedUpload, label: str) -> dict[str, str | None]:
    """File header -> template column, for one file sheet."""
    mapping = next(mapping for mapping in upload.mappings if mapping.label == label)
    return {column.header: column.column for column in mapping.columns}


def sheet_of(upload: ParsedUpload, label: str) -> str | None:
    return next(mapping.sheet for mapping in upload.mappings if mapping.label == label)


def rules(upload: ParsedUpload) -> list[tuple[str, str, str]]:
    return [(issue.sheet, issue.column, issue.rule) for issue in upload.issues]


PROJECTS = ["Project ID", "Project", "SRO"], ["P-1", "Cloud migration", "Ann Lee"], ["P-2", "ERP upgrade", "Bo Ek"]


# --------------------------------------------------------------------------- the findings


@pytest.mark.parametrize(
    ("sheet", "rows", "expected"),
    [
        (
            "Benefits",
            [
                ["Benefit ID", "Project ID", "Benefit", "Benefit Type", "Benefit Owner"],
                ["B-1", "P-1", "Hosting avoided", "Cash releasing", "Cy Do"],
            ],
            {"Benefit ID": "benefit_id", "Project ID": "initiative_id", "Benefit": "name", "Benefit Type": "type"},
        ),
        (
            "Milestones",
            [
                ["Milestone ID", "Project ID", "Milestone", "Baseline", "Forecast"],
                ["M-1", "P-1", "Go live", D(2026, 3, 31), D(2026, 4, 30)],
            ],
            {"Milestone ID": "milestone_id", "Milestone": "name", "Baseline": "baseline_date"},
        ),
        (
            "Actions",
            [
                ["Action ID", "Action", "Owner", "Raised", "Due", "Project"],
                ["A-1", "Re-plan the cut-over", "Ann Lee", D(2026, 1, 5), D(2026, 2, 1), "P-1"],
            ],
            {"Action ID": "action_id", "Action": "title", "Project": "initiative_id"},
        ),
    ],
)
def test_an_id_beside_its_bare_noun_gives_the_id_and_the_name(
    sheet: str, rows: list[list[object]], expected: dict[str, str]
) -> None:
    upload = parse_upload([xlsx_file("pmo.xlsx", {"Projects": list(PROJECTS), sheet: rows})])
    assert upload.ok, upload.issue_frame().to_string()
    assert not upload.questions
    mapping = taken(upload, sheet)
    assert {header: mapping[header] for header in expected} == expected


def test_actual_spend_is_the_actual_cost_and_reaches_the_measures(store: Store) -> None:
    costs = [
        ["Initiative Ref", "Reporting Month", "Category", "Planned Cost", "Actual Spend"],
        ["P-1", D(2026, 1, 1), "operating", 1000, 900],
        ["P-1", D(2026, 2, 1), "operating", 1000, 1100],
    ]
    upload = parse_upload([xlsx_file("pmo.xlsx", {"Projects": list(PROJECTS), "Financials": costs})], store)
    assert upload.ok, upload.issue_frame().to_string()
    assert upload.warnings == []
    assert taken(upload, "Financials") == {
        "Initiative Ref": "initiative_id",
        "Reporting Month": "period",
        "Category": "category",
        "Planned Cost": "planned",
        "Actual Spend": "actual",
    }
    store.apply(upload, editor("Ann"))
    assert store.current("costs")["actual"].tolist() == [900.0, 1100.0]


def test_a_meaningless_header_is_a_question_naming_the_missing_column_and_nothing_is_applied(store: Store) -> None:
    costs = [["Project", "Month", "Category", "Budget", "Col F"], ["P-1", D(2026, 1, 1), "operating", 1000, 900]]
    upload = parse_upload([xlsx_file("pmo.xlsx", {"Projects": list(PROJECTS), "Cost Plan": costs})], store)
    assert not upload.ok and not upload.errors
    [question] = upload.questions
    assert (question.label, question.header) == ("Cost Plan", "Col F")
    assert question.candidates == ("costs.actual", "-")
    assert question.map_options == ("Cost Plan!Col F=costs.actual", "Cost Plan!Col F=-")
    assert "'Col F'" in question.message and "900" in question.message
    with pytest.raises(Exception, match="open question"):
        store.apply(upload, editor("Ann"))
    assert store.data_version() == 0


def test_office_sheet_names_and_headers_are_recognised() -> None:
    workbook = xlsx_file(
        "register.xlsx",
        {
            "Initiatives Register": [["Ref", "Initiative", "SRO", "Programme"], ["P-1", "Cloud", "Ann Lee", "Infra"]],
            "Benefits Register": [
                ["Benefit ID", "Initiative Ref", "Benefit", "Type", "Benefit Owner", "UoM"],
                ["B-1", "P-1", "Hours saved", "non cash releasing", "Cy Do", "hours"],
            ],
            "Financials": [
                ["Initiative Ref", "Reporting Month", "Category", "Planned Cost"],
                ["P-1", "2026-01", "run", 5],
            ],
            "Milestone Plan": [
                ["Milestone ID", "Initiative Ref", "Milestone", "Committed", "Achieved"],
                ["M-1", "P-1", "Go live", D(2026, 3, 31), D(2026, 3, 30)],
            ],
            "RAID - Actions": [
                ["Ref", "Action", "Assigned to", "Date raised", "Due", "Initiative Ref"],
                ["A-1", "Escalate", "Bo Ek", D(2026, 1, 5), D(2026, 2, 1), "P-1"],
            ],
        },
    )
    upload = parse_upload([workbook])
    assert upload.ok, upload.issue_frame().to_string()
    assert [(mapping.label, mapping.sheet) for mapping in upload.mappings] == [
        ("Initiatives Register", "initiatives"),
        ("Benefits Register", "benefits"),
        ("Financials", "costs"),
        ("Milestone Plan", "milestones"),
        ("RAID - Actions", "actions"),
    ]
    assert taken(upload, "Initiatives Register") == {
        "Ref": "initiative_id",
        "Initiative": "name",
        "SRO": "owner",
        "Programme": "portfolio",
    }
    assert taken(upload, "Benefits Register")["UoM"] == "unit"
    assert taken(upload, "Milestone Plan")["Achieved"] == "actual_date"
    assert taken(upload, "RAID - Actions")["Assigned to"] == "owner"
    assert upload.tables["costs"]["category"].tolist() == ["operating"]


# --------------------------------------------------------------------------- content before names


def test_a_sheet_is_what_its_content_says_not_what_its_tab_says() -> None:
    milestones_in_a_tab_called_costs = [
        ["milestone_id", "initiative_id", "name", "baseline_date"],
        ["M-1", "P-1", "Go live", D(2026, 3, 31)],
    ]
    upload = parse_upload(
        [xlsx_file("odd.xlsx", {"Projects": list(PROJECTS), "Costs": milestones_in_a_tab_called_costs})]
    )
    assert upload.ok, upload.issue_frame().to_string()
    assert sheet_of(upload, "Costs") == "milestones"


def test_csv_files_named_by_a_system_are_recognised_by_their_columns() -> None:
    export_1 = csv_file("export_1.csv", ("Code", "Title", "Accountable Exec"), ("P-1", "Cloud migration", "Ann Lee"))
    export_2 = csv_file(
        "export_2.csv", ("Project", "Period", "Category", "Plan", "Actual"), ("P-1", "2026-01", "operating", 10, 9)
    )
    upload = parse_upload([export_1, export_2])
    assert upload.ok, upload.issue_frame().to_string()
    assert (sheet_of(upload, "export_1"), sheet_of(upload, "export_2")) == ("initiatives", "costs")


def test_a_notes_sheet_is_left_out_with_a_warning_not_a_question() -> None:
    upload = parse_upload(
        [xlsx_file("book.xlsx", {"Read me": [["How to fill this in"], ["Ask the PMO"]], "Projects": list(PROJECTS)})]
    )
    assert upload.ok
    assert ("Read me", "", "unknown sheet") in rules(upload)


def test_values_that_are_known_ids_make_the_reference_whatever_the_header() -> None:
    benefits = [["Code", "Parent", "Title", "Type", "Owner"], ["B-1", "P-2", "Hours saved", "quantifiable", "Cy Do"]]
    upload = parse_upload([xlsx_file("book.xlsx", {"Projects": list(PROJECTS), "Benefits": benefits})])
    assert upload.ok, upload.issue_frame().to_string()
    assert taken(upload, "Benefits")["Parent"] == "initiative_id"
    assert upload.tables["benefits"]["initiative_id"].tolist() == ["P-2"]


def test_stored_ids_count_too(store: Store) -> None:
    load_rows(store, initiatives=[{"initiative_id": "P-9", "name": "Stored", "owner": "Ann"}])
    costs = csv_file("spend.csv", ("Line", "Month", "Category", "Budget"), ("P-9", "2026-01", "operating", 10))
    upload = parse_upload([costs], store)
    assert upload.ok, upload.issue_frame().to_string()
    assert taken(upload, "spend")["Line"] == "initiative_id"


def test_dates_decide_between_columns_a_header_only_roughly_names() -> None:
    milestones = [
        ["Milestone ID", "Project ID", "Milestone", "Committed", "Actual", "Actual (days)"],
        ["M-1", "P-1", "Go live", D(2026, 3, 31), D(2026, 4, 2), 2],
    ]
    upload = parse_upload([xlsx_file("book.xlsx", {"Projects": list(PROJECTS), "Milestones": milestones})])
    assert taken(upload, "Milestones")["Actual"] == "actual_date"
    assert taken(upload, "Milestones")["Actual (days)"] is None


# --------------------------------------------------------------------------- nothing dropped silently


def test_copies_of_another_sheets_columns_and_derived_columns_are_left_out_with_a_warning() -> None:
    costs = [
        ["Project ID", "Project Name", "Month", "Category", "Budget", "Actual", "Variance", "Portfolio"],
        ["P-1", "Cloud migration", "2026-01", "operating", 10, 9, -1, "Infra"],
    ]
    projects = [["Project ID", "Project", "SRO", "Programme"], ["P-1", "Cloud migration", "Ann Lee", "Infra"]]
    upload = parse_upload([xlsx_file("book.xlsx", {"Projects": projects, "Costs": costs})])
    assert upload.ok, upload.issue_frame().to_string()
    assert not upload.questions
    warned = {(issue.column, issue.rule) for issue in upload.warnings}
    assert ("Project Name", "kept on another sheet") in warned
    assert ("Portfolio", "kept on another sheet") in warned
    assert ("Variance", "worked out by Realize") in warned


def test_a_column_repeats_another_sheet_only_when_its_values_do() -> None:
    projects = [["Project ID", "Project", "SRO", "Priority"], ["P-1", "Cloud", "Ann Lee", "Cut run costs"]]
    actions = [
        ["Action ID", "Action", "Owner", "Raised", "Due", "Project", "Priority"],
        ["A-1", "Re-plan", "Bo Ek", D(2026, 1, 5), D(2026, 2, 1), "P-1", "High"],
    ]
    upload = parse_upload([xlsx_file("book.xlsx", {"Projects": projects, "Actions": actions})])
    assert taken(upload, "Projects")["Priority"] == "objective"
    [warning] = [issue for issue in upload.warnings if issue.sheet == "Actions"]
    assert (warning.column, warning.rule) == ("Priority", "unknown column")  # High is no initiative's objective


def test_a_left_over_column_of_people_is_asked_about_when_the_sponsor_is_missing() -> None:
    projects = [["Project ID", "Project", "SRO", "Finance Partner"], ["P-1", "Cloud", "Ann Lee", "Priya Raman"]]
    upload = parse_upload([xlsx_file("book.xlsx", {"Projects": projects})])
    [question] = upload.questions
    assert (question.header, question.candidates) == ("Finance Partner", ("initiatives.sponsor", "-"))
    answered = parse_upload(
        [xlsx_file("book.xlsx", {"Projects": projects})], answers=Answers.from_options(["Finance Partner=sponsor"])
    )
    assert answered.ok
    assert answered.tables["initiatives"]["sponsor"].tolist() == ["Priya Raman"]


def test_a_left_over_column_nothing_missing_could_hold_is_ignored_with_a_warning() -> None:
    projects = [["Project ID", "Project", "SRO", "Cost centre code"], ["P-1", "Cloud", "Ann Lee", "CC-4410"]]
    upload = parse_upload([xlsx_file("book.xlsx", {"Projects": projects})])
    assert upload.ok
    assert ("Projects", "Cost centre code", "unknown column") in rules(upload)


def test_an_empty_column_is_left_out_with_a_warning() -> None:
    projects = [["Project ID", "Project", "SRO", "Comments"], ["P-1", "Cloud", "Ann Lee", None]]
    upload = parse_upload([xlsx_file("book.xlsx", {"Projects": projects})])
    assert upload.ok
    assert ("Projects", "Comments", "empty column") in rules(upload)


def test_a_required_column_an_open_question_may_fill_is_not_reported_missing() -> None:
    projects = [["Project ID", "Project", "Signed off by"], ["P-1", "Cloud", "Ann Lee"]]
    upload = parse_upload([xlsx_file("book.xlsx", {"Projects": projects})])
    assert [question.header for question in upload.questions] == ["Signed off by"]
    assert "initiatives.owner" in upload.questions[0].candidates
    assert not upload.errors


# --------------------------------------------------------------------------- two sheets, one template sheet


def test_plan_and_actual_sheets_of_measurements_become_one_row_per_month_when_the_user_says_so() -> None:
    benefits = [["Benefit ID", "Project ID", "Benefit", "Type", "Owner"], ["B-1", "P-1", "Hours", "quantifiable", "Cy"]]
    plan = [["Benefit ID", "Month", "Planned"], ["B-1", "2026-01", 10], ["B-1", "2026-02", 12]]
    actual = [["Benefit ID", "Month", "Realised"], ["B-1", "2026-01", 9]]
    book = xlsx_file(
        "b.xlsx", {"Projects": list(PROJECTS), "Benefits": benefits, "Benefit Plan": plan, "Benefit Actuals": actual}
    )
    asked = parse_upload([book])
    assert [(question.label, question.header) for question in asked.questions] == [("Benefit Actuals", None)]
    upload = parse_upload([book], answers=Answers.from_options(["Benefit Actuals=benefit_measurements"]))
    assert upload.ok, upload.issue_frame().to_string()
    rows = upload.tables["benefit_measurements"].sort_values("period")
    assert rows["period"].dt.strftime("%Y-%m").tolist() == ["2026-01", "2026-02"]
    assert rows["planned"].tolist() == [10.0, 12.0]
    assert rows["realized"].iloc[0] == 9.0 and pd.isna(rows["realized"].iloc[1])
    assert upload.labels["benefit_measurements"] == "Benefit Plan + Benefit Actuals"


def test_two_sheets_giving_the_same_value_twice_is_an_error_naming_both() -> None:
    plan = [["Benefit ID", "Month", "Planned"], ["B-1", "2026-01", 10]]
    again = [["Benefit ID", "Month", "Planned"], ["B-1", "2026-01", 11]]
    benefits = [["Benefit ID", "Project ID", "Benefit", "Type", "Owner"], ["B-1", "P-1", "Hours", "quantifiable", "Cy"]]
    book = xlsx_file("b.xlsx", {"Projects": list(PROJECTS), "Benefits": benefits, "Plan A": plan, "Plan B": again})
    upload = parse_upload(
        [book], answers=Answers.from_options(["Plan A=benefit_measurements", "Plan B=benefit_measurements"])
    )
    [error] = upload.errors
    assert error.sheet == "Plan B" and "given on 'Plan A' row 2" in error.message


# --------------------------------------------------------------------------- one column per month


def test_one_column_per_month_with_the_measure_in_the_header() -> None:
    costs = [
        ["Project", "Category", "Jan 2026 Plan", "Jan 2026 Actual", "Feb 2026 Plan", "Feb 2026 Actual", "Total"],
        ["P-1", "operating", 100, 90, 100, None, 290],
    ]
    upload = parse_upload([xlsx_file("w.xlsx", {"Projects": list(PROJECTS), "Cost Forecast": costs})])
    assert upload.ok, upload.issue_frame().to_string()
    rows = upload.tables["costs"].sort_values("period")
    assert rows["period"].dt.strftime("%Y-%m").tolist() == ["2026-01", "2026-02"]
    assert rows["planned"].tolist() == [100.0, 100.0]
    assert rows["actual"].iloc[0] == 90.0 and pd.isna(rows["actual"].iloc[1])
    assert ("Cost Forecast", "Total", "worked out by Realize") in rules(upload)


# --------------------------------------------------------------------------- answers


def test_map_options_read_sheets_scoped_headers_and_ignore() -> None:
    answers = Answers.from_options(
        ["Financials=costs", "Actual Spend=costs.actual", "Cost Plan!Budget=costs.planned", "Notes=-", "Lookups=-"]
    )
    assert [(answer.label, answer.sheet) for answer in answers.sheets] == [("financials", "costs")]
    assert [(answer.label, answer.header, answer.sheet, answer.column) for answer in answers.headers] == [
        (None, "actualspend", "costs", "actual"),
        ("costplan", "budget", "costs", "planned"),
    ]
    assert answers.ignored == (("notes", "Notes=-"), ("lookups", "Lookups=-"))


@pytest.mark.parametrize(
    ("option", "says"),
    [
        ("Financials", "write FROM=TO"),
        ("Col F=cost.actual", "'cost' is not a template sheet"),
        ("Col F=costs.spent", "costs has no column 'spent'"),
        ("Col F=nonsense", "neither a template sheet nor a column"),
    ],
)
def test_a_map_option_that_cannot_be_read_says_why(option: str, says: str) -> None:
    with pytest.raises(MapOptionError, match=says):
        Answers.from_options([option])


def test_an_answer_naming_no_column_of_the_upload_is_an_error() -> None:
    upload = parse_upload([initiatives_csv(("P-1", "Cloud", "Ann"))], answers=Answers.from_options(["Spend=actual"]))
    assert ("", "", "answer not used") in rules(upload)
    assert not upload.ok


# --------------------------------------------------------------------------- reading headers


@pytest.mark.parametrize(
    ("header", "said"),
    [
        ("Benefit-ID", ("benefit", "id")),
        ("InitiativeID", ("initiative", "id")),
        ("KPIName", ("kpi", "name")),
        ("UoM", ("uom",)),
        ("Actual Spend (£k)", ("actual", "spend")),
        ("Project No.", ("project", "id")),
        ("Project #", ("project", "id")),
        ("Realised benefits", ("realized", "benefit")),
        ("Dis-benefit? (Y/N)", ("disbenefit",)),
        ("£ per unit", ("money", "unit")),
        ("Assigned to", ("assigned",)),
    ],
)
def test_headers_are_read_as_words(header: str, said: tuple[str, ...]) -> None:
    assert headers.words(header) == said


def test_a_misspelt_header_still_says_its_column() -> None:
    assert headers.header_scores("benefits", "Benifit Owner")["owner"] >= 0.85
    assert headers.header_scores("kpis", "Treshold")["threshold"] >= 0.6


def test_a_header_naming_another_sheets_row_is_not_this_sheets_column() -> None:
    assert "owner" not in headers.header_scores("benefits", "Initiative Owner")
    assert headers.echoes_of("benefits", "Initiative Owner")[0] == headers.Echo("initiatives", "owner", named=True)


def test_source_file_labels_stay_unique() -> None:
    first = csv_file("costs.csv", ("initiative_id", "period", "category", "planned"), ("P-1", "2026-01", "run", 1))
    second = SourceFile("costs.csv", first.content.replace(b"2026-01", b"2026-02"))
    upload = parse_upload([initiatives_csv(("P-1", "Cloud", "Ann")), first, second])
    assert [mapping.label for mapping in upload.mappings] == ["initiatives", "costs", "costs (2)"]


def test_a_header_whose_every_cell_is_misspelt_is_found_under_a_title_block() -> None:
    """No cell of the header says a column exactly; it is words only, so it is still weighed as the header."""
    rows = [
        ["Cost register FY26"],
        ["Prepared by Finance"],
        [],
        ["Initative", "Periood", "Categroy", "Planed", "Actaul"],
        ["INI-1", "2026-01", "operating", 100, 90],
        ["INI-2", "2026-02", "exit", 50, None],
    ]
    upload = parse_upload([xlsx_file("spend.xlsx", {"Sheet1": rows})])
    mapping = next(mapping for mapping in upload.mappings if mapping.label == "Sheet1")
    assert (mapping.sheet, mapping.header_row) == ("costs", 4)
    assert taken(upload, "Sheet1") == {
        "Initative": "initiative_id",
        "Periood": "period",
        "Categroy": "category",
        "Planed": "planned",
        "Actaul": "actual",
    }
    assert upload.tables["costs"]["source_row"].tolist() == [5, 6]


def test_a_one_word_data_cell_does_not_read_as_a_column_heading() -> None:
    """The data rows under a plain header are not weighed as headers because a cell holds one word."""
    assert not headers.says_a_column("operating")
    assert not headers.says_a_column("Payroll")
    assert headers.says_a_column("Owner") and headers.says_a_column("Project Owner")
