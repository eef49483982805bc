"""The same small portfolio, sent as traps: workbooks an office really writes in which the obvious reading of a
header gives the wrong number.

A fourth corpus beside tests/intake_corpus.py (the canonical portfolio, Case, Tab, Look and the hand-computed
measures), tests/intake_corpus_world.py and tests/intake_corpus_tools.py (their tab builders and writers). It
is written as an adversary of the intake, hunting for the worst failure there is: a workbook that imports with
no question and no error but whose measures are wrong, because a column was taken for the wrong template
column, or a column holding needed data was left out with only a warning.

Each case renders the canonical rows (same ids, values and dates) in an office's style, plus a trap:

- two columns for one template column, the wrong one as strong by name ('Forecast Outturn' beside 'Actual
  Outturn', 'Original Budget' beside 'Revised Budget', 'Baseline Date' beside 'Re-baselined Date', 'Planned
  (cumulative)' beside 'Planned', 'Actual (YTD)' beside 'Actual (month)', 'Stretch Target' beside 'Target',
  'Owner (delegate)' beside 'Owner', 'Tolerance' beside 'Red Threshold', 'FY Budget' beside 'Budget
  Phasing', 'Invoice Date' beside 'Service Month', 'Planned ($)' beside 'Planned (units)');
- a header that says a template column over values that mean something else ('Status' holding RAG colours,
  'Period' holding 'Q1 2026', 'Value' holding 'On track');
- numbers in another scale or sign (money in $k, costs as negatives in brackets, attribution as 0.8 in a
  cell formatted 80% or as a fraction in a CSV, dis-benefits written negative);
- sheets that look alike but are not the same (a Benefits Summary beside the register, Costs by Category
  beside the monthly costs, a Benefit Reforecast beside the tracking);
- layouts: the id column last, three 'Date' headers under a Baseline / Forecast / Actual row, a header merged
  over two columns with vertical merges beside it;
- a benefit profile given cumulatively ('Cumulative Planned', 'Planned (cum.)'): refused until answered,
  never summed month by month.

What a portfolio manager expects of each trap is written at the case and in EXPECTATIONS below: a correct
import with no question, a question naming the right candidates (for a pair: about either one of the two),
or a refusal that says what is wrong. Every case's answers, when it is answerable, give the hand-computed
measures of the first corpus.
`python tests/intake_corpus_traps.py OUTDIR` writes each case's files to OUTDIR/<case>/.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.intake_corpus import (
    BENEFITS,
    CANONICAL,
    COST_LINE_KEYS,
    COSTS,
    CSV_PLAIN,
    EXCEL,
    KPIS,
    MONTHS,
    PLAIN,
    PROFILES,
    Case,
    Look,
    Shown,
    Tab,
    _case,
    _plain_number,
    only,
    plain,
    wide_tab,
    write_all,
)
from tests.intake_corpus_world import Entry, FromRow, Row, Via, merge, tab, text_files, workbook

Question = tuple[str, str | None]

# =========================================================================== helpers


def layout(sheet: str, *, renamed: Mapping[str, str] | None = None, **extra: Mapping[str, Entry]) -> dict[str, Entry]:
    """The plain layout of a sheet, some headers renamed (old -> new), and extra columns put left of a plain
    header, given as before_<header> (spaces and '/' written '_'): layout('costs', before_Actual={'Forecast': f})."""
    built: dict[str, Entry] = {}
    for header, column in PLAIN[sheet][1].items():
        assert isinstance(column, str)
        built.update(extra.get(f"before_{header.replace(' ', '_').replace('/', '_')}", {}))
        built[(renamed or {}).get(header, header)] = column
    return built


def plains(*sheets: str, look: Look = EXCEL) -> list[Tab]:
    return [plain(sheet, look=look) for sheet in sheets]


def others(*sheets: str, look: Look = EXCEL) -> list[Tab]:
    """The plain tabs of every template sheet but these, in template order."""
    return [plain(sheet, look=look) for sheet in PLAIN if sheet not in sheets]


def in_order(tabs: list[Tab]) -> list[Tab]:
    order = list(PLAIN)
    return sorted(tabs, key=lambda found: order.index(found.sheet) if found.sheet in order else -1)


def next_month(day: dt.date, days: int) -> dt.date:
    first = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first + dt.timedelta(days=days - 1)


def excel_day(day: dt.date) -> Shown:
    return Shown(dt.datetime(day.year, day.month, day.day), "dd/mm/yyyy")


def cost_line(row: Row) -> list[Row]:
    return [
        item for item in COSTS if (item["initiative_id"], item["category"]) == (row["initiative_id"], row["category"])
    ]


def year_to_date(column: str) -> Callable[[Row], object]:
    """The line's running total of a cost column up to the row's month (None where the month has none)."""

    def value(row: Row) -> object:
        if row[column] is None:
            return None
        earlier = [item[column] for item in cost_line(row) if item["period"] <= row["period"]]  # type: ignore[operator]
        return sum(float(number) for number in earlier if number is not None)  # type: ignore[arg-type]

    return value


def benefit_of(benefit_id: object) -> Row:
    return next(item for item in BENEFITS if item["benefit_id"] == benefit_id)


def cumulative(column: str) -> Callable[[Row], object]:
    """The benefit's running total of planned or realized up to the row's month; a level benefit's level as it is.
    An unmeasured month carries the total so far; after the last measured month there is none."""

    def value(row: Row) -> object:
        benefit = benefit_of(row["benefit_id"])
        rows = [item for item in CANONICAL["benefit_measurements"] if item["benefit_id"] == row["benefit_id"]]
        if benefit["measure"] == "level":
            return row[column]
        if column == "realized" and all(item[column] is None for item in rows if item["period"] >= row["period"]):  # type: ignore[operator]
            return None
        earlier = [item[column] for item in rows if item["period"] <= row["period"]]  # type: ignore[operator]
        return sum(float(number) for number in earlier if number is not None)  # type: ignore[arg-type]

    return value


def money_of(column: str) -> Callable[[Row], object]:
    """A benefit's month in money: quantity x value per unit (none for a benefit that is not monetized)."""

    def value(row: Row) -> object:
        rate = benefit_of(row["benefit_id"])["unit_value"]
        if row[column] is None or rate is None:
            return None
        return float(row[column]) * float(rate)  # type: ignore[arg-type]

    return value


def kpi_of(kpi_id: object) -> Row:
    return next(item for item in KPIS if item["kpi_id"] == kpi_id)


def on_track(row: Row) -> str:
    """How a KPI return says a month went, in words."""
    kpi = kpi_of(row["kpi_id"])
    value, target, threshold = float(row["value"]), float(kpi["target"]), float(kpi["threshold"])  # type: ignore[arg-type]
    higher = kpi["direction"] == "higher_is_better"
    if (value >= target) if higher else (value <= target):
        return "On track"
    if (value >= threshold) if higher else (value <= threshold):
        return "At risk"
    return "Off track"


