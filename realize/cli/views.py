"""The commands that read the measures back: query, export, template."""

from __future__ import annotations

import argparse
import datetime as dt

from realize import measures
from realize.cli import DONE
from realize.cli.common import open_store, xlsx_path
from realize.ledger.store import Store
from realize.report import export, workbook
from realize.service import changes, exports
from realize.service.history import ledger_point


def run_query(args: argparse.Namespace) -> int:
    store = open_store(args)
    frame = export.plain_dates(measures.run(store, args.view, filters_from(args, store)))
    if args.format == "json":
        print(frame.to_json(orient="records", indent=2, date_format="iso"))
    else:
        print(frame.to_csv(index=False), end="")
    return DONE


def run_changes(args: argparse.Namespace) -> int:
    store = open_store(args)
    since = ledger_point(store, args.since)
    until = None if args.until is None else ledger_point(store, args.until)
    listed = changes.changes(store, since, until, initiatives=args.initiative, kinds=args.kind)
    if args.format == "json":
        print(listed.to_json(orient="records", indent=2, date_format="iso"))
    else:
        print(listed.to_csv(index=False), end="")
    return DONE


def run_export(args: argparse.Namespace) -> int:
    out = xlsx_path(args.out)
    store = open_store(args)
    filters = filters_from(args, store)
    out.write_bytes(export.xlsx_bytes(exports.everything(store, filters)))
    data = (
        "the current data" if filters.known_at is None else f"the data as known after ledger entry #{filters.known_at}"
    )
    print(f"Wrote every view and {data} as of {filters.as_of} to {out}.")
    return DONE


def run_template(args: argparse.Namespace) -> int:
    out = xlsx_path(args.out)
    workbook.write_workbook(None, out)
    print(f"Wrote the template to {out}.")
    return DONE


def filters_from(args: argparse.Namespace, store: Store) -> measures.Filters:
    known_at = getattr(args, "known_at", None)
    return measures.Filters(
        known_at=None if known_at is None else ledger_point(store, known_at),
        as_of=args.as_of or dt.date.today(),
        portfolios=tuple(getattr(args, "portfolio", ())),
        initiatives=tuple(getattr(args, "initiative", ())),
        owners=tuple(getattr(args, "owner", ())),
        include_non_cash=not getattr(args, "cash_only", False),
    )
