"""The initiative brief: one self-contained, printable HTML page, checked as a sponsor's browser would read it."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from realize import measures
from realize.brief import brief_html
from realize.narrative import initiative_narrative
from realize.store import Store

AS_OF = dt.date(2026, 11, 22)
HOSTILE = "<script>alert(1)</script> & Co"
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source"}
VIEWS = {
    "benefits": "benefit_realization",
    "tco": "tco",
    "milestones": "milestone_status",
    "kpis": "scorecard",
    "actions": "action_status",
}


class Page(HTMLParser):
    """What a browser sees: balanced tags, the text, and the body rows of each section's tables."""

    def __init__(self, document: str) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.titles: dict[str, str] = {}
        self.rows: dict[str, list[list[str]]] = {}
        self.totals: dict[str, list[list[str]]] = {}
        self.section = ""
        self._heading: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.feed(document)
        self.close()
        if self.open:
            self.errors.append(f"unclosed {self.open}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)
        if tag in {"h1", "h2", "title"}:
            self._heading = ""
        if tag == "tr" and ("tbody" in self.open or "tfoot" in self.open):
            self._row = []
        if tag in {"td", "th"} and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:]}")
            return
        self.open.pop()
        if tag in {"h1", "h2", "title"} and self._heading is not None:
            self.titles[tag] = self._heading
            if tag == "h2":
                self.section = self._heading
            self._heading = None
        if tag in {"td", "th"} and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "tr" and self._row is not None:
            table = self.totals if "tfoot" in self.open else self.rows
            table.setdefault(self.section, []).append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None and "title" in self.open:
            self._heading += data
        if "head" in self.open:
            return  # the style sheet and the title are not the page's text
        self.text.append(data)
        if self._heading is not None:
            self._heading += data
        if self._cell is not None:
            self._cell.append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


@pytest.fixture(scope="module")
def sample() -> dict[str, object]:
    """The sample portfolio's ERP upgrade (INI-08), and every initiative's rows to check the brief keeps its own."""
    store = Store(":memory:")
    store.load_sample_if_empty()
    one = measures.Filters(as_of=AS_OF, initiatives=("INI-08",))
    every = measures.Filters(as_of=AS_OF)
    data: dict[str, object] = {"summary": measures.run(store, "initiative_summary", one).iloc[0]}
    data.update({name: measures.run(store, view, one) for name, view in VIEWS.items()})
    data["all"] = {name: measures.run(store, view, every) for name, view in VIEWS.items()}
    data["currency"] = str(store.settings()["reporting_currency"])
    return data


def render(data: dict[str, object], summary: object = None, **frames: pd.DataFrame) -> str:
    summary = data["summary"] if summary is None else summary
    chosen = {name: frames.get(name, data[name]) for name in VIEWS}
    narrative = initiative_narrative(summary, chosen["tco"], data["currency"], as_of=AS_OF)  # type: ignore[arg-type]
    return brief_html(summary, narrative, **chosen, as_of=AS_OF, currency=data["currency"])  # type: ignore[arg-type]


def test_brief_is_well_formed_and_self_contained(sample: dict[str, object]) -> None:
    document = render(sample)
    page = Page(document)
    assert page.errors == []
    assert document.startswith("<!DOCTYPE html>")
    for outside in ("<script", "http://", "https://", "src=", "@import", "url("):
        assert outside not in document.lower(), outside
    assert page.titles["h1"] == "Initiative brief: INI-08 ERP upgrade"
    assert page.titles["title"] == "Initiative brief: INI-08 ERP upgrade"


def test_brief_prints_on_a4(sample: dict[str, object]) -> None:
    document = render(sample)
    print_css = re.search(r"@media print\s*{(.*?)\n}", document, flags=re.DOTALL)
    assert print_css, "no @media print block"
    assert "thead { display: table-header-group; }" in print_css.group(1)
    assert "break-inside: avoid" in print_css.group(1)
    assert re.search(r"@page\s*{[^}]*size: A4[^}]*margin:", document)


def test_brief_opens_with_the_facts_and_the_narrative(sample: dict[str, object]) -> None:
    summary = sample["summary"]
    narrative = initiative_narrative(summary, sample["tco"], "USD", as_of=AS_OF)  # type: ignore[arg-type]
    page = Page(render(sample))
    assert "As of 2026-11-22" in page.words
    for fact in ("Owner Hannah Weber", "Sponsor Robert Kim", "Portfolio Corporate Systems", "Status active"):
        assert fact in page.words
    for sentence in narrative:
        assert sentence in page.words
    assert "0 of 4 commitments due so far were met on time; 1 overdue, 1 at risk." in narrative


def test_status_labels_carry_the_status_colours(sample: dict[str, object]) -> None:
    summary = sample["summary"].copy()  # type: ignore[attr-defined]
    summary["realization_status"], summary["cost_status"], summary["delivery_status"] = "green", "amber", "red"
    document = render(sample, summary)
    assert '<span class="label green">Benefits realized: 15%</span>' in document
    assert '<span class="label amber">Cost against plan to date: +16%</span>' in document
    assert '<span class="label red">Delivery on time: 0%</span>' in document
    for colour in ("#2e7d32", "#f9a825", "#c62828"):
        assert colour in document


