"""Schema evolution (SPEC section 1): a recorded version, ordered migrations on open, a copy first, newer refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from realize.cli import main
from realize.ledger import migrations
from realize.ledger.store import Store, StoreTooNew
from realize.service import sample_portfolio
from tests.conftest import editor

FIXTURES = Path(__file__).parent / "fixtures"


def since_first_release() -> list[int]:
    """The migrations a database of the first release (schema version 1, unrecorded) needs."""
    return [migration.version for migration in migrations.MIGRATIONS if migration.version > 1]


def versions(path: Path) -> list[int]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return [row[0] for row in connection.execute("select version from schema_version order by version").fetchall()]


def tables(path: Path) -> set[str]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return {row[0] for row in connection.execute("select table_name from information_schema.tables").fetchall()}


def test_a_new_database_records_the_current_version_and_a_second_open_changes_nothing(tmp_path: Path) -> None:
    database = tmp_path / "new.duckdb"
    Store(database).close()
    assert versions(database) == [migration.version for migration in migrations.MIGRATIONS]
    Store(database).close()
    assert versions(database)[-1] == migrations.CURRENT_VERSION
    assert len(versions(database)) == len(migrations.MIGRATIONS)
    assert not list(tmp_path.glob("*.before-v*.duckdb")), "a new database needs no copy"


def test_the_previous_releases_database_is_copied_then_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    with zipfile.ZipFile(FIXTURES / "previous_release.duckdb.zip") as archive:
        archive.extractall(tmp_path)
    database = tmp_path / "previous_release.duckdb"
    assert "schema_version" not in tables(database)
    store = Store(database)
    try:
        assert store.current("initiatives")["initiative_id"].tolist() == ["OLD-1"]
    finally:
        store.close()
    assert (
        versions(database) == since_first_release()
    )  # the first release's tables were there: only what came since ran
    assert {"data_mappings", "scopes_mappings"} <= tables(database)
    before = tmp_path / f"previous_release.before-v{migrations.CURRENT_VERSION}.duckdb"
    assert before.exists()
    assert "schema_version" not in tables(before)  # the copy is the file as it was


def test_a_column_the_schema_gained_is_added_and_old_rows_keep_theirs(tmp_path: Path) -> None:
    database = tmp_path / "old.duckdb"
    Store(database).close()
    with duckdb.connect(str(database)) as connection:  # a release whose initiatives had no budget yet
        for view in connection.execute("select view_name from duckdb_views() where not internal").fetchall():
            connection.execute(f'drop view if exists "{view[0]}"')
        connection.execute("alter table data_initiatives drop column budget")
        connection.execute("drop table schema_version")
    store = Store(database)
    try:
        sample_portfolio.load_if_empty(store)
        assert store.current("initiatives")["budget"].notna().any()
    finally:
        store.close()
    assert versions(database) == since_first_release()


def test_a_database_of_a_newer_release_is_refused_and_left_alone(tmp_path: Path) -> None:
    database = tmp_path / "newer.duckdb"
    Store(database).close()
    with duckdb.connect(str(database)) as connection:
        connection.execute("insert into schema_version values (99, current_timestamp)")
    with pytest.raises(StoreTooNew, match="newer release of Realize"):
        Store(database)
    assert versions(database)[-1] == 99
    assert main(["history", "--db", str(database)]) == 1  # the command line refuses too, no traceback


def test_a_migration_that_fails_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with zipfile.ZipFile(FIXTURES / "previous_release.duckdb.zip") as archive:
        archive.extractall(tmp_path)
    database = tmp_path / "previous_release.duckdb"

    def broken(cursor: duckdb.DuckDBPyConnection) -> None:
        cursor.execute("create table half_done (x integer)")
        raise RuntimeError("disk full")

    failing = (*migrations.MIGRATIONS[:1], migrations.Migration(2, "broken", broken))
    monkeypatch.setattr(migrations, "MIGRATIONS", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        Store(database)
    assert "half_done" not in tables(database)
    assert "schema_version" not in tables(database)
    monkeypatch.undo()
    store = Store(database)  # the next open migrates for real, and the store takes writes
    try:
        store.save_settings({"discount_rate": 0.1}, editor("A"))
        assert store.current("initiatives")["initiative_id"].tolist() == ["OLD-1"]
    finally:
        store.close()
    assert versions(database) == since_first_release()


# --- a database made by the last release's own code (tests/fixtures/make_release_fixture.py) ---------------

# e0c01a2: the last release before schema versions (version 1); 2210e7e: the last before the ledger clock (2)
RELEASES = ("release_e0c01a2.zip", "release_2210e7e.zip")
RELEASE_AS_OF = "2026-11-22"
RELEASE_VIEWS = ("benefit_realization", "tco", "initiative_summary", "milestone_status", "scorecard", "action_status")


@pytest.fixture(params=RELEASES)
def release_database(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, zipfile.ZipFile]:
    bundle = zipfile.ZipFile(FIXTURES / request.param)
    bundle.extract("release.duckdb", tmp_path)
    return tmp_path / "release.duckdb", bundle


def printed(database: Path, capsys: pytest.CaptureFixture[str], *args: str) -> pd.DataFrame:
    capsys.readouterr()
    assert main([*args, "--db", str(database)]) == 0
    return pd.read_csv(io.StringIO(capsys.readouterr().out))


def test_the_last_releases_database_keeps_every_upload_and_revert(
    release_database: tuple[Path, zipfile.ZipFile], capsys: pytest.CaptureFixture[str]
) -> None:
    database, bundle = release_database
    before = pd.read_csv(bundle.open("history.csv"))
    after = printed(database, capsys, "history", "--format", "csv")
    assert versions(database)[-1] == migrations.CURRENT_VERSION
    columns = ["upload", "who", "what", "files", "status"]
    assert after[columns].fillna("").values.tolist() == before[columns].fillna("").values.tolist()
    assert set(after["status"]) >= {"reverted", "revert", "partly current", "current"}


@pytest.mark.parametrize("view", RELEASE_VIEWS)
def test_the_last_releases_database_gives_the_measures_that_release_computed(
    release_database: tuple[Path, zipfile.ZipFile], capsys: pytest.CaptureFixture[str], view: str
) -> None:
    database, bundle = release_database
    before = pd.read_csv(bundle.open(f"{view}.csv"))
    after = printed(database, capsys, "query", view, "--as-of", RELEASE_AS_OF)
    assert len(after) == len(before) > 0
    # this release adds columns to some views; every column the last release had reads the same
    assert set(before.columns) <= set(after.columns)
    for column in before.columns:
        was, now = before[column], after[column]
        if pd.api.types.is_numeric_dtype(was) and pd.api.types.is_numeric_dtype(now):
            assert now.tolist() == pytest.approx(was.tolist(), nan_ok=True, rel=1e-9, abs=1e-9), column
        else:
            assert now.fillna("").astype(str).tolist() == was.fillna("").astype(str).tolist(), column
