"""Streamlit glue shared by app.py and the pages: the process's store, notices, downloads.

One Store (one DuckDB connection) per process under st.cache_resource; the
store hands out a cursor per query and serialises writes under its lock.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from realize import export, guard, schema, workbook
from realize import settings as settings_module
from realize.ingest import ParsedUpload
from realize.roles import Editor, NotAllowed
from realize.store import Refused, Store, StoreInUse, backup_zip, count_of, database_path, history_table


@st.cache_resource(show_spinner="Opening the portfolio database...")
def _store_at(path: str) -> Store:
    store = Store(path)
    store.load_sample_if_empty()
    return store


def get_store() -> Store:
    """The store of this process for the configured database (env REALIZE_DB).

    When another process holds the file the page says so and stops (tried again on the next visit).
    """
    try:
        return _store_at(str(database_path()))
    except StoreInUse as busy:
        st.error(str(busy), icon=":material/lock:")
        st.stop()


def sample_notice(store: Store) -> None:
    """Said on every page while the bundled sample is what is shown."""
    if store.showing_sample():
        st.info(
            "**You are looking at the sample portfolio**, a made-up set of initiatives to explore the app. "
            "Upload your own workbook on the Data page: applying your first upload removes the sample.",
            icon=":material/science:",
        )


def download_buttons(frame: pd.DataFrame, file_stem: str, *, key: str) -> None:
    """CSV and Excel downloads of one table, side by side, formula-safe; made only when clicked."""
    left, right = st.columns(2)
    left.download_button(
        "Download CSV",
        lambda: export.csv_bytes(frame),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        width="stretch",
    )
    right.download_button(
        "Download Excel",
        lambda: export.xlsx_bytes({file_stem: frame}),
        file_name=f"{file_stem}.xlsx",
        mime=export.XLSX_MIME,
        key=f"{key}_xlsx",
        icon=":material/download:",
        width="stretch",
    )


@st.cache_data(show_spinner=False)
def cached_template() -> bytes:
    return workbook.template_bytes()


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
        st.dataframe(
            report,
            hide_index=True,
            column_config={"row": st.column_config.NumberColumn("row", format="%d")},
            key="validation_report",
        )
        download_buttons(report, "validation_report", key="validation_report")


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
    download_buttons(history, "upload_history", key="upload_history")
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
            format_func=lambda choice: choice.replace("_", " "),
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
    """Headline metrics (realize.headlines.Metric) in rows of equal columns."""
    for start in range(0, len(metrics), per_row):
        columns = st.columns(per_row)
        for column, metric in zip(columns, metrics[start : start + per_row], strict=False):
            column.metric(
                metric.label,
                metric.value,
                delta=metric.delta,
                delta_color=metric.delta_color,
                delta_arrow=metric.arrow,
                help=metric.help,
                border=True,
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
    from realize import queries  # queries imports this module

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
        f"status {str(summary['status']).replace('_', ' ')}" if isinstance(summary.get("status"), str) else None,
        f"as of {as_of:%d %b %Y}",
    ]
    return " · ".join(part for part in parts if part)


def status_badges(summary: pd.Series) -> None:
    """Benefits, cost and delivery status as coloured badges (grey when there is nothing to rate yet)."""
    colours = {"green": "green", "amber": "orange", "red": "red"}
    badges = []
    for label, column in (("Benefits", "realization_status"), ("Cost", "cost_status"), ("Delivery", "delivery_status")):
        status = summary.get(column)
        if isinstance(status, str) and status in colours:
            badges.append(f":{colours[status]}-badge[{label}: {status}]")
        else:
            badges.append(f":gray-badge[{label}: not rated yet]")
    st.markdown(" ".join(badges))


def max_upload_megabytes() -> int:
    """The upload size limit of realize.guard (env REALIZE_MAX_UPLOAD_MB), for the file chooser."""
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
