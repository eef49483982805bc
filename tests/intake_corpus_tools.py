"""The same small portfolio, sent by twenty-two more offices: the tools' own exports and the office habits
the first two corpora do not cover.

A third corpus, written as an adversary of the intake, beside tests/intake_corpus.py (the canonical
portfolio, Case, Tab, Look and the hand-computed measures) and tests/intake_corpus_world.py (its tab
builders and writers). Only the house styles are new:

- tools: an Oracle Primavera P6 activity export (a row of field codes above the labels, 'A' after actual
  dates, a USERDATA sheet), an Oracle E-Business Suite GL extract (Period Name 'JAN-26'), Asana and Notion
  CSV exports, a monday.com board (its groups, each with its own header row), Salesforce report CSVs (the
  copyright footer under the data), SharePoint list exports (ID 1, 2, 3 next to the real code; Title),
  an Adobe Workfront project report (two sponsors, Portfolio and Program);
- registers: a UK benefits register (Cashable / Non-cashable, a prose 'Benefit Measure' beside 'Measure
  Type', '–' for nothing), a KPI dashboard tracker (Polarity 'Up is good', Period Ending, RAG, Trend),
  a government data return (numbered headers and a guidance row under them), a RAID log whose Risks and
  Issues look like actions;
- layouts: Capex and Opex as separate money columns, months across under a merged Budget / Actual row,
  a pivot table pasted as values (Sum of ..., subtotal rows), one tab per month named '2026-01', Year and
  Month in two columns;
- text: Excel serial numbers for dates in a CSV, Nordic numbers ('10 000,5'), amounts with a currency code
  and negatives in brackets, a Windows-1252 CSV with '£' in its headers, a UTF-16 tab-separated export.

Every case renders the canonical rows (same ids, values and dates; one exception is written down at the
Primavera case), so once its questions are answered the measures are the first corpus's.
`python tests/intake_corpus_tools.py OUTDIR` writes each case's files to OUTDIR/<case>/.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import sys
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.intake_corpus import (
    CANONICAL,
    COST_LINES,
    COSTS,
    CSV_PLAIN,
    EXCEL,
    INITIATIVES,
    KPIS,
    MONTHS,
    PLAIN,
    Case,
    Look,
    Shown,
    Tab,
    _case,
    _excel,
    _plain_number,
    notes_tab,
    plain,
    write_all,
)
from tests.intake_corpus_world import (
    Edit,
    Entry,
    FromRow,
    Row,
    Via,
    _cell,
    _target,
    framed,
    merge,
    plains,
    tab,
    text_files,
    workbook,
)

# =========================================================================== helpers


def rows_of(sheet: str, keep: Callable[[Row], bool]) -> list[Row]:
    return [row for row in CANONICAL[sheet] if keep(row)]


def restyled(sheet: str, headers: Mapping[str, str] | None = None, **renders: Callable[[object], object]) -> dict:
    """The plain layout of a sheet, some headers renamed (old -> new) and some columns written their own way
    (template column -> render)."""
    layout: dict[str, Entry] = {}
    for header, column in PLAIN[sheet][1].items():
        assert isinstance(column, str)
        name = (headers or {}).get(header, header)
        layout[name] = Via(column, renders[column]) if column in renders else column
    return layout


def without(tab_: Tab, *headers: str) -> Tab:
    """The tab with some headers left out of its declared mapping (a header that carries part of another
    column, like Year beside Month, whose mapping the case does not prescribe)."""
    return replace(tab_, columns={header: column for header, column in tab_.columns.items() if header not in headers})


def serial(day: object) -> object:
    """An Excel serial day number: 2026-01-01 -> 46023."""
    assert isinstance(day, dt.date)
    return (day - dt.date(1899, 12, 30)).days


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def kpi_of(kpi_id: object) -> Row:
    return next(item for item in KPIS if item["kpi_id"] == kpi_id)


def money(value: object) -> str:
    return f"{float(value):,.2f}"  # type: ignore[arg-type]


# =========================================================================== the cases

# ---------------------------------------------------------------- Oracle Primavera P6: the Excel export

# P6's export writes two header rows: the field codes (read back on import), then the column labels.
P6_FIELDS: list[tuple[str, str, Entry]] = [
    ("task_code", "Activity ID", "milestone_id"),
    ("task_name", "Activity Name", "name"),
    ("wbs_id", "WBS Code", "initiative_id"),
    ("status_code", "Activity Status", lambda row: "Completed" if row["actual_date"] else "Not Started"),
    ("task_type", "Activity Type", lambda row: "Finish Milestone"),
    ("target_drtn_hr_cnt", "Original Duration", lambda row: 0),
    ("start_date", "Start", lambda row: None),  # a finish milestone has no start
    # P6's Finish is the actual finish, flagged ' A', once the activity is complete, else the scheduled finish
    ("end_date", "Finish", FromRow("forecast_date", lambda row: p6_finish(row))),
    ("base_end_date", "BL Project Finish", Via("baseline_date", lambda day: p6_day(day))),
    ("act_end_date", "Actual Finish", Via("actual_date", lambda day: p6_day(day))),
    ("rsrc_id", "Primary Resource", "owner"),
    ("delete_record_flag", "Delete This Row", lambda row: None),
]


def p6_day(day: object) -> object:
    return None if day is None else f"{day:%d-%b-%y}"


def p6_finish(row: Row) -> object:
    return f"{p6_day(row['actual_date'])} A" if row["actual_date"] else p6_day(row["forecast_date"])


def primavera_p6() -> Case:
    layout = {label: entry for _, label, entry in P6_FIELDS}
    written = tab("TASK", "milestones", layout)
    codes: list[object] = [code for code, _, _ in P6_FIELDS]
    task = replace(written, rows=[codes, *written.rows], header_row=2)
    user_data = notes_tab(
        "USERDATA",
        [
            ["user_data"],
            ["UserSettings Do Not Edit"],
            ["DurationQtyType=QT_Day\nShowAsPercentage=0\nSmallScaleQtyType=QT_Hour\nDateFormat=dd-mmm-yy"],
        ],
    )
    tabs = [*plains("initiatives", "benefits", "benefit_measurements", "costs"), task, user_data]
    return _case(
        "primavera_p6",
        "milestones from Primavera P6's Excel export: a TASK sheet whose first row holds the field codes "
        "(task_code, end_date) above the labels (Activity ID, BL Project Finish), dates as 'dd-Mon-yy' text, "
        "'20-Feb-26 A' in Finish once done (P6's Finish is the actual: the forecast of a done milestone is its "
        "actual, which no measure reads), Activity Status, an empty Start and Delete This Row, a USERDATA sheet",
        [*tabs, *plains("kpis", "kpi_values", "actions")],
        partial(workbook, "P6 export NWD-2026.xlsx"),
        answers=("TASK!Primary Resource=milestones.owner", "USERDATA=-"),
    )


# ---------------------------------------------------------------- Oracle E-Business Suite GL / Projects extract

ORACLE_TASKS = {"acquisition": "1.1", "implementation": "1.2", "operating": "2.1"}


def commitment(row: Row) -> object:
    return 0.0 if row["actual"] is not None else float(row["planned"])  # type: ignore[arg-type]


ORACLE_GL: dict[str, Entry] = {
    "Ledger Name": lambda row: "NWD US Primary Ledger",
    "Period Name": Via("period", lambda day: f"{day:%b-%y}".upper()),  # JAN-26
    "Project Number": "initiative_id",
    "Task Number": lambda row: ORACLE_TASKS[str(row["category"])],
    "Expenditure Category": "category",
    "Capital or Expense": "nature",
    "Supplier Name": "vendor",
    "Budget Amount": "planned",
    "Actual Amount": "actual",
    "Commitment Amount": commitment,
    "Currency Code": lambda row: "USD",
    "Line Description": "note",
}


def oracle_gl_costs() -> Case:
    look = Look(number=_excel("#,##0.00"), wording={"capex": "Capital", "opex": "Expense"})
    return _case(
        "oracle_gl_costs",
        "costs from an Oracle E-Business Suite projects/GL extract: Ledger Name, Period Name 'JAN-26', Project "
        "Number, Task Number, Expenditure Category, Capital or Expense ('Capital' / 'Expense'), Budget / Actual / "
        "Commitment Amount, Currency Code, Line Description",
        [
            *plains("initiatives", "benefits", "benefit_measurements"),
            tab("GL Detail", "costs", ORACLE_GL, look),
            *plains("milestones", "kpis", "kpi_values", "actions"),
        ],
        partial(workbook, "XXNWD_PROJECT_COSTS_062026.xlsx"),
    )


# ---------------------------------------------------------------- Asana project export (CSV)

ASANA_TASK_IDS = {"ACT-01": 1207341165842205, "ACT-02": 1206912230447118}
ASANA_MODIFIED = {"ACT-01": "2026-06-02", "ACT-02": "2026-04-28"}
ASANA_NOTES = {"ACT-01": "Quote requested from Northwind Cloud", "ACT-02": "Rota agreed at the March review"}


def email(name: object) -> str:
    return str(name).lower().replace(" ", ".") + "@northwind.example"


ASANA: dict[str, Entry] = {
    "Task ID": lambda row: ASANA_TASK_IDS[str(row["action_id"])],
    "Created At": "raised_on",
    "Completed At": "closed_on",
    "Last Modified": lambda row: ASANA_MODIFIED[str(row["action_id"])],
    "Name": "title",
    "Section/Column": "status",
    "Assignee": "owner",
    "Assignee Email": lambda row: email(row["owner"]),
    "Start Date": lambda row: None,
    "Due Date": "due_date",
    "Tags": lambda row: None,
    "Notes": lambda row: ASANA_NOTES[str(row["action_id"])],
    "Projects": lambda row: "Portfolio review actions",
    "Parent task": lambda row: None,
    "Blocked By (Dependencies)": lambda row: None,
    "Blocking (Dependencies)": lambda row: None,
    "Action ID": "action_id",
    "Initiative": "initiative_id",
    "KPI": "kpi_id",
    "Benefit": "benefit_id",
    "Outcome": "outcome",
}


def asana_actions() -> Case:
    look = replace(CSV_PLAIN, wording={"open": "To do", "done": "Done"})
    return _case(
        "asana_actions",
        "the action log kept in Asana and exported as CSV: Task ID (16 digits), Created At / Completed At / Last "
        "Modified, Name, Section/Column 'To do' / 'Done' (the only status there is), Assignee and Assignee Email, "
        "empty Start Date / Tags / Parent task / dependency columns, custom fields after them",
        [
            *(plain(sheet, look=CSV_PLAIN) for sheet in PLAIN if sheet != "actions"),
            tab("Portfolio_review_actions", "actions", ASANA, look),
        ],
        text_files,
        answers=("Portfolio_review_actions!Section/Column=actions.status",),
    )


# ---------------------------------------------------------------- monday.com board export: groups


def quarter(row: Row) -> str:
    day = row["baseline_date"]
    assert isinstance(day, dt.date)
    return f"Q{(day.month - 1) // 3 + 1} 2026"


MONDAY_STATUS = {"MS-01": "Done", "MS-02": "Done", "MS-03": "Stuck", "MS-04": "Working on it", "MS-05": None}
MONDAY_ITEM_IDS = {"MS-01": 1843560021, "MS-02": 1843560187, "MS-03": 1843560344, "MS-04": 1843561002,
                   "MS-05": 1843561340}  # fmt: skip

MONDAY: dict[str, Entry] = {
    "Name": "name",
    "Subitems": lambda row: None,
    "Milestone ID": "milestone_id",
    "Initiative": "initiative_id",
    "Person": "owner",
    "Status": lambda row: MONDAY_STATUS[str(row["milestone_id"])],
    "Baseline": "baseline_date",
    "Forecast": "forecast_date",
    "Completed": "actual_date",
    "Item ID": lambda row: MONDAY_ITEM_IDS[str(row["milestone_id"])],
}


def board(label: str, sheet: str, layout: Mapping[str, Entry], title: str, look: Look, group: Callable) -> Tab:
    """monday.com's export: the board's name, then per group its name, its own header row and its items."""
    groups: dict[str, list[Row]] = {}
    for row in CANONICAL[sheet]:
        groups.setdefault(group(row), []).append(row)
    rows: list[list[object]] = [[title], []]
    header_row = 0
    for number, (name, members) in enumerate(groups.items()):
        if number:
            rows.append([])
        rows += [[name], list(layout)]
        header_row = header_row or len(rows)
        rows += [[_cell(sheet, entry, row, look) for entry in layout.values()] for row in members]
    return Tab(label, sheet, rows, header_row, {header: _target(entry) for header, entry in layout.items()})


def monday_milestones() -> Case:
    look = Look(day=lambda day: day.isoformat())
    milestones = board("Milestones", "milestones", MONDAY, "Portfolio milestones 2026", look, quarter)
    return _case(
        "monday_milestones",
        "milestones from a monday.com board export: the board name on row 1, then one block per group (Q1 2026, "
        "Q2 2026 ...) with the group's name, its own header row and its items; Name, empty Subitems, Person, "
        "Status Done / Working on it / Stuck, ISO date text, a 10-digit Item ID",
        [*plains("initiatives", "benefits", "benefit_measurements", "costs"), milestones,
         *plains("kpis", "kpi_values", "actions")],
        partial(workbook, "Portfolio_milestones_2026_1718437201.xlsx"),
        answers=("Milestones!Person=milestones.owner",),
    )  # fmt: skip


# ---------------------------------------------------------------- Notion database export (CSV)

NOTION_CREATED = {"ACT-01": "May 15, 2026 9:42 AM", "ACT-02": "March 13, 2026 2:17 PM"}


def notion_day(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


NOTION: dict[str, Entry] = {
    "Name": "title",
    "Action ID": "action_id",
    "Owner": "owner",
    "Status": "status",
    "Raised": "raised_on",
    "Due": "due_date",
    "Closed": "closed_on",
    "Initiative": "initiative_id",
    "KPI": "kpi_id",
    "Benefit": "benefit_id",
    "Outcome": "outcome",
    "Created time": lambda row: NOTION_CREATED[str(row["action_id"])],
}


def notion_actions() -> Case:
    look = Look(
        day=notion_day, month=lambda day: day.strftime("%Y-%m"), number=_plain_number, choice=str.capitalize,
        wording={"open": "In progress"},
    )  # fmt: skip
    label = "Review actions 1f3a9c0e7b2d4e6f8a1b2c3d4e5f6a7b"
    return _case(
        "notion_actions",
        "the action log kept in Notion and exported as CSV (UTF-8 with a BOM, the file named after the database "
        "and its 32-hex id): Name, long dates 'May 15, 2026', Status 'In progress' / 'Done', 'Created time'",
        [*(plain(sheet, look=CSV_PLAIN) for sheet in PLAIN if sheet != "actions"), tab(label, "actions", NOTION, look)],
        partial(text_files, encoding="utf-8-sig", line_end="\n"),
    )


# ---------------------------------------------------------------- Salesforce report exports (CSV): the footer

SALESFORCE_BENEFITS: dict[str, Entry] = {
    "Benefit: Benefit Number": "benefit_id",
    "Benefit: Benefit Name": "name",
    "Project: Project Number": "initiative_id",
    "Benefit Type": "type",
    "Perspective": "perspective",
    "Benefit Owner: Full Name": "owner",
    "Unit": "unit",
    "Measure": "measure",
    "Baseline": "baseline",
    "Target": "target",
    "Unit Value": "unit_value",
    "Attribution %": "attribution_pct",
    "Disbenefit": "disbenefit",
    "Description": "description",
}
SALESFORCE_VALUES: dict[str, Entry] = {
    "Benefit: Benefit Number": "benefit_id",
    "Period End": Via("period", lambda day: f"{month_end(day):%-m/%d/%Y}"),  # type: ignore[arg-type]
    "Planned Value": "planned",
    "Realized Value": "realized",
    "Notes": "note",
}


def salesforce_footer(report: str) -> list[list[object]]:
    return [
        [],
        [report],
        ["Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."],
        ["Confidential Information - Do Not Distribute"],
        ["Generated By:  Priya Raman  6/15/2026 7:00 AM"],
        ["Northwind Group"],
    ]


def salesforce_reports() -> Case:
    look = replace(CSV_PLAIN, yes_no=("1", "0"), choice=lambda value: value.replace("_", " ").title())
    benefits = framed(
        tab("report1718437201884", "benefits", SALESFORCE_BENEFITS, look), below=salesforce_footer("Benefits")
    )
    values = framed(
        tab("report1718437244120", "benefit_measurements", SALESFORCE_VALUES, look),
        below=salesforce_footer("Benefit values by month"),
    )
    return _case(
        "salesforce_reports",
        "benefits and their values as Salesforce 'Details Only' report CSVs named report<timestamp>.csv: every "
        "field quoted, 'Object: Field' headers, checkboxes as 1 / 0, month-end dates 1/31/2026, and the copyright "
        "/ confidentiality / generated-by footer under the data",
        [plain("initiatives", look=CSV_PLAIN), benefits, values,
         *(plain(sheet, look=CSV_PLAIN) for sheet in ("costs", "milestones", "kpis", "kpi_values", "actions"))],
        partial(text_files, quoting=csv.QUOTE_ALL),
    )  # fmt: skip


# ---------------------------------------------------------------- SharePoint list exports: ID and Title


def list_item(sheet: str, key: str) -> Callable[[Row], object]:
    """SharePoint's own item ID: 1, 2, 3 in the order the items were created."""
    order = {row[key]: number for number, row in enumerate(CANONICAL[sheet], start=1)}
    return lambda row: order[row[key]]


