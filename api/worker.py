"""Workers: claim a queued submission, judge it in the sandbox, store the result.

This is the one part of the service that knows the judge runs Docker; the HTTP
layer only sees the queue and an engine-health callable.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from api.notify import Wakeups
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


# A claim's lease is renewed for at most the run's hard bound plus this allowance
# for taking a container (a cold start on a busy engine), so a run stuck past
# every watchdog cannot hold its submission forever.
START_ALLOWANCE_S = 60.0
# After an unexpected failure (the database locked, gone, full) a worker waits
# BACKOFF_S, doubling on each failure in a row up to BACKOFF_MAX_S.
BACKOFF_S = 0.5
BACKOFF_MAX_S = 30.0


@dataclass(frozen=True)
class WorkerState:
    """One worker thread as /health and tests see it."""

    name: str
    alive: bool
    claim: str | None  # the submission it is judging, if any


class WorkerPool:
    """Worker threads sharing one sandbox, whose warm containers they take in turn.

    A thread ends only when the pool stops: whatever goes wrong with one claim ends
    as that claim's verdict (or its release), and database failures are retried.
    """

    def __init__(
        self,
        queue: Queue,
        problems: ProblemStore,
        runner_image: str,
        count: int,
        max_source_bytes: int,
        on_judged: Callable[[Claim, Judgement], None] = lambda claim, judgement: None,
        warm_per_shape: int = 0,
        make_judge: Callable[[], Judge] | None = None,
        wakeups: Wakeups | None = None,
    ):
        self.queue = queue
        self.problems = problems
        self.runner_image = runner_image
        self.count = count
        self.max_source_bytes = max_source_bytes
        self.on_judged = on_judged
        self.warm_per_shape = warm_per_shape
        self.wakeups = wakeups or Wakeups()
        # Tests give a fake judge here; the service uses the Docker sandbox.
        self.make_judge: Callable[[], Judge] = make_judge or self._sandbox_judge
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self._shared: Judge | None = None
        self._judge_lock = threading.Lock()
        self._claims: dict[str, str | None] = {}  # thread name -> submission id

    def start(self) -> None:
        for index in range(self.count):
            thread = threading.Thread(
                target=self._run,
                args=(f"{self.name}:{index}",),
                name=f"worker-{index}",
                daemon=True,
            )
            self._claims[thread.name] = None
            thread.start()
            self.threads.append(thread)

    def stop(self, timeout: float = 30.0) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout)
        if self._shared is not None:
            self._shared.sandbox.close()

    def states(self) -> list[WorkerState]:
        return [
            WorkerState(thread.name, thread.is_alive(), self._claims.get(thread.name))
            for thread in self.threads
        ]

    def failed(self) -> bool:
        """True when this process can no longer judge and should exit non-zero, so
        that a supervisor restarts it."""
        return False

    def alive(self) -> int:
        return sum(thread.is_alive() for thread in self.threads)

    def liveness(self) -> tuple[int, int] | None:
        """(alive, started) worker threads, for /health; None while none run here."""
        if not self.threads or self.stopping.is_set():
            return None
        return self.alive(), len(self.threads)

    def judge(self) -> Judge:
        """The shared judge, made on first use; raises SandboxError while the engine is down."""
        with self._judge_lock:
            if self._shared is None:
                self._shared = self.make_judge()
            return self._shared

    def _sandbox_judge(self) -> Judge:
        sandbox = Sandbox(self.runner_image, pool_size=self.warm_per_shape)
        for problem in self.problems.all():
            sandbox.prepare(limits_for(problem))
        return Judge(sandbox, self.max_source_bytes)

    def lease_bound_s(self, problem: Problem) -> float:
        """How long after judging began the lease is still renewed."""
        return limits_for(problem).hard_bound_s(len(problem.tests)) + START_ALLOWANCE_S

    def _run(self, worker: str) -> None:
        failures = 0
        while not self.stopping.is_set():
            try:
                self._step(worker)
                failures = 0
            except Exception:
                delay = min(BACKOFF_MAX_S, BACKOFF_S * 2**failures)
                failures += 1
                log.exception("worker %s failed; retrying in %.1f s", worker, delay)
                self.stopping.wait(delay)

    def _step(self, worker: str) -> None:
        """Claim one submission and see it to a stored result or back to the queue."""
        try:
            judge = self.judge()
        except SandboxError as exc:
            log.warning("worker %s waits for the engine: %s", worker, exc)
            self.stopping.wait(2.0)
            return
        seen = self.wakeups.rings()
        claim = self.queue.claim(worker)
        if claim is None:
            self.wakeups.wait_for_work(seen, timeout=0.5)
            return
        me = threading.current_thread().name
        self._claims[me] = claim.id
        try:
            self._settle(judge, claim)
        finally:
            self._claims[me] = None

    def _settle(self, judge: Judge, claim: Claim) -> None:
        try:
            with judge.sandbox.busy():
                judgement = self._judgement(judge, claim)
                if judgement is not None:
                    self._store(claim, judgement)
        except _Unstored:
            raise
        except Exception as exc:
            # Outside judging and storing (the sandbox's own bookkeeping): still an
            # answer for this claim; a no-op if its result is stored already.
            log.exception("handling %s failed", claim.id)
            self._store(claim, failed(claim.problem_id, f"the judge failed: {_cause(exc)}"))

    def _judgement(self, judge: Judge, claim: Claim) -> Judgement | None:
        """The claim's judgement; None when engine trouble sent it back to the queue."""
        try:
            return self._judge(judge, claim)
        except SandboxError as exc:
            log.warning("engine failed on %s, re-queued: %s", claim.id, exc)
            self._release(claim, refund=isinstance(exc, EngineUnavailable))
            self.stopping.wait(0.5)
            return None
        except Exception as exc:  # the judge's own bug: the claim's verdict
            log.exception("judging %s failed", claim.id)
            return failed(claim.problem_id, f"the judge failed: {_cause(exc)}")

    def _release(self, claim: Claim, refund: bool) -> None:
        try:
            self.queue.release(claim, refund=refund)
        except Exception:
            log.exception("releasing %s failed; its lease will run out", claim.id)

    def _store(self, claim: Claim, judgement: Judgement) -> None:
        try:
            stored = self.queue.complete(claim, judgement)
        except Exception as exc:
            log.exception("storing the result of %s failed; storing internal_error", claim.id)
            judgement = failed(claim.problem_id, f"the result could not be stored: {_cause(exc)}")
            try:
                stored = self.queue.complete(claim, judgement)
            except Exception as again:
                # The attempt counts: a submission that cannot be stored ends as
                # internal_error after max_attempts (Queue.claim) instead of looping.
                self._release(claim, refund=False)
                raise _Unstored(f"{claim.id}: {_cause(again)}") from again
        if not stored:
            log.warning("lease on %s was lost; its result was not stored", claim.id)
            return
        try:
            self.on_judged(claim, judgement)
        except Exception:
            log.exception("after storing %s: on_judged failed", claim.id)

    def _judge(self, judge: Judge, claim: Claim) -> Judgement:
        problem = self.problems.get(claim.problem_id)
        if problem is None:
            return failed(claim.problem_id, "the problem no longer exists on this judge")
        if claim.kind == "run":
            try:
                problem = run_problem(problem, claim.custom_args)
            except ProblemError as exc:
                return failed(claim.problem_id, str(exc))
        with self._heartbeat(claim, self.lease_bound_s(problem)):
            return judge.judge(problem, claim.source)

    @contextlib.contextmanager
    def _heartbeat(self, claim: Claim, bound_s: float) -> Iterator[None]:
        """Renews the lease while judging, for at most ``bound_s``: past it the lease
        runs out and another worker may take the submission over."""
        done = threading.Event()
        deadline = time.monotonic() + bound_s

        def beat() -> None:
            while not done.wait(self.queue.lease_s / 3):
                if time.monotonic() > deadline:
                    log.warning(
                        "%s is still judging after %.0f s; its lease is no longer renewed",
                        claim.id,
                        bound_s,
                    )
                    return
                try:
                    if not self.queue.heartbeat(claim):
                        return  # taken over; nothing left to renew
                except Exception:
                    log.exception("heartbeat for %s failed; trying again", claim.id)

        beater = threading.Thread(target=beat, name=f"heartbeat-{claim.id[:8]}", daemon=True)
        beater.start()
        try:
            yield
        finally:
            done.set()
            beater.join()


class _Unstored(Exception):
    """Neither a result nor an internal_error could be stored; the claim was released."""


def _cause(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


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
