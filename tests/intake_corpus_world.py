"""The same small portfolio, sent by eighteen more offices: house styles of real tools and governments.

A second corpus beside tests/intake_corpus.py, written as its adversary. It reuses that corpus's canonical
portfolio, its Case and Tab, its ways of writing a value (Look) and its hand-computed measures; only the
house styles are new, chosen from how real offices and tools word and lay out a portfolio:

- exports of PPM tools: Microsoft Project's export wizard, Clarity PPM, ServiceNow SPM, Jira, Smartsheet,
  SAP controlling reports, a data warehouse's views;
- government styles: an Australian benefit realisation register, a bilingual Canadian workbook, an office
  writing English as a second language;
- layouts: a report with its header on row 5 under a logo, a title and filter notes; a table starting at B2
  with a totals row and a footnote; a dashboard and a hidden dropdown-list sheet beside the data; one costs
  tab per project; a benefits tracker with months as columns and merged cells; headers with line breaks,
  units and required-column stars; a grouped two-row header; a tab-separated "CSV" with formatted numbers.

Every case renders the canonical rows (same ids, values and dates), so once its questions are answered the
measures are the first corpus's. `python tests/intake_corpus_world.py OUTDIR` writes each case's files to
OUTDIR/<case>/ to open them in Excel.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import zip_longest
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from realize.intake.ingest import SourceFile
from tests.intake_corpus import (
    BENEFITS,
    CANONICAL,
    COSTS,
    CSV_PLAIN,
    EXCEL,
    INITIATIVES,
    KPI_SERIES,
    KPIS,
    MONTHS,
    PLAIN,
    PROFILES,
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
    xlsx_files,
)

# =========================================================================== building tabs the office's way

Row = dict[str, object]


@dataclass(frozen=True)
class Via:
    """A template column written the office's own way: render(canonical value) -> the cell."""

    column: str
    render: Callable[[object], object]


@dataclass(frozen=True)
class FromRow:
    """A template column written from the whole canonical row (a tool's time stamp for a date)."""

    column: str
    render: Callable[[Row], object]


# header -> a template column (written by the Look), a Via or FromRow (written by its own renderer), or a
# function of the canonical row for a column with no place in the template (a copy, a total, a system column)
Entry = str | Via | FromRow | Callable[[Row], object]


def _cell(sheet: str, entry: Entry, row: Row, look: Look) -> object:
    if isinstance(entry, str):
        return look.cell(sheet, entry, row[entry])
    if isinstance(entry, Via):
        return entry.render(row[entry.column])
    if isinstance(entry, FromRow):
        return entry.render(row)
    return entry(row)


def _target(entry: Entry) -> str | None:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, Via | FromRow):
        return entry.column
    return None


def tab(
    label: str, sheet: str, layout: Mapping[str, Entry], look: Look = EXCEL, rows: Sequence[Row] | None = None
) -> Tab:
    """A row per canonical row (or per given row), a column per layout entry."""
    body = [[_cell(sheet, entry, row, look) for entry in layout.values()] for row in rows or CANONICAL[sheet]]
    return Tab(label, sheet, [list(layout), *body], 1, {header: _target(entry) for header, entry in layout.items()})


def framed(
    tab_: Tab, above: Sequence[Sequence[object]] = (), left: int = 0, below: Sequence[Sequence[object]] = ()
) -> Tab:
    """The tab under some rows (logo space, title, filter notes), moved `left` columns right, with rows under
    the table (a totals row, a footnote)."""
    pad: list[object] = [None] * left
    rows = [[*pad, *row] for row in [*above, *tab_.rows, *below]]
    return replace(tab_, rows=rows, header_row=tab_.header_row + len(above))


def grouped(tab_: Tab, groups: Sequence[tuple[str, str, str]]) -> tuple[Tab, list[str]]:
    """A group row above the header ('Dates' over Baseline / Forecast / Actual): the tab and its merges."""
    headers = list(tab_.rows[tab_.header_row - 1])
    group_row: list[object] = [None] * len(headers)
    merges = []
    for text, first, last in groups:
        start, end = headers.index(first) + 1, headers.index(last) + 1
        group_row[start - 1] = text
        if end > start:
            merges.append(f"{get_column_letter(start)}1:{get_column_letter(end)}1")
    return replace(tab_, rows=[group_row, *tab_.rows], header_row=tab_.header_row + 1), merges


# =========================================================================== writing files

Edit = Callable[[Worksheet], None]


def merge(*ranges: str) -> Edit:
    def edit(sheet: Worksheet) -> None:
        for cells in ranges:
            sheet.merge_cells(cells)

    return edit


def wrap_row(row: int) -> Edit:
    def edit(sheet: Worksheet) -> None:
        for cell in sheet[row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row].height = 45

    return edit


def hide(sheet: Worksheet) -> None:
    sheet.sheet_state = "hidden"


def auto_filter(row: int, first_column: int = 1) -> Edit:
    def edit(sheet: Worksheet) -> None:
        last = get_column_letter(sheet.max_column)
        sheet.auto_filter.ref = f"{get_column_letter(first_column)}{row}:{last}{sheet.max_row}"

    return edit


def workbook(
    file_name: str, tabs: Sequence[Tab], edits: Mapping[str, Sequence[Edit]] | None = None
) -> list[SourceFile]:
    """One workbook as tests.intake_corpus.xlsx_files writes it, then edited the way the office left it:
    merged cells, wrapped headers, a hidden sheet, filters."""
    [written] = xlsx_files(file_name, tabs)
    if not edits:
        return [written]
    book = openpyxl.load_workbook(io.BytesIO(written.content))
    for label, sheet_edits in edits.items():
        for edit in sheet_edits:
            edit(book[label])
    buffer = io.BytesIO()
    book.save(buffer)
    return [SourceFile(file_name, buffer.getvalue())]


def text_files(
    tabs: Sequence[Tab],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    line_end: str = "\r\n",
    quoting: int = csv.QUOTE_MINIMAL,
    null: str = "",
) -> list[SourceFile]:
    """A .csv file per tab, named after its label; `null` is what the tool writes for an empty value."""
    files = []
    for tab_ in tabs:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end, quoting=quoting)
        for row in tab_.rows:
            writer.writerow([null if value is None else str(value) for value in row])
        files.append(SourceFile(f"{tab_.label}.csv", buffer.getvalue().encode(encoding)))
    return files


# =========================================================================== values the offices derive

ACTUAL_TO_DATE = {
    initiative: sum(float(row["actual"]) for row in COSTS if row["initiative_id"] == initiative and row["actual"])  # type: ignore[arg-type]
    for initiative in ("INI-01", "INI-02", "INI-03")
}
PLANNED_TOTAL = {
    initiative: sum(float(row["planned"]) for row in COSTS if row["initiative_id"] == initiative)  # type: ignore[arg-type]
    for initiative in ("INI-01", "INI-02", "INI-03")
}


