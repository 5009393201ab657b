"""What the judge is measured against: the same harness and tests run the naive way
(`docker run --rm` per submission), as a bare local process, and in-process; and
the engine's own rate of create -> start -> wait -> remove."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from judge.judging import job_for
from judge.problem import Problem
from sandbox.engine import connect, create, new_labels
from sandbox.job import Job
from sandbox.limits import TMPFS_MB, SandboxLimits
from sandbox.protocol import BOOTSTRAP, COMMAND, harness_bytes, job_header


def job_input(job: Job) -> bytes:
    """Everything the harness reads, at once: the naive runners have no host clock per test."""
    limits = job.limits
    header = job_header(
        job.source,
        job.function,
        job.param_specs,
        limits.output_kb << 10,
        limits.cpu_seconds(len(job.test_args)),
    )
    return harness_bytes() + header + b"".join(args + b"\n" for args in job.test_args)


def check_output(stdout: bytes, problem: Problem) -> None:
    """A baseline counts only if it really answered every test correctly."""
    records = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    tests = [r for r in records if r.get("event") == "test"]
    if len(tests) != len(problem.tests):
        raise RuntimeError(f"baseline answered {len(tests)} of {len(problem.tests)} tests")
    for record, case in zip(tests, problem.tests, strict=True):
        if record["value"] != case.expected:
            raise RuntimeError(f"baseline got a wrong answer on {case.id}")


def docker_run_argv(image: str, limits: SandboxLimits) -> list[str]:
    """`docker run --rm` with the sandbox's own limits (see sandbox/limits.py)."""
    kwargs = limits.docker_kwargs()
    argv = ["docker", "run", "--rm", "-i", "--network", "none", "--read-only"]
    argv += ["--tmpfs", f"/tmp:rw,noexec,nosuid,nodev,size={TMPFS_MB}m"]
    argv += ["--memory", kwargs["mem_limit"], "--memory-swap", kwargs["memswap_limit"]]
    argv += ["--memory-swappiness", "0", "--cpus", str(limits.cpus)]
    argv += ["--pids-limit", str(limits.pids)]
    for ulimit in kwargs["ulimits"]:
        argv += ["--ulimit", f"{ulimit.name}={ulimit.soft}:{ulimit.hard}"]
    argv += ["--cap-drop", "ALL", "--security-opt", "no-new-privileges"]
    argv += ["--user", kwargs["user"], "--init", "--ipc", "private", "--hostname", "sandbox"]
    argv += ["--oom-score-adj", "1000", "--workdir", "/tmp"]
    argv += ["--log-driver", "none"]
    for key, value in new_labels().items():
        argv += ["--label", f"{key}={value}"]
    return [*argv, image, *COMMAND]


def timed_runs(argv: list[str], stdin: bytes, problem: Problem, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(argv, input=stdin, capture_output=True, check=True)
        times.append((time.perf_counter() - started) * 1000)
        check_output(done.stdout, problem)
    return times


def naive_docker(image: str, problem: Problem, source: str, runs: int) -> list[float]:
    job = job_for(problem, source)
    return timed_runs(docker_run_argv(image, job.limits), job_input(job), problem, runs)


def bare_process(problem: Problem, source: str, runs: int) -> list[float]:
    job = job_for(problem, source)
    argv = [sys.executable, "-I", "-B", "-c", BOOTSTRAP]
    return timed_runs(argv, job_input(job), problem, runs)


def in_process_per_test_ms(problem: Problem, solution: Path, rounds: int = 5) -> float:
    """Mean time of one call of the reference function on a test's arguments, here."""
    spec = importlib.util.spec_from_file_location("bench_solution", solution)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    function = getattr(module, problem.meta.function.name)
    calls = [case.args for case in problem.tests]
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for args in calls:
            function(**args)
        best = min(best, (time.perf_counter() - started) * 1000 / len(calls))
    return best


def engine_rate(image: str, limits: SandboxLimits, containers: int, threads: int) -> float:
    """Containers per second through create -> start -> wait -> remove, `threads` at once.

    Each runs the sandbox's own command with the sandbox's limits and no input, so
    it starts Python and exits: the ceiling for one fresh container per submission.
    """
    client = connect(max_pool_size=threads + 2)  # the sandbox's own client settings
    image_id = client.images.get(image).id
    remaining = list(range(containers))
    lock = threading.Lock()

    def loop() -> None:
        while True:
            with lock:
                if not remaining:
                    return
                remaining.pop()
            container = create(
                client, image_id, COMMAND, labels=new_labels(), **limits.docker_kwargs()
            )
            try:
                container.start()
                container.wait(timeout=60)
            finally:
                container.remove(force=True)

    started = time.perf_counter()
    workers = [threading.Thread(target=loop) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return containers / (time.perf_counter() - started)
