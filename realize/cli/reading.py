"""Reading starts before a command loads: the files named, each workbook's readers started, each CSV file's
reading started in a thread.

`import` and `check` name this module's `start_reading` as their preparation: it runs as soon as the command
line is parsed, with nothing heavier loaded than the guard and Arrow, so the readers (processes of their own)
and Arrow's CSV reader read while the command's modules load and the store opens.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from realize.cli import UsageError
from realize.intake.csv_text import start_csv
from realize.intake.guard import FileRefused, check_size, default_limits
from realize.intake.sources import SourceFile
from realize.intake.workbook_reader import start_reading as start_readers


def start_reading(args: argparse.Namespace) -> None:
    """args.sources: the files named; args.started: sha256 -> the readers started on each workbook, or the
    reading of each CSV file, the guard passed (a file it refuses is read again by the command, which then says
    why)."""
    args.sources = read_sources(args.files)
    args.started = {}
    limits = default_limits()
    for source in args.sources:
        if source.sha256 in args.started:
            continue
        try:
            check_size(source.name, source.content, limits)
            if source.suffix == ".csv":
                args.started[source.sha256] = start_csv(source.content)
            elif source.is_workbook:
                args.started[source.sha256] = start_readers(source, limits, keep_spare=False)  # one read per command
        except FileRefused:
            continue


def read_sources(paths: Sequence[str]) -> list[SourceFile]:
    sources = []
    for name in paths:
        path = Path(name)
        if not path.is_file():
            raise UsageError(f"{name}: no such file")
        sources.append(SourceFile(path.name, path.read_bytes()))
    return sources