def initiative_name(row: Row) -> object:
    return next(item["name"] for item in INITIATIVES if item["initiative_id"] == row["initiative_id"])


def forecast_cost(row: Row) -> object:
    return row["actual"] if row["actual"] is not None else row["planned"]


def difference(planned: str, actual: str) -> Callable[[Row], object]:
    def value(row: Row) -> object:
        if row[actual] is None:
            return None
        return round(float(row[actual]) - float(row[planned]), 2)  # type: ignore[arg-type]

    return value


def at(hour: int, minute: int = 0, number_format: str = "dd/mm/yyyy hh:mm") -> Callable[[object], object]:
    """A date written as an Excel date-time at a time of day (tools stamp milestones at 17:00)."""

    def cell(day: object) -> object:
        if day is None:
            return None
        assert isinstance(day, dt.date)
        return Shown(dt.datetime(day.year, day.month, day.day, hour, minute), number_format)

    return cell


def text_at(hour: int, minute: int = 0, second: int = 0) -> Callable[[object], object]:
    """A date as a tool's text time stamp: '2026-02-27 17:00:00'."""

    def cell(day: object) -> object:
        if day is None:
            return None
        assert isinstance(day, dt.date)
        return dt.datetime(day.year, day.month, day.day, hour, minute, second).strftime("%Y-%m-%d %H:%M:%S")

    return cell


# =========================================================================== the cases

NOT_ACTIONS = ("initiatives", "benefits", "benefit_measurements", "costs", "milestones", "kpis", "kpi_values")


def plains(*sheets: str, look: Look = EXCEL) -> list[Tab]:
    return [plain(sheet, look=look) for sheet in sheets]


# ---------------------------------------------------------------- Microsoft Project's export wizard

MSP_TASK_IDS = {"MS-01": 3, "MS-02": 8, "MS-03": 14, "MS-04": 21, "MS-05": 27}
MSP_DAY = at(17, 0, "ddd dd/mm/yy")


def msp_start(row: Row) -> object:
    """A milestone starts when it finishes: its actual date once done, else its scheduled finish."""
    return MSP_DAY(row["actual_date"] or row["forecast_date"])


def ms_project_milestones() -> Case:
    # The export wizard's sheet is Task_Table1; 'Milestone Code' is the alias of a custom text field, while the
    # initiative code sits in Text1, a custom field nobody aliased: its values are the initiatives' ids.
    layout: dict[str, Entry] = {
        "ID": lambda row: MSP_TASK_IDS[str(row["milestone_id"])],
        "Milestone Code": "milestone_id",
        "Task Name": "name",
        "Duration": lambda row: "0 days",
        "Start": msp_start,
        "Finish": Via("forecast_date", MSP_DAY),
        "Baseline Finish": Via("baseline_date", MSP_DAY),
        "Actual Finish": Via("actual_date", lambda day: "NA" if day is None else MSP_DAY(day)),
        "% Complete": lambda row: Shown(1.0 if row["actual_date"] else 0.0, "0%"),
        "Resource Names": "owner",
        "Text1": "initiative_id",
    }
    tabs = [
        *plains("initiatives", "benefits", "benefit_measurements", "costs"),
        tab("Task_Table1", "milestones", layout),
        *plains("kpis", "kpi_values", "actions"),
    ]
    return _case(
        "ms_project_milestones",
        "milestones pasted from Microsoft Project's export wizard: Task_Table1, ID (row numbers), Task Name, "
        "Duration '0 days', Start, Finish / Baseline Finish / Actual Finish at 17:00 with 'NA' when not done, "
        "% Complete, Resource Names, the initiative code in an unaliased custom field Text1",
        tabs,
        partial(workbook, "Portfolio plan with MSP milestones.xlsx"),
    )


# ---------------------------------------------------------------- Clarity PPM (Broadcom) / Planview-like

CLARITY_LOOK = Look(month=lambda day: day.strftime("%m/%Y"), wording={"capex": "Capital", "opex": "Operating"})

CLARITY: dict[str, tuple[str, dict[str, Entry]]] = {
    "initiatives": ("Investments", {
        "Investment ID": "initiative_id", "Investment Name": "name", "Portfolio": "portfolio", "Manager": "owner",
        "Sponsor": "sponsor", "Goal": "objective", "Status": "status", "Active": lambda row: "Yes",
        "Start": "start_date", "Finish": "end_date", "Budgeted Cost": "budget",
        "Actual Cost": lambda row: ACTUAL_TO_DATE[str(row["initiative_id"])]}),
    "benefits": ("Benefit Plans", {
        "Benefit Plan ID": "benefit_id", "Benefit Plan Name": "name", "Investment ID": "initiative_id",
        "Benefit Type": "type", "Perspective": "perspective", "Benefit Owner": "owner", "Unit": "unit",
        "Measure": "measure", "Baseline": "baseline", "Target": "target", "Unit Value": "unit_value",
        "Attribution %": "attribution_pct", "Disbenefit": "disbenefit", "Description": "description"}),
    "benefit_measurements": ("Benefit Plan Details", {
        "Benefit Plan ID": "benefit_id", "Fiscal Period": "period", "Planned Benefit": "planned",
        "Actual Benefit": "realized", "Variance": difference("planned", "realized"), "Notes": "note"}),
    "costs": ("Cost Plan Details", {
        "Investment ID": "initiative_id", "Investment Name": initiative_name, "Charge Code": "category",
        "Cost Type": "nature", "Vendor": "vendor", "Fiscal Period": "period", "Planned Cost": "planned",
        "Actual Cost": "actual", "Forecast Cost": forecast_cost, "Notes": "note"}),
}  # fmt: skip


def clarity_ppm() -> Case:
    tabs = [tab(label, sheet, layout, CLARITY_LOOK) for sheet, (label, layout) in CLARITY.items()]
    return _case(
        "clarity_ppm",
        "a Clarity PPM export: Investments with Manager, Goal, an Active flag and Budgeted / Actual Cost; cost plan "
        "details by Charge Code, Cost Type Capital / Operating, Fiscal Period 01/2026, Planned / Actual / Forecast "
        "Cost; benefit plans and their details with a Variance",
        [*tabs, *plains("milestones", "kpis", "kpi_values", "actions")],
        partial(workbook, "Clarity export.xlsx"),
    )


# ---------------------------------------------------------------- ServiceNow SPM list exports (CSV)

SN_LOOK = replace(CSV_PLAIN, wording={"active": "Work in Progress", "on_hold": "On Hold"})
SN_PERCENT = {"INI-01": "45.5", "INI-02": "30", "INI-03": "12"}
SN_ACTUAL_END = {"MS-01": "2026-02-20 16:34:12", "MS-02": "2026-05-12 11:02:47"}


