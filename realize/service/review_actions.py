"""Review actions edited in the app (SPEC section 6): record a new one, close one. Each is a ledger entry,
checked like any upload, made by an editor."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from realize.contract.roles import Editor, require_editor
from realize.ledger.store import Refused, Store


def record(store: Store, action: Mapping[str, object], editor: Editor) -> str:
    """A new review action or decision, made in the app; returns its new id."""
    require_editor(editor)
    with store.writing():
        action_id = next_id(store.ids("actions"), "ACT-")
        row = {"status": "open", **action, "action_id": action_id}
        store.apply_edit("actions", [row], editor, f"recorded action {action_id}: {row.get('title')}")
    return action_id


def close(store: Store, action_id: str, editor: Editor, *, status: str, closed_on: dt.date, outcome: str) -> None:
    """Mark an action done or dropped, with the outcome seen; a ledger entry like any upload."""
    require_editor(editor)
    with store.writing():
        current = store.current("actions")
        found = current[current["action_id"] == action_id]
        if found.empty:
            raise Refused(f"There is no action {action_id}.")
        row = {name: _plain(value) for name, value in found.iloc[0].items()}
        row.update(status=status, closed_on=closed_on, outcome=outcome or row.get("outcome"))
        store.apply_edit("actions", [row], editor, f"{status} {action_id}")


def next_id(existing: set[str], prefix: str) -> str:
    """The next free id after the highest numbered one with this prefix: ACT-021 -> ACT-022."""
    numbers = [
        int(match.group(1)) for value in existing if (match := re.fullmatch(re.escape(prefix) + r"(\d+)", value))
    ]
    width = max((len(value) - len(prefix) for value in existing if value.startswith(prefix)), default=3)
    return f"{prefix}{max(numbers, default=0) + 1:0{max(width, 2)}d}"


def _plain(value: object) -> object:
    """A value read back from DuckDB as the CSV of an edit wants it."""
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value
