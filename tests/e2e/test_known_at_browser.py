"""Data as known on a past day, in a real browser: the numbers of that day, a banner, and a link that keeps it."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from realize import measures
from realize.ledger.store import Store
from realize.report import formats
from realize.service import sample_portfolio
from tests.conftest import editor
from tests.e2e.conftest import screenshot, streamlit_app, wait_for_app

pytestmark = pytest.mark.browser
AS_OF = dt.date(2026, 11, 22)
METRIC = "Portfolio NPV (forecast)"


@dataclass(frozen=True)
class AppWithHistory:
    url: str
    npv_then: str  # the headline as the page words it, known at the end of 2 March
    npv_now: str


@pytest.fixture(scope="module")
def app_with_history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppWithHistory]:
    """The sample, as if loaded on 1 March; a discount rate changed today (every NPV moves)."""
    database = tmp_path_factory.mktemp("known_at") / "portfolio.duckdb"
    store = Store(database)
    sample_portfolio.load_if_empty(store)
    store.read(lambda cursor: cursor.execute("update ledger set recorded_at = '2026-03-01 09:00' where upload_id = 1"))
    store.save_settings({"discount_rate": 0.2}, editor("Fay"))
    then, now = portfolio_npv(store, 1), portfolio_npv(store, None)
    store.close()
    with streamlit_app({**os.environ, "REALIZE_DB": str(database)}) as url:
        yield AppWithHistory(url, then, now)


def portfolio_npv(store: Store, known_at: int | None) -> str:
    filters = measures.Filters(as_of=AS_OF, known_at=known_at)
    ids = measures.run(store, "initiative_summary", filters)["initiative_id"].tolist()
    value = measures.portfolio_value(store, ids, filters)
    return formats.money(float(value["npv_forecast"]), "USD", compact=True)


def metric(page: Page, label: str) -> str:
    card = page.locator('[data-testid="stMetric"]').filter(has_text=label)
    return card.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_a_link_known_on_a_past_day_shows_that_days_numbers_and_keeps_it(
    page: Page, app_with_history: AppWithHistory
) -> None:
    then, now = app_with_history.npv_then, app_with_history.npv_now
    assert then != now

    page.goto(f"{app_with_history.url}/costs?as_of={AS_OF}&known_on=2026-03-02")
    wait_for_app(page)
    expect(page.get_by_text("Data as known on 2 Mar 2026", exact=False).first).to_be_visible()
    assert metric(page, METRIC) == then
    screenshot(page, "costs_known_on_a_past_day")

    page.get_by_role("link", name="Portfolio").click()
    wait_for_app(page)
    page.wait_for_function("() => window.location.search.includes('known_on=2026-03-02')")
    assert parse_qs(urlparse(page.url).query)["known_on"] == ["2026-03-02"]
    expect(page.get_by_text("Data as known on 2 Mar 2026", exact=False).first).to_be_visible()

    page.goto(f"{app_with_history.url}/costs?as_of={AS_OF}")
    wait_for_app(page)
    assert metric(page, METRIC) == now
    expect(page.get_by_text("Data as known on", exact=False)).to_have_count(1)  # the control's label only
