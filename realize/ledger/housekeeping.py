"""Lake housekeeping (`python -m realize maintain`): keep a year of nightly uploads fast.

Every upload is a DuckLake snapshot and, beyond a few rows, new Parquet files. Housekeeping writes the
rows DuckLake keeps inline in its catalog out to Parquet, merges small adjacent files, expires old
snapshots and deletes the files nothing refers to any more. Realize's own history never needs an old
snapshot: the ledger keeps every upload's rows and reverts as rows of its own (append-only), so "as
known on" and reverts read the ledger, not DuckLake's time travel. Snapshots and files are kept for
`keep_days` anyway, so a reader still scanning an older snapshot is never cut off.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from realize.contract.housekeeping import DEFAULT_KEEP_DAYS
from realize.ledger.location import LAKE
from realize.ledger.store import Refused, Store

# each step: what it does, in words, and its call (the lake's name is fixed; the days a bound parameter)
STEPS: tuple[tuple[str, str], ...] = (
    ("tables whose inlined rows were written to Parquet", f"ducklake_flush_inlined_data('{LAKE}')"),
    ("small files merged", f"ducklake_merge_adjacent_files('{LAKE}')"),
    ("snapshots expired", f"ducklake_expire_snapshots('{LAKE}', older_than => now() - to_days($keep_days))"),
    ("old files deleted", f"ducklake_cleanup_old_files('{LAKE}', older_than => now() - to_days($keep_days))"),
    ("orphaned files deleted", f"ducklake_delete_orphaned_files('{LAKE}', older_than => now() - to_days($keep_days))"),
)


@dataclass(frozen=True)
class Housekeeping:
    done: dict[str, int]  # what each step did, as a count
    snapshots_before: int
    snapshots_after: int


def maintain(store: Store, keep_days: int = DEFAULT_KEEP_DAYS) -> Housekeeping:
    """Run every housekeeping step on a lake; a DuckDB file only checkpoints (it has nothing else to do)."""
    if keep_days < 0:
        raise Refused("--keep-days must be 0 or more.")
    if not store.location.is_lake:
        store.read(lambda cursor: cursor.execute("checkpoint"))
        return Housekeeping({}, 0, 0)
    before = _snapshots(store)
    done = {words: _step(store, call, keep_days) for words, call in STEPS}
    return Housekeeping(done, before, _snapshots(store))


def _step(store: Store, call: str, keep_days: int) -> int:
    parameters = {"keep_days": keep_days} if "$keep_days" in call else {}

    def run(cursor: duckdb.DuckDBPyConnection) -> int:
        # CALL, not select ... from: a select of the function only plans the step. Its rows come back as
        # Arrow (timestamps with a time zone would need pytz as Python objects): one row per thing done.
        return cursor.execute(f"call {call}", parameters).to_arrow_table().num_rows

    return store.read(run)


def _snapshots(store: Store) -> int:
    return int(store.scalar(f"select count(*) from {LAKE}.snapshots()"))
