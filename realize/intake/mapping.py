"""How a file's sheets and columns map onto the template: what was recognised, what the user answered,
what was saved (SPEC section 2: nothing is dropped silently; answers are saved and reused).

Pure data and parsing, no database and no Streamlit: recognition (realize.intake.recognize) produces
SheetMappings and Questions; the command line turns `--map FROM=TO` options into Answers, the Data
page turns its select boxes into Answers; the store keeps SavedMappings as ledger entries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from realize.contract import schema

IGNORE = "-"  # the TO of a --map option that leaves a sheet or a column out
# Columns with a part in a sheet's layout rather than a template column (the row label saying planned or actual,
# the year of a month, 'Capex Planned'): saved as '=row label' and so on, and found again when the layout is reused.
LAYOUT_ROLES = ("row label", "year", "split", "value")
LAYOUT_ROLE = "="


def fold(text: str) -> str:
    """A sheet or header name as compared: case, spaces and punctuation ignored; a .csv ending dropped."""
    text = str(text).strip()
    if text.casefold().endswith(".csv"):
        text = text[:-4]
    return schema.normalize_name(text)


def column_letter(position: int) -> str:
    """0 -> A, 26 -> AA: how Excel names a column."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# --------------------------------------------------------------------------- what recognition found


@dataclass(frozen=True)
class ColumnMapping:
    """One file column: the template column it fills (None: not uploaded) and why."""

    position: int  # 0-based column of the sheet
    header: str
    column: str | None
    confidence: float  # 0 to 1
    samples: tuple[str, ...]
    how: str  # recognised, answered, saved, month, row label, ignored
    reason: str = ""  # in words, for the report and the page
    candidates: tuple[str, ...] = ()  # template columns it could be, best first (open questions)
    offset: int = 0  # the sheet's first column read (1 when the reader started at B)

    @property
    def letter(self) -> str:
        """The column as Excel names it."""
        return column_letter(self.position + self.offset)


@dataclass(frozen=True)
class SheetMapping:
    """One file sheet (an Excel tab or a CSV file): the template sheet it is taken as, and its columns."""

    label: str  # the tab name, or the CSV file name without .csv
    file_name: str
    sheet: str | None  # template sheet; None: not uploaded
    confidence: float
    how: str  # recognised, answered, saved
    header_row: int | None  # as Excel numbers rows
    columns: tuple[ColumnMapping, ...] = ()
    signature: str = ""
    saved_from: int | None = None  # the ledger entry whose saved mapping was used
    reason: str = ""
    candidates: tuple[str, ...] = ()  # template sheets it could be, best first (open questions)
    months: tuple[pd.Timestamp, ...] = ()  # one column per month: the months, in column order

    def column_for(self, header: str) -> ColumnMapping | None:
        wanted = fold(header)
        return next((column for column in self.columns if fold(column.header) == wanted), None)


@dataclass(frozen=True)
class Question:
    """Something only the user can say; the upload cannot be applied until it is answered."""

    label: str  # the file sheet
    header: str | None  # the file column; None: the question is which template sheet the file sheet is
    position: int | None
    candidates: tuple[str, ...]  # 'costs.actual' (a column) or 'costs' (a sheet), best first; IGNORE last
    message: str

    @property
    def map_options(self) -> tuple[str, ...]:
        """The exact --map options that would answer it, one per candidate."""
        return tuple(map_option(self.label, self.header, candidate) for candidate in self.candidates)


def map_option(label: str, header: str | None, target: str) -> str:
    source = label if header is None else f"{label}!{header}"
    return f"{source}={target}"


# --------------------------------------------------------------------------- what the user said


class MapOptionError(ValueError):
    """A --map option that cannot be read (a usage error)."""


@dataclass(frozen=True)
class SheetAnswer:
    label: str  # folded file sheet name
    sheet: str | None  # template sheet; None: leave the file sheet out
    text: str


@dataclass(frozen=True)
class HeaderAnswer:
    label: str | None  # folded file sheet name; None: any sheet with this header
    header: str  # folded header
    sheet: str | None  # the template sheet the TO named ('costs.actual'), if it named one
    column: str | None  # template column; None: ignore the column
    text: str
    position: int | None = None  # the exact file column, when the Data page answers


