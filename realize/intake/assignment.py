"""The best one-to-one pairing of rows with columns of a score matrix (file columns with template columns,
file sheets with template sheets), each row and each column used at most once, the total score the most.

Most matrices decide themselves: when every row's highest score is in one column only, and no two rows
have their highest score in the same column, pairing each row with that column gives every row the most
it can have, so no pairing scores more; and any pairing scoring as much gives each such row the same
column. Those pairs are then exactly the positive pairs scipy's `linear_sum_assignment` finds. Only the
other matrices go to scipy, which is loaded then: importing scipy.optimize takes about 0.4 s, a quarter
of the command line's start before an import.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np


def best_pairs(matrix: np.ndarray) -> list[tuple[int, int]]:
    """(row, column) pairs of the best total, as scipy's linear_sum_assignment(maximize=True) finds them,
    for scores of 0 or more; rows whose scores are all 0 may be left out (no caller keeps a pair of 0)."""
    if matrix.size == 0:
        return []
    decided = _decided_pairs(matrix)
    if decided is not None:
        return decided
    rows, columns = _linear_sum_assignment()(matrix, maximize=True)
    return [(int(row), int(column)) for row, column in zip(rows, columns, strict=True)]


def _decided_pairs(matrix: np.ndarray) -> list[tuple[int, int]] | None:
    """Each row with its highest score, when that decides the pairing (see the module's docstring)."""
    if matrix.ndim != 2 or not np.isfinite(matrix).all() or (matrix < 0).any():
        return None
    highest = matrix.max(axis=1)
    scoring = np.flatnonzero(highest > 0)
    at_highest = matrix[scoring] == highest[scoring, None]
    if (at_highest.sum(axis=1) != 1).any():
        return None  # a tie within a row
    columns = at_highest.argmax(axis=1)
    if len(set(columns.tolist())) != len(columns):
        return None  # two rows want the same column
    return [(int(row), int(column)) for row, column in zip(scoring, columns, strict=True)]


@cache
def _linear_sum_assignment() -> Callable[..., tuple[np.ndarray, np.ndarray]]:
    # loaded on first need, not at start: see the module's docstring
    from scipy.optimize import linear_sum_assignment

    return linear_sum_assignment
