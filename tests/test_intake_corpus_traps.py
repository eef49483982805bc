"""The trap corpus (tests/intake_corpus_traps.py): workbooks in which the obvious reading of a header gives the
wrong number. The worst failure is a silent one: an upload with no question and no error whose measures are
not the hand-computed ones. So, for every trap:

- imported as it comes, without answers: if nothing stops it (no question, no error), its measures and the
  rows it read are the canonical ones (test_no_silent_wrong_numbers);
- the intake asks what a portfolio manager expects, no more (test_trap_is_recognised), refuses what it cannot
  read saying why, and leaves derived columns out with a warning naming them;
- answered as the case declares (here and with --map on the command line), every answerable upload gives the
  canonical measures and rows; no option a refusal offers imports wrong numbers silently.

The helpers are tests/test_intake_corpus.py's.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest

from realize.cli import main
from realize.contract import schema
from realize.intake.ingest import ParsedUpload, parse_upload
from realize.intake.mapping import Answers
from realize.ledger.store import Store
from tests import intake_corpus as corpus
from tests import intake_corpus_tools as tools
from tests import intake_corpus_traps as traps
from tests import intake_corpus_world as world
from tests.intake_corpus import Case
from tests.intake_corpus_traps import EXPECTATIONS, TRAP_CASES, UNDECLARED, Expect
from tests.test_intake_corpus import (
    EDITOR,
    MONTH_COLUMNS,
    answers_from,
    assert_canonical_measures,
    by_name,
    mapping_mismatches,
    mismatches,
    query_summary,
    report,
    written,
)

Asked = tuple[str, str | None]
WITH_QUESTIONS = [case for case in TRAP_CASES if case.questions or EXPECTATIONS[case.name].one_of]
ANSWERABLE = [case for case in TRAP_CASES if EXPECTATIONS[case.name].answerable]
REFUSABLE = [case for case in TRAP_CASES if EXPECTATIONS[case.name].refusal or EXPECTATIONS[case.name].refusal_or_right]


def expect(case: Case) -> Expect:
    return EXPECTATIONS[case.name]


def asked_of(upload: ParsedUpload) -> set[Asked]:
    return {(question.label, question.header) for question in upload.questions}


def refused(upload: ParsedUpload) -> bool:
    return bool(upload.errors or upload.questions)


def about(question: Asked) -> str:
    """How mapping_mismatches starts a line about a sheet or a column."""
    label, header = question
    return f"sheet {label!r}:" if header is None else f"{label}!{header}:"


def says(upload: ParsedUpload, words: tuple[str, ...]) -> bool:
    """Whether a question or an error of the upload says one of these words."""
    texts = [question.message for question in upload.questions] + [issue.message for issue in upload.errors]
    return any(word.casefold() in text.casefold() for text in texts for word in words)


# --------------------------------------------------------------------------- comparing the rows read with the canonical


def compared_columns(case: Case, sheet: schema.Sheet) -> list[str]:
    """The template columns the case writes on a sheet: declared by header, plus what months and undeclared
    headers carry."""
    labels = [label for label, name in case.sheets.items() if name == sheet.name]
    declared = {column for (label, _), column in case.columns.items() if label in labels and column}
    declared |= MONTH_COLUMNS & set(sheet.column_names)
    if case.name in UNDECLARED and UNDECLARED[case.name][0] in labels:
        declared |= set(UNDECLARED[case.name][1])
    return [column for column in sheet.column_names if column in declared]


def _plain(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[arg-type]
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return pd.Timestamp(value).date()
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    return value


def _equal(found: object, wanted: object) -> bool:
    found, wanted = _plain(found), _plain(wanted)
    if isinstance(found, float) and isinstance(wanted, float):
        return math.isclose(found, wanted, rel_tol=1e-9, abs_tol=1e-9)
    return found == wanted


def row_key(sheet: schema.Sheet) -> list[str]:
    """What tells a sheet's rows apart: its unique key, else its scope key, month and choices (a cost line)."""
    if sheet.unique_key:
        return list(sheet.unique_key)
    return [name for name in (sheet.scope_key, "period", "category", "nature") if name in sheet.column_names]


def combined(table: pd.DataFrame, key: list[str]) -> dict[tuple[object, ...], dict[str, object]]:
    """The rows read, one per key: a wide layout reads a month's plan and actual as two rows, which the measures
    add up; so numbers are added and other values taken from the first row that has one."""
    rows: dict[tuple[object, ...], dict[str, object]] = {}
    for row in table.to_dict("records"):
        merged = rows.setdefault(tuple(_plain(row[name]) for name in key), {})
        for column, value in row.items():
            value = _plain(value)
            if isinstance(value, float) and isinstance(merged.get(column), float):
                merged[column] = merged[column] + value  # type: ignore[operator]
            elif merged.get(column) is None:
                merged[column] = value
    return rows


