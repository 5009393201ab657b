"""Benchmark: the solver's page in Debian's chromium against the real service.

    python -m bench.page                     # starts `judge serve`, 5 runs of each figure
    python -m bench.page --url http://127.0.0.1:8000 --runs 9 --no-screenshot

Figures (median, min and max of the runs): first-contentful-paint of `/` and of the
problem page, each in a fresh browser context (no cache), from the Performance API;
and submit-to-verdict in the browser, from the Submit click to the verdict shown,
measured in the page. The goal for the problem page's first paint is 300 ms. Also
writes the README's screenshot: the problem page with an accepted result.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, Page, Playwright, ViewportSize, sync_playwright

from bench.service import Service

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
# The machine's network is closed: without these, Chromium keeps calling home and
# hammering refused connections. Playwright gives each launch a fresh profile.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PROBLEM = "can_shift"
VIEWPORT: ViewportSize = {"width": 1400, "height": 1000}
FIRST_PAINT_GOAL_MS = 300.0

FCP = """() => new Promise(resolve => {
  const seen = performance.getEntriesByName('first-contentful-paint');
  if (seen.length) return resolve(seen[0].startTime);
  new PerformanceObserver(list => {
    const entry = list.getEntriesByName('first-contentful-paint')[0];
    if (entry) resolve(entry.startTime);
  }).observe({type: 'paint', buffered: true});
})"""
SUBMIT = """() => new Promise(resolve => {
  const status = document.querySelector('#status');
  const started = performance.now();
  new MutationObserver((_, observer) => {
    if (status.querySelector('#verdict')) {
      observer.disconnect();
      resolve({ms: performance.now() - started,
               verdict: status.querySelector('#verdict').dataset.verdict});
    }
  }).observe(status, {childList: true, subtree: true});
  document.querySelector('#submit').click();
})"""


def launch(playwright: Playwright, executable: Path = CHROMIUM) -> Browser:
    """Debian's chromium: Playwright never downloads a browser here."""
    return playwright.chromium.launch(
        executable_path=str(executable), headless=True, args=CHROMIUM_FLAGS
    )


def first_paint(browser: Browser, url: str) -> float:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(url)
        return float(page.evaluate(FCP))
    finally:
        context.close()


def submit_to_verdict(page: Page) -> float:
    outcome = page.evaluate(SUBMIT)
    if outcome["verdict"] != "accepted":
        raise RuntimeError(f"the reference solution was judged {outcome['verdict']}")
    return float(outcome["ms"])


def spread(name: str, samples: list[float], goal: float | None = None) -> str:
    median = statistics.median(samples)
    verdict = ""
    if goal is not None:
        verdict = f"  goal ≤ {goal:.0f} ms: {'PASS' if median <= goal else 'FAIL'}"
    return (
        f"{name:<34} median {median:7.1f} ms   min {min(samples):7.1f}   "
        f"max {max(samples):7.1f}  (n={len(samples)}){verdict}"
    )


def measure(base: str, runs: int, screenshot: Path | None, say: Callable[[str], None]) -> bool:
    source = (REPO / "problems" / PROBLEM / "solution.py").read_text()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            first_paint(browser, f"{base}/p/{PROBLEM}")  # warm the server's caches
            index = [first_paint(browser, f"{base}/") for _ in range(runs)]
            problem = [first_paint(browser, f"{base}/p/{PROBLEM}") for _ in range(runs)]
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            page.goto(f"{base}/p/{PROBLEM}")
            page.wait_for_selector(".cm-content")
            page.evaluate("source => window.pyjudgeEditor.set(source)", source)
            submit_to_verdict(page)  # the first warms the sandbox's container pool
            judged = [submit_to_verdict(page) for _ in range(runs)]
            if screenshot is not None:
                page.evaluate("window.scrollTo(0, 0)")
                page.screenshot(path=str(screenshot))
            context.close()
        finally:
            browser.close()
    say(spread("first paint of /", index))
    say(spread(f"first paint of /p/{PROBLEM}", problem, FIRST_PAINT_GOAL_MS))
    say(spread("submit to verdict (browser)", judged))
    if screenshot is not None:
        say(f"screenshot: {screenshot}")
    return statistics.median(problem) <= FIRST_PAINT_GOAL_MS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.page", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--url", help="measure this running service instead of starting one")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--screenshot", type=Path, default=REPO / "docs" / "solver-page.png")
    parser.add_argument("--no-screenshot", action="store_true")
    args = parser.parse_args(argv)
    if not CHROMIUM.is_file():
        print(f"{CHROMIUM} is missing: run bash scripts/setup (it installs chromium)")
        return 2
    screenshot = None if args.no_screenshot else args.screenshot
    if args.url:
        return 0 if measure(args.url.rstrip("/"), args.runs, screenshot, print) else 1
    with tempfile.TemporaryDirectory(prefix="bench-page-") as workdir:
        service = Service(Path(workdir), workers=2, warm=2)
        try:
            service.wait_ready()
            passed = measure(service.base, args.runs, screenshot, print)
        finally:
            service.stop()
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
