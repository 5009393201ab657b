"""The live container's configuration, and that no container outlives its run."""

from __future__ import annotations

import contextlib
import os
import threading
import time

import docker

from judge.judging import limits_for
from judge.problem import load_problem
from judge.verdicts import Verdict
from sandbox.engine import CREATED_LABEL, OWNER_LABEL, RUN_LABEL, sweep
from sandbox.limits import SANDBOX_LABEL, SANDBOX_USER, SECCOMP_PROFILE, TMPFS_MB


def run_id() -> str:
    return os.environ["JUDGE_RUN_ID"]  # set by tests/conftest.py for this session


def labelled(client: docker.DockerClient) -> list:
    """This test session's sandbox containers (a service from another clone may share
    the engine)."""
    filters = {"label": [SANDBOX_LABEL, f"{RUN_LABEL}={run_id()}"]}
    return client.containers.list(all=True, filters=filters)


def test_live_sandbox_container_has_every_limit(judge, make_problem, leftovers):
    problem = load_problem(make_problem(time_s=5, memory_mb=96, output_kb=8))
    client = judge.sandbox.client
    assert leftovers() == []
    done = threading.Event()
    results = []

    def run() -> None:
        source = (
            "import time\ndef add(a, b):\n    time.sleep(3 if a == 1 else 0)\n    return a + b\n"
        )
        results.append(judge.judge(problem, source))
        done.set()

    threading.Thread(target=run, daemon=True).start()
    deadline = time.monotonic() + 10
    while not judge.sandbox.running_ids() and time.monotonic() < deadline:
        time.sleep(0.05)
    [running] = judge.sandbox.running_ids()
    container = client.containers.get(running)
    container.reload()
    host = container.attrs["HostConfig"]
    config = container.attrs["Config"]

    assert container.status == "running"
    assert host["NetworkMode"] == "none"
    assert host["ReadonlyRootfs"] is True
    assert host["Privileged"] is False
    assert host["Tmpfs"] == {"/tmp": f"rw,noexec,nosuid,nodev,size={TMPFS_MB}m"}
    assert host["Memory"] == host["MemorySwap"] == 96 << 20
    assert host["MemorySwappiness"] == 0
    assert host["NanoCpus"] == 1_000_000_000
    assert host["PidsLimit"] == 64
    ulimits = {u["Name"]: (u["Soft"], u["Hard"]) for u in host["Ulimits"]}
    assert ulimits["nofile"] == (64, 64)
    assert ulimits["fsize"] == (8 << 20, 8 << 20)
    assert ulimits["core"] == (0, 0)
    assert ulimits["cpu"][0] >= 5 and ulimits["cpu"][1] == ulimits["cpu"][0] + 1
    assert host["CapDrop"] == ["ALL"]
    assert not host["CapAdd"]
    assert host["SecurityOpt"] == ["no-new-privileges", f"seccomp={SECCOMP_PROFILE}"]
    assert host["Init"] is True
    assert host["IpcMode"] == "private"
    assert host["OomScoreAdj"] == 1000
    assert host["OomKillDisable"] in (False, None)
    assert host["LogConfig"] == {"Type": "none", "Config": {}}
    assert not host["Binds"] and not container.attrs["Mounts"]
    assert not host["Devices"]
    assert config["User"] == SANDBOX_USER
    assert {e.split("=")[0] for e in config["Env"] or []} <= {"PATH"}
    assert config["Image"] == judge.sandbox.image_id
    assert config["OpenStdin"] is True and config["Tty"] is False
    assert {SANDBOX_LABEL, OWNER_LABEL, CREATED_LABEL} <= set(config["Labels"])

    assert done.wait(20)
    assert results[0].verdict is Verdict.accepted
    assert leftovers() == []


def test_no_labelled_container_is_left_after_runs(judge_add, leftovers):
    for source in (
        "def add(a, b):\n    return a + b\n",
        "def add(a, b):\n    while True: pass\n",
        "import os\ndef add(a, b):\n    os._exit(3)\n",
        "def add(a, b)\n",
        "def add(a, b):\n    x = bytearray(1 << 30); x[::4096] = b'1' * len(x[::4096])\n",
    ):
        judge_add(source)
    assert leftovers() == []


def test_warm_containers_are_used_once_and_replaced(judge, add_problem, leftovers):
    """A run takes the warm container of its shape; it is removed, and a new one waits."""
    sandbox = judge.sandbox
    limits = limits_for(add_problem)
    sandbox.prepare(limits)

    def warm() -> set[str]:
        deadline = time.monotonic() + 30
        while not sandbox.idle_ids(limits) and time.monotonic() < deadline:
            time.sleep(0.05)
        return sandbox.idle_ids(limits)

    before = warm()
    source = "def add(a, b):\n    return a + b\n"
    assert judge.judge(add_problem, source).verdict is Verdict.accepted
    assert leftovers() == []
    existing = {c.id for c in labelled(sandbox.client)}
    assert len(before) == 1  # pool_size=1
    assert not before & existing and before <= sandbox.used_ids()  # it ran, and is gone
    deadline = time.monotonic() + 30
    while not warm() - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert warm() - before  # a new one waits in its place


def test_sweep_removes_containers_of_dead_owners_only(sandbox):
    client = sandbox.client
    import socket

    host = socket.gethostname()
    dead = client.containers.create(
        sandbox.image_id,
        ["true"],
        labels={
            SANDBOX_LABEL: "stray",
            OWNER_LABEL: f"{host}:999999999",
            CREATED_LABEL: "0",
            RUN_LABEL: run_id(),
        },
    )
    live = client.containers.create(
        sandbox.image_id,
        ["true"],
        labels={
            SANDBOX_LABEL: "live",
            OWNER_LABEL: f"{host}:1",
            CREATED_LABEL: str(int(time.time())),
            RUN_LABEL: run_id(),
        },
    )
    try:
        removed = sweep(client)
        assert dead.id in removed
        assert live.id not in removed
        warm = sandbox.idle_ids()
        assert not set(removed) & warm  # warm containers are this process's, and live
        assert [c.id for c in labelled(client) if c.id not in warm] == [live.id]
    finally:
        for container in (dead, live):
            with contextlib.suppress(docker.errors.NotFound):
                container.remove(force=True)


def test_sweep_removes_this_processes_own_leftovers_but_not_live_ones(sandbox):
    import os
    import socket

    client = sandbox.client
    me = f"{socket.gethostname()}:{os.getpid()}"
    old = str(int(time.time()) - 60)
    leftover = client.containers.create(
        sandbox.image_id,
        ["true"],
        labels={SANDBOX_LABEL: "leftover", OWNER_LABEL: me, CREATED_LABEL: old},
    )
    fresh = client.containers.create(
        sandbox.image_id,
        ["true"],
        labels={SANDBOX_LABEL: "fresh", OWNER_LABEL: me, CREATED_LABEL: str(int(time.time()))},
    )
    try:
        removed = sweep(client)
        assert leftover.id in removed
        assert fresh.id not in removed  # too young: it may be a run about to register
    finally:
        for container in (leftover, fresh):
            with contextlib.suppress(docker.errors.NotFound):
                container.remove(force=True)