def sharepoint(sheet: str, key: str, title: str, code: str, list_name: str) -> dict[str, Entry]:
    layout: dict[str, Entry] = {"ID": list_item(sheet, key), "Title": title, code: key}
    layout |= {header: column for header, column in PLAIN[sheet][1].items() if column not in (key, title)}
    layout |= {
        "Modified": lambda row: Shown(dt.datetime(2026, 6, 12, 16, 48), "dd/mm/yyyy hh:mm"),
        "Modified By": lambda row: "Priya Raman",
        "Item Type": lambda row: "Item",
        "Path": lambda row: f"sites/PMO/Lists/{list_name}",
    }
    return layout


SHAREPOINT: dict[str, tuple[str, dict[str, Entry]]] = {
    "initiatives": ("Initiatives", sharepoint("initiatives", "initiative_id", "name", "Initiative Code",
                                              "Initiatives")),
    "benefits": ("Benefits", sharepoint("benefits", "benefit_id", "name", "Benefit Code", "Benefits")),
    "milestones": ("Milestones", sharepoint("milestones", "milestone_id", "name", "Milestone Code", "Milestones")),
    "kpis": ("KPIs", sharepoint("kpis", "kpi_id", "name", "KPI Code", "KPIs")),
    "actions": ("Actions", sharepoint("actions", "action_id", "title", "Action Code", "Actions")),
}  # fmt: skip


