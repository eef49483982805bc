"""The environment variables Realize reads, in one place (the app's secrets, where used, take precedence).

- REALIZE_DB: the database: a .duckdb file (default data/portfolio.duckdb), `ducklake:sqlite:PATH` or
  `ducklake:postgres:CONNINFO`.
- REALIZE_DATA_PATH: where a lake keeps its Parquet files (a folder, or an s3:// URL).
- REALIZE_MAX_UPLOAD_MB: the largest upload in whole megabytes (the guard and Streamlit's own limit).
- REALIZE_EDITOR_PASSWORD: the editor password, when secrets do not set one.
- REALIZE_EDITORS: comma-separated editor emails under single sign-on, when secrets do not list them.
"""

from __future__ import annotations

import os


def database() -> str | None:
    return os.environ.get("REALIZE_DB") or None


def data_path() -> str | None:
    return os.environ.get("REALIZE_DATA_PATH") or None


def max_upload_megabytes() -> int | None:
    """The upload limit when set to a whole number of megabytes above zero; None otherwise."""
    megabytes = os.environ.get("REALIZE_MAX_UPLOAD_MB", "").strip()
    return int(megabytes) if megabytes.isdigit() and int(megabytes) > 0 else None


def editor_password() -> str | None:
    return os.environ.get("REALIZE_EDITOR_PASSWORD") or None


def editors() -> str:
    return os.environ.get("REALIZE_EDITORS", "")
