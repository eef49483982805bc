"""Which template sheet each file sheet is, and which template column each file column fills (SPEC section 2).

Portfolio offices do not use our names. Every sheet of an upload is scored against every
template sheet from its headers, their values and its name; each template sheet is taken by the
file sheet that fits it best (two only when the user says so). Within a sheet, headers are
matched by meaning (realize.intake.headers) and values (realize.intake.evidence), and one assignment per sheet
maximises the total score with each file column used once (realize.intake.assignment), so
'Benefit ID' next to 'Benefit' gives the id and the name.

Nothing is dropped silently: a file column left over in a sheet that lacks a template column it
could fill is a Question, and the upload waits for an answer (--map, or the Data page). What the
user answered is saved by the store, keyed by the sheet's header signature, and used again for
the next file of the same layout. Columns Realize works out itself (a variance, a total) and
columns repeating another sheet ('Project Name' on the costs sheet) are ignored with a warning.

No database and no Streamlit here: stored ids and saved mappings come in through `Known`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np

from realize.contract import schema
from realize.contract.schema import Column, Sheet
from realize.intake import headers
from realize.intake.assignment import best_pairs
from realize.intake.fitting import (
    ACCEPT,
    SURE,
    FileColumn,
    FileSheet,
    Fit,
    agreement_of,
    column_score,
    fit,
    guidance_row,
    read_header,
)
from realize.intake.issues import IssueLog
from realize.intake.layout import Plan, RawSheet
from realize.intake.mapping import (
    IGNORE,
    LAYOUT_ROLE,
    LAYOUT_ROLES,
    Answers,
    ColumnMapping,
    Question,
    SavedMapping,
    SheetMapping,
    column_letter,
    describe_target,
    fold,
)

# A file sheet competes only for the template sheets it fits nearly as well as its best one.
CLOSE = 0.85
# Values that fit a missing column this well make a left-over file column a candidate for it.
CANDIDATE = 0.6
# A column repeats another sheet's column when this share of its values are that column's values.
ECHO_SHARE = 0.5
# Words saying a number adds the months up ('Cumulative Planned', 'Actual YTD').
RUNNING_WORDS = frozenset({"cumulative", "ytd", "running"})
# Two file columns fit one template column equally well (the user says which) within this margin.
RIVAL_MARGIN = 0.02


class Known(Protocol):
    """What recognition needs from the data already stored."""

    def ids(self, sheet: str) -> set[str]: ...

    def saved_mappings(self) -> list[SavedMapping]: ...


@dataclass
class Recognition:
    """What recognition decided for every file sheet, and what it needs the user to say."""

    mappings: list[SheetMapping] = field(default_factory=list)
    plans: dict[str, Plan] = field(default_factory=dict)  # file sheet label -> how to read it
    questions: list[Question] = field(default_factory=list)
    to_save: list[SavedMapping] = field(default_factory=list)
    # template columns a required-column error would name, though an open question may answer it
    pending: set[tuple[str, str]] = field(default_factory=set)  # (label, template column)
    log: IssueLog = field(default_factory=IssueLog)  # warnings about what was left out
    # the file sheets taken as each template sheet, to compare a column's values with theirs
    taken: dict[str, list[tuple[FileSheet, dict[str, int]]]] = field(default_factory=dict)
    _values: dict[tuple[str, str], set[str] | None] = field(default_factory=dict)

    def values_of(self, sheet: str, column: str) -> set[str] | None:
        """The values of a template column in the upload's sheets taken as that sheet; None when none is."""
        key = (sheet, column)
        if key not in self._values:
            parts = [
                (found, positions[column]) for found, positions in self.taken.get(sheet, []) if column in positions
            ]
            self._values[key] = (
                set().union(*(_distinct_values(found, position) for found, position in parts)) if parts else None
            )
        return self._values[key]


# --------------------------------------------------------------------------- the whole upload


