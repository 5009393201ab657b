"""One started sandbox container with the harness loaded, waiting for its single job.

Launching (create, attach, start, load the harness) is most of a container's cost
and needs nothing from the job, so it can happen before a submission arrives. An
instance runs exactly one job and is then retired: removed with all it holds.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field

import docker
import docker.errors
from docker.models.containers import Container

from sandbox.accounting import Accounting, for_container
from sandbox.engine import create, new_labels, track, untrack
from sandbox.errors import LaunchFailed
from sandbox.limits import SandboxLimits
from sandbox.protocol import COMMAND, harness_bytes, parse_warm
from sandbox.stream import AttachStream

# How long a retired container may take to exit by itself before it is killed.
EXIT_S = 1.0


@dataclass
class Instance:
    container: Container
    stream: AttachStream
    accounting: Accounting
    launched_at: float = field(default_factory=time.monotonic)

    @property
    def id(self) -> str:
        return self.container.id


def launch(
    client: docker.DockerClient, image_id: str, limits: SandboxLimits, warm_s: float
) -> Instance:
    container = create(
        client, image_id, COMMAND, stdin_open=True, labels=new_labels(), **limits.docker_kwargs()
    )
    track(container.id)
    stream = None
    try:
        attached = client.api.attach_socket(
            container.id, params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1}
        )
        stream = AttachStream(
            attached,
            record_bytes=1 << 10,
            stream_bytes=1 << 20,
            raw_bytes=limits.output_kb << 10,
        )
        container.start()
        try:
            stream.send(harness_bytes(), time.monotonic() + warm_s)
            parse_warm(stream.read_line(time.monotonic() + warm_s))
        except Exception as exc:  # a run signal, mostly: the harness never answered
            raise LaunchFailed(
                f"the runner did not load the harness within {warm_s:g} s "
                f"({type(exc).__name__}: {exc})"
            ) from None
        return Instance(container, stream, for_container(client, container.id))
    except BaseException:
        _remove(container, stream)
        raise


def retire(instance: Instance, exit_s: float = EXIT_S) -> None:
    """Remove the container and everything in it; a container already gone is fine.

    Its input is ended first and it gets ``exit_s`` to exit by itself: the harness
    does at end of input, and removing an exited container skips the engine's kill,
    about a tenth of a container's CPU cost here. One that does not exit is killed.
    """
    instance.stream.finish(exit_s)
    _remove(instance.container, instance.stream)


def _remove(container: Container, stream: AttachStream | None) -> None:
    try:
        if stream is not None:
            stream.close()
        with contextlib.suppress(docker.errors.NotFound):
            container.remove(force=True)
    finally:
        untrack(container.id)
