"""The initiative brief printed to A4 by Chromium: a typical initiative on one page, a large one breaking cleanly;
on screen at 1440 px, the brief and the Brief page need no sideways scroll.

The initiatives are built for the test through the real path: rows uploaded into a Store, the brief made from
the views. The printed PDF is read back with pypdfium2 (its pages' text, and PNGs in tests/screenshots/:
brief_print_typical.png, brief_print_large_1.png and _2.png).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pypdfium2
import pytest
from playwright.sync_api import Browser

from realize import measures
from realize.ledger.store import Store
from realize.report.brief import brief_html
from realize.report.narrative import initiative_narrative
from tests.conftest import load_rows
from tests.e2e.conftest import SCREENSHOTS, RunningApp, wait_for_app
from tests.test_brief import VIEWS

pytestmark = pytest.mark.browser
AS_OF = dt.date(2026, 11, 22)
LAST_RECORDED = dt.date(2026, 10, 1)
SECTIONS = ("Benefits", "Costs", "Milestones", "KPIs", "Actions")


@dataclass(frozen=True)
class Size:
    """How many of each an initiative has. Cost lines are category x nature x fiscal year rows of the TCO."""

    benefits: int
    cost_lines: int
    milestones: int
    kpis: int
    actions: int


TYPICAL = Size(benefits=6, cost_lines=8, milestones=8, kpis=6, actions=5)
LARGE = Size(benefits=25, cost_lines=40, milestones=30, kpis=20, actions=20)

# --- a realistic initiative, built as a user's workbook would hold it -------------------------------------------

PEOPLE = ("Priya Raman", "Aisha Mensah", "Tomás Alvarez", "Hannah Weber", "Jonathan Okonkwo-Bennett")
BENEFITS = (
    # name, type, perspective, unit, measure, baseline, target, unit value, monthly plan, dis-benefit
    ("Contact-centre agent hours released by the self-service knowledge base", "non_cash_releasing",
     "internal_process", "hours", "flow", None, None, 55, 1_600, False),
    ("Legacy IVR and telephony licences decommissioned", "cash_releasing", "financial", "USD", "flow",
     None, None, 1, 42_000, False),
    ("First-contact resolution rate for phone and chat contacts", "quantifiable", "customer", "%", "level",
     61, 78, None, None, False),
    ("Average handling time per contact", "quantifiable", "customer", "minutes", "level", 9.5, 6.0, None, None,
     False),
    ("Agent productivity dip while the new desktop beds in", "non_cash_releasing", "learning_growth", "hours",
     "flow", None, None, 55, 400, True),
    ("Better-informed service design from joined-up contact data", "qualitative", "learning_growth", None, None,
     None, None, None, None, False),
)  # fmt: skip
COST_LINES = (
    # category, nature, vendor, note, monthly plan
    ("implementation", "capex", "Accenture", "Integrator build and data migration, fixed-price milestones", 95_000),
    ("acquisition", "capex", "Genesys", "Cloud contact-centre platform set-up and first-year licences", 40_000),
    ("operating", "opex", "Genesys", "Platform subscription per named agent", 28_000),
    ("implementation", "opex", "Internal", "Backfill for subject-matter experts seconded to the programme", 18_000),
    ("renewal", "opex", "Genesys", "Annual support renewal and premium success plan", 9_000),
    ("acquisition", "opex", "Zendesk", "Knowledge-base licences, prepaid", 6_000),
    ("operating", "capex", "Dell", "Agent headsets and second screens", 4_000),
    ("exit", "opex", "Accenture", "Legacy IVR contract exit and call-recording archive extraction", 3_000),
    ("renewal", "capex", "Genesys", "Hardware refresh of on-premise gateways", 2_500),
    ("exit", "capex", "Dell", "Disposal of legacy telephony hardware", 1_500),
)
MILESTONES = (
    # name, baseline, forecast, actual
    ("Business case approved by the investment committee", "2025-01-31", "2025-01-31", "2025-01-24"),
    ("Contact-centre platform contract signed with Genesys", "2025-03-31", "2025-04-18", "2025-04-18"),
    ("Knowledge base migrated and approved by the content governance board", "2025-09-30", "2025-11-14",
     "2025-11-14"),
    ("Pilot go-live for the billing queue (120 agents)", "2026-03-31", "2026-03-27", "2026-03-27"),
    ("Data migration rehearsal 3 passed with reconciled contact history", "2026-08-31", "2026-10-30", None),
    ("Go-live wave 2: sales, retention and collections queues", "2026-11-30", "2027-02-26", None),
    ("Legacy IVR and call recording switched off after parallel running", "2027-03-31", "2027-04-30", None),
    ("Programme closed and benefits handed to business-as-usual owners", "2027-06-30", None, None),
)  # fmt: skip
KPIS = (
    # name, perspective, unit, direction, target, threshold, start, monthly step
    ("Cost per customer contact across all channels", "financial", "USD", "lower_is_better", 4.2, 5.0, 6.1, -0.1),
    ("Customer satisfaction after a resolved contact (CSAT)", "customer", "%", "higher_is_better", 85, 78, 72, 0.6),
    ("Share of contacts resolved in self-service", "customer", "%", "higher_is_better", 45, 35, 18, 1.1),
    ("Agent attrition, rolling twelve months", "learning_growth", "%", "lower_is_better", 18, 24, 31, -0.3),
    ("Average speed of answer on the phone queues", "internal_process", "seconds", "lower_is_better", 30, 60, 95,
     -1.5),
    ("Agents certified on the new desktop and knowledge base", "learning_growth", "agents", "higher_is_better", 450,
     380, 40, 14),
)  # fmt: skip
ACTIONS = (
    # title, status, raised, due, closed, outcome
    ("Agree a recovery plan with the integrator for the delayed contact-history migration", "open", "2026-09-15",
     "2026-10-31", None, None),
    ("Add two data engineers to the migration team until rehearsal 3 passes", "done", "2026-07-02", "2026-08-15",
     "2026-08-29", "Engineers joined in August; rehearsal 3 moved to October and passed with 0.2% of records "
     "corrected by hand"),
    ("Review the headset order against the revised agent count for wave 2", "dropped", "2026-02-10", "2026-03-31",
     "2026-03-20", "Dropped: the wave 2 agent count did not change"),
    ("Publish the self-service deflection figures to the steering group every month", "done", "2026-04-01",
     "2026-04-30", "2026-04-28", "Monthly pack in place since May"),
    ("Decide whether to extend parallel running of the legacy IVR by one quarter", "open", "2026-11-05",
     "2027-01-15", None, None),
)  # fmt: skip


def month(text: str) -> dt.date:
    return dt.date.fromisoformat(f"{text}-01")


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    found, current = [], first
    while current <= last:
        found.append(current)
        current = dt.date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return found


def numbered(text: str, index: int, count: int) -> str:
    """The pool's names as they are; past the pool, numbered so every row is its own."""
    return text if index < count else f"{text} ({index // count + 1})"


