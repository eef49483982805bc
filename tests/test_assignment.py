"""The pairing of file columns with template columns: the same pairs as scipy's linear_sum_assignment."""

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


def test_the_pairs_scipy_finds_whenever_the_rows_decide_and_the_best_total_always() -> None:
    generator = np.random.default_rng(20261201)
    decided = 0
    for _ in range(2000):
        shape = (int(generator.integers(1, 9)), int(generator.integers(1, 9)))
        # coarse scores make ties and shared favourites common; zeros make empty rows
        matrix = generator.choice([0.0, 0.0, 0.3, 0.5, 0.6, 0.8, 1.0], size=shape)
        ours = {pair for pair in best_pairs(matrix) if matrix[pair] > 0}
        assert total(matrix, ours) == pytest.approx(total(matrix, scipy_pairs(matrix))), matrix
        assert len({row for row, _ in ours}) == len(ours) == len({column for _, column in ours}), matrix
        if assignment._decided_pairs(matrix) is not None:
            decided += 1
            assert ours == scipy_pairs(matrix), matrix
    assert 200 < decided < 1800  # both ways were taken often


def test_a_header_two_columns_want_goes_to_the_pairing_of_the_best_total() -> None:
    # 'Benefit ID' scores 0.9 as the id and 0.8 as the name; 'Benefit' 0.85 as the name and 0.7 as the id
    matrix = np.array([[0.9, 0.8], [0.7, 0.85]])
    assert sorted(best_pairs(matrix)) == [(0, 0), (1, 1)]
    shared_favourite = np.array([[0.9, 0.6], [0.95, 0.1]])
    assert sorted(best_pairs(shared_favourite)) == [(0, 1), (1, 0)]


def test_rows_that_decide_are_paired_without_loading_scipy() -> None:
    assignment._linear_sum_assignment.cache_clear()
    assert sorted(best_pairs(np.array([[1.0, 0.2, 0.0], [0.1, 0.0, 0.9]]))) == [(0, 0), (1, 2)]
    assert assignment._linear_sum_assignment.cache_info().misses == 0
    assert best_pairs(np.zeros((0, 3))) == []
