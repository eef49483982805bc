"""Generate the bundled sample portfolio: ``python data/make_sample.py [OUT]``.

Writes data/sample_portfolio.xlsx (next to this script) unless OUT is given. The data is
deterministic: no randomness, so the workbook is the same byte for byte on every run.

The story: a mid-sized company's IT portfolio of 10 initiatives over 2024-2028 in three
portfolios (Infrastructure, Customer & Digital, Corporate Systems), reporting currency USD,
"as of" 2026-11-22 (AS_OF). Benefit realized values and cost actuals are recorded through
October 2026; November 2026 is planned but not yet measured or booked. Plans after 2026 are
quarterly (Jan, Apr, Jul, Oct) for monthly benefits; costs stay monthly.

Deliberate cases, for tests and demos (measures of SPEC section 4 at AS_OF; tests/test_sample.py
checks each one):

| case                                          | ids                                                    |
|-----------------------------------------------|--------------------------------------------------------|
| cash-releasing benefit (USD, unit_value 1)    | BEN-01, BEN-05, BEN-06, BEN-12, BEN-16, BEN-20, BEN-23 |
| non-cash-releasing, monetized per unit        | BEN-02, BEN-11, BEN-28 (hours x 55), BEN-14 (contacts x 6.5) |
| quantifiable flow, not monetized              | BEN-07 (tCO2e, planned and measured quarterly)         |
| qualitative (no measurements)                 | BEN-10, BEN-19, BEN-27, BEN-30                         |
| level measure: baseline, target, planned level | BEN-04 (availability %), BEN-13, BEN-15 (CSAT), BEN-17, BEN-22 |
| level measure, lower is better                | BEN-26 (days to close: baseline 9, target 4)           |
| dis-benefit (the only two)                    | BEN-03 (dual running, USD), BEN-25 (productivity dip, hours) |
| partial attribution                           | BEN-09 (60%), BEN-14 (80%)                             |
| months to date left unmeasured                | BEN-12: 2026-06, 2026-07, 2026-08 (and, like all, 2026-11) |
| well behind plan (lowest realization)         | BEN-23 (~11%: legacy ERP support still paid)           |
| ahead of plan (highest realization)           | BEN-11 (~124%: service-desk hours)                     |
| nothing planned to date (starts 2027-01)      | BEN-31, BEN-32 (realization_rate NULL)                 |
| cost overrun > 10% to date (the only one)     | INI-08 ERP upgrade (~ +16%)                            |
| cost overrun 5-10% (amber)                    | INI-01 Cloud migration (~ +6%)                         |
| cost on plan (within 5%)                      | INI-03 Zero-trust security (~ -2%), INI-07 (~0%)       |
| no exit cost planned (the only one)           | INI-09 Data platform                                   |
| planned cost with no actual booked to date    | INI-10 implementation 2026-09, 2026-10 (on hold)       |
| milestone done on time                        | MS-01, MS-05, MS-06, MS-07, MS-09, ... (15)            |
| milestone done late                           | MS-02, MS-11, MS-14, MS-16, MS-17, MS-31, ... (10)     |
| milestone overdue                             | MS-03, MS-27, MS-32, MS-39                             |
| milestone at risk                             | MS-04, MS-23, MS-24, MS-28, MS-33, MS-40               |
| milestone on track                            | MS-08, MS-12, MS-20 (no forecast), MS-36, MS-37        |
| KPI green                                     | KPI-01, KPI-07, KPI-08 and KPI-12 (both no threshold)  |
| KPI amber                                     | KPI-02, KPI-05, KPI-06, KPI-09, KPI-10, KPI-11, KPI-13, KPI-14 |
| KPI red with an open action (managed)         | KPI-04 (open ACT-05, overdue ACT-06)                   |
| KPI red, unmanaged (no open action)           | KPI-03 (only a done ACT-03 and a dropped ACT-04)       |
| KPI amber with an open action                 | KPI-02 (ACT-07)                                        |
| KPI stale                                     | KPI-09 (monthly, last 2026-07), KPI-11 (quarterly, last 2026-03) |
| KPI not stale though old                      | KPI-06 (annual, last 2025-12)                          |
| KPI card incomplete (the only one)            | KPI-13 (no rationale, no response)                     |
| action open, not yet due                      | ACT-05, ACT-07, ACT-16, ACT-20, ACT-21                 |
| action overdue (open, due before AS_OF)       | ACT-06, ACT-08, ACT-12, ACT-17                         |
| action done on time                           | ACT-01, ACT-02, ACT-09, ACT-10, ACT-13, ACT-14, ACT-15, ACT-19 |
| action done late                              | ACT-03, ACT-11, ACT-18                                 |
| action dropped                                | ACT-04                                                 |
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from realize.contract import schema  # noqa: E402
from realize.report.workbook import write_workbook  # noqa: E402

AS_OF = dt.date(2026, 11, 22)
LAST_RECORDED = dt.date(2026, 10, 1)  # last month with realized values and booked actuals
MONTHLY_PLAN_UNTIL = dt.date(2026, 12, 1)  # monthly benefit plans; quarterly after
HORIZON_END = dt.date(2028, 12, 1)
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "sample_portfolio.xlsx"

# A fixed, zero-mean ripple so recorded values look measured rather than computed.
RIPPLE = (1.00, 0.97, 1.03, 0.99, 1.02, 0.98, 1.04, 0.96, 1.01, 1.00, 0.98, 1.02)


def month(text: str) -> dt.date:
    year, number = text.split("-")
    return dt.date(int(year), int(number), 1)


def add_months(day: dt.date, count: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def month_range(first: dt.date, last: dt.date, step: int = 1) -> list[dt.date]:
    months = []
    current = first
    while current <= last:
        months.append(current)
        current = add_months(current, step)
    return months


def ripple(index: int, offset: int = 0) -> float:
    return RIPPLE[(index + offset) % len(RIPPLE)]


# --- Initiatives ------------------------------------------------------------------------------

INITIATIVES = (
    # columns in schema order: initiative_id, name, portfolio, owner, sponsor, objective, status, start, end
    ("INI-01", "Cloud migration", "Infrastructure", "Daniel Okafor", "Maya Chen",
     "Lower, more flexible infrastructure cost", "active", "2024-01-15", "2026-12-31"),
    ("INI-02", "Data-centre exit", "Infrastructure", "Nadia Haddad", "Robert Kim",
     "Lower, more flexible infrastructure cost", "active", "2025-01-06", "2027-06-30"),
    ("INI-03", "Zero-trust security", "Infrastructure", "Sofia Lindqvist", "Maya Chen",
     "Reduce cyber risk to within appetite", "active", "2024-06-03", "2026-12-18"),
    ("INI-04", "Service-desk automation", "Infrastructure", "Tomás Alvarez", "Maya Chen",
     "Faster, cheaper IT support", "closed", "2024-09-02", "2026-06-30"),
    ("INI-05", "Customer self-service portal", "Customer & Digital", "Priya Raman", "Olivia Grant",
     "Customers serve themselves online", "active", "2024-03-04", "2026-09-30"),
    ("INI-06", "Mobile app relaunch", "Customer & Digital", "Priya Raman", "Olivia Grant",
     "Customers serve themselves online", "active", "2025-04-01", "2027-03-31"),
    ("INI-07", "Contact-centre modernisation", "Customer & Digital", "Aisha Mensah", "Olivia Grant",
     "Resolve customer contacts first time", "active", "2025-02-03", "2026-12-31"),
    ("INI-08", "ERP upgrade", "Corporate Systems", "Hannah Weber", "Robert Kim",
     "A faster, cheaper finance close", "active", "2024-01-08", "2027-03-31"),
    ("INI-09", "Data platform", "Corporate Systems", "James Whitfield", "Maya Chen",
     "Decisions on trusted data", "active", "2024-07-01", "2027-06-30"),
    ("INI-10", "HR self-service", "Corporate Systems", "Elena Petrova", "Robert Kim",
     "Less HR administration", "on_hold", "2025-06-02", "2026-12-31"),
)  # fmt: skip


# --- Costs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CostPlan:
    """An initiative's TCO plan and how its actuals ran against it."""

    acquisitions: tuple[tuple[str, float, str, str, str], ...]  # month, amount, nature, vendor, note
    build: tuple[str, str, float, str]  # first month, last month, monthly amount, vendor
    run: tuple[str, float, float, str]  # first quarter month, first amount, full quarterly amount, vendor
    renewal: tuple[str, float, str] | None  # first month (then yearly), amount, vendor
    exits: tuple[tuple[str, float, str], ...]  # month, amount, note
    # actual / planned per category to date; build_from: month from which the build factor applies
    factors: dict[str, float] = field(default_factory=dict)
    build_from: str = "2024-01"
    not_booked: tuple[str, ...] = ()  # build months with planned cost but nothing booked


