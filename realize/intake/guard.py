"""Hostile or unreadable workbooks are refused from their raw bytes, before anything parses them (SPEC section 8).

In order, each step within a fixed bound of time and memory:

1. the size of the file (`check_size`);
2. what the bytes are: empty, a PDF, an OLE compound file (a password-protected workbook, or an old
   .xls), a web page, text or other junk instead of a zip;
3. the zip's central directory, without unpacking anything: how many members, the sizes they declare
   in total and each member's compression ratio;
4. that it is a workbook: xl/workbook.xml and its relationships (5 MB at most) are parsed with
   defusedxml for what the reader needs (1904 dates, hidden sheets) and for the tab name of each part;
5. every member, unpacked as a stream 1 MB at a time, never whole:
   - it must not hold more than it declares: the zip reader under fastexcel trusts the data, not the
     declared size, so a member declaring 1 KB could unpack to gigabytes;
   - the head (64 KB) of every XML part must reach its first element with no DOCTYPE or ENTITY
     declaration; nothing is ever expanded;
   - a worksheet's <dimension> must stay within the limits, and so must its cells: calamine (under
     fastexcel) allocates the whole grid from A1 to the furthest cell whatever the dimension says, so
     one cell at XFD1048576 asks for 17 billion cells and aborts the process.

The cells are measured from the `r` attribute leading every <c> and <row> tag, with numpy over each
chunk. A sheet written any other way (cells without `r`, other attributes first, UTF-16 ...) is parsed
with expat instead, which is slower, so such a sheet is checked up to 64 MB of XML.

An upload takes the guard in two steps (realize.intake.ingest): `inspect_workbook` (steps 1 to 4 and every
member's head) before the reader starts, and `Inspection.finish_beside_reader()` while the reader reads in processes
of their own (realize.intake.workbook_reader), capped in memory and time: that cap, not a second parse, is
what keeps a far cell from aborting the app. Only when a reader dies or reads a grid over the limits are the
cells measured (`check_workbook`, which does all of it), to say which sheet reaches how far.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError
from xml.parsers import expat

import numpy as np
from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

from realize.contract import environment

KB = 1024
MB = 1024 * KB
GB = 1024 * MB
# How much of an XML part is read for its declarations and <dimension>: they sit at the top.
HEAD_BYTES = 64 * KB
# xl/workbook.xml and its relationships are read whole: refuse them beyond this.
MAX_CATALOG_BYTES = 5 * MB
# The least XML a cell with a value takes (<c><v>1</v></c>): a sheet read with more filled cells than its declared
# size can hold at this rate held more than it declared.
SMALLEST_CELL_BYTES = 15
# A sheet that needs the slow parse (see the module's docstring) is checked up to this size.
MAX_IRREGULAR_SHEET_BYTES = 64 * MB

_CHUNK = MB
_RATIO_FLOOR = MB  # members smaller than this (uncompressed) are not judged by their compression ratio
_ZIP = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_OLE = bytes.fromhex("d0cf11e0a1b11ae1")
_SHEET_ROOTS = frozenset({"worksheet", "chartsheet", "dialogsheet", "macrosheet"})
_ASCII_ENCODINGS = frozenset(
    {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252"}
)
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,7})\$?(\d{1,15})")
_DIGITS = re.compile(r"[A-Za-z]*\$?(\d{1,15})")
_AGAIN = "open it in Excel, save it again as .xlsx and upload that"
_TRIM = (
    "open it in Excel, delete the unused rows and columns below and to the right of the data (or copy the data "
    "into a new workbook), save it and upload it again"
)


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * MB  # env REALIZE_MAX_UPLOAD_MB overrides (read in default_limits())
    max_uncompressed_bytes: int = GB  # sum of declared sizes of all zip members
    max_compression_ratio: float = 200.0  # per member, declared uncompressed / compressed (members >= 1 MB)
    max_members: int = 10_000
    max_sheet_cells: int = 20_000_000  # rows x columns a sheet claims (<dimension>) or its cells reach
    max_columns: int = 16_384  # Excel's own limit (XFD)
    max_rows: int = 1_048_576  # Excel's own limit
    max_reader_bytes: int = 4 * GB  # the address space reading a workbook's cells may add to its process
    max_read_seconds: int = 120  # how long that process may take


def default_limits() -> Limits:
    """The limits, the file size from env REALIZE_MAX_UPLOAD_MB (a whole number of MB) when it is set."""
    megabytes = environment.max_upload_megabytes()
    return Limits(max_file_bytes=megabytes * MB) if megabytes else Limits()


@dataclass(frozen=True)
class WorkbookFacts:
    date1904: bool  # workbook.xml <workbookPr date1904="1"/>: serial dates count from 1904 (old Mac Excel)
    hidden_sheets: tuple[str, ...]  # tabs with state="hidden" or "veryHidden"
    # tab -> the columns (0 = A) whose numbers in the sheet's first rows are all shown as percentages (80% is
    # stored as 0.8); and where only some are, column -> the rows (1 = row 1) of those that are
    percent_columns: dict[str, frozenset[int]] = field(default_factory=dict)
    percent_cells: dict[str, dict[int, set[int]]] = field(default_factory=dict)
    mixed_percent_columns: dict[str, frozenset[int]] = field(default_factory=dict)


class FileRefused(Exception):
    """A file that is not read. message: what is wrong with which file and what to do, for a portfolio manager."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- public checks