def initiative_rows(initiative_id: str) -> list[dict[str, object]]:
    return [
        {
            "initiative_id": initiative_id,
            "name": "Contact-centre consolidation and customer self-service",
            "portfolio": "Customer & Digital",
            "owner": "Priya Raman",
            "sponsor": "Olivia Grant-Castellanos",
            "objective": "Halve the cost per contact while customers resolve more themselves",
            "status": "active",
            "start_date": "2025-01-06",
            "end_date": "2027-06-30",
            "budget": 6_400_000,
        }
    ]


def benefit_rows(initiative_id: str, count: int) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    benefits, measurements = [], []
    for index in range(count):
        name, kind, perspective, unit, measure, baseline, target, value, plan, dis = BENEFITS[index % len(BENEFITS)]
        benefit_id = f"BEN-{index + 1:02d}"
        benefits.append(
            {
                "benefit_id": benefit_id,
                "initiative_id": initiative_id,
                "name": numbered(name, index, len(BENEFITS)),
                "type": kind,
                "perspective": perspective,
                "owner": PEOPLE[index % len(PEOPLE)],
                "unit": unit,
                "measure": measure,
                "baseline": baseline,
                "target": target,
                "unit_value": value,
                "disbenefit": dis,
                "description": "Counted from the workforce-management system, as agreed with finance.",
            }
        )
        if kind == "qualitative":
            continue
        for step, period in enumerate(months(month("2025-07"), month("2027-06"))):
            if measure == "level":
                planned = baseline + (target - baseline) * min(step / 18, 1)  # type: ignore[operator]
                realized = baseline + (target - baseline) * min(step / 24, 1)  # type: ignore[operator]
            else:
                planned = plan * (1 + index % 3 / 10)  # type: ignore[operator]
                realized = planned * (0.7 + (step % 4) / 10)
            measurements.append(
                {
                    "benefit_id": benefit_id,
                    "period": f"{period:%Y-%m}",
                    "planned": round(planned, 1),
                    "realized": round(realized, 1) if period <= LAST_RECORDED else None,
                }
            )
    return benefits, measurements


