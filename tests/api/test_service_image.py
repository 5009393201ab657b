"""The service image builds with no registry and serves from a container on the host's engine."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from pathlib import Path

import docker
import httpx
import pytest

from sandbox.engine import OWNER_LABEL
from sandbox.limits import SANDBOX_LABEL

pytestmark = pytest.mark.docker  # builds and runs the service image on the real engine

REPO = Path(__file__).resolve().parents[2]
TAG = "pyjudge-service:test"
LABEL = "pyjudge.test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_service_image_answers_health_and_judges_from_its_container():
    built = subprocess.run(
        ["bash", str(REPO / "scripts" / "service-image"), TAG],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    client = docker.from_env()
    port = free_port()
    container = client.containers.run(
        TAG,
        detach=True,
        init=True,  # a SIGTERM during start-up is not lost on PID 1
        labels={LABEL: "service-image"},
        ports={"8000/tcp": ("127.0.0.1", port)},
        volumes={
            "/var/run/docker.sock": {"bind": "/var/run/docker.sock", "mode": "rw"},
            # CPU time and memory from the host's cgroup files (read-only: no per-test peak)
            "/sys/fs/cgroup": {"bind": "/host/cgroup", "mode": "ro"},
        },
    )
    base = f"http://127.0.0.1:{port}"
    try:
        health = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                health = httpx.get(f"{base}/health", timeout=2)
                if health.status_code == 200:
                    break
            time.sleep(0.3)
        assert health is not None and health.status_code == 200, container.logs()[-2000:]
        assert health.json()["engine"] is True and health.json()["image"] is True
        source = (REPO / "problems" / "can_shift" / "solution.py").read_text()
        result = httpx.post(
            f"{base}/submissions",
            params={"wait": "true"},
            json={"problem_id": "can_shift", "source": source},
            timeout=60,
        ).json()
        assert result["verdict"] == "accepted"
        assert result["max_time_ms"] > 0 and result["memory_kb"] > 0
        # Open mode on 0.0.0.0 inside the container: the service says so loudly.
        assert b"OPEN MODE" in container.logs()
    finally:
        # SIGTERM, as `docker stop` sends: the service removes its warm containers.
        container.stop(timeout=30)
        container.remove(force=True, v=True)  # and its /data volume
        left = [
            c
            for c in client.containers.list(all=True, filters={"label": SANDBOX_LABEL})
            if c.labels.get(OWNER_LABEL, "").startswith(f"{container.id[:12]}:")
        ]
        for leftover in left:  # so a failure here does not spill into later tests
            leftover.remove(force=True)
    assert client.containers.list(all=True, filters={"label": LABEL}) == []
    assert left == []
