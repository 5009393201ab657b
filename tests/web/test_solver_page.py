"""The solver's page in a real Chromium against a real service and sandbox."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from playwright.sync_api import Page, expect

REPO = Path(__file__).resolve().parents[2]
ACCEPTED = "def can_shift(a: str, b: str) -> bool:\n    return len(a) == len(b) and b in a + a\n"
TYPED = (
    "def can_shift(a: str, b: str) -> bool:\n"
    '    __import__("time").sleep(0.02)\n'
    "    return len(a) == len(b) and b in a + a"
)
# Records, as the table fills, how many test rows were shown before any verdict was.
WATCH_TABLE = """() => {
  window.seen = [];
  const body = document.querySelector('#tests tbody');
  new MutationObserver(() => window.seen.push({
    rows: body.querySelectorAll('tr[data-test]').length,
    verdict: document.querySelector('#verdict') !== null,
  })).observe(body, {childList: true});
}"""


def open_problem(page: Page, server, problem: str = "can_shift") -> None:
    page.goto(f"{server.url}/p/{problem}")
    expect(page.locator(".cm-content")).to_be_visible()


def set_source(page: Page, source: str) -> None:
    """Through the page's documented hook (the keyboard test types instead)."""
    page.evaluate("source => window.pyjudgeEditor.set(source)", source)


def verdict_of(page: Page) -> str:
    verdict = page.locator("#verdict")
    expect(verdict).to_be_visible(timeout=60_000)
    return verdict.get_attribute("data-verdict") or ""


def test_problem_list_filters_and_opens_a_problem(page: Page, server) -> None:
    page.goto(server.url + "/")
    rows = page.locator("#problems tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#problems tbody tr:visible")).to_have_count(2)
    expect(page.locator("#count")).to_have_text("2 of 2 problems")

    page.get_by_label("Search").fill("bigram")
    expect(page.locator("#problems tbody tr:visible")).to_have_count(1)
    expect(page.locator("#problems tbody tr:visible")).to_have_attribute("data-id", "find_bigrams")
    expect(page.locator("#count")).to_have_text("1 of 2 problems")
    assert "q=bigram" in page.url  # the filter is in the address, so it can be shared

    page.get_by_label("Search").fill("")
    page.get_by_label("Difficulty").select_option("hard")
    expect(page.locator("#problems tbody tr:visible")).to_have_count(0)
    expect(page.locator("#empty")).to_be_visible()
    page.get_by_label("Difficulty").select_option("easy")
    page.get_by_label("Topic").select_option("rotation")
    expect(page.locator("#problems tbody tr:visible")).to_have_count(1)

    page.get_by_role("link", name="Can Shift").click()
    page.wait_for_url("**/p/can_shift")
    expect(page.locator("h1")).to_have_text("Can Shift")
    # The statement's Markdown, rendered by the server: its table and code block.
    expect(page.locator(".markdown table tbody tr")).to_have_count(3)
    expect(page.locator(".markdown pre code").first).to_contain_text("def can_shift")
    expect(page.locator(".signature")).to_have_text("def can_shift(a: str, b: str) -> bool:")
    expect(page.locator(".limits")).to_contain_text("128 MB")
    expect(page.locator(".samples tbody tr")).to_have_count(3)
    expect(page.locator(".samples tbody tr").first).to_contain_text('a = "abid"')


