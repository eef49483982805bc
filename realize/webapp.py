"""Streamlit glue shared by app.py and the pages: the process's store, notices, downloads.

One Store (one DuckDB connection) per process under st.cache_resource; the
store hands out a cursor per query and serialises writes under its lock.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from realize import export, schema, workbook
from realize import settings as settings_module
from realize.ingest import ParsedUpload, SourceFile, parse_upload
from realize.store import Refused, Store, count_of, database_path, history_table


@st.cache_resource(show_spinner="Opening the portfolio database...")
def _store_at(path: str) -> Store:
    store = Store(path)
    store.load_sample_if_empty()
    return store


def get_store() -> Store:
    """The store of this process for the configured database (env REALIZE_DB)."""
    return _store_at(str(database_path()))


def sample_notice(store: Store) -> None:
    """Said on every page while the bundled sample is what is shown."""
    if store.showing_sample():
        st.info(
            "**You are looking at the sample portfolio**, a made-up set of initiatives to explore the app. "
            "Upload your own workbook on the Data page: applying your first upload removes the sample.",
            icon=":material/science:",
        )


def parsed_upload(store: Store, files: list[SourceFile]) -> ParsedUpload:
    """Validate an upload once per (files, data version); reruns reuse the result."""
    key = ("parsed_upload", tuple(source.sha256 for source in files), store.data_version())
    cached = st.session_state.get("_parsed_upload")
    if cached is None or cached[0] != key:
        cached = (key, parse_upload(files, store))
        st.session_state["_parsed_upload"] = cached
    return cached[1]


def download_buttons(frame: pd.DataFrame, file_stem: str, *, key: str) -> None:
    """CSV and Excel downloads of one table, side by side, formula-safe."""
    left, right = st.columns(2)
    left.download_button(
        "Download CSV",
        export.csv_bytes(frame),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        width="stretch",
    )
    right.download_button(
        "Download Excel",
        export.xlsx_bytes({file_stem: frame}),
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
    errors, warnings = len(upload.errors), len(upload.warnings)
    if errors:
        st.error(
            f"**{errors} error(s): nothing can be applied until they are fixed.** Each line names the sheet, "
            "the row as numbered in Excel and the column, and says how to fix it. Correct the file and upload "
            "it again.",
            icon=":material/error:",
        )
    elif warnings:
        st.warning(
            f"{warnings} warning(s): the upload can be applied; check what was ignored.", icon=":material/warning:"
        )
    elif upload.ok:
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


def show_preview(store: Store, upload: ParsedUpload) -> None:
    """What applying will change, per sheet, with the detail per scope value."""
    preview = store.preview(upload)
    st.markdown("**What applying will change**")
    st.dataframe(preview_summary(preview), hide_index=True, key="preview_summary")
    with st.expander("Detail per initiative, benefit, KPI or action"):
        st.dataframe(preview, hide_index=True, key="preview_detail")
    if store.showing_sample():
        st.warning(
            "The sample portfolio is shown now: applying this upload removes it, so only your data is shown.",
            icon=":material/science:",
        )


def preview_summary(preview: pd.DataFrame) -> pd.DataFrame:
    """Per sheet: rows coming, scope values added and replaced, rows they replace."""
    replaced = preview["change"] == "replace"
    grouped = preview.assign(
        added=~replaced, replaced=replaced, replaced_rows=preview["current_rows"].where(replaced, 0)
    ).groupby(["sheet", "scope_key"], sort=False)
    summary = grouped.agg(
        new_rows=("new_rows", "sum"),
        scopes_added=("added", "sum"),
        scopes_replaced=("replaced", "sum"),
        rows_replaced=("replaced_rows", "sum"),
    ).reset_index()
    return summary.rename(columns={"scope_key": "per"})


def apply_upload(store: Store, upload: ParsedUpload, by: str) -> None:
    """Apply, then show the outcome after the rerun and clear the file chooser."""
    messages: list[str] = []
    try:
        applied = store.apply(upload, by)
    except Refused as refusal:
        st.session_state["data_page_errors"] = [str(refusal)]
        return
    messages.append(f"Applied upload #{applied.upload_id} by {by}: " + _rows_text(applied.rows_per_sheet) + ".")
    if applied.replaced_sample:
        messages.append("The sample portfolio was removed: the pages now show your data.")
    st.session_state["data_page_messages"] = messages
    st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1
    st.session_state.pop("_parsed_upload", None)


def _rows_text(rows_per_sheet: dict[str, int]) -> str:
    return ", ".join(f"{name}: {count_of(count, 'row')}" for name, count in rows_per_sheet.items())


def show_current_counts(store: Store) -> None:
    counts = store.current_row_counts()
    columns = st.columns(4)
    for position, sheet in enumerate(schema.SHEETS):
        columns[position % 4].metric(sheet.title, f"{counts[sheet.name]:,}")


def show_history(store: Store, by: str) -> None:
    """The ledger, newest first, with a revert control for uploads that still count."""
    history = history_table(store)
    if history.empty:
        st.info("No uploads yet.")
        return
    st.dataframe(history, hide_index=True, key="upload_history")
    download_buttons(history, "upload_history", key="upload_history")
    revertible = history[history["status"].isin(["current", "partly current", "superseded"])]
    if revertible.empty:
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
    if st.button(
        "Revert the chosen upload", icon=":material/undo:", disabled=choice is None or not by, key="revert_button"
    ):
        try:
            reverted = store.revert(int(choice), by)
        except Refused as refusal:
            st.session_state["data_page_errors"] = [str(refusal)]
        else:
            st.session_state["data_page_messages"] = [f"Reverted upload #{reverted.upload_id}."]
            st.session_state.pop("revert_choice", None)
        st.rerun()


def show_settings(store: Store, by: str) -> None:
    """The measures' settings as a form; saving records one ledger entry with what changed."""
    current = store.settings()
    with st.form("settings_form", border=False):
        proposed: dict[str, object] = {}
        columns = st.columns(2)
        for position, setting in enumerate(settings_module.SETTINGS):
            proposed[setting.name] = _setting_input(columns[position % 2], setting, current[setting.name])
        saved = st.form_submit_button("Save settings", icon=":material/save:", disabled=not by)
    if not saved:
        return
    try:
        entry = store.save_settings(proposed, by)
    except Refused as refusal:
        st.session_state["data_page_errors"] = [str(refusal)]
    else:
        st.session_state["data_page_messages"] = [
            f"Saved the settings as ledger entry #{entry}." if entry else "The settings were already these."
        ]
    st.rerun()


def _setting_input(column: DeltaGenerator, setting: settings_module.Setting, value: object) -> object:
    key = f"setting_{setting.name}"
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
