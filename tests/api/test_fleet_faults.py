"""Several machines' worth of processes on one real PostgreSQL database, and the faults
an operator meets: the database restarting, a worker killed, a worker with the wrong
library, everything starting at once on an empty database. Real sandboxes throughout."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from api import db
from judge.problem import load_problem

REPO = Path(__file__).resolve().parents[2]
JUDGE = REPO / ".venv" / "bin" / "judge"
CAN_SHIFT_TESTS = len(load_problem(REPO / "problems" / "can_shift").tests)
SOURCE = (REPO / "problems" / "can_shift" / "solution.py").read_text()
WRONG = "def can_shift(a, b):\n    return False\n"


class Fleet:
    """`judge serve --workers 0` and `judge worker` processes, started and stopped by pid."""

    def __init__(self, url: str, port: int, workdir: Path, library: Path):
        self.url, self.port, self.workdir = url, port, workdir
        self.base = f"http://127.0.0.1:{port}"
        self.processes: list[subprocess.Popen] = []
        self.env = {
            **os.environ,
            "JUDGE_DATABASE_URL": url,
            # Two problems, so each worker starts two shapes of warm containers, not twenty.
            "JUDGE_PROBLEMS_DIR": str(library),
            "JUDGE_LEASE_S": "3",
            "JUDGE_WARM_PER_SHAPE": "1",
            "JUDGE_MAX_PENDING_PER_KEY": "1000",
            "JUDGE_RATE_BURST": "1000",
        }

    def _spawn(self, args: list[str], name: str, **env: str) -> subprocess.Popen:
        log = (self.workdir / f"{name}.log").open("ab")
        process = subprocess.Popen(
            [str(JUDGE), *args], env={**self.env, **env}, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def api(self) -> subprocess.Popen:
        return self._spawn(["serve", "--workers", "0", "--port", str(self.port)], "api")

    def worker(self, threads: int = 2, **env: str) -> subprocess.Popen:
        return self._spawn(
            ["worker", "--workers", str(threads)], f"worker-{len(self.processes)}", **env
        )

    def wait_for(self, ready: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if ready():
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        logs = "\n".join(p.read_text()[-1500:] for p in self.workdir.glob("*.log"))
        raise AssertionError(f"{what} within {timeout} s\n{logs}")

    def live_workers(self) -> list[dict]:
        response = httpx.get(f"{self.base}/workers", timeout=5)
        return [w for w in response.json() if w["alive"]] if response.status_code == 200 else []

    def submit(self, sources: list[str]) -> list[str]:
        ids: list[str] = []
        for first in range(0, len(sources), 20):
            batch = [{"problem_id": "can_shift", "source": s} for s in sources[first : first + 20]]
            response = httpx.post(
                f"{self.base}/submissions/batch", json={"submissions": batch}, timeout=30
            )
            assert response.status_code == 202, response.text
            ids += [item["id"] for item in response.json()]
        return ids

    def rows(self) -> dict[str, tuple]:
        """id -> (status, verdict, test rows, distinct positions, attempts), from the database."""
        engine = create_engine(db.normalized(self.url))
        try:
            with engine.connect() as connection:
                result = connection.execute(
                    text(
                        "SELECT s.id, s.status, s.verdict, count(t.id), "
                        "count(DISTINCT t.position), s.attempts FROM submissions s "
                        "LEFT JOIN test_results t ON t.submission_seq = s.seq "
                        "GROUP BY s.id, s.status, s.verdict, s.attempts"
                    )
                ).all()
        finally:
            engine.dispose()
        return {row[0]: tuple(row[1:]) for row in result}

    def wait_all_done(self, ids: list[str], timeout: float) -> dict[str, tuple]:
        def done() -> bool:
            rows = self.rows()
            return all(rows[i][0] == "done" for i in ids)

        self.wait_for(done, timeout, f"{len(ids)} submissions judged")
        return self.rows()

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def fleet(postgres, port, tmp_path, small_library) -> Iterator[Fleet]:
    fleet = Fleet(postgres.new_database(), port, tmp_path, small_library)
    yield fleet
    fleet.stop()


def assert_judged_once(rows: dict[str, tuple], ids: list[str], wrong: set[str]) -> None:
    for submission_id in ids:
        status, verdict, tests, distinct, _attempts = rows[submission_id]
        assert status == "done", (submission_id, rows[submission_id])
        assert verdict == ("wrong_answer" if submission_id in wrong else "accepted"), (
            submission_id,
            rows[submission_id],
        )
        if verdict == "accepted":
            assert tests == distinct == CAN_SHIFT_TESTS, rows[submission_id]


def test_api_and_workers_started_at_once_on_an_empty_database_all_come_up(fleet):
    processes = [fleet.api(), fleet.worker(1), fleet.worker(1), fleet.worker(1)]
    fleet.wait_for(lambda: len(fleet.live_workers()) == 3, 90, "three live workers")
    assert all(process.poll() is None for process in processes)
    [submission] = fleet.submit([SOURCE])
    rows = fleet.wait_all_done([submission], 60)
    assert_judged_once(rows, [submission], set())
    logs = "".join(p.read_text() for p in fleet.workdir.glob("*.log"))
    assert "Traceback" not in logs and "UniqueViolation" not in logs


def test_sigkill_of_one_of_three_workers_with_100_in_flight_loses_nothing(fleet, service_leftovers):
    fleet.api()
    workers = [fleet.worker(2) for _ in range(3)]
    fleet.wait_for(lambda: len(fleet.live_workers()) == 3, 90, "three live workers")
    sources = [WRONG if i % 5 == 0 else SOURCE for i in range(100)]
    ids = fleet.submit(sources)
    wrong = {i for i, s in zip(ids, sources, strict=True) if s is WRONG}
    fleet.wait_for(
        lambda: sum(r[0] == "done" for r in fleet.rows().values()) >= 10, 120, "10 judged"
    )
    workers[0].send_signal(signal.SIGKILL)
    workers[0].wait(10)
    fleet.worker(2)  # its supervisor's restart, which sweeps the dead one's containers
    rows = fleet.wait_all_done(ids, 300)
    assert_judged_once(rows, ids, wrong)
    assert max(r[4] for r in rows.values()) <= 2  # only the killed worker's claims retried
    fleet.stop()
    assert service_leftovers() == []


def test_postgres_restart_mid_run_workers_recover_by_themselves(fleet, postgres):
    fleet.api()
    workers = [fleet.worker(2) for _ in range(2)]
    fleet.wait_for(lambda: len(fleet.live_workers()) == 2, 90, "two live workers")
    ids = fleet.submit([SOURCE] * 40)
    fleet.wait_for(lambda: sum(r[0] == "done" for r in fleet.rows().values()) >= 5, 120, "5 judged")
    postgres.restart(down_s=3)
    rows = fleet.wait_all_done(ids, 300)
    assert_judged_once(rows, ids, set())
    assert all(worker.poll() is None for worker in workers), "a worker process died"
    # Workers still claim after the restart (their threads did not die quietly).
    later = fleet.submit([SOURCE] * 4)
    assert_judged_once(fleet.wait_all_done(later, 120), later, set())
    fleet.wait_for(lambda: len(fleet.live_workers()) == 2, 30, "both workers live again")
    health = httpx.get(f"{fleet.base}/health", timeout=5)
    assert health.status_code == 200, health.text


def test_a_worker_without_the_problem_leaves_it_to_one_that_has_it(fleet, tmp_path):
    library = tmp_path / "library"
    shutil.copytree(REPO / "problems" / "find_bigrams", library / "find_bigrams")  # no can_shift
    fleet.api()
    fleet.worker(1, JUDGE_PROBLEMS_DIR=str(library))
    fleet.wait_for(lambda: len(fleet.live_workers()) == 1, 90, "the partial worker live")
    ids = fleet.submit([SOURCE] * 3)
    time.sleep(5)
    assert {r[0] for r in fleet.rows().values()} == {"queued"}  # nothing judged wrongly
    health = httpx.get(f"{fleet.base}/health", timeout=5)
    assert health.status_code == 503 and "can_shift" in health.text, health.text
    fleet.worker(1)
    rows = fleet.wait_all_done(ids, 120)
    assert_judged_once(rows, ids, set())
