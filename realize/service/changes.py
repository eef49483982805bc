"""What changed between two points of the ledger (SPEC section 3): one row per value changed, row added or row
removed, with its kind, the ledger entry that made it, who, when and the reason recorded.

Both sides are the data as known at a ledger point (Store.current with known_at), so a revert, a later upload
of the same scope or an in-app edit shows exactly as it changed what counts. The kind of a value's change is the
schema's (Sheet.revisions): a committed date, a baseline or target, a budget is a re-baseline; a monthly plan
changed for a month already past when the change was made is a re-baseline, for a later month a forecast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pandas as pd

from realize.contract import schema
from realize.contract.schema import Sheet
from realize.intake.ingest import ParsedUpload
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


@dataclass(frozen=True)
class Rebaseline:
    """One re-baseline an upload makes: which row of which sheet (its id and name; the month of a plan), which
    column, from what to what (as the command line prints values: dates YYYY-MM-DD)."""

    sheet: str
    about: str
    name: str
    column: str
    month: dt.date | None
    old_value: str
    new_value: str


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
    listed: list[dict[str, object]] = []
    for record, column in _differences(sheet, _rows(store, sheet, since), _rows(store, sheet, until)):
        made_by = _made_by(record, since, until, entries)
        entry = _entry(entries, made_by)
        listed.append(
            {
                "sheet": sheet.name,
                "row": _row_words(record, list(sheet.row_key)),
                "initiative_id": _initiative(record, sheet, owners),
                **_change(sheet, column, record, entry["recorded_at"]),
                **entry,
            }
        )
    return pd.DataFrame(listed, columns=COLUMNS)


def _differences(sheet: Sheet, before: pd.DataFrame, after: pd.DataFrame) -> Iterator[tuple[dict, str]]:
    """(the row on both sides, the column changed) per value changed; column '' for a row added or removed."""
    if before.empty and after.empty:
        return
    key = list(sheet.row_key)
    both = _typed(sheet, before).merge(
        _typed(sheet, after), on=key, how="outer", suffixes=("_old", "_new"), indicator=True
    )
    for record in both.to_dict("records"):
        if record["_merge"] != "both":
            yield record, ""
            continue
        for column in sheet.column_names:
            if column not in key and not _same(record[f"{column}_old"], record[f"{column}_new"]):
                yield record, column


def _change(sheet: Sheet, column: str, record: dict, made_on: object) -> dict[str, object]:
    if not column:
        kind = "added" if record["_merge"] == "right_only" else "removed"
        return {"column": "", "old_value": "", "new_value": "", "kind": kind}
    old, new = record[f"{column}_old"], record[f"{column}_new"]
    return {
        "column": column,
        "old_value": _text(old),
        "new_value": _text(new),
        "kind": _kind(sheet, column, record, made_on),
    }


def _typed(sheet: Sheet, rows: pd.DataFrame) -> pd.DataFrame:
    """Both sides alike whichever way they were read: dates as timestamps, numbers as floats."""
    typed = rows.copy()
    for column in sheet.columns:
        if column.name not in typed:
            continue
        if column.kind in ("date", "month"):
            typed[column.name] = pd.to_datetime(typed[column.name])
        elif column.kind in ("number", "percent"):
            typed[column.name] = pd.to_numeric(typed[column.name]).astype("float64")
        else:
            typed[column.name] = typed[column.name].astype(object).where(typed[column.name].notna(), None)
    return typed


def _rows(store: Store, sheet: Sheet, known_at: int) -> pd.DataFrame:
    """A sheet's rows as known at a point, with the entry each came with."""
    return _summed(sheet, store.current(sheet.name, known_at, with_upload=True))


def _summed(sheet: Sheet, rows: pd.DataFrame) -> pd.DataFrame:
    """Rows sharing a key (cost lines of one vendor and month) as one: amounts summed, other cells the first."""
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


