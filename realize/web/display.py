"""Tables as people read them: labelled columns, money with the currency, rates as %, status colours, downloads.

Column roles come from the catalog: `_rate`, `_share` and `roi_` columns are
fractions shown as percentages, money columns carry the currency, quantities
read in their row's unit, codes read as words, months as "Oct 2026". Every table can be downloaded as
CSV and .xlsx (formula-safe, see realize.report.export).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pandas as pd
import streamlit as st

from realize.contract import catalog
from realize.report import charts, formats
from realize.web import downloads

STATUS_COLUMNS = frozenset({"status", "realization_status", "cost_status", "delivery_status"})
STATUS_LABELS = {formats.label(code): code for code in catalog.STATUS_CODES}
CURRENCY_FORMATS = {"USD": "dollar", "EUR": "euro", "JPY": "yen"}
# The columns that name a row: pinned on the left so they stay in view when a wide table scrolls.
PINNED_COLUMNS = frozenset(
    {"initiative_id", "benefit_id", "milestone_id", "kpi_id", "action_id", "initiative_name", "benefit_name"}
)


def _is_date_column(name: str) -> bool:
    # 'planned_to_date' is an amount up to a date, not a date
    return name in catalog.MONTH_COLUMNS or (name.endswith(("_date", "_on", "_at")) and not name.endswith("_to_date"))


def _quantities(frame: pd.DataFrame) -> list[str]:
    """Columns holding amounts in each row's own unit (only a frame with a `unit` column has any)."""
    return [name for name in frame.columns if "unit" in frame.columns and name in catalog.QUANTITY_COLUMNS]


def for_reading(frame: pd.DataFrame, currency: str) -> pd.DataFrame:
    """The frame as people read it: codes as words, quantities with their unit ('19,200 hours'), dates as dates."""
    shown = formats.worded(frame)
    for name in _quantities(frame):
        pairs = zip(frame[name], frame["unit"], strict=True)
        shown[name] = [formats.quantity(value, unit, currency) for value, unit in pairs]
    for name in frame.columns:
        if _is_date_column(name) and not pd.api.types.is_datetime64_any_dtype(frame[name]):
            shown[name] = pd.to_datetime(frame[name], errors="coerce")
    return shown


def column_config(frame: pd.DataFrame, currency: str, quantities: Collection[str] = ()) -> dict[str, object]:
    """Headers and number formats for every column of a frame made by for_reading (quantities: as text)."""
    money_format = CURRENCY_FORMATS.get(currency, "accounting")
    suffix = "" if currency in CURRENCY_FORMATS else f" ({currency})"
    config: dict[str, object] = {}
    for name in frame.columns:
        title = formats.header(name)
        column = frame[name]
        pinned = True if name in PINNED_COLUMNS else None
        if name in quantities:
            config[name] = st.column_config.TextColumn(title, alignment="right")
        elif name in catalog.MONEY_COLUMNS or name in catalog.QUANTITY_COLUMNS:
            # step sets the shown precision: whole units of money, whole percentages
            config[name] = st.column_config.NumberColumn(title + suffix, format=money_format, step=1)
        elif catalog.is_rate(name):
            config[name] = st.column_config.NumberColumn(title, format="percent", step=0.01)
        elif pd.api.types.is_datetime64_any_dtype(column):
            shape = "MMM YYYY" if name in catalog.MONTH_COLUMNS else "D MMM YYYY"
            config[name] = st.column_config.DateColumn(title, format=shape, pinned=pinned)
        elif pd.api.types.is_bool_dtype(column):
            config[name] = st.column_config.CheckboxColumn(title)
        elif pd.api.types.is_float_dtype(column):
            config[name] = st.column_config.NumberColumn(title, format="localized")
        else:
            config[name] = st.column_config.Column(title, pinned=pinned)
    return config


def _status_style(value: object) -> str:
    code = STATUS_LABELS.get(value) if isinstance(value, str) else None
    if code is None:
        return ""
    colour = charts.STATUS_COLORS[code]
    text = "#1f1f1f" if code == "amber" else "white"
    return f"background-color: {colour}; color: {text}; font-weight: 600"


# Colouring cells goes through a pandas Styler, which Streamlit renders cell by cell: beyond
# this many rows a table shows its status words uncoloured and stays quick.
STYLED_ROWS = 500


def styled(frame: pd.DataFrame) -> pd.DataFrame | object:
    """Status columns coloured green, amber or red (a pandas Styler) when there are any."""
    status = [name for name in frame.columns if name in STATUS_COLUMNS]
    if not status or frame.empty or len(frame) > STYLED_ROWS:
        return frame
    return frame.style.map(_status_style, subset=status)


def table(
    frame: pd.DataFrame,
    *,
    key: str,
    currency: str,
    columns: Sequence[str] | None = None,
    file_stem: str | None = None,
    height: int | str = "auto",
) -> None:
    """A table with readable headers and formats, status colours, and CSV/Excel downloads of what is shown."""
    chosen = list(columns) if columns is not None else list(frame.columns)
    quantities = _quantities(frame)
    readable = for_reading(frame, currency)[chosen]
    # a download keeps quantities as numbers, so it carries their unit even where the page folds it in
    unit = ["unit"] if quantities and "unit" not in chosen and set(quantities) & set(chosen) else []
    shown = frame[chosen + unit]
    st.dataframe(
        styled(readable),
        hide_index=True,
        column_config=column_config(readable, currency, quantities),
        key=key,
        height=height,
        placeholder="–",
    )
    downloads.download_buttons(shown, file_stem or key, key=f"{key}_download", currency=currency)
