"""Streamlit glue shared by app.py and the pages: notices, forms, downloads."""

from __future__ import annotations

import datetime as dt
from typing import NoReturn

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from realize import measures
from realize.contract import catalog, schema
from realize.contract import settings as settings_module
from realize.contract.roles import Editor, NotAllowed
from realize.intake import guard
from realize.intake.ingest import ParsedUpload
from realize.ledger.store import Refused, Store, backup_zip, count_of, history_table
from realize.measures import Filters
from realize.report import board_pack, export, formats, headlines, workbook
from realize.web import auth, queries
from realize.web import filters as filters_module
from realize.web.process_store import get_store


def sample_notice(store: Store) -> None:
    """Said on every page while the bundled sample is what is shown."""
    if store.showing_sample():
        st.info(
            "**You are looking at the sample portfolio**, a made-up set of initiatives to explore the app. "
            "Upload your own workbook on the Data page: applying your first upload removes the sample.",
            icon=":material/science:",
        )


def nothing_to_show(filters: Filters, noun: str, what_to_upload: str) -> NoReturn:
    """Say why a page is empty and what to do about it, then stop the page.

    A filter hides everything: clear it. No data at all (a new database, or every upload reverted): upload,
    or an editor brings the sample back with one click. Data, but none of this kind: upload it.
    """
    if filters.portfolios or filters.initiatives or filters.owners:
        st.info(f"No {noun} matches these filters: clear a filter in the sidebar to see more.")
    elif all(queries.current(sheet.name).empty for sheet in schema.SHEETS):
        st.info(
            "There is no portfolio data yet. Upload your workbook on the Data page (the template there shows "
            "the sheets and columns), or explore the app with the sample portfolio.",
            icon=":material/inbox:",
        )
        _load_sample_button()
    else:
        st.info(f"No {noun} is recorded yet: upload {what_to_upload} on the Data page.")
    st.stop()


def _load_sample_button() -> None:
    if not auth.can_edit():
        return
    auth.name_input()
    editor = auth.current_editor()
    if st.button("Load the sample portfolio", icon=":material/science:", disabled=editor is None) and editor:
        try:
            get_store().load_sample_again(editor)
        except Refused as refused:
            st.error(str(refused))
            return
        st.rerun()


def stale_data_notice(filters: Filters) -> None:
    """When the data ends months before the as-of date, say so and offer the data's own month in one click."""
    latest = queries.latest_data_month()
    if latest is None or not filters_module.data_ends_before(latest, filters.as_of):
        return
    month_end = filters_module.month_end(latest)
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.info(
        f"**Your latest data is for {formats.month(latest)}.** Numbers to date run up to "
        f"{formats.month(filters.as_of)}, so the months after {formats.month(latest)} count as not yet reported "
        "and KPIs read as stale.",
        icon=":material/history:",
    )
    right.button(
        f"Show as of {formats.day(month_end)}",
        on_click=filters_module.set_as_of,
        args=(month_end,),
        icon=":material/event:",
        width="stretch",
    )


def download_buttons(frame: pd.DataFrame, file_stem: str, *, key: str, currency: str | None) -> None:
    """CSV and Excel downloads of one table as people read it, side by side, formula-safe; made only when clicked.

    `currency` is the reporting currency the table's money is in; None for a table that holds no money.
    """
    left, right = st.columns(2)
    left.download_button(
        "Download CSV",
        lambda: export.readable_csv_bytes(frame, currency=currency),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        width="stretch",
    )
    right.download_button(
        "Download Excel",
        lambda: export.readable_xlsx_bytes({formats.header(file_stem): frame}, currency=currency),
        file_name=f"{file_stem}.xlsx",
        mime=export.XLSX_MIME,
        key=f"{key}_xlsx",
        icon=":material/download:",
        width="stretch",
    )


# The views the board pack reads: every page table's, and those the Portfolio headline is made of.
_BOARD_PACK_VIEWS = tuple(
    dict.fromkeys((*(table.view for table in catalog.PAGE_TABLES), "initiative_summary", "scorecard", "action_status"))
)