def sharepoint_lists() -> Case:
    tabs = [_sharepoint_tab(sheet) if sheet in SHAREPOINT else plain(sheet) for sheet in PLAIN]
    return _case(
        "sharepoint_lists",
        "registers kept as SharePoint lists and exported to Excel: SharePoint's own ID (1, 2, 3) first, the name "
        "in 'Title', the real reference in 'Initiative Code' / 'Benefit Code' ..., then Modified, Modified By, "
        "Item Type and Path",
        tabs,
        partial(workbook, "PMO lists export.xlsx"),
        answers=tuple(f"{label}!ID=-" for label, _ in SHAREPOINT.values()),
    )


def _sharepoint_tab(sheet: str) -> Tab:
    label, layout = SHAREPOINT[sheet]
    return tab(label, sheet, layout)


# ---------------------------------------------------------------- Adobe Workfront project report

WORKFRONT_REFERENCES = {"INI-01": 1021, "INI-02": 1034, "INI-03": 1040}
IT_SPONSORS = {"INI-01": "Tom Okafor", "INI-02": "Priya Raman", "INI-03": "Tom Okafor"}
PROGRAMS = {"INI-01": "Cloud first", "INI-02": "Modern workplace", "INI-03": "Cloud first"}
CONDITIONS = {"INI-01": "On Target", "INI-02": "At Risk", "INI-03": "In Trouble"}
WORKFRONT_COMPLETE = {"INI-01": 45, "INI-02": 30, "INI-03": 12}