def recognise(raws: Sequence[RawSheet], known: Known, answers: Answers | None = None) -> Recognition:
    """Recognise every file sheet of an upload; the outcome says how to read each and what to ask."""
    answers = answers or Answers()
    recognition = Recognition()
    file_sheets = [found for raw in raws if (found := read_header(raw)) is not None]
    saved = {mapping.signature: mapping for mapping in known.saved_mappings()}
    decided = _sheet_decisions(file_sheets, saved, answers)
    known_ids = {
        sheet.id_column: set(known.ids(sheet.name))
        for sheet in schema.SHEETS
        if sheet.name in schema.ID_SHEETS.values()
    }
    fits = _all_fits(file_sheets, saved, answers, known_ids)
    chosen = _assign_sheets(file_sheets, fits, decided)
    # the ids of the sheets just taken as initiatives, benefits, KPIs tell the references of the others
    first_ids = {name: set(ids) for name, ids in known_ids.items()}
    for file_sheet in _id_sheets_first(file_sheets, chosen):
        if chosen.get(file_sheet.label) is not None:
            _collect_ids(file_sheet, fits[file_sheet.label][chosen[file_sheet.label]], first_ids)
    if first_ids != known_ids:
        fits = _all_fits(file_sheets, saved, answers, first_ids)
        chosen = _assign_sheets(file_sheets, fits, decided)
    for file_sheet in _id_sheets_first(file_sheets, chosen):
        sheet_name = chosen.get(file_sheet.label)
        if sheet_name is None:
            recognition.mappings.append(_left_out(file_sheet, fits[file_sheet.label], chosen, decided, recognition))
            continue
        sheet = schema.SHEETS_BY_NAME[sheet_name]
        fixed, how, saved_from = _fixed_columns(file_sheet, sheet, saved, answers)
        final = fit(file_sheet, sheet, known_ids, fixed)
        _collect_ids(file_sheet, final, known_ids)
        mapping = _sheet_mapping(
            file_sheet, final, fixed, how, decided.get(file_sheet.label), saved_from, known_ids, recognition
        )
        recognition.mappings.append(mapping)
        plan = _plan(file_sheet, final)
        recognition.taken.setdefault(sheet.name, []).append((file_sheet, plan.columns))
        recognition.plans[file_sheet.label] = plan
        recognition.to_save.append(_to_save(file_sheet, mapping))
    if not any(_answered(mapping) for mapping in recognition.mappings):
        recognition.to_save = []  # only an upload the user answered something about saves its layouts
    order = {file_sheet.label: index for index, file_sheet in enumerate(file_sheets)}
    recognition.mappings.sort(key=lambda mapping: order[mapping.label])
    recognition.questions.sort(key=lambda question: (order[question.label], question.position or -1))
    return recognition


def _plan(file_sheet: FileSheet, final: Fit) -> Plan:
    """How to read a file sheet taken as a template sheet (realize.intake.layout)."""
    return Plan(
        sheet=final.sheet,
        header_index=file_sheet.header_index,
        guidance_row=guidance_row(file_sheet, final),
        columns={name: position for name, (position, _) in final.assigned.items() if position >= 0},
        months=final.months,
        month_columns=final.month_columns,
        label_position=final.label_position,
        label_values=final.label_values,
        year_position=final.year_position,
        value_position=final.value_position,
        splits=final.splits,
        named_month=final.named_month,
        scales=_scales(file_sheet, final),
        header_rows=file_sheet.header_rows,
    )


def _scales(file_sheet: FileSheet, final: Fit) -> dict[str, float]:
    """Money columns whose headers count in thousands or millions ('Budget ($000)'), and by how much."""
    found = {}
    for name, (position, _) in final.assigned.items():
        if position >= 0 and final.sheet.column(name).money:
            factor = headers.scale_of(file_sheet.column(position).header)
            if factor != 1:
                found[name] = factor
    return found


def _all_fits(
    file_sheets: Sequence[FileSheet],
    saved: Mapping[str, SavedMapping],
    answers: Answers,
    known_ids: Mapping[str | None, Collection[str]],
) -> dict[str, dict[str, Fit]]:
    """Every file sheet against every template sheet."""
    return {
        file_sheet.label: {
            sheet.name: fit(file_sheet, sheet, known_ids, _fixed_columns(file_sheet, sheet, saved, answers)[0])
            for sheet in schema.SHEETS
        }
        for file_sheet in file_sheets
    }


# --------------------------------------------------------------------------- which template sheet