# =========================================================================== the traps


@dataclass(frozen=True)
class Expect:
    """What a portfolio manager expects of a trap, beyond Case.questions (questions that must be asked).

    one_of: groups of questions of which one at least must be asked (a pair of rival columns: the question may
        be about either, it names the other; sheets alike: about any of them); the others of a group may be
        asked too, and the group's headers and sheets are left out of the unanswered mapping check.
    optional: questions that may be asked without being wrong (their answers are in Case.answers).
    refusal: the upload must not apply before it is answered: a question or an error must say one of these
        words about the trap (e.g. 'cumulative'); answered (when answerable) it gives the canonical numbers.
    refusal_or_right: either refused as above, or imported with the canonical numbers; never silently wrong.
    warned: (label, header) of columns that must be left out with a warning naming the header.
    answerable: whether Case.answers lead to the canonical numbers (False: nothing can, the trap is refused).
    """

    one_of: tuple[tuple[Question, ...], ...] = ()
    optional: tuple[Question, ...] = ()
    refusal: tuple[str, ...] = ()
    refusal_or_right: tuple[str, ...] = ()
    warned: tuple[tuple[str, str], ...] = ()
    answerable: bool = True


EXPECTATIONS: dict[str, Expect] = {}
# Template columns a case holds under headers that cannot name them (three columns headed 'Date'):
# case -> (file sheet label, template columns).
UNDECLARED: dict[str, tuple[str, tuple[str, ...]]] = {
    "duplicate_date_headers": ("Milestones", ("baseline_date", "forecast_date", "actual_date")),
}


def trap(
    name: str,
    style: str,
    tabs: list[Tab],
    write: Callable,
    expect: Expect = Expect(),
    questions: tuple[Question, ...] = (),
    answers: tuple[str, ...] = (),
) -> Case:
    EXPECTATIONS[name] = expect
    return _case(name, style, tabs, write, questions=questions, answers=answers)


# ---------------------------------------------------------------- costs: a forecast outturn beside the actual


def forecast_cost(row: Row) -> object:
    return row["actual"] if row["actual"] is not None else row["planned"]


def forecast_outturn() -> Case:
    # 'Outturn' is the vocabulary's word for an actual, so 'Forecast Outturn' says actual as strongly as
    # 'Actual Outturn' does; but a forecast is what costs work out (tco_forecast), and 'Actual' says which.
    # A PMO expects the actual outturn taken and the forecast left out with a warning, with no question.
    costs = tab(
        "Finance",
        "costs",
        layout(
            "costs",
            renamed={"Planned": "Budget", "Actual": "Actual Outturn"},
            before_Actual={"Forecast Outturn": forecast_cost},
        ),
    )
    return trap(
        "forecast_outturn",
        "a monthly finance return: Budget, then 'Forecast Outturn' (actual where booked, else budget) to the left "
        "of 'Actual Outturn'",
        in_order([costs, *others("costs")]),
        partial(workbook, "Finance return.xlsx"),
        Expect(warned=(("Finance", "Forecast Outturn"),)),
    )


# ---------------------------------------------------------------- costs: an original and a revised budget


def original_budget(row: Row) -> object:
    """The plan as first approved: ten percent more per month, rounded."""
    return round(float(row["planned"]) * 1.1)  # type: ignore[arg-type]


def original_and_revised_budget() -> Case:
    # Both are budgets; the revised one is the plan now in force (the canonical planned). Which one the office
    # tracks against is its decision: a PMO expects a question naming the two, never a silent choice.
    costs = tab(
        "Costs",
        "costs",
        layout("costs", renamed={"Planned": "Revised Budget"}, before_Planned={"Original Budget": original_budget}),
    )
    return trap(
        "original_and_revised_budget",
        "a cost plan with two budget columns after a change request: 'Original Budget' (10% higher) and 'Revised "
        "Budget' (the plan in force)",
        in_order([costs, *others("costs")]),
        partial(workbook, "Cost plan after CR-12.xlsx"),
        Expect(one_of=((("Costs", "Original Budget"), ("Costs", "Revised Budget")),)),
        answers=("Costs!Revised Budget=costs.planned", "Costs!Original Budget=-"),
    )


# ---------------------------------------------------------------- milestones: a baseline and a re-baseline

ORIGINAL_BASELINES = {"MS-02": dt.date(2026, 3, 31), "MS-03": dt.date(2026, 4, 30), "MS-04": dt.date(2026, 8, 31)}


def first_baseline(row: Row) -> object:
    return excel_day(ORIGINAL_BASELINES.get(str(row["milestone_id"]), row["baseline_date"]))  # type: ignore[arg-type]


def rebaselined_milestones() -> Case:
    # The committed date is the baseline in force, the re-baselined one (canonical); the first baseline is
    # history. 'Baseline Date' says baseline_date more plainly than 'Re-baselined Date', so taking it silently
    # turns MS-02 and MS-03 on-time/overdue counts and every slip wrong. A PMO expects a question naming both.
    milestones = tab(
        "Milestones",
        "milestones",
        layout(
            "milestones", renamed={"Baseline": "Re-baselined Date"}, before_Baseline={"Baseline Date": first_baseline}
        ),
    )
    return trap(
        "rebaselined_milestones",
        "a milestone plan after a re-baseline: 'Baseline Date' (the first, earlier commitments) left of "
        "'Re-baselined Date' (the commitments in force)",
        in_order([milestones, *others("milestones")]),
        partial(workbook, "Milestone plan v3.xlsx"),
        Expect(one_of=((("Milestones", "Baseline Date"), ("Milestones", "Re-baselined Date")),)),
        answers=("Milestones!Re-baselined Date=milestones.baseline_date", "Milestones!Baseline Date=-"),
    )


# ---------------------------------------------------------------- benefits: cumulative columns beside the monthly


def cumulative_beside_monthly() -> Case:
    # '(cumulative)' in brackets: the words say cumulative, which Realize works out itself. A PMO expects the
    # monthly columns taken and the cumulative ones left out with a warning, with no question.
    measurements = tab(
        "Benefit Tracking",
        "benefit_measurements",
        layout(
            "benefit_measurements",
            renamed={"Actual": "Realised"},
            before_Planned={"Planned (cumulative)": cumulative("planned")},
            before_Actual={"Realised (cumulative)": cumulative("realized")},
        ),
    )
    return trap(
        "cumulative_beside_monthly",
        "a benefit tracker with running totals left of each monthly column: 'Planned (cumulative)', 'Planned', "
        "'Realised (cumulative)', 'Realised'",
        in_order([measurements, *others("benefit_measurements")]),
        partial(workbook, "Benefit tracker.xlsx"),
        Expect(warned=(("Benefit Tracking", "Planned (cumulative)"), ("Benefit Tracking", "Realised (cumulative)"))),
    )


# ---------------------------------------------------------------- costs: year to date beside the month


