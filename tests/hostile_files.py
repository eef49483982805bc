"""Hostile and broken files, generated at test time (no hand-edited binaries), and a capped runner.

`python tests/hostile_files.py OUTDIR` writes every fixture. `python tests/hostile_files.py --run FILE DB`
uploads FILE into the database DB under a memory cap and prints what happened as JSON: the tests
run each hostile file that way, in a subprocess, so a file that got through could not take the
test process down with it.
"""

from __future__ import annotations

import io
import json
import os
import re
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

ROOT = Path(__file__).resolve().parents[1]
MEMORY_CAP = 2 * 1024**3  # address space: the runtime's own reservations fit, a 60-billion-cell sheet does not
ROWS = [["initiative_id", "name", "owner"], ["INI-1", "Cloud migration", "Ann Lee"]]


def _workbook(prepare: Callable[[openpyxl.Workbook], None] | None = None, rows: list[list[object]] = ROWS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "initiatives"
    for row in rows:
        sheet.append(row)
    if prepare:
        prepare(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewrite(content: bytes, change: Callable[[str, bytes], bytes], extra: dict[str, bytes] | None = None) -> bytes:
    """The same zip with some members changed or added."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, change(item.filename, source.read(item.filename)))
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return buffer.getvalue()


def zip_bomb_ratio() -> bytes:
    """A worksheet of 300 MB of spaces that compresses about a thousand times, streamed (never held)."""
    content = _workbook()
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item.filename, source.read(item.filename))
        with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            chunk = b" " * (1024 * 1024)
            for _ in range(300):
                sheet.write(chunk)
    return buffer.getvalue()


def zip_bomb_declared() -> bytes:
    """A small workbook whose central directory declares a worksheet of almost 4 GB."""
    content = bytearray(_workbook())
    entry = content.find(b"PK\x01\x02")  # the first entry of the central directory
    while entry != -1:
        name_length = struct.unpack_from("<H", content, entry + 28)[0]
        name = bytes(content[entry + 46 : entry + 46 + name_length])
        if name == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", content, entry + 24, 0xFFFFFFF0)
        entry = content.find(b"PK\x01\x02", entry + 4)
    return bytes(content)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">
<si><t>&lol9;</t></si></sst>"""


def entity_expansion() -> bytes:
    """A valid workbook whose shared strings declare a 'billion laughs' entity."""
    return _rewrite(_workbook(), lambda name, data: data, extra={"xl/sharedStrings.xml": BILLION_LAUGHS})


def _claiming(reference: str) -> bytes:
    def change(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        return re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{reference}"'.encode(), data)

    return _rewrite(_workbook(), change)


def dimension_all_columns() -> bytes:
    """A sheet claiming every row and every column Excel has: 17 billion cells."""
    return _claiming("A1:XFD1048576")


def dimension_two_million_rows() -> bytes:
    return _claiming("A1:C2000000")


def pdf_renamed() -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" + os.urandom(2048)


def binary_junk() -> bytes:
    return bytes(range(256)) * 64


def password_protected() -> bytes:
    """What Excel writes for an encrypted workbook: an OLE compound file, not a zip."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 24 + b"EncryptionInfo" + os.urandom(4096)


def empty_workbook() -> bytes:
    return _workbook(rows=[])


def workbook_1904() -> bytes:
    def mac(book: openpyxl.Workbook) -> None:
        book.epoch = CALENDAR_MAC_1904

    return _workbook(mac)


def hidden_sheet() -> bytes:
    def hide(book: openpyxl.Workbook) -> None:
        extra = book.create_sheet("lookups")
        extra.append(["x"])
        extra.sheet_state = "hidden"

    return _workbook(hide)


HOSTILE: dict[str, Callable[[], bytes]] = {
    "zip_bomb_ratio": zip_bomb_ratio,
    "zip_bomb_declared": zip_bomb_declared,
    "entity_expansion": entity_expansion,
    "dimension_all_columns": dimension_all_columns,
    "dimension_two_million_rows": dimension_two_million_rows,
    "pdf_renamed": pdf_renamed,
    "binary_junk": binary_junk,
    "password_protected": password_protected,
    "empty_workbook": empty_workbook,
}


def run_capped(path: Path, database: Path) -> dict[str, object]:
    """Upload one file under the memory cap; what was refused and whether the database changed."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    sys.path.insert(0, str(ROOT))
    from realize.ingest import SourceFile, parse_upload
    from realize.roles import Editor
    from realize.store import Store

    store = Store(database)
    before = store.data_version()
    upload = parse_upload([SourceFile(path.name, path.read_bytes())], store)
    if upload.ok:
        store.apply(upload, Editor("hostile test"))
    outcome = {
        "rules": [issue.rule for issue in upload.errors],
        "messages": [issue.message for issue in upload.errors],
        "version_before": before,
        "version_after": store.data_version(),
    }
    store.close()
    return outcome


if __name__ == "__main__":
    if sys.argv[1:2] == ["--run"]:
        print(json.dumps(run_capped(Path(sys.argv[2]), Path(sys.argv[3]))))
    else:
        out = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile_files")
        out.mkdir(parents=True, exist_ok=True)
        for case, make in HOSTILE.items():
            (out / f"{case}.xlsx").write_bytes(make())
        print(f"Wrote {len(HOSTILE)} files to {out}.")
