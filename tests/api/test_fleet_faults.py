"""Several machines' worth of processes on one real PostgreSQL database, and the faults
an operator meets: the database restarting, a worker killed, a worker with the wrong
library, everything starting at once on an empty database. Real sandboxes throughout."""

from __future__ import annotations

import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from judge.problem import load_problem
from tests.api.processes import Fleet

REPO = Path(__file__).resolve().parents[2]
CAN_SHIFT_TESTS = len(load_problem(REPO / "problems" / "can_shift").tests)
SOURCE = (REPO / "problems" / "can_shift" / "solution.py").read_text()
WRONG = "def can_shift(a, b):\n    return False\n"


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