def check_size(name: str, content: bytes, limits: Limits) -> None:
    if len(content) > limits.max_file_bytes:
        size = _amount(len(content))
        if size == _amount(limits.max_file_bytes):
            size = f"{len(content):,} bytes"
        raise FileRefused(
            f"{name} is {size}; the limit is {limit_words(limits.max_file_bytes)}: split it into several uploads "
            "(for example one workbook per sheet), or delete unused sheets, images and formatting, then upload again."
        )


def check_workbook(name: str, content: bytes, limits: Limits) -> WorkbookFacts:
    """Refuse what is not a safe .xlsx/.xlsm workbook; else what the reader needs to know about it.

    An empty workbook is not refused here: the reader reports that it holds no rows.
    """
    return inspect_workbook(name, content, limits).finish()


def inspect_workbook(name: str, content: bytes, limits: Limits) -> Inspection:
    """Steps 1 to 4, and the head of every member (step 5 without unpacking past 64 KB): fast whatever the size.

    `finish()` then unpacks every member to its end; the reader may run meanwhile in a process of its own.
    """
    check_size(name, content, limits)
    _check_kind(name, content)
    _check_directory_size(name, content, limits)
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except Exception:  # zipfile raises several types for a broken archive
        raise FileRefused(_damaged(name)) from None
    _check_declared_sizes(name, members, limits)
    catalog = _Catalog.read(name, content, members)
    catalog.percent_styles = _percent_styles(name, content, members)
    inspection = Inspection(name, content, limits, catalog)
    for member in members:
        inspection.members.append(_member_head(name, content, member, catalog, limits))
    return inspection


@dataclass
class Inspection:
    """A workbook whose parts passed their heads' checks: what is left is to unpack each one to its end."""

    name: str
    content: bytes
    limits: Limits
    catalog: _Catalog
    members: list[_MemberHead] = field(default_factory=list)

    @property
    def sheet_bytes(self) -> dict[str, int]:
        """Each tab's XML as the zip directory declares its size (how much a reader has to parse)."""
        tabs = self.catalog.tabs
        return {tabs[head.path]: head.member.file_size for head in self.members if head.path in tabs}

    def finish(self) -> WorkbookFacts:
        """Every member unpacked to its end (no member may hold more than it declares), every sheet's cells
        measured against the limits, and the rows of numbers shown as percentages found."""
        for head in self.members:
            _finish_member(self, head, measure_reach=True)
        return self._facts()

    def finish_beside_reader(self) -> WorkbookFacts:
        """What a reader in a capped process of its own still needs: the members other than sheets unpacked to
        their end, and the sheets whose numbers are shown as percentages in some rows only (for those rows).

        The sheets are left to the reader: the cap bounds what they can do to it, and once read, a sheet holding
        more cells than its declared size can hold is measured by `finish()` (see `fits_declared_size`)."""
        for head in self.members:
            if not head.sheet or head.some_percent:
                _finish_member(self, head, measure_reach=False)
        return self._facts()

    def fits_declared_size(self, tab: str, filled_cells: int) -> bool:
        """A sheet read with this many filled cells can be as small as its zip directory declares."""
        declared = self.sheet_bytes.get(tab)
        return declared is None or filled_cells * SMALLEST_CELL_BYTES <= declared

    def _facts(self) -> WorkbookFacts:
        return WorkbookFacts(
            date1904=self.catalog.date1904,
            hidden_sheets=self.catalog.hidden,
            percent_columns=self.catalog.percent_columns,
            percent_cells=self.catalog.percent_cells,
        )


# --------------------------------------------------------------------------- what the bytes are


def _check_kind(name: str, content: bytes) -> None:
    if not content:
        raise FileRefused(
            f"{name} is empty (0 bytes): choose the file again, or save it from Excel again and upload that."
        )
    if content.startswith(_ZIP):
        return
    if content.startswith(_OLE):
        raise FileRefused(_compound_file(name, content))
    if content.startswith(_EMPTY_ZIP):
        raise FileRefused(f"{name} is an empty zip archive, not an Excel workbook: upload the .xlsx workbook itself.")
    head = content[:4096]
    if b"%PDF-" in head[:1024]:
        raise FileRefused(
            f"{name} is a PDF renamed to a workbook, not an Excel file: upload the Excel workbook the PDF was made "
            "from, or its sheets saved as .csv."
        )
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text[:1024]:
        raise FileRefused(
            f"{name} is not an Excel workbook but a web page (HTML) named .xlsx, as some systems export: open it "
            "in Excel, save it as an Excel Workbook (.xlsx) and upload that."
        )
    if text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in text:
        raise FileRefused(
            f"{name} is not an .xlsx workbook but an Excel 2003 XML spreadsheet: open it in Excel, save it as an "
            "Excel Workbook (.xlsx) and upload that."
        )
    if content.startswith(b"PK"):
        raise FileRefused(_damaged(name))
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or not any(byte < 9 or 13 < byte < 32 for byte in head):
        raise FileRefused(
            f"{name} is not an Excel workbook but a text file: if it holds comma- or semicolon-separated values, "
            "name it .csv and upload it again; otherwise open it in Excel and save it as an Excel Workbook (.xlsx)."
        )
    raise FileRefused(
        f"{name} is not an Excel workbook (its content is not what an .xlsx file holds): open it in Excel, save it "
        "as an Excel Workbook (.xlsx) and upload that."
    )


