"""What applying an upload would change, in words a portfolio manager uses (SPEC section 3).

Two parts: per sheet, how many initiatives (benefits, KPIs, actions) are new and how many are
replaced; per initiative, the measures people watch before and after (computed by the views
themselves over the data with and without the upload, see Store.value_preview), with a warning
where a measure that had values would become zero or empty - the mark of a column that did not
get in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from realize.contract import schema
from realize.report import formats

# The measures compared per initiative: column of queries/upload_preview_measures.sql -> (label, money)
WATCHED: dict[str, tuple[str, bool]] = {
    "planned_value_to_date": ("Benefits planned to date", True),
    "realized_value_to_date": ("Benefits realized to date", True),
    "actual_to_date": ("Actual cost to date", True),
    "tco_forecast": ("TCO forecast", True),
    "milestones_done": ("Milestones done", False),
}
# What a sheet's scope key values are called in the preview.
SCOPE_NOUNS: dict[str, tuple[str, str]] = {
    "initiative_id": ("initiative", "initiatives"),
    "benefit_id": ("benefit", "benefits"),
    "kpi_id": ("KPI", "KPIs"),
    "action_id": ("action", "actions"),
}
PREVIEW_COLUMNS = ["Sheet", "Rows uploaded", "For", "New", "Replacing what is stored", "Stored rows replaced"]


def sheet_summary(per_scope: pd.DataFrame) -> pd.DataFrame:
    """Per sheet: rows coming, for how many initiatives (...), how many are new, how many replace stored rows."""
    if per_scope.empty:
        return pd.DataFrame(columns=PREVIEW_COLUMNS)
    replaced = per_scope["change"] == "replace"
    marked = per_scope.assign(
        added=~replaced, replaced=replaced, replaced_rows=per_scope["current_rows"].where(replaced, 0)
    )
    grouped = marked.groupby(["sheet", "scope_key"], sort=False).agg(
        rows=("new_rows", "sum"),
        scopes=("scope", "count"),
        added=("added", "sum"),
        replaced=("replaced", "sum"),
        replaced_rows=("replaced_rows", "sum"),
    )
    rows = []
    for (sheet, scope_key), row in grouped.iterrows():
        single, plural = SCOPE_NOUNS.get(scope_key, (scope_key, scope_key + "s"))
        rows.append(
            [
                schema.SHEETS_BY_NAME[sheet].title,
                int(row["rows"]),
                f"{int(row['scopes']):,} {single if row['scopes'] == 1 else plural}",
                int(row["added"]),
                int(row["replaced"]),
                int(row["replaced_rows"]),
            ]
        )
    return pd.DataFrame(rows, columns=PREVIEW_COLUMNS)


def scope_detail(per_scope: pd.DataFrame) -> pd.DataFrame:
    """Per initiative (benefit, KPI, action) of the upload: its rows now and after, new or replacing."""
    return pd.DataFrame(
        {
            "Sheet": [schema.SHEETS_BY_NAME[name].title for name in per_scope["sheet"]],
            "For": [
                f"{SCOPE_NOUNS.get(key, (key, key))[0]} {scope}"
                for key, scope in zip(per_scope["scope_key"], per_scope["scope"], strict=True)
            ],
            "Rows stored now": per_scope["current_rows"].astype("int64"),
            "Rows after": per_scope["new_rows"].astype("int64"),
            "Change": ["replaces the stored rows" if change == "replace" else "new" for change in per_scope["change"]],
        }
    )


@dataclass(frozen=True)
class ValueChanges:
    """The watched measures that an upload changes, per initiative."""

    table: pd.DataFrame  # Initiative, Measure, Before, After (text as read), Emptied (bool)
    emptied: list[str]  # one sentence per measure that had values and would become zero or empty


def value_changes(before: pd.DataFrame, after: pd.DataFrame, currency: str, *, new_data_only: bool) -> ValueChanges:
    """Compare the measures per initiative before and after an upload.

    `new_data_only`: the upload replaces the sample portfolio, whose initiatives all vanish; only the
    initiatives the upload brings are compared.
    """
    before = before.set_index("initiative_id")
    after = after.set_index("initiative_id")
    ids = list(after.index) if new_data_only else list(dict.fromkeys([*before.index, *after.index]))
    names = after["initiative_name"].combine_first(before["initiative_name"])
    rows, emptied = [], []
    for initiative_id in ids:
        for column, (label, money) in WATCHED.items():
            old = _value(before, initiative_id, column)
            new = _value(after, initiative_id, column)
            if _same(old, new):
                continue
            gone = old is not None and old != 0 and (new is None or new == 0)
            shown = f"{initiative_id} {names.get(initiative_id, '')}".strip()
            rows.append([shown, label, _text(old, money, currency), _text(new, money, currency), gone])
            if gone:
                emptied.append(
                    f"{shown}: {label.lower()} {_text(old, money, currency)} → {_text(new, money, currency)}"
                )
    table = pd.DataFrame(rows, columns=["Initiative", "Measure", "Before", "After", "Emptied"])
    return ValueChanges(table, emptied)


def _value(frame: pd.DataFrame, initiative_id: object, column: str) -> float | None:
    if initiative_id not in frame.index:
        return None
    value = frame.at[initiative_id, column]
    return None if pd.isna(value) else float(value)


def _same(old: float | None, new: float | None) -> bool:
    if old is None or new is None:
        return old is None and new is None
    return bool(np.isclose(old, new, rtol=1e-9, atol=1e-6))


def _text(value: float | None, money: bool, currency: str) -> str:
    if value is None:
        return "none"
    if money:
        return formats.money(value, currency, compact=True)
    return f"{value:,.0f}"