def year_to_date_costs() -> Case:
    # 'YTD' is a word Realize knows it works out; here it is in brackets, as finance packs write it.
    costs = tab(
        "Cost Report",
        "costs",
        layout(
            "costs",
            renamed={"Planned": "Budget (month)", "Actual": "Actual (month)"},
            before_Planned={"Budget (YTD)": year_to_date("planned")},
            before_Actual={"Actual (YTD)": year_to_date("actual")},
        ),
    )
    return trap(
        "year_to_date_costs",
        "a monthly cost report with year-to-date columns left of the month's: 'Budget (YTD)', 'Budget (month)', "
        "'Actual (YTD)', 'Actual (month)'",
        in_order([costs, *others("costs")]),
        partial(workbook, "Cost report June.xlsx"),
        Expect(warned=(("Cost Report", "Budget (YTD)"), ("Cost Report", "Actual (YTD)"))),
    )


# ---------------------------------------------------------------- targets: a stretch target left of the target

KPI_STRETCH = {"KPI-01": 99.95, "KPI-02": 6, "KPI-03": 180}


def stretch_targets() -> Case:
    # 'Target' says target outright; 'Stretch Target' is an aspiration. A PMO expects Target taken, no question
    # (taking the stretch would turn KPI-02 amber and move every benefit's target).
    kpis = tab(
        "KPIs", "kpis", layout("kpis", before_Target={"Stretch Target": lambda row: KPI_STRETCH[str(row["kpi_id"])]})
    )
    benefits = tab(
        "Benefits",
        "benefits",
        layout(
            "benefits",
            before_Target={
                "Stretch Target": lambda row: None if row["target"] is None else round(float(row["target"]) * 1.25, 2)
            },
        ),
    )  # type: ignore[arg-type]
    return trap(
        "stretch_targets",
        "KPI cards and a benefit register with a 'Stretch Target' column left of 'Target'",
        in_order([kpis, benefits, *others("kpis", "benefits")]),
        partial(workbook, "Scorecard with stretch.xlsx"),
    )


# ---------------------------------------------------------------- owners: a delegate left of the owner

DELEGATES = {"INI-01": "Charles Babbage", "INI-02": "Ada Lovelace", "INI-03": "Alan Turing"}
DEPUTIES = {
    "MS-01": "Grace Hopper",
    "MS-02": "Grace Hopper",
    "MS-03": "Alan Turing",
    "MS-04": "Ada Lovelace",
    "MS-05": "Alan Turing",
}


def owner_delegates() -> Case:
    # '(delegate)' and '(deputy)' in brackets: the person is not the owner. A PMO expects Owner taken; asking
    # which of two columns of people is the owner is fair. Never the delegate silently (the owner filter and
    # the accountability view would show the wrong people).
    initiatives = tab(
        "Initiatives",
        "initiatives",
        layout("initiatives", before_Owner={"Owner (delegate)": lambda row: DELEGATES[str(row["initiative_id"])]}),
    )
    milestones = tab(
        "Milestones",
        "milestones",
        layout("milestones", before_Owner={"Owner (deputy)": lambda row: DEPUTIES[str(row["milestone_id"])]}),
    )
    return trap(
        "owner_delegates",
        "registers with a delegate's column left of the owner's: 'Owner (delegate)' on the initiatives, 'Owner "
        "(deputy)' on the milestones",
        in_order([initiatives, milestones, *others("initiatives", "milestones")]),
        partial(workbook, "Registers with delegates.xlsx"),
        Expect(
            optional=(
                ("Initiatives", "Owner (delegate)"),
                ("Initiatives", "Owner"),
                ("Milestones", "Owner (deputy)"),
                ("Milestones", "Owner"),
            )
        ),
        answers=(
            "Initiatives!Owner=initiatives.owner",
            "Initiatives!Owner (delegate)=-",
            "Milestones!Owner=milestones.owner",
            "Milestones!Owner (deputy)=-",
        ),
    )


# ---------------------------------------------------------------- initiatives: 'Status' holding RAG colours

INITIATIVE_RAG = {"INI-01": "Green", "INI-02": "Amber", "INI-03": "Red"}


def status_is_rag() -> Case:
    # 'Status' on the project list is the delivery RAG (Green / Amber / Red); the lifecycle is under 'Stage'.
    # A PMO expects Stage taken for status (INI-03 on hold) and the RAG left out with a warning, no question.
    initiatives = tab(
        "Projects",
        "initiatives",
        layout(
            "initiatives",
            renamed={"Status": "Stage"},
            before_Status={"Status": lambda row: INITIATIVE_RAG[str(row["initiative_id"])]},
        ),
    )
    return trap(
        "status_is_rag",
        "a project list whose 'Status' is the RAG colour, the lifecycle (Active / On hold) under 'Stage'",
        in_order([initiatives, *others("initiatives")]),
        partial(workbook, "Project list.xlsx"),
        Expect(warned=(("Projects", "Status"),)),
    )


# ---------------------------------------------------------------- costs: 'Period' holding quarters


def quarter(row: Row) -> str:
    day = row["period"]
    assert isinstance(day, dt.date)
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"


def period_is_quarter() -> Case:
    # 'Period' is the template's own word for the month; here it holds the quarter ('Q2 2026') and 'Month' the
    # month. A PMO expects Month taken, Period left out with a warning, no question.
    costs = tab("Costs", "costs", layout("costs", before_Month={"Period": quarter}))
    return trap(
        "period_is_quarter",
        "a cost sheet with 'Period' holding the quarter ('Q1 2026') left of 'Month'",
        in_order([costs, *others("costs")]),
        partial(workbook, "Costs by month.xlsx"),
        Expect(warned=(("Costs", "Period"),)),
    )


# ---------------------------------------------------------------- KPI values: 'Value' holding words


def value_is_words() -> Case:
    # 'Value' holds how the month went in words ('On track'); the number is under 'Actual'. A PMO expects
    # Actual taken, Value left out with a warning, no question.
    values = tab(
        "KPI Values",
        "kpi_values",
        {"KPI ID": "kpi_id", "Month": "period", "Value": on_track, "Actual": "value", "Note": "note"},
    )
    return trap(
        "value_is_words",
        "a KPI return whose 'Value' column says 'On track' / 'At risk' / 'Off track', the number under 'Actual'",
        in_order([values, *others("kpi_values")]),
        partial(workbook, "KPI return.xlsx"),
        Expect(warned=(("KPI Values", "Value"),)),
    )


# ---------------------------------------------------------------- money in thousands


def thousands(value: object) -> object:
    return None if value is None else float(value) / 1000  # type: ignore[arg-type]


