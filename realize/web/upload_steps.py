"""The Data page's upload, step by step: how the file was read (the mapping step), what is wrong, what
applying would change (SPEC section 5, Data).

The mapping step shows, per file sheet, the template sheet it was taken as and every file column
with the template column it fills, how sure recognition is and three sample values; each choice
is a select box. A change is an answer: the upload is recognised and validated again with it
(the file itself is read once per upload and kept in the session). Applying saves the answered
layouts in the ledger, so the next file laid out the same way is read the same way.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from realize.contract import schema
from realize.intake.ingest import ParsedUpload, SourceFile
from realize.intake.mapping import IGNORE, LAYOUT_ROLES, Answers, ColumnMapping, SheetMapping
from realize.ledger.store import Store
from realize.report import preview
from realize.report.formats import markdown_text as escaped
from realize.service import uploads
from realize.web import downloads

LEAVE_OUT = "(leave out)"
_STATE = "_upload_steps"


def _state(files: list[SourceFile]) -> dict:
    """What the session keeps for this upload: the files read once, and the user's choices."""
    digest = tuple(source.sha256 for source in files)
    state = st.session_state.get(_STATE)
    if state is None or state["digest"] != digest:
        state = {"digest": digest, "read": None, "sheets": {}, "columns": {}, "headers": {}, "parsed": None}
        st.session_state[_STATE] = state
    return state


def forget() -> None:
    st.session_state.pop(_STATE, None)


def read_and_recognise(store: Store, files: list[SourceFile]) -> ParsedUpload:
    """The upload recognised and validated with the choices made so far (cached per data version and choices)."""
    state = _state(files)
    if state["read"] is None:
        state["read"] = uploads.read(files, store)
    key = (store.data_version(), tuple(sorted(state["sheets"].items())), tuple(sorted(state["columns"].items())))
    if state["parsed"] is None or state["parsed"][0] != key:
        answers = Answers().with_choices(state["sheets"], state["columns"], state["headers"])
        state["parsed"] = (key, uploads.recognise(state["read"], store, answers))
    return state["parsed"][1]


# --------------------------------------------------------------------------- the mapping step


def mapping_step(files: list[SourceFile], upload: ParsedUpload) -> None:
    """Per file sheet: the template sheet it was taken as and its columns, each a choice the user can change."""
    if not upload.mappings:
        return
    st.markdown("**How the file was read**")
    st.caption(
        "Each sheet of your file is matched to a template sheet by its content, and each column by its header and "
        "values. Change any choice below: the check and the preview update, and applying saves your choices for "
        "the next file laid out the same way."
    )
    state = _state(files)
    for index, mapping in enumerate(upload.mappings):
        _sheet_block(state, index, mapping, upload)


def _sheet_block(state: dict, index: int, mapping: SheetMapping, upload: ParsedUpload) -> None:
    """One file sheet, open when it asks something, was changed or was not recognised; else folded to a line."""
    asked = [question for question in upload.questions if question.label == mapping.label]
    open_it = (
        bool(asked)
        or mapping.how in ("answered", "ignored")
        or any(column.how == "answered" for column in mapping.columns)
    )
    with st.expander(_sheet_title(mapping, len(asked)), expanded=open_it):
        left, right = st.columns([3, 2])
        left.markdown(f"**{escaped(mapping.label)}** · {escaped(mapping.file_name)} · {_how_words(mapping)}")
        options = [sheet.name for sheet in schema.SHEETS] + [IGNORE]
        current = mapping.sheet if mapping.sheet else (None if mapping.how == "question" else IGNORE)
        right.selectbox(
            escaped(f"Sheet '{mapping.label}' is"),
            options,
            index=options.index(current) if current in options else None,
            format_func=_sheet_words,
            placeholder="Choose: which template sheet, or leave it out",
            key=f"map_sheet_{index}",
            on_change=_choose_sheet,
            args=(state, mapping.label, f"map_sheet_{index}"),
        )
        for question in asked:
            if question.header is None:
                st.warning(escaped(question.message), icon=":material/help:")
        if mapping.sheet:
            _columns_block(state, index, mapping, [q for q in asked if q.header is not None])
        elif mapping.how == "ignored":
            st.caption("Left out: it does not look like any template sheet. If it holds data, choose the sheet it is.")