COST_PLANS = {
    "INI-01": CostPlan(
        acquisitions=(("2024-02", 250_000, "capex", "HashiCorp", "Landing-zone tooling"),),
        build=("2024-02", "2026-12", 95_000, "Accenture"),
        run=("2024-07", 60_000, 210_000, "Amazon Web Services"),
        renewal=("2025-01", 90_000, "Amazon Web Services"),
        exits=(("2028-10", 120_000, "Contract exit and data egress provision"),),
        factors={"implementation": 1.06, "operating": 1.12},
    ),
    "INI-02": CostPlan(
        acquisitions=(("2025-03", 180_000, "capex", "Equinix", "Colocation racks and cabling"),),
        build=("2025-02", "2027-06", 60_000, "Kyndryl"),
        run=("2025-07", 45_000, 45_000, "Equinix"),
        renewal=None,
        exits=(("2027-05", 150_000, "Hardware disposal"), ("2027-06", 200_000, "Lease surrender")),
        factors={"implementation": 0.95, "operating": 1.0},
    ),
    "INI-03": CostPlan(
        acquisitions=(
            ("2024-07", 420_000, "opex", "Zscaler", "Three-year subscription, prepaid"),
            ("2024-08", 150_000, "capex", "Yubico", "Hardware security keys"),
        ),
        build=("2024-06", "2026-12", 45_000, "Deloitte"),
        run=("2025-01", 30_000, 30_000, "Managed SOC partner"),
        renewal=("2027-07", 420_000, "Zscaler"),
        exits=(("2028-11", 40_000, "Contract exit provision"),),
        factors={"implementation": 1.0, "operating": 1.0},
    ),
    "INI-04": CostPlan(
        acquisitions=(("2024-10", 160_000, "opex", "ServiceNow", "ITSM and virtual-agent licences"),),
        build=("2024-09", "2026-06", 35_000, "ServiceNow partner"),
        run=("2025-07", 18_000, 18_000, "ServiceNow partner"),
        renewal=("2025-10", 160_000, "ServiceNow"),
        exits=(("2028-12", 25_000, "Contract exit provision"),),
        factors={"implementation": 0.96, "operating": 0.97},
    ),
    "INI-05": CostPlan(
        acquisitions=(("2024-04", 200_000, "capex", "Salesforce", "Experience Cloud set-up"),),
        build=("2024-03", "2026-09", 70_000, "Thoughtworks"),
        run=("2025-04", 40_000, 40_000, "Thoughtworks"),
        renewal=("2025-04", 110_000, "Salesforce"),
        exits=(("2028-12", 60_000, "Contract exit and data extraction"),),
        factors={"implementation": 1.03, "operating": 1.02},
    ),
    "INI-06": CostPlan(
        acquisitions=(("2025-05", 90_000, "capex", "Apple and Google", "Devices and developer accounts"),),
        build=("2025-04", "2027-03", 55_000, "Nimble Apps"),
        run=("2026-04", 25_000, 25_000, "Nimble Apps"),
        renewal=("2027-04", 30_000, "Nimble Apps"),
        exits=(("2028-12", 30_000, "Contract exit provision"),),
        factors={"implementation": 0.92, "operating": 0.95},
    ),
    "INI-07": CostPlan(
        acquisitions=(("2025-03", 240_000, "opex", "Genesys", "Cloud contact-centre licences, year 1"),),
        build=("2025-02", "2026-12", 50_000, "Genesys partner"),
        run=("2026-01", 55_000, 55_000, "Genesys partner"),
        renewal=("2026-03", 240_000, "Genesys"),
        exits=(("2028-12", 45_000, "Contract exit provision"),),
        factors={"implementation": 1.04, "operating": 1.03},
    ),
    "INI-08": CostPlan(
        acquisitions=(("2024-02", 1_200_000, "capex", "SAP", "S/4HANA licences"),),
        build=("2024-01", "2027-03", 160_000, "Systems integrator"),
        run=("2026-07", 90_000, 90_000, "SAP"),
        renewal=("2025-02", 260_000, "SAP"),
        exits=(("2028-12", 150_000, "Legacy ERP archive and decommissioning"),),
        factors={"implementation": 1.28, "operating": 1.1},
        build_from="2024-06",
    ),
    "INI-09": CostPlan(
        acquisitions=(("2024-08", 300_000, "opex", "Snowflake", "Capacity commitment, year 1"),),
        build=("2024-07", "2027-06", 65_000, "Slalom"),
        run=("2025-01", 30_000, 50_000, "Slalom"),
        renewal=("2025-08", 300_000, "Snowflake"),
        exits=(),
        factors={"implementation": 0.97, "operating": 0.98},
    ),
    "INI-10": CostPlan(
        acquisitions=(("2025-07", 150_000, "opex", "Workday", "Subscription, year 1"),),
        build=("2025-06", "2026-12", 40_000, "Workday partner"),
        run=("2026-04", 15_000, 15_000, "Workday partner"),
        renewal=("2026-07", 150_000, "Workday"),
        exits=(("2028-12", 20_000, "Contract exit provision"),),
        factors={"implementation": 1.0, "operating": 1.0},
        not_booked=("2026-09", "2026-10"),
    ),
}