def money_in_thousands() -> Case:
    # '$k' and '$000' in the headers: 52 is fifty-two thousand dollars. Realize keeps money in the reporting
    # currency; reading 52 as 52 dollars makes every cost a thousand times too small and ROI absurd. A PMO
    # expects the thousands applied, or the upload refused with a message about thousands; never 52 dollars.
    initiatives = tab(
        "Initiatives",
        "initiatives",
        layout("initiatives", renamed={"Budget": "Budget ($000)"}) | {"Budget ($000)": Via("budget", thousands)},
    )
    costs = tab(
        "Costs",
        "costs",
        layout("costs", renamed={"Planned": "Plan ($k)", "Actual": "Actual ($k)"})
        | {"Plan ($k)": Via("planned", thousands), "Actual ($k)": Via("actual", thousands)},
    )
    return trap(
        "money_in_thousands",
        "a finance pack in thousands: 'Budget ($000)' 52 for $52,000, 'Plan ($k)' 10 and 'Actual ($k)' 5.5",
        in_order([initiatives, costs, *others("initiatives", "costs")]),
        partial(workbook, "Finance pack ($k).xlsx"),
        Expect(refusal_or_right=("thousand", "$k", "$000")),
    )


# ---------------------------------------------------------------- costs as negatives (a ledger's sign)

LEDGER = "#,##0.00;(#,##0.00)"


def debit(value: object) -> object:
    return None if value is None else Shown(-float(value), LEDGER)  # type: ignore[arg-type]


def negative_ledger_costs() -> Case:
    # A cash-flow style ledger writes money going out as negative, shown (10,000.00). Every amount of the cost
    # sheet is negative: that is the sign convention, not ten thousand dollars of refunds. A PMO expects costs
    # read as spend, or the upload refused with a message that the costs are negative; never negative TCO.
    costs = tab(
        "Ledger",
        "costs",
        layout("costs", renamed={"Planned": "Budget", "Actual": "Actual"})
        | {"Budget": Via("planned", debit), "Actual": Via("actual", debit)},
    )
    return trap(
        "negative_ledger_costs",
        "a ledger writing spend as negative numbers shown in brackets, '(10,000.00)', in Budget and Actual",
        in_order([costs, *others("costs")]),
        partial(workbook, "Ledger extract.xlsx"),
        Expect(refusal_or_right=("negative",)),
    )


# ---------------------------------------------------------------- attribution typed as 80% in Excel


def percent_cell(value: object) -> object:
    return None if value is None else Shown(float(value) / 100, "0%")  # type: ignore[arg-type]


def attribution_percent_format() -> Case:
    # Typing 80% in Excel stores 0.8 in a cell formatted '0%': the user sees 80%. A PMO expects 80 (the spec's
    # '80 or 80%'); reading 0.8 credits 0.8% of BEN-02 to INI-02 and 1% of every other benefit.
    benefits = tab("Benefits", "benefits", layout("benefits") | {"Attribution %": Via("attribution_pct", percent_cell)})
    return trap(
        "attribution_percent_format",
        "a benefit register whose 'Attribution %' cells were typed as percentages: 0.8 and 1 shown as 80% and 100%",
        in_order([benefits, *others("benefits")]),
        partial(workbook, "Benefit register.xlsx"),
    )


def fraction(value: object) -> object:
    return None if value is None else _plain_number(float(value) / 100)  # type: ignore[arg-type]


def attribution_fractions_csv() -> Case:
    # A system exports attribution as a share: 0.8 and 1. Every value is between 0 and 1, one of them 0.8: a
    # PMO expects 80% and 100% (or a question); never 0.8% and 1%.
    benefits = tab(
        "benefits",
        "benefits",
        layout("benefits", renamed={"Attribution %": "Attribution"})
        | {"Attribution": Via("attribution_pct", fraction)},
        CSV_PLAIN,
    )
    rest = [plain(sheet, sheet, CSV_PLAIN) for sheet in PLAIN if sheet != "benefits"]
    return trap(
        "attribution_fractions_csv",
        "a CSV export with attribution as a share: 'Attribution' 0.8 and 1",
        in_order([benefits, *rest]),
        text_files,
        Expect(refusal_or_right=("attribution",)),
    )


# ---------------------------------------------------------------- dis-benefits written negative


def signed(column: str) -> Callable[[Row], object]:
    def value(row: Row) -> object:
        number = row[column]
        if number is None or not benefit_of(row["benefit_id"])["disbenefit"]:
            return number
        return -float(number) if number else 0  # type: ignore[arg-type]

    return value


def negative_disbenefits() -> Case:
    # The tracker writes the dis-benefit's months negative and flags it Dis-benefit = Yes, as many offices do
    # (the sign of a dis-benefit is what the flag says). Negating the negative would credit INI-01 with 2,500
    # of benefit it never had. A PMO expects the dis-benefit counted once, or the upload refused with a message
    # about the sign; never a dis-benefit adding value.
    measurements = tab(
        "Benefit Tracking",
        "benefit_measurements",
        layout("benefit_measurements")
        | {"Planned": FromRow("planned", signed("planned")), "Actual": FromRow("realized", signed("realized"))},
    )
    return trap(
        "negative_disbenefits",
        "a benefit tracker writing the dis-benefit's planned and realized months as negatives, flagged Dis-benefit",
        in_order([measurements, *others("benefit_measurements")]),
        partial(workbook, "Benefit tracker signed.xlsx"),
        Expect(refusal_or_right=("negative", "dis-benefit", "disbenefit")),
    )


# ---------------------------------------------------------------- sheets alike: a benefits summary beside the register


def to_date(benefit_id: str, which: int) -> object:
    planned, realized = PROFILES[benefit_id]
    values = (planned[:6], realized)[which]
    measured = [value for value in values if value is not None]
    return measured[-1] if benefit_of(benefit_id)["measure"] == "level" else sum(measured)


def summary_rows() -> list[list[object]]:
    header: list[object] = [
        "Benefit ID",
        "Benefit",
        "Initiative ID",
        "Benefit Owner",
        "Planned to Date",
        "Realised to Date",
        "Variance",
        "Realisation %",
    ]
    rows: list[list[object]] = [header]
    for benefit in BENEFITS:
        planned, realized = to_date(str(benefit["benefit_id"]), 0), to_date(str(benefit["benefit_id"]), 1)
        rows.append(
            [
                benefit["benefit_id"],
                benefit["name"],
                benefit["initiative_id"],
                benefit["owner"],
                planned,
                realized,
                float(realized) - float(planned),
                Shown(float(realized) / float(planned), "0%"),
            ]
        )  # type: ignore[arg-type]
    return rows


def benefits_summary() -> Case:
    # A summary pivot beside the register has the register's id, name, initiative and owner: it fits the
    # benefit register nearly as well as the register. A PMO expects the register taken and the summary left
    # out (or asked about); never the summary taken for the register or its to-date sums for a month.
    summary = Tab("Benefits Summary", None, summary_rows(), 1, {})
    return trap(
        "benefits_summary",
        "a 'Benefits Summary' pivot (to-date planned and realised per benefit) left of the benefit register",
        [plain("initiatives"), summary, *others("initiatives")],
        partial(workbook, "Benefits pack.xlsx"),
        Expect(optional=(("Benefits Summary", None),)),
        answers=("Benefits Summary=-",),
    )


