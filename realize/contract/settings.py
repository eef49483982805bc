"""Settings of the measures: what they are, their defaults (SPEC section 4) and their checks.

Stored values live in the ledger (schema.SETTINGS); a setting never saved has
its default. The measures read them through DuckDB session variables set by
realize.measures, so this module is the one place a default is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

# percent: stored as a fraction (0.08), shown and edited as a percentage (8 %); choice: one of `choices`
SettingKind = Literal["text", "percent", "integer", "choice"]
# how each kind reaches the views (queries/measure_parameters.sql)
SQL_TYPES: dict[str, str] = {"text": "varchar", "percent": "double", "integer": "integer", "choice": "varchar"}


@dataclass(frozen=True)
class Setting:
    name: str
    label: str
    kind: SettingKind
    default: str | float | int
    description: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.kind]


SETTINGS: tuple[Setting, ...] = (
    Setting("reporting_currency", "Reporting currency", "text", "USD", "Currency of budgets, costs and benefits."),
    Setting("discount_rate", "Discount rate (annual)", "percent", 0.08, "Annual rate for NPV.", 0.0, 1.0),
    Setting(
        "tolerance_days",
        "Milestone tolerance (days)",
        "integer",
        0,
        "A milestone is on time up to this many days after its baseline date.",
        0,
        365,
    ),
    Setting(
        "fiscal_year_start",
        "First month of the fiscal year",
        "integer",
        1,
        "1 = January. A fiscal year is named by the calendar year it ends in: with 4, April 2025 - March 2026 "
        "is FY2026.",
        1,
        12,
    ),
    Setting("realization_green", "Benefits green from", "percent", 0.90, "Realization rate at or above.", 0.0, 10.0),
    Setting("realization_amber", "Benefits amber from", "percent", 0.75, "Realization rate at or above.", 0.0, 10.0),
    Setting("variance_green", "Cost green up to", "percent", 0.05, "Cost variance rate at or below.", -1.0, 10.0),
    Setting("variance_amber", "Cost amber up to", "percent", 0.10, "Cost variance rate at or below.", -1.0, 10.0),
    Setting("on_time_green", "Delivery green from", "percent", 0.90, "On-time rate at or above.", 0.0, 1.0),
    Setting("on_time_amber", "Delivery amber from", "percent", 0.75, "On-time rate at or above.", 0.0, 1.0),
    Setting(
        "date_order",
        "Dates written as text",
        "choice",
        "day_first",
        "How uploads' text dates like 03/04/2025 are read when the file does not tell: day first (3 April) "
        "or month first (4 March).",
        choices=("day_first", "month_first"),
    ),
)
SETTINGS_BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}

# Pairs whose green bound must be at least as strict as the amber one.
ORDERED_PAIRS = (
    ("realization_green", "realization_amber", "higher"),
    ("variance_green", "variance_amber", "lower"),
    ("on_time_green", "on_time_amber", "higher"),
)


def shown(setting: Setting, value: object) -> str:
    """A value as people read it: 8% for a percent setting."""
    if setting.kind == "percent" and isinstance(value, int | float):
        return f"{value * 100:g}%"
    return str(value)


def defaults() -> dict[str, str | float | int]:
    return {setting.name: setting.default for setting in SETTINGS}


def typed(name: str, text: str | None) -> str | float | int:
    """A stored text value as its setting's type; the default when missing or unreadable."""
    setting = SETTINGS_BY_NAME[name]
    if text is None or text == "" or (setting.choices and text not in setting.choices):
        return setting.default
    try:
        if setting.kind == "integer":
            return int(float(text))
        if setting.kind == "percent":
            return float(text)
    except ValueError:
        return setting.default
    return text


def from_rows(rows: pd.DataFrame) -> dict[str, str | float | int]:
    """Current settings from the stored (setting, value) rows, defaults for the rest."""
    stored = dict(zip(rows["setting"], rows["value"], strict=True)) if not rows.empty else {}
    return {setting.name: typed(setting.name, stored.get(setting.name)) for setting in SETTINGS}


def problems(values: Mapping[str, object]) -> list[str]:
    """What is wrong with proposed settings, in words; empty when they can be saved."""
    found = []
    for name, value in values.items():
        setting = SETTINGS_BY_NAME.get(name)
        if setting is None:
            found.append(f"{name} is not a setting.")
            continue
        if setting.kind == "text":
            if not str(value).strip():
                found.append(f"{setting.label} cannot be empty.")
            continue
        if setting.kind == "choice":
            if value not in setting.choices:
                found.append(f"{setting.label} must be one of {', '.join(setting.choices)}.")
            continue
        if not isinstance(value, int | float) or isinstance(value, bool):
            found.append(f"{setting.label} must be a number.")
            continue
        if setting.kind == "integer" and int(value) != value:
            found.append(f"{setting.label} must be a whole number.")
        if setting.minimum is not None and value < setting.minimum:
            found.append(f"{setting.label} must be at least {shown(setting, setting.minimum)}.")
        if setting.maximum is not None and value > setting.maximum:
            found.append(f"{setting.label} must be at most {shown(setting, setting.maximum)}.")
    merged = {**defaults(), **values}
    for green, amber, better in ORDERED_PAIRS:
        stricter = merged[green] >= merged[amber] if better == "higher" else merged[green] <= merged[amber]
        if not stricter:
            green_setting, amber_setting = SETTINGS_BY_NAME[green], SETTINGS_BY_NAME[amber]
            found.append(
                f"{green_setting.label} ({shown(green_setting, merged[green])}) must be "
                f"{'at least' if better == 'higher' else 'at most'} "
                f"{amber_setting.label} ({shown(amber_setting, merged[amber])})."
            )
    return found


def to_rows(values: Mapping[str, object]) -> pd.DataFrame:
    """Settings as rows of the ledger's settings sheet."""
    return pd.DataFrame(
        {
            "setting": pd.Series(list(values), dtype="string"),
            "value": pd.Series([str(value) for value in values.values()], dtype="string"),
        }
    )