def cost_rows(initiative_id: str, count: int) -> list[dict[str, object]]:
    """count cost lines: each category x nature once (up to ten), then again in later fiscal years."""
    rows = []
    years = (2025, 2026, 2027, 2028)
    for index in range(count):
        category, nature, vendor, note, plan = COST_LINES[index % len(COST_LINES)]
        year = years[index // len(COST_LINES) % len(years)]
        for period in months(dt.date(year, 1, 1), dt.date(year, 12, 1)):
            rows.append(
                {
                    "initiative_id": initiative_id,
                    "period": f"{period:%Y-%m}",
                    "category": category,
                    "nature": nature,
                    "planned": plan,
                    "actual": round(plan * (1.08 if index % 2 else 0.97)) if period <= LAST_RECORDED else None,
                    "vendor": vendor,
                    "note": note,
                }
            )
    return rows


def milestone_rows(initiative_id: str, count: int) -> list[dict[str, object]]:
    rows = []
    for index in range(count):
        name, baseline, forecast, actual = MILESTONES[index % len(MILESTONES)]
        rows.append(
            {
                "milestone_id": f"MS-{index + 1:02d}",
                "initiative_id": initiative_id,
                "name": numbered(name, index, len(MILESTONES)),
                "owner": PEOPLE[(index + 2) % len(PEOPLE)],
                "baseline_date": baseline,
                "forecast_date": forecast,
                "actual_date": actual,
            }
        )
    return rows


def kpi_rows(initiative_id: str, count: int) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    kpis, values = [], []
    for index in range(count):
        name, perspective, unit, direction, target, threshold, start, step = KPIS[index % len(KPIS)]
        kpi_id = f"KPI-{index + 1:02d}"
        kpis.append(
            {
                "kpi_id": kpi_id,
                "name": numbered(name, index, len(KPIS)),
                "perspective": perspective,
                "theme": "Cost to serve",
                "initiative_id": initiative_id,
                "owner": PEOPLE[(index + 1) % len(PEOPLE)],
                "unit": unit,
                "direction": direction,
                "target": target,
                "threshold": threshold,
                "frequency": "monthly",
                "indicator": "lagging",
                "definition": "Measured monthly from the contact-centre platform's standard reports.",
                "rationale": "Tells the sponsor whether the new channels are taking work away from the phones.",
                "response": "Below threshold two months running: the service owner presents a recovery plan.",
            }
        )
        last = LAST_RECORDED if index % 5 else month("2026-06")  # one in five has no recent value: stale
        for offset, period in enumerate(months(month("2025-11"), last)):
            values.append({"kpi_id": kpi_id, "period": f"{period:%Y-%m}", "value": round(start + step * offset, 2)})
    return kpis, values


def action_rows(initiative_id: str, count: int, kpi_count: int, benefit_count: int) -> list[dict[str, object]]:
    rows = []
    for index in range(count):
        title, status, raised, due, closed, outcome = ACTIONS[index % len(ACTIONS)]
        rows.append(
            {
                "action_id": f"ACT-{index + 1:02d}",
                "title": numbered(title, index, len(ACTIONS)),
                "owner": PEOPLE[(index + 3) % len(PEOPLE)],
                "raised_on": raised,
                "due_date": due,
                "status": status,
                "closed_on": closed,
                "initiative_id": initiative_id,
                "kpi_id": f"KPI-{index % kpi_count + 1:02d}" if index % 2 == 0 and kpi_count else None,
                "benefit_id": f"BEN-{index % benefit_count + 1:02d}" if index % 2 == 1 and benefit_count else None,
                "outcome": outcome,
            }
        )
    return rows


@dataclass(frozen=True)
class Views:
    """An initiative as the views give it: what the brief is made of."""

    summary: pd.Series
    frames: dict[str, pd.DataFrame]
    currency: str

    def brief(self, benefits: int | None = None) -> str:
        """The brief; with its first `benefits` benefits only, when given."""
        frames = dict(self.frames)
        if benefits is not None:
            frames["benefits"] = frames["benefits"].head(benefits)
        sentences = initiative_narrative(self.summary, frames["tco"], self.currency, as_of=AS_OF)
        return brief_html(self.summary, sentences, **frames, as_of=AS_OF, currency=self.currency)


def built(tmp_path: Path, size: Size) -> Views:
    """An initiative of this size, uploaded as a user's rows into a store, as the views read it back."""
    initiative_id = "INI-42"
    store = Store(tmp_path / "portfolio.duckdb")
    try:
        benefits, measurements = benefit_rows(initiative_id, size.benefits)
        kpis, kpi_values = kpi_rows(initiative_id, size.kpis)
        load_rows(
            store,
            "Priya Raman",
            initiatives=initiative_rows(initiative_id),
            benefits=benefits,
            benefit_measurements=measurements,
            costs=cost_rows(initiative_id, size.cost_lines),
            milestones=milestone_rows(initiative_id, size.milestones),
            kpis=kpis,
            kpi_values=kpi_values,
            actions=action_rows(initiative_id, size.actions, size.kpis, size.benefits),
        )
        one = measures.Filters(as_of=AS_OF, initiatives=(initiative_id,))
        summary = measures.run(store, "initiative_summary", one).iloc[0]
        frames = {name: measures.run(store, view, one) for name, view in VIEWS.items()}
        return Views(summary, frames, str(store.settings()["reporting_currency"]))
    finally:
        store.close()


# --- printing ----------------------------------------------------------------------------------------------------

A4_POINTS = (595.3, 841.9)


@dataclass(frozen=True)
class Printed:
    """A brief as Chromium prints it on A4: each page's text, and what the document says its rows and sections are."""

    pages: list[str]  # each page's text, squeezed (see squeeze)
    sizes: list[tuple[float, float]]  # each page's width and height in points
    rows: dict[str, list[str]]  # section heading -> its body and footer rows' text, squeezed
    headers: dict[str, str]  # section heading -> its table's header row, squeezed

    def pages_holding(self, text: str) -> list[int]:
        return [number for number, page in enumerate(self.pages) if text in page]


def squeeze(text: str) -> str:
    """Text without white space or the middle dots the print style puts between a name and its note: wrapped
    lines, cell borders and generated separators differ between the page and the document, the words do not.
    PDFium reads a hyphen that ends a line as U+FFFE: it is the hyphen."""
    return re.sub(r"[\s·]+", "", text).replace("\ufffe", "-")


def print_brief(browser: Browser, document: str, screenshot_names: tuple[str, ...] = ()) -> Printed:
    """Print the brief to A4 as a person's browser would, and save the first pages as PNGs under these names."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content(document)
    structure = page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('section')).map(section => [
            section.querySelector('h2').textContent,
            {rows: Array.from(section.querySelectorAll('tbody tr, tfoot tr')).map(row => row.textContent),
             header: Array.from(section.querySelectorAll('thead tr')).map(row => row.textContent).join('')}]))"""
    )
    pdf = pypdfium2.PdfDocument(page.pdf(format="A4", print_background=True))
    context.close()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for number, name in enumerate(screenshot_names[: len(pdf)]):
        pdf[number].render(scale=2).to_pil().save(SCREENSHOTS / f"{name}.png")
    return Printed(
        pages=[squeeze(pdf[number].get_textpage().get_text_range()) for number in range(len(pdf))],
        sizes=[tuple(pdf[number].get_size()) for number in range(len(pdf))],
        rows={heading: [squeeze(row) for row in found["rows"]] for heading, found in structure.items()},
        headers={heading: squeeze(found["header"]) for heading, found in structure.items()},
    )