def _columns_block(state: dict, index: int, mapping: SheetMapping, asked: list) -> None:
    if mapping.months:
        first, last = min(mapping.months), max(mapping.months)
        st.caption(
            f"{len(set(mapping.months))} month columns ({first:%b %Y} to {last:%b %Y}) are read as monthly rows."
        )
    sheet = schema.SHEETS_BY_NAME[mapping.sheet]  # type: ignore[index]
    options = [*sheet.column_names, IGNORE]
    header_cells = st.columns([3, 4, 3, 2])
    for cell, title in zip(header_cells, ("File column", "Sample values", "Taken as", "Sure"), strict=True):
        cell.caption(title)
    for column in mapping.columns:
        if not column.header:
            continue
        key = f"map_column_{index}_{column.position}"
        state["headers"][(mapping.label, column.position)] = column.header
        cells = st.columns([3, 4, 3, 2], vertical_alignment="center")
        asking = column.how == "question"
        cells[0].markdown(f"{'**' if asking else ''}{escaped(column.header)}{'**' if asking else ''} ({column.letter})")
        cells[1].caption(escaped(", ".join(column.samples)) or "no values")
        if column.how in LAYOUT_ROLES:  # a part of the layout, not a template column: nothing to choose
            cells[2].caption(escaped(column.reason))
            continue
        current = column.column if column.column else (None if asking else IGNORE)
        cells[2].selectbox(
            column.header,
            options,
            index=options.index(current) if current in options else None,
            format_func=lambda name: LEAVE_OUT if name == IGNORE else name,
            placeholder="Choose a column or leave out",
            key=key,
            label_visibility="collapsed",
            on_change=_choose_column,
            args=(state, mapping.label, column.position, key),
        )
        cells[3].caption(_sure_words(column))
    for question in asked:
        st.warning(escaped(question.message), icon=":material/help:")


def _choose_sheet(state: dict, label: str, key: str) -> None:
    chosen = st.session_state.get(key)
    if chosen is not None:
        state["sheets"][label] = None if chosen == IGNORE else chosen
        # columns chosen for the sheet it was taken as before mean nothing now
        state["columns"] = {place: column for place, column in state["columns"].items() if place[0] != label}


def _choose_column(state: dict, label: str, position: int, key: str) -> None:
    chosen = st.session_state.get(key)
    if chosen is not None:
        state["columns"][(label, position)] = None if chosen == IGNORE else chosen


def _sheet_title(mapping: SheetMapping, questions: int) -> str:
    """'Financials → Costs · 6 of 7 columns taken · 1 question'."""
    taken = sum(1 for column in mapping.columns if column.column)
    parts = [
        f"{mapping.label} → {schema.SHEETS_BY_NAME[mapping.sheet].title}"
        if mapping.sheet
        else f"{mapping.label} → left out",
    ]
    if mapping.how == "saved":
        parts.append("read as saved" + (f" #{mapping.saved_from}" if mapping.saved_from is not None else ""))
    if mapping.sheet:
        parts.append(f"{taken} of {len(mapping.columns)} columns taken")
    if mapping.months:
        parts.append(f"{len(set(mapping.months))} month columns")
    if questions:
        parts.append(f"{questions} question{'s' if questions > 1 else ''}")
    return escaped(" · ".join(parts))


def _how_words(mapping: SheetMapping) -> str:
    if mapping.how == "question":
        return "needs an answer"
    if mapping.how == "saved":
        entry = f" #{mapping.saved_from}" if mapping.saved_from is not None else ""
        return f"mapped as saved{entry}"
    if mapping.how == "answered":
        return "as you chose"
    if mapping.how == "ignored":
        return "not recognised"
    return f"recognised ({mapping.confidence:.0%} sure)"


