"""Hostile files are refused before anything parses them (SPEC section 8).

Checks run on the raw bytes within fixed bounds of time and memory: the size
of the file; for a workbook, what its zip central directory declares (sizes,
compression ratios, number of members) without decompressing anything; the
first kilobytes of its XML parts (no DOCTYPE or entity declarations); and the
dimension each worksheet claims. Only then does fastexcel read it.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass

from defusedxml import ElementTree

MB = 1024 * 1024
# How much of an XML part is looked at: its declarations and <dimension> sit at the top.
HEAD_BYTES = 64 * 1024
# workbook.xml and its relationships are read whole: refuse them beyond this.
MAX_CATALOG_BYTES = 5 * MB
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]*)(\d*)(?::([A-Z]+)(\d+))?"')


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * MB
    max_uncompressed_bytes: int = 1024 * MB  # the sum of the declared sizes of all zip members
    max_compression_ratio: float = 200.0  # per member (members under 1 MB uncompressed are not judged)
    max_members: int = 10_000
    max_sheet_cells: int = 60_000_000  # rows x columns a sheet's <dimension> claims
    max_columns: int = 16_384  # Excel's own limit (XFD)
    max_rows: int = 1_048_576  # Excel's own limit


def default_limits() -> Limits:
    """The limits, with the file size from env REALIZE_MAX_UPLOAD_MB when it is set."""
    megabytes = os.environ.get("REALIZE_MAX_UPLOAD_MB", "").strip()
    if megabytes.isdigit() and int(megabytes) > 0:
        return Limits(max_file_bytes=int(megabytes) * MB)
    return Limits()


@dataclass(frozen=True)
class WorkbookFacts:
    date1904: bool  # the workbook counts days from 1904 (old Mac Excel)
    hidden_sheets: tuple[str, ...]


class Refused(Exception):
    """A file not read, with a sentence a portfolio manager can act on."""


def check_size(name: str, content: bytes, limits: Limits) -> None:
    if len(content) > limits.max_file_bytes:
        raise Refused(
            f"{name} is {len(content) / MB:.1f} MB; the limit is {limits.max_file_bytes / MB:.0f} MB: "
            "split it into several uploads (for example one per portfolio) or remove unused sheets."
        )


def check_workbook(name: str, content: bytes, limits: Limits) -> WorkbookFacts:
    """Refuse what is not a safe .xlsx/.xlsm; else what the reader needs to know about it."""
    _check_container(name, content)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused(
            f"{name} is damaged or not an Excel workbook: open it in Excel, save it as .xlsx again."
        ) from None
    with archive:
        _check_declared_sizes(name, members, limits)
        names = {member.filename for member in members}
        if "xl/workbook.xml" not in names:
            raise Refused(f"{name} is a zip file but not an Excel workbook: upload the .xlsx itself.")
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                _check_no_entities(name, archive, member)
        workbook = _parse_catalog(name, archive, "xl/workbook.xml")
        sheets = _sheet_parts(name, archive, workbook)
        for tab, part in sheets.items():
            if part in names:
                _check_dimension(name, tab, archive, part, limits)
        properties = workbook.find(f"{_MAIN}workbookPr")
        date1904 = properties is not None and properties.get("date1904", "").lower() in ("1", "true")
        hidden = tuple(
            sheet.get("name", "")
            for sheet in workbook.iter(f"{_MAIN}sheet")
            if sheet.get("state") in ("hidden", "veryHidden")
        )
    return WorkbookFacts(date1904=date1904, hidden_sheets=hidden)


def _check_container(name: str, content: bytes) -> None:
    if not content:
        raise Refused(f"{name} is empty: choose the file again.")
    if content.startswith(_OLE):
        raise Refused(
            f"{name} is protected with a password: open it in Excel, remove the password "
            "(File > Info > Protect Workbook > Encrypt with Password), save it and upload it again."
        )
    if content.startswith(b"%PDF"):
        raise Refused(f"{name} is a PDF renamed to a workbook: upload the Excel file itself.")
    if not content.startswith(b"PK"):
        raise Refused(f"{name} is not an Excel workbook: open it in Excel, save it as .xlsx and upload that.")


def _check_declared_sizes(name: str, members: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(members) > limits.max_members:
        raise Refused(f"{name} holds {len(members):,} parts, far more than a workbook: it was not opened.")
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed_bytes:
        raise Refused(
            f"{name} would unpack to {total / MB:,.0f} MB, over the limit of "
            f"{limits.max_uncompressed_bytes / MB:,.0f} MB: it was not opened. Remove unused sheets or split it."
        )
    for member in members:
        if member.file_size < MB:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > limits.max_compression_ratio:
            raise Refused(
                f"{name} looks like a zip bomb ({member.filename} would grow {ratio:,.0f} times when unpacked): "
                "it was not opened."
            )


def _head(archive: zipfile.ZipFile, member: zipfile.ZipInfo | str) -> bytes:
    with archive.open(member) as stream:
        return stream.read(HEAD_BYTES)


def _check_no_entities(name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    head = _head(archive, member).upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise Refused(
            f"{name} declares XML entities in {member.filename}, which Excel never writes (an entity-expansion "
            "attack): it was not opened. Save the data from Excel into a new workbook."
        )


def _parse_catalog(name: str, archive: zipfile.ZipFile, part: str) -> ElementTree.Element:
    if archive.getinfo(part).file_size > MAX_CATALOG_BYTES:
        raise Refused(f"{name} has an oversized {part}: it was not opened.")
    try:
        return ElementTree.fromstring(archive.read(part))
    except Exception:  # defusedxml raises its own errors for forbidden constructs
        raise Refused(f"{name} has a damaged {part}: open it in Excel and save it again.") from None


def _sheet_parts(name: str, archive: zipfile.ZipFile, workbook: ElementTree.Element) -> dict[str, str]:
    """Tab name -> the XML part holding the sheet."""
    relations_part = "xl/_rels/workbook.xml.rels"
    if relations_part not in archive.namelist():
        return {}
    relations = _parse_catalog(name, archive, relations_part)
    targets = {
        relation.get("Id"): relation.get("Target", "")
        for relation in relations
        if relation.tag.endswith("Relationship")
    }
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_RELATIONSHIP), "")
        if target:
            parts[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.decode():
        number = number * 26 + ord(letter) - 64
    return number


def _check_dimension(name: str, tab: str, archive: zipfile.ZipFile, part: str, limits: Limits) -> None:
    found = _DIMENSION.search(_head(archive, part))
    if not found or not found.group(3):
        return
    rows = int(found.group(4)) - int(found.group(2) or 1) + 1
    columns = _column_number(found.group(3)) - _column_number(found.group(1) or b"A") + 1
    if rows > limits.max_rows or columns > limits.max_columns or rows * columns > limits.max_sheet_cells:
        raise Refused(
            f"Sheet '{tab}' of {name} claims {rows:,} rows by {columns:,} columns, more than Realize reads: "
            "it was not opened. Delete the empty rows and columns below and right of the data, then save again."
        )
