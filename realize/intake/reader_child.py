"""The workbook reader's own process: fastexcel reads cells as text under a memory cap and a CPU-time limit.

realize.intake.workbook_reader starts this file as a script (`python -P reader_child.py`) ahead of need: it
loads fastexcel and Arrow (nothing of realize), then waits for one request on its standard input, so a read
starts without waiting for a new Python. What it reads goes back as one Arrow IPC file per sheet and a
manifest written last; whatever it cannot read is a message in the manifest. If the reader aborts (calamine
allocating a grid it cannot have), runs out of its memory or its time, this process dies and the one that
started it goes on. A process whose starter went away (its input closed) leaves without reading.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path

import fastexcel
import pyarrow as pa


def read_workbook(request_path: str) -> None:
    """The process's whole life: read what the request asks, then leave at once (the reader's teardown of a
    large workbook takes seconds and leaves nothing to keep)."""
    read(request_path)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def read(request_path: str) -> None:
    request = json.loads(Path(request_path).read_text(encoding="utf-8"))
    errors = os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(errors, 2)  # what the reader says when it aborts, for the parent to read
    cap(resource.RLIMIT_AS, address_space() + int(request["memory_bytes"]))
    cap(resource.RLIMIT_CPU, int(request["cpu_seconds"]))
    os.nice(int(request["nice"]))
    out = Path(request["out"])
    manifest: dict[str, object] = {"sheet_names": [], "sheets": {}, "errors": {}, "open_error": None}
    try:
        reader = fastexcel.read_excel(request["workbook"])
        manifest["sheet_names"] = list(reader.sheet_names)
    except Exception as error:  # fastexcel raises its own error types per failure
        manifest["open_error"] = first_line(error)
        reader = None
    if reader is not None:
        for name in manifest["sheet_names"]:
            if name in request["skip"] or request["assignment"].get(name, 0) != request["worker"]:
                continue
            try:
                manifest["sheets"][name] = read_sheet(
                    reader, name, out / f"{request['worker']}-{len(manifest['sheets'])}.arrow"
                )
            except Exception as error:
                manifest["errors"][name] = first_line(error)
    written = out / f"manifest-{request['worker']}.json"
    Path(f"{written}.part").write_text(json.dumps(manifest), encoding="utf-8")
    os.replace(f"{written}.part", written)


def read_sheet(reader: fastexcel.ExcelReader, name: str, path: Path) -> dict[str, object]:
    """Every cell of the sheet as text, rows as the user sees them (none skipped), written to `path`."""
    loaded = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
    batch = loaded.to_arrow()
    # the reader leaves out empty columns on the left: its first column may be the sheet's B
    offset = min((column.absolute_index for column in loaded.available_columns()), default=0)
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, batch.schema) as writer:
        writer.write_batch(batch)
    return {"file": path.name, "column_offset": offset}


def cap(limit: int, value: int) -> None:
    """Lower a resource limit to `value` (never above the hard limit this process inherited)."""
    _, hard = resource.getrlimit(limit)
    value = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(limit, (value, hard if limit == resource.RLIMIT_CPU else value))


def address_space() -> int:
    """The bytes this process has mapped already (Python and its libraries): the cap is what reading may add."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return 0
    line = next((line for line in status.splitlines() if line.startswith("VmSize:")), "VmSize: 0 kB")
    return int(line.split()[1]) * 1024


def first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:200]


if __name__ == "__main__":
    asked = sys.stdin.readline().strip()
    if asked:
        read_workbook(asked)
