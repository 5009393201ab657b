"""The host's side of one run: send the job, then each test, under the host's clock.

Each test's arguments go in only after the previous record came back, and each
record must arrive before the test's deadline, so timing is the host's and later
inputs are never inside the container early.
"""

from __future__ import annotations

import time
from typing import Any

import docker.errors
import requests.exceptions

from sandbox.instance import Instance
from sandbox.job import Job, RunOutcome, Setup, Status, TestOutcome
from sandbox.protocol import ProtocolError, job_header, parse_startup, parse_test
from sandbox.stream import Closed, Deadline, OutputExceeded

# Transport allowance between the host clock and the call inside the container.
# A test is still over its limit if the host measured more than the limit.
DEADLINE_SLACK_S = 0.1
ENDS_THE_RUN = {Status.timed_out, Status.output_exceeded, Status.crashed, Status.out_of_memory}


class Conversation:
    """The host's side of one run: sends tests one by one and records what it saw."""

    def __init__(self, instance: Instance, job: Job):
        self.instance = instance
        self.container = instance.container
        self.stream = instance.stream
        self.job = job
        self.limits = job.limits

    def run(self) -> RunOutcome:
        job = self.job
        stream = self.stream
        not_run = [TestOutcome(Status.not_run) for _ in job.test_args]
        limits = self.limits
        stream.limit(
            record_bytes=limits.record_mb << 20,
            stream_bytes=limits.stream_mb << 20,
            raw_bytes=limits.output_kb << 10,
        )
        cpu_s = limits.cpu_seconds(len(job.test_args))
        stream.send(
            job_header(job.source, job.function, job.param_specs, limits.output_kb << 10, cpu_s)
        )
        try:
            line = stream.read_line(time.monotonic() + self.limits.startup_s)
            startup = parse_startup(line)
        except Deadline:
            message = f"the solution did not finish loading within {self.limits.startup_s:g} s"
            return RunOutcome(Setup.startup_timeout, not_run, message)
        except OutputExceeded as exc:
            return RunOutcome(Setup.output_exceeded, not_run, str(exc))
        except Closed:
            setup, message = self._death()
            return RunOutcome(setup, not_run, message)
        except ProtocolError as exc:
            return RunOutcome(Setup.crashed, not_run, f"the sandbox broke protocol: {exc}")

        if startup.event == "compile_error":
            return RunOutcome(Setup.compile_error, not_run, startup.message)
        if startup.event == "import_error":
            if startup.stdout_truncated:
                return RunOutcome(Setup.output_exceeded, not_run, "printed too much while loading")
            message = f"{startup.error_type}: {startup.message}"
            return RunOutcome(Setup.import_error, not_run, message)

        tests: list[TestOutcome] = []
        for index, args in enumerate(job.test_args):
            tests.append(self._test(index, args))
            if tests[-1].status in ENDS_THE_RUN:
                break
        outcome = RunOutcome(Setup.ready, tests + not_run[len(tests) :])
        if tests and tests[-1].status not in ENDS_THE_RUN:
            outcome.memory_exceeded = self._was_oom_killed()
        return outcome

    def _was_oom_killed(self) -> bool:
        """Whether anything in the container ran out of memory. The kernel's counter is
        read while the container runs; without it, stop the container and ask the engine."""
        kills = self.instance.oom_kills()
        if kills is not None:
            return kills > 0
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

    def _test(self, index: int, args: bytes) -> TestOutcome:
        limit = self.limits.time_per_test_s
        try:
            self.stream.send(args + b"\n")
            sent = time.monotonic()
            line = self.stream.read_line(sent + limit + DEADLINE_SLACK_S)
            elapsed_ms = (time.monotonic() - sent) * 1000
            record = parse_test(line, index)
        except Deadline:
            self._kill()
            return TestOutcome(Status.timed_out, time_ms=limit * 1000)
        except OutputExceeded as exc:
            return TestOutcome(Status.output_exceeded, error_message=str(exc))
        except Closed:
            setup, message = self._death()
            status = Status.out_of_memory if setup is Setup.out_of_memory else Status.crashed
            return TestOutcome(status, error_message=message, stdout=self._stderr())
        except ProtocolError as exc:
            return TestOutcome(Status.crashed, error_message=f"the sandbox broke protocol: {exc}")

        if elapsed_ms > limit * 1000:
            return TestOutcome(Status.timed_out, time_ms=elapsed_ms)
        if record.stdout_truncated:
            message = f"printed more than {self.limits.output_kb} KiB"
            return TestOutcome(Status.output_exceeded, time_ms=elapsed_ms, error_message=message)
        status = Status.returned if record.error_type is None else Status.raised
        return TestOutcome(
            status,
            time_ms=elapsed_ms,
            value=record.value,
            stdout=record.stdout,
            error_type=record.error_type,
            error_message=record.error_message,
        )

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
        if state.get("OOMKilled"):
            return Setup.out_of_memory, f"exceeded the memory limit of {self.limits.memory_mb} MB"
        detail = f"exit code {code}"
        if isinstance(code, int) and code > 128:
            detail += f" (signal {code - 128})"
        return Setup.crashed, f"the process exited before answering ({detail})"

    def _stderr(self) -> str:
        """What the submission wrote outside the harness: its text, so shown only for samples."""
        return bytes(self.stream.stderr_head).decode("utf-8", "replace")