DISCOVERY_MONTHS = 3  # the first build months are opex (discovery cannot be capitalised)


def cost_lines(initiative_id: str, plan: CostPlan) -> list[dict[str, object]]:
    lines: list[dict[str, object]] = []
    offset = int(initiative_id[-2:])

    def add(period: dt.date, category: str, nature: str, planned: float, vendor: str | None, note: str) -> None:
        lines.append(
            {
                "initiative_id": initiative_id,
                "period": period,
                "category": category,
                "nature": nature,
                "planned": float(planned),
                "actual": booked(period, category, planned),
                "vendor": vendor,
                "note": note,
            }
        )

    def booked(period: dt.date, category: str, planned: float) -> float | None:
        if period > LAST_RECORDED:
            return None
        if category == "implementation" and period.strftime("%Y-%m") in plan.not_booked:
            return None
        factor = plan.factors.get(category, 1.0)
        if category == "implementation" and period < month(plan.build_from):
            factor = 1.0
        if category in ("implementation", "operating"):
            factor *= ripple(period.month, offset)
        return float(round(planned * factor, -2))

    for when, amount, nature, vendor, note in plan.acquisitions:
        add(month(when), "acquisition", nature, amount, vendor, note)
    first, last, monthly, vendor = plan.build
    for index, period in enumerate(month_range(month(first), month(last))):
        nature = "opex" if index < DISCOVERY_MONTHS else "capex"
        add(period, "implementation", nature, monthly, vendor, "Discovery" if nature == "opex" else "Build")
    first_run, first_amount, full_amount, vendor = plan.run
    for index, period in enumerate(month_range(month(first_run), HORIZON_END, 3)):
        amount = first_amount + (full_amount - first_amount) * min(index, 4) / 4
        add(period, "operating", "opex", round(amount, -3), vendor, "Quarterly run cost")
    if plan.renewal is not None:
        first_renewal, amount, vendor = plan.renewal
        for period in month_range(month(first_renewal), HORIZON_END, 12):
            add(period, "renewal", "opex", amount, vendor, "Annual renewal")
    for when, amount, note in plan.exits:
        add(month(when), "exit", "opex", amount, None, note)
    return lines


PROJECT_CATEGORIES = ("acquisition", "implementation")


