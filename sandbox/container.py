"""The sandbox: one fresh, locked-down container per run, driven by the host's clock.

A run takes a warm instance (or launches one), sends the job and its tests over
the attach stream, and retires the container: removed, with everything in it.
Containers are never reused, exec'd into or copied out of.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator

import docker
import docker.errors

from sandbox.conversation import Conversation
from sandbox.engine import ENGINE_ERRORS, ENGINE_HINT, connect, sweep
from sandbox.errors import EngineUnavailable, ImageMissing, LaunchFailed, SandboxError
from sandbox.instance import Instance, launch, retire
from sandbox.job import Job, RunOutcome, TestOutcome
from sandbox.limits import SandboxLimits
from sandbox.pool import WarmPool
from sandbox.protocol import HARNESS_VERSION

__all__ = ["Cancel", "EngineUnavailable", "ImageMissing", "Sandbox", "SandboxError"]

log = logging.getLogger("pyjudge.sandbox")

# How long a new container may take to load the harness; generous, since a busy
# engine (the hostile storm) can be slow to start one.
WARM_S = 30.0


class Cancel:
    """Ends a run from another thread: nobody wants its result any more (its worker
    lost the submission's lease), so its container is killed instead of judging on."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._set = False
        self._stop: Callable[[], None] | None = None

    def set(self) -> None:
        with self._lock:
            self._set = True
            stop = self._stop
        if stop is not None:
            _quietly(stop)

    def is_set(self) -> bool:
        return self._set

    @contextlib.contextmanager
    def stopping(self, stop: Callable[[], None]) -> Iterator[None]:
        """While inside, ``set()`` calls ``stop``; at once if it was set already."""
        with self._lock:
            self._stop = stop
            already = self._set
        if already:
            _quietly(stop)
        try:
            yield
        finally:
            with self._lock:
                self._stop = None


def _quietly(stop: Callable[[], None]) -> None:
    try:
        stop()
    except Exception:  # the run still ends at its own watchdog
        log.exception("cancelling a run failed")


class Sandbox:
    """Runs jobs in fresh containers. With ``pool_size`` > 0, keeps that many started
    per container shape, so a run skips the engine's create and start; used
    containers are then removed in the background (``settle`` waits for that)."""

    def __init__(self, image: str, client: docker.DockerClient | None = None, pool_size: int = 0):
        self.client = client or connect(max_pool_size=16)
        try:
            self.image_id = self.client.images.get(image).id
        except docker.errors.ImageNotFound:
            raise ImageMissing(
                f"the runner image {image!r} is not built; run `judge image build`"
            ) from None
        except ENGINE_ERRORS as exc:
            raise EngineUnavailable(f"the Docker engine failed ({exc}); {ENGINE_HINT}") from None
        sweep(self.client)
        self.pool = (
            WarmPool(self._launch, pool_size, sweep=lambda: sweep(self.client))
            if pool_size > 0
            else None
        )
        self._running: set[str] = set()
        self._used: deque[str] = deque(maxlen=256)

    def prepare(self, limits: SandboxLimits) -> None:
        """Start keeping containers of this shape warm (say, for every problem served)."""
        if self.pool is not None:
            self.pool.want(limits)

    def run(
        self,
        job: Job,
        cancel: Cancel | None = None,
        on_test: Callable[[int, TestOutcome], None] | None = None,
    ) -> RunOutcome:
        """``on_test(index, outcome)`` hears of each test as it ends (in the calling
        thread, between tests: it should be quick)."""
        started = time.monotonic()
        instance = None
        try:
            with self.busy():
                if self.pool is not None:
                    instance = self.pool.take(job.limits)
                if instance is None:
                    instance = self._launch(job.limits)
                self._running.add(instance.id)
                conversation = Conversation(instance, job, on_test)
                with cancel.stopping(conversation.cancel) if cancel else contextlib.nullcontext():
                    outcome = conversation.run()
        except ENGINE_ERRORS as exc:
            raise EngineUnavailable(f"the Docker engine failed mid-run ({exc})") from None
        finally:
            if instance is not None:
                self._running.discard(instance.id)
                self._used.append(instance.id)
                self._retire(instance)
        outcome.wall_ms = (time.monotonic() - started) * 1000
        outcome.image_id = self.image_id
        outcome.harness_version = HARNESS_VERSION
        return outcome

    def busy(self) -> contextlib.AbstractContextManager[None]:
        """Wrap a run and the storing of its result: background container starts and
        removals hold back meanwhile (see WarmPool.running)."""
        return self.pool.running() if self.pool is not None else contextlib.nullcontext()

    def running_ids(self) -> set[str]:
        """Containers running a job right now."""
        return set(self._running)

    def used_ids(self) -> set[str]:
        """The latest containers that ran a job (all removed, or about to be)."""
        return set(self._used)

    def idle_ids(self, limits: SandboxLimits | None = None) -> set[str]:
        """Warm containers that have never run anything (of the shape of ``limits``)."""
        return self.pool.idle_ids(limits) if self.pool is not None else set()

    def settle(self, timeout: float = 30.0) -> bool:
        """Wait until every used container is removed."""
        return self.pool.settle(timeout) if self.pool is not None else True

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()

    def _launch(self, limits: SandboxLimits) -> Instance:
        try:
            return launch(self.client, self.image_id, limits, WARM_S)
        except ENGINE_ERRORS as exc:
            raise EngineUnavailable(
                f"the Docker engine failed to start a container ({exc})"
            ) from None
        except LaunchFailed as exc:
            try:  # the engine going away kills a starting container too
                self.client.ping()
            except ENGINE_ERRORS:
                raise EngineUnavailable(f"the Docker engine went away ({exc})") from None
            raise

    def _retire(self, instance: Instance) -> None:
        if self.pool is not None:
            self.pool.retire(instance)
            return
        with contextlib.suppress(*ENGINE_ERRORS):  # the engine went away; a sweep removes it
            retire(instance)
