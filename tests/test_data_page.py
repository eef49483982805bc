"""The Data page through AppTest: upload, report, preview, apply, history, revert."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from realize.intake.ingest import SourceFile
from realize.ledger.backup import backup_zip, restore
from realize.ledger.store import Store
from tests.conftest import APP, SAMPLE, initiatives_csv, milestones_csv, xlsx_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

GOOD_FILES = [
    initiatives_csv(("MY-1", "Our cloud", "Me")),
    milestones_csv(("MS-1", "MY-1", "Go live", "Me", "2026-03-31")),
]


@pytest.fixture
def app(fresh_streamlit: Path) -> AppTest:
    test = AppTest.from_file(str(APP), default_timeout=60)
    test.run()
    test.switch_page("app_pages/data.py").run()
    assert not test.exception
    # a local run asks the person's name once: the history records it
    test.text_input(key="editor_name_input").set_value("Maya Chen").run()
    return test


def upload(app: AppTest, *files) -> AppTest:
    app.file_uploader[0].set_value([(source.name, source.content, "text/csv") for source in files])
    return app.run()


def texts(elements) -> list[str]:
    return [element.value for element in elements]


def unescaped(elements) -> list[str]:
    """Texts as the page shows them (Markdown escapes removed)."""
    return [text.replace("\\", "") for text in texts(elements)]


def button(app: AppTest, label: str):
    return next(item for item in app.button if item.label == label)


def table_with(app: AppTest, column: str):
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def validation_report(app: AppTest):
    """The validation report as the page shows it (a table of Markdown cells), with the Markdown escapes removed."""
    shown = next(table.value for table in app.table if "What to fix" in table.value.columns)
    return shown.apply(lambda column: column.str.replace("\\", "", regex=False))


def history(app: AppTest):
    return table_with(app, "status")


def stored(database: Path, sheet: str) -> list[str]:
    store = Store(database)
    try:
        current = store.current(sheet)
        return sorted(current.iloc[:, 0])
    finally:
        store.close()


def test_first_start_loads_the_sample_and_says_so(app: AppTest) -> None:
    assert any("sample portfolio" in text for text in texts(app.info))
    assert texts(app.title) == ["Data"]
    assert app.download_button[0].label == "Download the Excel template"
    assert history(app)["who"].tolist() == ["Realize sample"]


def test_an_upload_with_errors_shows_the_report_and_cannot_be_applied(app: AppTest, fresh_streamlit: Path) -> None:
    before = stored(fresh_streamlit, "milestones")
    upload(app, milestones_csv(("MS-1", "NOPE", "Go live", "Me", "not a date")))
    assert not app.exception
    assert any("2 error(s)" in text for text in texts(app.error))
    report = validation_report(app)
    assert report[["Sheet", "Row", "Column", "Severity"]].values.tolist() == [
        ["milestones", "2", "baseline_date", "Error"],
        ["milestones", "2", "initiative_id", "Error"],
    ]
    assert report["What to fix"].tolist() == [
        "'not a date' is not a date: use an Excel date or text as YYYY-MM-DD.",
        "initiative_id 'NOPE' does not exist: add it to the initiatives sheet (in this upload or an earlier one) "
        "or correct the id.",
    ]
    assert {"Download CSV", "Download Excel"} <= {item.label for item in app.download_button}
    assert "Apply this upload" not in [item.label for item in app.button]
    assert stored(fresh_streamlit, "milestones") == before


def test_apply_then_history_then_revert(app: AppTest, fresh_streamlit: Path) -> None:
    upload(app, *GOOD_FILES)
    assert not app.exception
    preview = table_with(app, "Rows uploaded")
    assert preview[["Sheet", "Rows uploaded", "For", "New", "Replacing what is stored"]].values.tolist() == [
        ["Initiatives", 1, "1 initiative", 1, 0],
        ["Milestones", 1, "1 initiative", 1, 0],
    ]
    assert any("removes it" in text for text in texts(app.warning))  # the sample goes away

    button(app, "Apply this upload").click().run()
    assert not app.exception
    assert any("Applied upload #3 by Maya Chen" in text for text in texts(app.success))
    assert any("sample portfolio was removed" in text for text in texts(app.success))
    assert not any("sample portfolio" in text for text in texts(app.info))
    assert app.file_uploader[0].value == []  # the chooser is cleared for the next upload
    assert stored(fresh_streamlit, "initiatives") == ["MY-1"]
    assert history(app)[["upload", "status"]].values.tolist()[:2] == [[3, "current"], [2, "revert"]]

    app.selectbox(key="revert_choice").set_value(3).run()
    button(app, "Revert the chosen upload").click().run()
    assert not app.exception
    assert "Reverted upload #3." in texts(app.success)
    assert history(app)[["upload", "status"]].values.tolist()[:2] == [[4, "revert"], [3, "reverted"]]
    assert stored(fresh_streamlit, "initiatives") == []  # the sample stays reverted; nothing else was there


def test_the_same_files_again_are_reported_as_a_duplicate(app: AppTest) -> None:
    upload(app, *GOOD_FILES)
    button(app, "Apply this upload").click().run()
    upload(app, *GOOD_FILES)
    assert not app.exception
    assert any("already uploaded as #3" in text for text in texts(app.info))
    assert "Apply this upload" not in [item.label for item in app.button]


def test_uploading_the_sample_workbook_through_the_page(app: AppTest) -> None:
    # the sample is already loaded on first start: the page says so instead of applying it twice
    app.file_uploader[0].set_value([(SAMPLE.name, SAMPLE.read_bytes(), "application/octet-stream")]).run()
    assert not app.exception
    assert any("already uploaded as #1" in text for text in texts(app.info))


def test_apply_needs_a_name_for_the_history(fresh_streamlit: Path) -> None:
    test = AppTest.from_file(str(APP), default_timeout=60)
    test.run()
    test.switch_page("app_pages/data.py").run()
    # not the machine's account ("root" on a server): nobody is named until the person types a name
    assert test.text_input(key="editor_name_input").value == ""
    upload(test, *GOOD_FILES)
    assert button(test, "Apply this upload").disabled
    test.text_input(key="editor_name_input").set_value("Maya Chen").run()
    assert not button(test, "Apply this upload").disabled


def test_settings_are_saved_as_a_ledger_entry_and_can_be_reverted(app: AppTest, fresh_streamlit: Path) -> None:
    app.number_input(key="setting_discount_rate").set_value(10.0)
    app.number_input(key="setting_tolerance_days").set_value(5)
    next(item for item in app.button if item.label == "Save settings").click().run()
    assert not app.exception
    assert "Saved the settings as ledger entry #2." in texts(app.success)
    assert history(app)["what"].iloc[0] == "settings: discount_rate 0.08 -> 0.1; tolerance_days 0 -> 5"
    assert app.number_input(key="setting_discount_rate").value == 10.0

    app.selectbox(key="revert_choice").set_value(2).run()
    button(app, "Revert the chosen upload").click().run()
    store = Store(fresh_streamlit)
    try:
        assert store.settings()["discount_rate"] == 0.08
        assert store.settings()["tolerance_days"] == 0
    finally:
        store.close()


def test_settings_that_contradict_each_other_are_refused(app: AppTest) -> None:
    app.number_input(key="setting_realization_green").set_value(70.0)  # below amber's 75 %
    next(item for item in app.button if item.label == "Save settings").click().run()
    assert not app.exception
    assert any(
        "Benefits green from (70%) must be at least Benefits amber from (75%)" in text for text in texts(app.error)
    )
    assert len(history(app)) == 1


def test_an_editor_downloads_a_backup_that_restores(app: AppTest, fresh_streamlit: Path, tmp_path: Path) -> None:
    button(app, "Prepare a backup").click().run()
    assert not app.exception
    assert any(item.label.startswith("Download the backup (") for item in app.download_button)

    store = Store(fresh_streamlit)
    content, rows = backup_zip(store)
    store.close()
    zipfile.ZipFile(io.BytesIO(content)).extractall(tmp_path / "unpacked")
    target = Store(tmp_path / "target.duckdb")
    try:
        assert restore(target, tmp_path / "unpacked") == rows
        assert target.current_row_counts()["benefits"] == 32
    finally:
        target.close()


# --------------------------------------------------------------------------- the mapping step


def cost_plan(actual_header: str, actual: int) -> SourceFile:
    """A portfolio office's own workbook: its initiatives and a cost plan whose actuals column has another name."""
    return xlsx_file(
        "office.xlsx",
        {
            "Projects": [["Project ID", "Project", "SRO"], ["OFF-1", "Office move", "Ann Lee"]],
            "Cost Plan": [
                ["Project ID", "Month", "Category", "Budget", actual_header],
                ["OFF-1", dt.date(2026, 1, 1), "implementation", 1000, actual],
                ["OFF-1", dt.date(2026, 2, 1), "implementation", 1000, actual],
            ],
        },
    )


