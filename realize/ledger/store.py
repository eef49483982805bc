"""The store: one connection per process, the upload ledger, apply and revert.

All database access goes through this module, on a DuckDB file or a DuckLake
(realize.ledger.location): plain tables and views only, no constraints, indexes or
sequences. Every write is one transaction that first moves the ledger clock, so
two processes writing at once conflict and the later one runs again on the newer
data (realize.ledger.retry); its checks run inside that transaction. Sheet rows
and ledger entries are never deleted or updated: every upload appends its rows
and a ledger entry; the current data of a sheet is, for each scope-key value,
the rows of the latest live ledger entry that touched it (queries/current_rows.sql).
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TypeVar

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from realize.contract import catalog, schema
from realize.contract import settings as settings_module
from realize.contract.refusals import Refused
from realize.contract.roles import Editor, require_editor
from realize.contract.schema import Sheet
from realize.intake import ingest
from realize.intake.ingest import ParsedUpload, SourceFile
from realize.intake.mapping import SavedMapping, saved_mapping_rows, saved_mappings_from_rows, saved_target_words
from realize.ledger import migrations, parameters
from realize.ledger.location import LAKE, Location, LocationError, connect_lake, locate
from realize.ledger.retry import Busy, retrying
from realize.ledger.sql import creation_order, render, sql_text, with_identifiers

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_WORKBOOK = ROOT / "data" / "sample_portfolio.xlsx"

Result = TypeVar("Result")

ARROW_TYPES: dict[str, pa.DataType] = {
    "varchar": pa.string(),
    "double": pa.float64(),
    "date": pa.date32(),
    "boolean": pa.bool_(),
}


# DuckDB's row group: the batch size that lets an insert use every thread.
ROW_GROUP_ROWS = 122_880


class StoreInUse(Refused):
    """Another process holds the database file."""


class StoreBusy(Refused):
    """Other processes kept committing first through every attempt: nothing of this write was kept."""


class StoreTooNew(Refused):
    """The database was made by a newer release: this one does not open it."""


# A new database file is written in the storage format of the DuckDB pinned (an existing file keeps its own):
# the default format is 0.10's, whose compression of an upload's text columns costs a third more.
NEW_FILE_CONFIG = {"storage_compatibility_version": "v1.5.0"}


def _connect(location: Location) -> duckdb.DuckDBPyConnection:
    """One connection for this process; a clear refusal when another process holds the file."""
    if location.is_lake:
        try:
            return connect_lake(location)
        except LocationError as error:
            raise Refused(str(error)) from None
    path = location.target
    try:
        return duckdb.connect(path, config=NEW_FILE_CONFIG)
    except duckdb.IOException as error:
        if "lock" not in str(error).lower():
            raise
        holder = re.search(r"PID (\d+)", str(error))
        who = f" (process {holder.group(1)})" if holder else ""
        raise StoreInUse(
            f"The database {path} is in use by another Realize app or command{who}. One process at a time "
            "can use a database file: stop the other one, point this one at another file with REALIZE_DB, or "
            "keep the ledger on a lake that many processes share (REALIZE_DB=ducklake:sqlite:PATH; see the "
            "README's Stores)."
        ) from None


def default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


# --------------------------------------------------------------------------- SQL text


def _scope_table(sheet: Sheet) -> str:
    return migrations.scope_table(sheet)


def _view_bodies() -> dict[str, str]:
    """Every view the ledger defines, by name, in creation order: from the schema and the catalog (the tables
    are realize.ledger.migrations' work)."""
    bodies = {"known_ledger": sql_text("known_ledger"), "live_uploads": sql_text("live_uploads")}
    bodies["upload_scopes"] = " union all ".join(
        with_identifiers("select upload_id, sheet, scope_value from {scopes}", scopes=_scope_table(sheet))
        for sheet in schema.STORED_SHEETS
    )
    for sheet in schema.STORED_SHEETS:
        bodies[sheet.current_view] = render(
            "current_rows", data_table=sheet.table, scope_table=_scope_table(sheet), scope_key=sheet.scope_key
        )
    bodies["upload_history"] = sql_text("upload_history")
    for view in creation_order(catalog.VIEWS):
        bodies[view] = sql_text(view)
    return bodies


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Applied:
    upload_id: int
    kind: str
    rows_per_sheet: dict[str, int]
    scopes_per_sheet: dict[str, int]
    replaced_sample: bool
    mapping_id: int | None = None  # the ledger entry saving the layouts the user answered about


@dataclass(frozen=True)
class Reverted:
    upload_id: int
    revert_id: int


# --------------------------------------------------------------------------- the store


class Store:
    """One DuckDB connection per process; a cursor per query; writes under one lock."""

    def __init__(self, where: str | os.PathLike[str] | Location) -> None:
        self.location = where if isinstance(where, Location) else locate(where)
        self.path = self.location.path
        if self.path is not None and str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._con = _connect(self.location)
        self._write_lock = threading.RLock()
        self._view_columns: dict[str, list[str]] = {}
        self._migrate()
        self._define_views()

    def _migrate(self) -> None:
        """Bring an older release's database up to this release's tables; refuse a newer release's."""
        version = self.read(migrations.recorded_version)
        try:
            migrations.refuse_if_newer(version, str(self.location))
        except migrations.DatabaseTooNew as too_new:
            self._con.close()
            raise StoreTooNew(str(too_new)) from None
        if not migrations.pending(version):
            return
        if version > 0 and not self.location.is_lake and str(self.path) != ":memory:":
            # a copy of the file as it was, taken with the connection closed so it is whole
            self._con.close()
            shutil.copy2(
                self.path, self.path.with_name(f"{self.path.stem}.before-v{migrations.CURRENT_VERSION}.duckdb")
            )
            self._con = _connect(self.location)
        with self._write_lock:
            retrying(self._migrate_once)

    def _migrate_once(self) -> None:
        with self.cursor() as cursor:
            migrations.migrate(cursor)

    def _define_views(self) -> None:
        """The views as this release defines them; written only when the database has other definitions
        (so processes opening a shared lake do not all rewrite them)."""
        bodies = _view_bodies()
        statements = [
            with_identifiers("create or replace view {view} as ", view=name) + body for name, body in bodies.items()
        ]
        digest = hashlib.sha256("\n;\n".join(statements).encode()).hexdigest()
        names = list(bodies)

        def defined(cursor: duckdb.DuckDBPyConnection) -> bool:
            stored = cursor.execute("select max(digest) from view_digest").fetchone()[0]
            present = cursor.execute(
                "select count(*) from duckdb_views() where database_name = current_database()"
                " and list_contains($names, view_name)",
                {"names": names},
            ).fetchone()[0]
            return stored == digest and present == len(names)

        if self.read(defined):
            return

        def define(cursor: duckdb.DuckDBPyConnection) -> None:
            if defined(cursor):
                return
            # DuckDB binds a view when it is created: its parameters must have values then
            parameters.set_parameters(cursor, parameters.default_parameters())
            for statement in statements:
                cursor.execute(statement)
            cursor.execute("delete from view_digest")
            cursor.execute("insert into view_digest values ($digest)", {"digest": digest})

        self.write(define)

    def close(self) -> None:
        self._con.close()

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of the process's connection, closed after use (one per query or script run)."""
        cursor = self._new_cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def _new_cursor(self) -> duckdb.DuckDBPyConnection:
        cursor = self._con.cursor()
        if self.location.is_lake:
            cursor.execute(f"use {LAKE}")  # the default catalog is each cursor's own setting
        return cursor

    def read(self, work: Callable[[duckdb.DuckDBPyConnection], Result]) -> Result:
        """`work(cursor)` on a cursor of its own, run again if a lake's catalog was busy with a writer."""

        def attempt() -> Result:
            with self.cursor() as cursor:
                return work(cursor)

        return retrying(attempt)

    def write(self, work: Callable[[duckdb.DuckDBPyConnection], Result]) -> Result:
        """`work(cursor)` as one transaction, all of it or none of it; run again, checks and all, when another
        process committed first. `work` starts with `claim_clock(cursor)` and takes ledger ids from `_next_id`."""

        def attempt() -> Result:
            with self.cursor() as cursor, transaction(cursor):
                return work(cursor)

        with self._write_lock:
            try:
                return retrying(attempt)
            except Busy as busy:
                raise StoreBusy(f"{busy} Try again in a moment.") from None

    def frame(self, sql: str, params: dict[str, object] | None = None) -> pd.DataFrame:
        return self.read(lambda cursor: cursor.execute(sql, params or {}).df())

    def scalar(self, sql: str, params: dict[str, object] | None = None) -> object:
        row = self.read(lambda cursor: cursor.execute(sql, params or {}).fetchone())
        return row[0] if row else None

    # ------------------------------------------------------------------ reading

    def data_version(self) -> int:
        """Changes on every write (every write is a ledger entry): the key for cached results."""
        return int(self.scalar("select coalesce(max(upload_id), 0) from ledger") or 0)

    def is_empty(self) -> bool:
        return self.data_version() == 0

    def current(self, sheet_name: str, known_at: int | None = None, *, with_upload: bool = False) -> pd.DataFrame:
        """The current rows of a sheet, in schema column order; as known after ledger entry `known_at` if given;
        `with_upload`: and the ledger entry each row came with (upload_id)."""
        sheet = schema.SHEETS_BY_NAME[sheet_name]
        sql = with_identifiers(
            "select {columns} from {view} order by {order}",
            columns=(*sheet.column_names, "upload_id") if with_upload else sheet.column_names,
            view=sheet.current_view,
            order=(*sheet.unique_key, sheet.scope_key, "source_row"),
        )

        def work(cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
            parameters.set_known_at(cursor, known_at)
            return cursor.execute(sql).df()

        return self.read(work)

    def last_entry_by(self, moment: datetime) -> int:
        """The id of the last ledger entry recorded before `moment` (UTC); 0 when there was none yet."""
        return int(
            self.scalar(
                "select coalesce(max(upload_id), 0) from ledger where recorded_at < $moment", {"moment": moment}
            )
            or 0
        )

    def entries_after(self, upload_id: int) -> int:
        """How many ledger entries were recorded after this one."""
        return int(self.scalar("select count(*) from ledger where upload_id > $id", {"id": upload_id}) or 0)

    def has_entry(self, upload_id: int) -> bool:
        return bool(self.scalar("select count(*) from ledger where upload_id = $id", {"id": upload_id}))

    def current_row_counts(self) -> dict[str, int]:
        return {
            sheet.name: int(self.scalar(with_identifiers("select count(*) from {view}", view=sheet.current_view)) or 0)
            for sheet in schema.SHEETS
        }

    def ids(self, sheet: str) -> set[str]:
        target = schema.SHEETS_BY_NAME[sheet]
        rows = self.frame(
            with_identifiers(
                "select distinct {id} as id from {view}", id=target.unique_key[0], view=target.current_view
            )
        )
        return set(rows["id"].dropna())

    def id_scopes(self, sheet: str) -> dict[str, str]:
        target = schema.SHEETS_BY_NAME[sheet]
        rows = self.frame(
            with_identifiers(
                "select {id} as id, {scope} as scope from {view}",
                id=target.unique_key[0],
                scope=target.scope_key,
                view=target.current_view,
            )
        )
        return dict(zip(rows["id"], rows["scope"], strict=True))

    def saved_mappings(self) -> list[SavedMapping]:
        """The sheet layouts users mapped, as last saved per header signature (reverted ones left out)."""
        sheet = schema.MAPPINGS
        rows = self.frame(
            with_identifiers(
                "select {columns}, upload_id from {view} order by {order}",
                columns=sheet.column_names,
                view=sheet.current_view,
                order=sheet.unique_key,
            )
        )
        return saved_mappings_from_rows(rows)

    def view_columns(self, view: str) -> list[str]:
        """The column names of a view (they never change while the process runs)."""
        if view not in self._view_columns:
            with self.cursor() as cursor:
                parameters.set_parameters(cursor, parameters.default_parameters())
                described = cursor.execute(with_identifiers("describe select * from {view}", view=view)).fetchall()
            self._view_columns[view] = [row[0] for row in described]
        return self._view_columns[view]

    def history(self) -> pd.DataFrame:
        return self.frame("select * from upload_history")

    def find_live_duplicate(self, sha256: str) -> pd.Series | None:
        """The live ledger entry that applied these very files, if any."""
        rows = self.frame(
            "select upload_id, recorded_at, recorded_by, file_names from ledger"
            " semi join live_uploads using (upload_id) where sha256 = $sha256 order by upload_id limit 1",
            {"sha256": sha256},
        )
        return None if rows.empty else rows.iloc[0]

    def live_ids(self, kind: str) -> list[int]:
        """The ledger entries of this kind whose rows still count."""
        rows = self.frame(
            "select upload_id from ledger semi join live_uploads using (upload_id)"
            " where kind = $kind order by upload_id",
            {"kind": kind},
        )
        return [int(value) for value in rows["upload_id"]]

    def live_sample_ids(self) -> list[int]:
        return self.live_ids("sample")

    def showing_sample(self) -> bool:
        """True while the bundled sample is the data shown (until real data is uploaded)."""
        return bool(self.live_sample_ids())

    # ------------------------------------------------------------------ previews

    def preview(self, upload: ParsedUpload) -> pd.DataFrame:
        """What applying would change: per sheet and scope value, rows now current and rows coming."""
        parts = [self._preview_sheet(schema.SHEETS_BY_NAME[name], table) for name, table in upload.tables.items()]
        if not parts:
            return pd.DataFrame(columns=["sheet", "scope_key", "scope", "current_rows", "new_rows", "change"])
        return pd.concat(parts, ignore_index=True)

    def _preview_sheet(self, sheet: Sheet, table: pd.DataFrame) -> pd.DataFrame:
        incoming = table.groupby(sheet.scope_key, dropna=True).size().rename("new_rows").reset_index()
        incoming.columns = ["scope", "new_rows"]
        with self.cursor() as cursor:
            cursor.register("incoming_scopes", incoming)
            stored = cursor.execute(
                with_identifiers(
                    "select {scope} as scope, count(*) as current_rows from {view}"
                    " where {scope} in (select scope from incoming_scopes) group by all",
                    scope=sheet.scope_key,
                    view=sheet.current_view,
                )
            ).df()
        merged = incoming.merge(stored, on="scope", how="left")
        merged["current_rows"] = merged["current_rows"].fillna(0).astype("int64")
        merged["change"] = np.where(merged["current_rows"] > 0, "replace", "add")
        merged.insert(0, "scope_key", sheet.scope_key)
        merged.insert(0, "sheet", sheet.name)
        return merged[["sheet", "scope_key", "scope", "current_rows", "new_rows", "change"]]

    # ------------------------------------------------------------------ writing

    def apply(self, upload: ParsedUpload, editor: Editor, *, note: str = "", edit: bool = False) -> Applied:
        """Apply a validated upload in one transaction: scoped replace per (sheet, scope value).

        Refused (nothing written) when it has errors, when the same files are
        already applied, or when a reference broke since validation. An edit
        made in the app (edit=True) is a ledger entry like any upload, but is
        never a duplicate and does not replace the sample. Only an editor may apply.
        """
        by = require_editor(editor).name
        if upload.errors:
            raise Refused(
                f"The upload has {len(upload.errors)} error(s); nothing was applied. Fix them and upload again."
            )
        if upload.questions:
            raise Refused(
                f"The upload has {len(upload.questions)} open question(s) about its sheets or columns; nothing was "
                "applied. Answer them (the Data page's mapping step, or --map) and apply again."
            )
        if not upload.tables:
            raise Refused("The upload holds no sheet of the template; nothing was applied.")
        kind = "edit" if edit else "sample" if upload.sha256 == sample_sha256() else "upload"

        def work(cursor: duckdb.DuckDBPyConnection) -> Applied:
            claim_clock(cursor)
            duplicate = None if edit else self.find_live_duplicate(upload.sha256)
            if duplicate is not None:
                raise Refused(duplicate_message(duplicate))
            late_issues = (
                [] if self._unchanged_since(cursor, upload) else ingest.check_keys(upload, self, within_upload=False)
            )
            if late_issues:
                first = late_issues[0]
                raise Refused(
                    f"Data changed since this upload was checked: {first.sheet} row {first.row}, "
                    f"{first.column}: {first.message} Nothing was applied; check the upload again."
                )
            return self._write_upload(cursor, upload, kind, by, note=note, edit=edit)

        return self.write(work)

    @staticmethod
    def _unchanged_since(cursor: duckdb.DuckDBPyConnection, upload: ParsedUpload) -> bool:
        """Nothing was written since the upload's keys were checked (every write is a ledger entry): no need to
        check them again inside the transaction."""
        if upload.checked_at_version is None:
            return False
        latest = cursor.execute("select coalesce(max(upload_id), 0) from ledger").fetchone()[0]
        return int(latest) == upload.checked_at_version

    def _write_upload(
        self, cursor: duckdb.DuckDBPyConnection, upload: ParsedUpload, kind: str, by: str, *, note: str, edit: bool
    ) -> Applied:
        """The rows and ledger entries of an upload, inside the caller's transaction."""
        upload_id, replaced_sample = self._start_upload(cursor, kind, by)
        scopes = {name: self._insert_rows(cursor, name, table, upload_id) for name, table in upload.tables.items()}
        return self._finish_upload(cursor, upload, upload_id, kind, by, scopes, replaced_sample, note=note, edit=edit)

    def _start_upload(self, cursor: duckdb.DuckDBPyConnection, kind: str, by: str) -> tuple[int, bool]:
        """The upload's ledger id, after reverting the sample portfolio when a real upload replaces it; and
        whether it did."""
        samples = self.live_sample_ids() if kind == "upload" else []
        # actions recorded in the app while the sample was shown were made on the sample
        sample_edits = self.live_ids("edit") if samples else []
        removed = [(sample_id, "sample portfolio replaced by the first real upload") for sample_id in samples]
        removed += [(edit_id, "an edit of the sample portfolio, removed with it") for edit_id in sample_edits]
        for reverted_id, why in removed:
            self._insert_ledger(cursor, _next_id(cursor), kind="revert", by=by, reverts=reverted_id, note=why)
        return _next_id(cursor), bool(samples)

    def _finish_upload(
        self,
        cursor: duckdb.DuckDBPyConnection,
        upload: ParsedUpload,
        upload_id: int,
        kind: str,
        by: str,
        scopes: dict[str, int],
        replaced_sample: bool,
        *,
        note: str,
        edit: bool,
    ) -> Applied:
        """The upload's ledger entry (its rows written) and the layouts it saves."""
        self._insert_ledger(
            cursor,
            upload_id,
            kind=kind,
            by=by,
            files=() if edit else upload.files,
            sha256=None if edit else upload.sha256,
            rows_per_sheet=upload.rows_per_sheet,
            scopes_per_sheet=scopes,
            note=note,
        )
        mapping_id = self._insert_mappings(cursor, upload.to_save, by) if upload.to_save else None
        return Applied(upload_id, kind, upload.rows_per_sheet, scopes, replaced_sample, mapping_id)

    def value_preview(self, upload: ParsedUpload, as_of: dt.date | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The measures per initiative (queries/upload_preview_measures.sql) now, and as they would be with
        this upload applied: written in a transaction that is rolled back, so the very views compute both."""
        filters = parameters.Filters(as_of=as_of or dt.date.today())
        values = parameters.parameters(self.settings(), filters)
        kind = "sample" if upload.sha256 == sample_sha256() else "upload"
        with self._write_lock, self.cursor() as cursor:
            parameters.set_parameters(cursor, values)
            before = cursor.execute(sql_text("upload_preview_measures")).df()
            cursor.begin()
            try:
                self._write_upload(cursor, upload, kind, "preview", note="", edit=False)
                after = cursor.execute(sql_text("upload_preview_measures")).df()
            finally:
                cursor.rollback()
        return before, after

    def _insert_mappings(self, cursor: duckdb.DuckDBPyConnection, saved: list[SavedMapping], by: str) -> int:
        """The layouts of an upload the user answered questions about, as one ledger entry: reused for
        the next file of the same layout, revertible like any entry."""
        rows = pd.concat([saved_mapping_rows(mapping) for mapping in saved], ignore_index=True)
        note = "; ".join(_mapping_words(mapping) for mapping in saved)
        return self._record_entry(cursor, "mappings", rows, kind="mapping", by=by, note=note)

    def _record_entry(
        self, cursor: duckdb.DuckDBPyConnection, sheet: str, rows: pd.DataFrame, *, kind: str, by: str, note: str
    ) -> int:
        """Rows of a sheet kept under the ledger but not in the workbook (settings, mappings) as one entry."""
        entry_id = _next_id(cursor)
        rows = rows.assign(**{ingest.SOURCE_ROW: range(1, len(rows) + 1)})
        scopes = {sheet: self._insert_rows(cursor, sheet, rows, entry_id)}
        self._insert_ledger(
            cursor,
            entry_id,
            kind=kind,
            by=by,
            rows_per_sheet={sheet: len(rows)},
            scopes_per_sheet=scopes,
            note=note,
        )
        return entry_id

    def writing(self) -> AbstractContextManager[object]:
        """Held while a write reads what it will change and applies it (reentrant): one writer at a time."""
        return self._write_lock

    def apply_edit(self, sheet: str, rows: list[dict[str, object]], editor: Editor, note: str) -> Applied:
        """Rows edited in the app (an action recorded or closed), checked as an upload would be: a ledger entry."""
        edit = ingest.parse_rows(sheet, rows, self)
        if edit.errors:
            raise Refused(" ".join(f"{issue.column}: {issue.message}" for issue in edit.errors))
        return self.apply(edit, editor, note=note, edit=True)

    def settings(self, known_at: int | None = None) -> dict[str, str | float | int]:
        """The current settings (as known after ledger entry `known_at` if given); defaults for those never saved."""
        return settings_module.from_rows(self.current("settings", known_at))

    def save_settings(self, values: Mapping[str, object], editor: Editor) -> int | None:
        """Save the settings that differ from the current ones as one ledger entry; None if none differ."""
        by = require_editor(editor).name
        found = settings_module.problems(values)
        if found:
            raise Refused(" ".join(found) + " Nothing was saved.")

        def work(cursor: duckdb.DuckDBPyConnection) -> int | None:
            claim_clock(cursor)
            current = self.settings()
            changed = {name: value for name, value in values.items() if current[name] != value}
            if not changed:
                return None
            rows = settings_module.to_rows(changed)
            note = "; ".join(f"{name} {current[name]} -> {value}" for name, value in changed.items())
            return self._record_entry(cursor, "settings", rows, kind="settings", by=by, note=note)

        return self.write(work)

    def _insert_rows(self, cursor: duckdb.DuckDBPyConnection, name: str, table: pd.DataFrame, upload_id: int) -> int:
        sheet = schema.SHEETS_BY_NAME[name]
        cursor.register("incoming_rows", to_arrow(sheet, table, upload_id))
        cursor.execute(with_identifiers("insert into {table} by name select * from incoming_rows", table=sheet.table))
        scopes = cursor.execute(
            with_identifiers(
                "insert into {scopes} select distinct $upload_id, $sheet, {scope} from incoming_rows"
                " where {scope} is not null",
                scopes=_scope_table(sheet),
                scope=sheet.scope_key,
            ),
            {"upload_id": upload_id, "sheet": sheet.name},
        ).fetchone()
        cursor.unregister("incoming_rows")
        return int(scopes[0]) if scopes else 0  # an insert answers with the rows it wrote: one per scope

    def _insert_ledger(
        self,
        cursor: duckdb.DuckDBPyConnection,
        upload_id: int,
        *,
        kind: str,
        by: str,
        files: tuple[SourceFile, ...] = (),
        sha256: str | None = None,
        rows_per_sheet: dict[str, int] | None = None,
        scopes_per_sheet: dict[str, int] | None = None,
        reverts: int | None = None,
        note: str = "",
    ) -> None:
        cursor.execute(
            "insert into ledger values ($upload_id, $kind, $recorded_at, $recorded_by, $file_names, $files,"
            " $sha256, $rows_per_sheet, $scopes_per_sheet, $reverts, $note)",
            {
                "upload_id": upload_id,
                "kind": kind,
                "recorded_at": datetime.now(UTC).replace(tzinfo=None),
                "recorded_by": by,
                "file_names": ", ".join(source.name for source in files),
                "files": json.dumps(
                    [{"name": source.name, "sha256": source.sha256, "bytes": len(source.content)} for source in files]
                ),
                "sha256": sha256,
                "rows_per_sheet": json.dumps(rows_per_sheet or {}),
                "scopes_per_sheet": json.dumps(scopes_per_sheet or {}),
                "reverts": reverts,
                "note": note,
            },
        )

    def revert(self, upload_id: int, editor: Editor) -> Reverted:
        """Make earlier rows current again wherever this upload was the latest. Nothing is deleted."""
        by = require_editor(editor).name

        def work(cursor: duckdb.DuckDBPyConnection) -> Reverted:
            claim_clock(cursor)
            entry = self.frame("select * from upload_history where upload_id = $id", {"id": upload_id})
            if entry.empty:
                raise Refused(f"There is no upload #{upload_id}: see the upload history for the ids.")
            row = entry.iloc[0]
            if row["kind"] == "revert":
                raise Refused(
                    f"#{upload_id} is itself a revert (of #{int(row['reverts_upload_id'])}); it cannot be reverted."
                )
            if row["status"] == "reverted":
                raise Refused(
                    f"Upload #{upload_id} was already reverted on {row['reverted_at']:%Y-%m-%d %H:%M} UTC "
                    f"by {row['reverted_by']}."
                )
            revert_id = _next_id(cursor)
            self._insert_ledger(cursor, revert_id, kind="revert", by=by, reverts=upload_id)
            return Reverted(upload_id, revert_id)

        return self.write(work)

    def holds_no_data(self) -> bool:
        """True when no sheet has a current row (a new database, or every upload reverted)."""
        return all(self.current(sheet.name).empty for sheet in schema.SHEETS)


class _NotAsChecked(Exception):
    """What an upload writer wrote early cannot be committed as it is: rolled back, applied the ordinary way."""


class UploadWriter:
    """An upload written while it is still being checked (the command line's import): each sheet the check hands
    over (`add`, ingest's `ready`) is inserted at once, on a thread of its own, inside one transaction that holds
    the store's write lock; `finish` commits it once the whole upload has passed, `abandon` rolls it back.

    Only a shortcut: whatever goes wrong on the way (a sheet's rows not the ones finally checked, the same files
    already applied, a key broken by a write since the check, a lake's commit conflict) rolls the transaction
    back, and `finish` applies the upload the ordinary way (`Store.apply`), which refuses or retries as it does.
    """

    def __init__(self, store: Store | Future[Store], files: tuple[SourceFile, ...], editor: Editor) -> None:
        """`store`: perhaps a new database still being made; the writer waits for it before it writes."""
        self._making, self._editor, self._by = store, editor, require_editor(editor).name
        self._sha256 = ingest.upload_sha256(files)
        self._kind = "sample" if self._sha256 == sample_sha256() else "upload"
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="upload-writer")
        self._steps: list[Future[None]] = []
        self._handed: dict[str, pd.DataFrame] = {}
        self._waiting: dict[str, pd.DataFrame] = {}  # handed, not yet inserted
        self._waiting_lock = threading.Lock()
        self._scopes: dict[str, int] = {}
        self._cursor: duckdb.DuckDBPyConnection | None = None
        self._upload_id, self._replaced_sample, self._version = 0, False, -1

    def add(self, name: str, table: pd.DataFrame) -> None:
        """Insert a sheet's final rows (in the background)."""
        if not self._steps:
            self._steps.append(self._thread.submit(self._begin))
        self._handed[name] = table
        with self._waiting_lock:
            self._waiting[name] = table
        self._steps.append(self._thread.submit(self._insert_largest_waiting))

    def finish(self, upload: ParsedUpload, note: str = "") -> Applied:
        """The checked upload applied (`note`: kept with its ledger entry, such as the reason for a re-baseline): the
        transaction committed, else (see the class) applied the ordinary way."""
        try:
            if self._steps:
                with suppress(Exception):  # rolled back: the ordinary apply below gives the outcome
                    return self._thread.submit(self._commit, upload, note).result()
        finally:
            self._thread.shutdown()
        return self._store.apply(upload, self._editor, note=note)

    @property
    def _store(self) -> Store:
        return self._making.result() if isinstance(self._making, Future) else self._making

    def abandon(self) -> None:
        """Nothing of the upload kept (it failed its checks)."""
        if self._steps:
            self._thread.submit(self._end, False).result()
        self._thread.shutdown()

    def _begin(self) -> None:
        self._store._write_lock.acquire()
        cursor = self._store._new_cursor()
        try:
            cursor.begin()
            claim_clock(cursor)
            self._version = int(cursor.execute("select coalesce(max(upload_id), 0) from ledger").fetchone()[0])
            self._upload_id, self._replaced_sample = self._store._start_upload(cursor, self._kind, self._by)
        except BaseException:
            with suppress(duckdb.Error):
                cursor.rollback()
            cursor.close()
            self._store._write_lock.release()
            raise
        self._cursor = cursor

    def _insert_largest_waiting(self) -> None:
        """The largest sheet handed and not yet inserted goes first: the measurements, often handed last, are the
        longest insert, and the commit waits for it."""
        with self._waiting_lock:
            name = max(self._waiting, key=lambda waiting: len(self._waiting[waiting]))
            table = self._waiting.pop(name)
        if self._cursor is not None:  # else beginning failed: finish applies the ordinary way
            self._scopes[name] = self._store._insert_rows(self._cursor, name, table, self._upload_id)

    def _commit(self, upload: ParsedUpload, note: str) -> Applied:
        try:
            for step in self._steps:
                step.result()  # done already (one thread, in order): the first failure raises here
            cursor = self._cursor
            if cursor is None:
                raise _NotAsChecked("the transaction did not begin")
            if upload.sha256 != self._sha256 or self._handed.keys() != upload.tables.keys():
                raise _NotAsChecked("the upload checked is not the one written")
            if any(upload.tables[name] is not table for name, table in self._handed.items()):
                raise _NotAsChecked("a sheet changed after it was written")
            if self._store.find_live_duplicate(self._sha256) is not None:
                raise _NotAsChecked("already applied: the ordinary apply says so")
            if self._version != upload.checked_at_version:
                raise _NotAsChecked("written to since the check: the ordinary apply checks the keys again")
            applied = self._store._finish_upload(
                cursor,
                upload,
                self._upload_id,
                self._kind,
                self._by,
                {name: self._scopes[name] for name in upload.tables},  # in sheet order, whichever was written first
                self._replaced_sample,
                note=note,
                edit=False,
            )
            cursor.commit()
        except BaseException:
            self._end(False)
            raise
        self._end(True)
        return applied

    def _end(self, committed: bool) -> None:
        if self._cursor is not None:
            if not committed:
                with suppress(duckdb.Error):
                    self._cursor.rollback()
            self._cursor.close()
            self._cursor = None
            self._store._write_lock.release()


@contextmanager
def transaction(cursor: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """All of it or none of it: commit on success, roll back on any failure."""
    cursor.begin()
    try:
        yield
    except BaseException:
        with suppress(duckdb.Error):  # a failed commit has already ended the transaction
            cursor.rollback()
        raise
    try:
        cursor.commit()
    except BaseException:
        with suppress(duckdb.Error):
            cursor.rollback()
        raise


def ledger_tables() -> list[str]:
    """Every table the ledger keeps: entries, then each sheet's rows and scopes."""
    tables = ["ledger"]
    for sheet in schema.STORED_SHEETS:
        tables += [sheet.table, _scope_table(sheet)]
    return tables


def claim_clock(cursor: duckdb.DuckDBPyConnection) -> None:
    """Move the ledger clock first in every write: a process that committed since this transaction began moved
    it too, so this commit conflicts and the write runs again (on a lake; one process's writes queue on its lock).
    What the write then checks was committed before its transaction began, or the commit fails."""
    cursor.execute(
        "update ledger_clock set last_id = greatest(last_id, (select coalesce(max(upload_id), 0) from ledger))"
    )


def _next_id(cursor: duckdb.DuckDBPyConnection) -> int:
    """The next ledger id, from the clock inside the writing transaction (no sequences: DuckLake has none)."""
    next_id = int(
        cursor.execute(
            "select greatest(max(last_id), (select coalesce(max(upload_id), 0) from ledger)) + 1 from ledger_clock"
        ).fetchone()[0]
    )
    cursor.execute("update ledger_clock set last_id = $id", {"id": next_id})
    return next_id


def duplicate_message(entry: pd.Series) -> str:
    return (
        f"These files were already uploaded as #{int(entry['upload_id'])} on "
        f"{entry['recorded_at']:%Y-%m-%d %H:%M} UTC by {entry['recorded_by']} ({entry['file_names']}); "
        "nothing was applied again."
    )


@cache
def sample_sha256() -> str:
    return hashlib.sha256(SAMPLE_WORKBOOK.read_bytes()).hexdigest() if SAMPLE_WORKBOOK.exists() else ""


def to_arrow(sheet: Sheet, table: pd.DataFrame, upload_id: int) -> pa.Table:
    """A validated sheet as an Arrow table typed like its DuckDB table."""
    arrays: dict[str, pa.Array] = {}
    for column in sheet.columns:
        values = table[column.name]
        arrow_type = ARROW_TYPES[column.sql_type]
        if arrow_type == pa.date32():
            arrays[column.name] = pa.array(values.to_numpy(dtype="datetime64[D]"), type=pa.date32())
        elif arrow_type == pa.float64():
            arrays[column.name] = pa.array(values.to_numpy(dtype="float64"), type=pa.float64(), from_pandas=True)
        else:
            arrays[column.name] = pa.array(values, type=arrow_type, from_pandas=True)
    arrays["upload_id"] = pa.array(np.full(len(table), upload_id, dtype="int64"))
    arrays["source_row"] = pa.array(table[ingest.SOURCE_ROW].to_numpy(dtype="int32"))
    # in batches of a row group: DuckDB inserts batches in parallel, one long array on one thread
    return pa.Table.from_batches(pa.table(arrays).to_batches(max_chunksize=ROW_GROUP_ROWS))


def _mapping_words(mapping: SavedMapping) -> str:
    """'Financials' as costs (Actual Spend -> actual, Col F -> actual, Notes -> left out)."""
    if mapping.template_sheet is None:
        return f"'{mapping.sheet_label}' left out"
    parts = [
        f"{header} -> {saved_target_words(mapping.columns.get(index))}"
        for index, header in enumerate(mapping.headers, start=1)
        if schema.normalize_name(header) != schema.normalize_name(mapping.columns.get(index) or "")
    ]
    detail = f" ({', '.join(parts)})" if parts else ""
    return f"'{mapping.sheet_label}' as {mapping.template_sheet}{detail}"
