"""SQL text: the query files in queries/ and the one way identifiers get into SQL.

Values are always bound parameters. Identifiers (table, view and column names)
come only from realize/contract/schema.py and realize/measures.py, and are checked to be
plain names before they are placed in a query.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

QUERIES = Path(__file__).resolve().parents[2] / "queries"
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


@cache
def sql_text(name: str) -> str:
    """The text of queries/<name>.sql."""
    return (QUERIES / f"{name}.sql").read_text()


def identifier(name: str) -> str:
    """The name itself, once checked to be a plain lower-case identifier."""
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not an identifier: {name!r}")
    return name


def with_identifiers(template: str, **identifiers: str | tuple[str, ...]) -> str:
    """SQL text with {placeholders} filled by identifiers (a tuple: a comma-separated list)."""
    filled = {
        key: ", ".join(identifier(name) for name in value) if isinstance(value, tuple) else identifier(value)
        for key, value in identifiers.items()
    }
    return template.format(**filled)


def render(name: str, **identifiers: str | tuple[str, ...]) -> str:
    """A query file with its identifier placeholders filled in."""
    return with_identifiers(sql_text(name), **identifiers)


def creation_order(views: Sequence[str]) -> list[str]:
    """The views in an order where each comes after every view its SQL reads (found by name in its text)."""
    reads = {view: {other for other in views if other != view and _names(other, view)} for view in views}
    ordered: list[str] = []
    while len(ordered) < len(views):
        ready = [view for view in views if view not in ordered and reads[view] <= set(ordered)]
        if not ready:
            raise ValueError(f"these views read each other in a circle: {sorted(set(views) - set(ordered))}")
        ordered += ready
    return ordered


def _names(view: str, reader: str) -> bool:
    """Whether queries/<reader>.sql reads `view` (comments left out: they may mention any view)."""
    code = re.sub(r"--[^\n]*", "", sql_text(reader))
    return re.search(rf"\b{re.escape(view)}\b", code) is not None