def sn_state(row: Row) -> object:
    if row["actual_date"]:
        return "Closed Complete"
    return "Work in Progress" if row["milestone_id"] == "MS-03" else "Open"


SERVICENOW: dict[str, tuple[str, dict[str, Entry]]] = {
    # no sponsor and no objective in a ServiceNow project list: optional columns, simply absent
    "initiatives": ("pm_project", {
        "Number": "initiative_id", "Short description": "name", "Primary portfolio": "portfolio",
        "Project manager": "owner", "State": "status", "Planned start date": Via("start_date", text_at(8)),
        "Planned end date": Via("end_date", text_at(17)),
        "Budget cost": Via("budget", lambda value: f"${float(value):,.2f}"),  # type: ignore[arg-type]
        "Percent complete": lambda row: SN_PERCENT[str(row["initiative_id"])]}),
    "milestones": ("pm_project_task", {
        "Number": "milestone_id", "Short description": "name", "Project": "initiative_id",
        "Assigned to": "owner", "State": sn_state, "Due date": Via("baseline_date", text_at(17)),
        "Planned end date": Via("forecast_date", text_at(17)),
        # the actual end carries the time the task was closed
        "Actual end date": FromRow("actual_date", lambda row: SN_ACTUAL_END.get(str(row["milestone_id"])))}),
}  # fmt: skip


def servicenow_spm() -> Case:
    projects = tab("pm_project", "initiatives", SERVICENOW["initiatives"][1], SN_LOOK)
    milestone_tab = tab("pm_project_task", "milestones", SERVICENOW["milestones"][1], SN_LOOK)
    others = [plain(sheet, look=CSV_PLAIN) for sheet in ("benefits", "benefit_measurements", "costs", "kpis")]
    return _case(
        "servicenow_spm",
        "ServiceNow SPM list exports as CSV, every field quoted: pm_project (Number, Short description, Project "
        "manager, State 'Work in Progress', Planned start / end date as time stamps, Budget cost '$52,000.00', "
        "Percent complete) and pm_project_task (Assigned to, State, Due date, Planned end date, Actual end date)",
        [projects, *others, milestone_tab, *(plain(sheet, look=CSV_PLAIN) for sheet in ("kpi_values", "actions"))],
        partial(text_files, quoting=csv.QUOTE_ALL),
    )


# ---------------------------------------------------------------- Jira issue export (CSV) as the action log

JIRA_CREATED = {"ACT-01": "15/May/26 9:42 AM", "ACT-02": "13/Mar/26 2:17 PM"}
JIRA_UPDATED = {"ACT-01": "02/Jun/26 11:05 AM", "ACT-02": "28/Apr/26 4:05 PM"}
JIRA_RESOLVED = {"ACT-02": "28/Apr/26 4:05 PM"}


def jira_day(day: object) -> object:
    return None if day is None else f"{day:%d/%b/%y} 12:00 AM"


def jira_stamp(stamps: Mapping[str, str]) -> Callable[[Row], object]:
    return lambda row: stamps.get(str(row["action_id"]))


JIRA: dict[str, Entry] = {
    "Summary": "title",
    "Issue key": "action_id",
    "Issue id": lambda row: {"ACT-01": 10231, "ACT-02": 10187}[str(row["action_id"])],
    "Issue Type": lambda row: "Task",
    "Status": "status",
    "Priority": lambda row: "High" if row["action_id"] == "ACT-01" else "Medium",
    "Assignee": "owner",
    "Reporter": lambda row: "Grace Hopper",
    "Created": FromRow("raised_on", jira_stamp(JIRA_CREATED)),
    "Updated": jira_stamp(JIRA_UPDATED),
    "Due date": Via("due_date", jira_day),
    "Resolved": FromRow("closed_on", jira_stamp(JIRA_RESOLVED)),
    "Resolution": lambda row: "Done" if row["status"] == "done" else None,
    "Custom field (Initiative)": "initiative_id",
    "Custom field (KPI)": "kpi_id",
    "Custom field (Benefit)": "benefit_id",
    "Custom field (Outcome)": "outcome",
}


def jira_action_log() -> Case:
    look = replace(CSV_PLAIN, wording={"open": "To Do", "done": "Done"})
    issues = tab("Jira (3)", "actions", JIRA, look)
    return _case(
        "jira_action_log",
        "the action log kept in Jira and exported as 'Jira (3).csv': Summary, Issue key next to a numeric Issue id, "
        "Assignee / Reporter, Created / Updated / Resolved as '13/Mar/26 2:17 PM', Status To Do / Done, "
        "'Custom field (Initiative)'",
        [*(plain(sheet, look=CSV_PLAIN) for sheet in NOT_ACTIONS), issues],
        text_files,
    )


# ---------------------------------------------------------------- SAP controlling report pasted as Sheet1

COST_ELEMENTS = {"acquisition": 410000, "implementation": 420000, "operating": 430000}


def variance_percent(row: Row) -> object:
    if row["actual"] is None:
        return None
    return round((float(row["actual"]) - float(row["planned"])) / float(row["planned"]) * 100, 1)  # type: ignore[arg-type]


def sap_cost_report() -> Case:
    layout: dict[str, Entry] = {
        "CO Area": lambda row: "1000",
        "WBS Element": "initiative_id",
        "Fiscal Year/Period": Via("period", lambda day: f"{day.month:03d}/{day.year}"),  # type: ignore[attr-defined]
        "Cost Element": lambda row: COST_ELEMENTS[str(row["category"])],
        "Cost Element Name": "category",
        "CapEx/OpEx": "nature",
        "Vendor Name": "vendor",
        "Plan Value": "planned",
        "Actual Value": "actual",
        "Var.(%)": variance_percent,
        "Currency": lambda row: "USD",
        "Item Text": "note",
    }
    tabs = [
        *plains("initiatives", "benefits", "benefit_measurements"),
        tab("Sheet1", "costs", layout, Look(number=_excel("#,##0.00"))),
        *plains("milestones", "kpis", "kpi_values", "actions"),
    ]
    return _case(
        "sap_cost_report",
        "an SAP plan/actual report pasted into the workbook as 'Sheet1': CO Area, WBS Element, Fiscal Year/Period "
        "'001/2026', numeric Cost Element beside Cost Element Name, Plan Value / Actual Value, Var.(%), Currency",
        tabs,
        partial(workbook, "Portfolio with SAP costs.xlsx"),
    )


# ---------------------------------------------------------------- Australian Government benefit realisation register


def realised_to_date(row: Row) -> object:
    _, realized = PROFILES[str(row["benefit_id"])]
    measured = [value for value in realized if value is not None]
    return measured[-1] if row["measure"] == "level" else sum(measured)


