"""The initiative brief: one self-contained, printable HTML page, checked as a sponsor's browser would read it."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from realize import measures
from realize.contract import catalog, schema
from realize.ledger.store import Store
from realize.report.brief import brief_html
from realize.report.charts import MILESTONE_STATE_COLORS
from realize.report.narrative import initiative_narrative
from realize.service import sample_portfolio

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
    sample_portfolio.load_if_empty(store)
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
    assert "As of 22 Nov 2026" in page.words
    for fact in ("Owner Hannah Weber", "Sponsor Robert Kim", "Portfolio Corporate Systems", "Status Active"):
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
        "31 Oct 2026",
        "26 Feb 2027",
        "–",
        "Overdue",
        "+118",
    ]


def test_overdue_actions_come_first(sample: dict[str, object]) -> None:
    rows = Page(render(sample)).rows["Actions"]
    assert rows[0][0].startswith("Re-plan ERP wave 2 go-live with the systems integrator")
    assert rows[0][3] == "Overdue, 22 days"
    assert all("Overdue" not in row[3] for row in rows[1:])


def test_costs_by_category_add_up_to_the_tco(sample: dict[str, object]) -> None:
    page = Page(render(sample))
    # planned, planned to date, actual to date, forecast; the forecast split into capex and opex
    assert page.totals["Costs"] == [
        ["Total", "$9,530,000", "$7,500,000", "$8,667,700", "$10,697,700", "$8,106,700", "$2,591,000", "100%", ""]
    ]
    rows = page.rows["Costs"]
    assert [row[0] for row in rows] == ["Acquisition", "Implementation", "Operating", "Renewal", "Exit"]
    for column in range(1, 7):
        assert sum(money_value(row[column]) for row in rows) == money_value(page.totals["Costs"][0][column])
    for row in rows:
        assert money_value(row[5]) + money_value(row[6]) == money_value(row[4])  # capex + opex = forecast


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
    assert page.rows["Milestones"] == [["Kick-off", "–", "31 Jan 2027", "–", "–", "On track", "0"]]
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


def money_value(text: str) -> float:
    """ "$1,234" -> 1234.0, "-$44,600" -> -44600.0; an en dash (nothing) -> 0."""
    return 0.0 if text == "–" else float(text.replace("$", "").replace(",", ""))


@pytest.fixture(scope="module")
def every_brief() -> dict[str, str]:
    """The brief of every initiative of the sample portfolio, by initiative id."""
    store = Store(":memory:")
    sample_portfolio.load_if_empty(store)
    currency = str(store.settings()["reporting_currency"])
    briefs = {}
    for initiative_id in measures.run(store, "initiative_summary", measures.Filters(as_of=AS_OF))["initiative_id"]:
        one = measures.Filters(as_of=AS_OF, initiatives=(initiative_id,))
        summary = measures.run(store, "initiative_summary", one).iloc[0]
        frames = {name: measures.run(store, view, one) for name, view in VIEWS.items()}
        sentences = initiative_narrative(summary, frames["tco"], currency, as_of=AS_OF)
        briefs[initiative_id] = brief_html(summary, sentences, **frames, as_of=AS_OF, currency=currency)
    store.close()
    return briefs


def pieces(page: Page) -> set[str]:
    """Every piece of text a reader sees on its own: each cell, label, note and fact, and the parts of a note
    ("Hannah Weber · Cash-releasing, level from 9 days to 4 days")."""
    found = set()
    for text in page.text:
        whole = " ".join(text.split())
        found.add(whole)
        found.update(part.strip() for part in re.split(r" · |, |; ", whole))
    return found - {""}


def test_no_code_word_reaches_the_reader(every_brief: dict[str, str]) -> None:
    codes = {code for codes in catalog.coded_columns().values() for code in codes}
    underscored = {code for code in codes if "_" in code}
    # a code shown as itself, or with its underscores made spaces, where it has words of its own
    unworded = {
        spelling for code in codes if schema.choice_label(code) != code for spelling in (code, code.replace("_", " "))
    }
    assert {"cash_releasing", "lower_is_better", "done_late", "internal_process"} <= underscored
    for initiative_id, document in every_brief.items():
        visible = re.sub(r"<style>.*?</style>", "", document, flags=re.DOTALL)
        assert not [code for code in underscored if code in visible], initiative_id
        assert not pieces(Page(document)) & unworded, initiative_id


def test_codes_read_as_their_labels(every_brief: dict[str, str]) -> None:
    words = " ".join(Page(document).words for document in every_brief.values())
    for label in ("Cash-releasing", "Non-cash-releasing", "Lower is better", "Internal process", "Done late"):
        assert label in words, label
    page = Page(every_brief["INI-08"])
    assert "Status Active" in page.words
    assert {row[0] for row in page.rows["Costs"]} >= {"Implementation", "Operating"}
    assert page.rows["Milestones"][0][5] == "Done late"  # Design authority sign-off, 28 days late
    assert "Hannah Weber · Cash-releasing" in " ".join(row[0] for row in page.rows["Benefits"])


def test_days_and_months_read_as_words(every_brief: dict[str, str]) -> None:
    for initiative_id, document in every_brief.items():
        words = Page(document).words
        assert not re.search(r"\b\d{4}-\d{2}\b", words), (initiative_id, re.findall(r"\S*\d{4}-\d{2}\S*", words))
        assert "As of 22 Nov 2026" in words
    assert "Payback forecast Jan 2028" in Page(every_brief["INI-02"]).words
    kpis = Page(every_brief["INI-08"]).rows["KPIs"]
    assert kpis[0][2] == "88% (Oct 2026)"  # latest value and its month


def test_milestone_states_take_the_timeline_colours(sample: dict[str, object]) -> None:
    document = render(sample)
    for state, words in (("overdue", "Overdue"), ("at_risk", "At risk"), ("done_late", "Done late")):
        colour = MILESTONE_STATE_COLORS[state]
        assert re.search(
            rf'<span class="label" style="background:{colour};color:#(fff|1c1f23)">{words}</span>', document
        )


def test_money_kpis_keep_their_cents(sample: dict[str, object]) -> None:
    kpis = sample["kpis"].copy()  # type: ignore[attr-defined]
    kpis.loc[:, ["unit", "latest_value", "target", "threshold"]] = ["USD", 4.2, 3.75, 5.0]
    row = Page(render(sample, kpis=kpis)).rows["KPIs"][0]
    assert row[2:4] == ["$4.20 (Oct 2026)", "$3.75 ($5)"]


def test_a_brief_of_the_data_as_known_on_a_past_day_says_so(sample: dict[str, object]) -> None:
    chosen = {name: sample[name] for name in VIEWS}
    narrative = initiative_narrative(sample["summary"], chosen["tco"], "USD", as_of=AS_OF)  # type: ignore[arg-type]
    document = brief_html(
        sample["summary"], narrative, **chosen, as_of=AS_OF, currency="USD", known_on=dt.date(2026, 3, 2)
    )  # type: ignore[arg-type]
    words = Page(document).words
    assert "As of 22 Nov 2026 · data as known on 2 Mar 2026" in words
    assert "Generated by Realize from the data as known on 2 Mar 2026 as of 22 Nov 2026." in words
    assert "current data" not in words and "known on" not in Page(render(sample)).words
