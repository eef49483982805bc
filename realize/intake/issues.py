"""The issue table of an upload: every problem at once, with sheet, row, column, value and how to fix it."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

# error: blocks the upload; question: blocks it until the user answers; warning: something was left out or
# guessed; note: worth knowing (a saved mapping was used)
Severity = Literal["error", "question", "warning", "note"]
SEVERITY_ORDER = {"error": 0, "question": 1, "warning": 2, "note": 3}
ISSUE_COLUMNS = ("sheet", "row", "column", "value", "rule", "severity", "message")
# Rows listed per (sheet, column, rule) before the rest are summed up in one line.
ISSUES_LISTED_PER_RULE = 50


@dataclass(frozen=True)
class Issue:
    sheet: str
    row: int | None
    column: str
    value: str
    rule: str
    severity: Severity
    message: str


def issues_frame(issues: Iterable[Issue]) -> pd.DataFrame:
    """The issue table users see and download: errors first, then by sheet and row."""
    frame = pd.DataFrame(
        [[getattr(issue, name) for name in ISSUE_COLUMNS] for issue in issues],
        columns=list(ISSUE_COLUMNS),
    )
    frame["row"] = frame["row"].astype("Int64")
    order = frame["severity"].map(SEVERITY_ORDER)
    return frame.assign(_order=order).sort_values(["_order", "sheet", "row"], kind="stable").drop(columns="_order")


class IssueLog:
    """Collects issues; rows with the same problem are listed up to a limit, then summed up."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(
        self,
        sheet: str,
        row: int | None,
        column: str,
        value: object,
        rule: str,
        message: str,
        severity: Severity = "error",
    ) -> None:
        self.issues.append(Issue(sheet, row, column, _display(value), rule, severity, message))

    def add_rows(
        self,
        sheet: str | pd.Series,
        where: pd.Series,
        rows: pd.Series,
        values: pd.Series,
        column: str,
        rule: str,
        message: str | Callable[[Hashable], str],
        severity: Severity = "error",
    ) -> None:
        """One issue per row flagged in `where` (rows, values and messages looked up by index
        label), listed up to a limit per rule and column; the rest summed up in one line.

        `sheet` is a label, or a label per row when rows of several file sheets were uploaded together."""
        labels = where.index[where.to_numpy(dtype=bool)]
        listed = labels[:ISSUES_LISTED_PER_RULE]
        for label in listed:
            text = message if isinstance(message, str) else message(label)
            where_from = sheet if isinstance(sheet, str) else str(sheet[label])
            self.add(where_from, int(rows[label]), column, values[label], rule, text, severity)
        if len(labels) > len(listed):
            more = len(labels) - len(listed)
            self.add(
                sheet if isinstance(sheet, str) else " + ".join(dict.fromkeys(sheet.astype(str))),
                None,
                column,
                "",
                rule,
                f"...and {more:,} more rows with the same problem in this column (first {len(listed)} listed).",
                severity,
            )


def _display(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    return str(value)