@dataclass(frozen=True)
class Decision:
    """A file sheet's template sheet as the user answered it or a saved mapping says (None: left out)."""

    sheet: str | None
    how: str  # answered, saved
    saved_from: int | None = None
    # said of the sheet itself ('Opex=costs'): it may share its template sheet with the one recognised for it
    shares: bool = False


def _sheet_decisions(
    file_sheets: Sequence[FileSheet], saved: Mapping[str, SavedMapping], answers: Answers
) -> dict[str, Decision]:
    decided: dict[str, Decision] = {}
    for file_sheet in file_sheets:
        label = fold(file_sheet.label)
        said = [answer.sheet for answer in answers.sheets if answer.label == label]
        said += [None for name, _ in answers.ignored if name == label]
        implied = [answer.sheet for answer in answers.headers if answer.label == label and answer.sheet]
        if said:
            decided[file_sheet.label] = Decision(said[0], "answered", shares=True)
        elif implied:
            decided[file_sheet.label] = Decision(implied[0], "answered")
        elif file_sheet.signature in saved:
            mapping = saved[file_sheet.signature]
            decided[file_sheet.label] = Decision(mapping.template_sheet, "saved", mapping.upload_id)
    return decided


def _assign_sheets(
    file_sheets: Sequence[FileSheet], fits: Mapping[str, Mapping[str, Fit]], decided: Mapping[str, Decision]
) -> dict[str, str | None]:
    """Each template sheet to the file sheet fitting it best; answered and saved choices stand."""
    chosen: dict[str, str | None] = {label: decision.sheet for label, decision in decided.items()}
    # a sheet the user just said is X may share X with the sheet recognised as X; others hold theirs
    taken = {decision.sheet for decision in decided.values() if decision.sheet and not decision.shares}
    open_sheets = [file_sheet.label for file_sheet in file_sheets if file_sheet.label not in decided]
    names = [sheet.name for sheet in schema.SHEETS if sheet.name not in taken]
    matrix = np.zeros((len(open_sheets), len(names)))
    for row, label in enumerate(open_sheets):
        eligible = {name: found.score for name, found in fits[label].items() if found.eligible}
        best = max(eligible.values(), default=0.0)
        for column, name in enumerate(names):
            if eligible.get(name, 0.0) >= CLOSE * best > 0:
                matrix[row, column] = eligible[name]
    for label in open_sheets:
        chosen[label] = None
    for row, column in best_pairs(matrix):
        if matrix[row, column] > 0:
            chosen[open_sheets[row]] = names[column]
    return chosen


def _id_sheets_first(file_sheets: Sequence[FileSheet], chosen: Mapping[str, str | None]) -> list[FileSheet]:
    """Sheets whose ids others refer to first (initiatives, benefits, KPIs), so references can be read by value."""
    order = [sheet.name for sheet in schema.SHEETS if sheet.id_column in schema.ID_SHEETS]
    return sorted(
        file_sheets,
        key=lambda file_sheet: (
            order.index(chosen[file_sheet.label]) if chosen.get(file_sheet.label) in order else len(order)
        ),
    )


def _distinct_values(file_sheet: FileSheet, position: int) -> set[str]:
    """The distinct values under a file column's header (cells are read as trimmed text)."""
    cells = file_sheet.raw.columns[position].iloc[file_sheet.header_index + 1 :].dropna()
    return set(cells.unique().tolist())


def _collect_ids(file_sheet: FileSheet, final: Fit, known_ids: dict[str | None, set[str]]) -> None:
    id_column = final.sheet.id_column
    if id_column not in schema.ID_SHEETS or schema.ID_SHEETS[id_column] != final.sheet.name:
        return
    position = final.position_of(id_column)
    if position is None:
        return
    known_ids.setdefault(id_column, set()).update(_distinct_values(file_sheet, position))


# --------------------------------------------------------------------------- which template column