def assert_breaks_cleanly(printed: Printed) -> None:
    """No row split across pages; a heading on the page of its table's header and first row, never at a page's
    foot; a table that runs on to another page repeats its header there."""
    for heading in SECTIONS:
        assert printed.rows[heading], heading
        pages = []
        for row in printed.rows[heading]:
            holding = printed.pages_holding(row)
            assert len(holding) == 1, (heading, row, holding)  # a row split across a page break is whole on none
            pages += holding
        for number in set(pages):
            assert printed.headers[heading] in printed.pages[number], (heading, number)
        opening = squeeze(heading) + printed.headers[heading] + printed.rows[heading][0]
        assert printed.pages_holding(opening), heading
    for number, page in enumerate(printed.pages[:-1]):
        assert not page.endswith(tuple(squeeze(heading) for heading in SECTIONS)), number


@pytest.fixture(scope="module")
def typical(tmp_path_factory: pytest.TempPathFactory) -> str:
    return built(tmp_path_factory.mktemp("typical"), TYPICAL).brief()


@pytest.fixture(scope="module")
def large_views(tmp_path_factory: pytest.TempPathFactory) -> Views:
    return built(tmp_path_factory.mktemp("large"), LARGE)


def test_a_typical_initiative_prints_on_one_a4_page(browser: Browser, typical: str) -> None:
    printed = print_brief(browser, typical, ("brief_print_typical",))
    assert len(printed.pages) == 1, f"{len(printed.pages)} pages"
    assert printed.sizes[0] == pytest.approx(A4_POINTS, abs=1)
    # every row is there, whole: nothing is cut off at the foot of the page
    rows = {"Benefits": TYPICAL.benefits + 1, "Milestones": TYPICAL.milestones, "KPIs": TYPICAL.kpis}  # + total
    assert {heading: len(printed.rows[heading]) for heading in rows} == rows
    assert len(printed.rows["Actions"]) == TYPICAL.actions
    for heading in SECTIONS:
        for row in printed.rows[heading]:
            assert printed.pages_holding(row) == [0], (heading, row)
    assert squeeze("Generated by Realize from the current data as of 22 Nov 2026.") in printed.pages[0]


