"""Eighteen more offices send the same portfolio in house styles of real tools and governments
(tests/intake_corpus_world.py): the intake recognises each, asks exactly the questions it should, and once
answered every upload gives the measures computed by hand for the canonical portfolio.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from realize import schema
from realize.ingest import parse_upload
from realize.store import Store
from tests import intake_corpus as corpus
from tests import intake_corpus_world as world
from tests.intake_corpus import Case
from tests.test_intake_corpus import (
    EDITOR,
    MONTH_COLUMNS,
    answers_from,
    assert_canonical_measures,
    by_name,
    command_line_asks_then_imports,
    hints,
    mapping_mismatches,
    report,
)

WITH_QUESTIONS = [case for case in world.WORLD_CASES if case.questions]


def test_the_world_corpus_covers_the_whole_template() -> None:
    """Each case holds every template sheet and every required column (months may carry period and values),
    and its names are new to the first corpus."""
    assert len(world.WORLD_CASES) >= 10
    names = [case.name for case in world.WORLD_CASES]
    assert len(set(names)) == len(names)
    assert not set(names) & set(corpus.CASES_BY_NAME)
    for case in world.WORLD_CASES:
        assert set(case.sheets.values()) - {None} == {sheet.name for sheet in schema.SHEETS}, case.name
        for sheet in schema.SHEETS:
            declared = {column for (label, _), column in case.columns.items() if case.sheets.get(label) == sheet.name}
            missing = set(sheet.required_columns) - declared - MONTH_COLUMNS
            assert not missing, f"{case.name} {sheet.name}: {missing}"
        assert {label for label, _ in case.questions} <= set(case.sheets), case.name
        assert len(hints(case)) == len(case.questions), f"{case.name}: a question without its answer"


@pytest.mark.parametrize("case", world.WORLD_CASES, ids=by_name)
def test_world_case_is_recognised(case: Case) -> None:
    upload = parse_upload(case.files())
    asked = {(question.label, question.header) for question in upload.questions}
    optional = set(world.OPTIONAL_QUESTIONS.get(case.name, ()))
    assert asked - optional == set(case.questions), report(upload)
    wrong = mapping_mismatches(upload, case, (*case.questions, *(asked & optional)))
    assert not wrong, "\n".join(wrong) + "\n" + report(upload)
    for question in upload.questions:
        assert set(question.map_options) & set(case.answers), f"{question.map_options}"
    if not asked:
        assert upload.ok, report(upload)


@pytest.mark.parametrize("case", world.WORLD_CASES, ids=by_name)
def test_world_case_answered_gives_the_canonical_measures(case: Case, tmp_path: Path) -> None:
    store = Store(tmp_path / "world.duckdb")
    upload = parse_upload(case.files(), store, answers=answers_from(case.answers))
    assert upload.ok, report(upload)
    assert not upload.questions, report(upload)
    wrong = mapping_mismatches(upload, case, ())
    assert not wrong, "\n".join(wrong)
    store.apply(upload, EDITOR)
    assert_canonical_measures(store)
    store.close()


@pytest.mark.parametrize("case", WITH_QUESTIONS, ids=by_name)
def test_world_command_line_asks_then_imports_with_the_answers(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    command_line_asks_then_imports(case, tmp_path, capsys)