WORKFRONT: dict[str, Entry] = {
    "Project Name": "name",
    "Reference Number": lambda row: WORKFRONT_REFERENCES[str(row["initiative_id"])],
    "Project Code": "initiative_id",
    "Portfolio": "portfolio",
    "Program": lambda row: PROGRAMS[str(row["initiative_id"])],
    "Owner": "owner",
    "Business Sponsor": "sponsor",
    "IT Sponsor": lambda row: IT_SPONSORS[str(row["initiative_id"])],
    "Strategic Objective": "objective",
    "Status": "status",
    "Condition": lambda row: CONDITIONS[str(row["initiative_id"])],
    "Planned Start Date": "start_date",
    "Planned Completion Date": "end_date",
    "Budget": "budget",
    "Percent Complete": lambda row: WORKFRONT_COMPLETE[str(row["initiative_id"])],
}


def workfront_projects() -> Case:
    projects = tab("Project Report", "initiatives", WORKFRONT, Look(day=_excel("m/d/yy")))
    return _case(
        "workfront_projects",
        "initiatives from an Adobe Workfront project report: Reference Number beside the Project Code, Portfolio "
        "and Program (both a grouping: Program may be asked about), Business Sponsor and IT Sponsor (two columns of "
        "people for one sponsor: the one whose header says it outright, Business Sponsor, is taken and IT Sponsor is "
        "left out with a warning naming it), Condition On Target / At Risk / In Trouble, Percent Complete",
        [projects, *(plain(sheet) for sheet in PLAIN if sheet != "initiatives")],
        partial(workbook, "Project Report.xlsx"),
        answers=("Project Report!Program=-",),
    )


# ---------------------------------------------------------------- a UK benefits register: Cashable, a prose measure

BENEFIT_MEASURES = {
    "BEN-01": "Monthly hosting invoice total",
    "BEN-02": "Agent hours logged against password resets",
    "BEN-03": "Availability reported by the monitoring service",
    "BEN-04": "Licence invoices paid for both platforms",
    "BEN-05": "Licence fees of the old ticketing tool",
}
DATA_SOURCES = {"BEN-01": "Finance ledger", "BEN-02": "Service desk tool", "BEN-03": "Monitoring",
                "BEN-04": "Finance ledger", "BEN-05": "Finance ledger"}  # fmt: skip


def dash_for_nothing(value: object) -> object:
    """An empty number as the office types it: an en dash (Word and Excel autocorrect '-' to '–')."""
    return "–" if value is None else value


UK_BENEFITS: dict[str, Entry] = {
    "Benefit Ref": "benefit_id",
    "Benefit": "name",
    "Benefit Description": "description",
    "Project": "initiative_id",
    "Classification": "type",
    "Perspective": "perspective",
    "Benefit Owner": "owner",
    "Benefit Measure": lambda row: BENEFIT_MEASURES[str(row["benefit_id"])],
    "Unit of Measure": "unit",
    "Measure Type": "measure",
    "Baseline Value": Via("baseline", dash_for_nothing),
    "Target Value": "target",
    "Value per Unit": Via("unit_value", dash_for_nothing),
    "Attribution %": "attribution_pct",
    "Dis-benefit": "disbenefit",
    "Measurement Frequency": lambda row: "Monthly",
    "Data Source": lambda row: DATA_SOURCES[str(row["benefit_id"])],
}


def uk_benefits_map() -> Case:
    look = Look(
        yes_no=("Y", "N"),
        wording={"cash_releasing": "Cashable", "non_cash_releasing": "Non-cashable", "quantifiable": "Quantifiable"},
    )
    return _case(
        "uk_benefits_map",
        "a UK department's benefits register: Classification 'Cashable' / 'Non-cashable' / 'Quantifiable', a prose "
        "'Benefit Measure' (what is measured) beside 'Measure Type' (flow / level), 'Benefit Description', an en "
        "dash '–' for no baseline, Measurement Frequency and Data Source",
        [plain("initiatives"), tab("Benefits Register", "benefits", UK_BENEFITS, look),
         *(plain(sheet) for sheet in PLAIN if sheet not in ("initiatives", "benefits"))],
        partial(workbook, "Benefits Register v3.xlsx"),
    )  # fmt: skip


# ---------------------------------------------------------------- a KPI tracker: Polarity, Period Ending, RAG, Trend


