"""The mapping step in a real browser: a workbook with a header Realize cannot place is asked about, answered
in the page, applied, and the next file of the same layout is read the same way without a question."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import office_workbook
from tests.e2e.conftest import RunningApp, give_name, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def upload(page: Page, path: Path) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([path])
    expect(page.get_by_text("How the file was read", exact=True)).to_be_visible(timeout=30000)
    wait_for_app(page)


def test_answer_a_question_in_the_page_apply_and_see_the_mapping_reused(
    page: Page, running_app: RunningApp, tmp_path: Path
) -> None:
    page.goto(f"{running_app.url}/data")
    wait_for_app(page)
    give_name(page)
    upload(page, office_workbook(tmp_path, 900))
    expect(page.get_by_text("1 question to answer")).to_be_visible()
    expect(page.get_by_text("Column 'Col F' of sheet 'Cost Plan'").first).to_be_visible()
    expect(page.get_by_role("button", name="Apply this upload")).to_have_count(0)
    screenshot(page, "data_mapping_question")

    page.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_label("Col F")).click()
    page.get_by_role("option", name="actual", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text("1 question to answer")).to_have_count(0)
    expect(page.get_by_text("What changes in the measures")).to_be_visible(timeout=30000)
    screenshot(page, "data_mapping_answered")
    page.get_by_role("button", name="Apply this upload").click()
    expect(page.get_by_text("Saved how this file was read as ledger entry")).to_be_visible(timeout=30000)
    wait_for_app(page)
    expect(page.locator('[data-testid="stFileUploaderDropzoneInput"]')).to_have_count(1)

    upload(page, office_workbook(tmp_path, 950))
    expect(page.get_by_text("question to answer")).to_have_count(0)
    expect(page.get_by_text("Cost Plan → Costs · read as saved #").first).to_be_visible()
    # the actuals applied before (2 x 900) and those coming (2 x 950), as the preview computes them
    changes = page.locator('[data-testid="stDataFrame"]').filter(has_text="Actual cost to date")
    expect(changes).to_contain_text("$1.8K")
    expect(changes).to_contain_text("$1.9K")
    screenshot(page, "data_mapping_reused")
    page.get_by_role("button", name="Apply this upload").click()
    expect(page.get_by_text("Applied upload #")).to_be_visible(timeout=30000)
    assert page.locator('[data-testid="stException"]').count() == 0