def budget(initiative_id: str) -> float:
    """The approved budget: the project's planned cost (acquisition, implementation) rounded up to 50k."""
    lines = cost_lines(initiative_id, COST_PLANS[initiative_id])
    project = sum(float(line["planned"]) for line in lines if line["category"] in PROJECT_CATEGORIES)  # type: ignore[arg-type]
    return float(-(-project // 50_000) * 50_000)


def initiative_rows() -> list[dict[str, object]]:
    return [row | {"budget": budget(str(row["initiative_id"]))} for row in records("initiatives", INITIATIVES)]


# --- Benefits ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Benefit:
    benefit_id: str
    initiative_id: str
    name: str
    type: str
    perspective: str | None
    owner: str
    unit: str | None
    description: str
    measure: str = "flow"
    baseline: float | None = None
    target: float | None = None  # level measures; flows get their planned total
    unit_value: float | None = None
    attribution_pct: float = 100.0
    disbenefit: bool = False
    # the profile: first period, periods to reach full, value per period at full, months per period
    start: str | None = None
    ramp: int = 1
    full: float = 0.0
    step: int = 1
    end: str | None = None  # last planned period (default: end of 2028, 2027 for levels)
    factor: float = 1.0  # realized / planned
    decimals: int = 0  # rounding of realized values (negative: to tens, hundreds)
    gaps: tuple[str, ...] = ()  # months to date deliberately left unmeasured
    realized: dict[str, float] = field(default_factory=dict)  # recorded values that replace factor
    planned: dict[str, float] = field(default_factory=dict)  # an explicit planned profile
    source: str = ""


BENEFITS = (
    # INI-01 Cloud migration
    Benefit("BEN-01", "INI-01", "Data-centre hosting costs avoided", "cash_releasing", "financial",
            "Hannah Weber", "USD", "Hosting, hardware and power costs no longer paid for migrated workloads.",
            unit_value=1, start="2025-01", ramp=12, full=150_000, factor=0.93, decimals=-2,
            source="Finance ledger: data-centre cost centre vs run-rate"),
    Benefit("BEN-02", "INI-01", "Infrastructure engineer hours released", "non_cash_releasing", "internal_process",
            "Daniel Okafor", "hours", "Hours no longer spent patching and racking servers, moved to platform work.",
            unit_value=55, start="2025-04", ramp=9, full=1_200, factor=0.88, decimals=-1,
            source="Timesheets, infrastructure team"),
    Benefit("BEN-03", "INI-01", "Dual running of data centre and cloud", "cash_releasing", "financial",
            "Hannah Weber", "USD", "Paying for both platforms while workloads move: a dis-benefit.",
            unit_value=1, disbenefit=True, start="2024-07", end="2026-12", full=38_000, factor=1.18, decimals=-2,
            source="Finance ledger: duplicate hosting"),
    Benefit("BEN-04", "INI-01", "Availability of migrated services", "quantifiable", "customer",
            "Nadia Haddad", "%", "Monthly availability of customer-facing services on the new platform.",
            measure="level", baseline=99.5, target=99.95, start="2024-07", ramp=24, factor=0.9, decimals=2,
            source="Monitoring: availability report"),
    # INI-02 Data-centre exit
    Benefit("BEN-05", "INI-02", "Data-centre lease, power and cooling avoided", "cash_releasing", "financial",
            "Hannah Weber", "USD", "Lease, power and cooling no longer paid as halls close.",
            unit_value=1, start="2026-01", ramp=18, full=120_000, factor=0.97, decimals=-2,
            source="Facilities invoices"),
    Benefit("BEN-06", "INI-02", "Hardware maintenance contracts cancelled", "cash_releasing", "financial",
            "Nadia Haddad", "USD", "Maintenance on retired servers and storage no longer paid.",
            unit_value=1, start="2025-07", ramp=6, full=22_000, factor=1.02, decimals=-2,
            source="Procurement: cancelled contracts"),
    Benefit("BEN-07", "INI-02", "Carbon emissions avoided", "quantifiable", None,
            "Nadia Haddad", "tCO2e", "Emissions avoided by closing data-centre halls, reported quarterly.",
            start="2025-07", ramp=6, full=95, step=3, factor=0.85,
            source="Facilities energy report"),
    # INI-03 Zero-trust security
    Benefit("BEN-08", "INI-03", "Security incidents avoided", "non_cash_releasing", "internal_process",
            "Sofia Lindqvist", "incidents", "Incidents avoided against the 2023 rate, valued at the average "
            "cost of an incident (40,000 USD).",
            unit_value=40_000, start="2025-01", ramp=4, full=6, step=3, factor=0.9,
            source="Security incident register"),
    Benefit("BEN-09", "INI-03", "Cyber-insurance premium reduction", "cash_releasing", "financial",
            "Hannah Weber", "USD", "Lower annual premium; the insurer credits other controls too, so 60% "
            "is attributed to this initiative.",
            unit_value=1, attribution_pct=60, start="2025-10", full=160_000, step=12, factor=0.95, decimals=-3,
            source="Insurance renewal"),
    Benefit("BEN-10", "INI-03", "Stronger regulatory and audit standing", "qualitative", "customer",
            "Sofia Lindqvist", None, "Fewer audit findings on access control; judged at each annual audit."),
    # INI-04 Service-desk automation
    Benefit("BEN-11", "INI-04", "Service-desk agent hours saved", "non_cash_releasing", "internal_process",
            "Tomás Alvarez", "hours", "Hours saved by automated routing and password resets.",
            unit_value=55, start="2025-04", ramp=9, full=1_500, factor=1.32, decimals=-1,
            source="ServiceNow: automated resolutions x average handling time"),
    Benefit("BEN-12", "INI-04", "Contractor service-desk seats released", "cash_releasing", "financial",
            "Hannah Weber", "USD", "Contractor seats no longer needed on the service desk.",
            unit_value=1, start="2025-07", ramp=6, full=48_000, factor=0.98, decimals=-2,
            gaps=("2026-06", "2026-07", "2026-08"), source="Contractor invoices"),
    Benefit("BEN-13", "INI-04", "Employee satisfaction with IT support", "quantifiable", "customer",
            "Tomás Alvarez", "score 1-5", "Quarterly staff survey, average score.",
            measure="level", baseline=3.4, target=4.2, start="2025-01", ramp=6, step=3, factor=0.95, decimals=2,
            source="Quarterly staff survey"),
    # INI-05 Customer self-service portal
    Benefit("BEN-14", "INI-05", "Call-centre contacts deflected to self-service", "non_cash_releasing", "customer",
            "Aisha Mensah", "contacts", "Contacts resolved online instead of by phone, at 6.50 USD per contact; "
            "marketing campaigns share the credit (80% attributed).",
            unit_value=6.5, attribution_pct=80, start="2025-05", ramp=12, full=20_000, factor=0.9, decimals=-1,
            source="Web analytics and telephony volumes"),
    Benefit("BEN-15", "INI-05", "Customer satisfaction with online service", "quantifiable", "customer",
            "Aisha Mensah", "score", "Monthly CSAT survey of portal users (0-100).",
            measure="level", baseline=72, target=82, start="2025-05", ramp=18, factor=0.85, decimals=1,
            source="CSAT survey"),
    Benefit("BEN-16", "INI-05", "Paper and postage costs avoided", "cash_releasing", "financial",
            "Hannah Weber", "USD", "Paper statements replaced by online statements.",
            unit_value=1, start="2025-11", ramp=6, full=18_000, factor=1.05, decimals=-2,
            source="Print and postage invoices"),
    # INI-06 Mobile app relaunch
    Benefit("BEN-17", "INI-06", "App store rating", "quantifiable", "customer",
            "Priya Raman", "stars", "Average rating across app stores.",
            measure="level", baseline=3.1, target=4.5, start="2026-07", ramp=9, factor=0.8, decimals=1,
            source="App store consoles"),
    Benefit("BEN-18", "INI-06", "Branch and phone transactions moved to the app", "non_cash_releasing",
            "customer", "Aisha Mensah", "transactions", "Transactions done in the app, at 2.40 USD each.",
            unit_value=2.4, start="2026-07", ramp=12, full=40_000, factor=0.75, decimals=-2,
            source="App analytics"),
    Benefit("BEN-19", "INI-06", "Stronger brand with younger customers", "qualitative", "customer",
            "Olivia Grant", None, "Brand tracker, reviewed twice a year."),
    # INI-07 Contact-centre modernisation
    Benefit("BEN-20", "INI-07", "Telephony licences and line rental saved", "cash_releasing", "financial",
            "Hannah Weber", "USD", "Legacy telephony licences and lines no longer paid.",
            unit_value=1, start="2026-01", ramp=6, full=32_000, factor=0.96, decimals=-2,
            source="Telecoms invoices"),
    Benefit("BEN-21", "INI-07", "Agent handling time saved", "non_cash_releasing", "internal_process",
            "Aisha Mensah", "hours", "Shorter handling time with unified agent desktop, at 38 USD per hour.",
            unit_value=38, start="2026-02", ramp=10, full=2_200, factor=0.82, decimals=-1,
            source="Genesys handling-time report"),
    Benefit("BEN-22", "INI-07", "First-contact resolution", "quantifiable", "customer",
            "Aisha Mensah", "%", "Share of contacts resolved in the first contact.",
            measure="level", baseline=68, target=80, start="2026-01", ramp=12, factor=0.7, decimals=1,
            source="Genesys resolution report"),
    # INI-08 ERP upgrade
    Benefit("BEN-23", "INI-08", "Legacy ERP support contract ended", "cash_releasing", "financial",
            "Hannah Weber", "USD", "Support for the old ERP ends after go-live; extended while wave 2 is late.",
            unit_value=1, start="2026-07", full=95_000, decimals=-2,
            realized={"2026-07": 0, "2026-08": 0, "2026-09": 25_000, "2026-10": 25_000},
            source="Legacy support invoices"),
    Benefit("BEN-24", "INI-08", "Month-end close effort saved", "non_cash_releasing", "internal_process",
            "Hannah Weber", "hours", "Finance hours saved each month-end.",
            unit_value=55, start="2026-07", ramp=6, full=2_000, decimals=-1,
            realized={"2026-07": 0, "2026-08": 0, "2026-09": 420, "2026-10": 760},
            source="Finance timesheets"),
    Benefit("BEN-25", "INI-08", "Finance productivity dip after go-live", "non_cash_releasing", "internal_process",
            "Lukas Novak", "hours", "Hours lost while finance staff learn the new ERP: a dis-benefit.",
            unit_value=55, disbenefit=True,
            planned={"2026-07": 1_200, "2026-08": 900, "2026-09": 600, "2026-10": 300},
            realized={"2026-07": 0, "2026-08": 0, "2026-09": 1_600, "2026-10": 1_300},
            source="Finance timesheets"),
    Benefit("BEN-26", "INI-08", "Days to close the books", "quantifiable", "internal_process",
            "Hannah Weber", "days", "Working days from month-end to closed books.",
            measure="level", baseline=9, target=4, start="2026-07", ramp=9,
            realized={"2026-07": 9, "2026-08": 9, "2026-09": 8, "2026-10": 7},
            source="Finance close calendar"),
    Benefit("BEN-27", "INI-08", "Single source of financial truth", "qualitative", "financial",
            "Robert Kim", None, "One ledger and one set of reports; judged by the audit committee."),
    # INI-09 Data platform
    Benefit("BEN-28", "INI-09", "Report production hours saved", "non_cash_releasing", "internal_process",
            "James Whitfield", "hours", "Analyst hours no longer spent assembling spreadsheets.",
            unit_value=55, start="2025-04", ramp=12, full=2_000, factor=0.92, decimals=-1,
            source="Analytics team timesheets"),
    Benefit("BEN-29", "INI-09", "Legacy BI licences retired", "cash_releasing", "financial",
            "Hannah Weber", "USD", "Licences of the old BI tool cancelled, billed quarterly.",
            unit_value=1, start="2026-01", full=36_000, step=3, factor=1.0, decimals=-2,
            source="Licence invoices"),
    Benefit("BEN-30", "INI-09", "Better-informed pricing decisions", "qualitative", "customer",
            "Olivia Grant", None, "Pricing committee uses the data platform; reviewed yearly."),
    # INI-10 HR self-service
    Benefit("BEN-31", "INI-10", "HR administration hours saved", "non_cash_releasing", "internal_process",
            "Elena Petrova", "hours", "Hours saved by employees updating their own records, at 48 USD per hour.",
            unit_value=48, start="2027-01", ramp=6, full=1_500, source="HR case system"),
    Benefit("BEN-32", "INI-10", "Payroll error corrections avoided", "cash_releasing", "financial",
            "Elena Petrova", "USD", "Off-cycle payroll runs no longer needed.",
            unit_value=1, start="2027-01", ramp=6, full=9_000, source="Payroll"),
)  # fmt: skip


def planned_profile(benefit: Benefit) -> dict[dt.date, float]:
    """Planned value per period: monthly to 2026, then quarterly sums (flow) or levels."""
    if benefit.planned:
        return {month(key): float(value) for key, value in benefit.planned.items()}
    if benefit.start is None:
        return {}
    default_end = "2027-12" if benefit.measure == "level" else "2028-12"
    periods = month_range(month(benefit.start), month(benefit.end or default_end), benefit.step)
    profile: dict[dt.date, float] = {}
    for index, period in enumerate(periods):
        share = min(1.0, (index + 1) / benefit.ramp)
        if benefit.measure == "level":
            value = benefit.baseline + (benefit.target - benefit.baseline) * share  # type: ignore[operator]
        else:
            value = benefit.full * share
        bucket = period
        if benefit.step == 1 and period > MONTHLY_PLAN_UNTIL:
            bucket = add_months(period, -((period.month - 1) % 3))  # plan by calendar quarter
        value = round(value, benefit.decimals)
        if benefit.measure == "level":
            profile.setdefault(bucket, value)
        else:
            profile[bucket] = profile.get(bucket, 0.0) + value
    return {period: float(value) for period, value in profile.items()}


def recorded(benefit: Benefit, period: dt.date, planned: float, index: int) -> float | None:
    """The realized value recorded for a period, or None when not (yet) measured."""
    key = period.strftime("%Y-%m")
    if key in benefit.realized:
        return float(benefit.realized[key])
    period_end = add_months(period, benefit.step - 1) if benefit.step == 3 else period
    if period_end > LAST_RECORDED or key in benefit.gaps:
        return None
    offset = int(benefit.benefit_id[-2:])
    if benefit.measure == "level":
        spread = abs(benefit.target - benefit.baseline) * 0.3  # type: ignore[operator]
        value = benefit.baseline + (planned - benefit.baseline) * benefit.factor  # type: ignore[operator]
        return round(value + (ripple(index, offset) - 1) * spread, benefit.decimals)
    return float(round(planned * benefit.factor * ripple(index, offset), benefit.decimals))


def measurement_rows(benefit: Benefit) -> list[dict[str, object]]:
    rows = []
    for index, (period, planned) in enumerate(sorted(planned_profile(benefit).items())):
        realized = recorded(benefit, period, planned, index)
        if realized is not None:
            note = benefit.source
        elif period <= LAST_RECORDED:
            note = "Not reported yet: chase the benefit owner"
        else:
            note = None
        rows.append(
            {"benefit_id": benefit.benefit_id, "period": period, "planned": planned, "realized": realized, "note": note}
        )
    return rows


def benefit_row(benefit: Benefit) -> dict[str, object]:
    target = benefit.target
    if benefit.measure == "flow" and (benefit.start is not None or benefit.planned):
        target = round(sum(planned_profile(benefit).values()), 2)
    return {
        "benefit_id": benefit.benefit_id,
        "initiative_id": benefit.initiative_id,
        "name": benefit.name,
        "type": benefit.type,
        "perspective": benefit.perspective,
        "owner": benefit.owner,
        "unit": benefit.unit,
        "measure": benefit.measure,
        "baseline": benefit.baseline,
        "target": target,
        "unit_value": benefit.unit_value,
        "attribution_pct": benefit.attribution_pct,
        "disbenefit": benefit.disbenefit,
        "description": benefit.description,
    }


# --- Milestones -------------------------------------------------------------------------------

MILESTONES = (
    # columns in schema order: id, initiative, name, owner, baseline, forecast, actual
    ("MS-01", "INI-01", "Landing zone ready", "Nadia Haddad", "2024-04-30", "2024-04-26", "2024-04-26"),
    ("MS-02", "INI-01", "First 100 workloads migrated", "Nadia Haddad", "2025-03-31", "2025-05-16", "2025-05-16"),
    ("MS-03", "INI-01", "Remaining 250 workloads migrated", "Nadia Haddad", "2026-09-30", "2026-12-15", None),
    ("MS-04", "INI-01", "Migration closed and handed to operations", "Daniel Okafor", "2026-12-31", "2027-02-26",
     None),
    ("MS-05", "INI-02", "Exit plan approved", "Nadia Haddad", "2025-03-31", "2025-03-28", "2025-03-28"),
    ("MS-06", "INI-02", "Network cut over to colocation", "Nadia Haddad", "2025-11-30", "2025-11-20", "2025-11-20"),
    ("MS-07", "INI-02", "Hall B decommissioned", "Nadia Haddad", "2026-10-31", "2026-10-29", "2026-10-29"),
    ("MS-08", "INI-02", "Lease surrendered", "Robert Kim", "2027-06-30", "2027-06-30", None),
    ("MS-09", "INI-03", "Multi-factor authentication for all staff", "Sofia Lindqvist", "2024-10-31", "2024-10-18",
     "2024-10-18"),
    ("MS-10", "INI-03", "Privileged access management live", "Sofia Lindqvist", "2025-06-30", "2025-06-27",
     "2025-06-27"),
    ("MS-11", "INI-03", "Legacy VPN switched off", "Sofia Lindqvist", "2026-09-30", "2026-11-03", "2026-11-03"),
    ("MS-12", "INI-03", "Data-centre network micro-segmented", "Sofia Lindqvist", "2026-12-18", "2026-12-11", None),
    ("MS-13", "INI-04", "ServiceNow live", "Tomás Alvarez", "2025-03-31", "2025-03-24", "2025-03-24"),
    ("MS-14", "INI-04", "Virtual agent handles password resets", "Tomás Alvarez", "2025-09-30", "2025-10-14",
     "2025-10-14"),
    ("MS-15", "INI-04", "Self-service catalogue complete", "Tomás Alvarez", "2026-03-31", "2026-03-31", "2026-03-31"),
    ("MS-16", "INI-04", "Project closure report", "Tomás Alvarez", "2026-06-30", "2026-07-10", "2026-07-10"),
    ("MS-17", "INI-05", "Portal MVP launched", "Priya Raman", "2025-03-31", "2025-04-22", "2025-04-22"),
    ("MS-18", "INI-05", "Billing and payments self-service", "Priya Raman", "2025-10-31", "2025-10-30", "2025-10-30"),
    ("MS-19", "INI-05", "Legacy web forms retired", "Priya Raman", "2026-09-30", "2026-09-25", "2026-09-25"),
    ("MS-20", "INI-05", "Post-implementation benefits review", "Aisha Mensah", "2027-03-31", None, None),
    ("MS-21", "INI-06", "Design and architecture signed off", "Priya Raman", "2025-07-31", "2025-08-08",
     "2025-08-08"),
    ("MS-22", "INI-06", "Beta release to 5,000 customers", "Priya Raman", "2026-06-30", "2026-06-26", "2026-06-26"),
    ("MS-23", "INI-06", "Public launch on iOS and Android", "Priya Raman", "2026-11-30", "2027-01-29", None),
    ("MS-24", "INI-06", "Legacy app withdrawn", "Priya Raman", "2027-03-31", "2027-04-30", None),
    ("MS-25", "INI-07", "Cloud contact-centre contract signed", "Aisha Mensah", "2025-03-15", "2025-03-12",
     "2025-03-12"),
    ("MS-26", "INI-07", "First site migrated", "Aisha Mensah", "2025-12-31", "2026-01-20", "2026-01-20"),
    ("MS-27", "INI-07", "All sites migrated", "Aisha Mensah", "2026-10-31", "2026-12-04", None),
    ("MS-28", "INI-07", "Old telephony platform decommissioned", "Aisha Mensah", "2026-12-31", "2027-01-31", None),
    ("MS-29", "INI-08", "Design authority sign-off", "Lukas Novak", "2024-06-28", "2024-07-26", "2024-07-26"),
    ("MS-30", "INI-08", "Data migration rehearsal 3 passed", "Lukas Novak", "2026-03-31", "2026-05-15",
     "2026-05-15"),
    ("MS-31", "INI-08", "Go-live wave 1: finance", "Lukas Novak", "2026-06-30", "2026-09-07", "2026-09-07"),
    ("MS-32", "INI-08", "Go-live wave 2: supply chain", "Lukas Novak", "2026-10-31", "2027-02-26", None),
    ("MS-33", "INI-08", "Legacy ERP switched off", "Hannah Weber", "2027-03-31", "2027-06-30", None),
    ("MS-34", "INI-09", "Platform foundation live", "James Whitfield", "2024-12-20", "2024-12-18", "2024-12-18"),
    ("MS-35", "INI-09", "Finance reporting migrated", "James Whitfield", "2025-09-30", "2025-09-30", "2025-09-30"),
    ("MS-36", "INI-09", "Customer 360 data product released", "James Whitfield", "2026-11-30", "2026-11-27", None),
    ("MS-37", "INI-09", "Legacy BI switched off", "James Whitfield", "2027-06-30", "2027-06-30", None),
    ("MS-38", "INI-10", "Workday tenant configured", "Elena Petrova", "2025-12-19", "2025-12-12", "2025-12-12"),
    ("MS-39", "INI-10", "Pilot with 500 employees", "Elena Petrova", "2026-08-31", "2026-12-15", None),
    ("MS-40", "INI-10", "Rollout to all employees", "Elena Petrova", "2026-12-31", "2027-04-30", None),
)  # fmt: skip


# --- KPIs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kpi:
    kpi_id: str
    name: str
    perspective: str
    theme: str
    initiative_id: str | None
    owner: str
    unit: str
    direction: str
    target: float
    threshold: float | None
    frequency: str
    indicator: str
    definition: str | None
    rationale: str | None
    response: str | None
    # values: first and last period, first and last value (a path between them with a ripple)
    first: str = "2025-01"
    last: str = "2026-10"
    start_value: float = 0.0
    end_value: float = 0.0
    decimals: int = 1
    values: dict[str, float] = field(default_factory=dict)  # explicit values instead of a path


MONTHLY, QUARTERLY, ANNUAL = "monthly", "quarterly", "annual"

KPIS = (
    Kpi("KPI-01", "Service availability", "customer", "reliability", "INI-01", "Nadia Haddad", "%",
        "higher_is_better", 99.9, 99.5, MONTHLY, "lagging",
        "Minutes customer-facing services were up / minutes in the month, from synthetic monitoring.",
        "Customers leave when online services are down; it tells us whether the cloud platform is ready.",
        "Below 99.9: incident review within a week. Below 99.5: architecture review and a recovery plan.",
        start_value=99.62, end_value=99.94, decimals=2),
    Kpi("KPI-02", "Mean time to restore service", "internal_process", "reliability", "INI-04", "Tomás Alvarez",
        "hours", "lower_is_better", 4, 8, MONTHLY, "lagging",
        "Average hours from a priority 1 or 2 incident being raised to service restored, from ServiceNow.",
        "Shows whether support and runbooks keep outages short.",
        "Above 4 h: review the slowest incidents. Above 8 h: major-incident process audit.",
        start_value=9.5, end_value=5.6),
    Kpi("KPI-03", "Open high-risk vulnerabilities", "internal_process", "risk", "INI-03", "Sofia Lindqvist",
        "count", "lower_is_better", 10, 25, MONTHLY, "leading",
        "High and critical vulnerabilities open for more than 30 days at month-end, from the scanner.",
        "Predicts breach likelihood; tells us whether patching keeps up.",
        "Above 10: remediation sprint. Above 25: escalate to the risk committee and freeze non-urgent change."),
    Kpi("KPI-04", "Change failure rate", "internal_process", "delivery", "INI-01", "Daniel Okafor", "%",
        "lower_is_better", 15, 25, MONTHLY, "leading",
        "Changes that caused an incident or rollback / all changes in the month.",
        "Predicts outages; tells us whether we can release faster safely.",
        "Above 15: review failed changes. Above 25: stop non-standard changes until tests are added.",
        start_value=18, end_value=29),
    Kpi("KPI-05", "Benefits realization rate", "financial", "value", None, "Hannah Weber", "%",
        "higher_is_better", 90, 75, QUARTERLY, "lagging",
        "Realized / planned monetized benefit to date across the portfolio, at each quarter-end.",
        "Whether investments pay back as promised; informs the next funding round.",
        "Below 90: benefit owners present recovery plans. Below 75: re-approve the business cases.",
        values={"2025-03": 71, "2025-06": 76, "2025-09": 80, "2025-12": 83, "2026-03": 85, "2026-06": 82,
                "2026-09": 84}),
    Kpi("KPI-06", "IT run cost as share of revenue", "financial", "cost", None, "Robert Kim", "%",
        "lower_is_better", 3.5, 4.0, ANNUAL, "lagging",
        "IT operating cost / company revenue for the financial year.",
        "Benchmarks IT cost against peers; informs the budget.",
        "Above 3.5: cost review in the budget round. Above 4: savings programme.",
        values={"2024-12": 4.1, "2025-12": 3.8}),
    Kpi("KPI-07", "Cloud cost per workload", "financial", "cost", "INI-01", "Nadia Haddad", "USD per month",
        "lower_is_better", 850, 1000, MONTHLY, "leading",
        "Monthly cloud bill / workloads running in the cloud.",
        "Shows whether migration keeps unit costs down as volume grows.",
        "Above 850: rightsizing review. Above 1000: reserved-capacity purchase and tagging audit.",
        start_value=1180, end_value=820, decimals=0),
    Kpi("KPI-08", "Digital customer satisfaction", "customer", "customer", "INI-05", "Aisha Mensah", "score",
        "higher_is_better", 80, None, MONTHLY, "lagging",
        "Average CSAT (0-100) of customers who used the portal or app in the month.",
        "Self-service only pays if customers like it enough to come back.",
        "Below 80: usability review of the three worst journeys.",
        start_value=72, end_value=81),
    Kpi("KPI-09", "Self-service share of transactions", "customer", "adoption", "INI-05", "Priya Raman", "%",
        "higher_is_better", 60, 45, MONTHLY, "leading",
        "Transactions done on the portal or app / all customer transactions.",
        "Leads call-centre savings by a quarter.",
        "Below 60: promote self-service on bills and calls. Below 45: revisit the channel strategy.",
        last="2026-07", start_value=31, end_value=52),
    Kpi("KPI-10", "Finance staff trained on the new ERP", "learning_growth", "people", "INI-08", "Lukas Novak", "%",
        "higher_is_better", 95, 80, MONTHLY, "leading",
        "Finance staff who passed ERP training / all finance staff.",
        "Untrained staff slow the close after go-live.",
        "Below 95: extra sessions. Below 80: delay the next go-live wave.",
        first="2025-10", start_value=20, end_value=88, decimals=0),
    Kpi("KPI-11", "Engineers with a cloud certification", "learning_growth", "skills", "INI-01", "Nadia Haddad",
        "%", "higher_is_better", 60, 40, QUARTERLY, "leading",
        "Certified infrastructure engineers / all infrastructure engineers, each quarter.",
        "We cannot run the cloud platform safely without the skills.",
        "Below 60: fund vouchers. Below 40: buy managed services while we train.",
        values={"2024-12": 22, "2025-03": 28, "2025-06": 33, "2025-09": 38, "2025-12": 41, "2026-03": 44}),
    Kpi("KPI-12", "IT staff attrition", "learning_growth", "people", None, "Maya Chen", "%", "lower_is_better",
        12, None, MONTHLY, "lagging",
        "Leavers in the last 12 months / average IT headcount.",
        "Losing people loses the knowledge the programmes depend on.",
        "Above 12: stay interviews and a pay benchmark.",
        start_value=14.5, end_value=10.8),
    Kpi("KPI-13", "Milestones delivered on time", "internal_process", "delivery", None, "Maya Chen", "%",
        "higher_is_better", 90, 75, MONTHLY, "lagging",
        "Milestones achieved by their baseline date / milestones due, rolling 12 months.",
        None, None,
        start_value=70, end_value=78, decimals=0),
    Kpi("KPI-14", "Phishing simulation click rate", "learning_growth", "risk", "INI-03", "Sofia Lindqvist", "%",
        "lower_is_better", 5, 10, QUARTERLY, "leading",
        "Staff who clicked the quarterly simulated phishing email / staff who received it.",
        "Predicts how likely a real phishing attack succeeds.",
        "Above 5: targeted training. Above 10: mandatory training for all staff.",
        values={"2025-03": 14, "2025-06": 12, "2025-09": 10.5, "2025-12": 9, "2026-03": 8.1, "2026-06": 7.2,
                "2026-09": 6.4}),
)  # fmt: skip

# Open high-risk vulnerabilities: fell after a remediation sprint, then rose again (red at as-of).
VULNERABILITY_PATH = (42, 44, 40, 41, 38, 35, 30, 26, 22, 21, 19, 18, 18, 17, 16, 18, 19, 21, 24, 26, 28, 31)


def kpi_values(kpi: Kpi) -> dict[dt.date, float]:
    if kpi.kpi_id == "KPI-03":
        return dict(zip(month_range(month(kpi.first), month(kpi.last)), map(float, VULNERABILITY_PATH), strict=True))
    if kpi.values:
        return {month(key): float(value) for key, value in kpi.values.items()}
    periods = month_range(month(kpi.first), month(kpi.last))
    offset = int(kpi.kpi_id[-2:])
    span = kpi.end_value - kpi.start_value
    values = {}
    for index, period in enumerate(periods):
        trend = kpi.start_value + span * index / (len(periods) - 1)
        wobble = 0.0 if index == len(periods) - 1 else (ripple(index, offset) - 1) * abs(span) * 0.6
        values[period] = round(trend + wobble, kpi.decimals)
    return values


KPI_NOTES = {"KPI-09": "Analytics tag broken by the August release: no data since"}


def kpi_value_rows(kpi: Kpi) -> list[dict[str, object]]:
    values = kpi_values(kpi)
    last, note = max(values), KPI_NOTES.get(kpi.kpi_id)
    return [
        {"kpi_id": kpi.kpi_id, "period": period, "value": value, "note": note if period == last else None}
        for period, value in values.items()
    ]


# --- Actions ----------------------------------------------------------------------------------

ACTIONS = (
    # schema order: id, title, owner, raised_on, due_date, status, closed_on, initiative, kpi, benefit, outcome
    ("ACT-01", "Agree cloud cost guardrails and a tagging policy", "Nadia Haddad", "2025-03-18", "2025-05-31",
     "done", "2025-05-22", "INI-01", "KPI-07", None, "Untagged spend down from 18% to 3%; cost per workload falling"),
    ("ACT-02", "Add a second availability zone for customer-facing services", "Daniel Okafor", "2025-07-15",
     "2025-10-31", "done", "2025-10-24", "INI-01", "KPI-01", None, "Availability has risen every month since"),
    ("ACT-03", "Run a remediation sprint on internet-facing servers", "Sofia Lindqvist", "2025-03-18",
     "2025-06-30", "done", "2025-08-12", "INI-03", "KPI-03", None, "High-risk vulnerabilities fell from 40 to 22"),
    ("ACT-04", "Buy a third-party vulnerability management service", "Sofia Lindqvist", "2026-03-17",
     "2026-06-30", "dropped", "2026-05-19", None, "KPI-03", None, "Dropped: budget moved to the zero-trust rollout"),
    ("ACT-05", "Add automated pre-deployment tests for the top 20 services", "Daniel Okafor", "2026-09-15",
     "2026-12-31", "open", None, "INI-01", "KPI-04", None, None),
    ("ACT-06", "Root-cause review of the failed changes in September", "Nadia Haddad", "2026-10-20",
     "2026-11-14", "open", None, None, "KPI-04", None, None),
    ("ACT-07", "Put major-incident runbooks into ServiceNow", "Tomás Alvarez", "2026-09-15", "2026-12-15",
     "open", None, "INI-04", "KPI-02", None, None),
    ("ACT-08", "Re-plan ERP wave 2 go-live with the systems integrator", "Lukas Novak", "2026-09-15",
     "2026-10-31", "open", None, "INI-08", None, None, None),
    ("ACT-09", "Claim service credits for the systems integrator's delays", "Hannah Weber", "2026-07-21",
     "2026-09-30", "done", "2026-09-24", "INI-08", None, None, "USD 180,000 credit agreed"),
    ("ACT-10", "Extend legacy ERP support to March 2027", "Hannah Weber", "2026-05-19", "2026-06-30", "done",
     "2026-06-26", "INI-08", None, "BEN-23", "No unsupported period; the support saving moves out"),
    ("ACT-11", "Add evening ERP training sessions for finance staff", "Lukas Novak", "2026-07-21", "2026-08-31",
     "done", "2026-09-10", "INI-08", "KPI-10", None, "Trained share up from 69% in July to 88% in October"),
    ("ACT-12", "Fix portal analytics so self-service share is measured again", "Priya Raman", "2026-10-20",
     "2026-11-07", "open", None, None, "KPI-09", None, None),
    ("ACT-13", "Promote the portal on paper bills", "Aisha Mensah", "2025-11-18", "2026-01-31", "done",
     "2026-01-28", "INI-05", None, "BEN-14", "Deflected contacts up 15% in February"),
    ("ACT-14", "Agree the contractor exit plan for the service desk", "Tomás Alvarez", "2025-05-20",
     "2025-07-31", "done", "2025-07-30", "INI-04", None, "BEN-12", "Seats released on plan from July"),
    ("ACT-15", "Fund cloud certification vouchers for 40 engineers", "Daniel Okafor", "2026-01-20", "2026-03-31",
     "done", "2026-03-20", None, "KPI-11", None, "32 vouchers used by March"),
    ("ACT-16", "Decide whether to restart the HR self-service rollout", "Elena Petrova", "2026-10-20",
     "2026-12-15", "open", None, "INI-10", None, None, None),
    ("ACT-17", "Recovery plan for the last two contact-centre sites", "Aisha Mensah", "2026-10-20", "2026-11-20",
     "open", None, "INI-07", None, None, None),
    ("ACT-18", "Publish benefits evidence for the quarterly review", "Hannah Weber", "2026-09-15", "2026-10-31",
     "done", "2026-11-05", None, "KPI-05", None, "Evidence pack shared with the investment committee"),
    ("ACT-19", "Baseline carbon savings with the facilities team", "Nadia Haddad", "2025-09-16", "2025-11-30",
     "done", "2025-11-25", "INI-02", None, "BEN-07", "Baseline agreed: 1,140 tCO2e a year"),
    ("ACT-20", "Report contractor seat savings for June to August", "Tomás Alvarez", "2026-10-20", "2026-12-31",
     "open", None, None, None, "BEN-12", None),
    ("ACT-21", "Negotiate a reserved-instance discount", "Nadia Haddad", "2026-11-17", "2027-01-31", "open", None,
     "INI-01", None, None, None),
)  # fmt: skip


# --- Tables -----------------------------------------------------------------------------------


def records(sheet_name: str, rows: Iterable[tuple[object, ...]]) -> list[dict[str, object]]:
    """Tuples written in the sheet's column order as dicts (trailing columns may be left out)."""
    names = schema.SHEETS_BY_NAME[sheet_name].column_names
    return [dict(zip(names, row, strict=False)) for row in rows]


def _frame(sheet_name: str, rows: Iterable[dict[str, object]]) -> pd.DataFrame:
    """Rows as a DataFrame with the sheet's columns in schema order and types by kind."""
    sheet = schema.SHEETS_BY_NAME[sheet_name]
    frame = pd.DataFrame(list(rows), columns=list(sheet.column_names))
    for column in sheet.columns:
        if column.kind in ("date", "month"):
            frame[column.name] = pd.to_datetime(frame[column.name])
        elif column.kind in ("number", "percent"):
            frame[column.name] = frame[column.name].astype("float64")
        elif column.kind == "bool":
            frame[column.name] = frame[column.name].astype("bool")
        else:
            frame[column.name] = frame[column.name].astype("str")
    return frame


def build_sample_tables() -> dict[str, pd.DataFrame]:
    """All eight sheets of the sample portfolio, keyed by sheet name."""
    costs = [line for ini_id, plan in COST_PLANS.items() for line in cost_lines(ini_id, plan)]
    measurements = [row for benefit in BENEFITS for row in measurement_rows(benefit)]
    kpis = [{name: getattr(kpi, name) for name in schema.SHEETS_BY_NAME["kpis"].column_names} for kpi in KPIS]
    values = [row for kpi in KPIS for row in kpi_value_rows(kpi)]
    return {
        "initiatives": _frame("initiatives", initiative_rows()),
        "benefits": _frame("benefits", (benefit_row(benefit) for benefit in BENEFITS)),
        "benefit_measurements": _frame("benefit_measurements", measurements),
        "costs": _frame("costs", costs),
        "milestones": _frame("milestones", records("milestones", MILESTONES)),
        "kpis": _frame("kpis", kpis),
        "kpi_values": _frame("kpi_values", values),
        "actions": _frame("actions", records("actions", ACTIONS)),
    }


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        print("usage: python data/make_sample.py [OUT.xlsx]", file=sys.stderr)
        return 2
    out = Path(argv[0]) if argv else DEFAULT_OUTPUT
    tables = build_sample_tables()
    write_workbook(tables, out)
    counts = ", ".join(f"{name} {len(frame)}" for name, frame in tables.items())
    print(f"wrote {out}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
