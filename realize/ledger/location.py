"""Where the ledger is kept (SPEC section 1, Stores): a DuckDB file, or a DuckLake on a SQLite or PostgreSQL catalog.

`--db` / REALIZE_DB names it; `--data-path` / REALIZE_DATA_PATH says where a lake keeps its Parquet files
(a folder, or an `s3://` URL whose credentials come from the usual AWS environment variables). A file
admits one process; a lake on SQLite admits many processes on one machine, and a lake on PostgreSQL many
machines sharing the data path. The same tables, views and SQL serve all three.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb
from duckdb_extensions import import_extension

from realize.contract import environment

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT / "data" / "portfolio.duckdb"
LAKE = "lake"  # the name the lake is attached under: every cursor uses it
SQLITE_PREFIX = "ducklake:sqlite:"
POSTGRES_PREFIX = "ducklake:postgres:"
# the extensions each kind of store needs, loaded from the pinned PyPI packages (no download at run time)
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "file": (),
    "sqlite": ("ducklake", "sqlite_scanner"),
    "postgres": ("ducklake", "postgres_scanner"),
}
# credentials of an s3:// data path, read from the environment as the AWS tools name them: secret key -> variable
S3_ENVIRONMENT = {
    "key_id": "AWS_ACCESS_KEY_ID",
    "secret": "AWS_SECRET_ACCESS_KEY",
    "session_token": "AWS_SESSION_TOKEN",
    "region": "AWS_REGION",
    "endpoint": "AWS_ENDPOINT_URL",
}


class LocationError(ValueError):
    """A --db or --data-path that cannot be used, with what to write instead."""


@dataclass(frozen=True)
class Location:
    kind: Literal["file", "sqlite", "postgres"]
    target: str  # the file's path, the SQLite catalog's path, or the PostgreSQL connection string
    data_path: str | None = None

    @property
    def is_lake(self) -> bool:
        return self.kind != "file"

    @property
    def path(self) -> Path | None:
        """The file holding the database (the DuckDB file, or the SQLite catalog); None for PostgreSQL."""
        return None if self.kind == "postgres" else Path(self.target)

    @property
    def uri(self) -> str:
        """What --db takes to name this store again (with any password: not for printing)."""
        return self.target if self.kind == "file" else f"ducklake:{self.kind}:{self.target}"

    def exists(self) -> bool:
        """Whether there is a database here already (a PostgreSQL catalog is assumed to exist)."""
        path = self.path
        return path is None or (str(path) == ":memory:") or path.exists()

    def __str__(self) -> str:
        if self.kind == "file":
            return self.target
        prefix = SQLITE_PREFIX if self.kind == "sqlite" else POSTGRES_PREFIX
        return prefix + hide_password(self.target)


def hide_password(conninfo: str) -> str:
    """A connection string safe to print: its password replaced by ***."""
    hidden = re.sub(r"(password\s*=\s*)('[^']*'|\S+)", r"\1***", conninfo)
    return re.sub(r"(postgres(?:ql)?://[^:/@\s]+:)[^@\s]+@", r"\1***@", hidden)


def locate(db: str | os.PathLike[str] | None = None, data_path: str | None = None) -> Location:
    """--db (else REALIZE_DB, else data/portfolio.duckdb) and --data-path (else REALIZE_DATA_PATH)."""
    text = str(db or environment.database() or DEFAULT_DB)
    folder = data_path or environment.data_path()
    if text.startswith(SQLITE_PREFIX):
        catalog = text.removeprefix(SQLITE_PREFIX)
        if not catalog:
            raise LocationError("ducklake:sqlite: needs the catalog file's path, as in ducklake:sqlite:lake.sqlite")
        # a new catalog keeps its files beside it unless told otherwise; an existing one knows where they are
        default = None if Path(catalog).exists() else f"{catalog}.files"
        return Location("sqlite", catalog, folder or default)
    if text.startswith(POSTGRES_PREFIX):
        conninfo = text.removeprefix(POSTGRES_PREFIX)
        if not conninfo:
            raise LocationError(
                "ducklake:postgres: needs a connection string, as in ducklake:postgres:dbname=realize host=db.local"
            )
        return Location("postgres", conninfo, folder)
    if text.startswith("ducklake:"):
        raise LocationError(
            f"{text}: a lake is ducklake:sqlite:PATH (one machine) or ducklake:postgres:CONNINFO (many machines)."
        )
    return Location("file", text, None)


def connect_lake(location: Location) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the lake attached as `lake` (cursors then `use lake`)."""
    connection = duckdb.connect(":memory:")
    needed = EXTENSIONS[location.kind] + (("httpfs",) if _on_s3(location.data_path) else ())
    for name in needed:
        _load(connection, name)
    if _on_s3(location.data_path):
        _s3_secret(connection)
    if location.data_path and not _on_s3(location.data_path):
        Path(location.data_path).mkdir(parents=True, exist_ok=True)
    # ATTACH takes no parameters (a parser error): the operator's own setting goes in as a quoted literal
    options = f" (data_path {_literal(location.data_path)})" if location.data_path else ""
    statement = f"attach {_literal(location.uri)} as {LAKE}{options}"
    try:
        connection.execute(statement)
    except duckdb.Error as error:
        connection.close()
        raise LocationError(_attach_message(location, error)) from None
    return connection


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _on_s3(data_path: str | None) -> bool:
    return bool(data_path) and str(data_path).lower().startswith(("s3://", "s3a://", "r2://", "gcs://"))


def _load(connection: duckdb.DuckDBPyConnection, name: str) -> None:
    """Load an extension from its PyPI package, installing it from there the first time."""
    try:
        connection.execute(f"load {name}")
        return
    except duckdb.Error:
        pass
    try:
        import_extension(name, con=connection)
        connection.execute(f"load {name}")
    except (ModuleNotFoundError, duckdb.Error) as error:
        package = "duckdb-extension-" + name.replace("_", "-")
        raise LocationError(
            f"The DuckDB extension '{name}' is not installed ({error}). Install the pinned packages: "
            f"pip install -r requirements.txt (it lists {package}=={duckdb.__version__})."
        ) from None


def _s3_secret(connection: duckdb.DuckDBPyConnection) -> None:
    """An S3 secret from the AWS environment variables (DuckDB's own names for each part)."""
    parts = {key: os.environ[variable] for key, variable in S3_ENVIRONMENT.items() if os.environ.get(variable)}
    if "endpoint" in parts:
        parts["endpoint"] = re.sub(r"^https?://", "", parts["endpoint"])
        parts["url_style"] = "path"
        parts["use_ssl"] = "false" if os.environ["AWS_ENDPOINT_URL"].startswith("http://") else "true"
    if not parts:
        return
    # the keys are the fixed names above; the values are bound parameters
    listed = ", ".join(f"{key} ${key}" for key in parts)
    connection.execute(f"create or replace secret realize_s3 (type s3, {listed})", parts)


def _attach_message(location: Location, error: duckdb.Error) -> str:
    detail = str(error).splitlines()[0]
    if "does not match existing data path" in str(error):
        return (
            f"The lake {location} keeps its files elsewhere than REALIZE_DATA_PATH (or --data-path) says: {detail} "
            "Leave the data path unset to use the lake's own, or move the files and the setting together."
        )
    if location.kind == "postgres" and not location.data_path and "data_path" in str(error).lower():
        return (
            f"The lake {location} has no data path yet: set REALIZE_DATA_PATH (or --data-path) to the folder or "
            "s3:// URL every machine shares for its Parquet files."
        )
    return f"The lake {location} cannot be opened: {detail}"
