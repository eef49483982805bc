"""The commands that copy and keep stores: backup, restore, migrate, maintain."""

from __future__ import annotations

import argparse
from pathlib import Path

from realize.cli import DONE, UsageError
from realize.cli.common import open_store
from realize.ledger.backup import backup, restore
from realize.ledger.housekeeping import maintain
from realize.ledger.location import LocationError, locate
from realize.ledger.transfer import copy_ledger
from realize.report.formats import count_of


def run_backup(args: argparse.Namespace) -> int:
    rows = backup(open_store(args), Path(args.out))
    print(f"Backed up {sum(rows.values()):,} rows in {len(rows)} tables to {args.out}.")
    return DONE


def run_restore(args: argparse.Namespace) -> int:
    source = Path(args.source)
    if not source.is_dir():
        raise UsageError(f"{args.source}: no such backup folder")
    rows = restore(open_store(args), source)
    print(f"Restored {sum(rows.values()):,} rows in {len(rows)} tables from {args.source}.")
    return DONE


def run_migrate(args: argparse.Namespace) -> int:
    try:
        target_location = locate(args.to, args.to_data_path)
    except LocationError as error:
        raise UsageError(str(error)) from None
    if target_location.kind == "file" and target_location.exists():
        raise UsageError(f"{args.to} exists: migrate into a new file")
    source = open_store(args)
    rows = copy_ledger(source, open_store(args, target_location))
    print(
        f"Copied {sum(rows.values()):,} rows in {len(rows)} tables, the whole history "
        f"({count_of(rows['ledger'], 'ledger row')}), from "
        f"{source.location} to {target_location}; the counts match. Point REALIZE_DB (or --db) at it to use it."
    )
    return DONE


def run_maintain(args: argparse.Namespace) -> int:
    store = open_store(args)
    done = maintain(store, args.keep_days)
    if not store.location.is_lake:
        print(f"{store.location} is a DuckDB file: checkpointed; it needs no other housekeeping.")
        return DONE
    print("; ".join(f"{words}: {count:,}" for words, count in done.done.items()) + ".")
    print(f"Snapshots: {done.snapshots_before:,} before, {done.snapshots_after:,} after.")
    return DONE
