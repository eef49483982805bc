"""Check, import and revert: what the command line and the Data page both call (SPEC section 5).

Reading and validating never touch the database beyond reading the stored keys and settings;
applying and reverting are one ledger entry each, written by the ledger under its write lock
(which checks the keys again and refuses an upload already applied).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from concurrent.futures import Future
from dataclasses import asdict

from realize.contract.refusals import Refused
from realize.contract.roles import Editor
from realize.intake.ingest import (
    ParsedUpload,
    ReadingOptions,
    ReadUpload,
    Ready,
    SourceFile,
    Started,
    interpret,
    read_upload,
)
from realize.intake.mapping import Answers
from realize.ledger.store import Applied, Reverted, Store, UploadWriter, duplicate_message
from realize.report import revisions
from realize.service import changes


def reading_options(store: Store | None) -> ReadingOptions:
    """How files are read under the stored settings (the defaults when there is no database yet)."""
    return ReadingOptions.from_settings(store.settings() if store is not None else {})


def read(files: Iterable[SourceFile], store: Store | None, started: Mapping[str, Started] | None = None) -> ReadUpload:
    """The files read into raw sheets, once per upload: recognition can then run again with each answer.

    `started`: files whose reading was started before the store was opened (by sha256)."""
    return read_upload(files, reading_options(store), started)


def recognise(
    read_files: ReadUpload, store: Store | None, answers: Answers | None = None, ready: Ready | None = None
) -> ParsedUpload:
    """Sheets and columns recognised with the answers given so far, rows typed and checked against the store.

    `ready`: told each sheet's final rows as soon as they are typed (see `interpret`)."""
    version = store.data_version() if store is not None else None  # read first: the checks see at least this
    upload = interpret(read_files, store, answers, ready)
    upload.checked_at_version = version
    return upload


def check(
    files: Iterable[SourceFile],
    store: Store | None,
    answers: Answers | None = None,
    started: Mapping[str, Started] | None = None,
) -> ParsedUpload:
    """Read, recognise and validate an upload; nothing is written anywhere."""
    return recognise(read(files, store, started), store, answers)


def check_and_apply(
    files: Iterable[SourceFile],
    store: Store | Future[Store],
    editor: Editor,
    answers: Answers | None = None,
    started: Mapping[str, Started] | None = None,
    reason: str = "",
) -> tuple[ParsedUpload, Applied | None]:
    """Check an upload and apply it when it passes, in one go (the command line's import): each sheet is written,
    in a transaction not yet committed, as soon as it is typed, while the others are typed and checked. None
    applied when the check fails; then nothing was kept.

    A re-baseline (SPEC section 3) needs a `reason`, kept in the ledger: without one, RebaselineWithoutReason
    names each and nothing is kept.

    `store` may be a new database still being made (its tables and views): the files are then read and checked
    as against an empty one meanwhile (a database made by someone else in between is caught before committing)."""
    making = store if isinstance(store, Future) else None
    opened = store if isinstance(store, Store) else None
    try:
        read_files = read(files, opened, started)
        writer = UploadWriter(store, read_files.files, editor)
        try:
            upload = recognise(read_files, opened, answers, writer.add)
            if making is not None:
                upload.checked_at_version = 0  # a new database holds nothing
        except BaseException:
            writer.abandon()
            raise
        if not upload.ok:
            writer.abandon()
            return upload, None
        moved = rebaselines(opened, upload) if opened is not None else []  # a new database holds nothing to move
        if moved and not reason.strip():
            writer.abandon()
            raise RebaselineWithoutReason(moved)
        return upload, writer.finish(upload, note=reason.strip())
    finally:
        if making is not None:
            making.result()  # made whole (and so closed whole) whatever became of the upload


class RebaselineWithoutReason(Refused):
    """An upload that re-baselines, applied without a reason: nothing was applied."""

    def __init__(self, rebaselines: list[changes.Rebaseline]) -> None:
        self.rebaselines = rebaselines
        said = "; ".join(rebaseline_words(rebaseline) for rebaseline in rebaselines)
        super().__init__(
            f"This upload re-baselines ({said}): give the reason (kept in the ledger with the upload; --reason on "
            "the command line). Nothing was applied."
        )


def rebaseline_words(rebaseline: changes.Rebaseline) -> str:
    """'M3 Legacy payroll switched off: committed date 31 Mar 2026 → 30 Jun 2026'."""
    said = asdict(rebaseline)
    del said["sheet"]
    return revisions.rebaseline_sentence(**said)


def already_uploaded(store: Store, upload: ParsedUpload) -> str | None:
    """What to tell an editor whose files are already applied and still count; None when they are new."""
    if not upload.tables:
        return None
    entry = store.find_live_duplicate(upload.sha256)
    return None if entry is None else duplicate_message(entry)


def apply(store: Store, upload: ParsedUpload, editor: Editor, reason: str = "") -> Applied:
    """A validated upload applied as one ledger entry (the sample portfolio reverted if it was showing); one that
    re-baselines needs a `reason`, kept with it (RebaselineWithoutReason otherwise)."""
    if not reason.strip() and (moved := rebaselines(store, upload)):
        raise RebaselineWithoutReason(moved)
    return store.apply(upload, editor, note=reason.strip())


def rebaselines(store: Store, upload: ParsedUpload) -> list[changes.Rebaseline]:
    """The re-baselines applying this checked upload would make now (none while the sample is showing: applying
    an upload removes the sample, it does not re-plan it)."""
    return [] if store.showing_sample() else changes.upload_rebaselines(store, upload)


def revert(store: Store, upload_id: int, editor: Editor) -> Reverted:
    """An upload reverted by a new ledger entry: earlier rows count again wherever it was the latest."""
    return store.revert(upload_id, editor)
