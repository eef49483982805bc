"""Every page through AppTest: renders the sample and an empty database, follows the shared filters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from realize import measures
from realize.contract import schema
from realize.ledger.retry import Busy
from realize.ledger.store import Store
from realize.measures import Filters
from realize.report import formats
from realize.service import sample_portfolio
from tests.conftest import APP, editor

AS_OF = "2026-11-22"
OWNER = "Hannah Weber"  # owns INI-08 (ERP upgrade) and a milestone of it; others own some of its benefits
PAGES = {
    "portfolio": "Portfolio",
    "benefits": "Benefits",
    "costs": "Costs & value",
    "delivery": "Delivery",
    "scorecard": "Scorecard",
    "review": "Review",
    "brief": None,  # titled with the initiative
    "data": "Data",
}


def open_app(page: str, **params: str | list[str]) -> AppTest:
    test = AppTest.from_file(str(APP), default_timeout=90)
    test.query_params["as_of"] = AS_OF
    for key, value in params.items():
        test.query_params[key] = value
    test.run()
    if page != "portfolio":
        test.switch_page(f"app_pages/{page}.py").run()
    return test


# a table is known by columns only it shows (AppTest does not expose a dataframe's key)
TABLES = {
    "portfolio_initiatives": ("initiative_id", "realization_status", "kpis_red"),
    "benefit_register": ("benefit_id", "unmeasured_periods"),
    "initiative_costs": ("initiative_id", "exit_cost_missing", "budget"),
    "initiative_value": ("initiative_id", "npv_forecast", "payback_month_forecast"),
    "milestones_all": ("milestone_id", "expected_date", "is_done"),
    "scorecard_kpis": ("kpi_id", "trend", "card_complete"),
    "review_log": ("action_id", "is_due", "done_on_time"),
    "brief_milestones": ("milestone_id", "state", "slip_days"),
}


def frames(test: AppTest, table: str) -> list[pd.DataFrame]:
    wanted = set(TABLES[table])
    return [element.value for element in test.dataframe if wanted <= set(element.value.columns)]


def frame(test: AppTest, table: str) -> pd.DataFrame:
    """The rows a table shows (all of them when a page shows it in parts, as the scorecard does)."""
    found = frames(test, table)
    assert found, f"no table {table} on the page"
    return pd.concat(found, ignore_index=True)


def view(database: Path, name: str, **filters: object) -> pd.DataFrame:
    store = Store(database)
    try:
        return measures.run(store, name, Filters(as_of=dt.date.fromisoformat(AS_OF), **filters))
    finally:
        store.close()


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_shows_the_sample_without_an_error(fresh_streamlit: Path, page: str) -> None:
    test = open_app(page)
    assert not test.exception, test.exception
    assert not test.error, [element.value for element in test.error]
    if PAGES[page]:
        assert [title.value for title in test.title] == [PAGES[page]]
    assert any("sample portfolio" in info.value for info in test.info)


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_says_what_to_do_on_an_empty_database(fresh_streamlit: Path, page: str) -> None:
    store = Store(fresh_streamlit)
    sample_portfolio.load_if_empty(store)
    store.revert(1, editor("test"))  # nothing is current any more, and the sample is not loaded again
    store.close()
    test = open_app(page)
    assert not test.exception, test.exception
    if page != "data":
        assert any("upload" in info.value.lower() for info in test.info), [info.value for info in test.info]


def test_the_owner_filter_narrows_the_portfolio_to_the_views_numbers(fresh_streamlit: Path) -> None:
    test = open_app("portfolio")
    everyone = frame(test, "portfolio_initiatives")
    assert len(everyone) == 10
    test.sidebar.multiselect(key="owner").select(OWNER).run()
    assert not test.exception
    shown = frame(test, "portfolio_initiatives")
    expected = view(fresh_streamlit, "initiative_summary", owners=(OWNER,))
    assert shown["initiative_id"].tolist() == expected["initiative_id"].tolist() == ["INI-08"]
    store = Store(fresh_streamlit)
    try:
        value = measures.portfolio_value(store, ["INI-08"], Filters(as_of=dt.date.fromisoformat(AS_OF)))
    finally:
        store.close()
    realized = next(metric for metric in test.metric if metric.label == "Benefits realized to date")
    assert realized.value == formats.money(value["benefit_realized_value_to_date"], "USD", compact=True)


@pytest.mark.parametrize(
    ("page", "table", "view_name", "id_column"),
    [
        ("benefits", "benefit_register", "benefit_realization", "benefit_id"),
        ("costs", "initiative_costs", "initiative_summary", "initiative_id"),
        ("delivery", "milestones_all", "milestone_status", "milestone_id"),
        ("scorecard", "scorecard_kpis", "scorecard", "kpi_id"),
        ("review", "review_log", "action_status", "action_id"),
    ],
)
def test_the_owner_filter_gives_each_page_the_views_rows_for_that_owner(
    fresh_streamlit: Path, page: str, table: str, view_name: str, id_column: str
) -> None:
    owner = "Priya Raman"  # owns INI-05 and INI-06, and KPIs and actions of her own
    test = open_app(page)
    before = frame(test, table)[id_column].tolist()
    test.sidebar.multiselect(key="owner").select(owner).run()
    assert not test.exception
    after = frame(test, table)[id_column].tolist()
    expected = view(fresh_streamlit, view_name, owners=(owner,))
    if page == "benefits":
        expected = expected[expected["measure"] == "flow"]
    if page == "scorecard":  # one table per perspective, in the balanced scorecard's order
        position = expected["perspective"].map({name: rank for rank, name in enumerate(schema.PERSPECTIVES)})
        expected = expected.assign(position=position).sort_values(["position", "kpi_id"])
    assert after == expected[id_column].tolist()
    assert after and after != before


def test_a_link_opens_the_page_with_its_filters(fresh_streamlit: Path) -> None:
    test = open_app("delivery", owner=OWNER, initiative="INI-08")
    assert test.sidebar.multiselect(key="owner").value == [OWNER]
    assert test.sidebar.multiselect(key="initiative").value == ["INI-08"]
    assert set(frame(test, "milestones_all")["initiative_id"]) == {"INI-08"}
    assert test.query_params["owner"] == [OWNER] or test.query_params["owner"] == OWNER


def test_a_link_naming_what_does_not_exist_says_so(fresh_streamlit: Path) -> None:
    test = open_app("portfolio", owner="Nobody Here")
    assert not test.exception
    assert any("Nobody Here" in warning.value for warning in test.warning)
    assert test.sidebar.multiselect(key="owner").value == []


def test_the_brief_tells_the_chosen_initiative(fresh_streamlit: Path) -> None:
    test = open_app("brief", initiative="INI-08")
    assert not test.exception
    assert [title.value for title in test.title] == ["INI-08 ERP upgrade"]
    sentences = [element.value for element in test.markdown]
    assert any("Realized 15% of the benefits planned to date" in text for text in sentences)
    assert frame(test, "brief_milestones")["milestone_id"].tolist() == ["MS-29", "MS-30", "MS-31", "MS-32", "MS-33"]
    assert next(item for item in test.get("download_button") if "brief" in item.proto.label.lower())


def test_recording_and_closing_an_action_on_the_review_page(fresh_streamlit: Path) -> None:
    test = open_app("review")
    test.text_input(key="editor_name_input").set_value("Maya Chen").run()
    inputs = {element.label: element for element in test.text_input}
    inputs["Decision or action"].set_value("Add a second region")
    inputs["Owner"].set_value("Daniel Okafor")
    selects = {element.label: element for element in test.selectbox}
    selects["KPI"].set_value("KPI-03")
    next(button for button in test.button if button.label == "Record").click().run()
    assert not test.exception
    assert "Recorded ACT-22: Add a second region." in [element.value for element in test.success]
    log = frame(test, "review_log")
    assert "ACT-22" in log["action_id"].tolist()
    # KPI-03 was the sample's one red KPI with no open action: now it is answered
    assert "Every red KPI has an open action answering it." in [element.value for element in test.success]

    selects = {element.label: element for element in test.selectbox}
    selects["Action"].set_value("ACT-22")
    next(button for button in test.button if button.label == "Close the action").click().run()
    assert not test.exception
    assert "ACT-22 is done." in [element.value for element in test.success]
    store = Store(fresh_streamlit)
    try:
        closed = store.current("actions").set_index("action_id").loc["ACT-22"]
        assert (closed["status"], closed["owner"]) == ("done", "Daniel Okafor")
        assert store.history()["uploaded_by"].iloc[0] == "Maya Chen"
    finally:
        store.close()


def test_a_lake_busy_through_every_retry_is_a_message_not_a_traceback(
    fresh_streamlit: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_app("portfolio")  # the store is open and the sample in

    def busy(*args: object, **kwargs: object) -> None:
        raise Busy("The database stayed busy with other processes through 12 attempts; nothing was changed.")

    monkeypatch.setattr(measures, "run", busy)
    st.cache_data.clear()
    test = open_app("benefits")
    assert not test.exception, test.exception
    assert any("stayed busy with other processes" in error.value for error in test.error)
    assert any("Reload the page to try again" in error.value for error in test.error)


def test_data_as_known_on_a_past_day_shows_that_days_numbers_and_stays_in_the_link(fresh_streamlit: Path) -> None:
    store = Store(fresh_streamlit)
    sample_portfolio.load_if_empty(store)  # ledger entry 1, as if loaded on 1 March
    store.read(lambda cursor: cursor.execute("update ledger set recorded_at = '2026-03-01 09:00' where upload_id = 1"))
    store.save_settings({"discount_rate": 0.2}, editor("Fay"))  # today: every NPV changes
    store.close()
    npv = "npv_forecast"
    then = view(fresh_streamlit, "initiative_summary", known_at=1).set_index("initiative_id")[npv]
    now = view(fresh_streamlit, "initiative_summary").set_index("initiative_id")[npv]
    assert not then.equals(now)

    test = open_app("costs", known_on="2026-03-02")
    assert not test.exception, test.exception
    assert test.sidebar.date_input(key="known_on").value == dt.date(2026, 3, 2)
    shown = frame(test, "initiative_value").set_index("initiative_id")[npv]
    pd.testing.assert_series_equal(shown, then.loc[shown.index], check_names=False)
    banner = [warning.value for warning in test.warning if "Data as known on" in warning.value]
    assert banner and "2 Mar 2026" in banner[0] and "1 ledger entry recorded since" in banner[0], banner
    assert test.query_params["known_on"] in ("2026-03-02", ["2026-03-02"])

    test.sidebar.date_input(key="known_on").set_value(None).run()
    assert not test.exception, test.exception
    shown = frame(test, "initiative_value").set_index("initiative_id")[npv]
    pd.testing.assert_series_equal(shown, now.loc[shown.index], check_names=False)
    assert not [warning.value for warning in test.warning if "Data as known on" in warning.value]
    assert "known_on" not in test.query_params
