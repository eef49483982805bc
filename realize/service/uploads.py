"""Check, import and revert: what the command line and the Data page both call (SPEC section 5).

Reading and validating never touch the database beyond reading the stored keys and settings;
applying and reverting are one ledger entry each, written by the ledger under its write lock
(which checks the keys again and refuses an upload already applied).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from concurrent.futures import Future

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
) -> tuple[ParsedUpload, Applied | None]:
    """Check an upload and apply it when it passes, in one go (the command line's import): each sheet is written,
    in a transaction not yet committed, as soon as it is typed, while the others are typed and checked. None
    applied when the check fails; then nothing was kept.

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
        return upload, writer.finish(upload)
    finally:
        if making is not None:
            making.result()  # made whole (and so closed whole) whatever became of the upload


def already_uploaded(store: Store, upload: ParsedUpload) -> str | None:
    """What to tell an editor whose files are already applied and still count; None when they are new."""
    if not upload.tables:
        return None
    entry = store.find_live_duplicate(upload.sha256)
    return None if entry is None else duplicate_message(entry)


def apply(store: Store, upload: ParsedUpload, editor: Editor) -> Applied:
    """A validated upload applied as one ledger entry (the sample portfolio reverted if it was showing)."""
    return store.apply(upload, editor)


def revert(store: Store, upload_id: int, editor: Editor) -> Reverted:
    """An upload reverted by a new ledger entry: earlier rows count again wherever it was the latest."""
    return store.revert(upload_id, editor)
