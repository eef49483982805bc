"""Numbers a sponsor and finance read right (SPEC section 5, "Reading right"), as the pages render them.

Words, not codes; quantities in their own unit; a rate beside money computed over that same money; an
empty page that says what to do; a hint when the data ends months before the as-of date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from realize import measures
from realize.contract import catalog, schema
from realize.ledger.store import Store
from realize.measures import Filters
from realize.report import formats
from realize.service import sample_portfolio
from realize.web.filters import data_ends_before, month_end
from tests.conftest import editor
from tests.test_pages import AS_OF, PAGES, frame, open_app

# every code a person could be shown, with the words it must read as instead
CODES = {code: schema.choice_label(code) for codes in catalog.coded_columns().values() for code in codes}
# codes written with an underscore are never English: none may appear anywhere in a page's text
UNDERSCORED = sorted((code for code in CODES if "_" in code), key=len, reverse=True)
TEXT_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error", "text")


def rendered_text(test: AppTest) -> Iterator[str]:
    """Every piece of text a person reads on the page, table cells included."""
    for kind in TEXT_ELEMENTS:
        for element in getattr(test, kind):
            yield str(element.value)
    for metric in test.metric:
        yield from (str(metric.label), str(metric.value), str(metric.delta or ""))
    for widget in (*test.selectbox, *test.multiselect, *test.radio):
        yield str(widget.label)
        yield from (str(widget.format_func(option)) for option in widget.options)
    for expander in test.expander:
        yield str(expander.label)
    for html in test.get("html"):
        yield str(html.proto.body)
    for table in test.dataframe:
        for column in table.value.columns:
            yield from (str(value) for value in table.value[column].dropna())


def codes_in(text: str) -> list[str]:
    return [code for code in UNDERSCORED if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)]


def coded_cells(test: AppTest) -> list[tuple[str, str]]:
    """Table cells that hold a bare code whose words differ from it ('active' where 'Active' belongs)."""
    found = []
    for table in test.dataframe:
        for column in table.value.columns:
            for value in table.value[column].dropna().unique():
                if isinstance(value, str) and value in CODES and CODES[value] != value:
                    found.append((column, value))
    return found


@pytest.mark.parametrize("page", list(PAGES))
def test_no_page_shows_a_code_where_words_belong(fresh_streamlit: Path, page: str) -> None:
    test = open_app(page)
    assert not test.exception, test.exception
    texts = list(rendered_text(test))
    assert texts, "nothing rendered"
    leaked = sorted({code for text in texts for code in codes_in(text)})
    assert not leaked, f"{page} shows codes {leaked}"
    assert not coded_cells(test), f"{page} shows bare codes in tables: {coded_cells(test)[:10]}"


def test_the_benefit_register_shows_quantities_in_their_unit_and_only_value_as_money(fresh_streamlit: Path) -> None:
    test = open_app("benefits")
    register = frame(test, "benefit_register").set_index("benefit_id")
    benefits = view_rows(fresh_streamlit, "benefit_realization").set_index("benefit_id")
    hours = benefits[(benefits["unit"] == "hours") & benefits["planned_to_date"].notna()].index[0]
    planned_hours = benefits.loc[hours, "planned_to_date"]
    assert register.loc[hours, "planned_to_date"] == f"{planned_hours:,.0f} hours"
    assert "$" not in register.loc[hours, "realized_to_date"]
    incidents = benefits[benefits["unit"] == "incidents"].index[0]
    assert register.loc[incidents, "realized_to_date"].endswith(" incidents")
    dollars = benefits[(benefits["unit"] == "USD") & benefits["planned_to_date"].notna()].index[0]
    assert register.loc[dollars, "planned_to_date"] == formats.money(benefits.loc[dollars, "planned_to_date"], "USD")
    # the monetized value stays a number (money, sortable), whatever the benefit's unit
    assert register.loc[hours, "planned_value_to_date"] == pytest.approx(benefits.loc[hours, "planned_value_to_date"])


def test_the_benefits_card_rate_is_the_money_it_shows(fresh_streamlit: Path) -> None:
    test = open_app("portfolio")
    card = next(metric for metric in test.metric if metric.label == "Benefits realized to date")
    value = portfolio_row(fresh_streamlit)
    realized, planned = value["benefit_realized_value_to_date"], value["benefit_planned_value_to_date"]
    assert card.value == formats.money(realized, "USD", compact=True)
    assert (
        card.delta == f"{formats.percent(realized / planned)} of {formats.money(planned, 'USD', compact=True)} planned"
    )
    # read back from the card as a person would: the rate agrees with the two amounts shown beside it
    shown_rate, shown_planned = re.fullmatch(r"(\d+)% of \$([\d.]+)M planned", card.delta).groups()
    shown_realized = float(card.value.strip("$M"))
    assert abs(shown_realized / float(shown_planned) - int(shown_rate) / 100) < 0.015
    disbenefits = next(metric for metric in test.metric if metric.label == "Dis-benefits to date")
    assert disbenefits.value == formats.money(value["disbenefit_value_to_date"], "USD", compact=True)
    net = next(metric for metric in test.metric if metric.label == "Net value to date")
    assert value["realized_value_to_date"] == pytest.approx(realized + value["disbenefit_value_to_date"])
    assert net.value == formats.money(value["realized_value_to_date"] - value["actual_to_date"], "USD", compact=True)


def test_the_portfolio_npv_says_beside_it_why_the_initiatives_do_not_add_up_to_it(fresh_streamlit: Path) -> None:
    test = open_app("costs")
    value = portfolio_row(fresh_streamlit)
    card = next(metric for metric in test.metric if metric.label == "Portfolio NPV (forecast)")
    assert card.value == formats.money(value["npv_forecast"], "USD", compact=True)
    note = next(caption.value for caption in test.caption if "Portfolio NPV" in caption.value)
    assert formats.money(value["initiative_npv_forecast_sum"], "USD", compact=True) in note
    assert formats.month(value["first_month"]) in note


def test_a_months_column_reads_as_a_month(fresh_streamlit: Path) -> None:
    test = open_app("costs")
    returns = next(table.value for table in test.dataframe if "payback_month_forecast" in table.value.columns)
    assert pd.api.types.is_datetime64_any_dtype(returns["payback_month_forecast"])
    config = next(table.proto.columns for table in test.dataframe if "payback_month_forecast" in table.value.columns)
    assert "MMM YYYY" in config and "payback_month_forecast" in config


def test_with_no_filter_an_empty_portfolio_offers_the_sample_back(fresh_streamlit: Path) -> None:
    store = Store(fresh_streamlit)
    sample_portfolio.load_if_empty(store)
    store.revert(1, editor("Test"))
    store.close()
    test = open_app("portfolio")
    assert not any("clear a filter" in info.value.lower() for info in test.info)
    assert any("Upload your workbook on the Data page" in info.value for info in test.info)
    button = next(button for button in test.button if button.label == "Load the sample portfolio")
    assert button.disabled, "the sample comes back under a person's name, asked first"
    test.text_input(key="editor_name_input").set_value("Maya Chen").run()
    next(button for button in test.button if button.label == "Load the sample portfolio").click().run()
    assert not test.exception
    assert len(frame(test, "portfolio_initiatives")) == 10
    store = Store(fresh_streamlit)
    try:
        history = store.history()
    finally:
        store.close()
    latest = history.sort_values("upload_id").iloc[-1]
    assert (latest["uploaded_by"], latest["kind"]) == ("Maya Chen", "sample")


def test_a_filter_that_hides_everything_says_clear_a_filter(fresh_streamlit: Path) -> None:
    test = open_app("delivery", owner="Priya Raman", initiative="INI-01")
    assert any("clear a filter" in info.value.lower() for info in test.info)


def test_data_that_ends_months_before_the_as_of_date_is_said_with_a_way_to_its_month(fresh_streamlit: Path) -> None:
    test = open_app("portfolio", as_of="2027-06-15")
    latest = latest_month(fresh_streamlit)
    hint = next(info.value for info in test.info if "Your latest data is for" in info.value)
    assert formats.month(latest) in hint
    button = next(button for button in test.button if button.label.startswith("Show as of"))
    button.click().run()
    assert not test.exception
    assert test.sidebar.date_input(key="as_of").value == month_end(latest)
    assert not any("Your latest data is for" in info.value for info in test.info)


def test_up_to_date_data_gets_no_stale_hint(fresh_streamlit: Path) -> None:
    test = open_app("portfolio")  # as of Nov 2026; the sample's latest figures are for Oct 2026
    assert not any("Your latest data is for" in info.value for info in test.info)


@pytest.mark.parametrize(
    ("latest", "as_of", "stale"),
    [
        (dt.date(2026, 6, 1), dt.date(2026, 11, 30), True),
        (dt.date(2026, 10, 1), dt.date(2026, 11, 30), False),  # one month behind is the reporting lag
        (dt.date(2026, 9, 1), dt.date(2026, 11, 1), True),
        (dt.date(2026, 12, 1), dt.date(2027, 1, 31), False),
        (dt.date(2025, 12, 1), dt.date(2026, 2, 1), True),
    ],
)
def test_when_data_counts_as_ending_before_the_as_of_date(latest: dt.date, as_of: dt.date, stale: bool) -> None:
    assert data_ends_before(latest, as_of) is stale


def test_month_end() -> None:
    assert month_end(dt.date(2026, 2, 1)) == dt.date(2026, 2, 28)
    assert month_end(dt.date(2028, 2, 10)) == dt.date(2028, 2, 29)
    assert month_end(dt.date(2026, 12, 5)) == dt.date(2026, 12, 31)


# --- helpers --------------------------------------------------------------------------------------------


def view_rows(database: Path, name: str) -> pd.DataFrame:
    store = Store(database)
    try:
        return measures.run(store, name, Filters(as_of=dt.date.fromisoformat(AS_OF)))
    finally:
        store.close()


def portfolio_row(database: Path) -> pd.Series:
    store = Store(database)
    try:
        as_of = Filters(as_of=dt.date.fromisoformat(AS_OF))
        ids = measures.run(store, "initiative_summary", as_of)["initiative_id"].tolist()
        return measures.portfolio_value(store, ids, as_of)
    finally:
        store.close()


def latest_month(database: Path) -> dt.date:
    store = Store(database)
    try:
        latest = measures.latest_data_month(store)
    finally:
        store.close()
    assert latest is not None
    return latest