def _fixed_columns(
    file_sheet: FileSheet, sheet: Sheet, saved: Mapping[str, SavedMapping], answers: Answers
) -> tuple[dict[int, str | None], dict[int, str], int | None]:
    """File position -> template column (None: ignored) as saved for this layout or answered, and how each was."""
    fixed: dict[int, str | None] = {}
    how: dict[int, str] = {}
    saved_from = None
    layout = saved.get(file_sheet.signature)
    if layout is not None and layout.template_sheet == sheet.name:
        saved_from = layout.upload_id
        for index, position in enumerate(file_sheet.signature_positions, start=1):
            column = layout.columns.get(index)
            if column is None or column in sheet.column_names:
                fixed[position], how[position] = column, "saved"
    for answer, position in _header_answers(file_sheet, sheet, answers):
        fixed[position], how[position] = answer, "answered"
    return fixed, how, saved_from


def _header_answers(file_sheet: FileSheet, sheet: Sheet, answers: Answers) -> Iterable[tuple[str | None, int]]:
    label = fold(file_sheet.label)
    ignored_anywhere = {name for name, _ in answers.ignored if name != label}
    for column in file_sheet.columns:
        if not column.named:
            continue
        header = fold(column.header)
        if header in ignored_anywhere:
            yield None, column.position
        for answer in answers.headers:
            if answer.label not in (None, label) or answer.header != header:
                continue
            if answer.position is not None and answer.position != column.position:
                continue
            if answer.column is None:
                yield None, column.position
            elif answer.sheet in (None, sheet.name) and answer.column in sheet.column_names:
                yield answer.column, column.position


def unused_answers(recognition: Recognition, answers: Answers) -> list[str]:
    """The --map options that matched no sheet or column of the upload (a user would want to know)."""
    labels = {fold(mapping.label) for mapping in recognition.mappings}
    headers_by_label = {
        fold(mapping.label): {fold(column.header) for column in mapping.columns} for mapping in recognition.mappings
    }
    every_header = set().union(*headers_by_label.values()) if headers_by_label else set()
    unused = [answer.text for answer in answers.sheets if answer.label not in labels]
    for answer in answers.headers:
        pool = every_header if answer.label is None else headers_by_label.get(answer.label, set())
        if answer.header not in pool:
            unused.append(answer.text)
    unused += [text for name, text in answers.ignored if name not in labels and name not in every_header]
    return unused


def _sheet_mapping(
    file_sheet: FileSheet,
    final: Fit,
    fixed: Mapping[int, str | None],
    how: Mapping[int, str],
    decision: Decision | None,
    saved_from: int | None,
    known: Mapping[str, Collection[str]],
    recognition: Recognition,
) -> SheetMapping:
    sheet = final.sheet
    missing = [column for column in sheet.columns if column.name not in final.assigned]
    columns: list[ColumnMapping] = []
    for file_column in file_sheet.columns:
        if file_column.position in final.months:
            continue
        described = _describe_column(file_sheet, final, file_column, fixed, how, missing, known, recognition)
        if described is not None:
            columns.append(replace(described, offset=file_sheet.raw.column_offset))
    sheet_how = decision.how if decision else "recognised"
    return SheetMapping(
        label=file_sheet.label,
        file_name=file_sheet.raw.file_name,
        sheet=sheet.name,
        confidence=1.0 if decision else min(final.score / 0.9, 1.0),
        how=sheet_how,
        header_row=file_sheet.header_index + 1,
        columns=tuple(columns),
        signature=file_sheet.signature,
        saved_from=saved_from if saved_from is not None else (decision.saved_from if decision else None),
        months=tuple(final.months.values()),
    )