def upload_xlsx(app: AppTest, source: SourceFile) -> AppTest:
    app.file_uploader[0].set_value([(source.name, source.content, XLSX)])
    return app.run()


def column_choice(app: AppTest, header: str):
    return next(box for box in app.selectbox if box.label == header)


def stored_costs(database: Path) -> list[tuple[str, float, float]]:
    store = Store(database)
    try:
        costs = store.current("costs")
        return [(row.initiative_id, row.planned, row.actual) for row in costs.itertuples()]
    finally:
        store.close()


def test_a_question_is_answered_in_the_page_applied_and_its_mapping_reused(app: AppTest, fresh_streamlit: Path) -> None:
    upload_xlsx(app, cost_plan("Col F", 900))
    assert not app.exception
    assert any("1 question to answer" in text for text in texts(app.warning))
    assert any("Column 'Col F' of sheet 'Cost Plan'" in text for text in texts(app.warning))
    assert "Apply this upload" not in [item.label for item in app.button]
    choice = column_choice(app, "Col F")
    assert choice.value is None and "actual" in choice.options
    # what was recognised is shown with the template column it fills
    assert column_choice(app, "Budget").value == "planned"
    assert column_choice(app, "SRO").value == "owner"

    choice.set_value("actual").run()
    assert not app.exception
    assert not any("question to answer" in text for text in texts(app.warning))
    button(app, "Apply this upload").click().run()
    assert not app.exception
    assert any("Saved how this file was read as ledger entry #4" in text for text in texts(app.success))
    assert stored_costs(fresh_streamlit) == [("OFF-1", 1000.0, 900.0), ("OFF-1", 1000.0, 900.0)]
    assert history(app)["what"].iloc[0].startswith("saved mapping: 'Projects' as initiatives")

    # the next month's file, laid out the same way, is read the same way with no question
    upload_xlsx(app, cost_plan("Col F", 950))
    assert not app.exception
    assert not any("question to answer" in text for text in texts(app.warning))
    assert column_choice(app, "Col F").value == "actual"
    report = validation_report(app)
    assert set(report["Severity"]) == {"Note"}  # only "read with the mapping saved" notes
    assert "was read with the mapping saved for this layout (#4)" in report["What to fix"].iloc[0]
    button(app, "Apply this upload").click().run()
    assert stored_costs(fresh_streamlit) == [("OFF-1", 1000.0, 950.0), ("OFF-1", 1000.0, 950.0)]


