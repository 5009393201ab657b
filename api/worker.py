"""Workers: claim a queued submission, judge it in the sandbox, store the result.

This is the one part of the service that knows the judge runs Docker; the HTTP
layer only sees the queue and an engine-health callable.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable

from api.queue import Claim, Queue
from api.schemas import EngineHealth
from judge.judging import Judge, limits_for
from judge.library import ProblemStore
from judge.problem import Problem, ProblemError, make_case
from judge.verdicts import Judgement, Provenance, Verdict
from sandbox.container import EngineUnavailable, Sandbox, SandboxError
from sandbox.engine import connect

log = logging.getLogger("pyjudge.worker")


class EngineProbe:
    """Engine and runner-image status for /health, cached briefly so probes stay cheap."""

    def __init__(self, image: str, ttl_s: float = 2.0):
        self.image = image
        self.ttl_s = ttl_s
        self._cached: tuple[float, EngineHealth] | None = None

    def __call__(self) -> EngineHealth:
        now = time.monotonic()
        if self._cached and now - self._cached[0] < self.ttl_s:
            return self._cached[1]
        health = self._probe()
        self._cached = (now, health)
        return health

    def _probe(self) -> EngineHealth:
        try:
            client = connect()
        except SandboxError as exc:
            return EngineHealth(engine=False, image=False, detail=str(exc))
        try:
            client.images.get(self.image)
            return EngineHealth(engine=True, image=True)
        except Exception as exc:
            return EngineHealth(engine=True, image=False, detail=f"{self.image}: {exc}")
        finally:
            client.close()


class WorkerPool:
    """Worker threads sharing one sandbox, whose warm containers they take in turn."""

    def __init__(
        self,
        queue: Queue,
        problems: ProblemStore,
        runner_image: str,
        count: int,
        max_source_bytes: int,
        on_judged: Callable[[Claim, Judgement], None] = lambda claim, judgement: None,
        warm_per_shape: int = 0,
    ):
        self.queue = queue
        self.problems = problems
        self.runner_image = runner_image
        self.count = count
        self.max_source_bytes = max_source_bytes
        self.on_judged = on_judged
        self.warm_per_shape = warm_per_shape
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self._shared: Judge | None = None
        self._judge_lock = threading.Lock()

    def start(self) -> None:
        for index in range(self.count):
            thread = threading.Thread(
                target=self._run,
                args=(f"{self.name}:{index}",),
                name=f"worker-{index}",
                daemon=True,
            )
            thread.start()
            self.threads.append(thread)

    def stop(self, timeout: float = 30.0) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout)
        if self._shared is not None:
            self._shared.sandbox.close()

    def judge(self) -> Judge:
        """The shared judge, made on first use; raises SandboxError while the engine is down."""
        with self._judge_lock:
            if self._shared is None:
                sandbox = Sandbox(self.runner_image, pool_size=self.warm_per_shape)
                for problem in self.problems.all():
                    sandbox.prepare(limits_for(problem))
                self._shared = Judge(sandbox, self.max_source_bytes)
            return self._shared

    def _run(self, worker: str) -> None:
        while not self.stopping.is_set():
            try:
                judge = self.judge()
            except SandboxError as exc:
                log.warning("worker %s waits for the engine: %s", worker, exc)
                self.stopping.wait(2.0)
                continue
            seen = self.queue.rings()
            claim = self.queue.claim(worker)
            if claim is None:
                self.queue.wait_for_work(seen, timeout=0.5)
                continue
            with judge.sandbox.busy():
                try:
                    judgement = self._judge_with_heartbeat(judge, claim)
                except SandboxError as exc:
                    log.warning("engine failed on %s, re-queued: %s", claim.id, exc)
                    self.queue.release(claim, refund=isinstance(exc, EngineUnavailable))
                    self.stopping.wait(0.5)
                    continue
                if self.queue.complete(claim, judgement):
                    self.on_judged(claim, judgement)
                else:
                    log.warning("lease on %s was lost; its result was not stored", claim.id)

    def _judge_with_heartbeat(self, judge: Judge, claim: Claim) -> Judgement:
        done = threading.Event()

        def beat() -> None:
            while not done.wait(self.queue.lease_s / 3):
                self.queue.heartbeat(claim)

        beater = threading.Thread(target=beat, name=f"heartbeat-{claim.id[:8]}", daemon=True)
        beater.start()
        try:
            return self._judge(judge, claim)
        finally:
            done.set()
            beater.join()

    def _judge(self, judge: Judge, claim: Claim) -> Judgement:
        problem = self.problems.get(claim.problem_id)
        if problem is None:
            return failed(claim.problem_id, "the problem no longer exists on this judge")
        if claim.kind == "run":
            try:
                problem = run_problem(problem, claim.custom_args)
            except ProblemError as exc:
                return failed(claim.problem_id, str(exc))
        try:
            return judge.judge(problem, claim.source)
        except SandboxError:
            raise
        except Exception as exc:  # the judge's own bug: record it, keep the worker alive
            log.exception("judging %s failed", claim.id)
            return failed(claim.problem_id, f"the judge failed: {type(exc).__name__}: {exc}")


def run_problem(problem: Problem, custom_args: list[dict] | None) -> Problem:
    """The problem as a run sees it: caller-given cases, else the samples."""
    if not custom_args:
        return problem.with_tests(problem.samples)
    cases = tuple(
        make_case(problem.meta, f"custom/{index}", "custom", args, file=f"args[{index}]")
        for index, args in enumerate(custom_args)
    )
    return problem.with_tests(cases)


def failed(problem_id: str, message: str) -> Judgement:
    return Judgement(
        problem_id=problem_id,
        verdict=Verdict.internal_error,
        message=message,
        time_ms=0.0,
        wall_ms=0.0,
        tests=[],
        provenance=Provenance(
            runner_image="", problem_hash="", harness_version="", judge_version=""
        ),
    )
