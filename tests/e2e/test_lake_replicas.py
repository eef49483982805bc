"""Three app replicas and two command-line importers on one lake at once (SQLite and PostgreSQL catalogs):
every upload lands once, the command line reads while the app serves, and each replica shows the last
upload after one rerun (its cache is keyed by the data version the database holds, not by a process
counter)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from realize.ledger.location import Location
from realize.ledger.store import Store
from tests.conftest import ROOT, store_location
from tests.e2e.conftest import screenshot, streamlit_app, wait_for_app

REPLICAS = 3
IMPORTERS = 2
UPLOADS_EACH = 3
IMPORTER = textwrap.dedent(
    """
    import pathlib, subprocess, sys
    folder, number = pathlib.Path(sys.argv[1]), sys.argv[2]
    for upload in range(1, {uploads} + 1):
        initiatives = folder / f"importer{{number}}_{{upload}}" / "initiatives.csv"
        initiatives.parent.mkdir(parents=True)
        row = f"R{{number}}-{{upload}},Nightly {{upload}},Owner {{number}}"
        initiatives.write_text("initiative_id,name,owner\\n" + row + "\\n")
        done = subprocess.run([sys.executable, "-m", "realize", "import", str(initiatives), "--by", "nightly job"])
        if done.returncode:
            sys.exit(done.returncode)
    """
).format(uploads=UPLOADS_EACH)


def portfolio_text(page: Page) -> str:
    wait_for_app(page)
    return page.locator('[data-testid="stMainBlockContainer"]').inner_text()


def command(environment: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_replicas_and_importers_share_one_lake(
    kind: str, browser: Browser, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    where: Location = store_location(kind, tmp_path, request)
    environment = {**os.environ, "REALIZE_DB": where.uri, "REALIZE_DATA_PATH": str(where.data_path)}
    with ExitStack() as running:
        # three replicas start at once on the new lake: the sample is loaded once, by whichever is first
        urls = [running.enter_context(streamlit_app(environment, timeout=120)) for _ in range(REPLICAS)]
        pages = []
        for url in urls:
            context = browser.new_context(viewport={"width": 1440, "height": 1400})
            running.callback(context.close)
            page = context.new_page()
            page.goto(url)
            assert "across 10 initiatives" in portfolio_text(page)  # the sample, on every replica
            pages.append(page)

        importers = [
            command(environment, "-c", IMPORTER, str(tmp_path / "files"), str(number))
            for number in range(1, IMPORTERS + 1)
        ]
        readers = []
        while any(importer.poll() is None for importer in importers):
            readers.append(command(environment, "-m", "realize", "history", "--format", "csv"))
            readers.append(command(environment, "-m", "realize", "query", "initiative_summary"))
            for reader in readers[-2:]:
                reader.wait(timeout=120)
        for process in [*importers, *readers]:
            out, err = process.communicate(timeout=300)
            assert process.returncode == 0, out + err  # no import refused, no read refused while the app serves

        for page in pages:
            page.keyboard.press("r")  # one rerun of the session the page already has
            assert f"across {IMPORTERS * UPLOADS_EACH} initiatives" in portfolio_text(page)
        screenshot(pages[-1], f"lake_replica_{kind}")

    store = Store(where)
    history = store.frame("select upload_id, kind, recorded_by, rows_per_sheet from ledger order by upload_id")
    uploads = history[history["kind"] == "upload"]
    assert len(uploads) == IMPORTERS * UPLOADS_EACH  # every upload exactly once
    applied = sum(json.loads(rows)["initiatives"] for rows in uploads["rows_per_sheet"])
    assert applied == len(store.current("initiatives"))  # the rows stored are the rows applied
    assert history["upload_id"].tolist() == list(range(1, len(history) + 1))
    assert (history["kind"] == "sample").sum() == 1  # three replicas started; the sample went in once
    assert len(store.current("initiatives")) == IMPORTERS * UPLOADS_EACH
    store.close()