def test_typed_solution_is_accepted_with_the_table_filling_live(
    page: Page, server, recorded
) -> None:
    open_problem(page, server)
    # The starter stub comes from the signature.
    stub = page.evaluate("window.pyjudgeEditor.get()")
    assert stub == "def can_shift(a: str, b: str) -> bool:\n    pass\n"

    page.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    # Typed key by key: the editor indents the body itself after the colon.
    # (A 20 ms nap per test spreads the run out, so the table visibly fills as it goes.)
    page.keyboard.type("def can_shift(a: str, b: str) -> bool:\n")
    page.keyboard.type('__import__("time").sleep(0.02)\n')
    page.keyboard.type("return len(a) == len(b) and b in a + a")
    assert page.evaluate("window.pyjudgeEditor.get()") == TYPED

    page.evaluate(WATCH_TABLE)
    page.get_by_role("button", name="Submit").click()
    assert verdict_of(page) == "accepted"

    latest = httpx.get(f"{server.url}/submissions?problem_id=can_shift").json()["items"][0]
    assert latest["verdict"] == "accepted"
    expect(page.locator("#tests tbody tr[data-test]")).to_have_count(len(latest["tests"]))
    verdicts = page.locator("#tests tbody tr[data-test]").evaluate_all(
        "rows => rows.map(r => r.dataset.verdict)"
    )
    assert set(verdicts) == {"accepted"}
    # Followed over Server-Sent Events, and rows appeared before the verdict did.
    assert any(re.search(r"/submissions/[^/]+/events$", url) for url in recorded.urls)
    seen = page.evaluate("window.seen")
    before_verdict = {s["rows"] for s in seen if s["rows"] > 0 and not s["verdict"]}
    assert len(before_verdict) >= 2, seen

    # The history lists it, and it opens.
    history = page.locator("#history-table tbody tr")
    expect(history.first).to_contain_text("accepted")
    streams = sum(url.endswith("/events") for url in recorded.urls)
    history.first.get_by_role("button").click()
    expect(page.locator("#status")).to_contain_text("Submission of")
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "accepted")
    # A finished submission is shown as stored: its stream is not followed again
    # (which would redraw the result without its title).
    page.wait_for_timeout(500)
    expect(page.locator("#status")).to_contain_text("Submission of")
    assert sum(url.endswith("/events") for url in recorded.urls) == streams

    # The list marks it solved, from the `solved` field of GET /problems.
    listing = {item["id"]: item for item in httpx.get(f"{server.url}/problems").json()}
    if "solved" in listing["can_shift"]:
        page.goto(server.url + "/")
        expect(page.locator('tr[data-id="can_shift"] td.solved')).to_have_text("✓ solved")
        expect(page.locator('tr[data-id="find_bigrams"] td.solved')).to_have_text("")
        page.goto(f"{server.url}/p/can_shift")

    # The source is kept in this browser, per problem.
    page.reload()
    expect(page.locator(".cm-content")).to_be_visible()
    assert page.evaluate("window.pyjudgeEditor.get()") == TYPED
    assert recorded.errors == []


def test_wrong_answer_run_shows_the_failing_sample(page: Page, server) -> None:
    open_problem(page, server)
    set_source(page, "def can_shift(a, b):\n    print('checking', a)\n    return a == b\n")
    page.get_by_role("button", name="Run samples").click()
    assert verdict_of(page) == "wrong_answer"

    failing = page.locator('#tests tr[data-test="sample/1_rotation"]')
    expect(failing).to_have_attribute("data-verdict", "wrong_answer")
    detail = page.locator('#tests tr.detail[data-for="sample/1_rotation"]')
    expect(detail).to_contain_text("Input")
    expect(detail).to_contain_text('a = "abid", b = "bida"')
    expect(detail.locator("dt", has_text="Expected").locator("+ dd")).to_have_text("True")
    expect(detail.locator("dt", has_text="Got").locator("+ dd")).to_have_text("False")
    expect(detail.locator("dt", has_text="Stdout").locator("+ dd")).to_contain_text("checking abid")
    # A run holds the samples only: no secret test is shown.
    assert page.locator('#tests tr[data-test^="secret/"]').count() == 0


def test_syntax_error_shows_its_line(page: Page, server) -> None:
    open_problem(page, server)
    set_source(page, "def can_shift(a, b):\n    return a ==\n")
    page.get_by_role("button", name="Submit").click()
    assert verdict_of(page) == "compilation_error"
    expect(page.locator("#message-text")).to_contain_text("SyntaxError")
    expect(page.locator("#message-text")).to_contain_text("line 2")
    # One clear line, not a table of skipped tests; and a way to the line.
    expect(page.locator("#tests")).to_be_hidden()
    page.get_by_role("button", name="Go to line 2").click()
    assert page.evaluate("window.pyjudgeEditor.line()") == 2


def test_docs_render_their_operations_with_no_network(page: Page, server, recorded) -> None:
    page.goto(server.url + "/docs")
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    spec = httpx.get(f"{server.url}/openapi.json").json()
    count = sum(len(methods) for methods in spec["paths"].values())
    expect(operations).to_have_count(count)
    expect(page.locator(".opblock-summary-path", has_text="/submissions").first).to_be_visible()
    hosts = {urlsplit(url).netloc for url in recorded.urls if not url.startswith("data:")}
    assert hosts == {urlsplit(server.url).netloc}, recorded.urls
    assert recorded.failed == []
    # The page routes are not part of the API's description.
    assert "/" not in spec["paths"] and "/docs" not in spec["paths"]