def test_one_row_per_milestone_kpi_and_action_of_this_initiative_only(sample: dict[str, object]) -> None:
    # given every initiative's rows, the brief keeps INI-08's
    everything: dict[str, pd.DataFrame] = sample["all"]  # type: ignore[assignment]
    page = Page(render(sample, **everything))
    assert len(page.rows["Milestones"]) == len(sample["milestones"]) == 5  # type: ignore[arg-type]
    assert len(page.rows["KPIs"]) == len(sample["kpis"]) == 1  # type: ignore[arg-type]
    assert len(page.rows["Actions"]) == len(sample["actions"]) == 4  # type: ignore[arg-type]
    assert len(page.rows["Benefits"]) == len(sample["benefits"]) == 5  # type: ignore[arg-type]
    milestone_names = {row[0] for row in page.rows["Milestones"]}
    assert milestone_names == set(sample["milestones"]["milestone_name"])  # type: ignore[index]


def test_milestone_rows_show_dates_state_and_slip(sample: dict[str, object]) -> None:
    rows = {row[0]: row for row in Page(render(sample)).rows["Milestones"]}
    assert rows["Go-live wave 2: supply chain"] == [
        "Go-live wave 2: supply chain",
        "Lukas Novak",
        "2026-10-31",
        "2027-02-26",
        "–",
        "overdue",
        "+118",
    ]


def test_overdue_actions_come_first(sample: dict[str, object]) -> None:
    rows = Page(render(sample)).rows["Actions"]
    assert rows[0][0] == "Re-plan ERP wave 2 go-live with the systems integrator"
    assert rows[0][5] == "overdue, 22 days"
    assert all("overdue" not in row[5] for row in rows[1:])


def test_costs_by_category_add_up_to_the_tco(sample: dict[str, object]) -> None:
    page = Page(render(sample))
    assert page.totals["Costs"] == [["Total", "", "$9,530,000", "$7,500,000", "$8,667,700", "$10,697,700", ""]]
    categories = {row[0] for row in page.rows["Costs"]}
    assert categories == {"acquisition", "implementation", "operating", "renewal", "exit", "capex", "opex"}


def test_names_are_escaped(sample: dict[str, object]) -> None:
    summary = sample["summary"].copy()  # type: ignore[attr-defined]
    summary["initiative_name"] = HOSTILE
    summary["sponsor"] = HOSTILE
    milestones = sample["milestones"].copy()  # type: ignore[attr-defined]
    milestones.loc[0, "milestone_name"] = HOSTILE
    document = render(sample, summary, milestones=milestones)
    page = Page(document)
    assert page.errors == []
    assert "<script" not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in document
    assert page.titles["h1"] == f"Initiative brief: INI-08 {HOSTILE}"
    assert page.titles["title"] == f"Initiative brief: INI-08 {HOSTILE}"
    assert page.rows["Milestones"][0][0] == HOSTILE


def test_missing_values_are_en_dashes_never_nan() -> None:
    summary = {
        "initiative_id": "INI-X",
        "initiative_name": "Quiet one",
        "owner": "Ada",
        "sponsor": None,
        "realization_rate": float("nan"),
        "roi_forecast": None,
        "payback_month_forecast": pd.NaT,
        "budget": pd.NA,
    }
    milestones = pd.DataFrame(
        [
            {
                "initiative_id": "INI-X",
                "milestone_name": "Kick-off",
                "owner": None,
                "baseline_date": pd.Timestamp("2027-01-31"),
                "forecast_date": pd.NaT,
                "actual_date": pd.NaT,
                "state": "on_track",
                "slip_days": 0,
            }
        ]
    )
    empty = pd.DataFrame()
    document = brief_html(summary, [], empty, empty, milestones, empty, empty, as_of=AS_OF, currency="CHF")
    page = Page(document)
    assert page.errors == []
    assert not re.search(r"\b(nan|none|nat)\b|<NA>", page.words, flags=re.IGNORECASE), page.words
    assert page.rows["Milestones"] == [["Kick-off", "–", "2027-01-31", "–", "–", "on track", "0"]]
    assert "Sponsor –" in page.words
    assert "No benefits are recorded for this initiative." in page.words
    assert "No KPIs are linked to this initiative." in page.words
    assert "No review actions are recorded for this initiative." in page.words


def test_money_carries_the_currency_and_thousands_separators(sample: dict[str, object]) -> None:
    summary = sample["summary"].copy()  # type: ignore[attr-defined]
    document = brief_html(
        summary,
        [],
        sample["benefits"],  # type: ignore[arg-type]
        sample["tco"],  # type: ignore[arg-type]
        sample["milestones"],  # type: ignore[arg-type]
        sample["kpis"],  # type: ignore[arg-type]
        sample["actions"],  # type: ignore[arg-type]
        as_of=AS_OF,
        currency="CHF",
    )
    words = Page(document).words
    assert "Budget CHF 7,450,000" in words
    assert "TCO forecast CHF 10,697,700" in words