def board_pack_download(filters: Filters, currency: str) -> None:
    """The board pack of these filters offered in the sidebar; made only when clicked."""
    store = get_store()
    st.sidebar.download_button(
        "Board pack (.xlsx)",
        lambda: board_pack_for(store, filters, currency),
        file_name=f"board_pack_{filters.as_of:%Y-%m-%d}.xlsx",
        mime=export.XLSX_MIME,
        on_click="ignore",
        key="board_pack",
        icon=":material/download:",
        width="stretch",
        help="The Portfolio headline and every page's main table for these filters, one sheet each, "
        "formatted for reading.",
    )


def board_pack_for(store: Store, filters: Filters, currency: str) -> bytes:
    """The board pack's data for these filters, straight from the measures (a download is made outside the
    page's run, where Streamlit's caches are not at hand): the pages' main tables and the Portfolio headline."""
    described = filters_module.describe(filters)
    views = {view: measures.run(store, view, filters) for view in _BOARD_PACK_VIEWS}
    summary = views["initiative_summary"]
    headline = (
        headlines.portfolio_metrics(
            measures.portfolio_value(store, tuple(summary["initiative_id"]), filters),
            views["scorecard"],
            views["action_status"],
            currency,
        )
        if not summary.empty
        else []
    )
    return board_pack.board_pack_bytes(
        {table: views[table.view] for table in catalog.PAGE_TABLES},
        headline,
        currency=currency,
        described_filters=described,
        as_of=filters.as_of,
    )


@st.cache_data(show_spinner=False)
def cached_template() -> bytes:
    return workbook.template_bytes()


VALIDATION_REPORT_HEIGHT = 520  # px: a longer report scrolls down inside its frame, under its header


def show_validation(upload: ParsedUpload) -> None:
    """What was read, then every problem at once, downloadable."""
    read = ", ".join(f"{name} ({count_of(count, 'row')})" for name, count in upload.rows_per_sheet.items())
    if read:
        st.write(f"Read {read} from {', '.join(upload.file_names)}.")
    errors, warnings, questions = len(upload.errors), len(upload.warnings), len(upload.questions)
    if errors:
        st.error(
            f"**{errors} error(s): nothing can be applied until they are fixed.** Each line names the sheet, "
            "the row as numbered in Excel and the column, and says how to fix it. Correct the file and upload "
            "it again.",
            icon=":material/error:",
        )
    if questions:
        st.warning(
            f"**{count_of(questions, 'question')} to answer under 'How the file was read' above: nothing can be "
            "applied until each is answered.** A column that fits no template column is never dropped without "
            "you saying so.",
            icon=":material/help:",
        )
    if not errors and not questions and warnings:
        st.warning(
            f"{warnings} warning(s): the upload can be applied; check what was ignored.", icon=":material/warning:"
        )
    elif not errors and not questions and upload.ok:
        st.success("No problems found.", icon=":material/check_circle:")
    if upload.issues:
        report = upload.issue_frame()
        shown = _readable_report(report)
        # a table that wraps its cells: each message reads whole, with no sideways scrolling
        st.table(shown, hide_index=True, height=VALIDATION_REPORT_HEIGHT if len(shown) > 12 else "content")
        download_buttons(report, "validation_report", key="validation_report", currency=None)


def _readable_report(report: pd.DataFrame) -> pd.DataFrame:
    """The validation report as people read it: the message first, words for codes, file text shown as itself."""
    return pd.DataFrame(
        {
            "What to fix": [formats.markdown_text(message) for message in report["message"]],
            "Sheet": [formats.markdown_text(sheet) for sheet in report["sheet"]],
            "Row": ["" if pd.isna(row) else str(int(row)) for row in report["row"]],
            "Column": [formats.markdown_text(column) for column in report["column"]],
            "Value": [formats.markdown_text(value) for value in report["value"]],
            "Severity": [formats.label(severity) for severity in report["severity"]],
        }
    )