def test_the_preview_shows_measures_before_and_after_and_warns_when_one_empties(
    app: AppTest, fresh_streamlit: Path
) -> None:
    upload_xlsx(app, cost_plan("Actual Spend", 900))
    button(app, "Apply this upload").click().run()
    assert stored_costs(fresh_streamlit)[0] == ("OFF-1", 1000.0, 900.0)

    # the same initiative again, its actuals under a header that means nothing, answered "leave out"
    upload_xlsx(app, cost_plan("Col F", 950))
    column_choice(app, "Col F").set_value("-").run()
    assert not app.exception
    changes = table_with(app, "Measure")
    rows = changes[["Initiative", "Measure", "Before", "After"]].values.tolist()
    assert ["OFF-1 Office move", "Actual cost to date", "$1.8K", "$0"] in rows
    assert any(
        "OFF-1 Office move: actual cost to date $1.8K → $0: this upload would leave the measure empty" in text
        for text in unescaped(app.error)
    ), texts(app.error)


def test_a_second_sheet_like_the_first_is_asked_about_and_both_are_taken_when_chosen(
    app: AppTest, fresh_streamlit: Path
) -> None:
    header = ["Project ID", "Month", "Category", "Budget", "Actual"]
    book = xlsx_file(
        "split.xlsx",
        {
            "Projects": [["Project ID", "Project", "SRO"], ["OFF-1", "Office move", "Ann Lee"]],
            "Capex": [header, ["OFF-1", dt.date(2026, 1, 1), "acquisition", 500, 450]],
            "Opex": [header, ["OFF-1", dt.date(2026, 1, 1), "operating", 100, 90]],
        },
    )
    upload_xlsx(app, book)
    assert not app.exception
    assert any("Sheet 'Opex' looks like costs, which 'Capex' was taken as" in text for text in unescaped(app.warning))
    sheet_choice = next(box for box in app.selectbox if box.label.replace("\\", "") == "Sheet 'Opex' is")
    assert sheet_choice.value is None
    sheet_choice.set_value("costs").run()
    assert not app.exception
    assert not any("question to answer" in text for text in texts(app.warning))
    button(app, "Apply this upload").click().run()
    assert sorted(stored_costs(fresh_streamlit)) == [("OFF-1", 100.0, 90.0), ("OFF-1", 500.0, 450.0)]


