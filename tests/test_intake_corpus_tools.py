"""Twenty-two more offices send the same portfolio as their tools export it and as their habits lay it out
(tests/intake_corpus_tools.py): the intake recognises each, asks exactly the questions it should, and once
answered every upload gives the measures computed by hand for the canonical portfolio.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from realize import schema
from realize.cli import main
from realize.ingest import parse_upload
from realize.store import Store
from tests import intake_corpus as corpus
from tests import intake_corpus_tools as tools
from tests import intake_corpus_world as world
from tests.intake_corpus import Case
from tests.test_intake_corpus import (
    EDITOR,
    MONTH_COLUMNS,
    answers_from,
    assert_canonical_measures,
    by_name,
    hints,
    mapping_mismatches,
    mismatches,
    query_summary,
    report,
)

WITH_QUESTIONS = [case for case in tools.TOOL_CASES if case.questions]


def test_the_tools_corpus_covers_the_whole_template() -> None:
    """Each case holds every template sheet and every required column (months may carry period and values),
    its names are new to the first two corpora, and every optional question has its answer."""
    assert len(tools.TOOL_CASES) >= 12
    names = [case.name for case in tools.TOOL_CASES]
    assert len(set(names)) == len(names)
    assert not set(names) & set(corpus.CASES_BY_NAME)
    assert not set(names) & set(world.WORLD_CASES_BY_NAME)
    for case in tools.TOOL_CASES:
        assert set(case.sheets.values()) - {None} == {sheet.name for sheet in schema.SHEETS}, case.name
        for sheet in schema.SHEETS:
            declared = {column for (label, _), column in case.columns.items() if case.sheets.get(label) == sheet.name}
            missing = set(sheet.required_columns) - declared - MONTH_COLUMNS
            assert not missing, f"{case.name} {sheet.name}: {missing}"
        assert {label for label, _ in case.questions} <= set(case.sheets), case.name
        assert len(hints(case)) == len(case.questions), f"{case.name}: a question without its answer"
    for name, optional in tools.OPTIONAL_QUESTIONS.items():
        case = tools.TOOL_CASES_BY_NAME[name]
        answered = {option.rpartition("=")[0] for option in case.answers}
        for label, header in optional:
            assert (label if header is None else f"{label}!{header}") in answered, f"{name}: {label}!{header}"


@pytest.mark.parametrize("case", tools.TOOL_CASES, ids=by_name)
def test_tool_case_is_recognised(case: Case) -> None:
    upload = parse_upload(case.files())
    asked = {(question.label, question.header) for question in upload.questions}
    optional = set(tools.OPTIONAL_QUESTIONS.get(case.name, ()))
    assert asked - optional == set(case.questions), report(upload)
    wrong = mapping_mismatches(upload, case, (*case.questions, *(asked & optional)))
    assert not wrong, "\n".join(wrong) + "\n" + report(upload)
    for question in upload.questions:
        assert set(question.map_options) & set(case.answers), f"{question.map_options}"
    if not asked:
        assert upload.ok, report(upload)


@pytest.mark.parametrize("case", tools.TOOL_CASES, ids=by_name)
def test_tool_case_answered_gives_the_canonical_measures(case: Case, tmp_path: Path) -> None:
    store = Store(tmp_path / "tools.duckdb")
    upload = parse_upload(case.files(), store, answers=answers_from(case.answers))
    assert upload.ok, report(upload)
    assert not upload.questions, report(upload)
    wrong = mapping_mismatches(upload, case, ())
    assert not wrong, "\n".join(wrong)
    store.apply(upload, EDITOR)
    assert_canonical_measures(store)
    store.close()


@pytest.mark.parametrize("case", WITH_QUESTIONS, ids=by_name)
def test_tool_command_line_asks_then_imports_with_the_answers(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    paths = []
    for source in case.files():
        (folder / source.name).write_bytes(source.content)
        paths.append(str(folder / source.name))
    database = str(tmp_path / "cli.duckdb")

    assert main(["import", *paths, "--db", database]) == 1
    printed = "".join(capsys.readouterr())
    for option in hints(case):
        assert option in printed, printed
    assert query_summary(database, capsys).empty

    argv = ["import", *paths, "--db", database]
    for option in case.answers:
        argv += ["--map", option]
    assert main(argv) == 0, capsys.readouterr().out
    key, expected = corpus.EXPECTED["initiative_summary"]
    wrong = mismatches("initiative_summary", query_summary(database, capsys), key, expected)
    assert not wrong, "\n".join(wrong)
