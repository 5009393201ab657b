"""The sandbox's public face: what the judge and the service may use of it.

The sandbox runs untrusted code and knows nothing of problems, HTTP or databases.
Code outside this package imports from here, never from its modules, and never
imports ``docker``: running a job (``Sandbox``, ``Job`` -> ``RunOutcome``),
checking the engine and the runner image (``image_id``, ``engine_status``),
building the image (``build_runner_image``, ``build_base_image``), and one
exception tree under ``SandboxError`` (see errors.py).
"""

from sandbox.container import Cancel, Sandbox
from sandbox.errors import (
    EngineUnavailable,
    ImageBuildFailed,
    ImageMissing,
    LaunchFailed,
    SandboxError,
)
from sandbox.image import BuiltImage, build_base_image, build_runner_image
from sandbox.job import AnswerLimit, Job, RunOutcome, Setup, Status, TestOutcome
from sandbox.limits import START_ALLOWANCE_S, SandboxLimits
from sandbox.probe import EngineStatus, engine_status, image_id

__all__ = [
    "START_ALLOWANCE_S",
    "AnswerLimit",
    "BuiltImage",
    "Cancel",
    "EngineStatus",
    "EngineUnavailable",
    "ImageBuildFailed",
    "ImageMissing",
    "Job",
    "LaunchFailed",
    "RunOutcome",
    "Sandbox",
    "SandboxError",
    "SandboxLimits",
    "Setup",
    "Status",
    "TestOutcome",
    "build_base_image",
    "build_runner_image",
    "engine_status",
    "image_id",
]
