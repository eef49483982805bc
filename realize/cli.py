"""`python -m realize`: the store's operations for scheduled jobs (SPEC section 7).

Exit codes: 0 done, 1 refused (validation errors, duplicate upload, unknown
upload, ...), 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from realize import measures
from realize.contract import catalog
from realize.contract.roles import Editor
from realize.intake.ingest import ParsedUpload, SourceFile
from realize.intake.mapping import Answers, MapOptionError
from realize.ledger.backup import backup, restore
from realize.ledger.housekeeping import DEFAULT_KEEP_DAYS, maintain
from realize.ledger.location import Location, LocationError, locate
from realize.ledger.store import Refused, Store, default_user
from realize.ledger.transfer import copy_ledger
from realize.report import export, workbook
from realize.report.formats import count_of
from realize.service import exports, uploads
from realize.service.history import history_table, mappings_table

DONE, REFUSED, USAGE = 0, 1, 2


class UsageError(Exception):
    """A command line that cannot be carried out as written (exit code 2)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m realize",
        description="Realize: load portfolio workbooks into the ledger and read them back.",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        help="a database file, ducklake:sqlite:PATH or ducklake:postgres:CONNINFO (default: env REALIZE_DB, "
        "else data/portfolio.duckdb)",
        default=None,
    )
    common.add_argument(
        "--data-path",
        help="where a lake keeps its Parquet files: a folder or an s3:// URL (default: env REALIZE_DATA_PATH)",
        default=None,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    do_import = commands.add_parser(
        "import", parents=[common], help="validate and apply one upload (an .xlsx, or .csv files named after sheets)"
    )
    do_import.add_argument("files", nargs="+", metavar="FILE")
    do_import.add_argument("--by", default=None, help="who uploads, for the ledger (default: the login name)")
    add_map_option(do_import)
    do_import.set_defaults(run=run_import)

    check = commands.add_parser("check", parents=[common], help="validate only; nothing is written")
    check.add_argument("files", nargs="+", metavar="FILE")
    add_map_option(check)
    check.set_defaults(run=run_check)

    mappings = commands.add_parser(
        "mappings", parents=[common], help="list the saved mappings of sheet layouts (file columns -> template)"
    )
    mappings.add_argument("--format", choices=("table", "csv", "json"), default="table")
    mappings.set_defaults(run=run_mappings)

    history = commands.add_parser("history", parents=[common], help="list the upload ledger, newest first")
    history.add_argument("--format", choices=("table", "csv", "json"), default="table")
    history.set_defaults(run=run_history)

    revert = commands.add_parser(
        "revert", parents=[common], help="revert an upload: earlier rows become current again where it was the latest"
    )
    revert.add_argument("upload_id", type=int, metavar="UPLOAD_ID")
    revert.add_argument("--by", default=None, help="who reverts, for the ledger (default: the login name)")
    revert.set_defaults(run=run_revert)

    query = commands.add_parser("query", parents=[common], help="print a named view (the measures)")
    query.add_argument("view", choices=list(catalog.NAMED_VIEWS), metavar="VIEW", help=", ".join(catalog.NAMED_VIEWS))
    query.add_argument("--as-of", type=parse_date, default=None, help="YYYY-MM-DD (default: today)")
    query.add_argument("--initiative", action="append", default=[], metavar="ID", help="repeat for several")
    query.add_argument("--owner", action="append", default=[], metavar="NAME", help="repeat for several")
    query.add_argument("--portfolio", action="append", default=[], metavar="NAME", help="repeat for several")
    query.add_argument("--cash-only", action="store_true", help="leave non-cash-releasing benefits out of values")
    query.add_argument("--format", choices=("csv", "json"), default="csv")
    query.set_defaults(run=run_query)

    export_all = commands.add_parser(
        "export", parents=[common], help="write every view and the current data to one .xlsx workbook"
    )
    export_all.add_argument("out", metavar="OUT.xlsx")
    export_all.add_argument("--as-of", type=parse_date, default=None, help="YYYY-MM-DD (default: today)")
    export_all.set_defaults(run=run_export)

    do_backup = commands.add_parser(
        "backup", parents=[common], help="copy the whole database, ledger included, into a new folder"
    )
    do_backup.add_argument("out", metavar="OUT")
    do_backup.set_defaults(run=run_backup)

    do_restore = commands.add_parser("restore", parents=[common], help="load a backup folder into an empty database")
    do_restore.add_argument("source", metavar="IN")
    do_restore.set_defaults(run=run_restore)

    move = commands.add_parser(
        "migrate",
        parents=[common],
        help="copy the whole database, history included, into another store (a file, or a lake) and check the counts",
    )
    move.add_argument(
        "--to",
        required=True,
        metavar="URI",
        help="a new .duckdb file, ducklake:sqlite:PATH or ducklake:postgres:CONNINFO",
    )
    move.add_argument(
        "--to-data-path",
        default=None,
        metavar="PATH",
        help="where the target lake keeps its files "
        "(default: beside a SQLite catalog; required for a new PostgreSQL one)",
    )
    move.set_defaults(run=run_migrate)

    housekeeping = commands.add_parser(
        "maintain",
        parents=[common],
        help="lake housekeeping: merge small files, expire old snapshots, delete unused files",
    )
    housekeeping.add_argument(
        "--keep-days",
        type=int,
        default=DEFAULT_KEEP_DAYS,
        help=f"keep snapshots and files this many days for readers still using them (default {DEFAULT_KEEP_DAYS})",
    )
    housekeeping.set_defaults(run=run_maintain)

    template = commands.add_parser("template", help="write the empty Excel template")
    template.add_argument("out", metavar="OUT.xlsx")
    template.set_defaults(run=run_template)
    return parser


def add_map_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FROM=TO",
        help="answer a mapping question (repeatable): 'Financials=costs' takes a file sheet as a template sheet; "
        "'Actual Spend=costs.actual' or 'Cost Plan!Budget=costs.planned' takes a column; TO '-' leaves it out",
    )