def test_a_large_initiative_breaks_cleanly_between_rows(browser: Browser, large_views: Views) -> None:
    printed = print_brief(browser, large_views.brief(), ("brief_print_large_1", "brief_print_large_2"))
    assert len(printed.pages) > 2
    assert all(size == pytest.approx(A4_POINTS, abs=1) for size in printed.sizes)
    assert_breaks_cleanly(printed)
    continued = [
        heading for heading in SECTIONS if len({printed.pages_holding(r)[0] for r in printed.rows[heading]}) > 1
    ]
    assert len(continued) >= 2, continued  # tables do run on over page breaks here


def test_page_breaks_are_clean_wherever_they_fall(browser: Browser, large_views: Views) -> None:
    # the same initiative with its first 1, 2, ... 25 benefits: each later heading and row comes near the foot of a
    # page in turn (the benefits' total row still sums all 25, which the layout does not mind)
    for benefits in range(1, LARGE.benefits + 1):
        printed = print_brief(browser, large_views.brief(benefits))
        assert_breaks_cleanly(printed)


def with_unbroken_words(views: Views) -> Views:
    """The initiative with words that do not break where a line could: a file name of 90 characters as its first
    rows' names and outcome, a team's mailbox as an owner."""
    word = "STEERING_PACK_CONTACT_CENTRE_SELF_SERVICE_DEFLECTION_MONTHLY_2026_10_V3_FINAL_APPROVED.xlsx"
    mailbox = "customer.digital.programme.office@example.com"
    frames = dict(views.frames)
    for frame, column, text in (
        ("benefits", "benefit_name", word),
        ("milestones", "milestone_name", word),
        ("milestones", "owner", mailbox),
        ("kpis", "kpi_name", word),
        ("actions", "title", word),
        ("actions", "outcome", word),
    ):
        frames[frame] = frames[frame].copy()
        frames[frame].loc[frames[frame].index[0], column] = text
    return Views(views.summary, frames, views.currency)


OVERFLOWING = """() => [
    ...Array.from(document.querySelectorAll('table'))
        .filter(table => table.getBoundingClientRect().right > document.body.getBoundingClientRect().right + 0.5)
        .map(table => 'table in ' + table.closest('section').querySelector('h2').textContent),
    ...Array.from(document.querySelectorAll('th, td'))
        .filter(cell => cell.scrollWidth > cell.clientWidth + 1)
        .map(cell => 'cell ' + cell.textContent.slice(0, 40)),
]"""
A4_CONTENT_PX = round((210 - 2 * 9) / 25.4 * 96)  # A4 less the brief's 9 mm side margins, in CSS pixels


@pytest.mark.parametrize(("media", "width"), [("screen", 1440), ("print", A4_CONTENT_PX)])
def test_no_table_runs_past_the_page(browser: Browser, large_views: Views, media: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.emulate_media(media=media)  # type: ignore[arg-type]
    for views in (large_views, with_unbroken_words(large_views)):
        page.set_content(views.brief())
        assert page.evaluate(OVERFLOWING) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


GRIDS_DRAWN = """() => {
    const tables = document.querySelectorAll('[data-testid="stDataFrame"]');
    return tables.length >= 3 && Array.from(tables).every(table => table.querySelector('.dvn-scroller'));
}"""
SIDEWAYS = """() => Array.from(document.querySelectorAll('[data-testid="stDataFrame"]')).map(table => {
    const scroller = table.querySelector('.dvn-scroller');
    return scroller ? scroller.scrollWidth - scroller.clientWidth : null;
})"""


@pytest.mark.parametrize("initiative", ["INI-01", "INI-05", "INI-06"])  # the longest names and the most columns
def test_the_brief_page_at_1440_px_needs_no_sideways_scroll(
    browser: Browser, running_app: RunningApp, initiative: str
) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{running_app.url}/brief?as_of={AS_OF}&initiative={initiative}")
    wait_for_app(page)
    page.wait_for_function(GRIDS_DRAWN, timeout=30000)
    page.wait_for_timeout(1500)  # the grid sizes its columns to their content once drawn
    sideways = page.evaluate(SIDEWAYS)
    assert None not in sideways, "no grid scroller found: has the table changed?"
    assert sideways == [0] * len(sideways), sideways
    context.close()