def apply_upload(store: Store, upload: ParsedUpload, editor: Editor) -> None:
    """Apply, then show the outcome after the rerun and clear the file chooser."""
    messages: list[str] = []
    try:
        applied = store.apply(upload, editor)
    except (Refused, NotAllowed) as refusal:
        st.session_state["data_page_errors"] = [str(refusal)]
        return
    messages.append(
        f"Applied upload #{applied.upload_id} by {editor.name}: " + _rows_text(applied.rows_per_sheet) + "."
    )
    if applied.mapping_id is not None:
        messages.append(
            f"Saved how this file was read as ledger entry #{applied.mapping_id}: the next file laid out the same "
            "way is read the same way."
        )
    if applied.replaced_sample:
        messages.append("The sample portfolio was removed: the pages now show your data.")
    st.session_state["data_page_messages"] = messages
    st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1
    st.session_state.pop("_upload_steps", None)


def _rows_text(rows_per_sheet: dict[str, int]) -> str:
    return ", ".join(f"{name}: {count_of(count, 'row')}" for name, count in rows_per_sheet.items())


def show_current_counts(store: Store) -> None:
    counts = store.current_row_counts()
    columns = st.columns(4)
    for position, sheet in enumerate(schema.SHEETS):
        columns[position % 4].metric(sheet.title, f"{counts[sheet.name]:,}")


def show_history(store: Store, editor: Editor | None) -> None:
    """The ledger, newest first, with a revert control for uploads that still count."""
    history = history_table(store)
    if history.empty:
        st.info("No uploads yet.")
        return
    st.dataframe(history, hide_index=True, key="upload_history")
    download_buttons(history, "upload_history", key="upload_history", currency=None)
    revertible = history[history["status"].isin(["current", "partly current", "superseded"])]
    if revertible.empty or editor is None:
        return
    labels = {
        int(row.upload): f"#{row.upload} - {row.when} by {row.who}: {row.what}" for row in revertible.itertuples()
    }
    choice = st.selectbox(
        "Revert an upload",
        list(labels),
        index=None,
        format_func=labels.__getitem__,
        placeholder="Choose an upload to revert",
        help="Earlier rows become current again wherever this upload was the latest. Nothing is deleted: "
        "the upload stays in the history, and uploading the same file again re-applies it.",
        key="revert_choice",
    )
    if st.button("Revert the chosen upload", icon=":material/undo:", disabled=choice is None, key="revert_button"):
        try:
            reverted = store.revert(int(choice), editor)
        except (Refused, NotAllowed) as refusal:
            st.session_state["data_page_errors"] = [str(refusal)]
        else:
            st.session_state["data_page_messages"] = [f"Reverted upload #{reverted.upload_id}."]
            st.session_state.pop("revert_choice", None)
        st.rerun()


def show_settings(store: Store, editor: Editor | None) -> None:
    """The measures' settings as a form; saving records one ledger entry with what changed."""
    current = store.settings()
    with st.form("settings_form", border=False):
        proposed: dict[str, object] = {}
        columns = st.columns(2)
        for position, setting in enumerate(settings_module.SETTINGS):
            proposed[setting.name] = _setting_input(columns[position % 2], setting, current[setting.name])
        saved = st.form_submit_button("Save settings", icon=":material/save:", disabled=editor is None)
    if not saved or editor is None:
        return
    try:
        entry = store.save_settings(proposed, editor)
    except (Refused, NotAllowed) as refusal:
        st.session_state["data_page_errors"] = [str(refusal)]
    else:
        st.session_state["data_page_messages"] = [
            f"Saved the settings as ledger entry #{entry}." if entry else "The settings were already these."
        ]
    st.rerun()


def _setting_input(column: DeltaGenerator, setting: settings_module.Setting, value: object) -> object:
    key = f"setting_{setting.name}"
    if setting.kind == "choice":
        return column.selectbox(
            setting.label,
            setting.choices,
            index=setting.choices.index(str(value)),
            format_func=formats.label,
            help=setting.description,
            key=key,
        )
    if setting.kind == "text":
        return column.text_input(setting.label, value=str(value), help=setting.description, key=key).strip()
    if setting.kind == "integer":
        return int(
            column.number_input(
                setting.label,
                min_value=int(setting.minimum or 0),
                max_value=int(setting.maximum or 0),
                value=int(value),  # type: ignore[arg-type]
                step=1,
                help=setting.description,
                key=key,
            )
        )
    percent = column.number_input(
        f"{setting.label} (%)",
        min_value=float(setting.minimum or 0) * 100,
        max_value=float(setting.maximum or 0) * 100,
        value=round(float(value) * 100, 8),  # type: ignore[arg-type]
        step=0.5,
        format="%.2f",
        help=setting.description,
        key=key,
    )
    return round(percent / 100, 10)


