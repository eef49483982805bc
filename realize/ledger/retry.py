"""Writes that race: a commit that lost to another process's is tried again, bounded, with jitter.

On a lake every process commits optimistically: when two transactions change the same table, DuckLake
refuses the later commit ("Transaction conflict"), and a SQLite catalog busy with another writer says
"database is locked". Both leave nothing written; the whole unit of work (its checks included) runs
again on the newer data after a short random wait that doubles each time.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

import duckdb

Result = TypeVar("Result")

ATTEMPTS = 12
FIRST_WAIT_SECONDS = 0.02
LONGEST_WAIT_SECONDS = 1.0
# what DuckDB and DuckLake say when another process got there first; nothing of the attempt was kept
TRANSIENT = (
    "conflict",
    "database is locked",
    "failed to commit",
    "most recent snapshot",
    "could not serialize",
    "deadlock detected",
    "duplicate key",
)


class Busy(RuntimeError):
    """Other processes kept committing first, every attempt: nothing of this write was kept."""


def is_transient(error: BaseException) -> bool:
    return isinstance(error, duckdb.Error) and any(words in str(error).lower() for words in TRANSIENT)


def retrying(work: Callable[[], Result], *, attempts: int = ATTEMPTS) -> Result:
    """`work()`, run again after a transient refusal (each run must undo itself when it fails)."""
    for attempt in range(attempts):
        try:
            return work()
        except duckdb.Error as error:
            if not is_transient(error):
                raise
            if attempt == attempts - 1:
                raise Busy(
                    f"The database stayed busy with other processes through {attempts} attempts; nothing was "
                    f"changed. ({str(error).splitlines()[0]})"
                ) from error
        wait = min(LONGEST_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2**attempt)
        time.sleep(wait * (0.5 + random.random()))
    raise AssertionError("unreachable: the last attempt returns or raises")
