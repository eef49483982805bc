"""A real `streamlit run` on localhost and the system Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass(frozen=True)
class RunningApp:
    url: str
    database: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer on {url} within {timeout} s")


@contextmanager
def streamlit_app(environment: dict[str, str], timeout: float = 60) -> Iterator[str]:
    """`streamlit run app.py` on a free loopback port with this environment; its URL once it answers."""
    port = _free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")),
            *("--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"),
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, process, timeout)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def running_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    database = tmp_path_factory.mktemp("e2e") / "portfolio.duckdb"
    with streamlit_app({**os.environ, "REALIZE_DB": str(database)}) as url:
        yield RunningApp(url, database)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # tall enough that a screenshot shows a whole page (Streamlit scrolls inside the page, not the window)
    context = browser.new_context(viewport={"width": 1400, "height": 2600})
    opened = context.new_page()
    yield opened
    context.close()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_for_app(page: Page) -> None:
    """Streamlit has finished running the script and drawn the page."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=30000)
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=30000)
    page.wait_for_function(
        "() => !document.querySelector('[data-stale=\"true\"]')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')",
        timeout=30000,
    )


def give_name(page: Page, name: str = "Ada Tester") -> None:
    """A local run asks the person's name once per session before their first change, for the history."""
    field = page.get_by_role("textbox", name="Your name, recorded in the history")
    field.fill(name)
    field.press("Enter")
    wait_for_app(page)
