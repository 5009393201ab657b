"""One fresh, locked-down container per submission, driven by the host's clock.

Lifecycle: create -> attach -> start -> send the harness and job -> for each test
send its arguments and wait for one record under a deadline -> remove (always,
in ``finally``). Containers are never reused, exec'd into or copied out of.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import docker
import docker.errors
import requests.exceptions

from sandbox.job import Job, RunOutcome, Setup, Status, TestOutcome
from sandbox.limits import SANDBOX_LABEL
from sandbox.protocol import (
    COMMAND,
    HARNESS_VERSION,
    ProtocolError,
    opening,
    parse_startup,
    parse_test,
)
from sandbox.stream import AttachStream, Closed, Deadline, OutputExceeded

OWNER_LABEL = "pyjudge.owner"
CREATED_LABEL = "pyjudge.created"
STRAY_AFTER_S = 30 * 60
# Containers this process is using right now; any other container it owns is a
# leftover (its removal failed, say while the engine was restarting).
_LIVE: set[str] = set()
_LIVE_LOCK = threading.Lock()
OWN_LEFTOVER_AFTER_S = 10
# Transport allowance between the host clock and the call inside the container.
# A test is still over its limit if the host measured more than the limit.
DEADLINE_SLACK_S = 0.1
ENDS_THE_RUN = {Status.timed_out, Status.output_exceeded, Status.crashed, Status.out_of_memory}

ENGINE_HINT = (
    "start it with `bash scripts/start`, or by hand as root: "
    "`nohup dockerd >/var/log/dockerd.log 2>&1 &`"
)


class SandboxError(Exception):
    """The judge itself could not run the sandbox (engine down, image missing)."""


class EngineUnavailable(SandboxError):
    pass


class ImageMissing(SandboxError):
    pass


def connect() -> docker.DockerClient:
    try:
        client = docker.from_env(timeout=60)
        client.ping()
    except (docker.errors.DockerException, requests.exceptions.RequestException) as exc:
        raise EngineUnavailable(
            f"the Docker engine is not answering ({exc}); {ENGINE_HINT}"
        ) from None
    return client


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def sweep(client: docker.DockerClient) -> list[str]:
    """Remove sandbox containers nobody is using: their owner is gone, they are this
    process's own leftovers, or they are too old to be live."""
    host, me = socket.gethostname(), _owner()
    with _LIVE_LOCK:
        live = set(_LIVE)
    removed = []
    for container in client.containers.list(all=True, filters={"label": SANDBOX_LABEL}):
        labels = container.labels
        owner = labels.get(OWNER_LABEL, ":")
        owner_host, _, owner_pid = owner.partition(":")
        age = time.time() - float(labels.get(CREATED_LABEL, "0") or 0)
        orphan = owner_host == host and owner_pid.isdigit() and not _alive(int(owner_pid))
        leftover = owner == me and container.id not in live and age > OWN_LEFTOVER_AFTER_S
        if orphan or leftover or age > STRAY_AFTER_S:
            with contextlib.suppress(docker.errors.APIError):
                container.remove(force=True)
                removed.append(container.id)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Sandbox:
    def __init__(self, image: str, client: docker.DockerClient | None = None):
        self.client = client or connect()
        try:
            self.image_id = self.client.images.get(image).id
        except docker.errors.ImageNotFound:
            raise ImageMissing(
                f"the runner image {image!r} is not built; run `judge image build`"
            ) from None
        except (docker.errors.DockerException, requests.exceptions.RequestException) as exc:
            raise EngineUnavailable(f"the Docker engine failed ({exc}); {ENGINE_HINT}") from None
        sweep(self.client)

    def run(self, job: Job) -> RunOutcome:
        started = time.monotonic()
        try:
            with self._container(job) as (container, stream):
                outcome = _Conversation(container, stream, job).run()
        except (docker.errors.DockerException, requests.exceptions.RequestException) as exc:
            raise EngineUnavailable(f"the Docker engine failed mid-run ({exc})") from None
        outcome.wall_ms = (time.monotonic() - started) * 1000
        outcome.image_id = self.image_id
        outcome.harness_version = HARNESS_VERSION
        return outcome

    @contextlib.contextmanager
    def _container(
        self, job: Job
    ) -> Iterator[tuple[docker.models.containers.Container, AttachStream]]:
        limits = job.limits
        container = self.client.containers.create(
            self.image_id,
            COMMAND,
            stdin_open=True,
            labels={
                SANDBOX_LABEL: uuid.uuid4().hex,
                OWNER_LABEL: _owner(),
                CREATED_LABEL: str(int(time.time())),
            },
            **limits.docker_kwargs(len(job.test_args)),
        )
        with _LIVE_LOCK:
            _LIVE.add(container.id)
        stream = None
        try:
            attached = self.client.api.attach_socket(
                container.id, params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1}
            )
            stream = AttachStream(
                attached,
                record_bytes=limits.record_mb << 20,
                stream_bytes=limits.stream_mb << 20,
                raw_bytes=limits.output_kb << 10,
            )
            container.start()
            yield container, stream
        finally:
            with _LIVE_LOCK:
                _LIVE.discard(container.id)
            if stream is not None:
                stream.close()
            with contextlib.suppress(docker.errors.NotFound):
                container.remove(force=True)


class _Conversation:
    """The host's side of one run: sends tests one by one and records what it saw."""

    def __init__(
        self, container: docker.models.containers.Container, stream: AttachStream, job: Job
    ):
        self.container = container
        self.stream = stream
        self.job = job
        self.limits = job.limits

    def run(self) -> RunOutcome:
        job = self.job
        stream = self.stream
        not_run = [TestOutcome(Status.not_run) for _ in job.test_args]
        stream.send(opening(job.source, job.function, job.param_specs, self.limits.output_kb << 10))
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
        """Stops the container and asks the engine whether anything in it ran out of memory."""
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
