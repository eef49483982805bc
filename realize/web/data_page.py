"""The Data page's parts: the validation report, applying, current counts, history, settings."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from realize.contract import schema
from realize.contract import settings as settings_module
from realize.contract.roles import Editor, NotAllowed
from realize.intake import guard
from realize.intake.ingest import ParsedUpload
from realize.ledger.store import Refused, Store
from realize.report import formats
from realize.report.formats import count_of
from realize.service import uploads
from realize.service.history import history_table
from realize.web.downloads import download_buttons

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


def apply_upload(store: Store, upload: ParsedUpload, editor: Editor, reason: str = "") -> None:
    """Apply (`reason`: for a re-baseline, kept with it), then show the outcome after the rerun and clear the file
    chooser."""
    messages: list[str] = []
    try:
        applied = uploads.apply(store, upload, editor, reason)
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
            reverted = uploads.revert(store, int(choice), editor)
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


def max_upload_megabytes() -> int:
    """The upload size limit of realize.intake.guard (env REALIZE_MAX_UPLOAD_MB), for the file chooser."""
    return max(1, guard.default_limits().max_file_bytes // (1024 * 1024))
