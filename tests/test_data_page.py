"""The Data page through AppTest: upload, report, preview, apply, history, revert."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from realize.store import Store, backup_zip, restore
from tests.conftest import APP, SAMPLE, initiatives_csv, milestones_csv

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
    return test


def upload(app: AppTest, *files) -> AppTest:
    app.file_uploader[0].set_value([(source.name, source.content, "text/csv") for source in files])
    return app.run()


def texts(elements) -> list[str]:
    return [element.value for element in elements]


def button(app: AppTest, label: str):
    return next(item for item in app.button if item.label == label)


def history(app: AppTest):
    return next(frame.value for frame in app.dataframe if "status" in frame.value.columns)


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
    report = app.dataframe[0].value
    assert report[["sheet", "row", "column", "rule"]].values.tolist() == [
        ["milestones", 2, "baseline_date", "not a date"],
        ["milestones", 2, "initiative_id", "unknown reference"],
    ]
    assert {"Download CSV", "Download Excel"} <= {item.label for item in app.download_button}
    assert "Apply this upload" not in [item.label for item in app.button]
    assert stored(fresh_streamlit, "milestones") == before


def test_apply_then_history_then_revert(app: AppTest, fresh_streamlit: Path) -> None:
    upload(app, *GOOD_FILES)
    assert not app.exception
    preview = app.dataframe[0].value
    assert preview[["sheet", "new_rows", "scopes_added", "scopes_replaced"]].values.tolist() == [
        ["initiatives", 1, 1, 0],
        ["milestones", 1, 1, 0],
    ]
    assert any("removes it" in text for text in texts(app.warning))  # the sample goes away

    button(app, "Apply this upload").click().run()
    assert not app.exception
    assert any("Applied upload #3 by" in text for text in texts(app.success))
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


def test_apply_needs_a_name_for_the_history(app: AppTest) -> None:
    app.text_input(key="editor_name_input").set_value("").run()
    upload(app, *GOOD_FILES)
    assert button(app, "Apply this upload").disabled


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