def _sheet_words(name: str) -> str:
    if name == IGNORE:
        return LEAVE_OUT
    return f"{schema.SHEETS_BY_NAME[name].title} ({name})"


def _sure_words(column: ColumnMapping) -> str:
    if column.how == "question":
        return "needs an answer"
    if column.how in ("answered", "saved"):
        return "as you chose" if column.how == "answered" else "as saved"
    if column.column is None:
        return column.reason
    return f"{column.confidence:.0%}"


# --------------------------------------------------------------------------- what applying would change


def sheet_preview(store: Store, upload: ParsedUpload) -> None:
    """Per sheet, what comes in and what it replaces, with the detail per initiative (benefit, KPI, action)."""
    per_scope = store.preview(upload)
    st.markdown("**What applying will change**")
    st.dataframe(preview.sheet_summary(per_scope), hide_index=True, key="preview_summary")
    with st.expander("Detail per initiative, benefit, KPI or action"):
        detail = preview.scope_detail(per_scope)
        st.dataframe(detail, hide_index=True, key="preview_detail")
        downloads.download_buttons(detail, "upload_preview", key="upload_preview", currency=None)
    if store.showing_sample():
        st.warning(
            "The sample portfolio is shown now: applying this upload removes it, so only your data is shown.",
            icon=":material/science:",
        )


def value_preview(store: Store, upload: ParsedUpload, as_of: dt.date) -> None:
    """Per initiative, the watched measures before -> after; a red warning where one would be emptied."""
    key = ("value_preview", upload.sha256, store.data_version(), as_of, id(upload))
    cached = st.session_state.get("_value_preview")
    if cached is None or cached[0] != key:
        before, after = store.value_preview(upload, as_of)
        changes = preview.value_changes(
            before, after, str(store.settings()["reporting_currency"]), new_data_only=store.showing_sample()
        )
        cached = (key, changes)
        st.session_state["_value_preview"] = cached
    changes: preview.ValueChanges = cached[1]
    for sentence in changes.emptied:
        st.error(
            escaped(
                f"{sentence}: this upload would leave the measure empty. If the file holds these values, a column "
                "was not taken: check how the file was read above."
            ),
            icon=":material/report:",
        )
    if changes.table.empty:
        st.caption(f"No benefit, cost or milestone measure of any initiative changes (as of {as_of:%d %b %Y}).")
        return
    st.markdown(f"**What changes in the measures** (as of {as_of:%d %b %Y})")
    st.dataframe(
        changes.table.style.apply(_red_when_emptied, axis=1),
        hide_index=True,
        column_config={"Emptied": None},
        key="value_preview",
    )


def _red_when_emptied(row: pd.Series) -> list[str]:
    style = "color: #b2182b; font-weight: 600" if row["Emptied"] else ""
    return [style] * len(row)


def rebaseline_step(store: Store, upload: ParsedUpload) -> tuple[bool, str]:
    """List the re-baselines this upload would make, in words, and ask why (SPEC section 3): (whether a reason is
    needed, the reason given)."""
    key = ("rebaselines", upload.sha256, store.data_version(), id(upload))
    found = st.session_state.get("_rebaselines")
    if found is None or found[0] != key:
        found = (key, [uploads.rebaseline_words(rebaseline) for rebaseline in uploads.rebaselines(store, upload)])
        st.session_state["_rebaselines"] = found
    said: list[str] = found[1]
    if not said:
        return False, ""
    st.subheader("Re-baselines")
    st.warning(
        "**This upload moves what was committed** (a committed date, a baseline or target, a past month's plan or "
        "a budget). Baselines change only with a reason, kept in the history with the upload.",
        icon=":material/edit_calendar:",
    )
    st.markdown("\n".join(f"- {escaped(sentence)}" for sentence in said))
    reason = st.text_area(
        "Reason for the re-baseline (required)",
        key=f"rebaseline_reason_{upload.sha256[:12]}",
        placeholder="Why the plan changed, and who approved it",
    )
    return True, reason.strip()
