"""The engine and the runner image as a host sees them, without running anything.

A service checks these before judging (its workers cannot start without the image)
and on every health probe; they live here so that nothing outside the sandbox
needs to speak Docker.
"""

from __future__ import annotations

from dataclasses import dataclass

import docker.errors

from sandbox.engine import ENGINE_ERRORS, ENGINE_HINT, connect
from sandbox.errors import EngineUnavailable, ImageMissing, SandboxError


@dataclass(frozen=True)
class EngineStatus:
    """Whether the engine answers and holds the image; ``detail`` says what is wrong."""

    engine: bool
    image: bool
    detail: str | None = None


def image_id(image: str) -> str:
    """The id of ``image`` (a tag or an id) on this host's engine.

    ImageMissing if the engine does not have it; EngineUnavailable if the engine
    does not answer (it may come back: a caller can wait for it)."""
    client = connect()
    try:
        return client.images.get(image).id
    except docker.errors.ImageNotFound:
        message = f"the runner image {image!r} is not built; run `judge image build`"
        raise ImageMissing(message) from None
    except ENGINE_ERRORS as exc:
        raise EngineUnavailable(f"the Docker engine failed ({exc}); {ENGINE_HINT}") from None
    finally:
        client.close()


def engine_status(image: str) -> EngineStatus:
    """The engine's and the image's state now; never raises (health probes call it)."""
    try:
        client = connect()
    except SandboxError as exc:
        return EngineStatus(engine=False, image=False, detail=str(exc))
    try:
        client.images.get(image)
        return EngineStatus(engine=True, image=True)
    except Exception as exc:  # whatever went wrong, the probe reports it
        return EngineStatus(engine=True, image=False, detail=f"{image}: {exc}")
    finally:
        client.close()
