"""What the command line's commands share: reading the files named, opening the store, printing tables."""

from __future__ import annotations

import argparse
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pandas as pd

from realize.cli import UsageError
from realize.contract.roles import Editor
from realize.ledger.location import Location, LocationError, locate
from realize.ledger.store import Store, default_user


def location_of(args: argparse.Namespace) -> Location:
    try:
        return locate(args.db, args.data_path)
    except LocationError as error:
        raise UsageError(str(error)) from None


def open_store(args: argparse.Namespace, location: Location | None = None) -> Store:
    """The store named on the command line (or at `location`), closed by `main` once the command is done."""
    store = Store(location or location_of(args))
    args.opened = [*getattr(args, "opened", []), store]
    return store


def start_making(args: argparse.Namespace, location: Location) -> Future[Store]:
    """A new database made (its tables and views) in a thread of its own while the command goes on; closed by
    `main` like any store opened."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="making-store")
    making = pool.submit(open_store, args, location)
    pool.shutdown(wait=False)
    return making


def command_line_editor(args: argparse.Namespace) -> Editor:
    """Whoever runs the command line holds the database file: an editor, by --by or their login."""
    return Editor(args.by or default_user(), "command line")


def print_table(table: pd.DataFrame, form: str, empty: str, *, width: int) -> None:
    """A table as CSV, JSON, or text for people (with what to say when it is empty)."""
    if form == "csv":
        print(table.to_csv(index=False), end="")
    elif form == "json":
        print(table.to_json(orient="records", indent=2))
    elif table.empty:
        print(empty)
    else:
        with pd.option_context("display.max_colwidth", width, "display.width", 250):
            print(table.to_string(index=False))


def xlsx_path(name: str) -> Path:
    out = Path(name)
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"{name}: name the output file *.xlsx")
    out.parent.mkdir(parents=True, exist_ok=True)
    return out
