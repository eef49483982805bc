"""The bundled sample portfolio (SPEC section 1): loaded on first start, brought back on request.

While it is what the app shows, every page says so; the first real upload reverts it in the same
transaction (the ledger does that as it applies the upload).
"""

from __future__ import annotations

from functools import cache

from realize.contract.roles import SYSTEM, Editor
from realize.intake.ingest import NothingStored, ParsedUpload, SourceFile, parse_upload
from realize.ledger.store import SAMPLE_WORKBOOK, Applied, Refused, Store


def load_if_empty(store: Store) -> Applied | None:
    """On first start with an empty database, load the bundled sample portfolio.

    Several processes starting at once on a new lake all find it empty; the ledger applies the sample once
    and refuses the others as duplicates, which is no error here.
    """
    with store.writing():
        if not store.is_empty():
            return None
        try:
            return store.apply(_first_start_sample(), SYSTEM, note="bundled sample portfolio, loaded on first start")
        except Refused:
            if store.is_empty():
                raise
            return None


def load_again(store: Store, editor: Editor) -> Applied:
    """Bring the sample back when nothing else is shown (after the only upload was reverted).

    It goes away again, as on first start, when the next real upload is applied.
    """
    with store.writing():
        if not store.holds_no_data():
            raise Refused("The sample can only be loaded into an empty portfolio: revert the uploads first.")
        return store.apply(_sample_upload(store), editor, note="bundled sample portfolio, loaded again")


@cache
def _first_start_sample() -> ParsedUpload:
    """The sample read and checked for an empty database, once per process: every first start reads it alike
    (nothing stored, the default settings), and a process may open several new databases."""
    return parse_upload([SourceFile(SAMPLE_WORKBOOK.name, SAMPLE_WORKBOOK.read_bytes())], NothingStored())


def _sample_upload(store: Store) -> ParsedUpload:
    return parse_upload([SourceFile(SAMPLE_WORKBOOK.name, SAMPLE_WORKBOOK.read_bytes())], store)
