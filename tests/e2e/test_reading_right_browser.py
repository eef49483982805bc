"""Reading right in a real browser at 1440x900 with the sidebar open: nothing a reader needs is cut off.

Every page's metric cards show their label, value and delta whole (no ellipsis, nothing clipped), and the Data
page's validation report shows each message whole without sideways scrolling. A screenshot of every page, 1440
px wide and as long as the page, lands in tests/screenshots/page_<name>.png for people to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from realize.intake.ingest import SourceFile, parse_upload
from tests.e2e.conftest import SCREENSHOTS, RunningApp, wait_for_app

pytestmark = pytest.mark.browser
AS_OF = "as_of=2026-11-22"
WIDTH, HEIGHT = 1440, 900
# page name -> (path, its heading)
PAGES = {
    "portfolio": ("", "Portfolio"),
    "benefits": ("benefits", "Benefits"),
    "costs": ("costs", "Costs & value"),
    "delivery": ("delivery", "Delivery"),
    "scorecard": ("scorecard", "Scorecard"),
    "review": ("review", "Review"),
    "brief": ("brief", "INI-01 Cloud migration"),
    "data": ("data", "Data"),
}

# Every element inside a metric card whose text does not fit its box (CSS cuts it with an ellipsis), or whose
# text ends in an ellipsis; and every card reaching past the right edge of the window.
CUT_METRIC_TEXT = """
() => {
  const cut = [];
  for (const card of document.querySelectorAll('[data-testid="stMetric"]')) {
    const box = card.getBoundingClientRect();
    if (box.right > window.innerWidth + 1) cut.push({text: card.innerText, why: 'past the right edge'});
    for (const element of card.querySelectorAll('*')) {
      if (element instanceof SVGElement || element.clientWidth === 0) continue;
      const text = element.innerText || '';
      if (element.scrollWidth > element.clientWidth + 1) cut.push({text, why: 'wider than its box'});
      else if (element.scrollHeight > element.clientHeight + 1 && getComputedStyle(element).overflowY === 'hidden')
        cut.push({text, why: 'taller than its box'});
      else if (text.trim().endsWith('…')) cut.push({text, why: 'ends in an ellipsis'});
    }
  }
  return cut;
}
"""

# The validation report's message cells: their text, and whether the cell, the table or the page scrolls sideways.
REPORT_MESSAGES = """
() => {
  const table = document.querySelector('[data-testid="stTable"] table');
  if (!table) return null;
  const headers = Array.from(table.querySelectorAll('thead th')).map(cell => cell.innerText.trim());
  const column = headers.indexOf('What to fix');
  const cells = Array.from(table.querySelectorAll('tbody tr')).map(row => row.children[column]);
  const frame = document.querySelector('[data-testid="stTable"]');
  const scrollers = [frame, ...frame.querySelectorAll('*')].filter(
    element => element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX !== 'visible');
  return {
    headers,
    messages: cells.map(cell => cell.innerText.trim()),
    cut: cells.filter(cell => cell.scrollWidth > cell.clientWidth + 1).map(cell => cell.innerText),
    past_the_edge: cells.filter(cell => cell.getBoundingClientRect().right > window.innerWidth).length,
    sideways: scrollers.length,
  };
}
"""


@pytest.fixture
def wide(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    opened = context.new_page()
    yield opened
    context.close()


def open_page(page: Page, app: RunningApp, name: str) -> None:
    path, heading = PAGES[name]
    page.goto(f"{app.url}/{path}?{AS_OF}")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=heading, exact=True).first).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0


def whole_page_screenshot(page: Page, name: str) -> Path:
    """The page at 1440 px wide, as long as its content (Streamlit scrolls inside its main block, not the window)."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": WIDTH, "height": max(HEIGHT, int(height))})
    wait_for_app(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    return path


@pytest.mark.parametrize("name", list(PAGES))
def test_no_metric_card_is_cut_off(wide: Page, running_app: RunningApp, name: str) -> None:
    open_page(wide, running_app, name)
    expect(wide.locator('[data-testid="stSidebar"]')).to_be_visible()  # the sidebar is open, as people have it
    cut = wide.evaluate(CUT_METRIC_TEXT)
    whole_page_screenshot(wide, f"page_{name}")
    assert cut == [], f"{name}: metric text cut off at {WIDTH}x{HEIGHT}: {cut}"


def test_the_headline_cards_are_there_to_check(wide: Page, running_app: RunningApp) -> None:
    """The check above looks inside the cards: the pages with a headline have them."""
    for name, cards in (("portfolio", 8), ("costs", 5), ("delivery", 4), ("scorecard", 4), ("review", 4)):
        open_page(wide, running_app, name)
        assert wide.locator('[data-testid="stMetric"]').count() >= cards, name


LONG_VALUE = "the week after the steering committee has signed off the revised business case for phase two"


def _file_with_errors(folder: Path) -> Path:
    path = folder / "milestones.csv"
    path.write_text(
        "milestone_id,initiative_id,name,owner,baseline_date\n"
        f"MS-90,INI-01,Go live,Ada Tester,{LONG_VALUE}\n"
        "MS-91,NOPE-1,Pilot,Ada Tester,2026-06-30\n"
    )
    return path


def test_the_validation_report_shows_each_message_whole(wide: Page, running_app: RunningApp, tmp_path: Path) -> None:
    upload = _file_with_errors(tmp_path)
    # read without the store, INI-01 is unknown too: what the page says is among these, word for word
    messages = parse_upload([SourceFile(upload.name, upload.read_bytes())]).issue_frame()["message"].tolist()
    long_message = next(message for message in messages if LONG_VALUE in message)
    assert len(long_message) >= 150  # far wider than one line of a table cell

    open_page(wide, running_app, "data")
    wide.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(upload)
    expect(wide.get_by_text("nothing can be applied until they are fixed", exact=False)).to_be_visible(timeout=60000)
    wait_for_app(wide)
    report = wide.evaluate(REPORT_MESSAGES)
    whole_page_screenshot(wide, "data_validation_report")

    assert report is not None, "no validation report table on the page"
    assert report["headers"][0] == "What to fix"  # the message comes first
    shown = report["messages"]
    assert long_message in shown and any("NOPE-1" in message for message in shown)
    assert set(shown) <= set(messages)  # each message whole, as the upload says it
    assert report["cut"] == []
    assert report["past_the_edge"] == 0
    assert report["sideways"] == 0
