"""Every exception the sandbox raises, in one tree under ``SandboxError``.

Two branches, because callers must tell them apart:

- **Failures** (``EngineUnavailable``, ``ImageMissing``, ``LaunchFailed``,
  ``ImageBuildFailed``): the judge itself could not run a job, whatever the
  submission. A caller catches ``SandboxError`` and says so: ``judge`` exits 3, a
  worker hands the submission back to the queue (refunding the attempt when the
  engine was down).
- **Run signals** (``RunSignal`` and below): what one container did mid-run — a
  deadline passed, it closed its output, sent too much or something malformed. The
  conversation turns each into that test's status (a verdict, blamed on the
  submission) before ``Sandbox.run`` returns, so none ever reaches a caller.
"""

from __future__ import annotations


class SandboxError(Exception):
    """The judge itself could not run the sandbox (engine down, image missing, ...)."""


class EngineUnavailable(SandboxError):
    """The Docker engine is not answering, or went away mid-call."""


class ImageMissing(SandboxError):
    """The runner image is not on this host's engine."""


class LaunchFailed(SandboxError):
    """A new container never reported its harness loaded: the image or the engine is at fault."""


class ImageBuildFailed(SandboxError):
    """Building the runner image (or the service's base image) failed."""


class RunSignal(SandboxError):
    """Raised and caught inside one run; becomes a test's status, never a caller's error."""


class Deadline(RunSignal):
    """No complete record arrived in time (or the container did not read its input)."""


class Closed(RunSignal):
    """The container closed its end: it exited or was killed."""


class OutputExceeded(RunSignal):
    """The container sent more than it may."""


class OverTime(RunSignal):
    """A call or the module's start used more than its CPU or wall time."""


class ProtocolError(RunSignal):
    """The container sent something that is not a well-formed record."""


class TooLarge(RunSignal):
    """A record holds more values than the job's answers can have."""
