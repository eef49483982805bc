"""The best one-to-one pairing of rows with columns of a score matrix (file columns with template columns,
file sheets with template sheets), each row and each column used at most once, the total score the most.

Scores are 0 or more, and a pair scoring 0 counts for nothing, so the matrix falls apart into groups:
rows and columns linked by scores above 0, each group paired on its own. Most groups decide themselves:
when each row's highest score is in one column only and no two rows want the same column, pairing each
row with that column gives every row the most it can have, and any pairing scoring as much gives each row
the same column. A small group that does not decide itself (two headers wanting one column) is paired
by trying every pairing, the first of the best totals taken. Only a large one goes to scipy's
`linear_sum_assignment`, loaded then: importing scipy.optimize takes about 0.4 s, a quarter of the
command line's start before an import, and almost no upload needs it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from itertools import permutations

import numpy as np

# A group is paired by trying every pairing when there are at most this many.
MOST_PAIRINGS_TRIED = 5040

Pairs = list[tuple[int, int]]


def best_pairs(matrix: np.ndarray) -> Pairs:
    """(row, column) pairs of the best total, for scores of 0 or more; pairs scoring 0 may be left out
    (no caller keeps one). Other matrices (a negative or missing score) go to scipy whole."""
    if matrix.size == 0:
        return []
    if matrix.ndim != 2 or not np.isfinite(matrix).all() or (matrix < 0).any():
        return _scipy_pairs(matrix)
    decided = _decided_pairs(matrix)
    if decided is not None:
        return decided
    pairs: Pairs = []
    for rows, columns in _groups(matrix > 0):
        group = matrix[np.ix_(rows, columns)]
        found = _decided_pairs(group)
        if found is None:
            found = _tried_pairs(group)
        if found is None:
            found = _scipy_pairs(group)
        pairs.extend((rows[row], columns[column]) for row, column in found)
    return sorted(pairs)


def _groups(linked: np.ndarray) -> list[tuple[list[int], list[int]]]:
    """Rows and columns linked, directly or through each other, by a score above 0 (rows and columns
    with no such score are in no group)."""
    leader: dict[tuple[str, int], tuple[str, int]] = {}

    def lead(node: tuple[str, int]) -> tuple[str, int]:
        while leader.setdefault(node, node) != node:
            node = leader[node]
        return node

    for row, column in zip(*np.nonzero(linked), strict=True):
        leader[lead(("row", int(row)))] = lead(("column", int(column)))
    members: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for node in sorted(leader):
        rows, columns = members.setdefault(lead(node), ([], []))
        (rows if node[0] == "row" else columns).append(node[1])
    return list(members.values())


def _decided_pairs(matrix: np.ndarray) -> Pairs | None:
    """Each row with its highest score, when that decides the pairing (see the module's docstring)."""
    highest = matrix.max(axis=1)
    scoring = np.flatnonzero(highest > 0)
    at_highest = matrix[scoring] == highest[scoring, None]
    if (at_highest.sum(axis=1) != 1).any():
        return None  # a tie within a row
    columns = at_highest.argmax(axis=1)
    if len(set(columns.tolist())) != len(columns):
        return None  # two rows want the same column
    return [(int(row), int(column)) for row, column in zip(scoring, columns, strict=True)]


def _tried_pairs(matrix: np.ndarray) -> Pairs | None:
    """Every pairing of the shorter side into the longer tried, the first of the best totals kept; None
    when there are too many to try."""
    if matrix.shape[0] > matrix.shape[1]:
        found = _tried_pairs(matrix.T)
        return None if found is None else [(row, column) for column, row in found]
    count, width = matrix.shape
    if math.perm(width, count) > MOST_PAIRINGS_TRIED:
        return None
    indices = np.arange(count)
    best = max(permutations(range(width), count), key=lambda chosen: float(matrix[indices, list(chosen)].sum()))
    return [(row, column) for row, column in enumerate(best) if matrix[row, column] > 0]


def _scipy_pairs(matrix: np.ndarray) -> Pairs:
    rows, columns = _linear_sum_assignment()(matrix, maximize=True)
    return [(int(row), int(column)) for row, column in zip(rows, columns, strict=True)]


@cache
def _linear_sum_assignment() -> Callable[..., tuple[np.ndarray, np.ndarray]]:
    # loaded on first need, not at start: see the module's docstring
    from scipy.optimize import linear_sum_assignment

    return linear_sum_assignment