def metrics_row(metrics: list, per_row: int = 4) -> None:
    """Headline metrics (realize.report.headlines.Metric) as bordered cards, at most `per_row` to a row.

    A row is a wrapping flex row, not equal columns: each card is at least as wide as its label, value and
    delta, shares out the rest of the row, and moves to a new line when the row has no room for it, so no
    label, value or delta is cut with an ellipsis, whatever the words (as long as one card fits the page).
    """
    for start in range(0, len(metrics), per_row):
        with st.container(horizontal=True, gap="small"):
            for metric in metrics[start : start + per_row]:
                st.metric(
                    metric.label,
                    metric.value,
                    delta=metric.delta,
                    delta_color=metric.delta_color,
                    delta_arrow=metric.arrow,
                    help=metric.help,
                    border=True,
                    height="stretch",
                )


def chart(figure: object, empty_message: str) -> None:
    """An Altair chart, or the reason there is none."""
    if figure is None:
        st.info(empty_message)
    else:
        st.altair_chart(figure, width="stretch")


def decision_card(card: dict[str, object]) -> None:
    """What a KPI means and what we do when it drifts, as a sponsor reads it."""

    def text(name: str) -> str:
        value = card.get(name)
        return "–" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)

    unit = "" if text("unit") == "–" else f" {text('unit')}"
    better = "higher is better" if card.get("direction") == "higher_is_better" else "lower is better"
    st.markdown(
        f"**Definition:** {text('definition')}  \n"
        f"**Why it matters:** {text('rationale')}  \n"
        f"**Target:** {text('target')}{unit} ({better}) · **Red beyond:** {text('threshold')}{unit}  \n"
        f"**When it drifts:** {text('response')}  \n"
        f"**Owner:** {text('owner')} · **Measured:** {text('frequency')}, {text('indicator')} indicator"
    )
    if not card.get("card_complete"):
        st.caption(
            "This card is incomplete: fill in the definition, the reason, the response, the owner and the target."
        )


def record_action_form(store: Store, editor: Editor) -> None:
    """A new review action or decision, linked to an initiative, KPI or benefit; a ledger entry."""
    initiatives = _choices(queries.current("initiatives"), "initiative_id", "name")
    kpis = _choices(queries.current("kpis"), "kpi_id", "name")
    benefits = _choices(queries.current("benefits"), "benefit_id", "name")
    with st.form("record_action", clear_on_submit=True):
        title = st.text_input("Decision or action", placeholder="Add a second region for the payment service")
        owner = st.text_input("Owner", placeholder="Who does it")
        left, right = st.columns(2)
        raised_on = left.date_input("Raised on (review date)", value=dt.date.today(), format="YYYY-MM-DD")
        due_date = right.date_input("Due", value=dt.date.today() + dt.timedelta(days=30), format="YYYY-MM-DD")
        st.caption("What it responds to: at least one.")
        first, second, third = st.columns(3)
        initiative = first.selectbox("Initiative", list(initiatives), index=None, format_func=initiatives.get)
        kpi = second.selectbox("KPI", list(kpis), index=None, format_func=kpis.get)
        benefit = third.selectbox("Benefit", list(benefits), index=None, format_func=benefits.get)
        submitted = st.form_submit_button("Record", icon=":material/add_task:", type="primary")
    if not submitted:
        return
    action = {
        "title": title.strip() or None,
        "owner": owner.strip() or None,
        "raised_on": raised_on,
        "due_date": due_date,
        "initiative_id": initiative,
        "kpi_id": kpi,
        "benefit_id": benefit,
    }
    try:
        action_id = store.record_action(action, editor)
    except (Refused, NotAllowed) as refusal:
        st.session_state["review_errors"] = [f"Not recorded: {refusal}"]
    else:
        st.session_state["review_messages"] = [f"Recorded {action_id}: {title.strip()}."]
    st.rerun()