def rag(row: Row) -> str:
    kpi = kpi_of(row["kpi_id"])
    value, target, threshold = float(row["value"]), float(kpi["target"]), float(kpi["threshold"])  # type: ignore[arg-type]
    if kpi["direction"] == "lower_is_better":
        value, target, threshold = -value, -target, -threshold
    return "Green" if value >= target else "Amber" if value >= threshold else "Red"


def trend(row: Row) -> str:
    """The arrow against the month before: ▲ up, ▼ down, ► level (or the first month)."""
    index = next(number for number, item in enumerate(CANONICAL["kpi_values"]) if item is row)
    earlier = [item for item in CANONICAL["kpi_values"][:index] if item["kpi_id"] == row["kpi_id"]]
    if not earlier:
        return "►"
    before = float(earlier[-1]["value"])  # type: ignore[arg-type]
    now = float(row["value"])  # type: ignore[arg-type]
    return "▲" if now > before else "▼" if now < before else "►"


KPI_DEFINITIONS: dict[str, Entry] = {
    "KPI Ref": "kpi_id", "KPI Title": "name", "Perspective": "perspective", "Theme": "theme",
    "Linked Project": "initiative_id", "KPI Owner": "owner", "Unit": "unit", "Polarity": "direction",
    "Target": "target", "Threshold": "threshold", "Frequency": "frequency", "Lead/Lag": "indicator",
    "Definition": "definition", "Rationale": "rationale", "Response": "response",
}  # fmt: skip
KPI_TRACKER: dict[str, Entry] = {
    "KPI Ref": "kpi_id",
    "KPI Title": lambda row: kpi_of(row["kpi_id"])["name"],
    "Period Ending": Via("period", lambda day: Shown(month_end(day), "dd/mm/yyyy")),  # type: ignore[arg-type]
    "Actual": "value",
    "Target": lambda row: kpi_of(row["kpi_id"])["target"],
    "Actual vs Target": lambda row: round(float(row["value"]) - float(kpi_of(row["kpi_id"])["target"]), 2),  # type: ignore[arg-type]
    "RAG": rag,
    "Trend": trend,
    "Commentary": "note",
}


def kpi_dashboard() -> Case:
    look = Look(wording={"higher_is_better": "Up is good", "lower_is_better": "Down is good"})
    return _case(
        "kpi_dashboard",
        "a KPI tracker: Polarity 'Up is good' / 'Down is good', Lead/Lag; values by 'Period Ending' (month-end "
        "dates) beside copies of the KPI's title and target, 'Actual vs Target', RAG and Trend arrows ▲▼►",
        [*plains("initiatives", "benefits", "benefit_measurements", "costs", "milestones"),
         tab("KPI Definitions", "kpis", KPI_DEFINITIONS, look), tab("KPI Tracker", "kpi_values", KPI_TRACKER, look),
         plain("actions")],
        partial(workbook, "KPI Tracker FY26.xlsx"),
    )  # fmt: skip


# ---------------------------------------------------------------- a government data return: numbers and guidance

RETURN_SHEETS: dict[str, tuple[str, dict[str, Entry], list[str]]] = {
    "initiatives": ("1 Projects", {
        "1. Project ID (mandatory)": "initiative_id", "2. Project name (mandatory)": "name",
        "3. Portfolio": "portfolio", "4. SRO (mandatory)": "owner", "5. Sponsor": "sponsor",
        "6. Strategic objective": "objective", "7. Status": "status", "8. Start date": "start_date",
        "9. End date": "end_date", "10. Approved budget": "budget"},
        ["Unique reference, e.g. INI-01", "Short title", "Select from list", "Name of the Senior Responsible Owner",
         "Name", "Select from list", "Select from list", "dd/mm/yyyy", "dd/mm/yyyy", "Whole dollars, no commas"]),
    "costs": ("2 Costs", {
        "1. Project ID (mandatory)": "initiative_id", "2. Month (mandatory)": "period",
        "3. Cost category (mandatory)": "category", "4. Capex or Opex": "nature", "5. Planned spend": "planned",
        "6. Actual spend": "actual", "7. Supplier": "vendor", "8. Comments": "note"},
        ["As on sheet 1", "Any date in the month", "Select from list", "Select from list", "Whole dollars",
         "Whole dollars; blank if none booked", "Legal name", "Optional"]),
    "milestones": ("3 Milestones", {
        "1. Milestone ID (mandatory)": "milestone_id", "2. Milestone (mandatory)": "name",
        "3. Project ID (mandatory)": "initiative_id", "4. Owner": "owner", "5. Baseline date (mandatory)":
        "baseline_date", "6. Forecast date": "forecast_date", "7. Actual date": "actual_date"},
        ["Unique reference, e.g. MS-01", "As in the business case", "As on sheet 1", "Name", "dd/mm/yyyy",
         "dd/mm/yyyy", "dd/mm/yyyy; blank until achieved"]),
}  # fmt: skip

RETURN_INSTRUCTIONS = [
    ["Quarterly portfolio data return - Q1 2026/27"],
    ["Complete sheets 1 to 3. Do not change the headers or delete the guidance row under them."],
    ["Mandatory fields are marked. Return to pmo.returns@northwind.example by 30 June 2026."],
]


def guided(sheet: str) -> Tab:
    label, layout, guidance = RETURN_SHEETS[sheet]
    written = tab(label, sheet, layout)
    return replace(written, rows=[written.rows[0], list(guidance), *written.rows[1:]])


def numbered_return() -> Case:
    tabs = [notes_tab("Instructions", RETURN_INSTRUCTIONS)]
    tabs += [guided(sheet) if sheet in RETURN_SHEETS else plain(sheet) for sheet in PLAIN]
    return _case(
        "numbered_return",
        "a government data return: numbered headers with '(mandatory)' ('4. SRO (mandatory)', '10. Approved "
        "budget') and a guidance row under each header ('dd/mm/yyyy', 'Select from list', 'Whole dollars') "
        "before the data, an Instructions sheet first",
        tabs,
        partial(workbook, "Portfolio data return Q1.xlsx"),
    )


# ---------------------------------------------------------------- Capex and Opex as separate money columns


def nature_money(nature: str, column: str) -> Callable[[Row], object]:
    return lambda row: row[column] if row["nature"] == nature else None


