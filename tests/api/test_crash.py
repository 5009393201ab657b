"""`judge serve` killed with SIGKILL mid-judging loses nothing and judges nothing twice."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from api import db
from judge.problem import load_problem

CAN_SHIFT_TESTS = len(
    load_problem(Path(__file__).resolve().parents[2] / "problems" / "can_shift").tests
)

REPO = Path(__file__).resolve().parents[2]


def statuses(base: str, ids: list[str]) -> dict[str, dict]:
    return {i: httpx.get(f"{base}/submissions/{i}", timeout=10).json() for i in ids}


@pytest.mark.parametrize(
    ("count", "pause_s", "kind"),
    [(20, 0.05, "sqlite"), (20, 0.05, "postgresql"), (200, 0.0, "sqlite")],
)
def test_sigkill_mid_judging_loses_nothing_and_judges_each_once(
    tmp_path, start_server, port, service_leftovers, count, pause_s, kind, request
):
    log = tmp_path / "serve.log"
    if kind == "sqlite":
        database = f"sqlite:///{tmp_path / 'judge.db'}"
    else:
        database = request.getfixturevalue("postgres").new_database()
    base = f"http://127.0.0.1:{port}"
    # A pause per test keeps 20 submissions in the sandbox long enough for the kill to
    # land mid-judging; 200 submissions take long enough without one.
    pause = "import time\n"
    source = pause + (REPO / "problems" / "can_shift" / "solution.py").read_text().replace(
        "    return len(a)", f"    time.sleep({pause_s})\n    return len(a)"
    )
    wrong = pause + f"def can_shift(a, b):\n    time.sleep({pause_s})\n    return False\n"
    server = start_server(database, port, log)
    try:
        sources = [wrong if i % 4 == 0 else source for i in range(count)]
        ids = []
        for first in range(0, count, 20):  # batches: quick to queue, so the kill lands mid-run
            batch = [
                {"problem_id": "can_shift", "source": src} for src in sources[first : first + 20]
            ]
            response = httpx.post(
                f"{base}/submissions/batch", json={"submissions": batch}, timeout=30
            )
            ids += [item["id"] for item in response.json()]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if sum(s == "done" for s in statuses_from_db(database, ids).values()) >= 2:
                break
            time.sleep(0.05)
        server.send_signal(signal.SIGKILL)
        server.wait(10)
        before = statuses_from_db(database, ids)
        assert 2 <= sum(s == "done" for s in before.values()) < count, before

        server = start_server(database, port, log)
        deadline = time.monotonic() + 60 + count
        while time.monotonic() < deadline:
            if all(s == "done" for s in statuses_from_db(database, ids).values()):
                break
            time.sleep(0.2)
        results = statuses(base, ids)
        for index, submission_id in enumerate(ids):
            result = results[submission_id]
            assert result["status"] == "done", result
            assert result["verdict"] == ("wrong_answer" if index % 4 == 0 else "accepted")
            assert len(result["tests"]) == CAN_SHIFT_TESTS
        engine = create_engine(db.normalized(database))
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT s.id, count(t.id), count(DISTINCT t.position), s.attempts "
                    "FROM submissions s JOIN test_results t ON t.submission_seq = s.seq "
                    "GROUP BY s.id, s.attempts"
                )
            ).all()
        engine.dispose()
        assert len(rows) == count
        assert all(tests == distinct == CAN_SHIFT_TESTS for _, tests, distinct, _ in rows)
        assert max(attempts for *_, attempts in rows) <= 2
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(60)
    assert service_leftovers() == []


def statuses_from_db(database: str, ids: list[str]) -> dict[str, str]:
    engine = create_engine(db.normalized(database))
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT id, status FROM submissions")).all()
    finally:
        engine.dispose()
    assert {row[0] for row in rows} == set(ids)  # every acknowledged submission is stored
    return dict(rows)