# ---------------------------------------------------------------- sheets alike: costs by category beside monthly costs


def category_rows() -> list[list[object]]:
    header: list[object] = [
        "Initiative ID",
        "Category",
        "Capex/Opex",
        "As at",
        "Budget to Date",
        "Actual to Date",
        "Full Year Budget",
    ]
    rows: list[list[object]] = [header]
    lines = {(row["initiative_id"], row["category"], row["nature"]) for row in COSTS}
    for initiative, category, nature in sorted(lines):  # type: ignore[type-var]
        line = [row for row in COSTS if (row["initiative_id"], row["category"]) == (initiative, category)]
        past = [row for row in line if row["period"] <= dt.date(2026, 6, 1)]  # type: ignore[operator]
        rows.append(
            [
                initiative,
                str(category).capitalize(),
                str(nature).capitalize(),
                excel_day(dt.date(2026, 6, 30)),
                sum(float(row["planned"]) for row in past),  # type: ignore[arg-type]
                sum(float(row["actual"]) for row in past if row["actual"] is not None),  # type: ignore[arg-type]
                sum(float(row["planned"]) for row in line),
            ]
        )  # type: ignore[arg-type]
    return rows


def costs_by_category() -> Case:
    # 'Costs by Category' has every required cost column (initiative, an 'As at' date for the period, category,
    # budget and actual to date): taken as costs beside the monthly sheet it would count June twice over. A PMO
    # expects the monthly sheet taken and the summary left out or asked about; never both stacked.
    summary = Tab("Costs by Category", None, category_rows(), 1, {})
    return trap(
        "costs_by_category",
        "a 'Costs by Category' summary (as at 30 June: budget and actual to date, full-year budget) left of the "
        "monthly costs",
        in_order([*others("costs"), summary, plain("costs")]),
        partial(workbook, "Cost pack.xlsx"),
        Expect(optional=(("Costs by Category", None), ("Costs", None))),
        answers=("Costs by Category=-", "Costs=costs"),
    )


# ---------------------------------------------------------------- sheets alike: a reforecast beside the tracking


def reforecast(row: Row) -> object:
    """The reforecast profile: what was realized where measured, the plan plus a tenth after."""
    if row["realized"] is not None:
        return row["realized"]
    return round(float(row["planned"]) * 1.1, 2)  # type: ignore[arg-type]


def benefit_reforecast() -> Case:
    # Two sheets with the same headers: the reforecast's 'Planned' is a new forecast, not the plan. A PMO expects
    # a question about one of the two sheets; never the reforecast taken for the profile silently.
    forecast = tab(
        "Benefit Reforecast",
        "benefit_measurements",
        layout("benefit_measurements") | {"Planned": FromRow("planned", reforecast)},
    )
    forecast = replace(forecast, sheet=None, columns={})  # left out once answered
    tracking = plain("benefit_measurements")
    return trap(
        "benefit_reforecast",
        "a 'Benefit Reforecast' sheet with the tracker's very headers (Planned holding the reforecast) left of "
        "'Benefit Tracking'",
        [
            *plains("initiatives", "benefits"),
            forecast,
            tracking,
            *others("initiatives", "benefits", "benefit_measurements"),
        ],
        partial(workbook, "Benefit tracking and reforecast.xlsx"),
        Expect(one_of=((("Benefit Reforecast", None), ("Benefit Tracking", None)),)),
        answers=("Benefit Reforecast=-", "Benefit Tracking=benefit_measurements"),
    )


# ---------------------------------------------------------------- the id column last, headers in another order


def reversed_layout(sheet: str) -> dict[str, Entry]:
    return dict(reversed(list(PLAIN[sheet][1].items())))


def id_column_last() -> Case:
    # Nothing is hidden: every sheet's columns in reverse order, the id last. A PMO expects no question.
    tabs = [tab(PLAIN[sheet][0], sheet, reversed_layout(sheet)) for sheet in PLAIN]
    return trap(
        "id_column_last",
        "every sheet's columns in reverse order: notes and amounts first, the id column last",
        tabs,
        partial(workbook, "Reversed registers.xlsx"),
    )


# ---------------------------------------------------------------- milestones: three 'Date' headers under a group row


def dated_milestones() -> Tab:
    keys = {"Milestone ID": "milestone_id", "Milestone": "name", "Initiative ID": "initiative_id", "Owner": "owner"}
    dates = ("baseline_date", "forecast_date", "actual_date")
    group: list[object] = [None] * len(keys) + ["Baseline", "Forecast", "Actual"]
    header: list[object] = [*keys, "Date", "Date", "Date"]
    body = [
        [row[column] for column in keys.values()] + [EXCEL.cell("milestones", column, row[column]) for column in dates]
        for row in CANONICAL["milestones"]
    ]
    return Tab("Milestones", "milestones", [group, header, *body], 2, dict(keys))


def duplicate_date_headers() -> Case:
    # Three columns headed 'Date', the row above saying Baseline / Forecast / Actual. A PMO expects the dates
    # read from the row above with no question (a question about 'Date' cannot even be answered with --map, all
    # three share the header); never the three dates shuffled.
    return trap(
        "duplicate_date_headers",
        "a milestone sheet with three 'Date' headers under a row saying Baseline, Forecast, Actual",
        in_order([dated_milestones(), *others("milestones")]),
        partial(workbook, "Milestone dates.xlsx"),
    )


# ---------------------------------------------------------------- costs: a header merged over two columns


def merged_cost_header() -> Tab:
    keys = {"Initiative ID": "initiative_id", "Month": "period", "Category": "category", "Capex/Opex": "nature"}
    tail = {"Vendor": "vendor", "Note": "note"}
    top: list[object] = [*keys, "Cost (USD)", None, *tail]
    below: list[object] = [None] * len(keys) + ["Plan", "Actual"] + [None] * len(tail)
    body = [
        [EXCEL.cell("costs", column, row[column]) for column in (*keys.values(), "planned", "actual", *tail.values())]
        for row in CANONICAL["costs"]
    ]
    # a header over two rows reads as one: 'Cost (USD) Plan', 'Cost (USD) Actual'
    columns = {**keys, "Cost (USD) Plan": "planned", "Cost (USD) Actual": "actual", **tail}
    return Tab("Costs", "costs", [top, below, *body], 2, columns)


def merged_header_cells() -> Case:
    # The commonest hand-made header: 'Cost (USD)' merged over Plan and Actual, the other headers merged down
    # over both rows. A PMO expects it read with no question; never the Actual column dropped as headerless.
    merges = merge("A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:F1", "G1:G2", "H1:H2")
    return trap(
        "merged_header_cells",
        "a costs sheet whose header spans two rows: 'Cost (USD)' merged over 'Plan' and 'Actual', every other "
        "header merged down over both rows",
        in_order([merged_cost_header(), *others("costs")]),
        partial(workbook, "Costs merged header.xlsx", edits={"Costs": [merges]}),
    )


