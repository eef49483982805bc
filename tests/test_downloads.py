"""Downloads meant for people read as the pages do, and the board pack holds every page's main table.

A finance analyst opens a table's .xlsx and finds headers in words, money in the reporting currency,
percentages, dates as dates, a frozen header row and a filter; the CSV is the same table in words with
plain numbers. The board pack is one workbook for the current filters: the Portfolio headline, then a
sheet per page table.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from streamlit.testing.v1 import AppTest

from realize import measures
from realize.contract import catalog
from realize.ledger.store import Store
from realize.measures import Filters
from realize.report import board_pack, export, formats, headlines
from realize.report.charts import STATUS_COLORS
from realize.service import sample_portfolio
from realize.web import display, downloads
from tests.conftest import APP

USD = '"$"#,##0;[Red]-"$"#,##0'
AS_OF = dt.date(2026, 11, 22)
OWNER = "Priya Raman"  # owns INI-05 and INI-06 in the sample


def initiatives() -> pd.DataFrame:
    """Two initiative rows as a view gives them: codes, raw floats, months, days, flags, counts."""
    return pd.DataFrame(
        {
            "initiative_id": ["INI-01", "INI-02"],
            "initiative_name": ['=HYPERLINK("http://x","click")', "Data-centre exit"],
            "type": ["cash_releasing", "non_cash_releasing"],
            "cost_status": ["amber", "green"],
            "realized_value_to_date": [-202958.2849446322, 658700.0],
            "roi_to_date": [-0.6642946032636321, 0.4640878013673984],
            "payback_month_forecast": pd.to_datetime(["2028-07-01", None]),
            "due_date": pd.to_datetime(["2026-03-31", "2027-01-15"]),
            "exit_cost_missing": [True, False],
            "kpis_red": [3, 1250],
            "fiscal_year": [2026, 2027],
        }
    )


def sheet_of(data: bytes, title: str | None = None) -> Worksheet:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return book[title] if title else book.worksheets[0]


def rows(sheet: Worksheet) -> list[list[object]]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def column(sheet: Worksheet, header: str) -> list[openpyxl.cell.Cell]:
    headers = [cell.value for cell in sheet[1]]
    letter = openpyxl.utils.get_column_letter(headers.index(header) + 1)
    return list(sheet[letter][1:])


# --------------------------------------------------------------------------- a table's .xlsx


def test_an_excel_download_has_the_pages_headers_and_words() -> None:
    sheet = sheet_of(export.readable_xlsx_bytes({"Initiatives": initiatives()}, currency="USD"))
    assert sheet.title == "Initiatives"
    assert rows(sheet)[0] == [
        "Initiative ID",
        "Initiative name",
        "Type",
        "Cost status",
        "Realized value to date",
        "ROI to date",
        "Payback month forecast",
        "Due date",
        "Exit cost missing",
        "KPIs red",
        "Fiscal year",
    ]
    assert [cell.value for cell in column(sheet, "Type")] == ["Cash-releasing", "Non-cash-releasing"]
    statuses = column(sheet, "Cost status")
    assert [cell.value for cell in statuses] == ["Amber", "Green"]
    # coloured as the pages colour them
    assert [cell.fill.start_color.rgb[-6:].upper() for cell in statuses] == [
        STATUS_COLORS["amber"].lstrip("#").upper(),
        STATUS_COLORS["green"].lstrip("#").upper(),
    ]
    assert [cell.value for cell in column(sheet, "Exit cost missing")] == ["Yes", "No"]


def test_an_excel_download_keeps_numbers_and_shows_them_formatted() -> None:
    sheet = sheet_of(export.readable_xlsx_bytes({"Initiatives": initiatives()}, currency="USD"))
    money = column(sheet, "Realized value to date")
    assert [cell.value for cell in money] == [-202958.2849446322, 658700]  # the number, to sum and chart
    assert {cell.number_format for cell in money} == {USD}  # shown as -$202,959 in red and $658,700
    rate = column(sheet, "ROI to date")
    assert rate[0].value == pytest.approx(-0.6642946032636321) and rate[0].number_format == "0%"  # -66%
    month, empty_month = column(sheet, "Payback month forecast")
    assert month.value.date() == dt.date(2028, 7, 1) and month.number_format == "mmm yyyy"  # Jul 2028
    assert month.is_date and empty_month.value is None
    day = column(sheet, "Due date")[0]
    assert day.value.date() == dt.date(2026, 3, 31) and day.number_format == "d mmm yyyy"  # 31 Mar 2026
    counts = column(sheet, "KPIs red")
    assert [cell.value for cell in counts] == [3, 1250] and counts[1].number_format == "#,##0"
    assert column(sheet, "Fiscal year")[0].number_format == "0"  # 2026, not 2,026


def test_an_excel_download_is_frozen_filtered_and_sized_to_its_content() -> None:
    sheet = sheet_of(export.readable_xlsx_bytes({"Initiatives": initiatives()}, currency="USD"))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:K3"
    assert all(cell.font.bold for cell in sheet[1])
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABE"}
    assert widths["B"] > widths["A"]  # the long name gets more room than the id
    assert widths["E"] >= len("Realized value to date")  # a header is not cut off
    assert max(dimension.width for dimension in sheet.column_dimensions.values()) <= export.MAX_WIDTH


def test_an_excel_download_does_not_run_formulas() -> None:
    sheet = sheet_of(export.readable_xlsx_bytes({"Initiatives": initiatives()}, currency="USD"))
    name = column(sheet, "Initiative name")[0]
    assert name.value == '\'=HYPERLINK("http://x","click")' and name.data_type == "s"


@pytest.mark.parametrize(
    ("currency", "expected"),
    [
        ("USD", USD),
        ("EUR", '"€"#,##0;[Red]-"€"#,##0'),
        ("GBP", '"£"#,##0;[Red]-"£"#,##0'),
        ("CHF", '"CHF "#,##0;[Red]"CHF "-#,##0'),  # as the pages write it: CHF 1,234
    ],
)
def test_money_is_formatted_in_the_reporting_currency(currency: str, expected: str) -> None:
    sheet = sheet_of(export.readable_xlsx_bytes({"Initiatives": initiatives()}, currency=currency))
    assert column(sheet, "Realized value to date")[1].number_format == expected


def test_quantities_read_in_their_rows_unit_and_money_units_in_the_currency() -> None:
    benefits = pd.DataFrame(
        {
            "benefit_id": ["BEN-01", "BEN-02", "BEN-03"],
            "unit": ["USD", "hours", "%"],
            "planned_to_date": [2625000.0, 19200.0, 99.5],
            "planned_value_to_date": [2625000.0, 1056000.0, None],
        }
    )
    sheet = sheet_of(export.readable_xlsx_bytes({"Benefits": benefits}, currency="USD"))
    planned = column(sheet, "Planned to date")
    assert [cell.number_format for cell in planned] == [USD, '#,##0" hours"', '#,##0.0#"%"']
    assert [cell.value for cell in planned] == [2625000, 19200, 99.5]
    assert {cell.number_format for cell in column(sheet, "Planned value to date")[:2]} == {USD}


def test_a_page_table_download_reads_like_its_header_on_the_page() -> None:
    # the page's headers and the download's are one function
    shown = display.column_config(pd.DataFrame({"kpis_red": [1]}), "USD")["kpis_red"]
    assert shown["label"] == formats.header("kpis_red") == "KPIs red"
    assert formats.header("npv_forecast") == "NPV forecast"


def test_the_re_uploadable_export_keeps_the_template_form() -> None:
    sheet = sheet_of(export.xlsx_bytes({"initiatives": initiatives()}))
    assert rows(sheet)[0][:3] == ["initiative_id", "initiative_name", "type"]
    assert rows(sheet)[1][2] == "cash_releasing"


# --------------------------------------------------------------------------- a table's .csv


def test_a_csv_download_is_in_words_with_plain_numbers() -> None:
    text = export.readable_csv_bytes(initiatives(), currency="USD").decode("utf-8-sig")
    header, first, second = text.splitlines()
    assert header == (
        "Initiative ID,Initiative name,Type,Cost status,Realized value to date (USD),ROI to date,"
        "Payback month forecast,Due date,Exit cost missing,KPIs red,Fiscal year"
    )
    assert first == (
        'INI-01,"\'=HYPERLINK(""http://x"",""click"")",Cash-releasing,Amber,-202958.28,-0.6643,'
        "2028-07-01,2026-03-31,Yes,3,2026"
    )
    assert second == "INI-02,Data-centre exit,Non-cash-releasing,Green,658700.0,0.4641,,2027-01-15,No,1250,2027"


# --------------------------------------------------------------------------- the board pack


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(tmp_path_factory.mktemp("pack") / "sample.duckdb")
    sample_portfolio.load_if_empty(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def pack(sample: Store) -> openpyxl.Workbook:
    filters = Filters(as_of=AS_OF, owners=(OWNER,))
    return openpyxl.load_workbook(io.BytesIO(downloads.board_pack_for(sample, filters, "USD")))


def test_the_board_pack_has_a_summary_then_a_sheet_per_page_table(pack: openpyxl.Workbook) -> None:
    assert pack.sheetnames == [
        "Summary",
        "Initiatives",
        "Benefit register",
        "Return per initiative",
        "Costs per initiative",
        "Milestones",
        "KPIs",
        "Action and decision log",
    ]
    assert [table.sheet for table in catalog.PAGE_TABLES] == pack.sheetnames[1:]


def test_the_board_pack_summary_says_what_the_portfolio_cards_say(sample: Store, pack: openpyxl.Workbook) -> None:
    filters = Filters(as_of=AS_OF, owners=(OWNER,))
    summary = measures.run(sample, "initiative_summary", filters)
    assert summary["initiative_id"].tolist() == ["INI-05", "INI-06"]
    value = measures.portfolio_value(sample, ["INI-05", "INI-06"], filters)
    cards = headlines.portfolio_metrics(
        value,
        measures.kpi_action_counts(
            sample,
            measures.run(sample, "action_status", filters)["action_id"],
            measures.run(sample, "scorecard", filters)["kpi_id"],
            filters,
        ),
        "USD",
    )
    sheet = pack["Summary"]
    table = rows(sheet)
    assert table[0][0] == "Board pack"
    facts = {row[0]: row[1] for row in table if row[0] in ("Filters", "As of", "Reporting currency")}
    assert facts["Filters"] == "owner Priya Raman, as of 22 Nov 2026"
    assert facts["As of"].date() == AS_OF
    assert facts["Reporting currency"] == "USD"
    start = next(number for number, row in enumerate(table) if row[0] == "Headline")
    assert table[start][:4] == ["Headline", "Value", "Compared with", "What it means"]
    written = [tuple(row[:3]) for row in table[start + 1 : start + 1 + len(cards)]]
    assert written == [(card.label, card.value, card.delta or None) for card in cards]
    realized = next(row for row in table if row[0] == "Benefits realized to date")
    assert realized[1] == formats.money(value["benefit_realized_value_to_date"], "USD", compact=True)


def test_the_board_pack_lists_and_links_its_sheets_with_their_rows(pack: openpyxl.Workbook) -> None:
    table = rows(pack["Summary"])
    start = next(number for number, row in enumerate(table) if row[0] == "Page")
    contents = [tuple(row[:3]) for row in table[start + 1 :] if row[0]]
    assert contents == [
        (page_table.page, page_table.sheet, pack[page_table.sheet].max_row - 1) for page_table in catalog.PAGE_TABLES
    ]
    links = [pack["Summary"].cell(row=start + 2 + offset, column=2).hyperlink for offset in range(len(contents))]
    assert [link.location for link in links] == [f"'{page_table.sheet}'!A1" for page_table in catalog.PAGE_TABLES]


@pytest.mark.parametrize("page_table", catalog.PAGE_TABLES, ids=lambda table: table.sheet)
def test_each_board_pack_sheet_holds_its_views_rows_for_the_filters(
    sample: Store, pack: openpyxl.Workbook, page_table: catalog.PageTable
) -> None:
    expected = measures.run(sample, page_table.view, Filters(as_of=AS_OF, owners=(OWNER,)))
    assert not expected.empty
    sheet = pack[page_table.sheet]
    assert rows(sheet)[0] == [formats.header(name) for name in page_table.columns]
    first = page_table.columns[0]
    assert [cell.value for cell in column(sheet, formats.header(first))] == expected[first].tolist()
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.endswith(str(len(expected) + 1))


def test_board_pack_money_matches_the_view_to_the_cent(sample: Store, pack: openpyxl.Workbook) -> None:
    expected = measures.run(sample, "initiative_summary", Filters(as_of=AS_OF, owners=(OWNER,)))
    cells = column(pack["Return per initiative"], "Net value to date")
    assert [cell.value for cell in cells] == pytest.approx(expected["net_value_to_date"].tolist())
    assert {cell.number_format for cell in cells} == {USD}
    statuses = column(pack["Initiatives"], "Cost status")
    assert {cell.value for cell in statuses} <= {"Green", "Amber", "Red"}


def test_the_board_pack_says_when_only_cash_releasing_benefits_count(sample: Store) -> None:
    filters = Filters(as_of=AS_OF, include_non_cash=False)
    data = downloads.board_pack_for(sample, filters, "USD")
    facts = {row[0]: row[1] for row in rows(sheet_of(data, "Summary"))}
    assert facts["Filters"] == "the whole portfolio, as of 22 Nov 2026; cash-releasing benefits only"


def test_a_board_pack_with_nothing_matching_says_so() -> None:
    data = board_pack.board_pack_bytes(
        {table: pd.DataFrame(columns=list(table.columns)) for table in catalog.PAGE_TABLES},
        [],
        currency="EUR",
        described_filters="owner Nobody, as of 22 Nov 2026",
        as_of=AS_OF,
    )
    summary = rows(sheet_of(data, "Summary"))
    assert [board_pack.NO_HEADLINE] in [row[:1] for row in summary]
    assert sheet_of(data, "Initiatives").auto_filter.ref == "A1:P1"


def test_a_filter_value_that_looks_like_a_formula_is_written_as_text() -> None:
    data = board_pack.board_pack_bytes({}, [], currency="USD", described_filters="=cmd|' /C calc'!A0", as_of=AS_OF)
    facts = {row[0]: row[1] for row in rows(sheet_of(data, "Summary"))}
    assert facts["Filters"] == "'=cmd|' /C calc'!A0"


# --------------------------------------------------------------------------- the sidebar offers it


def test_the_sidebar_offers_the_board_pack_for_the_filters(fresh_streamlit: Path) -> None:
    test = AppTest.from_file(str(APP), default_timeout=90)
    test.query_params["as_of"] = AS_OF.isoformat()
    test.run()
    assert not test.exception, test.exception
    offered = [button for button in test.sidebar.get("download_button") if button.proto.label == "Board pack (.xlsx)"]
    assert len(offered) == 1
    assert offered[0].proto.ignore_rerun  # downloading does not rerun the page
    test.switch_page("app_pages/delivery.py").run()
    assert [button.proto.label for button in test.sidebar.get("download_button")].count("Board pack (.xlsx)") == 1
