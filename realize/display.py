"""Tables as people read them: labelled columns, money with the currency, rates as %, status colours, downloads.

Column roles follow the measures' naming: `_rate`, `_share` and `roi_` columns
are fractions shown as percentages; money columns are listed once here;
`*_status` and `status` hold green/amber/red. Every table can be downloaded as
CSV and .xlsx (formula-safe, see realize.export).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from realize import charts, webapp

MONEY_COLUMNS = frozenset(
    {
        "budget",
        "planned",
        "planned_to_date",
        "actual_to_date",
        "cost_variance",
        "tco_planned",
        "tco_forecast",
        "planned_value_to_date",
        "realized_value_to_date",
        "planned_value_total",
        "net_value_to_date",
        "npv_planned",
        "npv_forecast",
        "unit_value",
        "planned_value",
        "realized_value",
    }
)
STATUS_COLUMNS = frozenset({"status", "realization_status", "cost_status", "delivery_status"})
STATUS_WORDS = frozenset({"green", "amber", "red"})
CURRENCY_FORMATS = {"USD": "dollar", "EUR": "euro", "JPY": "yen"}


def is_rate(name: str) -> bool:
    return name.endswith(("_rate", "_share")) or name.startswith("roi_")


def label(name: str) -> str:
    """A column name as a header: 'realized_value_to_date' -> 'Realized value to date'."""
    text = name.replace("_", " ")
    for word, shown in (("roi", "ROI"), ("npv", "NPV"), ("tco", "TCO"), ("kpi", "KPI"), ("kpis", "KPIs"), ("id", "ID")):
        text = " ".join(shown if part == word else part for part in text.split(" "))
    return text[:1].upper() + text[1:]


def column_config(frame: pd.DataFrame, currency: str) -> dict[str, object]:
    """Headers and number formats for every column of a view's frame."""
    money_format = CURRENCY_FORMATS.get(currency, "accounting")
    suffix = "" if currency in CURRENCY_FORMATS else f" ({currency})"
    config: dict[str, object] = {}
    for name in frame.columns:
        title = label(name)
        column = frame[name]
        if name in MONEY_COLUMNS:
            # step sets the shown precision: whole units of money, percentages to one decimal
            config[name] = st.column_config.NumberColumn(title + suffix, format=money_format, step=1)
        elif is_rate(name):
            config[name] = st.column_config.NumberColumn(title, format="percent", step=0.001)
        elif pd.api.types.is_datetime64_any_dtype(column):
            config[name] = st.column_config.DateColumn(title, format="YYYY-MM-DD")
        elif pd.api.types.is_bool_dtype(column):
            config[name] = st.column_config.CheckboxColumn(title)
        elif pd.api.types.is_float_dtype(column):
            config[name] = st.column_config.NumberColumn(title, format="localized")
        else:
            config[name] = st.column_config.Column(title)
    return config


def _status_style(value: object) -> str:
    colour = charts.STATUS_COLORS.get(str(value)) if value in STATUS_WORDS else None
    if colour is None:
        return ""
    text = "#1f1f1f" if value == "amber" else "white"
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
    shown = frame[list(columns)] if columns is not None else frame
    st.dataframe(
        styled(shown),
        hide_index=True,
        column_config=column_config(shown, currency),
        key=key,
        height=height,
        placeholder="–",
    )
    webapp.download_buttons(shown, file_stem or key, key=f"{key}_download")
