"""The page routes' HTML, without a browser: server-side rendering, filters that work
without scripts, and what the page says when the browser assets are not built."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import pages
from api.app import create_app
from api.server import build
from api.settings import ServiceSettings

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """No workers: these pages only read the problem library."""
    library = tmp_path / "library"
    for problem in ("can_shift", "find_bigrams"):
        shutil.copytree(REPO / "problems" / problem, library / problem)
    statement = library / "can_shift" / "statement.md"
    statement.write_text(
        statement.read_text()
        + "\nIt runs in $O(n)$ time, costs $5 or $6, and <script>alert(1)</script> is text.\n"
    )
    settings = ServiceSettings(
        database_url=f"sqlite:///{tmp_path}/judge.db", workers=0, problems_dir=library
    )
    svc, _ = build(settings, 0)
    with TestClient(create_app(svc)) as client:
        yield client


def test_list_is_rendered_and_filtered_by_the_server(client: TestClient) -> None:
    everything = client.get("/")
    assert everything.status_code == 200
    assert everything.headers["content-type"].startswith("text/html")
    assert 'href="/p/can_shift"' in everything.text and 'href="/p/find_bigrams"' in everything.text
    assert "2 of 2 problems" in everything.text

    strings = client.get("/", params={"tag": "rotation"})
    assert "1 of 2 problems" in strings.text
    hidden = strings.text.split('data-id="find_bigrams"')[1].split(">")[0]
    assert hidden.endswith(" hidden")
    assert "0 of 2 problems" in client.get("/", params={"difficulty": "hard"}).text


def test_statement_is_markdown_rendered_safely(client: TestClient) -> None:
    page = client.get("/p/can_shift").text
    assert "<table>" in page and '<code class="language-python">' in page
    assert '<span class="math inline">O(n)</span>' in page
    assert "costs $5 or $6" in page  # money is not math
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # The title is the page's own heading, not repeated from the statement.
    assert page.count(">Can Shift</h1>") == 1
    # Samples as Python values; the stub from the signature for app.js.
    assert "<code>True</code>" in page
    assert '"stub": "def can_shift(a: str, b: str) -\\u003e bool:\\n    pass\\n"' in page


def test_unknown_problem_page_is_an_html_404(client: TestClient) -> None:
    response = client.get("/p/no_such_problem")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "No problem" in response.text


def test_missing_assets_say_how_to_build_them(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "VENDOR", tmp_path / "no-vendor")
    page = client.get("/p/can_shift")
    assert page.status_code == 200
    assert "run <code>bash scripts/build-assets</code>" in page.text
    assert "/static/vendor/editor.js" not in page.text  # the plain text box stands in
    assert "bash scripts/build-assets" in client.get("/").text
    docs = client.get("/docs")
    assert docs.status_code == 503 and "bash scripts/build-assets" in docs.text


def test_docs_use_vendored_assets_only(client: TestClient) -> None:
    if not pages.assets_built():
        pytest.fail("the browser assets are not built: run bash scripts/build-assets")
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui-bundle.js" in docs
    assert "/static/vendor/swagger-ui.css" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs
    assert client.get("/static/vendor/swagger-ui-bundle.js").status_code == 200
    assert client.get("/redoc").status_code == 404
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
