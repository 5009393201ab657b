"""The compose stack (deploy/compose.yaml) builds offline, judges, and leaves nothing behind.

It installs the compose plugin and builds two images, so it changes the machine and
runs only where engine_restart tests do (CI=true or --run-engine-restart).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import docker
import httpx
import pytest

from sandbox.engine import OWNER_LABEL, RUN_LABEL
from sandbox.limits import SANDBOX_LABEL

REPO = Path(__file__).resolve().parents[2]
PROJECT_LABEL = "com.docker.compose.project"
SERVICE_LABEL = "com.docker.compose.service"
WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def deploy(env: dict[str, str], *args: str, timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(REPO / "scripts" / "deploy"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class Stack:
    """One compose project of its own: a unique name, a free port, its own run label."""

    def __init__(self) -> None:
        self.project = f"pyjudge-test-{uuid.uuid4().hex[:10]}"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "COMPOSE_PROJECT_NAME": self.project,
            "JUDGE_PORT": str(self.port),
            "JUDGE_RUN_ID": self.project,  # on every sandbox its workers start
        }
        self.client = docker.from_env()

    def containers(self, service: str | None = None) -> list:
        labels = [f"{PROJECT_LABEL}={self.project}"]
        if service:
            labels.append(f"{SERVICE_LABEL}={service}")
        return self.client.containers.list(all=True, filters={"label": labels})

    def sandboxes(self) -> list:
        labels = [SANDBOX_LABEL, f"{RUN_LABEL}={self.project}"]
        return self.client.containers.list(all=True, filters={"label": labels}, sparse=True)

    def volumes(self) -> set[str]:
        """Named and anonymous volumes of the project's containers (anonymous ones, such as
        the service image's /data, carry no compose label)."""
        named = self.client.volumes.list(filters={"label": f"{PROJECT_LABEL}={self.project}"})
        mounted = {
            mount["Name"]
            for container in self.containers()
            for mount in container.attrs["Mounts"]
            if mount["Type"] == "volume"
        }
        return {volume.name for volume in named} | mounted

    def networks(self) -> list:
        return self.client.networks.list(filters={"label": f"{PROJECT_LABEL}={self.project}"})

    def logs(self) -> str:
        return "\n".join(
            f"--- {c.name}\n{c.logs(tail=40).decode(errors='replace')}" for c in self.containers()
        )


@pytest.fixture
def stack() -> Iterator[Stack]:
    stack = Stack()
    yield stack
    # Only if the test did not bring it down itself: nothing may spill into later tests.
    if stack.containers() or stack.volumes() or stack.networks():
        deploy(stack.env, "down", "-v", "--remove-orphans", timeout=180)
    for sandbox in stack.sandboxes():
        sandbox.remove(force=True)


def api_answers(base: str, deadline: float) -> bool:
    """The API answers once the migration is done and uvicorn listens."""
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/problems", timeout=5).status_code == 200:
                return True
        time.sleep(0.5)
    return False


def judged(base: str, source: str, deadline: float) -> dict:
    """Submits and waits for the verdict: a wait=true that runs out (202) goes on polling."""
    body = {"problem_id": "can_shift", "source": source}
    response = httpx.post(f"{base}/submissions", params={"wait": "true"}, json=body, timeout=60)
    assert response.status_code in (200, 202), response.text
    result = response.json()
    while result["status"] != "done" and time.monotonic() < deadline:
        time.sleep(0.5)
        result = httpx.get(f"{base}/submissions/{result['id']}", timeout=10).json()
    return result


@pytest.mark.engine_restart
def test_compose_stack_with_two_workers_judges_and_down_leaves_nothing(stack: Stack):
    started = time.monotonic()
    up = deploy(stack.env, "up", "-d", "--scale", f"worker={WORKERS}", timeout=1800)
    assert up.returncode == 0, up.stderr[-4000:]
    built_s = time.monotonic() - started

    deadline = time.monotonic() + 180
    assert api_answers(stack.base, deadline), stack.logs()
    source = (REPO / "problems" / "can_shift" / "solution.py").read_text()
    result = judged(stack.base, source, deadline)
    assert result["verdict"] == "accepted", f"{result}\n{stack.logs()}"
    assert result["max_time_ms"] > 0 and result["memory_kb"] > 0
    workers = [c for c in stack.containers("worker") if c.status == "running"]
    assert len(workers) == WORKERS, stack.logs()
    # Sandboxes run on this host's engine, started by the stack's workers (the owner
    # label names the worker's host, which is its container's short id).
    owners = {c.attrs["Labels"][OWNER_LABEL].partition(":")[0] for c in stack.sandboxes()}
    assert owners and owners <= {c.id[:12] for c in workers}, (owners, stack.logs())
    judged_s = time.monotonic() - started
    print(f"\nup (setup, images, start) {built_s:.1f} s; judged at {judged_s:.1f} s")

    volumes = stack.volumes()
    assert f"{stack.project}_pgdata" in volumes
    down = deploy(stack.env, "down", "-v", timeout=180)
    assert down.returncode == 0, down.stderr[-4000:]
    assert stack.containers() == []
    assert stack.networks() == []
    remaining = {v.name for v in stack.client.volumes.list()} & volumes
    assert remaining == set()
    # Workers remove their warm sandboxes when compose stops them.
    assert stack.sandboxes() == []
