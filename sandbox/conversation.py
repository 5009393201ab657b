"""The host's side of one run: send the job, then each test, under the host's limits.

Each test's arguments go in only after the previous record came back, so later
inputs are never inside the container early. Every send and every read has a
deadline, and a watchdog kills the container once the run's hard bound has passed,
whatever the host was doing.

A test is charged the CPU time its container used between the host sending the
arguments and the answer arriving, read from the container's cgroup (see
accounting.py); the limit applies to that time. While it waits, the host checks the
counter each time the call could have used up its budget (a container gets at most
``cpus`` CPUs, so that is never earlier than the remaining budget divided by
``cpus``), and the wall clock is only a backstop: ``SandboxLimits.wall_s``. The
host's own JSON work happens outside both measurements.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any

import docker.errors
import requests.exceptions

from sandbox.accounting import Accounting
from sandbox.engine import ENGINE_ERRORS
from sandbox.errors import Closed, Deadline, OutputExceeded, OverTime, ProtocolError, TooLarge
from sandbox.instance import EXIT_S, Instance
from sandbox.job import Job, RunOutcome, Setup, Status, TestOutcome
from sandbox.limits import SEND_S, WATCHDOG_GRACE_S
from sandbox.protocol import job_header, parse_startup, parse_test

ENDS_THE_RUN = {Status.timed_out, Status.output_exceeded, Status.crashed, Status.out_of_memory}
# The shortest wait between two readings of the CPU counter.
MIN_CHECK_S = 0.005
# Processes of a container whose submission left none running: tini and the harness.
HARNESS_PROCESSES = 2
SETTLE_POLL_S = 0.01
# What an escaped stdout may cost in a record: every byte as a six-byte \\u escape.
ESCAPE_FACTOR = 6


class Conversation:
    """The host's side of one run: sends tests one by one and records what it saw."""

    def __init__(
        self,
        instance: Instance,
        job: Job,
        on_test: Callable[[int, TestOutcome], None] | None = None,
    ):
        self.instance = instance
        self.on_test = on_test  # told of each test as it ends, for live progress
        self.container = instance.container
        self.stream = instance.stream
        self.accounting: Accounting = instance.accounting
        self.job = job
        self.limits = job.limits
        self.output_bytes = job.limits.output_kb << 10
        self.per_test_peak = False
        self.peak_bytes = 0
        self._expired = threading.Event()
        self._deadline = 0.0
        self._cpu_mark: int | None = None  # the last CPU reading, where the next test starts

    def run(self) -> RunOutcome:
        bound = self.limits.hard_bound_s(len(self.job.test_args))
        self._deadline = time.monotonic() + bound
        watchdog = threading.Timer(bound + WATCHDOG_GRACE_S, self._expire)
        watchdog.daemon = True
        watchdog.start()
        try:
            outcome = self._run()
        finally:
            watchdog.cancel()
        if self.peak_bytes:
            outcome.memory_kb = self.peak_bytes >> 10
        return outcome

    def _run(self) -> RunOutcome:
        job, limits, stream = self.job, self.limits, self.stream
        not_run = [TestOutcome(Status.not_run) for _ in job.test_args]
        self._limit_records(0)  # start-up records carry no answer
        self.per_test_peak = self.accounting.reset_peak()
        self._cpu_mark = self.accounting.cpu_ns()
        header = job_header(
            job.source,
            job.function,
            job.param_specs,
            self.output_bytes,
            limits.cpu_seconds(len(job.test_args)),
        )
        try:
            stream.send(header, time.monotonic() + SEND_S)
            line, _ = self._await(limits.startup_s, time.monotonic())
            startup = parse_startup(line)
        except (Deadline, OverTime) as exc:
            message = f"the solution did not finish loading ({exc or 'its input was not read'})"
            return RunOutcome(Setup.startup_timeout, not_run, message)
        except OutputExceeded as exc:
            return RunOutcome(Setup.output_exceeded, not_run, str(exc))
        except Closed:
            if self._expired.is_set():
                message = self._wall_message(self.limits.wall_s(limits.startup_s))
                return RunOutcome(Setup.startup_timeout, not_run, message)
            setup, message = self._death()
            return RunOutcome(setup, not_run, message)
        except (ProtocolError, TooLarge) as exc:
            return RunOutcome(Setup.crashed, not_run, f"the sandbox broke protocol: {exc}")
        finally:
            self._note_peak()

        if startup.event == "compile_error":
            return RunOutcome(Setup.compile_error, not_run, startup.message)
        if startup.event == "import_error":
            if startup.stdout_truncated or startup.stdout_bytes > self.output_bytes:
                return RunOutcome(Setup.output_exceeded, not_run, "printed too much while loading")
            message = f"{startup.error_type}: {startup.message}"
            if startup.error_lines:
                at_line, function = startup.error_lines[-1]
                message += f" (line {at_line}, in {function})"
            return RunOutcome(Setup.import_error, not_run, message)

        tests: list[TestOutcome] = []
        for index, args in enumerate(job.test_args):
            tests.append(self._test(index, args))
            if self.on_test is not None:
                self.on_test(index, tests[-1])
            if tests[-1].status in ENDS_THE_RUN:
                break
        outcome = RunOutcome(Setup.ready, tests + not_run[len(tests) :])
        if tests and tests[-1].status not in ENDS_THE_RUN:
            outcome.memory_exceeded = self._stopped_out_of_memory()
        return outcome

    def _limit_records(self, answer_bytes: int) -> None:
        self.stream.limit(
            record_bytes=answer_bytes + ESCAPE_FACTOR * self.output_bytes + (64 << 10),
            stream_bytes=self.limits.stream_mb << 20,
            raw_bytes=self.output_bytes,
        )

    def _test(self, index: int, args: bytes) -> TestOutcome:
        limit_s = self.limits.time_per_test_s
        answer = self.job.answer_limit(index)
        self._limit_records(answer.bytes)
        if self.per_test_peak:
            self.accounting.reset_peak()
        sent = time.monotonic()
        try:
            self.stream.send(args + b"\n", sent + SEND_S)
            line, cpu_ns = self._await(limit_s, sent)
            wall_ms = (time.monotonic() - sent) * 1000
            memory_kb = self._note_peak() if self.per_test_peak else None
            record = parse_test(line, index, answer, allowance=self.output_bytes)
        except OverTime as exc:
            self._kill()
            return TestOutcome(Status.timed_out, time_ms=limit_s * 1000, error_message=str(exc))
        except Deadline:  # the arguments were not read in time
            self._kill()
            message = self._wall_message(SEND_S)
            return TestOutcome(Status.timed_out, time_ms=limit_s * 1000, error_message=message)
        except (OutputExceeded, TooLarge) as exc:
            return TestOutcome(Status.output_exceeded, error_message=str(exc))
        except Closed:
            if self._expired.is_set():
                message = self._wall_message(self.limits.wall_s(limit_s))
                return TestOutcome(Status.timed_out, time_ms=limit_s * 1000, error_message=message)
            setup, message = self._death()
            status = Status.out_of_memory if setup is Setup.out_of_memory else Status.crashed
            return TestOutcome(status, error_message=message, stdout=self._stderr())
        except ProtocolError as exc:
            return TestOutcome(Status.crashed, error_message=f"the sandbox broke protocol: {exc}")

        time_ms = wall_ms if cpu_ns is None else cpu_ns / 1e6
        measured: dict[str, Any] = {"time_ms": time_ms, "wall_ms": wall_ms, "memory_kb": memory_kb}
        if time_ms > limit_s * 1000:
            message = f"took more than {limit_s:g} s of CPU time"
            return TestOutcome(Status.timed_out, error_message=message, **measured)
        printed = len(record.stdout.encode("utf-8"))
        if record.stdout_truncated or printed > self.output_bytes:
            message = f"printed more than {self.limits.output_kb} KiB"
            return TestOutcome(Status.output_exceeded, error_message=message, **measured)
        status = Status.returned if record.error_type is None else Status.raised
        return TestOutcome(
            status,
            value=record.value,
            stdout=record.stdout,
            error_type=record.error_type,
            error_message=record.error_message,
            error_lines=record.error_lines,
            replaced_text=record.replaced_text,
            **measured,
        )

    def _await(self, cpu_limit_s: float, started: float) -> tuple[bytes, int | None]:
        """The next line and the container's CPU time since the previous answer; OverTime
        once that passes ``cpu_limit_s``, or the wall-clock backstop has passed.

        Each reading ends one measurement and starts the next, so CPU used between two
        tests (a thread left running, say) is charged to the next test, never to none."""
        start = self._cpu_mark
        wall_s = self.limits.wall_s(cpu_limit_s)
        wall_deadline = min(started + wall_s, self._deadline)
        used_s = 0.0
        while True:
            now = time.monotonic()
            check = wall_deadline
            if start is not None:
                budget_s = (cpu_limit_s - used_s) / self.limits.cpus
                check = min(now + max(budget_s, MIN_CHECK_S), check)
            try:
                line = self.stream.read_line(check)
            except Deadline:
                if time.monotonic() >= wall_deadline:
                    raise OverTime(self._wall_message(wall_s)) from None
                reading = self.accounting.cpu_ns() if start is not None else None
                if reading is not None and start is not None:
                    used_s = (reading - start) / 1e9
                    if used_s > cpu_limit_s:
                        raise OverTime(f"took more than {cpu_limit_s:g} s of CPU time") from None
                continue
            reading = self.accounting.cpu_ns()
            self._cpu_mark = reading
            if reading is None or start is None:
                return line, None
            return line, reading - start

    def _note_peak(self) -> int | None:
        peak = self.accounting.peak_bytes()
        if peak is None:
            return None
        self.peak_bytes = max(self.peak_bytes, peak)
        return peak >> 10

    def _wall_message(self, wall_s: float) -> str:
        return f"ran more than {wall_s:g} s of wall time"

    def _expire(self) -> None:
        """The watchdog: the run passed its hard bound. Wake the host and kill the container."""
        self._expired.set()
        self.stream.interrupt()
        # If the engine is gone too, the pool's sweep removes the container later.
        with contextlib.suppress(*ENGINE_ERRORS):
            self._kill()

    def cancel(self) -> None:
        """End the run now, from another thread, as the watchdog would: its result is
        not wanted (the judge that asked lost the submission)."""
        self._expire()

    def _stopped_out_of_memory(self) -> bool:
        """Whether anything in the container ran out of memory, decided once it has stopped.

        A process the submission started may outlive the last answer and still be killed
        for memory, so the container is ended only once the harness is alone in it (init
        and the interpreter) or EXIT_S after the last answer, and the OOM count is read
        after that: from the kernel's counter while it can be read, then from the engine."""
        settle_until = time.monotonic() + EXIT_S
        while (self.accounting.oom_kills() or 0) == 0:
            processes = self.accounting.processes()
            if processes is None or processes <= HARNESS_PROCESSES:
                break
            if time.monotonic() >= settle_until:
                break
            time.sleep(SETTLE_POLL_S)
        if (self.accounting.oom_kills() or 0) > 0:
            return True
        self._note_peak()
        if not self.stream.finish(EXIT_S):
            self._kill()
        state = self._exit_state()
        return bool(state and state.get("OOMKilled"))

    def _exit_state(self) -> dict[str, Any] | None:
        """The engine's State of the stopped container; None if it did not stop in time."""
        try:
            self.container.wait(timeout=10)
        except requests.exceptions.RequestException:
            return None
        self.container.reload()
        return self.container.attrs["State"]

    def _kill(self) -> None:
        """SIGKILL; a container that already stopped by itself (409) needs nothing more."""
        try:
            self.container.kill()
        except docker.errors.APIError as exc:
            if exc.status_code not in (404, 409):
                raise

    def _death(self) -> tuple[Setup, str]:
        """Why the container went away: the engine's word on OOM, else its exit code."""
        state = self._exit_state()
        code = state.get("ExitCode") if state else None
        if state is None:  # still running: stop it; it has no exit code of its own
            self._kill()
            state = self._exit_state() or {}
        if state.get("OOMKilled") or (self.accounting.oom_kills() or 0) > 0:
            return Setup.out_of_memory, f"exceeded the memory limit of {self.limits.memory_mb} MB"
        detail = f"exit code {code}"
        if isinstance(code, int) and code > 128:
            detail += f" (signal {code - 128})"
        return Setup.crashed, f"the process exited before answering ({detail})"

    def _stderr(self) -> str:
        """What the submission wrote outside the harness: its text, so shown only for samples."""
        return bytes(self.stream.stderr_head).decode("utf-8", "replace")
