"""Widgets the pages share: headline cards, charts, decision cards, badges, captions."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from realize.contract.catalog import STATUS_CODES
from realize.report import formats


def metrics_row(metrics: list, per_row: int = 4) -> None:
    """Headline metrics (realize.report.headlines.Metric) as bordered cards, at most `per_row` to a row.

    A row is a wrapping flex row, not equal columns: each card is at least as wide as its label, value and
    delta, shares out the rest of the row, and moves to a new line when the row has no room for it, so no
    label, value or delta is cut with an ellipsis, whatever the words (as long as one card fits the page).
    """
    for start in range(0, len(metrics), per_row):
        with st.container(horizontal=True, gap="small"):
            for metric in metrics[start : start + per_row]:
                st.metric(
                    metric.label,
                    metric.value,
                    delta=metric.delta,
                    delta_color=metric.delta_color,
                    delta_arrow=metric.arrow,
                    help=metric.help,
                    border=True,
                    height="stretch",
                )


def chart(figure: object, empty_message: str) -> None:
    """An Altair chart, or the reason there is none."""
    if figure is None:
        st.info(empty_message)
    else:
        st.altair_chart(figure, width="stretch")


def decision_card(card: dict[str, object]) -> None:
    """What a KPI means and what we do when it drifts, as a sponsor reads it."""

    def text(name: str) -> str:
        value = card.get(name)
        return "–" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)

    unit = "" if text("unit") == "–" else f" {text('unit')}"
    better = "higher is better" if card.get("direction") == "higher_is_better" else "lower is better"
    st.markdown(
        f"**Definition:** {text('definition')}  \n"
        f"**Why it matters:** {text('rationale')}  \n"
        f"**Target:** {text('target')}{unit} ({better}) · **Red beyond:** {text('threshold')}{unit}  \n"
        f"**When it drifts:** {text('response')}  \n"
        f"**Owner:** {text('owner')} · **Measured:** {text('frequency')}, {text('indicator')} indicator"
    )
    if not card.get("card_complete"):
        st.caption(
            "This card is incomplete: fill in the definition, the reason, the response, the owner and the target."
        )


def seed_from_link(key: str, allowed: list[str]) -> None:
    """A page widget takes its first value from the link (?key=value) when the link names an allowed value."""
    if key in st.session_state:
        return
    wanted = st.query_params.get(key)
    if wanted in allowed:
        st.session_state[key] = wanted


def initiative_caption(summary: pd.Series, as_of: dt.date) -> str:
    parts = [
        f"Owner {summary['owner']}",
        f"sponsor {summary['sponsor']}" if isinstance(summary.get("sponsor"), str) else None,
        summary["portfolio"] if isinstance(summary.get("portfolio"), str) else None,
        f"Status {formats.label(summary['status'])}" if isinstance(summary.get("status"), str) else None,
        f"as of {formats.day(as_of)}",
    ]
    return " · ".join(part for part in parts if part)


def status_badges(summary: pd.Series) -> None:
    """Benefits, cost and delivery status as coloured badges (grey when there is nothing to rate yet)."""
    colours = dict(zip(STATUS_CODES, ("green", "orange", "red"), strict=True))  # Streamlit's badge colours
    badges = []
    for label, column in (("Benefits", "realization_status"), ("Cost", "cost_status"), ("Delivery", "delivery_status")):
        status = summary.get(column)
        if isinstance(status, str) and status in colours:
            badges.append(f":{colours[status]}-badge[{label}: {formats.label(status)}]")
        else:
            badges.append(f":gray-badge[{label}: not rated yet]")
    st.markdown(" ".join(badges))
