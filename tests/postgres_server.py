"""A throwaway PostgreSQL server for the lake tests: Debian's package, a cluster made with initdb in a
temporary folder, listening on a free loopback port, run as the `postgres` user when the tests run as
root (PostgreSQL refuses root), stopped and removed at the end.

`.ci/run` installs the package; without it the tests that need it fail saying so (never skipped).
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

POSTGRES_USER = "postgres"


@dataclass(frozen=True)
class PostgresServer:
    port: int
    bin_dir: Path
    _names: Iterator[int]

    def conninfo(self, database: str) -> str:
        return f"host=127.0.0.1 port={self.port} dbname={database} user={POSTGRES_USER}"

    def new_database(self, prefix: str = "lake", template: str | None = None) -> str:
        """A new database, empty or a copy of `template` (a database name); its connection string."""
        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        copying = ["-T", template] if template else []
        _run_as_postgres([str(self.bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), *copying, name])
        return self.conninfo(name)


def database_name(conninfo: str) -> str:
    """The dbname of a connection string this module made."""
    return conninfo.split("dbname=", 1)[1].split()[0]


def bin_dir() -> Path:
    """The newest installed PostgreSQL's programs (Debian keeps them under /usr/lib/postgresql/VERSION/bin)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda path: int(path.parts[-3]))
    if not found:
        initdb = shutil.which("initdb")
        if initdb is None:
            raise RuntimeError(
                "PostgreSQL is not installed: the lake tests need Debian's postgresql package "
                "(`apt-get install postgresql`, as .ci/run does)."
            )
        return Path(initdb).parent
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run_as_postgres(command: list[str]) -> None:
    if os.geteuid() == 0:
        command = ["runuser", "-u", POSTGRES_USER, "--", *command]
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    programs = bin_dir()
    folder = Path(tempfile.mkdtemp(prefix="realize-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, POSTGRES_USER)
    data, port = folder / "data", _free_port()
    _run_as_postgres([str(programs / "initdb"), "-D", str(data), "-A", "trust", "-U", POSTGRES_USER, "--no-sync"])
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    _run_as_postgres(
        [str(programs / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]
    )
    try:
        yield PostgresServer(port, programs, itertools.count(1))
    finally:
        _run_as_postgres([str(programs / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(folder, ignore_errors=True)
