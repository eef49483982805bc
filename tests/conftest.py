"""Shared fixtures: a fresh store per test, files built in the test, AppTest on a temp database."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import openpyxl
import pytest
import streamlit as st
from hypothesis import settings as hypothesis_settings

from realize.contract.roles import Editor
from realize.intake.ingest import ParsedUpload, SourceFile, parse_upload
from realize.ledger.location import Location
from realize.ledger.store import Store
from tests.postgres_server import PostgresServer, database_name, postgres_server

# the same examples on every run, so the suite is green or red for a reason, not by luck
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.load_profile("repeatable")

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
SAMPLE = ROOT / "data" / "sample_portfolio.xlsx"


def csv_file(name: str, header: Sequence[str], *rows: Sequence[object]) -> SourceFile:
    """A CSV upload built in the test: header then rows (None = empty cell)."""
    lines = [",".join(header)]
    for row in rows:
        lines.append(",".join("" if value is None else _csv_cell(value) for value in row))
    return SourceFile(name, ("\n".join(lines) + "\n").encode())


def _csv_cell(value: object) -> str:
    text = str(value)
    return f'"{text}"' if any(char in text for char in ',"\n') else text


def xlsx_file(name: str, sheets: dict[str, list[list[object]]]) -> SourceFile:
    """An .xlsx upload built in the test: sheet title -> rows (the first is usually the header)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SourceFile(name, buffer.getvalue())


def editor(name: str) -> Editor:
    """A person allowed to change data, as the app makes one after checking."""
    return Editor(name, "local")


def office_workbook(folder: Path, actual: int) -> Path:
    """A portfolio office's own workbook: its projects, and a cost plan (January and February 2026) whose
    actuals column is headed 'Col F', which nothing can place: a question."""
    book = openpyxl.Workbook()
    projects = book.active
    projects.title = "Projects"
    projects.append(["Project ID", "Project", "SRO"])
    projects.append(["OFF-1", "Office move", "Ann Lee"])
    costs = book.create_sheet("Cost Plan")
    costs.append(["Project ID", "Month", "Category", "Budget", "Col F"])
    for month in (1, 2):
        costs.append(["OFF-1", dt.date(2026, month, 1), "implementation", 1000, actual])
    path = folder / f"office_{actual}.xlsx"
    book.save(path)
    return path


INITIATIVE_HEADER = ("initiative_id", "name", "owner")
MILESTONE_HEADER = ("milestone_id", "initiative_id", "name", "owner", "baseline_date")


def initiatives_csv(*rows: Sequence[object]) -> SourceFile:
    return csv_file("initiatives.csv", INITIATIVE_HEADER, *rows)


def milestones_csv(*rows: Sequence[object]) -> SourceFile:
    return csv_file("milestones.csv", MILESTONE_HEADER, *rows)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "test.duckdb")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for the session's lake tests (tests/postgres_server.py)."""
    with postgres_server() as server:
        yield server


STORE_KINDS = ("file", "sqlite", "postgres")


def store_location(kind: str, folder: Path, request: pytest.FixtureRequest) -> Location:
    """A new, empty store of this kind: a DuckDB file, or a lake on a SQLite or PostgreSQL catalog."""
    if kind == "file":
        return Location("file", str(folder / "test.duckdb"))
    if kind == "sqlite":
        return Location("sqlite", str(folder / "catalog.sqlite"), str(folder / "lake_files"))
    server: PostgresServer = request.getfixturevalue("postgres")
    return Location("postgres", server.new_database(), str(folder / "lake_files"))


@pytest.fixture(scope="session")
def lake_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Location]:
    """Per kind of lake, one made (tables, migrations, views) once per session; copied for each test."""
    return {}


def copy_of_new_lake(kind: str, folder: Path, request: pytest.FixtureRequest) -> Location:
    """A new, empty lake, copied from the session's template: a SQLite catalog file copied (sharing the template's
    data folder; every file there has a unique name and belongs to one catalog), a PostgreSQL database made
    with the template as its model. Opening it finds the views defined: nothing to write."""
    templates: dict[str, Location] = request.getfixturevalue("lake_templates")
    if kind not in templates:
        template = store_location(kind, request.getfixturevalue("tmp_path_factory").mktemp(f"{kind}_template"), request)
        Store(template).close()
        templates[kind] = template
    template = templates[kind]
    if kind == "sqlite":
        catalog = folder / "catalog.sqlite"
        shutil.copyfile(template.target, catalog)
        return Location("sqlite", str(catalog), None)
    server: PostgresServer = request.getfixturevalue("postgres")
    return Location("postgres", server.new_database(template=database_name(template.target)), None)


@pytest.fixture(params=STORE_KINDS)
def every_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The same test on each store (SPEC section 1, Stores): a module uses it as its `store`."""
    kind = request.param
    opened = Store(
        store_location(kind, tmp_path, request) if kind == "file" else copy_of_new_lake(kind, tmp_path, request)
    )
    yield opened
    opened.close()


@pytest.fixture
def upload_to(store: Store) -> Callable[..., ParsedUpload]:
    """Validate files against the test store (not applied)."""

    def parse(*files: SourceFile) -> ParsedUpload:
        return parse_upload(list(files), store)

    return parse


@pytest.fixture
def fresh_streamlit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A temporary database for the app and no cached store or data from earlier tests."""
    database = tmp_path / "app.duckdb"
    monkeypatch.setenv("REALIZE_DB", str(database))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield database
    st.cache_resource.clear()
    st.cache_data.clear()


def load_rows(store: Store, by: str = "Test", **sheets: list[dict[str, object]]) -> ParsedUpload:
    """Upload hand-built rows (sheet name -> list of {column: value}) as CSV files and apply them.

    Columns are the union of the rows' keys; a missing key or None is an empty cell.
    Fails the test if the upload does not validate.
    """
    files = []
    for sheet, rows in sheets.items():
        header: list[str] = []
        for row in rows:
            header += [name for name in row if name not in header]
        files.append(csv_file(f"{sheet}.csv", header, *[[row.get(name) for name in header] for row in rows]))
    upload = parse_upload(files, store)
    assert upload.ok, upload.issue_frame().to_string()
    store.apply(upload, editor(by))
    return upload


from tests.known_history import history  # noqa: E402, F401  (a fixture: the time-travel tests' ledger history)
