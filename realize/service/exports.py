"""Exports the command line and the web both make: the whole portfolio in template form, re-uploadable."""

from __future__ import annotations

import pandas as pd

from realize import measures
from realize.contract import catalog, schema
from realize.ledger.store import Store
from realize.measures import Filters


def everything(store: Store, filters: Filters) -> dict[str, pd.DataFrame]:
    """An About table, every named view for these filters, then the current data of every sheet (as known at the
    filters' ledger point).

    The data sheets carry the template's names, so the workbook can be uploaded again.
    """
    settings = store.settings(filters.known_at)
    known = "now" if filters.known_at is None else f"after ledger entry #{filters.known_at}"
    about = pd.DataFrame(
        {
            "item": ["as of", "data as known", "exported at (UTC)", *settings],
            "value": [
                filters.as_of.isoformat(),
                known,
                pd.Timestamp.now("UTC").strftime("%Y-%m-%d %H:%M"),
                *(str(value) for value in settings.values()),
            ],
        }
    )
    frames: dict[str, pd.DataFrame] = {"About": about}
    for view in catalog.NAMED_VIEWS:
        frames[view] = measures.run(store, view, filters)
    for sheet in schema.SHEETS:
        frames[sheet.name] = store.current(sheet.name, filters.known_at)
    return frames
