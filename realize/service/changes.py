"""What changed between two points of the ledger (SPEC section 3): one row per value changed, row added or row
removed, with its kind, the ledger entry that made it, who, when and the reason recorded.

Both sides are the data as known at a ledger point (Store.current with known_at), so a revert, a later upload
of the same scope or an in-app edit shows exactly as it changed what counts. The kind of a value's change is the
schema's (Sheet.revisions): a committed date, a baseline or target, a budget is a re-baseline; a monthly plan
changed for a month already past when the change was made is a re-baseline, for a later month a forecast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from realize.contract import schema
from realize.contract.schema import Sheet
from realize.ledger.store import Store

COLUMNS = [
    "sheet",
    "row",
    "initiative_id",
    "column",
    "old_value",
    "new_value",
    "kind",
    "upload_id",
    "recorded_by",
    "recorded_at",
    "reason",
]
# the sheets whose rows name their initiative through another sheet's row
_INITIATIVE_THROUGH = {"benefit_measurements": ("benefits", "benefit_id"), "kpi_values": ("kpis", "kpi_id")}


def changes(
    store: Store,
    since: int,
    until: int | None = None,
    *,
    initiatives: Sequence[str] = (),
    kinds: Sequence[str] = (),
) -> pd.DataFrame:
    """Every change from the data as known after entry `since` to the data as known after `until` (None: now),
    in sheet order, then row; only those of these initiatives and kinds when given."""
    entries = store.history().set_index("upload_id")
    last = int(entries.index.max()) if not entries.empty else 0
    until = last if until is None else until
    owners = _initiative_of_rows(store, since, until)
    found = [_sheet_changes(store, sheet, since, until, entries, owners) for sheet in schema.SHEETS]
    listed = pd.concat([frame for frame in found if not frame.empty] or [pd.DataFrame(columns=COLUMNS)])
    if initiatives:
        listed = listed[listed["initiative_id"].isin(initiatives)]
    if kinds:
        listed = listed[listed["kind"].isin(kinds)]
    return listed[COLUMNS].reset_index(drop=True)


def _sheet_changes(
    store: Store,
    sheet: Sheet,
    since: int,
    until: int,
    entries: pd.DataFrame,
    owners: dict[str, dict[str, str]],
) -> pd.DataFrame:
    before = _rows(store, sheet, since)
    after = _rows(store, sheet, until)
    if before.empty and after.empty:
        return pd.DataFrame(columns=COLUMNS)
    key = list(sheet.row_key)
    both = before.merge(after, on=key, how="outer", suffixes=("_old", "_new"), indicator=True)
    listed: list[dict[str, object]] = []
    for record in both.to_dict("records"):
        made_by = _made_by(record, sheet, since, until, entries)
        base = {"sheet": sheet.name, "row": _row_words(record, key), **_entry(entries, made_by)}
        base["initiative_id"] = _initiative(record, sheet, owners)
        if record["_merge"] == "right_only":
            listed.append({**base, "column": "", "old_value": "", "new_value": "", "kind": "added"})
        elif record["_merge"] == "left_only":
            listed.append({**base, "column": "", "old_value": "", "new_value": "", "kind": "removed"})
        else:
            for column in sheet.column_names:
                if column in key:
                    continue
                old, new = record[f"{column}_old"], record[f"{column}_new"]
                if _same(old, new):
                    continue
                kind = _kind(sheet, column, record, entries, made_by)
                listed.append(
                    {**base, "column": column, "old_value": _text(old), "new_value": _text(new), "kind": kind}
                )
    return pd.DataFrame(listed, columns=COLUMNS)


def _rows(store: Store, sheet: Sheet, known_at: int) -> pd.DataFrame:
    """A sheet's rows as known at a point; rows sharing a key (cost lines) summed, their other cells the first."""
    rows = store.current(sheet.name, known_at, with_upload=True)
    key = list(sheet.row_key)
    if sheet.unique_key or rows.empty:
        return rows
    numbers = [column.name for column in sheet.columns if column.kind in ("number", "percent")]
    how = {
        name: ("sum" if name in numbers else "max" if name == "upload_id" else "first")
        for name in rows.columns
        if name not in key
    }
    summed = rows.groupby(key, dropna=False, sort=False).agg(how).reset_index()
    for name in numbers:  # a sum of nothing is no value, not 0
        present = rows.groupby(key, dropna=False, sort=False)[name].count().reset_index(drop=True)
        summed[name] = summed[name].where(present > 0)
    return summed


