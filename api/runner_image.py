"""The runner image as a worker host sees it: present or not, and which bytes.

A host that lacks it cannot judge at all, so a worker checks at start and says in
one line how to get it; /health asks the same of a process that runs workers."""

from __future__ import annotations

import logging
import time

import sandbox
from api.schemas import EngineHealth
from judge.errors import JudgeError

log = logging.getLogger("pyjudge.worker")


class WorkerSetupError(JudgeError):
    """This host cannot judge as configured; the message says how to fix it."""


def missing_image(image: str) -> str:
    return (
        f"the runner image {image!r} is not on this host's Docker engine: build it with "
        "`judge image build`, or `docker load` one saved elsewhere (`docker save`) and "
        "set JUDGE_RUNNER_IMAGE=<its image id>"
    )


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
        status = sandbox.engine_status(self.image)
        return EngineHealth(engine=status.engine, image=status.image, detail=status.detail)


def checked_image_id(image: str) -> str:
    """The runner image's id on this host's engine. An engine that is down now may
    come back (the workers wait for it), so only a missing image stops the start."""
    try:
        return sandbox.image_id(image)
    except sandbox.ImageMissing:
        raise WorkerSetupError(missing_image(image)) from None
    except sandbox.SandboxError as exc:
        log.warning("the runner image is checked once the engine answers: %s", exc)
        return image