# ---------------------------------------------------------------- benefits: the profile given cumulatively


def cumulative_profile() -> Case:
    # Only running totals: 'Cumulative Planned', 'Cumulative Realised'. Summed month by month they would give
    # BEN-01 21,000 planned to date instead of 6,000; left out with a warning, the profile is empty and every
    # benefit measure is nothing. A PMO expects the upload refused until answered, saying the values are
    # cumulative (or the months worked out as differences). Nothing in the template takes running totals, so
    # no --map answer gives the canonical numbers: the case is refused, not answered.
    measurements = tab(
        "Benefit Profile",
        "benefit_measurements",
        {
            "Benefit ID": "benefit_id",
            "Month": "period",
            "Cumulative Planned": FromRow("planned", cumulative("planned")),
            "Cumulative Realised": FromRow("realized", cumulative("realized")),
            "Evidence": "note",
        },
    )
    return trap(
        "cumulative_profile",
        "a benefit profile kept as running totals only: 'Cumulative Planned', 'Cumulative Realised'",
        in_order([measurements, *others("benefit_measurements")]),
        partial(workbook, "Benefit profile cumulative.xlsx"),
        Expect(refusal=("cumulative",), answerable=False),
    )


def cumulative_profile_abbreviated() -> Case:
    # The same running totals headed 'Planned (cum.)' and 'Realised (cum.)': the brackets are where finance
    # packs put the qualifier. Read as monthly values they are summed again: BEN-01 planned to date 21,000.
    measurements = tab(
        "Benefit Profile",
        "benefit_measurements",
        {
            "Benefit ID": "benefit_id",
            "Month": "period",
            "Planned (cum.)": FromRow("planned", cumulative("planned")),
            "Realised (cum.)": FromRow("realized", cumulative("realized")),
            "Evidence": "note",
        },
    )
    return trap(
        "cumulative_profile_abbreviated",
        "a benefit profile kept as running totals headed 'Planned (cum.)' and 'Realised (cum.)'",
        in_order([measurements, *others("benefit_measurements")]),
        partial(workbook, "Benefit profile cum.xlsx"),
        Expect(refusal=("cumulative", "cum."), answerable=False),
    )


# ---------------------------------------------------------------- costs: an annual budget repeated on each month


def line_total(row: Row) -> object:
    return sum(float(item["planned"]) for item in cost_line(row))  # type: ignore[arg-type]


def annual_budget_repeated() -> Case:
    # 'FY Budget' repeats the line's annual budget on every month; 'Budget Phasing' is the month's share (UK
    # finance's word for a monthly profile). Both say budget; taking FY Budget makes INI-01 plan 12 x 12,000 of
    # running cost. A PMO expects Budget Phasing taken, or a question naming the two.
    costs = tab(
        "Costs",
        "costs",
        layout("costs", renamed={"Planned": "Budget Phasing"}, before_Planned={"FY Budget": line_total}),
    )
    return trap(
        "annual_budget_repeated",
        "a cost plan with the line's annual budget repeated on every month ('FY Budget') left of the monthly "
        "'Budget Phasing'",
        in_order([costs, *others("costs")]),
        partial(workbook, "Budget phasing.xlsx"),
        Expect(optional=(("Costs", "FY Budget"), ("Costs", "Budget Phasing"))),
        answers=("Costs!Budget Phasing=costs.planned", "Costs!FY Budget=-"),
    )


# ---------------------------------------------------------------- costs: an invoice date beside the service month


def invoice_date(row: Row) -> object:
    day = row["period"]
    assert isinstance(day, dt.date)
    return excel_day(next_month(day, 10))


def invoice_date_beside_month() -> Case:
    # 'Invoice Date' (the 10th of the month after) and 'Service Month' (the month the cost belongs to) both
    # hold dates; both say period about as well. The period is the month of the service: taking the invoice
    # month moves every cost a month later (June's actuals out of 'to date'). A PMO expects Service Month, or a
    # question naming the two.
    costs = tab(
        "Purchase Ledger",
        "costs",
        layout("costs", renamed={"Month": "Service Month"}, before_Month={"Invoice Date": invoice_date}),
    )
    return trap(
        "invoice_date_beside_month",
        "a purchase ledger with 'Invoice Date' (the 10th of the next month) left of 'Service Month'",
        in_order([costs, *others("costs")]),
        partial(workbook, "Purchase ledger.xlsx"),
        Expect(optional=(("Purchase Ledger", "Invoice Date"), ("Purchase Ledger", "Service Month"))),
        answers=("Purchase Ledger!Service Month=costs.period", "Purchase Ledger!Invoice Date=-"),
    )


# ---------------------------------------------------------------- KPIs: a tolerance band beside the red threshold


def tolerance_band(row: Row) -> object:
    return round(abs(float(row["target"]) - float(row["threshold"])), 2)  # type: ignore[arg-type]


def tolerance_beside_threshold() -> Case:
    # 'Tolerance' is the band's width (0.4 points, 4 hours, 50 dollars); 'Red Threshold' the level. Both are in
    # the vocabulary for threshold. Taking the width makes KPI-02's red line 4 hours (below its target) and
    # KPI-03's 50 dollars. A PMO expects Red Threshold taken, or a question naming the two.
    kpis = tab(
        "KPI Cards",
        "kpis",
        layout("kpis", renamed={"Threshold": "Red Threshold"}, before_Threshold={"Tolerance": tolerance_band}),
    )
    return trap(
        "tolerance_beside_threshold",
        "KPI cards with 'Tolerance' (the band's width) left of 'Red Threshold' (the level)",
        in_order([kpis, *others("kpis")]),
        partial(workbook, "KPI cards.xlsx"),
        Expect(optional=(("KPI Cards", "Tolerance"), ("KPI Cards", "Red Threshold"))),
        answers=("KPI Cards!Red Threshold=kpis.threshold", "KPI Cards!Tolerance=-"),
    )


# ---------------------------------------------------------------- KPI values: the plan trajectory beside the actual

KPI_PLAN = {"KPI-01": 99.9, "KPI-02": 8, "KPI-03": 200}


def kpi_plan_beside_actual() -> Case:
    # The plan (here the target every month) left of the actual. A PMO expects Actual taken and Plan left out:
    # taking the plan would show every KPI green.
    values = tab(
        "KPI Tracker",
        "kpi_values",
        {
            "KPI ID": "kpi_id",
            "Month": "period",
            "Plan": lambda row: KPI_PLAN[str(row["kpi_id"])],
            "Actual": "value",
            "Note": "note",
        },
    )
    return trap(
        "kpi_plan_beside_actual",
        "a KPI tracker with the month's 'Plan' left of its 'Actual'",
        in_order([values, *others("kpi_values")]),
        partial(workbook, "KPI tracker.xlsx"),
        Expect(warned=(("KPI Tracker", "Plan"),)),
    )