def _made_by(record: dict, sheet: Sheet, since: int, until: int, entries: pd.DataFrame) -> int:
    """The ledger entry that made this row what it is at `until`: the upload it came with, else (removed, or
    brought back) the last entry between the points that touched its scope or reverted the upload it left."""
    new_upload = record.get("upload_id_new")
    if pd.notna(new_upload) and since < int(new_upload) <= until:
        return int(new_upload)
    old_upload = record.get("upload_id_old")
    window = entries[(entries.index > since) & (entries.index <= until)]
    if pd.notna(old_upload):
        reverting = window[window["reverts_upload_id"] == old_upload]
        if not reverting.empty:
            return int(reverting.index.max())
    return int(window.index.max()) if not window.empty else until


def _entry(entries: pd.DataFrame, upload_id: int) -> dict[str, object]:
    if upload_id not in entries.index:
        return {"upload_id": upload_id, "recorded_by": "", "recorded_at": pd.NaT, "reason": ""}
    entry = entries.loc[upload_id]
    note = entry.get("note")
    return {
        "upload_id": upload_id,
        "recorded_by": entry["uploaded_by"],
        "recorded_at": entry["uploaded_at"],
        "reason": "" if pd.isna(note) else str(note),
    }


def _kind(sheet: Sheet, column: str, record: dict, entries: pd.DataFrame, made_by: int) -> str:
    revision = sheet.revisions.get(column, "edit")
    if revision != schema.PLAN_REVISION:
        return revision
    made_on = entries.loc[made_by, "uploaded_at"] if made_by in entries.index else pd.Timestamp.now()
    month = pd.Timestamp(record["period"])
    return "rebaseline" if month < pd.Timestamp(made_on).to_period("M").to_timestamp() else "forecast"


def _same(old: object, new: object) -> bool:
    if pd.isna(old) and pd.isna(new):
        return True
    if pd.isna(old) or pd.isna(new):
        return False
    return bool(old == new)


def _text(value: object) -> str:
    """A value as the command line prints it: dates as YYYY-MM-DD, whole numbers without a decimal point."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        return pd.Timestamp(value).date().isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _row_words(record: dict, key: list[str]) -> str:
    return " · ".join(_text(record[name]) for name in key if _text(record[name]))


def _initiative_of_rows(store: Store, since: int, until: int) -> dict[str, dict[str, str]]:
    """For the sheets naming their initiative through another's row: that row's id -> its initiative."""
    found: dict[str, dict[str, str]] = {}
    for sheet_name, (through, id_column) in _INITIATIVE_THROUGH.items():
        owning: dict[str, str] = {}
        for known_at in (since, until):
            rows = store.current(through, known_at).dropna(subset=["initiative_id"])
            owning.update(zip(rows[id_column], rows["initiative_id"], strict=True))
        found[sheet_name] = owning
    return found


def _initiative(record: dict, sheet: Sheet, owners: dict[str, dict[str, str]]) -> str:
    for side in ("", "_new", "_old"):
        value = record.get(f"initiative_id{side}")
        if value is not None and not pd.isna(value):
            return str(value)
    if sheet.name in _INITIATIVE_THROUGH:
        return owners[sheet.name].get(str(record[_INITIATIVE_THROUGH[sheet.name][1]]), "")
    return ""
