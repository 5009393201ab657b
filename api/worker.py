"""Workers: claim a queued submission, judge it in the sandbox, store the result.

This is the one part of the service that knows the judge runs Docker; the HTTP
layer only sees the queue, the fleet's rows (api.fleet) and an engine-health callable.

Nothing that goes wrong with one submission or with the database ends a worker
thread: database calls are retried with back-off, and the process says it has
failed (``WorkerPool.failed``, so `judge worker` exits for its supervisor) only
when a thread died anyway or the database stayed unreachable past a give-up period.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from api.db import masked
from api.fleet import (
    BACKOFF_MAX_S,
    BACKOFF_S,
    REPORT_EVERY_S,
    Identity,
    Membership,
    Outage,
    Report,
    db_cause,
    name_versions,
    transient,
    unheld,
)
from api.lease import renewing
from api.notify import Wakeups
from api.progress import ProgressWriter
from api.queue import Claim, Queue
from api.runner_image import checked_image_id
from api.settings import WORKER_GIVE_UP_S
from judge import complexity
from judge.errors import JudgeError
from judge.judging import JUDGE_VERSION, Judge, failed, limits_for, run_problem
from judge.library import ProblemStore
from judge.problem import Problem, ProblemError
from judge.verdicts import Judgement, Verdict
from sandbox import START_ALLOWANCE_S, Cancel, EngineUnavailable, Sandbox, SandboxError

log = logging.getLogger("pyjudge.worker")
T = TypeVar("T")


# A result is retried this long while the database is unreachable (a server
# restart), then its claim is released; a release is retried this long.
STORE_RETRY_S = 60.0
RELEASE_RETRY_S = 10.0


@dataclass(frozen=True)
class WorkerState:
    """One worker thread as /health and tests see it."""

    name: str
    alive: bool
    claim: str | None  # the submission it is judging, if any


class WorkerPool:
    """Worker threads sharing one sandbox, whose warm containers they take in turn,
    and the process's row in the workers table (api.fleet.Membership).

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
        on_progress: Callable[[Claim], None] = lambda claim: None,
        warm_per_shape: int = 0,
        make_judge: Callable[[], Judge] | None = None,
        wakeups: Wakeups | None = None,
        give_up_s: float = WORKER_GIVE_UP_S,
        report_every_s: float = REPORT_EVERY_S,
    ):
        self.queue = queue
        self.problems = problems
        self.runner_image = runner_image
        self.count = count
        self.max_source_bytes = max_source_bytes
        self.on_judged = on_judged
        self.on_progress = on_progress
        self.warm_per_shape = warm_per_shape
        self.wakeups = wakeups or Wakeups()
        # Tests give a fake judge here (no Docker, so no image check at start);
        # the service uses the Docker sandbox.
        self.make_judge: Callable[[], Judge] = make_judge or self._sandbox_judge
        self.give_up_s = give_up_s
        self.store_retry_s = STORE_RETRY_S
        self.report_every_s = report_every_s
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []
        # Unique per process start (a restarted container may get the same pid), and
        # short enough that "<name>:<thread>" fits a lease owner (64 characters).
        self.name = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.outage = Outage()
        self.membership: Membership | None = None
        self.image_id = runner_image  # the engine's id for it, once checked
        self.judged = 0
        self.released = 0
        self._counts = threading.Lock()
        self._release_note: str | None = None
        self._library: dict[str, str] = {}
        self._hashes: list[str] = []  # the versions claims ask for
        self._failure: str | None = None
        self._url = masked(queue.sessions.kw["bind"].url)
        self._shared: Judge | None = None
        self._judge_lock = threading.Lock()
        self._claims: dict[str, str | None] = {}  # thread name -> submission id

    def start(self) -> None:
        """Check the runner image (WorkerSetupError if it is missing), register in the
        workers table, start the threads. Nothing at all with no threads to run."""
        if self.count <= 0:
            return
        self.check()
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
        identity = Identity(self.name, socket.gethostname(), os.getpid(), JUDGE_VERSION)
        self.membership = Membership(
            self.queue.sessions, identity, self._report, self.outage, self.report_every_s
        )
        self.membership.start()

    def check(self) -> None:
        """What start checks first, callable before it (say, before an HTTP server
        starts): the runner image (WorkerSetupError if missing) and the library."""
        if self.judges_in_sandbox() and self.image_id == self.runner_image:
            self.image_id = self._checked_image()
        self._refresh_library()

    def stop(self, timeout: float = 30.0) -> None:
        self.stopping.set()
        self.wakeups.wake_all()  # idle workers sleep on the doorbell, not on `stopping`
        for thread in self.threads:
            thread.join(timeout)
        if self._shared is not None:
            self._shared.sandbox.close()
        if self.membership is not None:
            self.membership.stop()

    def states(self) -> list[WorkerState]:
        return [
            WorkerState(thread.name, thread.is_alive(), self._claims.get(thread.name))
            for thread in self.threads
        ]

    def failed(self) -> bool:
        """True when this process can no longer judge and should exit non-zero, so
        that a supervisor restarts it. Once true, it stays true."""
        if self._failure is None:
            self._failure = self._why_failed()
            if self._failure is not None:
                log.error("workers %s cannot recover: %s", self.name, self._failure)
        return self._failure is not None

    def _why_failed(self) -> str | None:
        if self.threads and not self.stopping.is_set():
            dead = len(self.threads) - self.alive()
            if dead:
                return f"{dead} of {len(self.threads)} worker threads died"
        down = self.outage.down_s()
        if down > self.give_up_s:
            return f"the database at {self._url} has been unreachable for {down:.0f} s"
        return None

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
                image_id = getattr(self._shared.sandbox, "image_id", None)
                if isinstance(image_id, str) and image_id:
                    self.image_id = image_id
            return self._shared

    def judges_in_sandbox(self) -> bool:
        """Whether this pool runs the Docker sandbox (not a test's fake judge)."""
        return self.make_judge == self._sandbox_judge

    def _sandbox_judge(self) -> Judge:
        sandbox = Sandbox(self.runner_image, pool_size=self.warm_per_shape)
        for problem in self.problems.all():
            sandbox.prepare(limits_for(problem))
        return Judge(sandbox, self.max_source_bytes)

    def _checked_image(self) -> str:
        return checked_image_id(self.runner_image)

    def _refresh_library(self) -> dict[str, str]:
        """This host's problem versions; claims ask only for these."""
        library = {problem.id: problem.content_hash for problem in self.problems.all()}
        if library != self._library:
            self._library = library
            self._hashes = sorted(set(library.values()))
        return library

    def _report(self) -> Report:
        """What the workers table shows of this process (api.fleet.Membership asks)."""
        library = self._refresh_library()
        note = self._release_note
        lacking = unheld(self.queue.waiting_hashes(), set(library.values()))
        if lacking:
            names = name_versions(self.queue.sessions, lacking)
            more = f" and {len(names) - 5} more" if len(names) > 5 else ""
            cannot = f"cannot take queued work for {', '.join(names[:5])}{more}: not this version"
            note = "; ".join(filter(None, [cannot, note]))
        with self._counts:
            judged, released = self.judged, self.released
        return Report(
            threads=self.alive(),
            runner_image=self.image_id,
            problems=library,
            current=[claim for claim in self._claims.values() if claim],
            judged=judged,
            released=released,
            note=note,
        )

    def lease_bound_s(self, problem: Problem) -> float:
        """How long after judging began the lease is still renewed."""
        return limits_for(problem).hard_bound_s(len(problem.tests)) + START_ALLOWANCE_S

    def _run(self, worker: str) -> None:
        failures = 0
        while not self.stopping.is_set():
            try:
                self._step(worker)
                failures = 0
            except Exception as exc:
                delay = min(BACKOFF_MAX_S, BACKOFF_S * 2**failures)
                failures += 1
                if transient(exc):
                    log.warning(
                        "worker %s: the database at %s failed (%s); retrying in %.1f s",
                        worker,
                        self._url,
                        db_cause(exc),
                        delay,
                    )
                else:
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
        claim = self.outage.call(lambda: self.queue.claim(worker, hashes=self._hashes))
        if claim is None:
            asked = self._hashes
            self._refresh_library()  # a problem folder added since: ask again at once
            # A stop rings after setting `stopping`: seen before the ring, the wait ends
            # at the ring; seen after it, `stopping` is already set.
            if self._hashes is asked and not self.stopping.is_set():
                self.wakeups.wait_for_work(seen, timeout=self.wakeups.idle_wait_s)
            return
        me = threading.current_thread().name
        self._claims[me] = claim.id
        try:
            problem = self._problem_for(claim)
            if problem is not None:
                self._settle(judge, claim, problem)
        finally:
            self._claims[me] = None

    def _problem_for(self, claim: Claim) -> Problem | None:
        """The claim's problem in the version it was submitted against; None (and the
        claim handed back, no attempt counted) when this library has another one."""
        problem = self.problems.get(claim.problem_id)
        if problem is not None and problem.content_hash == claim.problem_hash:
            return problem
        here = (
            "not in this library"
            if problem is None
            else f"version {problem.content_hash[:12]}… here"
        )
        note = (
            f"released {claim.id}: {claim.problem_id} is {here}, "
            f"the submission needs {claim.problem_hash[:12]}…"
        )
        log.warning("%s (worker %s)", note, claim.worker)
        self._release_note = note
        self._refresh_library()  # the next claim no longer asks for that version
        self._release(claim, refund=True)
        self.stopping.wait(self.wakeups.idle_wait_s)  # no tight loop should it come back
        return None

    def _settle(self, judge: Judge, claim: Claim, problem: Problem) -> None:
        try:
            with judge.sandbox.busy():
                judgement = self._judgement(judge, claim, problem)
                if judgement is not None:
                    self._store(claim, judgement)
        except _Unstored:
            raise
        except Exception as exc:
            # Outside judging and storing (the sandbox's own bookkeeping): still an
            # answer for this claim; a no-op if its result is stored already.
            log.exception("handling %s failed", claim.id)
            self._store(claim, failed(claim.problem_id, f"the judge failed: {_cause(exc)}"))

    def _judgement(self, judge: Judge, claim: Claim, problem: Problem) -> Judgement | None:
        """The claim's judgement; None when it went back to the queue or is not ours."""
        try:
            return self._judge(judge, claim, problem)
        except SandboxError as exc:
            log.warning("engine failed on %s, re-queued: %s", claim.id, exc)
            self._release(claim, refund=isinstance(exc, EngineUnavailable))
            self.stopping.wait(0.5)
            return None
        except Exception as exc:  # the judge's own bug: the claim's verdict
            log.exception("judging %s failed", claim.id)
            return failed(claim.problem_id, f"the judge failed: {_cause(exc)}")

    def _judge(self, judge: Judge, claim: Claim, problem: Problem) -> Judgement | None:
        if claim.kind == "run":
            try:
                problem = run_problem(problem, claim.custom_args)
            except ProblemError as exc:
                return failed(claim.problem_id, str(exc))
        cancel = Cancel()
        estimating = claim.complexity_wanted and problem.meta.complexity is not None
        bound_s = self.lease_bound_s(problem) + (complexity.MAX_WALL_S if estimating else 0.0)
        progress = ProgressWriter(self.queue, claim, len(problem.tests), self.on_progress)
        try:
            with renewing(self.queue, claim, bound_s, cancel, self.outage, self._url) as watch:
                judgement = judge.judge(problem, claim.source, cancel=cancel, on_test=progress)
                progress.close()
                if estimating and judgement.verdict is Verdict.accepted:
                    judgement = complexity.with_estimate(
                        judge.sandbox, problem, claim.source, judgement, cancel
                    )
        finally:
            progress.close()
        if watch.lost:
            return None  # someone else judges it; nothing of ours to store or release
        if watch.overdue:
            self._release(claim, refund=False)  # the attempt counts: it may hang again
            return None
        return judgement

    def _retrying(self, what: str, call: Callable[[], T], within_s: float) -> T:
        return self.outage.retrying(what, call, within_s, self._url, self.stopping)

    def _release(self, claim: Claim, refund: bool) -> None:
        try:
            self._retrying(
                f"releasing {claim.id}",
                lambda: self.queue.release(claim, refund=refund),
                RELEASE_RETRY_S,
            )
        except Exception as exc:
            log.warning("releasing %s failed (%s); its lease will run out", claim.id, db_cause(exc))
            return
        with self._counts:
            self.released += 1

    def _store(self, claim: Claim, judgement: Judgement) -> None:
        def store(judged: Judgement) -> bool:
            return self._retrying(
                f"storing the result of {claim.id}",
                lambda: self.queue.complete(claim, judged),
                self.store_retry_s,
            )

        try:
            stored = store(judgement)
        except Exception as exc:
            if transient(exc):
                # The database stayed away: another attempt (counted) may store it.
                self._release(claim, refund=False)
                raise _Unstored(f"{claim.id}: {db_cause(exc)}") from exc
            log.exception("storing the result of %s failed; storing internal_error", claim.id)
            judgement = failed(claim.problem_id, f"the result could not be stored: {_cause(exc)}")
            try:
                stored = store(judgement)
            except Exception as again:
                # The attempt counts: a submission that cannot be stored ends as
                # internal_error after max_attempts (Queue.claim) instead of looping.
                self._release(claim, refund=False)
                raise _Unstored(f"{claim.id}: {_cause(again)}") from again
        if not stored:
            log.warning("lease on %s was lost; its result was not stored", claim.id)
            return
        with self._counts:
            self.judged += 1
        try:
            self.on_judged(claim, judgement)
        except Exception:
            log.exception("after storing %s: on_judged failed", claim.id)


class _Unstored(JudgeError):
    """Neither a result nor an internal_error could be stored; the claim was released."""


def _cause(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"