# ---------------------------------------------------------------- benefits: each month in money and in units


def money_and_units() -> Case:
    # The tracker gives each month twice: in the benefit's unit and in dollars. The template's planned and
    # realized are in the benefit's unit (monetized by unit_value); taking the dollars counts BEN-02's hours at
    # 50 x 50 dollars. A PMO expects the units taken, or a question naming the two of each pair.
    measurements = tab(
        "Benefit Tracking",
        "benefit_measurements",
        {
            "Benefit ID": "benefit_id",
            "Month": "period",
            "Planned ($)": money_of("planned"),
            "Planned (units)": "planned",
            "Realised ($)": money_of("realized"),
            "Realised (units)": "realized",
            "Note": "note",
        },
    )
    label = "Benefit Tracking"
    return trap(
        "money_and_units",
        "a benefit tracker with each month in dollars and in units: 'Planned ($)', 'Planned (units)', "
        "'Realised ($)', 'Realised (units)'",
        in_order([measurements, *others("benefit_measurements")]),
        partial(workbook, "Benefit tracker money and units.xlsx"),
        Expect(
            optional=(
                (label, "Planned ($)"),
                (label, "Planned (units)"),
                (label, "Realised ($)"),
                (label, "Realised (units)"),
            )
        ),
        answers=(
            f"{label}!Planned (units)=benefit_measurements.planned",
            f"{label}!Planned ($)=-",
            f"{label}!Realised (units)=benefit_measurements.realized",
            f"{label}!Realised ($)=-",
        ),
    )


# ---------------------------------------------------------------- benefits: a confidence beside the contribution

CONFIDENCE = {"BEN-01": 90, "BEN-02": 70, "BEN-03": 60, "BEN-04": 95, "BEN-05": 85}


def confidence_beside_contribution() -> Case:
    # 'Confidence %' is the chance the benefit comes; 'Contribution %' the share credited to the initiative
    # (the attribution). Both are percentages of a benefit. A PMO expects Contribution % taken, or a question.
    benefits = tab(
        "Benefits",
        "benefits",
        {
            **{header: column for header, column in layout("benefits").items() if header != "Attribution %"},
            "Confidence %": lambda row: CONFIDENCE[str(row["benefit_id"])],
            "Contribution %": "attribution_pct",
        },
    )
    return trap(
        "confidence_beside_contribution",
        "a benefit register with 'Confidence %' (likelihood) left of 'Contribution %' (the attribution)",
        in_order([benefits, *others("benefits")]),
        partial(workbook, "Benefit register confidence.xlsx"),
        Expect(optional=(("Benefits", "Confidence %"), ("Benefits", "Contribution %"))),
        answers=("Benefits!Contribution %=benefits.attribution_pct", "Benefits!Confidence %=-"),
    )


# ---------------------------------------------------------------- costs: a programme code left of the project code

PROGRAMMES = {"INI-01": "PRG-INFRA", "INI-02": "PRG-DWP", "INI-03": "PRG-INFRA"}


def programme_beside_project() -> Case:
    # 'Programme ID' says initiative id as well as 'Project ID' does (a programme is an initiative's noun).
    # A PMO expects Project ID taken (its values are the initiatives), no question.
    costs = tab(
        "Costs",
        "costs",
        layout("costs", before_Project_ID={"Programme ID": lambda row: PROGRAMMES[str(row["initiative_id"])]}),
    )
    return trap(
        "programme_beside_project",
        "a cost sheet with the parent 'Programme ID' left of the 'Project ID'",
        in_order([costs, *others("costs")]),
        partial(workbook, "Programme costs.xlsx"),
    )


# ---------------------------------------------------------------- months across with a year-to-date column after them


def with_year_to_date(wide: Tab, through: int) -> Tab:
    """A wide tab with 'YTD Jun-26' (the sum of each row's months to June) and 'FY26 Total' after the months."""
    header = wide.rows[wide.header_row - 1]
    first = len(header) - len(MONTHS)
    rows = [[*header, f"YTD {MONTHS[through - 1]:%b-%y}", "FY26 Total"]]
    for row in wide.rows[wide.header_row :]:
        months = [float(value) for value in row[first:] if value is not None]  # type: ignore[arg-type]
        to_date = [float(value) for value in row[first : first + through] if value is not None]  # type: ignore[arg-type]
        rows.append([*row, sum(to_date) if to_date else None, sum(months) if months else None])
    return replace(wide, rows=rows)


def wide_costs_year_to_date() -> Case:
    # The commonest finance layout (a Budget / Actual line per cost line, the months across) with the two
    # columns every finance pack adds after December: 'YTD Jun-26' and 'FY26 Total'. The YTD header names a
    # month, but it is no month: read as June it adds January-May again to June. A PMO expects both left out
    # (Realize works totals out), no question.
    costs = wide_tab(
        "Cost Plan",
        "costs",
        COST_LINE_KEYS,
        "Scenario",
        {"planned": "Budget", "actual": "Actual"},
        MONTHS,
        lambda day: day.strftime("%b-%y"),
    )
    return trap(
        "wide_costs_year_to_date",
        "a cost plan with the months across (Jan-26 .. Dec-26) and a Budget / Actual line, then 'YTD Jun-26' and "
        "'FY26 Total' columns",
        in_order([with_year_to_date(costs, 6), *others("costs")]),
        partial(workbook, "Cost plan with YTD.xlsx"),
    )


# ---------------------------------------------------------------- levels typed as percentages in Excel


def percent_level(value: object) -> object:
    return None if value is None else Shown(round(float(value) / 100, 6), "0.0%")  # type: ignore[arg-type]


def level_row(column: str) -> Callable[[Row], object]:
    def value(row: Row) -> object:
        if benefit_of(row["benefit_id"])["unit"] != "%":
            return EXCEL.cell("benefit_measurements", column, row[column])
        return percent_level(row[column])

    return value


def percent_if_level(column: str) -> Callable[[Row], object]:
    """A register's number typed as a percentage where the row's unit is '%'."""

    def value(row: Row) -> object:
        return percent_level(row[column]) if row["unit"] == "%" else row[column]

    return value


def kpi_percent(column: str) -> Callable[[Row], object]:
    def value(row: Row) -> object:
        if kpi_of(row["kpi_id"])["unit"] != "%":
            return row[column]
        return percent_level(row[column])

    return value