CAPEX_OPEX_COLUMNS: dict[str, Entry] = {
    "Project ID": "initiative_id",
    "Month": "period",
    "Cost Category": "category",
    "Supplier": "vendor",
    "Capex Planned": nature_money("capex", "planned"),
    "Capex Actual": nature_money("capex", "actual"),
    "Opex Planned": nature_money("opex", "planned"),
    "Opex Actual": nature_money("opex", "actual"),
    "Note": "note",
}


def capex_opex_columns() -> Case:
    # The nature is in the money columns' headers, as the month is in 'Jan 2026 Plan' (wide_measure_headers):
    # a PMO reads 'Capex Planned' as planned money of nature capex, and expects no question. Which of the four
    # columns becomes planned or actual is not prescribed; the measures prove it.
    costs = without(tab("Cost Plan", "costs", CAPEX_OPEX_COLUMNS), "Capex Planned", "Capex Actual", "Opex Planned",
                    "Opex Actual")  # fmt: skip
    return _case(
        "capex_opex_columns",
        "a cost plan with Capex and Opex as separate money columns (Capex Planned, Capex Actual, Opex Planned, Opex "
        "Actual), each row filling the pair of its nature, no Capex/Opex column",
        [*plains("initiatives", "benefits", "benefit_measurements"), costs,
         *plains("milestones", "kpis", "kpi_values", "actions")],
        partial(workbook, "Cost plan capex opex.xlsx"),
    )  # fmt: skip


# ---------------------------------------------------------------- months across under a merged Budget / Actual row

BLOCK_KEYS: dict[str, str] = {"Project ID": "initiative_id", "Cost Category": "category", "Capex/Opex": "nature",
                              "Supplier": "vendor"}  # fmt: skip


def budget_actual_blocks() -> tuple[Tab, list[str]]:
    keys = list(BLOCK_KEYS)
    months: list[object] = [Shown(dt.datetime(day.year, day.month, 1), "mmm-yy") for day in MONTHS]
    header: list[object] = [*keys, *months, "Total", *months, "Total"]
    group: list[object] = [None] * len(header)
    first_budget, first_actual = len(keys) + 1, len(keys) + len(MONTHS) + 2
    group[first_budget - 1], group[first_actual - 1] = "Budget", "Actual"
    rows: list[list[object]] = [group, header]
    for line in COST_LINES:
        lines = [row for row in COSTS if row["initiative_id"] == line.initiative_id and row["category"] ==
                 line.category]  # fmt: skip
        by_month = {row["period"]: row for row in lines}
        planned = [by_month[day]["planned"] if day in by_month else None for day in MONTHS]
        actual = [by_month[day]["actual"] if day in by_month else None for day in MONTHS]
        key_cells = [EXCEL.cell("costs", column, lines[0][column]) for column in BLOCK_KEYS.values()]
        totals = [sum(value for value in values if value is not None) for values in (planned, actual)]
        rows.append([*key_cells, *planned, totals[0], *actual, totals[1]])
    merges = [
        f"{_letter(first_budget)}1:{_letter(first_budget + len(MONTHS))}1",
        f"{_letter(first_actual)}1:{_letter(first_actual + len(MONTHS))}1",
    ]
    return Tab("Cost Plan FY26", "costs", rows, 2, dict(BLOCK_KEYS)), merges


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def budget_actual_months() -> Case:
    # The most common finance layout there is: a PMO expects it read like the wide layouts the intake knows
    # (months across, the measure given once in a merged row above), with no question.
    costs, merges = budget_actual_blocks()
    edits: dict[str, list[Edit]] = {costs.label: [merge(*merges)]}
    return _case(
        "budget_actual_months",
        "a cost plan with the months across twice: a merged 'Budget' over twelve month columns and a Total, a "
        "merged 'Actual' over the same twelve months and a Total; the month headers real dates shown 'Jan-26'",
        [*plains("initiatives", "benefits", "benefit_measurements"), costs,
         *plains("milestones", "kpis", "kpi_values", "actions")],
        partial(workbook, "Cost Plan FY26.xlsx", edits=edits),
    )  # fmt: skip


# ---------------------------------------------------------------- a pivot table pasted as values


def pivot_rows() -> list[list[object]]:
    header: list[object] = ["Initiative ID", "Cost Category", "Capex/Opex", "Supplier", "Month", "Sum of Planned",
                            "Sum of Actual"]  # fmt: skip
    rows: list[list[object]] = [["Portfolio", "(All)"], [], header]
    grand = [0.0, 0.0]
    for initiative in INITIATIVES:
        lines = sorted(
            (row for row in COSTS if row["initiative_id"] == initiative["initiative_id"]),
            key=lambda row: (str(row["category"]), str(row["nature"]), str(row["vendor"]), row["period"]),
        )
        for row in lines:
            rows.append([
                row["initiative_id"], EXCEL.cell("costs", "category", row["category"]),
                EXCEL.cell("costs", "nature", row["nature"]), row["vendor"],
                Shown(dt.datetime(row["period"].year, row["period"].month, 1), "mmm-yy"),  # type: ignore[attr-defined]
                row["planned"], row["actual"],
            ])  # fmt: skip
        planned = sum(float(row["planned"]) for row in lines)  # type: ignore[arg-type]
        actual = sum(float(row["actual"]) for row in lines if row["actual"] is not None)  # type: ignore[arg-type]
        grand = [grand[0] + planned, grand[1] + actual]
        rows.append([f"{initiative['initiative_id']} Total", None, None, None, None, planned, actual])
    rows.append(["Grand Total", None, None, None, None, *grand])
    return rows


def pivot_costs() -> Case:
    columns: dict[str, str | None] = {
        "Initiative ID": "initiative_id", "Cost Category": "category", "Capex/Opex": "nature", "Supplier": "vendor",
        "Month": "period", "Sum of Planned": "planned", "Sum of Actual": "actual",
    }  # fmt: skip
    pivot = Tab("Cost Pivot", "costs", pivot_rows(), 3, columns)
    return _case(
        "pivot_costs",
        "the costs as a pivot table pasted as values (tabular form, labels repeated): a report filter row "
        "'Portfolio (All)' above, 'Sum of Planned' / 'Sum of Actual', an 'INI-01 Total' subtotal row after each "
        "initiative and a Grand Total row",
        [*plains("initiatives", "benefits", "benefit_measurements"), pivot,
         *plains("milestones", "kpis", "kpi_values", "actions")],
        partial(workbook, "Cost pivot June.xlsx"),
    )  # fmt: skip


