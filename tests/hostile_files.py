"""Hostile and broken files, generated at test time (no hand-edited binaries), and capped runners.

`python tests/hostile_files.py OUTDIR` writes every fixture. Each runner prints what happened as JSON,
under a memory cap, so a file that got through could not take the test process down with it:

- `--run FILE DB` uploads FILE into the database DB (the whole ingest);
- `--guard FILE [MAX_FILE_BYTES]` runs realize.intake.guard on FILE and, only if it passes, has fastexcel read
  every sheet; `reader_touched` tells whether fastexcel was ever imported;
- `--unguarded FILE` has fastexcel read FILE with no guard, to show what the guard protects against.
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
GUARD_MEMORY_CAP = 512 * 1024**2  # the guard and fastexcel alone (no DuckDB) run within this
# numpy's OpenBLAS reserves memory per thread when imported: one thread keeps it within the cap on any machine
CAPPED_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "RUST_BACKTRACE": "0"}
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


def _declare_size(content: bytes, member: str, size: int) -> bytes:
    """The same zip with `size` written as the member's uncompressed size in its local header and the central
    directory (the data, its CRC and its compressed size stay as they are)."""
    patched = bytearray(content)
    local = patched.find(_LOCAL_HEADER)
    while local != -1:
        name_length = struct.unpack_from("<H", patched, local + 26)[0]
        if bytes(patched[local + 30 : local + 30 + name_length]) == member.encode():
            struct.pack_into("<I", patched, local + 22, size)
        local = patched.find(_LOCAL_HEADER, local + 4)
    entry = patched.find(b"PK\x01\x02")  # the first entry of the central directory
    while entry != -1:
        name_length = struct.unpack_from("<H", patched, entry + 28)[0]
        if bytes(patched[entry + 46 : entry + 46 + name_length]) == member.encode():
            struct.pack_into("<I", patched, entry + 24, size)
        entry = patched.find(b"PK\x01\x02", entry + 4)
    return bytes(patched)


_LOCAL_HEADER = b"PK\x03\x04"
SHEET = "xl/worksheets/sheet1.xml"


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


def zip_size_lie(declared: int = 1_000, rows: int = 50_000) -> bytes:
    """The opposite: a worksheet declared as 1,000 bytes that unpacks to 50,000 rows (2.7 MB). The zip reader
    under fastexcel reads it all; Python's zipfile stops at the declared size and only then complains."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>row {n}</t></is></c></row>' for n in range(1, rows + 1)
    )
    content = _rewrite(_workbook(), lambda name, data: sheet_xml(rows).encode() if name == SHEET else data)
    return _declare_size(content, SHEET, declared)


def too_many_parts() -> bytes:
    """A workbook with 10,001 extra (empty) members."""
    return _rewrite(_workbook(), lambda name, data: data, extra={f"xl/media/part{n}.bin": b"" for n in range(10_001)})


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


def sheet_xml(rows: str, dimension: str = "A1:C2") -> str:
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )


def _with_rows(rows: str) -> bytes:
    """The workbook whose first sheet's data is `rows` (XML), after the usual two rows; the dimension says A1:C2."""
    ordinary = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>initiative_id</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>name</t></is></c><c r="C1" t="inlineStr"><is><t>owner</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>INI-1</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>Cloud migration</t></is></c>'
        '<c r="C2" t="inlineStr"><is><t>Ann Lee</t></is></c></row>'
    )
    return with_sheet(sheet_xml(ordinary + rows).encode())


def with_sheet(xml: bytes) -> bytes:
    """The usual workbook with `xml` as its first (and only) worksheet."""
    return _rewrite(_workbook(), lambda name, data: xml if name == SHEET else data)


def reaching(reference: str) -> bytes:
    """The usual workbook with one more cell, at `reference` (A1 style), while its dimension still says A1:C2."""
    row = reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return _with_rows(f'<row r="{row}"><c r="{reference}" t="inlineStr"><is><t>far</t></is></c></row>')


