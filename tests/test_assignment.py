"""The pairing of file columns with template columns: a best total, as scipy's linear_sum_assignment finds."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from realize.intake import assignment
from realize.intake.assignment import best_pairs


def scipy_pairs(matrix: np.ndarray) -> set[tuple[int, int]]:
    rows, columns = linear_sum_assignment(matrix, maximize=True)
    return {(int(row), int(column)) for row, column in zip(rows, columns, strict=True) if matrix[row, column] > 0}


def total(matrix: np.ndarray, pairs: set[tuple[int, int]]) -> float:
    return float(sum(matrix[row, column] for row, column in pairs))


def random_matrices(count: int, most: int, scores: list[float], seed: int) -> list[np.ndarray]:
    generator = np.random.default_rng(seed)
    return [
        generator.choice(scores, size=(int(generator.integers(1, most)), int(generator.integers(1, most))))
        for _ in range(count)
    ]


@pytest.mark.parametrize(
    "scores",
    [
        [0.0, 0.0, 0.3, 0.5, 0.6, 0.8, 1.0],  # coarse: ties and shared favourites are common
        [0.0] * 12 + list(np.linspace(0.05, 1.0, 97)),  # sparse, as header scores are: small groups
    ],
)
def test_the_best_total_with_each_row_and_column_once(scores: list[float]) -> None:
    for matrix in random_matrices(600, 12, scores, seed=len(scores)):
        ours = {pair for pair in best_pairs(matrix) if matrix[pair] > 0}
        assert total(matrix, ours) == pytest.approx(total(matrix, scipy_pairs(matrix))), matrix
        assert len({row for row, _ in ours}) == len(ours) == len({column for _, column in ours}), matrix


def test_the_same_pairs_as_scipy_when_the_best_pairing_is_the_only_one() -> None:
    # distinct random scores: no two pairings have the same total
    for matrix in random_matrices(600, 10, [0.0] * 40 + list(np.random.default_rng(1).random(200)), seed=7):
        assert set(best_pairs(matrix)) == scipy_pairs(matrix), matrix


def test_a_header_two_columns_want_goes_to_the_pairing_of_the_best_total() -> None:
    # 'Benefit ID' scores 0.9 as the id and 0.8 as the name; 'Benefit' 0.85 as the name and 0.7 as the id
    assert best_pairs(np.array([[0.9, 0.8], [0.7, 0.85]])) == [(0, 0), (1, 1)]
    # both like the first column best; the second header gives it up for less loss
    assert best_pairs(np.array([[0.9, 0.6], [0.95, 0.1]])) == [(0, 1), (1, 0)]


def test_uploads_are_paired_without_loading_scipy_and_a_large_tangle_with_it() -> None:
    assignment._linear_sum_assignment.cache_clear()
    assert best_pairs(np.array([[1.0, 0.2, 0.0], [0.1, 0.0, 0.9]])) == [(0, 0), (1, 2)]
    assert best_pairs(np.array([[0.0, 0.75], [0.0, 0.54], [1.0, 0.0]])) == [(0, 1), (2, 0)]
    assert best_pairs(np.zeros((0, 3))) == []
    assert assignment._linear_sum_assignment.cache_info().misses == 0
    tangle = np.random.default_rng(3).random((9, 9))  # 9! pairings: too many to try
    assert set(best_pairs(tangle)) == scipy_pairs(tangle)
    assert assignment._linear_sum_assignment.cache_info().misses == 1