# ---------------------------------------------------------------- one tab per month, named '2026-01'

MONTH_TAB: dict[str, Entry] = {"KPI ID": "kpi_id", "KPI": lambda row: kpi_of(row["kpi_id"])["name"],
                               "Value": "value", "Note": "note"}  # fmt: skip
VALUE_MONTHS = sorted({row["period"] for row in CANONICAL["kpi_values"]})  # type: ignore[type-var]


def month_tabs() -> Case:
    # Each month's KPI return is pasted into a tab of its own, named after the month: the month is the tab's
    # name, and nowhere else. The first tab is taken as the KPI values (it may be asked about, as a weak fit
    # without its period); the others are asked about like any second sheet alike. Answered, each tab's rows
    # belong to the month its name gives.
    month_tabs_ = [
        tab(f"{day:%Y-%m}", "kpi_values", MONTH_TAB, rows=rows_of("kpi_values", lambda row, day=day: row["period"] ==
                                                                  day))
        for day in VALUE_MONTHS
    ]  # fmt: skip
    labels = [tab_.label for tab_ in month_tabs_]
    return _case(
        "month_tabs",
        "the KPI values kept as one tab per month named '2026-01' ... '2026-06', each with KPI ID, KPI, Value and "
        "Note and no month column: the month is the tab's name",
        [*plains("initiatives", "benefits", "benefit_measurements", "costs", "milestones", "kpis"), *month_tabs_,
         plain("actions")],
        partial(workbook, "KPI returns 2026.xlsx"),
        questions=tuple((label, None) for label in labels[1:]),
        answers=tuple(f"{label}=kpi_values" for label in labels),
    )  # fmt: skip


# ---------------------------------------------------------------- a RAID log: Risks and Issues beside the Actions

RISKS: list[list[object]] = [
    ["Risk ID", "Risk Description", "Risk Owner", "Date Raised", "Likelihood (1-5)", "Impact (1-5)", "Score",
     "Mitigation", "Status", "Review Date", "Initiative ID"],
    ["R-01", "Migration waves slip past the data-centre exit date", "Ada Lovelace", dt.datetime(2026, 1, 20), 3, 4,
     12, "Contingency wave booked in August", "Open", dt.datetime(2026, 6, 30), "INI-01"],
    ["R-02", "Chatbot answers are wrong for payroll questions", "Katherine Johnson", dt.datetime(2026, 2, 9), 2, 3,
     6, "Payroll intents stay with agents until tested", "Open", dt.datetime(2026, 7, 15), "INI-02"],
    ["R-03", "Second region vendor cannot meet the latency requirement", "Mary Jackson", dt.datetime(2026, 3, 2), 2,
     5, 10, "Latency tested in the proof of concept", "Closed", dt.datetime(2026, 4, 30), "INI-03"],
]  # fmt: skip
ISSUES: list[list[object]] = [
    ["Issue ID", "Issue Description", "Issue Owner", "Date Raised", "Priority", "Status", "Target Resolution Date",
     "Date Resolved", "Initiative ID"],
    ["I-01", "Chatbot vendor delivery is six weeks late", "Katherine Johnson", dt.datetime(2026, 5, 20), "High",
     "Open", dt.datetime(2026, 7, 15), None, "INI-02"],
    ["I-02", "Network link to the second region not ordered", "Mary Jackson", dt.datetime(2026, 4, 2), "Medium",
     "Closed", dt.datetime(2026, 4, 30), dt.datetime(2026, 4, 24), "INI-03"],
]  # fmt: skip

RAID_ACTIONS: dict[str, Entry] = {
    "Action ID": "action_id", "Action Description": "title", "Action Owner": "owner", "Date Raised": "raised_on",
    "Target Date": "due_date", "Status": "status", "Date Closed": "closed_on", "Initiative ID": "initiative_id",
    "KPI ID": "kpi_id", "Benefit ID": "benefit_id", "Outcome": "outcome",
}  # fmt: skip


def dated(rows: list[list[object]]) -> list[list[object]]:
    return [[Shown(value, "dd/mm/yyyy") if isinstance(value, dt.datetime) else value for value in row] for row in rows]


def raid_log() -> Case:
    # Risks and issues are not part of the template. A PMO expects them left out with a warning, or asked
    # about ('Risks=-'); taking either for the action log would put risks among the actions.
    tabs = [
        *plains("initiatives", "benefits", "benefit_measurements", "costs", "milestones", "kpis", "kpi_values"),
        Tab("Risks", None, dated(RISKS), 1, {}),
        Tab("Issues", None, dated(ISSUES), 1, {}),
        tab("Actions", "actions", RAID_ACTIONS),
    ]
    return _case(
        "raid_log",
        "a RAID log: a Risks sheet and an Issues sheet (id, description, owner, date raised, status, a date, the "
        "initiative) before the Actions sheet: left out or asked about, never taken as the actions",
        tabs,
        partial(workbook, "RAID log and portfolio.xlsx"),
        answers=("Risks=-", "Issues=-"),
    )


# ---------------------------------------------------------------- Year and Month in two columns


def year_month_columns() -> Case:
    values = {"KPI ID": "kpi_id", "Year": FromRow("period", lambda row: row["period"].year),  # type: ignore[attr-defined]
              "Month": Via("period", lambda day: f"{day:%b}"), "Value": "value", "Note": "note"}  # fmt: skip
    tracking = {"Benefit ID": "benefit_id", "Year": FromRow("period", lambda row: row["period"].year),  # type: ignore[attr-defined]
                "Month": Via("period", lambda day: f"{day:%B}"), "Planned": "planned", "Actual": "realized",
                "Note": "note"}  # fmt: skip
    return _case(
        "year_month_columns",
        "monthly values with the year and the month in two columns: Year 2026 beside Month 'Jan' (KPI values) "
        "or 'January' (benefit tracking)",
        [*plains("initiatives", "benefits"),
         without(tab("Benefit Tracking", "benefit_measurements", tracking), "Year", "Month"),
         *plains("costs", "milestones", "kpis"),
         without(tab("KPI Values", "kpi_values", values), "Year", "Month"), plain("actions")],
        partial(workbook, "Monthly tracking.xlsx"),
    )  # fmt: skip