AUSTRALIA: dict[str, tuple[str, dict[str, Entry]]] = {
    "initiatives": ("Project Register", {
        "Project No.": "initiative_id", "Project Name": "name", "Program": "portfolio",
        "Senior Responsible Official": "owner", "Project Sponsor": "sponsor", "Policy Objective": "objective",
        "Status": "status", "Commencement Date": "start_date", "Completion Date": "end_date",
        "Total Approved Funding ($)": "budget"}),
    "benefits": ("Benefit Realisation Register", {
        "Benefit No.": "benefit_id", "Benefit": "name", "Project No.": "initiative_id",
        "Benefit Category": "type", "Perspective": "perspective", "Responsible Officer": "owner",
        "Unit of Measure": "unit", "Measure Type": "measure", "Baseline": "baseline", "Target": "target",
        "Value per Unit ($)": "unit_value", "Attribution (%)": "attribution_pct", "Disbenefit (Y/N)": "disbenefit",
        "Description": "description",
        "Expected Realisation Date": lambda row: Shown(dt.datetime(2026, 8, 31), "dd/mm/yyyy"),
        "Benefit Realised to Date": realised_to_date}),
    "benefit_measurements": ("Benefit Measurement", {
        "Benefit No.": "benefit_id", "Reporting Period": "period", "Expected Value": "planned",
        "Realised Value": "realized", "Commentary": "note"}),
    "costs": ("Expenditure", {
        "Project No.": "initiative_id", "Month": "period", "Expenditure Category": "category",
        "Funding Type": "nature", "Budget ($)": "planned", "Expenditure ($)": "actual", "Supplier": "vendor",
        "Comments": "note"}),
    "milestones": ("Milestone Schedule", {
        "Milestone No.": "milestone_id", "Milestone Description": "name", "Project No.": "initiative_id",
        "Responsible Officer": "owner", "Original Date": "baseline_date", "Revised Date": "forecast_date",
        "Date Achieved": "actual_date"}),
    "kpis": ("Performance Measures", {
        "Measure ID": "kpi_id", "Performance Measure": "name", "Perspective": "perspective", "Theme": "theme",
        "Project No.": "initiative_id", "Responsible Officer": "owner", "Unit of Measure": "unit",
        "Desired Trend": "direction", "Target": "target", "Tolerance": "threshold",
        "Reporting Frequency": "frequency", "Leading/Lagging": "indicator", "Methodology": "definition",
        "Rationale": "rationale", "Remedial Action": "response"}),
    "kpi_values": ("Measure Results", {
        "Measure ID": "kpi_id", "Reporting Period": "period", "Result": "value", "Commentary": "note"}),
    "actions": ("Action Register", {
        "Action No.": "action_id", "Action Required": "title", "Responsible Officer": "owner",
        "Date Raised": "raised_on", "Due Date": "due_date", "Status": "status", "Date Completed": "closed_on",
        "Project No.": "initiative_id", "Measure ID": "kpi_id", "Benefit No.": "benefit_id", "Outcome": "outcome"}),
}  # fmt: skip


def australian_register() -> Case:
    return _case(
        "australian_register",
        "an Australian Government agency: Benefit Realisation Register, Senior Responsible Official, Responsible "
        "Officer, Total Approved Funding ($), Original / Revised Date, Desired Trend, Tolerance, Methodology, "
        "Remedial Action, plus 'Benefit Realised to Date' and 'Expected Realisation Date' (warnings)",
        [tab(label, sheet, layout) for sheet, (label, layout) in AUSTRALIA.items()],
        partial(workbook, "Benefit Realisation Register.xlsx"),
    )


# ---------------------------------------------------------------- Government of Canada: bilingual headers


def fiscal_year(row: Row) -> object:
    """The Government of Canada's fiscal year runs April to March."""
    day = row["period"]
    assert isinstance(day, dt.date)
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


CANADA: dict[str, tuple[str, dict[str, Entry]]] = {
    "initiatives": ("Projects - Projets", {
        "Project Number / Numéro de projet": "initiative_id", "Project Title / Titre du projet": "name",
        "Program / Programme": "portfolio", "Business Owner / Responsable opérationnel": "owner",
        "Executive Sponsor / Parrain exécutif": "sponsor",
        "Departmental Result / Résultat ministériel": "objective", "Status / État": "status",
        "Start Date / Date de début": "start_date", "End Date / Date de fin": "end_date",
        "Approved Budget ($) / Budget approuvé ($)": "budget"}),
    "benefits": ("Benefits - Avantages", {
        "Benefit ID / ID de l'avantage": "benefit_id", "Benefit / Avantage": "name",
        "Project Number / Numéro de projet": "initiative_id", "Benefit Type / Type d'avantage": "type",
        "Perspective / Perspective": "perspective", "Benefit Owner / Responsable de l'avantage": "owner",
        "Unit / Unité": "unit", "Measure / Mesure": "measure", "Baseline / Base de référence": "baseline",
        "Target / Cible": "target", "Value per Unit ($) / Valeur par unité ($)": "unit_value",
        "Attribution (%) / Attribution (%)": "attribution_pct", "Disbenefit / Effet négatif": "disbenefit",
        "Description / Description": "description"}),
    "benefit_measurements": ("Benefit Tracking - Suivi", {
        "Benefit ID / ID de l'avantage": "benefit_id", "Month / Mois": "period", "Planned / Prévu": "planned",
        "Actual / Réel": "realized", "Note / Remarque": "note"}),
    "costs": ("Costs - Coûts", {
        "Project Number / Numéro de projet": "initiative_id", "Fiscal Year / Exercice": fiscal_year,
        "Month / Mois": "period", "Cost Category / Catégorie de coûts": "category",
        "Capex/Opex / Immobilisations/Fonctionnement": "nature", "Planned ($) / Prévu ($)": "planned",
        "Actual ($) / Réel ($)": "actual", "Vendor / Fournisseur": "vendor", "Note / Remarque": "note"}),
    "milestones": ("Milestones - Jalons", {
        "Milestone ID / ID du jalon": "milestone_id", "Milestone / Jalon": "name",
        "Project Number / Numéro de projet": "initiative_id", "Owner / Responsable": "owner",
        "Baseline Date / Date de référence": "baseline_date", "Forecast Date / Date prévue": "forecast_date",
        "Actual Date / Date réelle": "actual_date"}),
    "kpis": ("Indicators - Indicateurs", {
        "Indicator ID / ID de l'indicateur": "kpi_id", "Indicator / Indicateur": "name",
        "Perspective / Perspective": "perspective", "Theme / Thème": "theme",
        "Project Number / Numéro de projet": "initiative_id", "Owner / Responsable": "owner",
        "Unit / Unité": "unit", "Direction / Orientation": "direction", "Target / Cible": "target",
        "Threshold / Seuil": "threshold", "Frequency / Fréquence": "frequency",
        "Leading or Lagging / Avancé ou retardé": "indicator", "Definition / Définition": "definition",
        "Rationale / Justification": "rationale", "Response / Intervention": "response"}),
    "kpi_values": ("Results - Résultats", {
        "Indicator ID / ID de l'indicateur": "kpi_id", "Month / Mois": "period", "Result / Résultat": "value",
        "Note / Remarque": "note"}),
    "actions": ("Actions - Mesures", {
        "Action ID / ID de la mesure": "action_id", "Action / Mesure": "title", "Owner / Responsable": "owner",
        "Date Raised / Date de création": "raised_on", "Due Date / Date d'échéance": "due_date",
        "Status / État": "status", "Date Closed / Date de clôture": "closed_on",
        "Project Number / Numéro de projet": "initiative_id", "Indicator ID / ID de l'indicateur": "kpi_id",
        "Benefit ID / ID de l'avantage": "benefit_id", "Outcome / Résultat": "outcome"}),
}  # fmt: skip