def close_action_form(store: Store, actions: pd.DataFrame, editor: Editor) -> None:
    """Mark an open action done or dropped, with the outcome seen; a ledger entry."""
    still_open = actions[actions["status"] == "open"] if not actions.empty else actions
    if still_open.empty:
        st.info("No open action matches these filters.")
        return
    labels = {
        row.action_id: f"{row.action_id} {row.title} ({row.owner}, due {row.due_date:%Y-%m-%d})"
        for row in still_open.itertuples()
    }
    with st.form("close_action", clear_on_submit=True):
        action_id = st.selectbox(
            "Action", list(labels), index=None, format_func=labels.get, placeholder="Choose an open action"
        )
        left, right = st.columns(2)
        status = left.radio("Outcome", ["done", "dropped"], horizontal=True)
        closed_on = right.date_input("Closed on", value=dt.date.today(), format="YYYY-MM-DD")
        outcome = st.text_input("Effect observed", placeholder="What changed because of it")
        submitted = st.form_submit_button("Close the action", icon=":material/task_alt:")
    if not submitted:
        return
    if action_id is None:
        st.session_state["review_errors"] = ["Choose the action to close."]
        st.rerun()
    try:
        store.close_action(action_id, editor, status=status, closed_on=closed_on, outcome=outcome.strip())
    except (Refused, NotAllowed) as refusal:
        st.session_state["review_errors"] = [f"Not closed: {refusal}"]
    else:
        st.session_state["review_messages"] = [f"{action_id} is {status}."]
    st.rerun()


def _choices(frame: pd.DataFrame, id_column: str, name_column: str) -> dict[str, str]:
    labels = frame[id_column].astype(str) + " " + frame[name_column].fillna("").astype(str)
    return dict(zip(frame[id_column], labels, strict=True))


def seed_from_link(key: str, allowed: list[str]) -> None:
    """A page widget takes its first value from the link (?key=value) when the link names an allowed value."""
    if key in st.session_state:
        return
    wanted = st.query_params.get(key)
    if wanted in allowed:
        st.session_state[key] = wanted


def initiative_caption(summary: pd.Series, as_of: dt.date) -> str:
    parts = [
        f"Owner {summary['owner']}",
        f"sponsor {summary['sponsor']}" if isinstance(summary.get("sponsor"), str) else None,
        summary["portfolio"] if isinstance(summary.get("portfolio"), str) else None,
        f"Status {formats.label(summary['status'])}" if isinstance(summary.get("status"), str) else None,
        f"as of {formats.day(as_of)}",
    ]
    return " · ".join(part for part in parts if part)


def status_badges(summary: pd.Series) -> None:
    """Benefits, cost and delivery status as coloured badges (grey when there is nothing to rate yet)."""
    colours = {"green": "green", "amber": "orange", "red": "red"}
    badges = []
    for label, column in (("Benefits", "realization_status"), ("Cost", "cost_status"), ("Delivery", "delivery_status")):
        status = summary.get(column)
        if isinstance(status, str) and status in colours:
            badges.append(f":{colours[status]}-badge[{label}: {formats.label(status)}]")
        else:
            badges.append(f":gray-badge[{label}: not rated yet]")
    st.markdown(" ".join(badges))


def max_upload_megabytes() -> int:
    """The upload size limit of realize.intake.guard (env REALIZE_MAX_UPLOAD_MB), for the file chooser."""
    return max(1, guard.default_limits().max_file_bytes // (1024 * 1024))


def backup_download(store: Store) -> None:
    """The whole database, ledger included, as one .zip (what `python -m realize restore` loads, unzipped)."""
    if not st.button("Prepare a backup", icon=":material/backup:", key="prepare_backup"):
        return
    content, rows = backup_zip(store)
    st.download_button(
        f"Download the backup ({sum(rows.values()):,} rows)",
        content,
        file_name=f"realize_backup_{dt.date.today():%Y-%m-%d}.zip",
        mime="application/zip",
        icon=":material/download:",
        key="backup_download",
    )
