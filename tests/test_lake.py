"""The ledger on DuckLake (SPEC section 1, Stores): many processes on one lake, on a SQLite and a PostgreSQL
catalog. Two processes writing the same initiative at once both land; an importer killed in the middle of
its commit leaves the lake whole; migrate and maintain. (Three app replicas with two command-line importers
and readers at once: tests/e2e/test_lake_replicas.py.)"""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from realize import measures
from realize.cli import main
from realize.intake.ingest import SourceFile, parse_upload
from realize.ledger import location as location_module
from realize.ledger.location import Location, LocationError, hide_password, locate
from realize.ledger.store import Refused, Store, ledger_tables
from realize.service import sample_portfolio
from tests.conftest import ROOT, editor, store_location

LAKES = ("sqlite", "postgres")


def test_the_db_setting_names_a_file_or_a_lake_and_never_prints_a_password(tmp_path: Path) -> None:
    assert locate(tmp_path / "a.duckdb") == Location("file", str(tmp_path / "a.duckdb"))
    sqlite = locate(f"ducklake:sqlite:{tmp_path}/lake.sqlite")
    assert (sqlite.kind, sqlite.data_path) == ("sqlite", f"{tmp_path}/lake.sqlite.files")
    postgres = locate("ducklake:postgres:dbname=realize host=db password=s3cret", "s3://bucket/realize/")
    assert (postgres.kind, postgres.target, postgres.data_path) == (
        "postgres",
        "dbname=realize host=db password=s3cret",
        "s3://bucket/realize/",
    )
    assert "s3cret" not in str(postgres) and "password=***" in str(postgres)
    assert hide_password("postgresql://ann:s3cret@db/realize") == "postgresql://ann:***@db/realize"
    with pytest.raises(LocationError, match="ducklake:sqlite:PATH"):
        locate("ducklake:duckdb:x.duckdb")


def test_a_missing_extension_says_which_package_to_install() -> None:
    connection = duckdb.connect()
    with pytest.raises(LocationError, match=r"duckdb-extension-no-such-lake==1\.5\.5"):
        location_module._load(connection, "no_such_lake")


KILLED_COMMIT = textwrap.dedent(
    """
    import os, signal, sys, threading
    sys.path.insert(0, {root!r})
    from contextlib import contextmanager
    from realize.contract.roles import Editor
    from realize.intake.ingest import SourceFile, parse_upload
    from realize.ledger import store as ledger
    from realize.ledger.location import Location

    original = ledger.transaction

    @contextmanager
    def killed_while_committing(cursor):
        # the kill lands {delay} s after the commit starts: before, inside or after the catalog's own commit
        with original(cursor):
            yield
            threading.Timer({delay}, os.kill, (os.getpid(), signal.SIGKILL)).start()

    ledger.transaction = killed_while_committing
    store = ledger.Store(Location({kind!r}, {target!r}, {data_path!r}))
    rows = "".join(f"K-{{number}},Killed {{number}},Ann\\n" for number in range(500))
    upload = parse_upload([SourceFile("initiatives.csv", ("initiative_id,name,owner\\n" + rows).encode())], store)
    store.apply(upload, Editor("doomed", "command line"))
    print("committed", flush=True)
    threading.Event().wait(60)
    """
)


