"""The ledger as people read it: the upload history and the saved mappings, in words."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd

from realize.contract import schema
from realize.contract.refusals import Refused
from realize.intake.mapping import saved_target_words
from realize.ledger.sql import sql_text
from realize.ledger.store import Store
from realize.report.formats import count_of


def ledger_point(store: Store, said: str) -> int:
    """The ledger entry a "known at" names: an upload id ('12' or '#12'), or a day (YYYY-MM-DD), meaning every
    entry recorded by the end of that day, UTC as the ledger records times (0 when nothing was recorded yet)."""
    text = said.strip()
    if re.fullmatch(r"#?\d+", text):
        upload_id = int(text.lstrip("#"))
        if not store.has_entry(upload_id):
            raise Refused(f"There is no ledger entry #{upload_id}: `history` lists them.")
        return upload_id
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise Refused(
            f"'{said}' is neither an upload id nor a date: give an upload id such as 12, or YYYY-MM-DD."
        ) from None
    return known_by_end_of(store, day)


def known_by_end_of(store: Store, day: dt.date) -> int:
    """The last ledger entry recorded by the end of this day, UTC as the ledger records times (0: none yet)."""
    return store.last_entry_by(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))


def history_table(store: Store) -> pd.DataFrame:
    """The ledger as people read it: who, when, what, and whether it still counts."""
    history = store.history()
    if history.empty:
        return pd.DataFrame(columns=["upload", "when", "who", "what", "files", "status"])
    scopes = store.frame(sql_text("upload_scope_summary"))
    scopes_by_upload = {upload_id: group for upload_id, group in scopes.groupby("upload_id")}
    return pd.DataFrame(
        {
            "upload": history["upload_id"].astype("int64"),
            "when": history["uploaded_at"].dt.strftime("%Y-%m-%d %H:%M UTC"),
            "who": history["uploaded_by"],
            "what": [
                _describe_entry(row, scopes_by_upload.get(row["upload_id"], scopes.iloc[:0]))
                for _, row in history.iterrows()
            ],
            "files": history["file_names"].fillna(""),
            "status": history["status"],
        }
    )


def _describe_entry(row: pd.Series, scopes: pd.DataFrame) -> str:
    """'milestones: 4 rows for initiative INI-03' per sheet; reverts say what they undid."""
    if row["kind"] == "revert":
        text = f"reverted #{int(row['reverts_upload_id'])}"
        return f"{text} ({row['note']})" if row["note"] else text
    if row["kind"] == "settings":
        return f"settings: {row['note']}"
    if row["kind"] == "mapping":
        return f"saved mapping: {row['note']}"
    if row["kind"] == "edit":
        return f"in the app: {row['note']}"
    rows = json.loads(row["rows_per_sheet"] or "{}")
    scopes_by_sheet = {scope["sheet"]: scope for _, scope in scopes.iterrows()}
    parts = []
    for sheet in schema.SHEETS:
        if sheet.name not in rows:
            continue
        text = f"{sheet.name}: {count_of(rows[sheet.name], 'row')}"
        scope = scopes_by_sheet.get(sheet.name)
        if scope is not None:
            key = sheet.scope_key.removesuffix("_id")
            count = int(scope["scope_count"])
            shown = ", ".join(scope["first_scopes"]) + (", ..." if count > len(scope["first_scopes"]) else "")
            text += f" for {key} {shown}" if count == 1 else f" for {count:,} {key}s ({shown})"
        parts.append(text)
    prefix = "sample portfolio; " if row["kind"] == "sample" else ""
    reason = f" (reason: {row['note']})" if row["note"] else ""
    return prefix + "; ".join(parts) + reason


def mappings_table(store: Store) -> pd.DataFrame:
    """The saved mappings as people read them: one row per file column of each saved layout."""
    saved = store.saved_mappings()
    columns = ["layout", "saved in", "file sheet", "taken as", "file column", "template column"]
    rows = [
        [
            mapping.signature,
            f"#{mapping.upload_id}",
            mapping.sheet_label,
            mapping.template_sheet or "left out",
            header,
            saved_target_words(mapping.columns.get(index)),
        ]
        for mapping in saved
        for index, header in enumerate(mapping.headers, start=1)
    ]
    return pd.DataFrame(rows, columns=columns)
