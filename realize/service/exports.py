"""Exports the command line and the web both make: the whole portfolio in template form, re-uploadable."""

from __future__ import annotations

import pandas as pd

from realize import measures
from realize.contract import catalog, schema
from realize.ledger.store import Store
from realize.measures import Filters


def everything(store: Store, filters: Filters) -> dict[str, pd.DataFrame]:
    """An About table, every named view for these filters, then the current data of every sheet.

    The data sheets carry the template's names, so the workbook can be uploaded again.
    """
    about = pd.DataFrame(
        {
            "item": ["as of", "exported at (UTC)", *store.settings()],
            "value": [
                filters.as_of.isoformat(),
                pd.Timestamp.now("UTC").strftime("%Y-%m-%d %H:%M"),
                *(str(value) for value in store.settings().values()),
            ],
        }
    )
    frames: dict[str, pd.DataFrame] = {"About": about}
    for view in catalog.NAMED_VIEWS:
        frames[view] = measures.run(store, view, filters)
    for sheet in schema.SHEETS:
        frames[sheet.name] = store.current(sheet.name)
    return frames