def table_mismatches(upload: ParsedUpload, case: Case) -> list[str]:
    """Every value the upload read that is not the canonical one, in words (the columns the case writes)."""
    wrong = []
    for sheet in schema.SHEETS:
        columns = compared_columns(case, sheet)
        if not columns:
            continue
        table = upload.tables.get(sheet.name)
        if table is None:
            wrong.append(f"{sheet.name}: not read")
            continue
        key = row_key(sheet)
        found = combined(table, key)
        canonical = {tuple(_plain(row[name]) for name in key): row for row in corpus.CANONICAL[sheet.name]}
        if sorted(map(str, found)) != sorted(map(str, canonical)):
            extra, lacking = set(found) - set(canonical), set(canonical) - set(found)
            wrong.append(f"{sheet.name}: {len(table)} rows, {len(extra)} not canonical, {len(lacking)} missing")
            continue
        wrong += [
            f"{sheet.name} {row_id} {column}: {found[row_id][column]!r}, expected {wanted[column]!r}"
            for row_id, wanted in canonical.items()
            for column in columns
            if not _equal(found[row_id].get(column), wanted[column])
        ]
    return wrong


def wrong_once_applied(case: Case, upload: ParsedUpload, tmp_path: Path) -> list[str]:
    """Everything the upload makes wrong once applied: the rows it read, then the measures."""
    wrong = table_mismatches(upload, case)
    tmp_path.mkdir(parents=True, exist_ok=True)
    store = Store(tmp_path / "trap.duckdb")
    try:
        store.apply(upload, EDITOR)
        try:
            assert_canonical_measures(store)
        except AssertionError as problem:
            wrong += str(problem).splitlines()
    finally:
        store.close()
    return wrong


# --------------------------------------------------------------------------- the corpus itself


def test_traps_cover_the_whole_template() -> None:
    """Each trap holds every template sheet and every required column (months and undeclared headers may carry
    some), and every question it may ask has its answer."""
    assert len(TRAP_CASES) >= 15
    for case in TRAP_CASES:
        assert set(case.sheets.values()) - {None} == {sheet.name for sheet in schema.SHEETS}, case.name
        for sheet in schema.SHEETS:
            missing = set(sheet.required_columns) - set(compared_columns(case, sheet))
            assert not missing, f"{case.name} {sheet.name}: {missing}"
        wanted = expect(case)
        answered = {option.rpartition("=")[0] for option in case.answers}
        may_ask = [*case.questions, *wanted.optional, *(question for group in wanted.one_of for question in group)]
        for label, header in may_ask:
            assert label in case.sheets, f"{case.name}: {label}"
            if wanted.answerable:
                assert (label if header is None else f"{label}!{header}") in answered, f"{case.name}: {label}!{header}"


def test_no_two_cases_share_a_name() -> None:
    names = [case.name for case in (*corpus.CASES, *world.WORLD_CASES, *tools.TOOL_CASES, *TRAP_CASES)]
    assert len(set(names)) == len(names)
    assert set(EXPECTATIONS) == {case.name for case in TRAP_CASES}


def test_writes_every_trap(tmp_path: Path) -> None:
    written = traps.write_all(tmp_path, TRAP_CASES)
    assert {path.parent.name for path in written} == {case.name for case in TRAP_CASES}


# --------------------------------------------------------------------------- the worst failure: silent wrong numbers


@pytest.mark.parametrize("case", TRAP_CASES, ids=by_name)
def test_no_silent_wrong_numbers(case: Case, tmp_path: Path) -> None:
    """Imported as it comes, with no answers: an upload nothing stops gives the canonical rows and measures."""
    upload = parse_upload(case.files())
    if refused(upload):
        return
    wrong = wrong_once_applied(case, upload, tmp_path)
    assert not wrong, "imported with no question and no error, but wrong:\n" + "\n".join(wrong) + "\n" + report(upload)


# --------------------------------------------------------------------------- what the intake asks and says