def _made_by(record: dict, since: int, until: int, entries: pd.DataFrame) -> int:
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


def _kind(sheet: Sheet, column: str, record: dict, made_on: object) -> str:
    revision = sheet.revisions.get(column, "edit")
    if revision != schema.PLAN_REVISION:
        return revision
    made_on = made_on if pd.notna(made_on) else pd.Timestamp.now("UTC").tz_localize(None)
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


def _initiative_of_rows(store: Store, since: int | None, until: int | None) -> dict[str, dict[str, str]]:
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


# the sheet whose row names what a changed row is about, and the column holding that row's id
_NAMED_BY = {
    "initiatives": ("initiatives", "initiative_id"),
    "benefits": ("benefits", "benefit_id"),
    "benefit_measurements": ("benefits", "benefit_id"),
    "costs": ("initiatives", "initiative_id"),
    "milestones": ("milestones", "milestone_id"),
    "kpis": ("kpis", "kpi_id"),
    "kpi_values": ("kpis", "kpi_id"),
    "actions": ("actions", "action_id"),
}


def upload_rebaselines(store: Store, upload: ParsedUpload) -> list[Rebaseline]:
    """The re-baselines applying this checked upload would make now (SPEC section 3): its rows against the current
    rows of the scopes it replaces, in the columns whose change is a re-baseline (a monthly plan: for a month
    already past)."""
    this_month = pd.Timestamp.now("UTC").tz_localize(None).to_period("M").to_timestamp()
    found: list[Rebaseline] = []
    names = _Names(store, upload)
    for name, table in upload.tables.items():
        sheet = schema.SHEETS_BY_NAME[name]
        columns = {
            column: kind for column, kind in sheet.revisions.items() if kind in ("rebaseline", schema.PLAN_REVISION)
        }
        if not columns:
            continue
        current = store.current(name)
        before = current[current[sheet.scope_key].isin(table[sheet.scope_key].dropna())]
        if before.empty:
            continue
        key = list(sheet.row_key)
        after = _summed(sheet, table[list(sheet.column_names)].copy())
        both = _typed(sheet, _summed(sheet, before)).merge(_typed(sheet, after), on=key, suffixes=("_old", "_new"))
        for column, kind in columns.items():
            old, new = both[f"{column}_old"], both[f"{column}_new"]
            moved = ~(old.eq(new) | (old.isna() & new.isna()))
            if kind == schema.PLAN_REVISION:
                moved &= both["period"] < this_month
            for record in both[moved].to_dict("records"):
                found.append(_rebaseline(sheet, column, record, names))
    return found


def _rebaseline(sheet: Sheet, column: str, record: dict, names: _Names) -> Rebaseline:
    named_sheet, id_column = _NAMED_BY[sheet.name]
    about = str(record[id_column] if id_column in record else record[f"{id_column}_new"])
    return Rebaseline(
        sheet=sheet.name,
        about=about,
        name=names.of(named_sheet, id_column).get(about, ""),
        column=column,
        month=pd.Timestamp(record["period"]).date() if "period" in sheet.row_key else None,
        old_value=_text(record[f"{column}_old"]),
        new_value=_text(record[f"{column}_new"]),
    )


class _Names:
    """The names of the rows an upload's changes are about: the upload's own, else the stored ones (read once)."""

    def __init__(self, store: Store, upload: ParsedUpload) -> None:
        self._store, self._upload, self._read = store, upload, {}

    def of(self, sheet: str, id_column: str) -> dict[str, str]:
        if sheet not in self._read:
            names = self._store.current(sheet).set_index(id_column)["name"].dropna().astype(str).to_dict()
            if sheet in self._upload.tables:
                uploaded = self._upload.tables[sheet].dropna(subset=[id_column])
                names.update(zip(uploaded[id_column].astype(str), uploaded["name"].astype(str), strict=True))
            self._read[sheet] = names
        return self._read[sheet]