def far_cell() -> bytes:
    """One real cell at XFD1048576 while the dimension says A1:C2: fastexcel (calamine) allocates the grid from
    A1 to the furthest cell, 17 billion cells, and aborts the whole process; the dimension is never looked at."""
    return reaching("XFD1048576")


def wide_row_without_references() -> bytes:
    """5,000 cells without an `r` attribute in row 1,048,576: calamine places them one after the other, a grid of
    five billion cells."""
    return _with_rows('<row r="1048576">' + "<c><v>1</v></c>" * 5_000 + "</row>")


def cells_without_references() -> bytes:
    """A small sheet written without `r` attributes, as some programs do: valid, read the slow way, accepted."""
    rows = "".join(
        f'<row><c t="inlineStr"><is><t>INI-{n}</t></is></c><c t="inlineStr"><is><t>Item {n}</t></is></c></row>'
        for n in range(2, 40)
    )
    header = '<row><c t="inlineStr"><is><t>initiative_id</t></is></c><c t="inlineStr"><is><t>name</t></is></c></row>'
    return _rewrite(
        _workbook(), lambda name, data: sheet_xml(header + rows, "A1:B39").encode() if name == SHEET else data
    )


XXE_WORKBOOK = b"""<?xml version="1.0"?>
<!DOCTYPE workbook [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="&secret;" sheetId="1" r:id="rId1"/></sheets></workbook>"""


def external_entity() -> bytes:
    """workbook.xml declaring an external entity (XXE): reading it would pull in a local file."""
    return _rewrite(_workbook(), lambda name, data: XXE_WORKBOOK if name == "xl/workbook.xml" else data)


def doctype_after_padding() -> bytes:
    """A worksheet whose DOCTYPE hides behind 70 KB of white space, past the 64 KB the guard reads."""
    padded = b'<?xml version="1.0"?>' + b" " * 70_000 + BILLION_LAUGHS.split(b"?>", 1)[1].replace(b"sst", b"worksheet")
    return _rewrite(_workbook(), lambda name, data: padded if name == SHEET else data)


def zip_not_a_workbook() -> bytes:
    """A zip archive holding a CSV file, named .xlsx."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("initiatives.csv", "initiative_id,name\nINI-1,Cloud migration\n")
    return buffer.getvalue()


def xls_renamed() -> bytes:
    """An old Excel 97-2003 workbook named .xlsx: an OLE compound file with a "Workbook" stream (and no encryption)."""
    directory_entry = "Workbook".encode("utf-16-le").ljust(64, b"\x00")
    return _OLE_SIGNATURE + b"\x00" * 504 + directory_entry + bytes(range(256)) * 8


def html_renamed() -> bytes:
    """What some systems export as "Excel": a web page."""
    return b"<!DOCTYPE html><html><body><table><tr><td>initiative_id</td></tr></table></body></html>"


def empty_file() -> bytes:
    return b""


_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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


def macro_workbook() -> bytes:
    """What an .xlsm holds besides the sheets: a (binary) vbaProject.bin the workbook's relationships point at.
    The bytes stand in for a VBA project: only that it is not XML matters here."""
    relation = (
        b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        b'Target="vbaProject.bin"/></Relationships>'
    )

    def relate(name: str, data: bytes) -> bytes:
        return data.replace(b"</Relationships>", relation) if name == "xl/_rels/workbook.xml.rels" else data

    return _rewrite(_workbook(), relate, extra={"xl/vbaProject.bin": _OLE_SIGNATURE + bytes(range(256)) * 16})


def very_hidden_sheet() -> bytes:
    """A sheet hidden so that Excel's Unhide does not list it (state="veryHidden")."""

    def hide(book: openpyxl.Workbook) -> None:
        extra = book.create_sheet("settings")
        extra.append(["x"])
        extra.sheet_state = "veryHidden"

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
    "far_cell": far_cell,
    "wide_row_without_references": wide_row_without_references,
    "zip_size_lie": zip_size_lie,
    "too_many_parts": too_many_parts,
    "external_entity": external_entity,
    "doctype_after_padding": doctype_after_padding,
    "zip_not_a_workbook": zip_not_a_workbook,
    "xls_renamed": xls_renamed,
    "html_renamed": html_renamed,
    "empty_file": empty_file,
}