def _describe_column(
    file_sheet: FileSheet,
    final: Fit,
    file_column: FileColumn,
    fixed: Mapping[int, str | None],
    how: Mapping[int, str],
    missing: Sequence[Column],
    known: Mapping[str, Collection[str]],
    recognition: Recognition,
) -> ColumnMapping | None:
    """What became of one file column, with a warning or a question where something is left out."""
    sheet, label, position = final.sheet, file_sheet.label, file_column.position
    samples = file_column.values.samples
    header = file_column.header
    if position == final.label_position:
        return ColumnMapping(position, header, None, 1.0, samples, "row label", _row_label_reason(final))
    if position == final.year_position:
        return ColumnMapping(position, header, None, 1.0, samples, "year", "the year of each row's month")
    if position == final.value_position:
        measures = " or ".join(final.sheet.monthly_columns)
        return ColumnMapping(position, header, None, 1.0, samples, "value", f"{measures}, as each row's label says")
    if position in final.splits:
        choice_column, choice, number = final.splits[position]
        return ColumnMapping(position, header, number, 1.0, samples, "split", f"{number} with {choice_column} {choice}")
    found = final.column_at(position)
    if found is not None:
        return ColumnMapping(position, header, found[0], found[1], samples, how.get(position, "recognised"))
    if position in fixed:
        return ColumnMapping(position, header, None, 1.0, samples, how[position], "left out, as answered")
    if not header:
        if file_column.has_values:
            _warn(
                recognition,
                label,
                file_sheet,
                column_letter(position + file_sheet.raw.column_offset),
                "",
                "column without header",
                f"Column {column_letter(position + file_sheet.raw.column_offset)} has values but no header: it was "
                "ignored. "
                "Give it a header to upload it.",
            )
        return None
    rival = _rival(file_column, final, how, known) if file_column.has_values else None
    if rival is not None:
        taken = file_sheet.column(final.assigned[rival][0]).header
        message = (
            f"Columns '{header}' and '{taken}' both look like {rival}; '{taken}' was taken. Say which one holds "
            f"{rival} (the other is then left out). Nothing is applied until this is answered."
        )
        recognition.questions.append(Question(label, header, position, (f"{sheet.name}.{rival}", IGNORE), message))
        return ColumnMapping(position, header, None, 0.0, samples, "question", "needs an answer", (rival,))
    candidates = [] if not file_column.has_values else _candidates(file_column, sheet, missing)
    left_out = _why_left_out(file_sheet, file_column, final, recognition, asked=bool(candidates))
    if left_out is not None:
        rule, message, reason = left_out
        severity = "error" if rule == RUNNING_TOTALS else "warning"
        recognition.log.add(label, file_sheet.header_index + 1, header, header, rule, message, severity)
        return ColumnMapping(position, header, None, 0.0, samples, "ignored", reason)
    targets = (*(f"{sheet.name}.{name}" for name, _ in candidates), IGNORE)
    recognition.questions.append(
        Question(label, header, position, targets, _question_text(label, header, samples, sheet, candidates))
    )
    recognition.pending.update((label, name) for name, _ in candidates)
    names = tuple(name for name, _ in candidates)
    return ColumnMapping(position, header, None, candidates[0][1], samples, "question", "needs an answer", names)


def _why_left_out(
    file_sheet: FileSheet, file_column: FileColumn, final: Fit, recognition: Recognition, *, asked: bool
) -> tuple[str, str, str] | None:
    """(rule, message, reason) when a left-over column is left out with a warning; None when it is a question.

    Left out: no values; something Realize works out; a copy of another sheet's column; nothing missing fits.
    """
    header, sheet = file_column.header, final.sheet
    if not file_column.has_values:
        reason = f"no values; not a {sheet.name} column"
        return (
            "empty column",
            f"Column '{header}' has no values and is not part of {sheet.name}: it was ignored.",
            reason,
        )
    running = _running_total_of(file_column, final)
    if running is not None:
        message = (
            f"Column '{header}' holds totals over months (cumulative or year to date), and the sheet has no "
            f"column of each month's own {running}: Realize adds the months up itself, so it would count them "
            f"twice. Give each month's own {running} (the difference from the month before), or map a column "
            "that has it."
        )
        return RUNNING_TOTALS, message, f"a running total of {running}, not each month's own"
    if headers.derived_score(sheet.name, header) >= SURE:
        message = f"Column '{header}' was ignored: Realize works it out from the other columns."
        return "worked out by Realize", message, "worked out by Realize from the other columns"
    echo = _echo(file_column, sheet, recognition)
    if echo is not None:
        message = f"Column '{header}' repeats the {echo.column} kept on the {echo.sheet} sheet: it was ignored here."
        return "kept on another sheet", message, f"repeats the {echo.column} of the {echo.sheet} sheet"
    if asked:
        return None
    also = _also_names(file_sheet, file_column, final)
    if also is not None:
        message = (
            f"Column '{header}' also looks like {also[0]}, which '{also[1]}' fills: it was ignored. If '{header}' "
            f"is the one, choose it for {also[0]}."
        )
        return "also fits a taken column", message, f"{also[0]} is taken by '{also[1]}'"
    message = (
        f"Column '{header}' is not part of {sheet.name} and no missing {sheet.name} column fits its values: "
        "it was ignored."
    )
    return "unknown column", message, f"not a {sheet.name} column"


