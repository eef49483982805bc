"""A workbook's cells read in processes of their own, under a memory cap and a time limit (SPEC section 8).

The reader under fastexcel (calamine) allocates a sheet's whole grid, trusts a zip member's data over its
declared size, and aborts its process when an allocation fails: nothing to catch. So it runs in child
processes (realize.intake.reader_child), each capped at `Limits.max_reader_bytes` of address space (on top
of what it holds before reading) and killed after `Limits.max_read_seconds`. Whatever kills a child
refuses the upload; the process that asked (the app, a command) goes on. One child always waits ready
(`Spares`), its libraries loaded, so a small workbook does not wait for a new Python.

A large workbook's sheets are shared among up to as many children as there are cores, largest first, so
that reading takes about as long as its largest sheet; the readers of the smaller sheets yield to it, and
each reader's sheets are taken as soon as it is done.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from realize.contract import catalog, schema
from realize.intake.guard import Inspection, Limits, inspect_workbook, limit_words
from realize.intake.sources import SourceFile

CHILD = Path(__file__).with_name("reader_child.py")
# Below this much sheet XML one process reads everything: a second would cost more to start than it saves.
SPLIT_BYTES = 8 * 1024 * 1024
# Never more readers than this, however many cores: each holds the workbook's shared strings.
MOST_READERS = 4
POLL_SECONDS = 0.005
# How much the readers of the smaller sheets yield to the reader of the largest (os.nice).
YIELDING_NICENESS = 10


@dataclass(frozen=True)
class SheetCells:
    """One sheet's cells as text: columns from the first one holding anything (`column_offset`, 0 = A)."""

    columns: list[pa.ChunkedArray]
    column_offset: int

    @property
    def rows(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    @property
    def filled_cells(self) -> int:
        return sum(len(column) - column.null_count for column in self.columns)

    @property
    def reach(self) -> tuple[int, int]:
        """The grid the reader allocated: rows, and columns counted from A."""
        return self.rows, self.column_offset + len(self.columns)


@dataclass
class WorkbookCells:
    """What the readers returned: the sheets in the workbook's order, or why there is nothing."""

    sheet_names: list[str] = field(default_factory=list)
    sheets: dict[str, SheetCells] = field(default_factory=dict)
    sheet_errors: dict[str, str] = field(default_factory=dict)  # sheet -> why it could not be read
    open_error: str | None = None  # the file could not be opened as a workbook
    failure: str | None = None  # a reader process died: what stopped it, in words


@dataclass
class StartedRead:
    """A workbook the guard inspected and whose readers are reading it."""

    inspection: Inspection
    job: ReaderJob

    def cancel(self) -> None:
        self.job.cancel()


def start_reading(source: SourceFile, limits: Limits, *, keep_spare: bool = True) -> StartedRead:
    """Inspect a workbook (the guard's FileRefused when it is refused) and start its readers on every sheet
    but our own information sheets. `keep_spare`: leave a reader waiting for the next workbook (the app
    does; a command reading once does not)."""
    inspection = inspect_workbook(source.name, source.content, limits)
    names = inspection.catalog.tab_names
    skipped = {name for name in names if information_sheet(name, names)}
    return StartedRead(
        inspection, ReaderJob(source.content, skipped, inspection.sheet_bytes, limits, keep_spare=keep_spare)
    )


def information_sheet(name: str, names: Sequence[str]) -> bool:
    """Our own sheets without data: the template's About, and beside it the export's views."""
    folded = {schema.normalize_name(other) for other in names}
    about = {schema.normalize_name(info) for info in schema.INFORMATION_SHEETS}
    if schema.normalize_name(name) in about:
        return True
    views = {schema.normalize_name(view) for view in catalog.NAMED_VIEWS}
    return bool(folded & about) and schema.normalize_name(name) in views


class ReaderJob:
    """Reader processes started on a workbook; `result()` waits for them, `cancel()` stops them."""

    def __init__(
        self,
        content: bytes,
        skip: Iterable[str],
        sheet_bytes: dict[str, int],
        limits: Limits,
        readers: int | None = None,
        *,
        keep_spare: bool = True,
    ) -> None:
        self.limits = limits
        self._folder = tempfile.TemporaryDirectory(prefix="realize-read-")
        folder = Path(self._folder.name)
        workbook = folder / "workbook.xlsx"
        workbook.write_bytes(content)
        assignment = assign(sheet_bytes, readers or readers_for(sheet_bytes))
        workers = max(assignment.values(), default=0) + 1
        self._started = time.monotonic()
        self._processes: list[subprocess.Popen[bytes]] = []
        for worker in range(workers):
            request = {
                "workbook": str(workbook),
                "out": str(folder),
                "skip": sorted(skip),
                "assignment": assignment,
                "worker": worker,
                "memory_bytes": limits.max_reader_bytes,
                "cpu_seconds": limits.max_read_seconds + 1,
                # the reader with the most to read (the largest sheet) goes first; the others yield to it
                "nice": 0 if worker == 0 else YIELDING_NICENESS,
                "stderr": str(folder / f"stderr-{worker}.txt"),
            }
            request_path = folder / f"request-{worker}.json"
            request_path.write_text(json.dumps(request), encoding="utf-8")
            self._processes.append(SPARES.ask(request_path, keep_spare=keep_spare))

    def result(self, on_sheet: Callable[[str, SheetCells], None] | None = None) -> WorkbookCells:
        """The cells every reader returned (waiting up to the time limit), or what stopped a reader.

        `on_sheet(name, cells)` is called for each sheet as soon as its reader is done, while the others read.
        """
        cells = WorkbookCells()
        try:
            failure = self._wait(cells, on_sheet)
        finally:
            self.cancel()
        return cells if failure is None else WorkbookCells(failure=failure)

    def cancel(self) -> None:
        for process in self._processes:
            if process.poll() is None:
                process.kill()
            process.wait()
        self._processes = []
        self._folder.cleanup()

    def _wait(self, cells: WorkbookCells, on_sheet: Callable[[str, SheetCells], None] | None) -> str | None:
        deadline = self._started + self.limits.max_read_seconds
        waiting = dict(enumerate(self._processes))
        while waiting:
            for worker, process in list(waiting.items()):
                code = process.poll()
                if code is None:
                    continue
                del waiting[worker]
                if code != 0:
                    return self._what_stopped(worker, code)
                for name, sheet in self._collect(worker, cells):
                    if on_sheet is not None:
                        on_sheet(name, sheet)
            if waiting and time.monotonic() >= deadline:
                return self._too_long()
            if waiting:
                time.sleep(POLL_SECONDS)
        return None

    def _what_stopped(self, worker: int, code: int) -> str:
        said = (Path(self._folder.name) / f"stderr-{worker}.txt").read_text(encoding="utf-8", errors="replace")
        if "memory allocation" in said or "MemoryError" in said:
            memory = limit_words(self.limits.max_reader_bytes)
            return f"reading it needs more than the {memory} of memory a workbook may take"
        if code == -signal.SIGXCPU:
            return self._too_long()
        if code < 0:
            return f"the reader stopped ({signal.Signals(-code).name})"
        return f"the reader stopped (exit code {code})"

    def _too_long(self) -> str:
        return f"it took longer than the {self.limits.max_read_seconds:,} s a workbook may take to read"

    def _collect(self, worker: int, cells: WorkbookCells) -> list[tuple[str, SheetCells]]:
        """One reader's sheets, added to `cells` (reader 0 also tells the workbook's sheets and whether it opened)."""
        folder = Path(self._folder.name)
        manifest = json.loads((folder / f"manifest-{worker}.json").read_text(encoding="utf-8"))
        if worker == 0:
            cells.sheet_names, cells.open_error = manifest["sheet_names"], manifest["open_error"]
        cells.sheet_errors.update(manifest["errors"])
        read = []
        for name, sheet in manifest["sheets"].items():
            # mapped, not copied: the mapping outlives the file's removal, as long as a column uses it
            table = pa.ipc.open_file(pa.memory_map(str(folder / sheet["file"]))).read_all()
            cells.sheets[name] = SheetCells(list(table.columns), sheet["column_offset"])
            read.append((name, cells.sheets[name]))
        return read


class Spares:
    """Reader processes started ahead of need, each waiting for one request: a read starts at once.

    One waits at a time; taking it starts the next, which loads while the taken one reads.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: list[subprocess.Popen[bytes]] = []

    def ask(self, request_path: Path, *, keep_spare: bool = True) -> subprocess.Popen[bytes]:
        """A reader given its request (a new one if the one waiting went away meanwhile); `keep_spare`: start
        the next one to wait."""
        process = self.take(keep_spare=keep_spare)
        if _handed(process, request_path):
            return process
        process.wait()
        process = self._start()
        _handed(process, request_path)  # if this one is gone too, it is found dead and the upload refused
        return process

    def take(self, *, keep_spare: bool = True) -> subprocess.Popen[bytes]:
        with self._lock:
            ready = [process for process in self._waiting if process.poll() is None]
            taken = ready.pop() if ready else self._start()
            self._waiting = ready or ([self._start()] if keep_spare else [])
        return taken

    @staticmethod
    def _start() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-P", str(CHILD)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


SPARES = Spares()


def _handed(process: subprocess.Popen[bytes], request_path: Path) -> bool:
    """The request written to a waiting reader; False when it went away before reading it."""
    try:
        process.stdin.write(f"{request_path}\n".encode())  # type: ignore[union-attr]
        process.stdin.close()  # type: ignore[union-attr]
    except BrokenPipeError:
        return False
    return True


def readers_for(sheet_bytes: dict[str, int]) -> int:
    """How many processes read a workbook: one for a small one, else one per core (at most MOST_READERS)."""
    if sum(sheet_bytes.values()) < SPLIT_BYTES:
        return 1
    return max(1, min(cores(), MOST_READERS, len(sheet_bytes)))


def cores() -> int:
    """The cores this process may run on (all of the machine's where the system does not say)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def assign(sheet_bytes: dict[str, int], readers: int) -> dict[str, int]:
    """Sheet -> reader, largest sheet first to the reader with least to do (sheets not listed go to reader 0)."""
    load = [0] * readers
    assignment = {}
    for name, size in sorted(sheet_bytes.items(), key=lambda item: -item[1]):
        reader = load.index(min(load))
        assignment[name] = reader
        load[reader] += size
    return assignment
