"""The measures' parameters: what the user looks at (Filters) and the values the views read.

The views read their parameters from one DuckDB session variable (queries/measure_parameters.sql),
set per cursor from bound values. The ledger binds them when it creates the views (DuckDB binds a view's
query then); the measures bind them for every run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from realize.contract import settings as settings_module


@dataclass(frozen=True)
class Filters:
    """What the user looks at: the as-of date and the rows chosen (empty = all)."""

    as_of: dt.date = field(default_factory=dt.date.today)
    portfolios: tuple[str, ...] = ()
    initiatives: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    include_non_cash: bool = True
    known_at: int | None = None  # the data as known after this ledger entry (None: as known now)


def parameters(stored: Mapping[str, object], filters: Filters, overrides: Mapping[str, object] | None = None) -> dict:
    """The values of measure_parameters: stored settings, then any overrides, then as_of."""
    values: dict[str, object] = {**settings_module.defaults(), **stored, **(overrides or {})}
    values["as_of"] = filters.as_of
    values["include_non_cash"] = filters.include_non_cash
    values["known_at"] = filters.known_at
    return values


# The parameters the views read (queries/measure_parameters.sql), with their SQL types: what the user looks
# at, then every setting (declared once, in realize.contract.settings).
PARAMETER_TYPES: dict[str, str] = {
    "as_of": "date",
    "include_non_cash": "boolean",
    **{setting.name: setting.sql_type for setting in settings_module.SETTINGS},
}
_SET_PARAMETERS = (
    "set variable realize_parameters = {"
    + ", ".join("'" + name + "': $" + name + "::" + sql_type for name, sql_type in PARAMETER_TYPES.items())
    + "}"
)


def set_parameters(cursor: object, values: Mapping[str, object]) -> None:
    """Bind the parameters on this cursor (a DuckDB session variable lives per connection)."""
    cursor.execute(_SET_PARAMETERS, {name: values[name] for name in PARAMETER_TYPES})  # type: ignore[attr-defined]
    set_known_at(cursor, values.get("known_at"))


def set_known_at(cursor: object, known_at: int | None) -> None:
    """What this cursor reads of the ledger (queries/live_uploads.sql): the entries up to `known_at`, or all of
    them (None)."""
    cursor.execute("set variable realize_known_at = $known_at::bigint", {"known_at": known_at})  # type: ignore[attr-defined]


def default_parameters() -> dict:
    """Parameters to bind while creating the views (DuckDB binds a view's query when it is created)."""
    return parameters({}, Filters())
