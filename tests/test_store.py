"""The ledger: scoped replace, revert, duplicates, one transaction per upload, the sample."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from realize.intake.ingest import SourceFile, parse_upload
from realize.intake.mapping import Answers
from realize.ledger import store as store_module
from realize.ledger.store import Refused, Store
from realize.service import review_actions, sample_portfolio, uploads
from realize.service.history import history_table
from tests.conftest import ROOT, SAMPLE, csv_file, editor, initiatives_csv, milestones_csv

FIXTURES = ROOT / "tests" / "fixtures"


def apply(store: Store, by: str, *files) -> int:
    upload = parse_upload(list(files), store)
    assert upload.ok, upload.issue_frame().to_string()
    return store.apply(upload, editor(by)).upload_id


def milestones(store: Store) -> dict[str, tuple[str, str]]:
    current = store.current("milestones")
    return {
        row.milestone_id: (row.initiative_id, f"{row.name} {row.baseline_date:%Y-%m-%d}")
        for row in current.itertuples()
    }


@pytest.fixture
def two_managers(store: Store) -> Store:
    """Ann uploads INI-A with two milestones; Bob uploads INI-B with one."""
    apply(
        store,
        "Ann Manager",
        initiatives_csv(("INI-A", "Cloud migration", "Ann Manager")),
        milestones_csv(
            ("MS-A1", "INI-A", "Landing zone", "Ann", "2025-03-31"),
            ("MS-A2", "INI-A", "First workloads", "Ann", "2025-06-30"),
        ),
    )
    apply(
        store,
        "Bob Manager",
        initiatives_csv(("INI-B", "Customer portal", "Bob Manager")),
        milestones_csv(("MS-B1", "INI-B", "Beta", "Bob", "2025-05-31")),
    )
    return store


def test_uploads_for_different_initiatives_both_stay_current(two_managers: Store) -> None:
    assert set(two_managers.current("initiatives")["initiative_id"]) == {"INI-A", "INI-B"}
    assert milestones(two_managers) == {
        "MS-A1": ("INI-A", "Landing zone 2025-03-31"),
        "MS-A2": ("INI-A", "First workloads 2025-06-30"),
        "MS-B1": ("INI-B", "Beta 2025-05-31"),
    }


def test_a_later_upload_replaces_only_its_own_scope_and_revert_restores(two_managers: Store) -> None:
    initiatives_before = two_managers.current("initiatives")
    third = apply(two_managers, "Ann Manager", milestones_csv(("MS-A1", "INI-A", "Landing zone", "Ann", "2025-04-30")))
    assert milestones(two_managers) == {
        "MS-A1": ("INI-A", "Landing zone 2025-04-30"),  # INI-A's two rows replaced by the one uploaded
        "MS-B1": ("INI-B", "Beta 2025-05-31"),  # untouched
    }
    pd.testing.assert_frame_equal(two_managers.current("initiatives"), initiatives_before)

    two_managers.revert(third, editor("Carol Finance"))
    assert milestones(two_managers) == {
        "MS-A1": ("INI-A", "Landing zone 2025-03-31"),
        "MS-A2": ("INI-A", "First workloads 2025-06-30"),
        "MS-B1": ("INI-B", "Beta 2025-05-31"),
    }


def test_history_lists_every_upload_with_who_when_and_what(two_managers: Store) -> None:
    third = apply(two_managers, "Ann Manager", milestones_csv(("MS-A1", "INI-A", "Landing zone", "Ann", "2025-04-30")))
    two_managers.revert(third, editor("Carol Finance"))
    history = history_table(two_managers)
    assert history["upload"].tolist() == [4, 3, 2, 1]
    assert history["who"].tolist() == ["Carol Finance", "Ann Manager", "Bob Manager", "Ann Manager"]
    assert history["what"].tolist() == [
        "reverted #3",
        "milestones: 1 row for initiative INI-A",
        "initiatives: 1 row for initiative INI-B; milestones: 1 row for initiative INI-B",
        "initiatives: 1 row for initiative INI-A; milestones: 2 rows for initiative INI-A",
    ]
    assert history["status"].tolist() == ["revert", "reverted", "current", "current"]
    assert history["when"].str.match(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$").all()
    assert history["files"].tolist()[1:] == [
        "milestones.csv",
        "initiatives.csv, milestones.csv",
        "initiatives.csv, milestones.csv",
    ]


def test_status_says_when_later_uploads_replaced_an_upload(two_managers: Store) -> None:
    apply(two_managers, "Ann", milestones_csv(("MS-A1", "INI-A", "Landing zone", "Ann", "2025-04-30")))
    status = dict(zip(history_table(two_managers)["upload"], history_table(two_managers)["status"], strict=True))
    # upload 1's milestones for INI-A are replaced; its initiative row still counts
    assert status == {3: "current", 2: "current", 1: "partly current"}


def test_the_same_files_twice_are_refused_and_nothing_is_written(two_managers: Store) -> None:
    version = two_managers.data_version()
    # the exact files of upload 2: the initiatives and milestones CSVs together
    again = parse_upload(
        [
            initiatives_csv(("INI-B", "Customer portal", "Bob Manager")),
            milestones_csv(("MS-B1", "INI-B", "Beta", "Bob", "2025-05-31")),
        ],
        two_managers,
    )
    with pytest.raises(Refused, match=r"already uploaded as #2 .* by Bob Manager"):
        two_managers.apply(again, editor("Bob Manager"))
    assert two_managers.data_version() == version


def test_a_reverted_upload_can_be_uploaded_again(two_managers: Store) -> None:
    files = [milestones_csv(("MS-A1", "INI-A", "Landing zone", "Ann", "2025-04-30"))]
    third = apply(two_managers, "Ann", *files)
    two_managers.revert(third, editor("Ann"))
    fifth = apply(two_managers, "Ann", *files)
    assert fifth == 5
    assert milestones(two_managers)["MS-A1"] == ("INI-A", "Landing zone 2025-04-30")


def test_an_upload_with_errors_is_refused_and_nothing_is_written(two_managers: Store) -> None:
    version = two_managers.data_version()
    bad = parse_upload([milestones_csv(("MS-A9", "INI-A", "Bad date", "Ann", "someday"))], two_managers)
    with pytest.raises(Refused, match="1 error"):
        two_managers.apply(bad, editor("Ann"))
    assert two_managers.data_version() == version
    assert "MS-A9" not in milestones(two_managers)


@pytest.mark.parametrize(
    ("upload_id", "message"),
    [(99, "There is no upload #99"), (3, "itself a revert"), (1, "already reverted")],
)
def test_reverts_that_make_no_sense_are_refused(two_managers: Store, upload_id: int, message: str) -> None:
    two_managers.revert(1, editor("Ann"))  # entry 3
    version = two_managers.data_version()
    with pytest.raises(Refused, match=message):
        two_managers.revert(upload_id, editor("Ann"))
    assert two_managers.data_version() == version


def test_a_failure_in_the_middle_of_applying_leaves_the_previous_state(
    two_managers: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {name: two_managers.current(name) for name in ("initiatives", "milestones")}
    version = two_managers.data_version()
    real_insert = Store._insert_rows
    calls = []

    def insert_then_fail(self, cursor, name, table, upload_id):  # type: ignore[no-untyped-def]
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_insert(self, cursor, name, table, upload_id)

    monkeypatch.setattr(Store, "_insert_rows", insert_then_fail)
    upload = parse_upload(
        [
            initiatives_csv(("INI-C", "ERP upgrade", "Cy")),
            milestones_csv(("MS-C1", "INI-C", "Design", "Cy", "2025-09-30")),
        ],
        two_managers,
    )
    with pytest.raises(OSError, match="disk full"):
        two_managers.apply(upload, editor("Cy"))
    assert calls == ["initiatives", "milestones"]
    assert two_managers.data_version() == version
    for name, frame in before.items():
        pd.testing.assert_frame_equal(two_managers.current(name), frame)


@pytest.mark.parametrize("checked_by", ["parse_upload", "service"])
def test_a_reference_broken_after_validation_is_caught_when_applying(two_managers: Store, checked_by: str) -> None:
    """Checked by the service, the upload knows the data version it was checked at: a write since then (here a
    revert) has the keys checked again inside the applying transaction."""
    files = [milestones_csv(("MS-B2", "INI-B", "Launch", "Bob", "2025-09-30"))]
    upload = parse_upload(files, two_managers) if checked_by == "parse_upload" else uploads.check(files, two_managers)
    assert upload.ok
    two_managers.revert(2, editor("Bob"))  # INI-B disappears
    with pytest.raises(Refused, match="Data changed since this upload was checked"):
        two_managers.apply(upload, editor("Bob"))


def test_data_survives_closing_and_reopening(tmp_path: Path) -> None:
    path = tmp_path / "kept.duckdb"
    first = Store(path)
    apply(first, "Ann", initiatives_csv(("INI-A", "Cloud", "Ann")))
    first.close()
    second = Store(path)
    assert second.current("initiatives")["initiative_id"].tolist() == ["INI-A"]
    assert second.data_version() == 1
    second.close()


def storage_version(path: Path) -> str:
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute(
            "select tags['storage_version'] from duckdb_databases() where path = $path", {"path": str(path)}
        ).fetchone()[0]


def test_a_new_database_file_takes_the_pinned_duckdbs_format_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    new = tmp_path / "new.duckdb"
    Store(new).close()
    assert storage_version(new).startswith("v1.5")  # its compression writes an upload a third faster
    with zipfile.ZipFile(FIXTURES / "previous_release.duckdb.zip") as archive:
        archive.extractall(tmp_path)
    old = tmp_path / "previous_release.duckdb"
    made_as = storage_version(old)
    store = Store(old)
    apply(store, "Ann", initiatives_csv(("INI-A", "Cloud", "Ann")))
    store.close()
    assert storage_version(old) == made_as  # still readable by the release that made it


def test_data_version_changes_on_every_write(two_managers: Store) -> None:
    versions = [two_managers.data_version()]
    third = apply(two_managers, "Ann", milestones_csv(("MS-A1", "INI-A", "Landing zone", "Ann", "2025-04-30")))
    versions.append(two_managers.data_version())
    two_managers.revert(third, editor("Ann"))
    versions.append(two_managers.data_version())
    assert versions == [2, 3, 4]


def test_the_sample_loads_once_on_an_empty_database_and_gives_way_to_real_data(store: Store) -> None:
    loaded = sample_portfolio.load_if_empty(store)
    assert loaded is not None and loaded.kind == "sample"
    assert store.showing_sample()
    assert sample_portfolio.load_if_empty(store) is None
    assert store.current_row_counts()["initiatives"] >= 8

    applied = store.apply(parse_upload([initiatives_csv(("MY-1", "Our own", "Me"))], store), editor("Me"))
    assert applied.replaced_sample
    assert not store.showing_sample()
    assert store.current("initiatives")["initiative_id"].tolist() == ["MY-1"]
    assert store.current_row_counts()["benefits"] == 0
    history = history_table(store)
    assert history["what"].iloc[1] == "reverted #1 (sample portfolio replaced by the first real upload)"


def test_importing_the_bundled_workbook_counts_as_the_sample(store: Store) -> None:
    upload = parse_upload([store_module.SourceFile(SAMPLE.name, SAMPLE.read_bytes())], store)
    assert upload.ok, upload.issue_frame().to_string()
    assert store.apply(upload, editor("Ann")).kind == "sample"
    assert store.showing_sample()


def test_settings_have_defaults_and_changes_are_ledger_entries(store: Store) -> None:
    assert store.settings()["discount_rate"] == 0.08
    assert store.settings()["fiscal_year_start"] == 1
    entry = store.save_settings(
        {"discount_rate": 0.1, "fiscal_year_start": 4, "reporting_currency": "USD"}, editor("Fay")
    )
    assert entry == 1
    assert store.settings()["discount_rate"] == 0.1 and store.settings()["fiscal_year_start"] == 4
    assert store.save_settings({"discount_rate": 0.1}, editor("Fay")) is None  # nothing changed, nothing recorded
    history = history_table(store)
    assert history["what"].tolist() == ["settings: discount_rate 0.08 -> 0.1; fiscal_year_start 1 -> 4"]
    store.revert(entry, editor("Fay"))
    assert store.settings()["discount_rate"] == 0.08


def test_impossible_settings_are_refused(store: Store) -> None:
    with pytest.raises(Refused, match="First month of the fiscal year must be at most 12"):
        store.save_settings({"fiscal_year_start": 13}, editor("Fay"))
    with pytest.raises(Refused, match="Cost green up to"):
        store.save_settings({"variance_green": 0.2}, editor("Fay"))  # looser than amber's 10 %
    assert store.data_version() == 0


def test_actions_recorded_in_the_app_are_ledger_entries(store: Store) -> None:
    apply(store, "Ann", initiatives_csv(("INI-A", "Cloud", "Ann")))
    first = review_actions.record(
        store,
        {
            "title": "Add a second region",
            "owner": "Ann",
            "raised_on": "2026-11-02",
            "due_date": "2026-12-15",
            "initiative_id": "INI-A",
        },
        editor("Ann"),
    )
    second = review_actions.record(
        store,
        {
            "title": "Review the plan",
            "owner": "Bob",
            "raised_on": "2026-11-02",
            "due_date": "2026-11-30",
            "initiative_id": "INI-A",
        },
        editor("Bob"),
    )
    assert (first, second) == ("ACT-001", "ACT-002")
    review_actions.close(
        store, first, editor("Carol"), status="done", closed_on=dt.date(2026, 12, 1), outcome="Latency halved"
    )
    actions = store.current("actions").set_index("action_id")
    assert actions.loc["ACT-001", "status"] == "done"
    assert actions.loc["ACT-001", "outcome"] == "Latency halved"
    assert actions.loc["ACT-002", "status"] == "open"
    assert history_table(store)["what"].tolist()[:3] == [
        "in the app: done ACT-001",
        "in the app: recorded action ACT-002: Review the plan",
        "in the app: recorded action ACT-001: Add a second region",
    ]


def test_a_new_action_is_checked_like_an_upload(store: Store) -> None:
    with pytest.raises(Refused, match="kpi_id 'KPI-X' does not exist"):
        review_actions.record(
            store,
            {"title": "x", "owner": "A", "raised_on": "2026-11-02", "due_date": "2026-11-30", "kpi_id": "KPI-X"},
            editor("A"),
        )
    with pytest.raises(Refused, match="Say what this responds to"):
        review_actions.record(
            store, {"title": "x", "owner": "A", "raised_on": "2026-11-02", "due_date": "2026-11-30"}, editor("A")
        )
    assert store.data_version() == 0


def test_edits_made_on_the_sample_go_with_it(store: Store) -> None:
    sample_portfolio.load_if_empty(store)
    recorded = review_actions.record(
        store,
        {"title": "Try it", "owner": "Me", "raised_on": "2026-11-22", "due_date": "2026-11-30", "kpi_id": "KPI-03"},
        editor("Me"),
    )
    assert recorded == "ACT-22"
    assert store.showing_sample()  # an edit is not real data
    apply(store, "Me", initiatives_csv(("MY-1", "Ours", "Me")))
    assert store.current("actions").empty


# --------------------------------------------------------------------------- saved mappings

OFFICE_COSTS = ("Project", "Month", "Category", "Budget", "Col F")


def office_costs(actual: int) -> SourceFile:
    return csv_file("cost plan.csv", OFFICE_COSTS, ("INI-A", "2026-01", "operating", 100, actual))


def test_an_answered_layout_is_saved_reused_and_revertible(two_managers: Store) -> None:
    store = two_managers
    asked = parse_upload([office_costs(90)], store)
    assert [question.header for question in asked.questions] == ["Col F"]

    answered = parse_upload([office_costs(90)], store, answers=Answers.from_options(["Col F=costs.actual"]))
    applied = store.apply(answered, editor("Ann Manager"))
    assert applied.mapping_id == applied.upload_id + 1
    [saved] = store.saved_mappings()
    assert (saved.sheet_label, saved.template_sheet, saved.upload_id) == ("cost plan", "costs", applied.mapping_id)
    assert saved.headers == OFFICE_COSTS
    assert [saved.columns[index] for index in range(1, 6)] == [
        "initiative_id",
        "period",
        "category",
        "planned",
        "actual",
    ]
    assert history_table(store)["what"].iloc[0] == (
        "saved mapping: 'cost plan' as costs (Project -> initiative_id, Month -> period, Budget -> planned, "
        "Col F -> actual)"
    )

    again = parse_upload([office_costs(95)], store)
    assert again.ok and not again.questions
    assert [mapping.how for mapping in again.mappings] == ["saved"]
    assert [(issue.rule, issue.severity) for issue in again.issues] == [("saved mapping used", "note")]

    store.revert(applied.mapping_id, editor("Ann Manager"))
    assert store.saved_mappings() == []
    assert [question.header for question in parse_upload([office_costs(95)], store).questions] == ["Col F"]
    assert store.current("costs")["actual"].tolist() == [90.0]  # reverting the mapping keeps the data


def test_a_database_of_the_previous_release_opens_and_saves_mappings(tmp_path: Path) -> None:
    with zipfile.ZipFile(FIXTURES / "previous_release.duckdb.zip") as archive:
        archive.extractall(tmp_path)
    store = Store(tmp_path / "previous_release.duckdb")
    try:
        assert store.current("initiatives")["initiative_id"].tolist() == ["OLD-1"]
        assert store.saved_mappings() == []
        assert history_table(store)["who"].tolist() == ["Previous release"]
        costs = csv_file("cost plan.csv", OFFICE_COSTS, ("OLD-1", "2026-02", "operating", 100, 70))
        applied = store.apply(parse_upload([costs], store, answers=Answers.from_options(["Col F=actual"])), editor("A"))
        assert [mapping.upload_id for mapping in store.saved_mappings()] == [applied.mapping_id]
        assert store.current("costs")[["period", "actual"]].values.tolist() == [[pd.Timestamp("2026-02-01"), 70.0]]
        store.revert(applied.upload_id, editor("A"))
        assert store.current("costs")["actual"].tolist() == [900.0]  # the previous release's row is current again
    finally:
        store.close()