def canada_bilingual() -> Case:
    look = Look(day=_excel("yyyy-mm-dd"), month=_excel("yyyy-mm"))
    return _case(
        "canada_bilingual",
        "a Government of Canada department: every header English / French ('Business Owner / Responsable "
        "opérationnel'), Departmental Result as the objective, a Fiscal Year column (2025-26 / 2026-27), ISO dates",
        [tab(label, sheet, layout, look) for sheet, (label, layout) in CANADA.items()],
        partial(workbook, "Suivi des avantages - Benefits tracking.xlsx"),
    )


# ---------------------------------------------------------------- English as a second language

SECOND_LANGUAGE: dict[str, tuple[str, dict[str, Entry]]] = {
    "initiatives": ("Projects list", {
        "Code": "initiative_id", "Project name": "name", "Portfolio": "portfolio", "Responsible person": "owner",
        "Curator": "sponsor", "Goal": "objective", "Status": "status", "Date of start": "start_date",
        "Date of finish": "end_date", "Budget": "budget"}),
    "benefits": ("Benefits list", {
        "Benefit code": "benefit_id", "Benefit name": "name", "Project code": "initiative_id",
        "Type of benefit": "type", "Perspective": "perspective", "Responsible person": "owner",
        "Unit of measurement": "unit", "Type of measure": "measure", "Base value": "baseline",
        "Target value": "target", "Cost of unit": "unit_value", "Share of attribution, %": "attribution_pct",
        "Negative effect": "disbenefit", "Description": "description"}),
    "benefit_measurements": ("Benefits plan-fact", {
        "Benefit code": "benefit_id", "Month of realisation": "period", "Plan value": "planned",
        "Fact value": "realized", "Comment": "note"}),
    "costs": ("Budget plan-fact", {
        "Project code": "initiative_id", "Period": "period", "Expense item": "category",
        "Type of expenses": "nature", "Plan value": "planned", "Fact value": "actual", "Contractor": "vendor",
        "Comment": "note"}),
    "milestones": ("Control points", {
        "Code": "milestone_id", "Control point": "name", "Project code": "initiative_id",
        "Responsible person": "owner", "Plan date": "baseline_date", "Forecast date": "forecast_date",
        "Fact date": "actual_date"}),
    "kpis": ("Indicators", {
        "Indicator code": "kpi_id", "Indicator name": "name", "Perspective": "perspective", "Theme": "theme",
        "Project code": "initiative_id", "Responsible person": "owner", "Unit of measurement": "unit",
        "Direction": "direction", "Target value": "target", "Critical value": "threshold",
        "Periodicity": "frequency", "Type of indicator": "indicator", "Calculation method": "definition",
        "Purpose": "rationale", "Measures at deviation": "response"}),
    "kpi_values": ("Indicators values", {
        "Indicator code": "kpi_id", "Period": "period", "Fact value": "value", "Comment": "note"}),
    "actions": ("Instructions", {
        "No.": "action_id", "Instruction": "title", "Executor": "owner", "Date of issue": "raised_on",
        "Deadline": "due_date", "Status": "status", "Date of execution": "closed_on", "Project code": "initiative_id",
        "Indicator code": "kpi_id", "Benefit code": "benefit_id", "Result": "outcome"}),
}  # fmt: skip


def second_language() -> Case:
    look = Look(day=_excel("dd.mm.yyyy"), month=_excel("mm.yyyy"), wording={"capex": "CAPEX", "opex": "OPEX"})
    return _case(
        "second_language",
        "an office writing English as a second language: Responsible person, Curator (the sponsor: a column of "
        "people for the missing sponsor, asked), Plan value / Fact value, Control points, Critical value, "
        "Periodicity, Executor, Deadline, dd.mm.yyyy dates",
        [tab(label, sheet, layout, look) for sheet, (label, layout) in SECOND_LANGUAGE.items()],
        partial(workbook, "Portfolio monitoring.xlsx"),
        questions=(("Projects list", "Curator"),),
        answers=("Projects list!Curator=initiatives.sponsor",),
    )


# ---------------------------------------------------------------- a reporting tool: header on row 5


def report_header_row5() -> Case:
    tabs = []
    edits: dict[str, list[Edit]] = {}
    for sheet, (label, _) in PLAIN.items():
        above: list[list[object]] = [
            [],  # the logo floats over row 1
            [f"Contoso PPM - {label} report"],
            ["Filter criteria:", "Portfolio: (All)", "Status: Active; On hold", "Period: Jan 2026 - Dec 2026"],
            ["Run by svc-ppm-reporting on 15/06/2026 07:00", None, None, None, None, "Page 1 of 1"],
        ]
        tabs.append(framed(plain(sheet, f"{label} Report"), above))
        edits[f"{label} Report"] = [merge("A2:F2"), auto_filter(5)]
    return _case(
        "report_header_row5",
        "a reporting tool's export: row 1 left for a floating logo, a merged title, a filter-criteria row with "
        "several cells, a run-by line, the header on row 5 with an auto filter",
        tabs,
        partial(workbook, "PPM report 2026-06-15.xlsx", edits=edits),
    )


# ---------------------------------------------------------------- a table starting at B2, a totals row, a footnote


def indented_grid() -> Case:
    costs = plain("costs")
    planned = sum(float(row["planned"]) for row in COSTS)  # type: ignore[arg-type]
    actual = sum(float(row["actual"]) for row in COSTS if row["actual"] is not None)  # type: ignore[arg-type]
    tabs = []
    for sheet in PLAIN:
        below: list[list[object]] = []
        if sheet == "costs":
            below = [["Total", None, None, None, planned, actual]]
        elif sheet == "initiatives":
            below = [[], ["Source: PMO register, budgets in USD as approved at gate 2."]]
        tabs.append(framed(costs if sheet == "costs" else plain(sheet), [[]], 1, below))
    return _case(
        "indented_grid",
        "hand-kept tables that start at B2 (an empty column A and row 1), a bold 'Total' row under the costs "
        "and a source footnote under the initiatives",
        tabs,
        partial(workbook, "Portfolio tracker v7 FINAL.xlsx"),
    )


