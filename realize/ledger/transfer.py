"""Moving a whole ledger: every ledger table read in one snapshot, and loaded into an empty store in one
transaction. Backups write the snapshot as Parquet and restore loads it; `python -m realize migrate --to URI`
copies it between stores (a file to a lake, a lake to a file, a lake to another lake)."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb
import pyarrow as pa

from realize.ledger.sql import with_identifiers
from realize.ledger.store import Refused, Store, claim_clock, ledger_tables


def ledger_snapshot(store: Store) -> dict[str, pa.Table]:
    """Every ledger table read in one transaction: a write landing meanwhile is in all of them or none."""

    def read(cursor: duckdb.DuckDBPyConnection) -> dict[str, pa.Table]:
        cursor.begin()
        try:
            return {
                name: cursor.execute(with_identifiers("select * from {table}", table=name)).to_arrow_table()
                for name in ledger_tables()
            }
        finally:
            cursor.rollback()

    return store.read(read)


def load_ledger(store: Store, tables: Mapping[str, pa.Table]) -> None:
    """Ledger tables into an empty store, in one transaction (all of them or none)."""
    if not store.is_empty():
        raise Refused(f"{store.location} already holds data: load into a new, empty database (--db).")

    def work(cursor: duckdb.DuckDBPyConnection) -> None:
        claim_clock(cursor)
        for name, data in tables.items():
            cursor.register("loaded_rows", data)
            cursor.execute(with_identifiers("insert into {table} by name select * from loaded_rows", table=name))
            cursor.unregister("loaded_rows")

    store.write(work)


def copy_ledger(source: Store, target: Store) -> dict[str, int]:
    """Every ledger table of `source` into the empty `target`; the rows per table, checked equal after."""
    if str(source.location) == str(target.location):
        raise Refused("The source and the target are the same database: name another one with --to.")
    tables = ledger_snapshot(source)
    counts = {name: data.num_rows for name, data in tables.items()}
    load_ledger(target, tables)
    copied = {name: int(target.scalar(with_identifiers("select count(*) from {table}", table=name))) for name in tables}
    if copied != counts:
        differing = ", ".join(
            f"{name} {counts[name]} -> {copied[name]}" for name in counts if copied[name] != counts[name]
        )
        raise Refused(f"The copy does not hold the rows of the original ({differing}): do not use it.")
    return counts
