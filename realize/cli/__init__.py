"""`python -m realize`: the store's operations for scheduled jobs (SPEC section 7).

Exit codes: 0 done, 1 refused (validation errors, duplicate upload, unknown upload, ...), 2 usage error.

This module only parses the command line: each command's module (realize.cli.uploads, .views, .stores) is
loaded once the command is known, so that `--help` and a usage error answer at once, and a command loads
only what it uses (the import does not load the report's charts, the query does not load the reader).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
from collections.abc import Callable, Sequence

from realize.contract import catalog, schema
from realize.contract.housekeeping import DEFAULT_KEEP_DAYS
from realize.contract.refusals import Refused

DONE, REFUSED, USAGE = 0, 1, 2
KNOWN_AT_HELP = (
    "the data as known after this ledger entry, or at the end of this day (UTC); later uploads and reverts are "
    "not counted (default: as known now)"
)


class UsageError(Exception):
    """A command line that cannot be carried out as written (exit code 2)."""


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # exits with 2 on a usage error
    try:
        if args.prepare is not None:
            command(args.prepare)(args)
        return command(args.run)(args)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE
    except Refused as error:
        print(f"refused: {error}", file=sys.stderr)
        return REFUSED
    finally:
        for started in getattr(args, "started", {}).values():
            started.cancel()  # readers the command did not wait for (it failed first) are stopped
        for store in getattr(args, "opened", []):
            store.close()  # written through: `python -m realize` ends its process without the interpreter's clean-up


def command(name: str) -> Callable[[argparse.Namespace], int]:
    """The function a command runs, named 'module:function' within realize.cli, its module loaded now."""
    module, _, function = name.partition(":")
    return getattr(importlib.import_module(f"realize.cli.{module}"), function)


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
    parser.set_defaults(prepare=None)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    do_import = commands.add_parser(
        "import", parents=[common], help="validate and apply one upload (an .xlsx, or .csv files named after sheets)"
    )
    do_import.add_argument("files", nargs="+", metavar="FILE")
    do_import.add_argument("--by", default=None, help="who uploads, for the ledger (default: the login name)")
    do_import.add_argument(
        "--reason",
        default="",
        metavar="TEXT",
        help="why the upload re-baselines (moves a committed date, a benefit's baseline or target, a past month's "
        "plan or a budget): required then, kept in the ledger",
    )
    add_map_option(do_import)
    do_import.set_defaults(run="uploads:run_import", prepare="reading:start_reading")

    check = commands.add_parser("check", parents=[common], help="validate only; nothing is written")
    check.add_argument("files", nargs="+", metavar="FILE")
    add_map_option(check)
    check.set_defaults(run="uploads:run_check", prepare="reading:start_reading")

    mappings = commands.add_parser(
        "mappings", parents=[common], help="list the saved mappings of sheet layouts (file columns -> template)"
    )
    mappings.add_argument("--format", choices=("table", "csv", "json"), default="table")
    mappings.set_defaults(run="uploads:run_mappings")

    history = commands.add_parser("history", parents=[common], help="list the upload ledger, newest first")
    history.add_argument("--format", choices=("table", "csv", "json"), default="table")
    history.set_defaults(run="uploads:run_history")

    revert = commands.add_parser(
        "revert", parents=[common], help="revert an upload: earlier rows become current again where it was the latest"
    )
    revert.add_argument("upload_id", type=int, metavar="UPLOAD_ID")
    revert.add_argument("--by", default=None, help="who reverts, for the ledger (default: the login name)")
    revert.set_defaults(run="uploads:run_revert")

    query = commands.add_parser("query", parents=[common], help="print a named view (the measures)")
    query.add_argument("view", choices=list(catalog.NAMED_VIEWS), metavar="VIEW", help=", ".join(catalog.NAMED_VIEWS))
    query.add_argument("--as-of", type=parse_date, default=None, help="YYYY-MM-DD (default: today)")
    query.add_argument("--known-at", default=None, metavar="UPLOAD_ID|YYYY-MM-DD", help=KNOWN_AT_HELP)
    query.add_argument("--initiative", action="append", default=[], metavar="ID", help="repeat for several")
    query.add_argument("--owner", action="append", default=[], metavar="NAME", help="repeat for several")
    query.add_argument("--portfolio", action="append", default=[], metavar="NAME", help="repeat for several")
    query.add_argument("--cash-only", action="store_true", help="leave non-cash-releasing benefits out of values")
    query.add_argument("--format", choices=("csv", "json"), default="csv")
    query.set_defaults(run="views:run_query")

    listed = commands.add_parser(
        "changes", parents=[common], help="what changed between two points of the ledger, value by value"
    )
    listed.add_argument("--since", required=True, metavar="UPLOAD_ID|YYYY-MM-DD", help="from the data as known then")
    listed.add_argument(
        "--until", default=None, metavar="UPLOAD_ID|YYYY-MM-DD", help="to the data as known then (default: now)"
    )
    listed.add_argument("--initiative", action="append", default=[], metavar="ID", help="repeat for several")
    listed.add_argument(
        "--kind", action="append", default=[], choices=list(schema.CHANGE_KINDS), help="repeat for several"
    )
    listed.add_argument("--format", choices=("csv", "json"), default="csv")
    listed.set_defaults(run="views:run_changes")

    export_all = commands.add_parser(
        "export", parents=[common], help="write every view and the current data to one .xlsx workbook"
    )
    export_all.add_argument("out", metavar="OUT.xlsx")
    export_all.add_argument("--as-of", type=parse_date, default=None, help="YYYY-MM-DD (default: today)")
    export_all.add_argument("--known-at", default=None, metavar="UPLOAD_ID|YYYY-MM-DD", help=KNOWN_AT_HELP)
    export_all.set_defaults(run="views:run_export")

    do_backup = commands.add_parser(
        "backup", parents=[common], help="copy the whole database, ledger included, into a new folder"
    )
    do_backup.add_argument("out", metavar="OUT")
    do_backup.set_defaults(run="stores:run_backup")

    do_restore = commands.add_parser("restore", parents=[common], help="load a backup folder into an empty database")
    do_restore.add_argument("source", metavar="IN")
    do_restore.set_defaults(run="stores:run_restore")

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
    move.set_defaults(run="stores:run_migrate")

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
    housekeeping.set_defaults(run="stores:run_maintain")

    template = commands.add_parser("template", help="write the empty Excel template")
    template.add_argument("out", metavar="OUT.xlsx")
    template.set_defaults(run="views:run_template")
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


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write YYYY-MM-DD") from None