def test_a_key_is_asked_for_then_used(page: Page, server) -> None:
    token = server.judge("keys", "create", "web-test").splitlines()[0].strip()
    try:
        open_problem(page, server)
        set_source(page, ACCEPTED)
        page.get_by_role("button", name="Run samples").click()
        expect(page.locator("#auth-error")).to_be_visible()
        expect(page.locator("#auth-error")).to_contain_text("API key")
        expect(page.locator("#status")).to_contain_text("Not allowed")

        page.get_by_label("API key").fill(token)
        page.get_by_role("button", name="Save key").click()
        expect(page.locator("#auth-error")).to_be_hidden()
        assert page.evaluate("localStorage.getItem('pyjudge.key')") == token
        page.get_by_role("button", name="Run samples").click()
        assert verdict_of(page) == "accepted"
    finally:
        server.judge("keys", "revoke", "web-test")


def test_runtime_error_shows_the_message_and_the_solutions_traceback(page: Page, server) -> None:
    open_problem(page, server)
    set_source(page, "def can_shift(a, b):\n    return a[100]\n")
    page.get_by_role("button", name="Run samples").click()
    assert verdict_of(page) == "runtime_error"
    expect(page.locator("#message-text")).to_contain_text("IndexError")
    detail = page.locator('#tests tr.detail[data-for="sample/1_rotation"]')
    expect(detail.locator("dt", has_text="Message").locator("+ dd")).to_contain_text(
        "IndexError: string index out of range"
    )
    expect(detail.locator("dt", has_text="Got")).to_have_count(0)  # nothing was returned
    # The traceback is the solution's own: its line 2, quoted, and nothing of the harness.
    trace = detail.locator("dt", has_text="Traceback").locator("+ dd")
    expect(trace).to_contain_text("line 2, in can_shift")
    expect(trace).to_contain_text("return a[100]")
    expect(trace).not_to_contain_text("harness.py")


def test_editor_indents_with_tab_and_lets_the_keyboard_out(page: Page, server) -> None:
    open_problem(page, server)
    page.locator('label[for="source"]').click()  # the label leads to the editor
    expect(page.locator(".cm-content")).to_be_focused()
    page.keyboard.press("Control+End")
    page.keyboard.press("Tab")
    assert page.evaluate("window.pyjudgeEditor.get()").endswith("pass\n    ")
    # CodeMirror's escape hatch, which the hint under the label names: Esc, then Tab.
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Run samples")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Submit")).to_be_focused()


def test_an_accepted_submission_shows_its_complexity_estimate(page: Page, server) -> None:
    slow = (REPO / "problems/can_shift/submissions/accepted/rotation_loop.py").read_text()
    open_problem(page, server)
    set_source(page, slow)
    page.get_by_label("Estimate the time complexity when accepted").check()
    page.locator("#submit").click()
    assert verdict_of(page) == "accepted"
    box = page.locator("#complexity-result")
    expect(box).to_be_visible()
    expect(page.locator("#complexity-text")).to_contain_text("O(n^2)")
    expect(page.locator("#complexity-text")).to_contain_text("expected O(n)")
    plot = page.locator("#complexity-plot")
    expect(plot).to_have_attribute("alt", re.compile(r"CPU time against input size: .*O\(n\^2\)"))
    assert plot.evaluate("image => image.complete && image.naturalWidth > 100")
    assert page.locator("#complexity-result tbody tr").count() >= 4
    # Run samples never asks for an estimate, and clears the last one.
    page.locator("#run").click()
    expect(page.locator("#verdict")).to_be_visible(timeout=60_000)
    expect(box).to_be_hidden()


def test_a_rejudged_submission_shows_its_earlier_result(page: Page, server) -> None:
    open_problem(page, server)
    set_source(page, ACCEPTED)
    page.locator("#submit").click()
    assert verdict_of(page) == "accepted"
    row = page.locator("#history-table tbody tr").first
    expect(row).to_have_attribute("data-id", re.compile(r"^[0-9a-f]{32}$"))
    submission = row.get_attribute("data-id")
    # As if the problem had changed since: the stored result is of another version.
    path = server.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as database:
        database.execute(
            "UPDATE submissions SET problem_hash = ? WHERE id = ?", ("0" * 64, submission)
        )
    report = server.judge("rejudge", "can_shift", "--wait")
    assert "1 submissions queued" in report and "judged 1, changed 0" in report
    page.reload()
    page.locator(f'#history-table tr[data-id="{submission}"] button').click()
    assert verdict_of(page) == "accepted"
    earlier = page.locator("#earlier li")
    expect(earlier).to_have_count(1)
    expect(earlier).to_contain_text("accepted against problem version 000000000000")
