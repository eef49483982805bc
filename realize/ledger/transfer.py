"""Moving a ledger between stores (`python -m realize migrate --to URI`): a file to a lake, a lake to a file,
a lake to another lake; the whole history, every upload and revert, in one snapshot and one transaction."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from realize.ledger.sql import with_identifiers
from realize.ledger.store import Refused, Store, claim_clock, ledger_tables


def copy_ledger(source: Store, target: Store) -> dict[str, int]:
    """Every ledger table of `source` into the empty `target`; the rows per table, checked equal after."""
    if str(source.location) == str(target.location):
        raise Refused("The source and the target are the same database: name another one with --to.")
    if not target.is_empty():
        raise Refused(f"{target.location} already holds data: migrate into a new, empty database.")
    tables = source.read(_snapshot)
    counts = {name: data.num_rows for name, data in tables.items()}

    def work(cursor: duckdb.DuckDBPyConnection) -> None:
        claim_clock(cursor)
        for name, data in tables.items():
            cursor.register("copied_rows", data)
            cursor.execute(with_identifiers("insert into {table} by name select * from copied_rows", table=name))
            cursor.unregister("copied_rows")

    target.write(work)
    copied = {name: int(target.scalar(with_identifiers("select count(*) from {table}", table=name))) for name in tables}
    if copied != counts:
        differing = ", ".join(
            f"{name} {counts[name]} -> {copied[name]}" for name in counts if copied[name] != counts[name]
        )
        raise Refused(f"The copy does not hold the rows of the original ({differing}): do not use it.")
    return counts


def _snapshot(cursor: duckdb.DuckDBPyConnection) -> dict[str, pa.Table]:
    """Every ledger table read in one transaction: a write landing meanwhile is in all of them or none."""
    cursor.begin()
    try:
        return {
            name: cursor.execute(with_identifiers("select * from {table}", table=name)).to_arrow_table()
            for name in ledger_tables()
        }
    finally:
        cursor.rollback()
