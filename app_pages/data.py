"""Data: template, upload with validation report, preview, apply; history with revert."""

import streamlit as st

from realize.intake.ingest import SourceFile
from realize.service import uploads
from realize.web import auth, data_page, downloads, upload_steps
from realize.web.filters import current_filters
from realize.web.process_store import get_store

store = get_store()
if not auth.can_edit():
    st.error("The Data page is for editors: sign in as an editor in the sidebar.", icon=":material/lock:")
    st.stop()

st.title("Data")
st.caption(
    "Upload initiative workbooks here. For each initiative (or benefit, KPI, action) in an upload, its rows "
    "replace the ones stored for it; everything else stays. Every upload is kept and can be reverted."
)

for message in st.session_state.pop("data_page_messages", []):
    st.success(message, icon=":material/check_circle:")
for message in st.session_state.pop("data_page_errors", []):
    st.error(message, icon=":material/block:")

st.subheader("1. Start from the template")
st.download_button(
    "Download the Excel template",
    downloads.cached_template(),
    file_name="realize_template.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/table_view:",
    help="One sheet per table with drop-down lists, and an About sheet describing every column.",
)

st.subheader("2. Upload")
auth.name_input()
editor = auth.current_editor()
uploader_key = f"upload_files_{st.session_state.get('upload_round', 0)}"
chosen = st.file_uploader(
    "One .xlsx workbook, or one or more .csv files (one per sheet): your own layout and names are fine",
    type=["xlsx", "xlsm", "csv"],
    accept_multiple_files=True,
    key=uploader_key,
    max_upload_size=data_page.max_upload_megabytes(),
)

if chosen:
    files = [SourceFile(item.name, item.getvalue()) for item in chosen]
    with st.spinner("Reading and checking the upload..."):
        upload = upload_steps.read_and_recognise(store, files)
    upload_steps.mapping_step(files, upload)
    data_page.show_validation(upload)
    duplicate = uploads.already_uploaded(store, upload)
    if duplicate is not None:
        st.info(duplicate, icon=":material/content_copy:")
    elif upload.ok:
        upload_steps.sheet_preview(store, upload)
        upload_steps.value_preview(store, upload, current_filters().as_of)
        needs_reason, reason = upload_steps.rebaseline_step(store, upload)
        waiting = (
            "Enter your name above first: it goes into the upload history."
            if editor is None
            else "Give the reason for the re-baseline first."
            if needs_reason and not reason
            else None
        )
        if st.button(
            "Apply this upload", type="primary", icon=":material/publish:", disabled=waiting is not None, help=waiting
        ):
            data_page.apply_upload(store, upload, editor, reason)
            st.rerun()

st.subheader("Current data")
data_page.show_current_counts(store)

st.subheader("Upload history")
data_page.show_history(store, editor)

st.subheader("Settings")
st.caption("How the measures are computed. Every change is an entry in the upload history and can be reverted there.")
data_page.show_settings(store, editor)

st.subheader("Backup")
st.caption(
    "Everything, the upload history included, in one file. Unzip it and load it into an empty database with "
    "`python -m realize restore FOLDER --db NEW.duckdb`."
)
downloads.backup_download(store)
