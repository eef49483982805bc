"""Re-baselines in words, as the upload preview and the command line say them (SPEC section 3)."""

from __future__ import annotations

import datetime as dt

from realize.report import formats

# the words for a column a re-baseline moves, where its header would not say it
_COLUMN_WORDS = {"baseline_date": "committed date", "planned": "planned"}


def rebaseline_sentence(
    *, about: str, name: str, column: str, month: dt.date | None, old_value: str, new_value: str
) -> str:
    """'M3 Legacy payroll switched off: committed date 31 Mar 2026 → 30 Jun 2026'; 'BEN-01 Invoice automation:
    planned for Jan 2026 1,000 → 1,500'."""
    what = _COLUMN_WORDS.get(column, formats.header(column).lower())
    if month is not None:
        what += f" for {formats.month(month)}"
    subject = f"{about} {name}".strip()
    return f"{subject}: {what} {_value(old_value)} → {_value(new_value)}"


def _value(text: str) -> str:
    """A value as people read it: a date as '31 Mar 2026', a number with thousands separators, nothing as 'none'."""
    if not text:
        return "none"
    try:
        return formats.day(dt.date.fromisoformat(text))
    except ValueError:
        pass
    try:
        return f"{float(text):,.10g}"
    except ValueError:
        return text
