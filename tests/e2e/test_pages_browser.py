"""Every page in a real browser: renders, keeps its filters in the link, the brief downloads, a workbook uploads.

Screenshots land in tests/screenshots/ (git-ignored) for people to look at; those of every page, page_<name>.png
at 1440 px wide, are taken by test_reading_right_browser.py.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import RunningApp, give_name, screenshot, wait_for_app

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
AS_OF = "as_of=2026-11-22"
PAGES = {
    "": "Portfolio",
    "benefits": "Benefits",
    "costs": "Costs & value",
    "delivery": "Delivery",
    "scorecard": "Scorecard",
    "review": "Review",
    "brief": "INI-01 Cloud migration",
    "data": "Data",
}


def open_page(page: Page, app: RunningApp, path: str, query: str = AS_OF) -> None:
    page.goto(f"{app.url}/{path}?{query}")
    wait_for_app(page)


def no_exception(page: Page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]'
    ).first.inner_text()


def expect_chosen(page: Page, label: str, chosen: list[str]) -> None:
    """The sidebar multiselect `label` shows exactly these choices (retried while the page settles)."""
    widget = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=label)
    expect(widget.locator("[data-tag]")).to_have_text(chosen)


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_renders_without_an_error(page: Page, running_app: RunningApp, path: str) -> None:
    open_page(page, running_app, path)
    expect(page.get_by_role("heading", name=PAGES[path], exact=True).first).to_be_visible()
    no_exception(page)


def test_a_link_with_owner_and_initiative_opens_benefits_filtered_and_keeps_it(
    page: Page, running_app: RunningApp
) -> None:
    open_page(page, running_app, "benefits", f"{AS_OF}&owner=Hannah+Weber&initiative=INI-08")
    expect(page.get_by_role("heading", name="Benefits", exact=True)).to_be_visible()
    expect_chosen(page, "Owner", ["Hannah Weber"])
    expect_chosen(page, "Initiative", ["INI-08 ERP upgrade"])
    expect(page.get_by_text("owner Hannah Weber", exact=False).first).to_be_visible()
    screenshot(page, "benefits_filtered")

    page.get_by_role("link", name="Delivery").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Delivery", exact=True)).to_be_visible()
    expect_chosen(page, "Owner", ["Hannah Weber"])
    page.wait_for_function("() => window.location.search.includes('owner=')")
    params = parse_qs(urlparse(page.url).query)
    assert params["owner"] == ["Hannah Weber"] and params["initiative"] == ["INI-08"]

    page.get_by_role("link", name="Benefits").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Benefits", exact=True)).to_be_visible()
    expect_chosen(page, "Owner", ["Hannah Weber"])
    expect_chosen(page, "Initiative", ["INI-08 ERP upgrade"])
    page.wait_for_function("() => window.location.search.includes('initiative=INI-08')")
    assert "/benefits" in page.url
    no_exception(page)


def test_the_brief_downloads_as_one_html_file(page: Page, running_app: RunningApp, tmp_path: Path) -> None:
    open_page(page, running_app, "brief", f"{AS_OF}&initiative=INI-08")
    expect(page.get_by_role("heading", name="INI-08 ERP upgrade")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download this brief (HTML, prints on A4)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "brief_INI-08_2026-11-22.html"
    text = saved.read_text()
    assert "INI-08" in text and "ERP upgrade" in text and "<script" not in text
    screenshot(page, "brief_INI-08")

    printed = page.context.new_page()
    printed.goto(saved.as_uri())
    screenshot(printed, "brief_INI-08_download")
    printed.close()


def test_uploading_a_whole_workbook_through_the_data_page(page: Page, running_app: RunningApp, tmp_path: Path) -> None:
    # the sample workbook re-saved: the same rows, a different file, so it is real data replacing the sample
    book = openpyxl.load_workbook(ROOT / "data" / "sample_portfolio.xlsx")
    buffer = io.BytesIO()
    book.save(buffer)
    workbook = tmp_path / "our_portfolio.xlsx"
    workbook.write_bytes(buffer.getvalue())

    open_page(page, running_app, "data")
    give_name(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(workbook)
    expect(page.get_by_text("What applying will change")).to_be_visible(timeout=60000)
    page.get_by_role("button", name="Apply this upload").click()
    expect(page.get_by_text("Applied upload #")).to_be_visible(timeout=60000)
    wait_for_app(page)
    no_exception(page)

    open_page(page, running_app, "")
    expect(page.get_by_role("heading", name="Portfolio", exact=True)).to_be_visible()
    expect(page.get_by_text("You are looking at the sample portfolio")).to_have_count(0)
    no_exception(page)
