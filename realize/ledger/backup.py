"""Backups: every ledger table as Parquet plus a manifest, read in one snapshot; restore into an empty store."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path

import duckdb
import pyarrow.parquet as parquet

from realize.ledger.sql import with_identifiers
from realize.ledger.store import Refused, Store, claim_clock, ledger_tables

BACKUP_FORMAT = "realize-backup-1"


def backup(store: Store, folder: Path) -> dict[str, int]:
    """Every table of the ledger as Parquet files plus a manifest, read in one snapshot."""
    if folder.exists() and any(folder.iterdir()):
        raise Refused(f"{folder} is not empty: back up into a new folder.")
    folder.mkdir(parents=True, exist_ok=True)
    rows: dict[str, int] = {}
    with store.cursor() as cursor:
        cursor.begin()  # one snapshot: a write landing meanwhile is in all of it or none of it
        for table in ledger_tables():
            data = cursor.execute(with_identifiers("select * from {table}", table=table)).to_arrow_table()
            parquet.write_table(data, folder / f"{table}.parquet")
            rows[table] = data.num_rows
        version = int(cursor.execute("select coalesce(max(upload_id), 0) from ledger").fetchone()[0])
        cursor.rollback()
    manifest = {"format": BACKUP_FORMAT, "data_version": version, "rows": rows}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return rows


def backup_zip(store: Store) -> tuple[bytes, dict[str, int]]:
    """A backup as one .zip file (unzipped, it is what `restore` loads) and the rows it holds."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "backup"
        rows = backup(store, target)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for part in sorted(target.iterdir()):
                archive.write(part, part.name)
    return buffer.getvalue(), rows


def restore(store: Store, folder: Path) -> dict[str, int]:
    """A backup into an empty database, in one transaction."""
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise Refused(f"{folder} is not a Realize backup (no manifest.json).")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != BACKUP_FORMAT:
        raise Refused(f"{folder} is a backup of another format ({manifest.get('format')}).")
    if not store.is_empty():
        raise Refused(f"{store.location} already holds data: restore into a new, empty database (--db).")

    def work(cursor: duckdb.DuckDBPyConnection) -> None:
        claim_clock(cursor)
        for table in ledger_tables():
            data = parquet.read_table(folder / f"{table}.parquet")
            if data.num_rows != manifest["rows"].get(table):
                raise Refused(f"The backup's {table} does not hold the rows its manifest lists: it is damaged.")
            cursor.register("restored_rows", data)
            cursor.execute(with_identifiers("insert into {table} by name select * from restored_rows", table=table))
            cursor.unregister("restored_rows")

    store.write(work)
    return dict(manifest["rows"])