@pytest.mark.parametrize("case", TRAP_CASES, ids=by_name)
def test_trap_is_recognised(case: Case) -> None:
    """The questions a portfolio manager expects, no others; a refusal says what is wrong; the columns not in
    question are mapped as the case declares."""
    wanted = expect(case)
    upload = parse_upload(case.files())
    asked = asked_of(upload)
    if wanted.refusal:
        assert refused(upload), "should be refused until answered, saying why\n" + report(upload)
        assert says(upload, wanted.refusal), f"the refusal should say {wanted.refusal}\n" + report(upload)
        return
    if wanted.refusal_or_right and refused(upload):
        assert says(upload, wanted.refusal_or_right), f"refused without saying {wanted.refusal_or_right}\n" + report(
            upload
        )
        return
    grouped = {question for group in wanted.one_of for question in group}
    allowed = {*case.questions, *wanted.optional, *grouped}
    assert set(case.questions) <= asked, "questions not asked\n" + report(upload)
    for group in wanted.one_of:
        assert asked & set(group), f"none of {group} asked\n" + report(upload)
    assert asked <= allowed, f"questions a PMO would not expect: {sorted(asked - allowed, key=str)}\n" + report(upload)
    assert not upload.errors, report(upload)
    for question in upload.questions:
        assert set(question.map_options) & set(case.answers), f"{question.map_options}"
    # a pair asked about: either of the two may be the one taken until it is answered
    pending = {question for group in wanted.one_of if asked & set(group) for question in group}
    pending |= {question for question in wanted.optional if question[0] in {label for label, _ in asked}}
    wrong = [
        problem
        for problem in mapping_mismatches(upload, case, tuple(asked))
        if not any(problem.startswith(about(question)) for question in pending)
    ]
    assert not wrong, "\n".join(wrong) + "\n" + report(upload)


@pytest.mark.parametrize("case", [case for case in TRAP_CASES if EXPECTATIONS[case.name].warned], ids=by_name)
def test_derived_columns_are_left_out_with_a_warning(case: Case) -> None:
    """A column Realize works out, or one repeating what another column says, is left out with a warning that
    names it: not taken, not asked about."""
    upload = parse_upload(case.files())
    mappings = {mapping.label: mapping for mapping in upload.mappings}
    for label, header in expect(case).warned:
        warned = [issue for issue in upload.warnings if issue.sheet == label and issue.column == header]
        assert warned, f"no warning about {label}!{header}\n" + report(upload)
        taken = [column.column for column in mappings[label].columns if column.header == header]
        assert taken == [None], f"{label}!{header} taken as {taken}\n" + report(upload)


# --------------------------------------------------------------------------- answered


@pytest.mark.parametrize("case", ANSWERABLE, ids=by_name)
def test_trap_answered_gives_the_canonical_numbers(case: Case, tmp_path: Path) -> None:
    upload = parse_upload(case.files(), answers=answers_from(case.answers))
    wanted = expect(case)
    if wanted.refusal_or_right and refused(upload) and says(upload, wanted.refusal_or_right):
        return  # refused saying why: nothing can be wrong
    assert upload.ok, report(upload)
    wrong = mapping_mismatches(upload, case, ())
    assert not wrong, "\n".join(wrong) + "\n" + report(upload)
    wrong = wrong_once_applied(case, upload, tmp_path)
    assert not wrong, "\n".join(wrong) + "\n" + report(upload)


@pytest.mark.parametrize("case", REFUSABLE, ids=by_name)
def test_no_offered_answer_imports_wrong_numbers(case: Case, tmp_path: Path) -> None:
    """Where the intake cannot read a trap, every option it offers, taken as the answer, still refuses or gives
    the canonical numbers: a question whose every choice is wrong is a trap for the user."""
    upload = parse_upload(case.files())
    for question in upload.questions:
        for option in question.map_options:
            answered = parse_upload(case.files(), answers=Answers.from_options([option]))
            if refused(answered):
                continue
            wrong = wrong_once_applied(case, answered, tmp_path / option.replace("!", "_").replace("=", "_"))
            assert not wrong, f"answered {option!r} (as offered), imported wrong:\n" + "\n".join(wrong[:12])


@pytest.mark.parametrize("case", WITH_QUESTIONS, ids=by_name)
def test_command_line_asks_then_imports_with_the_answers(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`import` exits 1 printing --map options the case answers with; with every answer it applies."""
    paths = written(case, tmp_path / "files")
    database = str(tmp_path / "cli.duckdb")

    assert main(["import", *paths, "--db", database]) == 1
    printed = "".join(capsys.readouterr())
    assert any(option in printed for option in case.answers), printed
    assert query_summary(database, capsys).empty

    argv = ["import", *paths, "--db", database]
    for option in case.answers:
        argv += ["--map", option]
    assert main(argv) == 0, capsys.readouterr().out
    key, expected = corpus.EXPECTED["initiative_summary"]
    wrong = mismatches("initiative_summary", query_summary(database, capsys), key, expected)
    assert not wrong, "\n".join(wrong)