def _compound_file(name: str, content: bytes) -> str:
    """An OLE compound file: what Excel writes for an encrypted workbook, and the old .xls format."""
    encrypted = any(stream.encode("utf-16-le") in content for stream in ("EncryptionInfo", "EncryptedPackage"))
    old_format = any(stream.encode("utf-16-le") in content for stream in ("Workbook", "Book"))
    if old_format and not encrypted:
        return (
            f"{name} is an old Excel 97-2003 workbook (.xls) named .xlsx: open it in Excel, save it as an Excel "
            "Workbook (.xlsx) and upload that."
        )
    return (
        f"{name} is protected with a password: open it in Excel, remove the password "
        "(File > Info > Protect Workbook > Encrypt with Password), save and upload again."
    )


# --------------------------------------------------------------------------- the central directory


def _check_directory_size(name: str, content: bytes, limits: Limits) -> None:
    """From the end-of-directory record, before zipfile builds an object per member."""
    end = content.rfind(_EMPTY_ZIP, max(0, len(content) - 22 - 65_535))
    if end < 0 or end + 22 > len(content):
        raise FileRefused(_damaged(name))
    count, directory_size = struct.unpack_from("<HL", content, end + 10)
    locator = end - 20
    if (
        (count == 0xFFFF or directory_size == 0xFFFFFFFF)
        and locator >= 0
        and content[locator : locator + 4] == (b"PK\x06\x07")
    ):
        (zip64_end,) = struct.unpack_from("<Q", content, locator + 8)
        if content[zip64_end : zip64_end + 4] == b"PK\x06\x06" and zip64_end + 56 <= len(content):
            count, directory_size = struct.unpack_from("<QQ", content, zip64_end + 32)
    # an entry takes 46 bytes plus its name; a workbook's names are short
    if count > limits.max_members:
        raise FileRefused(_too_many_parts(name, count, limits))
    if directory_size > limits.max_members * 512:
        raise FileRefused(_too_many_parts(name, directory_size // 46, limits))  # at most: no entry is shorter


def _check_declared_sizes(name: str, members: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(members) > limits.max_members:
        raise FileRefused(_too_many_parts(name, len(members), limits))
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed_bytes:
        raise FileRefused(
            f"{name} would unpack to {_amount(total)}, over the limit of {limit_words(limits.max_uncompressed_bytes)} "
            "(a file that grows this much is refused as a possible zip bomb): delete unused sheets or split the "
            "data into several workbooks, then upload again."
        )
    for member in members:
        if member.file_size < _RATIO_FLOOR:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > limits.max_compression_ratio:
            raise FileRefused(
                f"{name} looks like a zip bomb: its part {member.filename} would grow {ratio:,.0f} times when "
                f"unpacked ({_amount(member.compress_size)} to {_amount(member.file_size)}; the limit is "
                f"{limits.max_compression_ratio:,.0f} times), so it was not opened. If it is a real workbook, "
                f"{_AGAIN}."
            )


def _too_many_parts(name: str, count: int, limits: Limits) -> str:
    return (
        f"{name} holds {count:,} parts, far more than a workbook (the limit is {limits.max_members:,}), so it was "
        f"not opened: {_AGAIN}."
    )


# --------------------------------------------------------------------------- the workbook's part list


@dataclass
class _Catalog:
    """What xl/workbook.xml and its relationships say: facts for the reader, and which part is which tab."""

    date1904: bool = False
    hidden: tuple[str, ...] = ()
    tab_names: tuple[str, ...] = ()  # every tab, in the workbook's order
    tabs: dict[str, str] = field(default_factory=dict)  # part path (lower case) -> tab name
    parts: set[str] = field(default_factory=set)  # every part the relationships point at (lower case)
    workbook: str = "xl/workbook.xml"
    percent_styles: frozenset[str] = frozenset()  # cell style indexes (s="3") whose number format is a percentage
    percent_columns: dict[str, frozenset[int]] = field(default_factory=dict)
    percent_cells: dict[str, dict[int, set[int]]] = field(default_factory=dict)

    @classmethod
    def read(cls, name: str, content: bytes, members: list[zipfile.ZipInfo]) -> _Catalog:
        workbook = _member(members, "xl/workbook.xml")
        if workbook is None:
            raise FileRefused(_not_a_workbook(name, members))
        catalog = cls(workbook=workbook.filename.lower())
        root = _parse_catalog(name, content, workbook)
        relations = _member(members, "xl/_rels/workbook.xml.rels")
        targets = {}
        if relations is not None:
            for relation in _parse_catalog(name, content, relations).iter():
                if _local(relation.tag) == "Relationship" and relation.get("TargetMode") != "External":
                    targets[relation.get("Id")] = _resolve(relation.get("Target", ""))
        catalog.parts = set(targets.values())
        hidden, names = [], []
        for element in root.iter():
            tag = _local(element.tag)
            if tag == "workbookPr":
                catalog.date1904 = element.get("date1904", "").strip().lower() in ("1", "true")
            elif tag == "sheet":
                tab = element.get("name", "")
                names.append(tab)
                if element.get("state") in ("hidden", "veryHidden"):
                    hidden.append(tab)
                relation_ids = [value for key, value in element.attrib.items() if key.endswith("}id")]
                for relation_id in relation_ids:
                    if relation_id in targets:
                        catalog.tabs[targets[relation_id]] = tab
        catalog.hidden, catalog.tab_names = tuple(hidden), tuple(names)
        return catalog

    def is_sheet(self, path: str) -> bool:
        return path in self.tabs or (path.startswith("xl/worksheets/") and path.endswith(".xml"))

    def is_key(self, path: str) -> bool:
        """An XML part the reader reads: damage in its head is refused, not overlooked (vbaProject.bin is no XML)."""
        xml = path.endswith(".xml") and path in self.parts
        return path == self.workbook or path.endswith(".rels") or xml or self.is_sheet(path)

    def sheet(self, path: str) -> str:
        """How a message names the sheet stored in this part."""
        tab = self.tabs.get(path)
        return f"sheet '{tab}'" if tab is not None else f"the sheet stored as {path}"


def _member(members: list[zipfile.ZipInfo], path: str) -> zipfile.ZipInfo | None:
    exact = [member for member in members if member.filename == path]
    if exact:
        return exact[-1]
    folded = [member for member in members if member.filename.lower() == path]
    return folded[-1] if folded else None


def _not_a_workbook(name: str, members: list[zipfile.ZipInfo]) -> str:
    paths = {member.filename.lower() for member in members}
    if "xl/workbook.bin" in paths:
        return (
            f"{name} is an Excel binary workbook (.xlsb) named .xlsx: open it in Excel, save it as an Excel "
            "Workbook (.xlsx) and upload that."
        )
    for marker, kind in (
        ("word/document.xml", "a Word document"),
        ("ppt/presentation.xml", "a PowerPoint presentation"),
        ("content.xml", "an OpenDocument file"),
    ):
        if marker in paths:
            return f"{name} is {kind}, not an Excel workbook: upload the .xlsx workbook itself."
    return (
        f"{name} is a zip archive but not an Excel workbook (it has no xl/workbook.xml): upload the .xlsx workbook "
        "itself, not an archive holding it."
    )


def _parse_catalog(name: str, content: bytes, member: zipfile.ZipInfo) -> Element:
    if member.file_size > MAX_CATALOG_BYTES:
        raise FileRefused(
            f"{name} has a {member.filename} of {_amount(member.file_size)}, far more than a workbook's list of "
            f"sheets needs (the limit is {limit_words(MAX_CATALOG_BYTES)}), so it was not opened: {_AGAIN}."
        )
    data = b"".join(_unpack(name, content, member))
    try:
        return SafeElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise FileRefused(_entities(name, f"its part {member.filename}")) from None
    except (ParseError, ValueError) as error:
        raise FileRefused(_damaged_part(name, f"its part {member.filename}", str(error))) from None


def _resolve(target: str) -> str:
    """A relationship's target as a member path of the zip (relative to xl/ unless it starts with /)."""
    target = target.replace("\\", "/")
    path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return posixpath.normpath(path).lower()


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


# --------------------------------------------------------------------------- each member, unpacked as a stream


# Built-in number formats that show a percentage: 0% and 0.00%.
_PERCENT_FORMATS = {"9", "10"}
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\b([^>]*)>")
_ATTRIBUTE = re.compile(rb'\b([rst])="([^"]*)"')


def _percent_styles(name: str, content: bytes, members: list[zipfile.ZipInfo]) -> frozenset[str]:
    """The cell styles (their index in <cellXfs>) whose number format shows a percentage."""
    styles = _member(members, "xl/styles.xml")
    if styles is None:
        return frozenset()
    root = _parse_catalog(name, content, styles)
    percent = set(_PERCENT_FORMATS)
    for element in root.iter():
        if _local(element.tag) == "numFmt" and "%" in element.get("formatCode", "").replace('"%"', ""):
            percent.add(element.get("numFmtId", ""))
    found = set()
    for element in root.iter():
        if _local(element.tag) == "cellXfs":
            for index, xf in enumerate(child for child in element if _local(child.tag) == "xf"):
                if xf.get("numFmtId", "0") in percent:
                    found.add(str(index))
    return frozenset(found)


def _percent_columns(start: bytes, styles: frozenset[str]) -> tuple[frozenset[int], frozenset[int]]:
    """Among a sheet's first rows (its first 64 KB): the columns whose numbers are all shown as percentages, and
    those where some are and some are not."""
    shown: dict[int, list[bool]] = {}
    for match in _CELL_TAG.finditer(start):
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        if attributes.get(b"t", b"n") != b"n" or b"r" not in attributes:
            continue  # text, a formula's text, an error: no number to scale
        letters = attributes[b"r"].rstrip(b"0123456789").decode()
        shown.setdefault(_column_number(letters) - 1, []).append(attributes.get(b"s", b"0").decode() in styles)
    every = frozenset(column for column, flags in shown.items() if all(flags))
    some = frozenset(column for column, flags in shown.items() if any(flags) and not all(flags))
    return every, some


class _PercentCells:
    """The rows of the numbers shown as percentages in some columns, found chunk by chunk as a sheet streams."""

    def __init__(self, columns: frozenset[int], styles: frozenset[str]) -> None:
        self.columns, self.styles = columns, styles
        self.found: dict[int, set[int]] = {column: set() for column in columns}
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        data = self._tail + chunk
        cut = data.rfind(b"<")
        self._tail = data[cut:] if cut >= 0 else b""  # a tag cut in two waits for the next chunk
        for match in _CELL_TAG.finditer(data, 0, cut if cut >= 0 else len(data)):
            attributes = dict(_ATTRIBUTE.findall(match.group(1)))
            if attributes.get(b"t", b"n") != b"n" or attributes.get(b"s", b"0").decode() not in self.styles:
                continue
            reference = attributes.get(b"r", b"").decode()
            letters = reference.rstrip("0123456789")
            column = _column_number(letters) - 1 if letters else -1
            if column in self.found and reference[len(letters) :].isdigit():
                self.found[column].add(int(reference[len(letters) :]))


@dataclass
class _MemberHead:
    """What a member's head told: whether it is a sheet to measure, and how it is written."""

    member: zipfile.ZipInfo
    path: str
    head: _Head | None = None
    sheet: bool = False
    some_percent: frozenset[int] = frozenset()  # columns where only some numbers are shown as percentages


def _member_head(name: str, content: bytes, member: zipfile.ZipInfo, catalog: _Catalog, limits: Limits) -> _MemberHead:
    path = member.filename.lower()
    pending: list[bytes] = []
    size = 0
    for chunk in _unpack(name, content, member):
        pending.append(chunk)
        size += len(chunk)
        if size >= HEAD_BYTES:
            break
    start = b"".join(pending)[:HEAD_BYTES]
    sheet = catalog.is_sheet(path)
    key = catalog.is_key(path)
    found = _MemberHead(member, path)
    if not (key or _looks_like_xml(start)):
        return found
    head = _Head(start, want_dimension=sheet)
    if head.doctype or (head.root is None and _mentions_entities(start)):
        raise FileRefused(_entities(name, catalog.sheet(path) if sheet else f"its part {member.filename}"))
    if head.root is None and key:
        problem = head.error or f"no element in its first {HEAD_BYTES // KB} KB"
        raise FileRefused(_damaged_part(name, f"its part {member.filename}", problem))
    found.head, found.sheet = head, sheet or head.root in _SHEET_ROOTS
    if not found.sheet:
        return found
    if catalog.percent_styles and path in catalog.tabs:
        every, found.some_percent = _percent_columns(start, catalog.percent_styles)
        catalog.percent_columns[catalog.tabs[path]] = every
    if head.dimension:
        _check_dimension(_capital(catalog.sheet(path)) + f" in {name}", head.dimension, limits)
    return found


def _finish_member(inspection: Inspection, found: _MemberHead, measure_reach: bool) -> None:
    name, content, catalog, member = inspection.name, inspection.content, inspection.catalog, found.member
    stream = _unpack(name, content, member)
    if not found.sheet or found.head is None:
        for _ in stream:  # unpacked to the end: it must not hold more than it declares
            pass
        return
    cells = None
    if found.some_percent:  # numbers shown as percentages in some rows only: those rows are found as it streams by
        cells = _PercentCells(found.some_percent, catalog.percent_styles)
        catalog.percent_cells[catalog.tabs[found.path]] = cells.found
    reach = _CellReach(found.head.prefix) if measure_reach else None
    if reach is not None:
        reach.irregular = not found.head.ascii_compatible
    for chunk in stream:
        if reach is not None:
            reach.feed(chunk)
        if cells is not None:
            cells.feed(chunk)
    if reach is None:
        return
    reach.close()
    if reach.irregular:
        rows, columns = _irregular_reach(name, catalog.sheet(found.path), content, member)
    else:
        rows, columns = reach.rows, reach.columns
    _check_reach(_capital(catalog.sheet(found.path)) + f" in {name}", rows, columns, inspection.limits)


def _unpack(name: str, content: bytes, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes, 1 MB at a time, refusing as soon as it holds more than the directory declares."""
    if member.flag_bits & 0x1:
        raise FileRefused(_odd_storage(name, member, "an encrypted zip entry"))
    offset = member.header_offset
    header = content[offset : offset + 30]
    if len(header) < 30 or not header.startswith(_ZIP):
        raise FileRefused(_damaged(name))
    name_length, extra_length = struct.unpack_from("<HH", header, 26)
    start = offset + 30 + name_length + extra_length
    data = memoryview(content)[start : start + member.compress_size]
    if len(data) < member.compress_size:
        raise FileRefused(_damaged(name))
    if member.compress_type == zipfile.ZIP_STORED:
        if member.compress_size > member.file_size:
            raise FileRefused(_overfull(name, member))
        if member.compress_size < member.file_size:
            raise FileRefused(_damaged(name))
        for position in range(0, len(data), _CHUNK):
            yield bytes(data[position : position + _CHUNK])
        return
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise FileRefused(_odd_storage(name, member, f"compression method {member.compress_type}"))
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    position = 0
    while not inflater.eof:
        try:
            if inflater.unconsumed_tail:
                piece = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
            elif position < len(data):
                piece = inflater.decompress(data[position : position + _CHUNK], _CHUNK)
                position += _CHUNK
            else:
                break
        except zlib.error:
            raise FileRefused(_damaged(name)) from None
        produced += len(piece)
        if produced > member.file_size:
            raise FileRefused(_overfull(name, member))
        if piece:
            yield piece
    if not inflater.eof:
        raise FileRefused(_damaged(name))


def _looks_like_xml(start: bytes) -> bool:
    text = start.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith((b"<", b"\xff\xfe", b"\xfe\xff", b"\x00<"))


def _mentions_entities(start: bytes) -> bool:
    upper = start.upper()
    for word in ("<!DOCTYPE", "<!ENTITY"):
        if any(word.encode(encoding) in upper for encoding in ("ascii", "utf-16-le", "utf-16-be")):
            return True
    return False


class _Stop(Exception):
    """Raised from an expat handler once the head has told what it had to."""


class _Head:
    """The start of an XML part, parsed by expat up to its first element (or a worksheet's <sheetData>).

    A DOCTYPE stops the parse at its first byte, so no entity is ever declared, let alone expanded.
    """

    def __init__(self, start: bytes, want_dimension: bool) -> None:
        self.root: str | None = None
        self.prefix: str | None = None  # of the root element (<x:worksheet ...>): some writers prefix every tag
        self.dimension: str | None = None
        self.doctype = False
        self.error: str | None = None
        self._encoding: str | None = None
        self._want_dimension = want_dimension
        parser = expat.ParserCreate()
        parser.XmlDeclHandler = self._declaration
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        parser.StartElementHandler = self._element
        try:
            parser.Parse(start, False)
        except _Stop:
            pass
        except expat.ExpatError as error:
            self.error = str(error)
        self.ascii_compatible = not start.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00")) and (
            self._encoding is None or self._encoding.lower() in _ASCII_ENCODINGS
        )
        if len(start) > 1 and start[1] == 0:
            self.ascii_compatible = False

    def _declaration(self, version: str, encoding: str | None, standalone: int) -> None:
        self._encoding = encoding

    def _doctype(self, *arguments: object) -> None:
        self.doctype = True
        raise _Stop

    def _element(self, tag: str, attributes: dict[str, str]) -> None:
        local = tag.rpartition(":")[2]
        if self.root is None:
            self.root = local
            self.prefix = tag.partition(":")[0] if ":" in tag else None
            if not (self._want_dimension or local in _SHEET_ROOTS):
                raise _Stop
        elif local == "dimension":
            self.dimension = attributes.get("ref")
            raise _Stop
        elif local == "sheetData":
            raise _Stop


# --------------------------------------------------------------------------- how far a sheet reaches


def _check_dimension(where: str, reference: str, limits: Limits) -> None:
    corners = [_REFERENCE.fullmatch(corner.strip()) for corner in reference.split(":")]
    if not 1 <= len(corners) <= 2 or not all(corners):
        return  # not a reference: the reader ignores it too
    columns = [_column_number(corner.group(1)) for corner in corners if corner]
    rows = [int(corner.group(2)) for corner in corners if corner]
    height = max(rows) - min(rows) + 1
    width = max(columns) - min(columns) + 1
    problem = _over_limits(height, width, limits)
    if problem:
        raise FileRefused(
            f"{where} claims {height:,} rows by {width:,} columns (its dimension is {reference}), {problem}: {_TRIM}."
        )


def _check_reach(where: str, rows: int, columns: int, limits: Limits) -> None:
    if not columns:
        return  # rows without cells: the reader keeps nothing of them
    if _over_limits(rows, columns, limits):
        raise FileRefused(reach_refusal(where, rows, columns, limits))


def over_limits(rows: int, columns: int, limits: Limits) -> bool:
    """A grid of this many rows and columns (counted from A1) is more than a sheet may be."""
    return bool(columns) and bool(_over_limits(rows, columns, limits))


def reach_refusal(where: str, rows: int, columns: int, limits: Limits) -> str:
    return (
        f"{where} has cells as far out as {_column_letters(columns)}{rows}, a grid of {rows:,} rows by "
        f"{columns:,} columns to read, {_over_limits(rows, columns, limits)}: {_TRIM}."
    )


def _over_limits(rows: int, columns: int, limits: Limits) -> str:
    if rows > limits.max_rows:
        return f"more than the {limits.max_rows:,} rows Excel has"
    if columns > limits.max_columns:
        return f"more than the {limits.max_columns:,} columns Excel has"
    if rows * columns > limits.max_sheet_cells:
        return f"{rows * columns:,} cells, more than the {limits.max_sheet_cells:,} Realize reads in one sheet"
    return ""


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


_WHITE = np.zeros(256, dtype=bool)
_WHITE[[9, 10, 13, 32]] = True
_NAME_END = _WHITE.copy()
_NAME_END[[ord("/"), ord(">")]] = True
_QUOTE = np.zeros(256, dtype=bool)
_QUOTE[[ord('"'), ord("'")]] = True
_LETTER = np.zeros(256, dtype=bool)
_LETTER[ord("A") : ord("Z") + 1] = True
_LETTER[ord("a") : ord("z") + 1] = True
_DIGIT = np.zeros(256, dtype=bool)
_DIGIT[ord("0") : ord("9") + 1] = True
_LT, _COLON, _EQUALS = ord("<"), ord(":"), ord("=")
_C, _R, _O, _W = ord("c"), ord("r"), ord("o"), ord("w")
_OFFSETS = np.arange(16)
_PAD = b" " * 64
_CARRY = 4096  # a tag cut at the end of a chunk is scanned with the next one
_LONGEST_NAME = 256


class _CellReach:
    """The furthest row and column a worksheet's cells reach, from the raw XML, chunk by chunk.

    Every <c> and <row> tag (with any prefix) must lead with its `r` attribute, as Excel and every common
    writer put it, and there must be no other attribute named r: then each cell is where its `r` says,
    which is where calamine puts it. Anything else marks the sheet irregular, for the full parse.
    Tags inside comments, text or other cells are counted too: that can only make the reach larger.
    """

    def __init__(self, prefix: str | None = None) -> None:
        self.rows = 0
        self.columns = 0
        self.irregular = False
        self._carry = b""
        # a prefix the whole sheet uses is dropped from its tags, so that they take the fast scan
        self._prefixed = (f"<{prefix}:".encode(), f"</{prefix}:".encode()) if prefix else None

    def feed(self, chunk: bytes) -> None:
        if self.irregular:
            return
        carry = self._carry
        if self._prefixed:  # the carry holds any tag cut in two, so a prefix is never split
            opening, closing = self._prefixed
            chunk = (carry + chunk).replace(opening, b"<").replace(closing, b"</")
            carry = b""
        size = len(carry) + len(chunk)
        last_tag = chunk.rfind(b"<")
        last_tag = last_tag + len(carry) if last_tag >= 0 else carry.rfind(b"<")
        cut = last_tag if last_tag >= 0 and size - last_tag <= _CARRY else max(size - 16, 0)
        # one copy: a space in front (index -1 is never needed) and padding behind (nor is any past the end)
        a = np.frombuffer(b"".join((b" ", carry, chunk, _PAD)), dtype=np.uint8)
        self._carry = a[1 + cut : 1 + size].tobytes()
        self._scan(a, 1 + cut)

    def close(self) -> None:
        if not self.irregular and self._carry:
            self._scan(np.frombuffer(b"".join((b" ", self._carry, _PAD)), dtype=np.uint8), 1 + len(self._carry))
        self._carry = b""

    def _scan(self, a: np.ndarray, cut: int) -> None:
        """Measure the tags that start before `cut`."""
        head = a[:cut]
        colons = np.flatnonzero(head == _COLON)
        if colons.size:
            following = a[colons + 1]
            colons = colons[(following == _C) | (following == _R)]
            prefixed = ((a[colons + 1] == _C) & _NAME_END[a[colons + 2]]) | (
                (a[colons + 1] == _R) & (a[colons + 2] == _O) & (a[colons + 3] == _W) & _NAME_END[a[colons + 4]]
            )
            if prefixed.any():
                self._scan_any(a, cut)
                return
        # every attribute named r: white space, r, '=' (white space before the '=' is for the full parse)
        letters_r = np.flatnonzero(head == _R)
        spaced = _WHITE[a[letters_r - 1]]
        following = a[letters_r + 1]
        if (spaced & _WHITE[following]).any():
            self.irregular = True
            return
        r_attributes = int(np.count_nonzero(spaced & (following == _EQUALS)))
        opening = np.flatnonzero(head == _LT)
        after = a[opening + 1]
        cells = opening[after == _C]
        cells = cells[_NAME_END[a[cells + 2]]] + 2
        rows = opening[after == _R]
        rows = rows[(a[rows + 2] == _O) & (a[rows + 3] == _W) & _NAME_END[a[rows + 4]]] + 4
        if r_attributes != cells.size + rows.size:
            self.irregular = True
            return
        cell_columns, cell_rows, cells_ok = _references(a, cells)
        row_columns, row_rows, rows_ok = _references(a, rows)
        if not (cells_ok & (cell_columns > 0)).all() or not (rows_ok & (row_columns == 0)).all():
            self._scan_any(a, cut)  # longer references, or something else unusual
            return
        self.rows = max(self.rows, int(cell_rows.max(initial=0)), int(row_rows.max(initial=0)))
        self.columns = max(self.columns, int(cell_columns.max(initial=0)))

    def _scan_any(self, a: np.ndarray, cut: int) -> None:
        """The same for tags with a prefix (<x:c r="A1">) or references past XFD1048576: slower."""
        equals = np.flatnonzero(a[:cut] == _EQUALS)
        name_end = equals - 1
        for _ in range(4):
            name_end = np.where(_WHITE[a[name_end]], name_end - 1, name_end)
        if _WHITE[a[name_end]].any():
            self.irregular = True
            return
        r_attributes = int(np.count_nonzero((a[name_end] == _R) & _WHITE[a[name_end - 1]]))
        opening = np.flatnonzero(a[:cut] == _LT)
        name_ends = np.flatnonzero(_NAME_END[a])
        ends = name_ends[np.searchsorted(name_ends, opening + 1)]
        if (ends - opening > _LONGEST_NAME).any():
            self.irregular = True
            return
        after_prefix = (a[ends - 2] == _LT) | (a[ends - 2] == _COLON)
        cells = (a[ends - 1] == _C) & after_prefix
        rows = (
            (a[ends - 1] == _W)
            & (a[ends - 2] == _O)
            & (a[ends - 3] == _R)
            & ((a[ends - 4] == _LT) | (a[ends - 4] == _COLON))
        )
        tags = cells | rows
        ends, cells = ends[tags], cells[tags]
        if r_attributes != ends.size:
            self.irregular = True
            return
        if not ends.size:
            return
        quote = a[ends + 3]
        leading = _WHITE[a[ends]] & (a[ends + 1] == _R) & (a[ends + 2] == _EQUALS) & _QUOTE[quote]
        start = ends + 4
        window = a[start[:, None] + _OFFSETS]
        letters = np.cumprod(_LETTER[window], axis=1).sum(axis=1)
        number = a[(start + letters)[:, None] + _OFFSETS]
        digits = np.cumprod(_DIGIT[number], axis=1).sum(axis=1)
        closed = a[start + letters + digits] == quote
        shaped = np.where(cells, letters > 0, letters == 0) & (digits > 0)
        if not (leading & closed & shaped).all():
            self.irregular = True
            return
        column = np.zeros(ends.size, dtype=np.int64)
        for place in range(3):
            value = (window[:, place] & 0xDF).astype(np.int64) - 64
            column = np.where(place < letters, column * 26 + value, column)
        column = np.where(letters > 3, 18_279, column)  # AAAA: past any column Excel has
        row = np.zeros(ends.size, dtype=np.int64)
        for place in range(7):
            row = np.where(place < digits, row * 10 + number[:, place].astype(np.int64) - 48, row)
        row = np.where(digits > 7, 10_000_000, row)  # past any row Excel has
        self.rows = max(self.rows, int(row.max()))
        if cells.any():
            self.columns = max(self.columns, int(column[cells].max()))


def _references(a: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For tags whose name ends at `ends`: the column and row of a leading r="XFD1048576", and whether it is one.

    Up to three letters and seven digits; anything longer is not `ok` here.
    """
    quote = a[ends + 3]
    ok = _WHITE[a[ends]] & (a[ends + 1] == _R) & (a[ends + 2] == _EQUALS) & _QUOTE[quote]
    start = ends + 4
    letters = np.zeros(ends.size, dtype=np.int32)
    alive = np.ones(ends.size, dtype=bool)
    column = np.zeros(ends.size, dtype=np.int32)
    for place in range(4):
        byte = a[start + place]
        alive &= _LETTER[byte]
        letters += alive
        column = np.where(alive, column * 26 + (byte & 0xDF) - 64, column)
    start += letters
    digits = np.zeros(ends.size, dtype=np.int32)
    alive[:] = True
    row = np.zeros(ends.size, dtype=np.int32)
    for place in range(8):
        byte = a[start + place]
        alive &= _DIGIT[byte]
        digits += alive
        row = np.where(alive, row * 10 + byte - 48, row)
    ok &= (letters <= 3) & (digits > 0) & (digits <= 7) & (a[start + digits] == quote)
    return column, row, ok


def _irregular_reach(name: str, sheet: str, content: bytes, member: zipfile.ZipInfo) -> tuple[int, int]:
    """The furthest row and column, by placing every cell as calamine does: expat over the whole part."""
    where = _capital(sheet) + f" in {name}"
    if member.file_size > MAX_IRREGULAR_SHEET_BYTES:
        raise FileRefused(
            f"{where} is written in an unusual way (cells without their A1 reference) and is too large to check "
            f"({_amount(member.file_size)}; up to {limit_words(MAX_IRREGULAR_SHEET_BYTES)} is checked): {_AGAIN}."
        )
    row = column = rows = columns = depth = 0
    cell_depth = -1  # the depth of the <c> being read: what is inside it is no cell and no row to calamine

    def element(tag: str, attributes: dict[str, str]) -> None:
        nonlocal row, column, rows, columns, depth, cell_depth
        depth += 1
        if cell_depth >= 0:
            return
        local = tag.rpartition(":")[2]
        reference = attributes.get("r")
        if local == "row":
            row = _row_number(reference, where) if reference else row + 1
            column = 0
            rows = max(rows, row)
        elif local == "c":
            if reference:
                found = _REFERENCE.fullmatch(reference.strip())
                if not found:
                    raise FileRefused(f"{where} has a cell reference '{reference[:20]}' that is not valid: {_AGAIN}.")
                column = _column_number(found.group(1))
                rows = max(rows, int(found.group(2)))
            else:
                column += 1
            columns = max(columns, column)
            cell_depth = depth

    def element_end(tag: str) -> None:
        nonlocal depth, cell_depth
        if depth == cell_depth:
            cell_depth = -1
        depth -= 1

    def doctype(*arguments: object) -> None:  # the head was checked already: this is for a second look
        raise FileRefused(_entities(name, sheet))

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = element
    parser.EndElementHandler = element_end
    try:
        for chunk in _unpack(name, content, member):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise FileRefused(_damaged_part(name, sheet, str(error))) from None
    return rows, columns


def _row_number(reference: str, where: str) -> int:
    found = _DIGITS.fullmatch(reference.strip())
    if not found:
        raise FileRefused(f"{where} has a row number '{reference[:20]}' that is not valid: {_AGAIN}.")
    return int(found.group(1))


# --------------------------------------------------------------------------- messages


def _amount(size: float) -> str:
    for unit, scale in (("GB", GB), ("MB", MB), ("KB", KB)):
        if size >= scale:
            return f"{size / scale:,.1f} {unit}"
    return f"{int(size):,} bytes"


def limit_words(size: int) -> str:
    """A limit in bytes as a message says it: '4 GB', '50 MB'."""
    return _amount(size).replace(".0 ", " ")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _damaged(name: str) -> str:
    return f"{name} is damaged or not an Excel workbook (its zip structure cannot be read): {_AGAIN}."


def _damaged_part(name: str, where: str, problem: str) -> str:
    return f"{name} is damaged or hostile: {where} is not XML as Excel writes it ({problem}). {_capital(_AGAIN)}."


def _entities(name: str, where: str) -> str:
    return (
        f"{name} declares XML entities in {where} (a DOCTYPE), which Excel never writes and which can be used to "
        f"attack the reader (entity expansion), so it was not opened: {_AGAIN}."
    )


def _overfull(name: str, member: zipfile.ZipInfo) -> str:
    return (
        f"{name} is damaged or hostile: its part {member.filename} holds more data than its zip directory declares "
        f"({_amount(member.file_size)}), so it was not opened: {_AGAIN}."
    )


def _odd_storage(name: str, member: zipfile.ZipInfo, how: str) -> str:
    return (
        f"{name} stores its part {member.filename} in a way Excel never writes ({how}), so it was not opened: {_AGAIN}."
    )