@pytest.mark.parametrize("kind", LAKES)
@pytest.mark.parametrize("delay", [0.0, 0.005, 0.05])
def test_an_importer_killed_in_the_middle_of_its_commit_leaves_the_lake_whole(
    kind: str, delay: float, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    where = store_location(kind, tmp_path, request)
    before = Store(where)
    sample = "initiative_id,name,owner\nKEEP-1,Kept,Ann\n"
    before.apply(parse_upload([SourceFile("initiatives.csv", sample.encode())], before), editor("Ann"))
    before.close()

    script = KILLED_COMMIT.format(
        root=str(ROOT), kind=where.kind, target=where.target, data_path=where.data_path, delay=delay
    )
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert process.returncode == -signal.SIGKILL, process.stderr

    after = Store(where)  # the lake opens as usual
    counts = {table: int(after.scalar(f"select count(*) from {table}")) for table in ledger_tables()}
    initiatives = after.current("initiatives")["initiative_id"].tolist()
    if after.data_version() == 1:  # the earlier state, whole
        assert initiatives == ["KEEP-1"] and counts["data_initiatives"] == 1
    else:  # or the whole upload
        assert after.data_version() == 2
        assert sorted(initiatives) == sorted(["KEEP-1", *(f"K-{number}" for number in range(500))])
        assert counts["data_initiatives"] == 501
    after.apply(
        parse_upload([SourceFile("initiatives.csv", b"initiative_id,name,owner\nNEXT,Next,Bo\n")], after), editor("Bo")
    )
    assert "NEXT" in after.current("initiatives")["initiative_id"].tolist()  # and takes the next upload
    after.close()


def history_and_costs(store: Store) -> tuple[list, list]:
    history = store.frame("select upload_id, kind, recorded_by, sha256, reverts_upload_id from ledger order by 1")
    tco = measures.run(store, "tco", measures.Filters(as_of=dt.date(2026, 11, 22)))
    return history.astype(object).fillna("").values.tolist(), tco.astype(object).fillna("").values.tolist()


def a_history(store: Store) -> None:
    """The sample, a real upload replacing it, a second upload then its revert, a setting."""
    sample_portfolio.load_if_empty(store)
    first = "initiative_id,name,owner,budget\nM-1,Moved,Ann,1000\n"
    costs = "initiative_id,period,category,nature,planned,actual\nM-1,2026-01,operating,opex,100,90\n"
    store.apply(
        parse_upload([SourceFile("initiatives.csv", first.encode()), SourceFile("costs.csv", costs.encode())], store),
        editor("Ann"),
    )
    later = store.apply(
        parse_upload([SourceFile("initiatives.csv", b"initiative_id,name,owner\nM-2,Undone,Bo\n")], store), editor("Bo")
    )
    store.revert(later.upload_id, editor("Ann"))
    store.save_settings({"discount_rate": 0.1}, editor("Finance"))


def test_migrate_moves_the_whole_history_from_a_file_to_each_lake_and_back(
    tmp_path: Path, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    origin = Store(tmp_path / "origin.duckdb")
    a_history(origin)
    expected = history_and_costs(origin)
    origin.close()
    sqlite = store_location("sqlite", tmp_path / "one", request)
    postgres = store_location("postgres", tmp_path / "two", request)
    back = Location("file", str(tmp_path / "back.duckdb"))
    steps = [(Location("file", str(tmp_path / "origin.duckdb")), sqlite), (sqlite, postgres), (postgres, back)]
    for source, target in steps:
        arguments = ["migrate", "--db", source.uri, "--to", target.uri]
        arguments += ["--data-path", str(source.data_path)] if source.data_path else []
        arguments += ["--to-data-path", str(target.data_path)] if target.data_path else []
        assert main(arguments) == 0, capsys.readouterr().err
        assert "the counts match" in capsys.readouterr().out
        moved = Store(target)
        assert history_and_costs(moved) == expected  # every upload, revert and setting; the same measures
        assert moved.settings()["discount_rate"] == 0.1
        moved.close()
    # into a store that already holds data: refused, nothing changed
    assert (
        main(
            [
                "migrate",
                "--db",
                str(tmp_path / "origin.duckdb"),
                "--to",
                sqlite.uri,
                "--to-data-path",
                str(sqlite.data_path),
            ]
        )
        == 1
    )
    assert "already holds data" in capsys.readouterr().err


def snapshot_count(store: Store) -> int:
    return int(store.scalar("select count(*) from lake.snapshots()"))


@pytest.mark.parametrize("kind", LAKES)
def test_maintain_expires_snapshots_and_keeps_every_upload(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    where = store_location(kind, tmp_path, request)
    store = Store(where)
    a_history(store)
    expected = history_and_costs(store)
    before = snapshot_count(store)
    store.close()
    arguments = ["maintain", "--db", where.uri, "--data-path", str(where.data_path), "--keep-days", "0"]
    assert main(arguments) == 0
    printed = capsys.readouterr().out
    assert f"Snapshots: {before:,} before, 1 after." in printed
    after = Store(where)
    assert history_and_costs(after) == expected
    following = [SourceFile("initiatives.csv", b"initiative_id,name,owner\nM-3,After,Cy\n")]
    after.apply(parse_upload(following, after), editor("Cy"))  # and the lake takes the next upload
    assert "M-3" in after.current("initiatives")["initiative_id"].tolist()
    after.close()


def test_maintain_on_a_file_only_checkpoints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Store(tmp_path / "one.duckdb").close()
    assert main(["maintain", "--db", str(tmp_path / "one.duckdb")]) == 0
    assert "is a DuckDB file: checkpointed" in capsys.readouterr().out


def test_a_lake_opens_without_its_data_path_and_refuses_another_one(tmp_path: Path) -> None:
    catalog = f"ducklake:sqlite:{tmp_path}/lake.sqlite"
    Store(locate(catalog)).close()  # new: its files go beside the catalog
    assert (tmp_path / "lake.sqlite.files").is_dir()
    again = locate(catalog)
    assert again.data_path is None  # an existing catalog knows where its files are
    Store(again).close()
    with pytest.raises(Refused, match="keeps its files elsewhere"):
        Store(locate(catalog, str(tmp_path / "elsewhere")))


SAME_SCOPE = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from realize.contract.roles import Editor
    from realize.intake.ingest import SourceFile, parse_upload
    from realize.ledger.location import Location
    from realize.ledger.store import Store
    store = Store(Location({kind!r}, {target!r}, {data_path!r}))
    for round in range({rounds}):
        text = f"initiative_id,name,owner\\nSHARED,{{sys.argv[1]}} round {{round}},Ann\\n"
        upload = parse_upload([SourceFile("initiatives.csv", text.encode())], store)
        store.apply(upload, Editor(sys.argv[1], "command line"))
    """
)


@pytest.mark.parametrize("kind", LAKES)
def test_two_processes_uploading_the_same_initiative_both_land_and_the_later_is_current(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    where = store_location(kind, tmp_path, request)
    Store(where).close()
    rounds = 4
    script = SAME_SCOPE.format(
        root=str(ROOT), kind=where.kind, target=where.target, data_path=where.data_path, rounds=rounds
    )
    writers = [
        subprocess.Popen([sys.executable, "-c", script, name], stderr=subprocess.PIPE, text=True)
        for name in ("Ann", "Bo")
    ]
    for writer in writers:
        assert writer.wait(timeout=300) == 0, writer.stderr.read()
    store = Store(where)
    history = store.frame("select upload_id, recorded_by from ledger order by upload_id")
    assert sorted(history["recorded_by"]) == ["Ann"] * rounds + ["Bo"] * rounds  # both, every round, once
    last = history.iloc[-1]
    current = store.current("initiatives")
    assert current["initiative_id"].tolist() == ["SHARED"]
    assert current["name"].iloc[0] == f"{last['recorded_by']} round {rounds - 1}"  # the later upload is current
    store.close()


def test_an_s3_data_path_takes_its_credentials_from_the_aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-printed")
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://minio.internal:9000")
    connection = duckdb.connect()
    location_module._load(connection, "httpfs")
    location_module._s3_secret(connection)
    secret = connection.execute(
        "select type, provider, secret_string from duckdb_secrets() where name = 'realize_s3'"
    ).fetchone()
    assert secret[0] == "s3"
    described = secret[2]
    assert "key_id=AKIAEXAMPLE" in described and "region=eu-west-1" in described
    assert "endpoint=minio.internal:9000" in described and "use_ssl=false" in described
    assert "not-printed" not in described  # DuckDB redacts the secret key itself
