"""The runner image: Debian's python3 and numpy, nothing else.

These machines reach no container registry, so the default path builds a Debian
root filesystem with debootstrap (from Debian's package mirror) and imports it.
That is the only path: the harness runs ``/usr/bin/python3``, Debian's interpreter.

``build_runner_image`` and ``build_base_image`` are what ``judge image build`` calls:
they connect to the engine themselves and raise only ``SandboxError``s, so the
command line needs nothing of Docker.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docker

from sandbox.engine import ENGINE_ERRORS, connect
from sandbox.errors import ImageBuildFailed

RUNNER_PACKAGES = ("python3", "python3-numpy")
# The service image's base where no registry can supply python:3.11-slim.
SERVICE_BASE_PACKAGES = ("python3", "python3-venv")
# Bulk a judged function never needs; removing it shrinks the image and the attack surface.
PRUNED = (
    "var/cache/apt/archives",
    "var/lib/apt/lists",
    "usr/share/doc",
    "usr/share/man",
    "usr/share/info",
    "usr/share/locale",
)


@dataclass(frozen=True)
class BuiltImage:
    tag: str
    id: str
    python: str
    numpy: str


def build_runner_image(tag: str, mirror: str, *, log: Callable[[str], None] = print) -> BuiltImage:
    """Builds the runner image as ``tag`` (debootstrap from ``mirror``) and describes it.
    EngineUnavailable if the engine is down, ImageBuildFailed if the build or the engine
    fails meanwhile."""
    client = connect()
    try:
        build_with_debootstrap(client, tag, mirror, log=log)
        return describe(client, tag)
    except ENGINE_ERRORS as exc:
        raise ImageBuildFailed(f"building {tag} failed: {exc}") from None
    finally:
        client.close()


def build_base_image(tag: str, mirror: str, *, log: Callable[[str], None] = print) -> str:
    """Builds the service image's base (python3 and venv) as ``tag``; returns its id."""
    client = connect()
    try:
        return build_with_debootstrap(client, tag, mirror, log=log, packages=SERVICE_BASE_PACKAGES)
    except ENGINE_ERRORS as exc:
        raise ImageBuildFailed(f"building {tag} failed: {exc}") from None
    finally:
        client.close()


def debian_suite() -> str:
    for line in Path("/etc/os-release").read_text().splitlines():
        if line.startswith("VERSION_CODENAME="):
            return line.split("=", 1)[1].strip('"') or "bookworm"
    return "bookworm"


def build_with_debootstrap(
    client: docker.DockerClient,
    tag: str,
    mirror: str,
    suite: str | None = None,
    log: Callable[[str], None] = print,
    packages: tuple[str, ...] = RUNNER_PACKAGES,
) -> str:
    """Bootstraps Debian with the packages and imports it; returns the image id."""
    if shutil.which("debootstrap") is None:
        raise ImageBuildFailed("debootstrap is not installed; run `apt-get install debootstrap`")
    suite = suite or debian_suite()
    with tempfile.TemporaryDirectory(prefix="pyjudge-rootfs-", dir="/var/tmp") as work:
        rootfs = Path(work) / "rootfs"
        log(f"debootstrap {suite} from {mirror} with {', '.join(packages)} ...")
        _run(
            [
                "debootstrap",
                "--variant=minbase",
                f"--include={','.join(packages)}",
                suite,
                str(rootfs),
                mirror,
            ]
        )
        for relative in PRUNED:
            shutil.rmtree(rootfs / relative, ignore_errors=True)
        _strip_setuid(rootfs)
        archive = Path(work) / "rootfs.tar"
        _run(["tar", "--numeric-owner", "-C", str(rootfs), "-cf", str(archive), "."])
        log(f"importing {archive.stat().st_size >> 20} MiB as {tag} ...")
        repository, _, version = tag.rpartition(":")
        client.api.import_image_from_file(
            str(archive),
            repository=repository,
            tag=version,
            changes=[f'LABEL pyjudge.debian="{suite}"'],
        )
    return client.images.get(tag).id


def describe(client: docker.DockerClient, tag: str) -> BuiltImage:
    """Image id and versions, read by running the image itself (no network, no writes)."""
    image = client.images.get(tag)
    output = client.containers.run(
        image.id,
        [
            "/usr/bin/python3",
            "-I",
            "-c",
            "import sys, numpy; print(sys.version.split()[0], numpy.__version__)",
        ],
        network_mode="none",
        read_only=True,
        user="65534:65534",
        remove=True,
        labels={"pyjudge.sandbox": "describe"},
    )
    python, numpy = output.decode().split()
    return BuiltImage(tag=tag, id=image.id, python=python, numpy=numpy)


def _strip_setuid(rootfs: Path) -> None:
    for directory, _, files in os.walk(rootfs):
        for name in files:
            path = Path(directory, name)
            if path.is_symlink():
                continue
            mode = path.stat().st_mode
            if mode & 0o6000:
                path.chmod(mode & ~0o6000)


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout)[-2000:]
        raise ImageBuildFailed(f"{command[0]} failed ({result.returncode}):\n{tail}")