def percent_formatted_levels() -> Case:
    # The availability benefit and KPI are typed as percentages: 99.6% is 0.996 in a cell formatted '0.0%'. The
    # unit column says '%', the user sees 99.6%. A PMO expects 99.6 (the scorecard showing 99.6 %), never 0.996.
    benefits = tab(
        "Benefits",
        "benefits",
        layout("benefits")
        | {
            "Baseline": FromRow("baseline", percent_if_level("baseline")),
            "Target": FromRow("target", percent_if_level("target")),
        },
    )
    measurements = tab(
        "Benefit Tracking",
        "benefit_measurements",
        layout("benefit_measurements")
        | {"Planned": FromRow("planned", level_row("planned")), "Actual": FromRow("realized", level_row("realized"))},
    )
    kpis = tab(
        "KPIs",
        "kpis",
        layout("kpis")
        | {
            "Target": FromRow("target", percent_if_level("target")),
            "Threshold": FromRow("threshold", percent_if_level("threshold")),
        },
    )
    values = tab("KPI Values", "kpi_values", layout("kpi_values") | {"Value": FromRow("value", kpi_percent("value"))})
    return trap(
        "percent_formatted_levels",
        "the availability benefit and KPI typed as Excel percentages (0.996 shown 99.6%) in baseline, target, "
        "threshold and monthly values, unit '%'",
        in_order(
            [benefits, measurements, kpis, values, *others("benefits", "benefit_measurements", "kpis", "kpi_values")]
        ),
        partial(workbook, "Scorecard percent cells.xlsx"),
    )


# ---------------------------------------------------------------- costs three times: Capex, Opex and all of them


def all_costs_and_split() -> Case:
    # The office keeps Capex and Opex tabs and an 'All Costs' tab that stacks them (for its pivot). Taking the
    # three counts every cost twice. A PMO expects a question about the sheets (answered: All Costs only), never
    # two of them stacked silently.
    tabs = [
        *plains("initiatives", "benefits", "benefit_measurements"),
        plain("costs", "All Costs"),
        only("costs", lambda row: row["nature"] == "capex", plain("costs", "Capex")),
        only("costs", lambda row: row["nature"] == "opex", plain("costs", "Opex")),
        *plains("milestones", "kpis", "kpi_values", "actions"),
    ]
    tabs = [replace(found, sheet=None, columns={}) if found.label in ("Capex", "Opex") else found for found in tabs]
    return trap(
        "all_costs_and_split",
        "costs three times: an 'All Costs' tab and the same rows split into 'Capex' and 'Opex' tabs",
        tabs,
        partial(workbook, "Costs all and split.xlsx"),
        Expect(one_of=((("Capex", None), ("Opex", None), ("All Costs", None)),)),
        answers=("All Costs=costs", "Capex=-", "Opex=-"),
    )


# ---------------------------------------------------------------- months across with quarter subtotals between them


def with_quarters(wide: Tab) -> Tab:
    """A wide tab with a 'Q1 2026' subtotal after every third month (each row's sum of the quarter)."""
    header = wide.rows[wide.header_row - 1]
    first = len(header) - len(MONTHS)

    def spread(row: list[object], quarter_cells: list[object]) -> list[object]:
        cells = list(row[:first])
        for index in range(len(MONTHS)):
            cells.append(row[first + index])
            if index % 3 == 2:
                cells.append(quarter_cells[index // 3])
        return cells

    rows = [spread(header, [f"Q{number} 2026" for number in range(1, 5)])]
    for row in wide.rows[wide.header_row :]:
        sums = []
        for number in range(4):
            values = [float(value) for value in row[first + 3 * number : first + 3 * number + 3] if value is not None]  # type: ignore[arg-type]
            sums.append(sum(values) if values else None)
        rows.append(spread(row, sums))
    return replace(wide, rows=rows)


def wide_costs_quarters() -> Case:
    # The months across with a quarter subtotal after each third month ('Q1 2026'): no month, no column of the
    # template. A PMO expects the subtotals left out with a warning, no question; never added to a month.
    costs = wide_tab(
        "Cost Plan",
        "costs",
        COST_LINE_KEYS,
        "Scenario",
        {"planned": "Budget", "actual": "Actual"},
        MONTHS,
        lambda day: day.strftime("%b-%y"),
    )
    return trap(
        "wide_costs_quarters",
        "a cost plan with the months across and a quarter subtotal ('Q1 2026') after every third month",
        in_order([with_quarters(costs), *others("costs")]),
        partial(workbook, "Cost plan with quarters.xlsx"),
    )


# ---------------------------------------------------------------- costs as version rows: Budget, Actual in one Amount


def version_rows() -> list[list[object]]:
    header: list[object] = ["Project ID", "Month", "Category", "Capex/Opex", "Version", "Amount", "Supplier"]
    rows: list[list[object]] = [header]
    for row in COSTS:
        for version, column in (("Budget", "planned"), ("Actual", "actual")):
            if row[column] is None:
                continue
            rows.append(
                [
                    row["initiative_id"],
                    EXCEL.cell("costs", "period", row["period"]),
                    EXCEL.cell("costs", "category", row["category"]),
                    EXCEL.cell("costs", "nature", row["nature"]),
                    version,
                    row[column],
                    row["vendor"],
                ]
            )
    return rows


def version_column() -> Case:
    # An ERP extract: one Amount per row and a Version saying Budget or Actual (a long layout with a row label).
    # Taking Amount for planned (or actual) mixes budgets and actuals. A PMO expects the versions read as
    # planned and actual, or the upload refused saying the Version column decides; never the amounts summed.
    costs = Tab(
        "GL Extract",
        "costs",
        version_rows(),
        1,
        {
            "Project ID": "initiative_id",
            "Month": "period",
            "Category": "category",
            "Capex/Opex": "nature",
            "Supplier": "vendor",
        },
    )
    return trap(
        "version_column",
        "an ERP cost extract: a row per version, 'Version' Budget / Actual and one 'Amount' column",
        in_order([costs, *others("costs")]),
        partial(workbook, "GL extract versions.xlsx"),
        Expect(refusal_or_right=("version",)),
    )


TRAP_CASES: tuple[Case, ...] = (
    forecast_outturn(),
    original_and_revised_budget(),
    rebaselined_milestones(),
    cumulative_beside_monthly(),
    year_to_date_costs(),
    stretch_targets(),
    owner_delegates(),
    status_is_rag(),
    period_is_quarter(),
    value_is_words(),
    money_in_thousands(),
    negative_ledger_costs(),
    attribution_percent_format(),
    attribution_fractions_csv(),
    negative_disbenefits(),
    benefits_summary(),
    costs_by_category(),
    benefit_reforecast(),
    id_column_last(),
    duplicate_date_headers(),
    merged_header_cells(),
    cumulative_profile(),
    cumulative_profile_abbreviated(),
    annual_budget_repeated(),
    invoice_date_beside_month(),
    tolerance_beside_threshold(),
    kpi_plan_beside_actual(),
    money_and_units(),
    confidence_beside_contribution(),
    programme_beside_project(),
    wide_costs_year_to_date(),
    percent_formatted_levels(),
    all_costs_and_split(),
    wide_costs_quarters(),
    version_column(),
)
TRAP_CASES_BY_NAME: dict[str, Case] = {case.name: case for case in TRAP_CASES}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/intake_corpus_traps.py OUTDIR")
    for path in write_all(Path(sys.argv[1]), TRAP_CASES):
        print(path)
