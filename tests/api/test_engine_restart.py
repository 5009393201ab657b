"""The Docker engine restarted while the service is judging.

Submissions caught mid-run go back to the queue (or end as internal_error with a
clear message), never with a verdict against the solver; /health reports the
outage; judging resumes by itself when the engine is back.

Runs last, and only with CI=true, JUDGE_TEST_ENGINE_RESTART=1 or --run-engine-restart
(the `engine_restart` marker, tests/conftest.py): it stops the engine every other
user of the machine shares, a `judge serve` of another clone included. Needs root and
a dockerd started as scripts/setup starts it, which is how CI runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import docker
import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
PID_FILE = Path("/var/run/docker.pid")
FAIR = {"accepted", "internal_error"}


def stop_engine() -> None:
    pid = int(PID_FILE.read_text())
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 60
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Path(f"/proc/{pid}").exists(), "dockerd did not stop"


def start_engine() -> None:
    """As scripts/setup starts it: its own session, so it outlives the test run."""
    with open("/var/log/dockerd.log", "ab") as log:
        subprocess.Popen(
            ["dockerd"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            docker.from_env(timeout=5).ping()
            return
        except Exception:
            time.sleep(0.25)
    raise AssertionError("dockerd did not come back in 60 s")


def results(base: str, ids: list[str]) -> list[dict]:
    return [httpx.get(f"{base}/submissions/{i}", timeout=10).json() for i in ids]


@pytest.mark.engine_restart
def test_engine_restart_mid_run_requeues_and_recovers(tmp_path, start_server, port):
    assert PID_FILE.exists(), "this test restarts the dockerd that scripts/setup started"
    base = f"http://127.0.0.1:{port}"
    start_server(tmp_path / "judge.db", port, tmp_path / "serve.log")
    # 28 tests of 50 ms each: every run is in the sandbox for over a second.
    source = "import time\n" + (REPO / "problems/can_shift/solution.py").read_text().replace(
        "    return len(a)", "    time.sleep(0.05)\n    return len(a)"
    )
    batch = [{"problem_id": "can_shift", "source": source}] * 12
    response = httpx.post(f"{base}/submissions/batch", json={"submissions": batch}, timeout=30)
    ids = [item["id"] for item in response.json()]

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        states = [r["status"] for r in results(base, ids)]
        if states.count("done") >= 1 and "running" in states:
            break
        time.sleep(0.1)
    assert "running" in states, states

    engine_back = False
    stop_engine()
    try:
        # Caught mid-run: nothing is judged against the solver.
        for result in results(base, ids):
            assert result.get("verdict") in (None, *FAIR), result
        deadline = time.monotonic() + 15
        health = httpx.get(f"{base}/health", timeout=10)
        while health.status_code == 200 and time.monotonic() < deadline:
            time.sleep(0.5)
            health = httpx.get(f"{base}/health", timeout=10)
        assert health.status_code == 503
        assert health.json()["engine"] is False
        time.sleep(3)  # the outage lasts: workers wait, nothing is lost or misjudged
        for result in results(base, ids):
            assert result.get("verdict") in (None, *FAIR), result
        start_engine()
        engine_back = True
    finally:
        if not engine_back:
            start_engine()

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        final = results(base, ids)
        if all(r["status"] == "done" for r in final):
            break
        time.sleep(0.5)
    assert [r["status"] for r in final] == ["done"] * len(ids)
    for result in final:
        assert result["verdict"] in FAIR, result
        if result["verdict"] == "internal_error":
            assert "engine" in (result["message"] or "").lower(), result
    assert sum(r["verdict"] == "accepted" for r in final) >= len(ids) - 2
    deadline = time.monotonic() + 15
    while httpx.get(f"{base}/health", timeout=10).status_code != 200:
        assert time.monotonic() < deadline, "health did not recover"
        time.sleep(0.5)
    # A new submission is judged normally after the outage.
    fresh = httpx.post(
        f"{base}/submissions?wait=true",
        json={"problem_id": "can_shift", "source": source},
        timeout=60,
    )
    assert fresh.json()["verdict"] == "accepted"


@pytest.mark.engine_restart
def test_no_container_survives_the_engine_restart(tmp_path, start_server, port, service_leftovers):
    """After the restart, what the service left behind is swept: a new service start and
    stop leaves no labelled container."""
    server = start_server(tmp_path / "judge.db", port, tmp_path / "serve.log")
    time.sleep(2)
    server.terminate()
    server.wait(60)
    assert service_leftovers() == []