RUNNING_TOTALS = "running totals"


def _running_total_of(file_column: FileColumn, final: Fit) -> str | None:
    """The monthly column ('planned') this column gives as running totals ('Cumulative Planned', 'Actual YTD')
    when the sheet lacks that column itself: summing its months would count them again and again."""
    sheet = final.sheet
    if not set(headers.modifiers_in(sheet.name, file_column.header)) & RUNNING_WORDS:
        return None
    said = headers.scores_without_modifiers(sheet.name, file_column.header)
    for name in sheet.monthly_columns:
        if said.get(name, 0.0) >= ACCEPT and name not in final.assigned:
            return name
    return None


def _echo(file_column: FileColumn, sheet: Sheet, recognition: Recognition) -> headers.Echo | None:
    """The column of another sheet this one repeats: by its header, and by its values where that sheet is in
    the upload ('Finish' on a milestone sheet is no copy of the initiatives' end dates)."""
    for echo in headers.echoes_of(sheet.name, file_column.header):
        values = recognition.values_of(echo.sheet, echo.column)
        if values is None:
            if echo.named:
                return echo
            continue
        mine = file_column.values.distinct
        if mine and sum(1 for value in mine if value in values) >= ECHO_SHARE * len(mine):
            return echo
    return None


def _candidates(file_column: FileColumn, sheet: Sheet, missing: Sequence[Column]) -> list[tuple[str, float]]:
    """Missing template columns this left-over file column could fill, best first.

    Values of a kind (numbers, dates, yes/no, listed choices, people's names, codes for an id) make
    a column a candidate; mere text makes it one only for a column whose name its header recalls.
    """
    found = []
    for column in missing:
        if column.name == "period":
            continue
        name = headers.header_scores(sheet.name, file_column.header).get(column.name, 0.0)
        agree = agreement_of(file_column, sheet, column) or 0.0
        specific = column.kind != "text" or column.shape == "person" or _is_id(sheet, column) or column.required
        if agree >= CANDIDATE and (specific or name > 0):
            found.append((column.name, 0.5 * agree + 0.5 * name))
    return sorted(found, key=lambda item: -item[1])


def _is_id(sheet: Sheet, column: Column) -> bool:
    return bool(column.references) or column.name == sheet.id_column


def _rival(
    file_column: FileColumn, final: Fit, how: Mapping[int, str], known: Mapping[str, Collection[str]]
) -> str | None:
    """The template column this left-over file column fits as well as the file column that took it."""
    for name, (position, score) in final.assigned.items():
        if position < 0 or position in how:
            continue
        mine = column_score(file_column, final.sheet, final.sheet.column(name), known)
        if mine >= ACCEPT and mine >= score - RIVAL_MARGIN:
            return name
    return None


def _also_names(file_sheet: FileSheet, file_column: FileColumn, final: Fit) -> tuple[str, str] | None:
    """(template column, the header that took it) when this left-over column's header names a column another
    file column fills ('IT Sponsor' beside 'Business Sponsor')."""
    said = headers.header_scores(final.sheet.name, file_column.header)
    for name, (position, _) in final.assigned.items():
        if position >= 0 and said.get(name, 0.0) >= SURE:
            return name, file_sheet.column(position).header
    return None


def _question_text(
    label: str, header: str, samples: Sequence[str], sheet: Sheet, candidates: Sequence[tuple[str, float]]
) -> str:
    shown = ", ".join(samples)
    could = " or ".join(name for name, _ in candidates[:3])
    lacks = "columns" if len(candidates) > 1 else "column"
    return (
        f"Column '{header}' of sheet '{label}' (values {shown}) is no {sheet.name} column Realize knows, and the "
        f"sheet has no {could} {lacks}: does it hold {could}? Choose, or leave the column out. Nothing is "
        "applied until this is answered."
    )


