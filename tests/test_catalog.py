"""The view catalog: each view declared once, created after every view its SQL reads, with a SQL file."""

from __future__ import annotations

import re

import pytest

from realize.contract import catalog
from realize.ledger import sql
from realize.ledger.sql import QUERIES, creation_order


def test_every_catalogued_view_has_its_sql_file_and_is_created_after_what_it_reads() -> None:
    order = creation_order(catalog.VIEWS)
    assert sorted(order) == sorted(catalog.VIEWS)
    for view in catalog.VIEWS:
        assert (QUERIES / f"{view}.sql").is_file(), view
        code = re.sub(r"--[^\n]*", "", sql.sql_text(view))
        for other in catalog.VIEWS:
            if other != view and re.search(rf"\b{other}\b", code):
                assert order.index(other) < order.index(view), f"{view} reads {other}"
    # the summary reads the views it sums, whatever order they are declared in
    assert order.index("initiative_summary") > order.index("tco")
    assert catalog.VIEWS.index("initiative_summary") < catalog.VIEWS.index("milestone_status")


def test_views_that_read_each_other_in_a_circle_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = {"a": "select * from b", "b": "select * from a -- and c", "c": "select 1"}
    monkeypatch.setattr(sql, "sql_text", texts.__getitem__)
    with pytest.raises(ValueError, match="circle"):
        creation_order(("a", "b", "c"))
    texts["b"] = "select 1 -- not a read of a"
    assert creation_order(("a", "b", "c")) == ["b", "c", "a"]


def test_a_view_is_declared_once_and_the_named_ones_say_what_a_row_is() -> None:
    names = [view.name for view in catalog.CATALOG]
    assert len(names) == len(set(names))
    assert list(catalog.NAMED_VIEWS) == [
        "benefit_realization",
        "tco",
        "initiative_summary",
        "milestone_status",
        "scorecard",
        "action_status",
        "owner_accountability",
        "upload_history",
    ]
    assert "upload_history" not in catalog.VIEWS  # the ledger makes it beside its tables
    assert {"upload_history"} == catalog.DESCENDING