def answers_from(args: argparse.Namespace) -> Answers:
    try:
        return Answers.from_options(args.map)
    except MapOptionError as error:
        raise UsageError(str(error)) from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits with 2 on a usage error
    try:
        return args.run(args)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE
    except Refused as error:
        print(f"refused: {error}", file=sys.stderr)
        return REFUSED


def read_sources(paths: Sequence[str]) -> list[SourceFile]:
    sources = []
    for name in paths:
        path = Path(name)
        if not path.is_file():
            raise UsageError(f"{name}: no such file")
        sources.append(SourceFile(path.name, path.read_bytes()))
    return sources


def location_of(args: argparse.Namespace) -> Location:
    try:
        return locate(args.db, args.data_path)
    except LocationError as error:
        raise UsageError(str(error)) from None


def open_store(args: argparse.Namespace) -> Store:
    return Store(location_of(args))


def print_issues(upload: ParsedUpload) -> None:
    print_mappings_taken(upload)
    issues = upload.issue_frame()
    issues = issues[issues["rule"] != "question"]
    if not issues.empty:
        issues["row"] = issues["row"].astype("string").fillna("")
        with pd.option_context("display.max_colwidth", 160, "display.width", 250):
            print(issues.to_string(index=False))
    if upload.questions:
        print(
            f"\n{len(upload.questions)} question(s) to answer before anything can be applied; "
            "answer each with one of the --map options under it:"
        )
        for line in upload.question_lines():
            print(line)


def print_mappings_taken(upload: ParsedUpload) -> None:
    """How each file sheet was read, where it is not the template's own name."""
    for mapping in upload.mappings:
        if mapping.sheet is None or mapping.label == mapping.sheet:
            continue
        print(f"Sheet '{mapping.label}' read as {mapping.sheet} ({mapping.how}, {mapping.confidence:.0%}).")


