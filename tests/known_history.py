"""A hand-built history of the ledger for the time-travel tests (test_known_at, test_changes): upload A (the
sample portfolio as an ordinary upload), upload B (one initiative's committed milestone date moved, one benefit's
past and future plan changed and an actual recorded), a settings entry S (discount rate), then C reverting B, each
recorded on a day of its own (UTC). `history` is a fixture (registered in tests/conftest.py), one per module.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from realize import measures
from realize.intake.ingest import SourceFile, parse_upload
from realize.ledger.store import Store
from realize.report import export
from realize.service import exports
from tests.conftest import SAMPLE, editor

AS_OF = dt.date(2026, 11, 22)


@dataclass
class History:
    path: Path
    store: Store
    only_a: Store
    a: int
    b: int
    s: int
    c: int
    moved: pd.Series  # the milestone whose committed date B moved, as A had it
    benefit_id: str


def portfolio_a(folder: Path) -> SourceFile:
    """The sample portfolio as an ordinary upload (exported and read back: not the sample's own file)."""
    sample = Store(folder / "sample.duckdb")
    sample.apply(parse_upload([SourceFile(SAMPLE.name, SAMPLE.read_bytes())]), editor("PMO"))
    content = export.xlsx_bytes(exports.everything(sample, measures.Filters(as_of=AS_OF)))
    sample.close()
    return SourceFile("portfolio.xlsx", content)


def csv_of(name: str, frame: pd.DataFrame) -> SourceFile:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, date_format="%Y-%m-%d")
    return SourceFile(f"{name}.csv", buffer.getvalue().encode())


def upload_b(store: Store) -> tuple[list[SourceFile], pd.Series, str]:
    """One initiative's milestones with a committed date moved; one benefit's months with a past plan and a future
    plan changed and a realized value recorded where there was none."""
    milestones = store.current("milestones")
    moved = milestones.iloc[0].copy()
    mine = milestones[milestones["initiative_id"] == moved["initiative_id"]].copy()
    mine.loc[mine["milestone_id"] == moved["milestone_id"], "baseline_date"] = moved["baseline_date"] + pd.Timedelta(
        days=91
    )
    measurements = store.current("benefit_measurements")
    benefit_id = measurements["benefit_id"].iloc[0]
    months = measurements[measurements["benefit_id"] == benefit_id].copy().reset_index(drop=True)
    past = months.index[months["period"] <= pd.Timestamp(AS_OF)]
    future = months.index[months["period"] > pd.Timestamp(AS_OF)]
    assert len(past) >= 2 and len(future) >= 1, "the sample's first benefit spans the as-of date"
    months.loc[past[0], "planned"] = months.loc[past[0], "planned"] + 500
    months.loc[future[0], "planned"] = months.loc[future[0], "planned"] + 700
    recorded = months.loc[past[-1], "realized"]
    months.loc[past[-1], "realized"] = (0 if pd.isna(recorded) else recorded) + 300
    return [csv_of("milestones", mine), csv_of("benefit_measurements", months)], moved, benefit_id


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[History]:
    folder = tmp_path_factory.mktemp("known_at")
    a_file = portfolio_a(folder)
    only_a = Store(folder / "only_a.duckdb")
    only_a.apply(parse_upload([a_file]), editor("Ann"))
    path = folder / "history.duckdb"
    store = Store(path)
    a = store.apply(parse_upload([a_file], store), editor("Ann")).upload_id
    b_files, moved, benefit_id = upload_b(store)
    b_upload = parse_upload(b_files, store)
    assert b_upload.ok, b_upload.issue_frame().to_string()
    b = store.apply(b_upload, editor("Bob")).upload_id
    s = store.save_settings({"discount_rate": 0.12}, editor("Fay"))
    assert s is not None
    c = store.revert(b, editor("Ann")).revert_id
    # the ledger's clock, as if each entry had been recorded on its own day (UTC)
    days = {a: "2026-03-01 10:00", b: "2026-03-05 09:00", s: "2026-03-05 23:59", c: "2026-03-09 08:00"}
    for upload_id, moment in days.items():
        store.read(
            lambda cursor, upload_id=upload_id, moment=moment: cursor.execute(
                "update ledger set recorded_at = $moment::timestamp where upload_id = $id",
                {"moment": moment, "id": upload_id},
            )
        )
    yield History(path, store, only_a, a, b, s, c, moved, benefit_id)
    store.close()
    only_a.close()