# Valid workbooks: the guard passes them and tells the reader what it found.
ACCEPTED: dict[str, Callable[[], bytes]] = {
    "empty_workbook": empty_workbook,
    "workbook_1904": workbook_1904,
    "hidden_sheet": hidden_sheet,
    "very_hidden_sheet": very_hidden_sheet,
    "cells_without_references": cells_without_references,
    "macro_workbook": macro_workbook,
}


def run_capped(path: Path, database: Path) -> dict[str, object]:
    """Upload one file under the memory cap; what was refused and whether the database changed."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    sys.path.insert(0, str(ROOT))
    from realize.contract.roles import Editor
    from realize.intake.ingest import SourceFile, parse_upload
    from realize.ledger.store import Store

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


def guard_capped(path: Path, max_file_bytes: int | None = None) -> dict[str, object]:
    """The guard on one file under GUARD_MEMORY_CAP, then fastexcel on every sheet only if the guard passed it."""
    import resource
    import time

    resource.setrlimit(resource.RLIMIT_AS, (GUARD_MEMORY_CAP, GUARD_MEMORY_CAP))
    sys.path.insert(0, str(ROOT))
    from realize.intake import guard

    limits = guard.default_limits() if max_file_bytes is None else guard.Limits(max_file_bytes=max_file_bytes)
    content = path.read_bytes()
    started = time.perf_counter()
    try:
        guard.check_size(path.name, content, limits)
        facts = guard.check_workbook(path.name, content, limits)
    except guard.FileRefused as refusal:
        return {
            "outcome": "refused",
            "message": str(refusal),
            "guard_seconds": time.perf_counter() - started,
            "reader_touched": "fastexcel" in sys.modules,
        }
    guard_seconds = time.perf_counter() - started
    import fastexcel

    reader = fastexcel.read_excel(content)
    rows = {
        name: reader.load_sheet(name, header_row=None, dtypes="string").to_arrow().num_rows
        for name in reader.sheet_names
    }
    return {
        "outcome": "read",
        "date1904": facts.date1904,
        "hidden_sheets": list(facts.hidden_sheets),
        "rows": rows,
        "guard_seconds": guard_seconds,
        "reader_touched": True,
    }


def read_unguarded(path: Path) -> dict[str, object]:
    """fastexcel on every sheet under GUARD_MEMORY_CAP, with no guard."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (GUARD_MEMORY_CAP, GUARD_MEMORY_CAP))
    import fastexcel

    reader = fastexcel.read_excel(path.read_bytes())
    return {
        "rows": {
            name: reader.load_sheet(name, header_row=None, dtypes="string").to_arrow().num_rows
            for name in reader.sheet_names
        }
    }


if __name__ == "__main__":
    if sys.argv[1:2] == ["--run"]:
        print(json.dumps(run_capped(Path(sys.argv[2]), Path(sys.argv[3]))))
    elif sys.argv[1:2] == ["--guard"]:
        print(json.dumps(guard_capped(Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else None)))
    elif sys.argv[1:2] == ["--unguarded"]:
        print(json.dumps(read_unguarded(Path(sys.argv[2]))))
    else:
        out = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile_files")
        out.mkdir(parents=True, exist_ok=True)
        cases = {**HOSTILE, **ACCEPTED}
        for case, make in cases.items():
            (out / f"{case}.xlsx").write_bytes(make())
        print(f"Wrote {len(cases)} files to {out}.")