def _row_label_reason(final: Fit) -> str:
    return "says on each row whether the month values are " + " or ".join(final.sheet.monthly_columns)


def _warn(
    recognition: Recognition, label: str, file_sheet: FileSheet, column: str, value: str, rule: str, message: str
) -> None:
    recognition.log.add(label, file_sheet.header_index + 1, column, value, rule, message, "warning")


def _left_out(
    file_sheet: FileSheet,
    fits: Mapping[str, Fit],
    chosen: Mapping[str, str | None],
    decided: Mapping[str, Decision],
    recognition: Recognition,
) -> SheetMapping:
    """A file sheet not taken as any template sheet: answered so, or a question, or a warning."""
    label = file_sheet.label
    base = SheetMapping(
        label,
        file_sheet.raw.file_name,
        None,
        0.0,
        "recognised",
        file_sheet.header_index + 1,
        signature=file_sheet.signature,
    )
    decision = decided.get(label)
    if decision is not None:
        mapping = SheetMapping(
            label,
            file_sheet.raw.file_name,
            None,
            1.0,
            decision.how,
            base.header_row,
            signature=file_sheet.signature,
            saved_from=decision.saved_from,
            reason="left out, as answered" if decision.how == "answered" else "left out, as saved",
        )
        recognition.to_save.append(_to_save(file_sheet, mapping))
        return mapping
    eligible = sorted((found for found in fits.values() if found.eligible), key=lambda found: -found.score)
    holds_data = any(column.has_values for column in file_sheet.columns)
    if not eligible and holds_data:
        eligible = sorted((found for found in fits.values() if found.plausible), key=lambda found: -found.score)
    if eligible:
        names = tuple(found.sheet.name for found in eligible)
        holders = [other for other, sheet in chosen.items() if sheet == names[0]]
        taken_by = f", which '{holders[0]}' was taken as" if holders else ""
        message = (
            f"Sheet '{label}' looks like {names[0]}{taken_by}. Say which template sheet it is (two sheets may both "
            f"be {names[0]}: their rows are then uploaded together), or leave it out. Nothing is applied until "
            "this is answered."
        )
        recognition.questions.append(Question(label, None, None, (*names, IGNORE), message))
        return SheetMapping(
            label,
            file_sheet.raw.file_name,
            None,
            eligible[0].score,
            "question",
            base.header_row,
            signature=file_sheet.signature,
            reason="needs an answer",
            candidates=names,
        )
    if holds_data or any(column.header for column in file_sheet.columns):
        known = ", ".join(sheet.name for sheet in schema.SHEETS)
        recognition.log.add(
            label,
            None,
            "",
            label,
            "unknown sheet",
            f"Sheet '{label}' does not look like any of the template's sheets ({known}) and was "
            f"ignored. If it holds data, map it, such as --map '{label}=costs'.",
            "warning",
        )
    return SheetMapping(
        label,
        file_sheet.raw.file_name,
        None,
        0.0,
        "ignored",
        base.header_row,
        signature=file_sheet.signature,
        reason="not a template sheet",
    )


def _answered(mapping: SheetMapping) -> bool:
    return mapping.how == "answered" or any(column.how == "answered" for column in mapping.columns)


def _to_save(file_sheet: FileSheet, mapping: SheetMapping) -> SavedMapping:
    by_position = {
        column.position: f"{LAYOUT_ROLE}{column.how}" if column.how in LAYOUT_ROLES else column.column
        for column in mapping.columns
    }
    return SavedMapping(
        signature=file_sheet.signature,
        template_sheet=mapping.sheet,
        columns={
            index: by_position.get(position) for index, position in enumerate(file_sheet.signature_positions, start=1)
        },
        headers=tuple(file_sheet.column(position).header for position in file_sheet.signature_positions),
        sheet_label=file_sheet.label,
    )


def describe(question: Question) -> str:
    """A question with the --map options that answer it, for the command line."""
    lines = [f"{question.label}{'' if question.header is None else ' / ' + question.header}: {question.message}"]
    lines += [
        f'    --map "{option}"   ({describe_target(target)})'
        for option, target in zip(question.map_options, question.candidates, strict=True)
    ]
    return "\n".join(lines)