# ---------------------------------------------------------------- a CSV with dates as Excel serial numbers


def serial_dates_csv() -> Case:
    look = replace(CSV_PLAIN, day=serial, month=serial)
    return _case(
        "serial_dates_csv",
        "CSV files saved from sheets whose date cells were formatted General: every date and month an Excel serial "
        "number (46023 for 1 January 2026)",
        [plain(sheet, f"{sheet}_export", look) for sheet in PLAIN],
        partial(text_files, line_end="\n"),
    )


# ---------------------------------------------------------------- a Nordic CSV: spaces between thousands


def nordic_number(value: float) -> str:
    """10000 -> '10 000' (a no-break space), 99.2 -> '99,2', as Swedish or Finnish Excel writes them."""
    number = float(value)
    text = f"{int(number):,}" if number.is_integer() else f"{number:,}"
    return text.replace(",", "\u00a0").replace(".", ",")


def nordic_csv() -> Case:
    look = Look(day=dt.date.isoformat, month=lambda day: day.strftime("%Y-%m"), number=nordic_number)
    return _case(
        "nordic_csv",
        "a Nordic office's CSV: semicolons, a no-break space between thousands ('10 000', '52 000'), decimal commas "
        "('99,2'), ISO dates, UTF-8 with a BOM",
        [plain(sheet, f"portfolj_{sheet}", look) for sheet in PLAIN],
        partial(text_files, delimiter=";", encoding="utf-8-sig"),
    )


# ---------------------------------------------------------------- amounts with a currency code, negatives in brackets


def with_code(value: object) -> object:
    return None if value is None else f"{money(value)} USD"


def bracketed(row: Row) -> object:
    if row["actual"] is None:
        return None
    difference = float(row["actual"]) - float(row["planned"])  # type: ignore[arg-type]
    return f"({money(-difference)})" if difference < 0 else money(difference)


def accounting_csv() -> Case:
    initiatives = tab("initiatives", "initiatives", restyled("initiatives", budget=with_code), CSV_PLAIN)
    cost_layout = restyled("costs", planned=with_code, actual=with_code)
    cost_layout = {**{key: value for key, value in cost_layout.items() if key != "Note"}, "Variance": bracketed,
                   "Note": "note"}  # fmt: skip
    costs = tab("costs", "costs", cost_layout, CSV_PLAIN)
    others = [plain(sheet, sheet, CSV_PLAIN) for sheet in PLAIN if sheet not in ("initiatives", "costs")]
    return _case(
        "accounting_csv",
        "an accounting tool's CSV: money with a currency code after it ('52,000.00 USD', '10,000.00 USD') and a "
        "Variance with negatives in brackets ('(500.00)')",
        [initiatives, *others[:2], costs, *others[2:]],
        text_files,
    )


# ---------------------------------------------------------------- a Windows-1252 CSV with '£' in its headers


def windows_1252_csv() -> Case:
    look = Look(day=lambda day: day.strftime("%d/%m/%Y"), month=lambda day: day.strftime("%b-%y"),
                number=_plain_number)  # fmt: skip
    renamed = {
        "initiatives": {"Budget": "Budget (£)"},
        "benefits": {"Unit Value": "Unit Value (£ per unit)"},
        "costs": {"Planned": "Planned (£)", "Actual": "Actual (£)", "Note": "Note – optional"},
    }
    tabs = [tab(PLAIN[sheet][0], sheet, restyled(sheet, renamed.get(sheet)), look) for sheet in PLAIN]
    return _case(
        "windows_1252_csv",
        "Excel's 'CSV (Comma delimited)' on a UK Windows desk: Windows-1252 bytes (£ is 0xA3, – is 0x96) in "
        "headers such as 'Budget (£)', dd/mm/yyyy dates, 'Jan-26' months",
        tabs,
        partial(text_files, encoding="cp1252"),
    )


# ---------------------------------------------------------------- a UTF-16 tab-separated export


def utf16_tab_export() -> Case:
    return _case(
        "utf16_tab_export",
        "a tool's 'CSV' export that is UTF-16 little-endian with a byte-order mark and tab-separated (as Excel's "
        "'Unicode Text' and several reporting tools write)",
        [plain(sheet, look=CSV_PLAIN) for sheet in PLAIN],
        partial(text_files, delimiter="\t", encoding="utf-16"),
    )


# =========================================================================== the corpus

TOOL_CASES: tuple[Case, ...] = (
    primavera_p6(),
    oracle_gl_costs(),
    asana_actions(),
    monday_milestones(),
    notion_actions(),
    salesforce_reports(),
    sharepoint_lists(),
    workfront_projects(),
    uk_benefits_map(),
    kpi_dashboard(),
    numbered_return(),
    capex_opex_columns(),
    budget_actual_months(),
    pivot_costs(),
    month_tabs(),
    raid_log(),
    year_month_columns(),
    serial_dates_csv(),
    nordic_csv(),
    accounting_csv(),
    windows_1252_csv(),
    utf16_tab_export(),
)
TOOL_CASES_BY_NAME: dict[str, Case] = {case.name: case for case in TOOL_CASES}

# Questions a case may also raise without being wrong (answered by the case's answers); taking the sheet or
# column for something else is still wrong.
OPTIONAL_QUESTIONS: dict[str, tuple[tuple[str, str | None], ...]] = {
    # Asana has no status field: the board section is the status; a question about it is fair
    "asana_actions": (("Portfolio_review_actions", "Section/Column"),),
    # 'Primary Resource' and 'Person' are the people doing the work; asking whether that is the owner is fair
    "primavera_p6": (("TASK", "Primary Resource"), ("USERDATA", None)),
    "monday_milestones": (("Milestones", "Person"),),
    # SharePoint's own item ID beside the real code: asking about it is fair, taking it for the id is not
    "sharepoint_lists": tuple((label, "ID") for label, _ in SHAREPOINT.values()),
    # Portfolio and Program are both a grouping
    "workfront_projects": (("Project Report", "Program"),),
    # risks and issues: left out with a warning, or asked about
    "raid_log": (("Risks", None), ("Issues", None)),
    # the first month tab lacks its period column: a weak fit may be asked about
    "month_tabs": (("2026-01", None),),
}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/intake_corpus_tools.py OUTDIR")
    for path in write_all(Path(sys.argv[1]), TOOL_CASES):
        print(path)
