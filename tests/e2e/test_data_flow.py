"""The Data page in a real browser: it renders, and an upload goes through."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import RunningApp, give_name, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def test_the_data_page_renders_with_the_sample(page: Page, running_app: RunningApp) -> None:
    page.goto(f"{running_app.url}/data")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Data", exact=True)).to_be_visible()
    expect(page.get_by_text("You are looking at the sample portfolio")).to_be_visible()
    expect(page.get_by_text("Download the Excel template").first).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "data")


def test_uploading_csv_files_applies_them(page: Page, running_app: RunningApp, tmp_path: Path) -> None:
    initiatives = tmp_path / "initiatives.csv"
    initiatives.write_text("initiative_id,name,owner\nE2E-1,Browser initiative,Ada Tester\n")
    milestones = tmp_path / "milestones.csv"
    milestones.write_text("milestone_id,initiative_id,name,baseline_date\nE2E-M1,E2E-1,Go live,2026-06-30\n")

    page.goto(f"{running_app.url}/data")
    wait_for_app(page)
    give_name(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([initiatives, milestones])
    expect(page.get_by_text("What applying will change")).to_be_visible(timeout=30000)
    screenshot(page, "data_preview")
    page.get_by_role("button", name="Apply this upload").click()
    expect(page.get_by_text("Applied upload #")).to_be_visible(timeout=30000)
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    expect(page.get_by_text("The sample portfolio was removed")).to_be_visible()
    initiatives_metric = page.locator('[data-testid="stMetric"]').filter(has_text="Initiatives")
    expect(initiatives_metric.locator('[data-testid="stMetricValue"]')).to_have_text("1")
    screenshot(page, "data_applied")