# ---------------------------------------------------------------- a dashboard and a hidden list sheet beside the data


def dashboard_rows() -> list[list[object]]:
    latest = {kpi_id: series[-1] for kpi_id, series in KPI_SERIES.items()}
    rag = {"KPI-01": "Amber", "KPI-02": "Green", "KPI-03": "Red"}
    rows: list[list[object]] = [
        ["Portfolio Dashboard - June 2026"],
        [],
        ["Row Labels", "Sum of Planned", "Sum of Actual"],
    ]
    rows += [[key, PLANNED_TOTAL[key], ACTUAL_TO_DATE[key]] for key in PLANNED_TOTAL]
    rows += [["Grand Total", sum(PLANNED_TOTAL.values()), sum(ACTUAL_TO_DATE.values())], []]
    rows += [["KPI", "Latest", "Target", "RAG"]]
    rows += [[kpi["name"], latest[str(kpi["kpi_id"])], kpi["target"], rag[str(kpi["kpi_id"])]] for kpi in KPIS]
    return rows


LISTS = {
    "Status": ["Proposed", "Active", "On hold", "Closed", "Cancelled"],
    "Category": ["Acquisition", "Implementation", "Operating", "Renewal", "Exit"],
    "Capex/Opex": ["Capex", "Opex"],
    "Benefit Type": ["Cash releasing", "Non cash releasing", "Quantifiable", "Qualitative"],
    "Perspective": ["Financial", "Customer", "Internal process", "Learning growth"],
    "Direction": ["Higher is better", "Lower is better"],
    "Frequency": ["Monthly", "Quarterly", "Annual"],
    "Yes/No": ["Yes", "No"],
}


def dashboard_and_lists() -> Case:
    lists = [list(LISTS), *(list(row) for row in zip_longest(*LISTS.values()))]
    tabs = [notes_tab("Dashboard", dashboard_rows()), *(plain(sheet) for sheet in PLAIN), notes_tab("Lists", lists)]
    return _case(
        "dashboard_and_lists",
        "a dashboard sheet first (a pivot: Row Labels / Sum of Planned / Sum of Actual / Grand Total, a KPI RAG "
        "table) and a hidden 'Lists' sheet feeding the dropdowns (Status, Category, Capex/Opex ...): neither is "
        "data; taking one for a template sheet is wrong, asking about it is acceptable",
        tabs,
        partial(workbook, "Portfolio dashboard.xlsx", edits={"Lists": [hide]}),
        answers=("Dashboard=-", "Lists=-"),
    )


# ---------------------------------------------------------------- one costs tab per project


def per_project_cost_tabs() -> Case:
    layout = {header: column for header, column in PLAIN["costs"][1].items() if column != "note"}
    cost_tabs = [
        tab(
            str(item["name"]),
            "costs",
            layout,
            rows=[row for row in COSTS if row["initiative_id"] == item["initiative_id"]],
        )
        for item in INITIATIVES
    ]
    names = [str(item["name"]) for item in INITIATIVES]
    return _case(
        "per_project_cost_tabs",
        "each project manager keeps a costs tab named after the project, same headers: the first is taken as "
        "the costs, the two others are asked about",
        [
            *plains("initiatives", "benefits", "benefit_measurements"),
            *cost_tabs,
            *plains("milestones", "kpis", "kpi_values", "actions"),
        ],
        partial(workbook, "Project costs by PM.xlsx"),
        questions=((names[1], None), (names[2], None)),
        answers=tuple(f"{name}=costs" for name in names),
    )


# ---------------------------------------------------------------- a benefits tracker: months across, merged cells


def benefit_tracker() -> tuple[Tab, list[str]]:
    """Two rows per benefit (Plan, Actual), a column per month 'January 2026', a Total; the benefit's own cells
    merged down over its two rows, as people lay out a tracker."""
    header: list[object] = ["Benefit ID", "Benefit", "Benefit Owner", "Initiative", "Plan / Actual"]
    header += [f"{day:%B %Y}" for day in MONTHS[:8]] + ["Total"]
    rows: list[list[object]] = [header]
    merges = []
    for benefit in BENEFITS:
        planned, realized = PROFILES[str(benefit["benefit_id"])]
        first = len(rows) + 1
        for word, values in (("Plan", list(planned)), ("Actual", [*realized, None, None])):
            total = None if benefit["measure"] == "level" else sum(value for value in values if value is not None)
            keys = [benefit["benefit_id"], benefit["name"], benefit["owner"], benefit["initiative_id"]]
            rows.append([*(keys if word == "Plan" else [None] * 4), word, *values, total])
        merges += [f"{letter}{first}:{letter}{first + 1}" for letter in "ABCD"]
    columns: dict[str, str | None] = {
        "Benefit ID": "benefit_id",
        "Benefit": None,
        "Benefit Owner": None,
        "Initiative": None,
        "Plan / Actual": None,
        "Total": None,
    }
    return Tab("Benefits Tracker", "benefit_measurements", rows, 1, columns), merges


def wide_benefit_tracker() -> Case:
    tracker, merges = benefit_tracker()
    tabs = [
        *plains("initiatives", "benefits"),
        tracker,
        *plains("costs", "milestones", "kpis", "kpi_values", "actions"),
    ]
    return _case(
        "wide_benefit_tracker",
        "a benefits tracker: Plan and Actual rows per benefit, months across as 'January 2026', a Total column, "
        "the benefit's ID, name, owner and initiative merged down over its two rows",
        tabs,
        partial(workbook, "Benefits Tracker 2026.xlsx", edits={"Benefits Tracker": [merge(*merges)]}),
    )


# ---------------------------------------------------------------- headers with line breaks, units, stars, stray spaces

