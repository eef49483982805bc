"""The commands that read uploads and keep the ledger: check, import, mappings, history, revert."""

from __future__ import annotations

import argparse

import pandas as pd

from realize.cli import DONE, REFUSED, UsageError
from realize.cli.common import command_line_editor, location_of, open_store, print_table, start_making
from realize.intake.ingest import ParsedUpload
from realize.intake.mapping import Answers, MapOptionError
from realize.report.formats import count_of
from realize.service import uploads
from realize.service.history import history_table, mappings_table


def answers_from(args: argparse.Namespace) -> Answers:
    try:
        return Answers.from_options(args.map)
    except MapOptionError as error:
        raise UsageError(str(error)) from None


def print_issues(upload: ParsedUpload) -> None:
    print_mappings_taken(upload)
    issues = upload.issue_frame()
    issues = issues[issues["rule"] != "question"]
    if not issues.empty:
        issues["row"] = issues["row"].astype("string").fillna("")
        with pd.option_context("display.max_colwidth", 160, "display.width", 250):
            print(issues.to_string(index=False))
    if upload.questions:
        print(
            f"\n{len(upload.questions)} question(s) to answer before anything can be applied; "
            "answer each with one of the --map options under it:"
        )
        for line in upload.question_lines():
            print(line)


def print_mappings_taken(upload: ParsedUpload) -> None:
    """How each file sheet was read, where it is not the template's own name."""
    for mapping in upload.mappings:
        if mapping.sheet is None or mapping.label == mapping.sheet:
            continue
        print(f"Sheet '{mapping.label}' read as {mapping.sheet} ({mapping.how}, {mapping.confidence:.0%}).")


def summary(upload: ParsedUpload) -> str:
    rows = ", ".join(f"{name}: {count_of(count, 'row')}" for name, count in upload.rows_per_sheet.items())
    asked = f", {len(upload.questions)} question(s)" if upload.questions else ""
    return f"{len(upload.errors)} error(s){asked}, {len(upload.warnings)} warning(s); {rows or 'no sheets read'}"


def run_check(args: argparse.Namespace) -> int:
    """Validate against the stored data when the database exists; never create or write it."""
    location = location_of(args)
    store = open_store(args) if location.exists() else None
    upload = uploads.check(args.sources, store, answers_from(args), args.started)
    print_issues(upload)
    print(summary(upload))
    return DONE if upload.ok else REFUSED


def run_import(args: argparse.Namespace) -> int:
    answers = answers_from(args)
    location = location_of(args)
    store = open_store(args, location) if location.exists() else start_making(args, location)
    editor = command_line_editor(args)
    try:
        upload, applied = uploads.check_and_apply(args.sources, store, editor, answers, args.started, args.reason)
    except uploads.RebaselineWithoutReason as refused:
        print("This upload re-baselines:")
        for rebaseline in refused.rebaselines:
            print(f"  - {uploads.rebaseline_words(rebaseline)}")
        print("Say why with --reason TEXT (kept in the ledger with the upload): nothing was applied.")
        return REFUSED
    print_issues(upload)
    if applied is None:
        print(f"{summary(upload)}: nothing was applied.")
        return REFUSED
    print(f"Applied upload #{applied.upload_id}: {summary(upload)}.")
    if args.reason.strip():
        print(f"Reason recorded with it: {args.reason.strip()}")
    if applied.mapping_id is not None:
        print(
            f"Saved the mapping of {count_of(len(upload.to_save), 'sheet layout')} as ledger entry "
            f"#{applied.mapping_id}: the next file laid out the same way is read the same way."
        )
    if applied.replaced_sample:
        print("The sample portfolio was reverted: the data shown is now yours.")
    return DONE


def run_mappings(args: argparse.Namespace) -> int:
    empty = "No saved mappings yet: they are saved when an upload whose questions you answered is applied."
    print_table(mappings_table(open_store(args)), args.format, empty, width=80)
    return DONE


def run_history(args: argparse.Namespace) -> int:
    print_table(history_table(open_store(args)), args.format, "No uploads yet.", width=120)
    return DONE


def run_revert(args: argparse.Namespace) -> int:
    reverted = uploads.revert(open_store(args), args.upload_id, command_line_editor(args))
    print(f"Reverted upload #{reverted.upload_id} (ledger entry #{reverted.revert_id}).")
    return DONE