@dataclass(frozen=True)
class Answers:
    """The user's decisions about sheets and columns, from --map options or the Data page."""

    sheets: tuple[SheetAnswer, ...] = ()
    headers: tuple[HeaderAnswer, ...] = ()
    # FROM=- where FROM may be a sheet or a header: decided once the file's sheets are known
    ignored: tuple[tuple[str, str], ...] = ()  # (folded name, option text)

    @property
    def empty(self) -> bool:
        return not (self.sheets or self.headers or self.ignored)

    @classmethod
    def from_options(cls, options: Iterable[str]) -> Answers:
        """Answers from `--map FROM=TO` options (SPEC section 7); MapOptionError when one cannot be read."""
        sheets: list[SheetAnswer] = []
        headers: list[HeaderAnswer] = []
        ignored: list[tuple[str, str]] = []
        for option in options:
            source, separator, target = str(option).rpartition("=")
            source, target = source.strip(), target.strip()
            if not separator or not source or not target:
                raise MapOptionError(f"--map {option!r}: write FROM=TO, such as 'Financials=costs' or 'Col F=actual'.")
            label, bang, header = source.partition("!")
            if not bang:
                label, header = "", source
            if target == IGNORE:
                if label:
                    headers.append(HeaderAnswer(fold(label), fold(header), None, None, option))
                else:
                    ignored.append((fold(header), option))
                continue
            named_sheet = _template_sheet(target)
            if named_sheet is not None and not label:
                sheets.append(SheetAnswer(fold(header), named_sheet, option))
                continue
            sheet, column = _template_column(target, option)
            headers.append(HeaderAnswer(fold(label) if label else None, fold(header), sheet, column, option))
        return cls(tuple(sheets), tuple(headers), tuple(ignored))

    def with_choices(
        self,
        sheets: Mapping[str, str | None],
        columns: Mapping[tuple[str, int], str | None],
        headers: Mapping[tuple[str, int], str],
    ) -> Answers:
        """These answers plus choices made on the Data page: file sheet -> template sheet, and
        (file sheet, position) -> template column, with the header of each position."""
        sheet_answers = [answer for answer in self.sheets if answer.label not in {fold(label) for label in sheets}]
        sheet_answers += [
            SheetAnswer(fold(label), sheet, f"{label}={sheet or IGNORE}") for label, sheet in sheets.items()
        ]
        chosen = {(fold(label), position) for label, position in columns}
        header_answers = [answer for answer in self.headers if (answer.label, answer.position) not in chosen]
        for (label, position), column in columns.items():
            header = headers[(label, position)]
            text = map_option(label, header, column or IGNORE)
            header_answers.append(HeaderAnswer(fold(label), fold(header), None, column, text, position))
        return Answers(tuple(sheet_answers), tuple(header_answers), self.ignored)


def _template_sheet(target: str) -> str | None:
    wanted = fold(target)
    return next((sheet.name for sheet in schema.SHEETS if fold(sheet.name) == wanted), None)


def _template_column(target: str, option: str) -> tuple[str | None, str]:
    """'costs.actual' -> ('costs', 'actual'); 'actual' -> (None, 'actual')."""
    sheet_part, dot, column_part = target.rpartition(".")
    if dot:
        sheet = _template_sheet(sheet_part)
        if sheet is None:
            known = ", ".join(item.name for item in schema.SHEETS)
            raise MapOptionError(f"--map {option!r}: {sheet_part!r} is not a template sheet ({known}).")
        names = schema.SHEETS_BY_NAME[sheet].column_names
        column = next((name for name in names if fold(name) == fold(column_part)), None)
        if column is None:
            raise MapOptionError(
                f"--map {option!r}: {sheet} has no column {column_part!r} (it has {', '.join(names)})."
            )
        return sheet, column
    columns = {name for sheet in schema.SHEETS for name in sheet.column_names if fold(name) == fold(target)}
    if not columns:
        raise MapOptionError(
            f"--map {option!r}: {target!r} is neither a template sheet nor a column; write SHEET.COLUMN such as "
            "costs.actual, or - to ignore."
        )
    return None, columns.pop()


# --------------------------------------------------------------------------- saved mappings


@dataclass(frozen=True)
class SavedMapping:
    """A sheet layout's mapping as a user confirmed it, kept in the ledger and reused for that layout."""

    signature: str
    template_sheet: str | None  # None: the sheet is left out
    columns: Mapping[int, str | None]  # position among the signature's headers (from 1) -> template column
    headers: tuple[str, ...]
    sheet_label: str
    upload_id: int | None = None


def signature_of(headers: Sequence[str]) -> str:
    """A layout's signature: its headers, folded, in order (month columns are left out by the caller)."""
    text = "\n".join(fold(header) for header in headers)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def saved_mapping_rows(saved: SavedMapping) -> pd.DataFrame:
    """A saved mapping as rows of the ledger's mappings sheet (schema.MAPPINGS)."""
    rows = [
        {
            "signature": saved.signature,
            "position": float(position),
            "header": saved.headers[position - 1],
            "sheet_label": saved.sheet_label,
            "template_sheet": saved.template_sheet,
            "template_column": saved.columns.get(position),
        }
        for position in range(1, len(saved.headers) + 1)
    ]
    return pd.DataFrame(rows, columns=list(schema.MAPPINGS.column_names))


def saved_mappings_from_rows(rows: pd.DataFrame) -> list[SavedMapping]:
    """The mappings sheet's current rows (with their upload_id) back as SavedMappings."""
    found: list[SavedMapping] = []
    for signature, group in rows.sort_values(["signature", "position"]).groupby("signature", sort=False):
        first = group.iloc[0]
        positions = [int(position) for position in group["position"]]
        found.append(
            SavedMapping(
                signature=str(signature),
                template_sheet=_text_or_none(first["template_sheet"]),
                columns={
                    position: _text_or_none(column)
                    for position, column in zip(positions, group["template_column"], strict=True)
                },
                headers=tuple("" if pd.isna(header) else str(header) for header in group["header"]),
                sheet_label=str(first["sheet_label"]),
                upload_id=int(first["upload_id"]) if "upload_id" in group and not pd.isna(first["upload_id"]) else None,
            )
        )
    return found


def _text_or_none(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA or value == "":
        return None
    return str(value)


def saved_target_words(target: str | None) -> str:
    """A saved mapping's word for a file column: its template column, its part in the layout, or left out."""
    if target is None:
        return "left out"
    return target.removeprefix(LAYOUT_ROLE)


def describe_target(target: str) -> str:
    """'costs.actual' -> 'actual (Costs)'; 'costs' -> 'Costs'; '-' -> 'ignore it'."""
    if target == IGNORE:
        return "ignore it"
    sheet, _, column = target.partition(".")
    title = schema.SHEETS_BY_NAME[sheet].title if sheet in schema.SHEETS_BY_NAME else sheet
    return f"{column} ({title})" if column else title