BROKEN_HEADERS: dict[str, tuple[str, dict[str, Entry]]] = {
    "initiatives": ("Initiatives", {
        "Initiative\nID*": "initiative_id", "Initiative\nName*": "name", "Portfolio ": "portfolio",
        "Owner*": "owner", "Sponsor": "sponsor", "Strategic\nObjective": "objective", "Status": "status",
        "Start\u00a0Date": "start_date", "End\u00a0Date": "end_date", "Approved\nBudget\n(USD)": "budget"}),
    "benefits": ("Benefits", {
        "Benefit\nID*": "benefit_id", "Benefit*": "name", "Initiative\nID*": "initiative_id", "Type*": "type",
        "Perspective": "perspective", "Owner*": "owner", "Unit": "unit", "Measure\n(flow / level)": "measure",
        "Baseline": "baseline", "Target": "target", "Unit Value\n(USD per unit)": "unit_value",
        "Attribution\n(%)": "attribution_pct", "Dis-benefit?\n(Y/N)": "disbenefit", "Description": "description"}),
    "benefit_measurements": ("Benefit Tracking", {
        "Benefit\nID": "benefit_id", "Month\n(mmm-yy)": "period", "Planned\n(units)": "planned",
        "Realised\n(units)": "realized", "Evidence /\nsource": "note"}),
    "costs": ("Costs", {
        "Initiative\nID": "initiative_id", "Month": "period", "Category": "category", "Capex /\nOpex": "nature",
        "Planned\n(USD)": "planned", "Actual\n(USD)": "actual", "Vendor ": "vendor", "Note": "note"}),
    "milestones": ("Milestones", {
        "Milestone\nID": "milestone_id", "Milestone": "name", "Initiative\nID": "initiative_id", "Owner": "owner",
        "Baseline\nDate": "baseline_date", "Forecast\nDate": "forecast_date", "Actual\nDate": "actual_date"}),
    "kpis": ("KPIs", {
        "KPI\nID": "kpi_id", "KPI": "name", "Perspective": "perspective", "Theme": "theme",
        "Initiative\nID": "initiative_id", "Owner": "owner", "Unit": "unit",
        "Direction\n(higher / lower\nis better)": "direction", "Target": "target", "Red\nThreshold": "threshold",
        "Frequency": "frequency", "Leading /\nLagging": "indicator", "Definition": "definition",
        "Rationale": "rationale", "Response": "response"}),
    "kpi_values": ("KPI Values", {"KPI\nID": "kpi_id", "Month": "period", "Value": "value", "Note": "note"}),
    "actions": ("Actions", {
        "Action\nID": "action_id", "Action": "title", "Owner": "owner", "Date\nRaised": "raised_on",
        "Due\nDate": "due_date", "Status": "status", "Date\nClosed": "closed_on", "Initiative\nID": "initiative_id",
        "KPI\nID": "kpi_id", "Benefit\nID": "benefit_id", "Outcome": "outcome"}),
}  # fmt: skip


def line_breaks_and_units() -> Case:
    tabs = [tab(label, sheet, layout, Look(yes_no=("Y", "N"))) for sheet, (label, layout) in BROKEN_HEADERS.items()]
    return _case(
        "line_breaks_and_units",
        "a formatted template: wrapped headers with line breaks and units ('Planned\\n(USD)', 'Direction\\n(higher "
        "/ lower\\nis better)'), required columns starred ('Owner*'), non-breaking and trailing spaces",
        tabs,
        partial(workbook, "Portfolio template (formatted).xlsx", edits={tab_.label: [wrap_row(1)] for tab_ in tabs}),
    )


# ---------------------------------------------------------------- a grouped two-row header

TWO_ROWS: dict[str, tuple[str, dict[str, Entry], list[tuple[str, str, str]]]] = {
    "initiatives": ("Initiatives", {
        "ID": "initiative_id", "Name": "name", "Portfolio": "portfolio", "Owner": "owner", "Sponsor": "sponsor",
        "Objective": "objective", "Status": "status", "Start": "start_date", "End": "end_date", "Budget": "budget"},
        [("Initiative", "ID", "Name"), ("People", "Owner", "Sponsor"), ("Timeline", "Start", "End")]),
    "benefit_measurements": ("Benefit Tracking", {
        "Benefit": "benefit_id", "Month": "period", "Planned": "planned", "Realised": "realized", "Note": "note"},
        [("Benefit value", "Planned", "Realised")]),
    "costs": ("Costs", {
        "Initiative": "initiative_id", "Month": "period", "Category": "category", "Capex/Opex": "nature",
        "Planned": "planned", "Actual": "actual", "Vendor": "vendor", "Note": "note"},
        [("Classification", "Category", "Capex/Opex"), ("USD", "Planned", "Actual")]),
    "milestones": ("Milestones", {
        "ID": "milestone_id", "Name": "name", "Initiative": "initiative_id", "Owner": "owner",
        "Baseline": "baseline_date", "Forecast": "forecast_date", "Actual": "actual_date"},
        [("Milestone", "ID", "Name"), ("Dates", "Baseline", "Actual")]),
    "kpis": ("KPIs", PLAIN["kpis"][1],
        [("Card", "KPI ID", "KPI"), ("Thresholds", "Target", "Threshold"), ("Narrative", "Definition", "Response")]),
}  # fmt: skip


def two_row_headers() -> Case:
    tabs = []
    edits: dict[str, list[Edit]] = {}
    for sheet in PLAIN:
        if sheet not in TWO_ROWS:
            tabs.append(plain(sheet))
            continue
        label, layout, groups = TWO_ROWS[sheet]
        grouped_tab, merges = grouped(tab(label, sheet, layout), groups)
        tabs.append(grouped_tab)
        edits[label] = [merge(*merges)]
    return _case(
        "two_row_headers",
        "a grouped header: a merged group row ('Dates' over Baseline / Forecast / Actual, 'USD' over Planned / "
        "Actual) above bare headers ID, Name, Initiative, Benefit",
        tabs,
        partial(workbook, "Portfolio grouped headers.xlsx", edits=edits),
    )


# ---------------------------------------------------------------- a data warehouse extract: ALL_CAPS, NULL

