"""One exception tree: whatever the sandbox raises is a SandboxError, defined in errors.py,
and what reaches a person is one line and exit 3, never a traceback."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import docker
import pytest

import sandbox
from sandbox import errors
from sandbox.engine import create
from sandbox.limits import SandboxLimits

ROOT = Path(__file__).resolve().parents[2]
JUDGE = Path(sys.executable).with_name("judge")
# harness.py runs inside the container, as a script; it is not a host module.
HOST_MODULES = sorted(
    f"sandbox.{info.name}"
    for info in pkgutil.iter_modules(sandbox.__path__)
    if info.name != "harness"
)


def defined_exceptions() -> list[type[BaseException]]:
    found = []
    for name in HOST_MODULES:
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, BaseException) and value.__module__.startswith("sandbox"):
                found.append(value)
    return found


def test_every_exception_of_the_sandbox_is_a_sandbox_error_defined_in_errors_py():
    found = defined_exceptions()
    assert {cls.__name__ for cls in found} >= {
        "EngineUnavailable",
        "ImageMissing",
        "LaunchFailed",
        "ImageBuildFailed",
        "ProtocolError",
        "Deadline",
    }
    for cls in found:
        assert issubclass(cls, sandbox.SandboxError), cls
        assert cls.__module__ == "sandbox.errors", cls


def test_the_public_face_exports_the_failures_and_no_run_signal():
    for name in ("EngineUnavailable", "ImageMissing", "LaunchFailed", "ImageBuildFailed"):
        failure = getattr(sandbox, name)
        assert issubclass(failure, sandbox.SandboxError)
        assert not issubclass(failure, errors.RunSignal)
    assert "RunSignal" not in sandbox.__all__
    for name in sandbox.__all__:
        assert getattr(sandbox, name) is not None


class RecordingApi(docker.APIClient):
    """The low-level client with a fixed API version (so no engine is asked) that
    records the container it is asked to create instead of creating it."""

    def __init__(self) -> None:
        super().__init__(base_url="unix:///nonexistent.sock", version="1.41")
        self.created: dict = {}

    def create_container(self, image, command=None, **kwargs):  # type: ignore[override]
        self.created = {"image": image, "command": command, **kwargs}
        return {"Id": "f" * 64}


def test_create_splits_settings_into_container_config_and_host_config():
    client = docker.DockerClient.__new__(docker.DockerClient)
    client.api = RecordingApi()
    limits = SandboxLimits(memory_mb=128, pids=32)
    container = create(
        client,
        "sha256:abc",
        ["/bin/true"],
        stdin_open=True,
        labels={"a": "b"},
        **limits.docker_kwargs(),
    )
    assert container.id == "f" * 64
    created = client.api.created
    assert created["image"] == "sha256:abc" and created["command"] == ["/bin/true"]
    assert created["stdin_open"] is True and created["labels"] == {"a": "b"}
    assert created["user"] == "65534:65534" and created["working_dir"] == "/tmp"
    host = created["host_config"]
    assert host["Memory"] == 128 << 20 and host["MemorySwap"] == 128 << 20
    assert host["PidsLimit"] == 32 and host["NetworkMode"] == "none"
    assert host["ReadonlyRootfs"] is True and host["CapDrop"] == ["ALL"]
    assert host["LogConfig"]["Type"] == "none" and host["Init"] is True


def test_engine_down_is_engine_unavailable_and_a_status_not_an_error(monkeypatch):
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent.sock")
    with pytest.raises(sandbox.EngineUnavailable):
        sandbox.image_id("pyjudge-runner:bookworm")
    status = sandbox.engine_status("pyjudge-runner:bookworm")
    assert status.engine is False and status.image is False
    assert "not answering" in (status.detail or "")


def test_a_missing_image_is_image_missing_and_a_status():
    with pytest.raises(sandbox.ImageMissing):
        sandbox.image_id("pyjudge-no-such-image:none")
    status = sandbox.engine_status("pyjudge-no-such-image:none")
    assert status.engine is True and status.image is False
    assert "pyjudge-no-such-image:none" in (status.detail or "")


def test_a_checker_that_fails_to_import_is_one_line_and_exit_3(tmp_path):
    folder = tmp_path / "shift_checked"
    shutil.copytree(ROOT / "problems" / "can_shift", folder)
    meta = folder / "problem.yaml"
    meta.write_text(meta.read_text().replace("kind: exact", "kind: custom"))
    (folder / "checker.py").write_text("import no_such_module_anywhere\n")
    done = subprocess.run(
        [str(JUDGE), "run", str(folder), str(folder / "solution.py")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "80"},
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    error_lines = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1, done.stderr
    assert "checker.py" in error_lines[0] and "ModuleNotFoundError" in error_lines[0]
