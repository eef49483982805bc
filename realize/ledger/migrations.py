"""Schema evolution of the ledger (SPEC section 1): a recorded version and ordered migrations, run on open.

A database records the version of its tables in `schema_version`. Opening one of an older release runs
the migrations after its version, in order, in one transaction; a file database is copied first (beside
it, `NAME.before-vN.duckdb`), so a migration that fails leaves both the file and the copy as they were.
A database made by a newer release is refused with a message saying so: this release cannot know what
its tables mean.

Version 1 is the first release's tables (the ledger, a table and a scope table per sheet). Version 2
adds what later releases declare in the schema: stored sheets that did not exist (the saved mappings)
and columns a sheet gained. Columns are only ever added, so every earlier upload stays readable.
Version 3 makes the ledger safe for many processes (a lake): `ledger_clock` holds the last ledger id,
and every write moves it, so two processes writing at once conflict and one tries again instead of both
taking the same id; `view_digest` records which definitions the views have, so a process opening the
database re-creates them only when this release defines them differently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass

import duckdb

from realize.contract import schema
from realize.ledger.sql import identifier, with_identifiers

Cursor = duckdb.DuckDBPyConnection

LEDGER_COLUMNS = (
    ("upload_id", "bigint"),
    ("kind", "varchar"),
    ("recorded_at", "timestamp"),
    ("recorded_by", "varchar"),
    ("file_names", "varchar"),
    ("files", "varchar"),
    ("sha256", "varchar"),
    ("rows_per_sheet", "varchar"),
    ("scopes_per_sheet", "varchar"),
    ("reverts_upload_id", "bigint"),
    ("note", "varchar"),
)
ROW_COLUMNS = (("upload_id", "bigint"), ("source_row", "integer"))
SCOPE_COLUMNS = (("upload_id", "bigint"), ("sheet", "varchar"), ("scope_value", "varchar"))


class DatabaseTooNew(RuntimeError):
    """The database was made by a newer release of Realize."""


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Cursor], None]


def scope_table(sheet: schema.Sheet) -> str:
    return f"scopes_{sheet.name}"


def _create_table(cursor: Cursor, table: str, columns: Iterable[tuple[str, str]]) -> None:
    # types come from schema.SQL_TYPES or the fixed lists above, never from input
    listed = ", ".join(identifier(name) + " " + sql_type for name, sql_type in columns)
    cursor.execute(with_identifiers("create table if not exists {table} (", table=table) + listed + ")")


def _sheet_columns(sheet: schema.Sheet) -> list[tuple[str, str]]:
    return [(column.name, column.sql_type) for column in sheet.columns] + list(ROW_COLUMNS)


def _first_release_tables(cursor: Cursor) -> None:
    _create_table(cursor, "ledger", LEDGER_COLUMNS)
    for sheet in schema.SHEETS:
        _create_table(cursor, sheet.table, _sheet_columns(sheet))
        _create_table(
            cursor, scope_table(sheet), (("upload_id", "bigint"), ("sheet", "varchar"), ("scope_value", "varchar"))
        )
    _create_table(cursor, schema.SETTINGS.table, _sheet_columns(schema.SETTINGS))
    _create_table(
        cursor,
        scope_table(schema.SETTINGS),
        (("upload_id", "bigint"), ("sheet", "varchar"), ("scope_value", "varchar")),
    )


def _tables_and_columns_of_the_schema(cursor: Cursor) -> None:
    """Every stored sheet has its tables, and every table every column the schema declares (added empty)."""
    for sheet in schema.STORED_SHEETS:
        _create_table(cursor, sheet.table, _sheet_columns(sheet))
        _create_table(
            cursor, scope_table(sheet), (("upload_id", "bigint"), ("sheet", "varchar"), ("scope_value", "varchar"))
        )
        present = {
            row[0]
            for row in cursor.execute(
                "select column_name from information_schema.columns"
                " where table_catalog = current_database() and table_name = $table",
                {"table": sheet.table},
            ).fetchall()
        }
        for name, sql_type in _sheet_columns(sheet):
            if name not in present:
                cursor.execute(
                    with_identifiers("alter table {table} add column {column} ", table=sheet.table, column=name)
                    + sql_type
                )


def _ledger_clock_and_view_digest(cursor: Cursor) -> None:
    _create_table(cursor, "ledger_clock", (("last_id", "bigint"),))
    cursor.execute(
        "insert into ledger_clock select coalesce(max(upload_id), 0) from ledger"
        " where not exists (select 1 from ledger_clock)"
    )
    _create_table(cursor, "view_digest", (("digest", "varchar"),))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "the first release's ledger and sheet tables", _first_release_tables),
    Migration(2, "stored sheets and columns added since (saved mappings)", _tables_and_columns_of_the_schema),
    Migration(3, "a ledger clock every write moves; the digest of the views", _ledger_clock_and_view_digest),
)
CURRENT_VERSION = MIGRATIONS[-1].version


def recorded_version(cursor: Cursor) -> int:
    """The database's schema version: 0 for a new database, 1 for one of the first release (no record)."""
    tables = {
        row[0]
        for row in cursor.execute(
            "select table_name from information_schema.tables where table_catalog = current_database()"
        ).fetchall()
    }
    if "schema_version" in tables:
        row = cursor.execute("select max(version) from schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0
    return 1 if "ledger" in tables else 0


def refuse_if_newer(version: int, where: str) -> None:
    if version > CURRENT_VERSION:
        raise DatabaseTooNew(
            f"The database {where} was made by a newer release of Realize (schema version {version}; this release "
            f"knows up to {CURRENT_VERSION}). Nothing was changed: run the newer release, or restore a backup "
            "made by this one."
        )


def pending(version: int) -> tuple[Migration, ...]:
    """The migrations a database at this version still needs, in order."""
    return tuple(migration for migration in MIGRATIONS if migration.version > version)


def migrate(cursor: Cursor) -> None:
    """Run the pending migrations and record the new version, in one transaction (the version read inside
    it: another process may have migrated meanwhile)."""
    cursor.execute("begin transaction")
    try:
        steps = pending(recorded_version(cursor))
        if steps:
            cursor.execute("create table if not exists schema_version (version integer, applied_at timestamp)")
        for step in steps:
            step.apply(cursor)
            cursor.execute("insert into schema_version values ($version, current_timestamp)", {"version": step.version})
        cursor.execute("commit")
    except BaseException:
        with suppress(duckdb.Error):  # a failed commit has already ended the transaction
            cursor.execute("rollback")
        raise
