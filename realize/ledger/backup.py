"""Backups: every ledger table as Parquet plus a manifest, read in one snapshot; restore into an empty store."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as parquet

from realize.ledger.store import Refused, Store, ledger_tables
from realize.ledger.transfer import ledger_snapshot, load_ledger

BACKUP_FORMAT = "realize-backup-1"


def backup(store: Store, folder: Path) -> dict[str, int]:
    """Every table of the ledger as Parquet files plus a manifest, read in one snapshot."""
    if folder.exists() and any(folder.iterdir()):
        raise Refused(f"{folder} is not empty: back up into a new folder.")
    folder.mkdir(parents=True, exist_ok=True)
    tables = ledger_snapshot(store)
    rows = {name: data.num_rows for name, data in tables.items()}
    for name, data in tables.items():
        parquet.write_table(data, folder / f"{name}.parquet")
    version = pc.max(tables["ledger"].column("upload_id")).as_py() or 0
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
    tables = {name: parquet.read_table(folder / f"{name}.parquet") for name in ledger_tables()}
    for name, data in tables.items():
        if data.num_rows != manifest["rows"].get(name):
            raise Refused(f"The backup's {name} does not hold the rows its manifest lists: it is damaged.")
    load_ledger(store, tables)
    return dict(manifest["rows"])