WAREHOUSE: dict[str, tuple[str, dict[str, Entry]]] = {
    "initiatives": ("VW_PPM_INITIATIVE", {
        "INITIATIVE_ID": "initiative_id", "INITIATIVE_NAME": "name", "PORTFOLIO_NAME": "portfolio",
        "OWNER_NAME": "owner", "SPONSOR_NAME": "sponsor", "STRATEGIC_OBJECTIVE": "objective",
        "STATUS_CODE": "status", "START_DT": "start_date", "END_DT": "end_date", "BUDGET_AMT": "budget"}),
    "benefits": ("VW_PPM_BENEFIT", {
        "BENEFIT_ID": "benefit_id", "INITIATIVE_ID": "initiative_id", "BENEFIT_NAME": "name",
        "BENEFIT_TYPE_CODE": "type", "BSC_PERSPECTIVE_CODE": "perspective", "BENEFIT_OWNER_NAME": "owner",
        "UOM_CODE": "unit", "MEASURE_TYPE_CODE": "measure", "BASELINE_VAL": "baseline", "TARGET_VAL": "target",
        "UNIT_VALUE_AMT": "unit_value", "ATTRIBUTION_PCT": "attribution_pct", "DISBENEFIT_FLG": "disbenefit",
        "BENEFIT_DESC": "description"}),
    "benefit_measurements": ("VW_PPM_BENEFIT_MONTH", {
        "BENEFIT_ID": "benefit_id", "PERIOD_MONTH": "period", "PLANNED_VAL": "planned",
        "REALIZED_VAL": "realized", "EVIDENCE_TXT": "note"}),
    "costs": ("VW_PPM_COST_MONTH", {
        "INITIATIVE_ID": "initiative_id", "PERIOD_MONTH": "period", "COST_CATEGORY_CODE": "category",
        "CAPEX_OPEX_CODE": "nature", "PLANNED_AMT": "planned", "ACTUAL_AMT": "actual", "VENDOR_NAME": "vendor",
        "COMMENT_TXT": "note"}),
    "milestones": ("VW_PPM_MILESTONE", {
        "MILESTONE_ID": "milestone_id", "INITIATIVE_ID": "initiative_id", "MILESTONE_NAME": "name",
        "OWNER_NAME": "owner", "BASELINE_DT": "baseline_date", "FORECAST_DT": "forecast_date",
        "ACTUAL_DT": "actual_date"}),
    "kpis": ("VW_PPM_KPI", {
        "KPI_ID": "kpi_id", "KPI_NAME": "name", "BSC_PERSPECTIVE_CODE": "perspective", "THEME_CODE": "theme",
        "INITIATIVE_ID": "initiative_id", "OWNER_NAME": "owner", "UOM_CODE": "unit", "DIRECTION_CODE": "direction",
        "TARGET_VAL": "target", "THRESHOLD_VAL": "threshold", "FREQUENCY_CODE": "frequency",
        "INDICATOR_TYPE_CODE": "indicator", "DEFINITION_TXT": "definition", "RATIONALE_TXT": "rationale",
        "RESPONSE_TXT": "response"}),
    "kpi_values": ("VW_PPM_KPI_MONTH", {
        "KPI_ID": "kpi_id", "PERIOD_MONTH": "period", "ACTUAL_VAL": "value", "COMMENT_TXT": "note"}),
    "actions": ("VW_PPM_ACTION", {
        "ACTION_ID": "action_id", "ACTION_TITLE": "title", "OWNER_NAME": "owner", "RAISED_DT": "raised_on",
        "DUE_DT": "due_date", "STATUS_CODE": "status", "CLOSED_DT": "closed_on", "INITIATIVE_ID": "initiative_id",
        "KPI_ID": "kpi_id", "BENEFIT_ID": "benefit_id", "OUTCOME_TXT": "outcome"}),
}  # fmt: skip


def warehouse_extract() -> Case:
    def stamp(day: dt.date) -> str:
        return f"{day.isoformat()} 00:00:00.000"

    look = Look(day=stamp, month=stamp, number=_plain_number, yes_no=("Y", "N"), choice=str.upper)
    tabs = [
        tab(label, sheet, {**layout, "ETL_LOAD_TS": lambda row: "2026-06-15 02:00:00.000"}, look)
        for sheet, (label, layout) in WAREHOUSE.items()
    ]
    return _case(
        "warehouse_extract",
        "a data warehouse's views saved from SQL Server Management Studio: ALL_CAPS_WITH_UNDERSCORES (PLANNED_AMT, "
        "DISBENEFIT_FLG, START_DT), upper-case codes (CASH_RELEASING), '2026-02-27 00:00:00.000', NULL for empty, "
        "an ETL_LOAD_TS column",
        tabs,
        partial(text_files, null="NULL"),
    )


# ---------------------------------------------------------------- a tab-separated "CSV" with formatted numbers


def tab_separated() -> Case:
    look = replace(CSV_PLAIN, number=lambda value: f"{float(value):,.2f}")  # type: ignore[arg-type]
    return _case(
        "tab_separated",
        "a tool's 'CSV' that is tab-separated, numbers formatted with thousands commas (10,000.00), ISO dates",
        [plain(sheet, look=look) for sheet in PLAIN],
        partial(text_files, delimiter="\t"),
    )


# ---------------------------------------------------------------- Smartsheet: Primary Column and system columns

SMARTSHEET_CREATED = {"INI-01": dt.datetime(2025, 11, 3, 9, 14), "INI-02": dt.datetime(2025, 11, 3, 9, 31),
                      "INI-03": dt.datetime(2025, 12, 8, 15, 2)}  # fmt: skip
SMARTSHEET_MODIFIED = dt.datetime(2026, 6, 12, 16, 48)


def email(name: object) -> str:
    return str(name).lower().replace(" ", ".") + "@contoso.com"


def smartsheet_intake() -> Case:
    stamp = "mm/dd/yy h:mm AM/PM"
    layout: dict[str, Entry] = {
        "Primary Column": "name",
        "Project ID": "initiative_id",
        "Portfolio": "portfolio",
        "Project Owner": "owner",
        "Executive Sponsor": "sponsor",
        "Strategic Alignment": "objective",
        "Status": "status",
        "Start Date": "start_date",
        "End Date": "end_date",
        "Budget": "budget",
        "Created": lambda row: Shown(SMARTSHEET_CREATED[str(row["initiative_id"])], stamp),
        "Created By": lambda row: email(row["owner"]),
        "Modified": lambda row: Shown(SMARTSHEET_MODIFIED, stamp),
        "Modified By": lambda row: "pmo.office@contoso.com",
    }
    tabs = [
        tab("Project Intake", "initiatives", layout, Look(day=_excel("mm/dd/yy"))),
        *(plain(sheet) for sheet in PLAIN if sheet != "initiatives"),
    ]
    return _case(
        "smartsheet_intake",
        "initiatives from a Smartsheet intake sheet: the project name left in the default 'Primary Column', "
        "Strategic Alignment, and the system columns Created / Created By / Modified / Modified By; with the name "
        "missing, each text column (the e-mail addresses of Created By and Modified By too) is asked about",
        tabs,
        partial(workbook, "Project Intake.xlsx"),
        questions=(
            ("Project Intake", "Primary Column"),
            ("Project Intake", "Created By"),
            ("Project Intake", "Modified By"),
        ),
        answers=(
            "Project Intake!Primary Column=initiatives.name",
            "Project Intake!Created By=-",
            "Project Intake!Modified By=-",
        ),
    )


# =========================================================================== the corpus

WORLD_CASES: tuple[Case, ...] = (
    ms_project_milestones(),
    clarity_ppm(),
    servicenow_spm(),
    jira_action_log(),
    sap_cost_report(),
    australian_register(),
    canada_bilingual(),
    second_language(),
    report_header_row5(),
    indented_grid(),
    dashboard_and_lists(),
    per_project_cost_tabs(),
    wide_benefit_tracker(),
    line_breaks_and_units(),
    two_row_headers(),
    warehouse_extract(),
    tab_separated(),
    smartsheet_intake(),
)
WORLD_CASES_BY_NAME: dict[str, Case] = {case.name: case for case in WORLD_CASES}

# Sheet-level questions a case may also raise without being wrong: a sheet that is not data (a dashboard, a
# dropdown-list sheet) may be asked about rather than left out; taking it for a template sheet is still wrong.
OPTIONAL_QUESTIONS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "dashboard_and_lists": (("Dashboard", None), ("Lists", None)),
}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/intake_corpus_world.py OUTDIR")
    for path in write_all(Path(sys.argv[1]), WORLD_CASES):
        print(path)