def summary(upload: ParsedUpload) -> str:
    rows = ", ".join(f"{name}: {count_of(count, 'row')}" for name, count in upload.rows_per_sheet.items())
    asked = f", {len(upload.questions)} question(s)" if upload.questions else ""
    return f"{len(upload.errors)} error(s){asked}, {len(upload.warnings)} warning(s); {rows or 'no sheets read'}"


def command_line_editor(args: argparse.Namespace) -> Editor:
    """Whoever runs the command line holds the database file: an editor, by --by or their login."""
    return Editor(args.by or default_user(), "command line")


def run_check(args: argparse.Namespace) -> int:
    """Validate against the stored data when the database exists; never create or write it."""
    sources = read_sources(args.files)
    location = location_of(args)
    store = Store(location) if location.exists() else None
    upload = uploads.check(sources, store, answers_from(args))
    print_issues(upload)
    print(summary(upload))
    return DONE if upload.ok else REFUSED


def run_import(args: argparse.Namespace) -> int:
    sources = read_sources(args.files)
    answers = answers_from(args)
    store = open_store(args)
    upload = uploads.check(sources, store, answers)
    print_issues(upload)
    if not upload.ok:
        print(f"{summary(upload)}: nothing was applied.")
        return REFUSED
    applied = uploads.apply(store, upload, command_line_editor(args))
    print(f"Applied upload #{applied.upload_id}: {summary(upload)}.")
    if applied.mapping_id is not None:
        print(
            f"Saved the mapping of {count_of(len(upload.to_save), 'sheet layout')} as ledger entry "
            f"#{applied.mapping_id}: the next file laid out the same way is read the same way."
        )
    if applied.replaced_sample:
        print("The sample portfolio was reverted: the data shown is now yours.")
    return DONE


def run_mappings(args: argparse.Namespace) -> int:
    empty = "No saved mappings yet: they are saved when an upload whose questions you answered is applied."
    print_table(mappings_table(open_store(args)), args.format, empty, width=80)
    return DONE


def run_history(args: argparse.Namespace) -> int:
    print_table(history_table(open_store(args)), args.format, "No uploads yet.", width=120)
    return DONE


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


def run_revert(args: argparse.Namespace) -> int:
    reverted = uploads.revert(open_store(args), args.upload_id, command_line_editor(args))
    print(f"Reverted upload #{reverted.upload_id} (ledger entry #{reverted.revert_id}).")
    return DONE


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
    rows = copy_ledger(source, Store(target_location))
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


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write YYYY-MM-DD") from None


def filters_from(args: argparse.Namespace) -> measures.Filters:
    return measures.Filters(
        as_of=args.as_of or dt.date.today(),
        portfolios=tuple(getattr(args, "portfolio", ())),
        initiatives=tuple(getattr(args, "initiative", ())),
        owners=tuple(getattr(args, "owner", ())),
        include_non_cash=not getattr(args, "cash_only", False),
    )


def run_query(args: argparse.Namespace) -> int:
    frame = export.plain_dates(measures.run(open_store(args), args.view, filters_from(args)))
    if args.format == "json":
        print(frame.to_json(orient="records", indent=2, date_format="iso"))
    else:
        print(frame.to_csv(index=False), end="")
    return DONE


def run_export(args: argparse.Namespace) -> int:
    out = xlsx_path(args.out)
    store = open_store(args)
    filters = filters_from(args)
    out.write_bytes(export.xlsx_bytes(exports.everything(store, filters)))
    print(f"Wrote every view and the current data as of {filters.as_of} to {out}.")
    return DONE


def xlsx_path(name: str) -> Path:
    out = Path(name)
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"{name}: name the output file *.xlsx")
    out.parent.mkdir(parents=True, exist_ok=True)
    return out


def run_template(args: argparse.Namespace) -> int:
    out = xlsx_path(args.out)
    workbook.write_workbook(None, out)
    print(f"Wrote the template to {out}.")
    return DONE
