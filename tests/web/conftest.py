"""A real `judge serve` (SQLite in a temporary folder, real in-process workers, the real
sandbox) and Debian's chromium driven by Playwright, for the solver page's tests.

One server and one browser (bench.page.launch: Debian's chromium, flags for a machine
with no network) serve the whole folder; each test gets a fresh browser context (its
own localStorage) that records every request the page makes, so a test can say that
nothing left this machine."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from bench.page import CHROMIUM, launch

REPO = Path(__file__).resolve().parents[2]
JUDGE = Path(sys.executable).with_name("judge")
VENDOR = REPO / "api" / "web" / "static" / "vendor"


@dataclass
class Server:
    url: str
    database_url: str
    process: subprocess.Popen
    log: Path

    def judge(self, *args: str) -> str:
        """Runs `judge ARGS` against this server's database; its stdout."""
        env = {**os.environ, "JUDGE_DATABASE_URL": self.database_url}
        done = subprocess.run(
            [str(JUDGE), *args], env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return done.stdout


@dataclass
class Recorded:
    """What a page asked for: every URL, and any request that failed."""

    urls: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # uncaught exceptions in the page


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def web_library(tmp_path_factory) -> Path:
    """Two problems: loading the whole library costs the server seconds at start."""
    library = tmp_path_factory.mktemp("web-library")
    for problem in ("can_shift", "find_bigrams"):
        shutil.copytree(REPO / "problems" / problem, library / problem)
    return library


@pytest.fixture(scope="module")  # ended before the engine-restart tests look for leftovers
def server(tmp_path_factory, web_library: Path) -> Iterator[Server]:
    if not (VENDOR / "editor.js").is_file():
        pytest.fail(f"the page's assets are not built ({VENDOR}): run bash scripts/build-assets")
    folder = tmp_path_factory.mktemp("web-server")
    port = _free_port()
    database_url = f"sqlite:///{folder / 'judge.db'}"
    log = folder / "serve.log"
    env = {
        **os.environ,
        "JUDGE_DATABASE_URL": database_url,
        "JUDGE_PROBLEMS_DIR": str(web_library),
        "JUDGE_WORKERS": "2",
        "JUDGE_LEASE_S": "5",
    }
    process = subprocess.Popen(
        [str(JUDGE), "serve", "--port", str(port)],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise AssertionError(f"judge serve did not come up: {log.read_text()[-2000:]}")
        time.sleep(0.1)
    try:
        yield Server(url, database_url, process, log)
    finally:
        process.terminate()  # SIGTERM: it removes its warm containers
        process.wait(60)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Debian's chromium is missing ({CHROMIUM}): run bash scripts/setup, which "
            "installs it (apt-get install chromium); the browser tests never download one"
        )
    with sync_playwright() as playwright:
        browser = launch(playwright)  # Debian's chromium with the offline flags
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def recorded() -> Recorded:
    return Recorded()


@pytest.fixture
def page(browser: Browser, recorded: Recorded) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.on("request", lambda request: recorded.urls.append(request.url))
    page.on("requestfailed", lambda request: recorded.failed.append(request.url))
    page.on("pageerror", lambda error: recorded.errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
