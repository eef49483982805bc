"""Offices send the same portfolio in their own house styles: sixteen in tests/intake_corpus.py (PMO, UK
public sector, finance, US wording, wide months, alike sheets ...), eighteen as real tools and governments
write them (tests/intake_corpus_world.py) and twenty-two more tool exports and office habits
(tests/intake_corpus_tools.py). For each the intake asks exactly the questions it should, and once answered
(here and with --map on the command line) every upload gives the measures computed by hand for the
canonical portfolio.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from realize import measures
from realize.cli import main
from realize.contract import schema
from realize.contract.roles import Editor
from realize.intake.ingest import ParsedUpload, SourceFile, parse_upload
from realize.intake.mapping import Answers
from realize.ledger.store import Store
from tests import intake_corpus as corpus
from tests import intake_corpus_tools as tools
from tests import intake_corpus_world as world
from tests.intake_corpus import Case

EDITOR = Editor("Corpus", "local")
CORPORA: dict[str, tuple[Case, ...]] = {"first": corpus.CASES, "world": world.WORLD_CASES, "tools": tools.TOOL_CASES}
ALL_CASES = tuple(case for cases in CORPORA.values() for case in cases)
WITH_QUESTIONS = [case for case in ALL_CASES if case.questions]
# questions a case may also raise without being wrong (its answers answer them)
OPTIONAL_QUESTIONS = {**world.OPTIONAL_QUESTIONS, **tools.OPTIONAL_QUESTIONS}
# what a wide layout carries in its month columns instead of a column of its own
MONTH_COLUMNS = {"period", "planned", "realized", "actual", "value"}


def by_name(case: Case) -> str:
    return case.name


def answers_from(options: tuple[str, ...]) -> Answers:
    return Answers.from_options(list(options))


# --------------------------------------------------------------------------- comparing with the hand numbers


def same(found: object, expected: object) -> bool:
    if expected is None:
        return found is None or bool(pd.isna(found))
    if found is None or pd.isna(found):
        return False
    if isinstance(expected, str):
        return found == expected
    return math.isclose(float(found), float(expected), rel_tol=1e-9, abs_tol=1e-9)


def mismatches(view: str, frame: pd.DataFrame, key: str, expected: dict[str, dict[str, object]]) -> list[str]:
    """Every value of the view that is not the hand-computed one, in words."""
    rows = frame.set_index(key)
    if sorted(rows.index) != sorted(expected):
        return [f"{view}: rows {sorted(rows.index)}, expected {sorted(expected)}"]
    return [
        f"{view} {row_id} {column}: {rows.at[row_id, column]!r}, expected {value!r}"
        for row_id, values in expected.items()
        for column, value in values.items()
        if not same(rows.at[row_id, column], value)
    ]


def assert_canonical_measures(store: Store) -> None:
    filters = measures.Filters(as_of=corpus.AS_OF)
    wrong = [
        problem
        for view, (key, expected) in corpus.EXPECTED.items()
        for problem in mismatches(view, measures.run(store, view, filters), key, expected)
    ]
    assert not wrong, "\n".join(wrong)


# --------------------------------------------------------------------------- comparing with the declared mapping


def report(upload: ParsedUpload) -> str:
    """What the intake made of an upload, for a failure message."""
    lines = [f"{issue.severity} {issue.sheet}!{issue.column}: {issue.message}" for issue in upload.issues]
    lines += [f"question {question.label}!{question.header}: {question.map_options}" for question in upload.questions]
    return "\n".join(lines)


def column_mapping(sheet_mapping: Any, header: str) -> Any:
    wanted = schema.normalize_name(header)
    columns = sheet_mapping.columns
    exact = [column for column in columns if str(column.header).strip() == header]
    return (exact or [column for column in columns if schema.normalize_name(column.header) == wanted] or [None])[0]


def mapping_mismatches(
    upload: ParsedUpload, case: Case, open_questions: tuple[tuple[str, str | None], ...]
) -> list[str]:
    """Where the upload's sheet and column mappings differ from the case's; a column with an open question
    is expected unmapped, a sheet with an open question is not checked."""
    open_sheets = {label for label, header in open_questions if header is None}
    open_columns = {(label, header) for label, header in open_questions if header is not None}
    mappings = {mapping.label: mapping for mapping in upload.mappings}
    wrong = []
    for label, sheet in case.sheets.items():
        found = mappings.get(label)
        if label not in open_sheets and (found.sheet if found else None) != sheet:
            wrong.append(f"sheet {label!r}: taken as {found.sheet if found else None!r}, expected {sheet!r}")
    for (label, header), column in case.columns.items():
        if label in open_sheets or label not in mappings:
            continue
        expected = None if (label, header) in open_columns else column
        found = column_mapping(mappings[label], header)
        if found is None:
            wrong.append(f"{label}!{header}: not in the sheet's mapping")
        elif found.column != expected:
            wrong.append(f"{label}!{header}: taken as {found.column!r}, expected {expected!r}")
    return wrong


def hints(case: Case) -> list[str]:
    """The answers that answer a question (a case may also confirm what was not asked, like 'Capex=costs')."""
    asked = {label if header is None else f"{label}!{header}" for label, header in case.questions}
    return [option for option in case.answers if option.rpartition("=")[0] in asked]


# --------------------------------------------------------------------------- the tests


def test_canonical_known_answers(tmp_path: Path) -> None:
    """The canonical portfolio in template form gives the hand-computed measures."""
    store = Store(tmp_path / "canonical.duckdb")
    upload = parse_upload([SourceFile("canonical.xlsx", corpus.canonical_workbook())], store)
    assert upload.ok, upload.issue_frame().to_string()
    store.apply(upload, EDITOR)
    assert_canonical_measures(store)
    store.close()


@pytest.mark.parametrize("name", list(CORPORA))
def test_each_corpus_covers_the_whole_template(name: str) -> None:
    """Each case holds every template sheet and every required column (months may carry period and values),
    and every question, asked or optional, has its answer."""
    cases = CORPORA[name]
    assert len(cases) >= 12
    for case in cases:
        assert set(case.sheets.values()) - {None} == {sheet.name for sheet in schema.SHEETS}, case.name
        for sheet in schema.SHEETS:
            declared = {column for (label, _), column in case.columns.items() if case.sheets.get(label) == sheet.name}
            missing = set(sheet.required_columns) - declared - MONTH_COLUMNS
            assert not missing, f"{case.name} {sheet.name}: {missing}"
        assert {label for label, _ in case.questions} <= set(case.sheets), case.name
        assert len(hints(case)) == len(case.questions), f"{case.name}: a question without its answer"
        answered = {option.rpartition("=")[0] for option in case.answers}
        for label, header in OPTIONAL_QUESTIONS.get(case.name, ()):
            assert (label if header is None else f"{label}!{header}") in answered, f"{case.name}: {label}!{header}"


def test_no_two_cases_share_a_name() -> None:
    names = [case.name for case in ALL_CASES]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("case", ALL_CASES, ids=by_name)
def test_case_is_recognised(case: Case) -> None:
    upload = parse_upload(case.files())
    asked = {(question.label, question.header) for question in upload.questions}
    optional = set(OPTIONAL_QUESTIONS.get(case.name, ()))
    assert asked - optional == set(case.questions), report(upload)
    wrong = mapping_mismatches(upload, case, (*case.questions, *(asked & optional)))
    assert not wrong, "\n".join(wrong) + "\n" + report(upload)
    for question in upload.questions:
        assert set(question.map_options) & set(case.answers), f"{question.map_options}"
    if not asked:
        assert upload.ok, report(upload)


@pytest.mark.parametrize("case", ALL_CASES, ids=by_name)
def test_case_answered_gives_the_canonical_measures(case: Case, tmp_path: Path) -> None:
    store = Store(tmp_path / "corpus.duckdb")
    upload = parse_upload(case.files(), store, answers=answers_from(case.answers))
    assert upload.ok, report(upload)
    assert not upload.questions, report(upload)
    wrong = mapping_mismatches(upload, case, ())
    assert not wrong, "\n".join(wrong)
    store.apply(upload, EDITOR)
    assert_canonical_measures(store)
    store.close()


def written(case: Case, folder: Path) -> list[str]:
    """The case's files written to a folder, as paths for the command line."""
    folder.mkdir()
    for source in case.files():
        (folder / source.name).write_bytes(source.content)
    return [str(folder / source.name) for source in case.files()]


def query_summary(database: str, capsys: pytest.CaptureFixture[str]) -> pd.DataFrame:
    argv = ["query", "initiative_summary", "--db", database, "--as-of", corpus.AS_OF.isoformat(), "--format", "csv"]
    capsys.readouterr()
    assert main(argv) == 0
    text = capsys.readouterr().out
    return pd.read_csv(io.StringIO(text)) if text.strip() else pd.DataFrame()


@pytest.mark.parametrize("case", WITH_QUESTIONS, ids=by_name)
def test_command_line_asks_then_imports_with_the_answers(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`import` exits 1 printing the --map options that answer the case's questions; with them it applies."""
    paths = written(case, tmp_path / "files")
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