def test_a_sheet_nothing_recognises_is_mapped_by_hand_in_the_page(app: AppTest, fresh_streamlit: Path) -> None:
    book = xlsx_file("export.xlsx", {"Sheet1": [["A", "B", "C"], ["OFF-1", "Office move", "Ann Lee"]]})
    upload_xlsx(app, book)
    assert not app.exception
    sheet_choice = next(box for box in app.selectbox if box.label.replace("\\", "") == "Sheet 'Sheet1' is")
    assert sheet_choice.value == "-"  # left out, and said so
    assert any("does not look like any of the template's sheets" in text for text in report_messages(app))

    sheet_choice.set_value("initiatives").run()
    assert not app.exception
    assert any("3 questions to answer" in text for text in texts(app.warning))
    for header, column in (("A", "initiative_id"), ("B", "name"), ("C", "owner")):
        column_choice(app, header).set_value(column).run()
    assert not app.exception
    button(app, "Apply this upload").click().run()
    assert not app.exception
    assert stored(fresh_streamlit, "initiatives") == ["OFF-1"]


def report_messages(app: AppTest) -> list[str]:
    return validation_report(app)["What to fix"].tolist()


def test_an_upload_moving_a_committed_date_lists_it_and_needs_a_reason(app: AppTest, fresh_streamlit: Path) -> None:
    upload(app, *GOOD_FILES)
    button(app, "Apply this upload").click().run()
    app.file_uploader[0].set_value([])
    later = milestones_csv(("MS-1", "MY-1", "Go live", "Me", "2026-06-30"))
    upload(app, later)
    assert not app.exception
    assert "Re-baselines" in texts(app.subheader)
    assert any("MS-1 Go live: committed date 31 Mar 2026 → 30 Jun 2026" in text for text in unescaped(app.markdown))
    assert button(app, "Apply this upload").disabled
    reason = "Steering board moved go-live after the audit"
    next(area for area in app.text_area if area.label.startswith("Reason for the re-baseline")).set_value(reason).run()
    assert not button(app, "Apply this upload").disabled
    button(app, "Apply this upload").click().run()
    assert not app.exception
    assert history(app)["what"].iloc[0].endswith(f"(reason: {reason})")
    store = Store(fresh_streamlit)
    try:
        assert store.current("milestones")["baseline_date"].tolist() == [pd.Timestamp("2026-06-30")]
    finally:
        store.close()
