"""The Docker engine as the sandbox sees it: connecting, labelling, and sweeping leftovers.

Every sandbox container carries labels naming its owner process, so any process
can tell a live run from a leftover and remove only what nobody is using.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import uuid
from typing import Any

import docker
import docker.errors
import requests.exceptions
from docker.models.containers import Container

from sandbox.errors import EngineUnavailable
from sandbox.limits import SANDBOX_LABEL

OWNER_LABEL = "pyjudge.owner"
CREATED_LABEL = "pyjudge.created"
# Which test session (or deployment) made a container: JUDGE_RUN_ID, inherited by the
# processes it spawns, so its checks count its own containers and not a service's.
RUN_LABEL = "pyjudge.run"
STRAY_AFTER_S = 30 * 60
OWN_LEFTOVER_AFTER_S = 10
# What docker-py raises when the engine fails or goes away mid-call.
ENGINE_ERRORS = (docker.errors.DockerException, requests.exceptions.RequestException)

ENGINE_HINT = (
    "start it with `bash scripts/start`, or by hand as root: "
    "`nohup dockerd >/var/log/dockerd.log 2>&1 &`"
)

# Settings that belong to the container's own config (`create_container`'s arguments);
# every other setting is the host config's (`create_host_config`), as docker-py's
# low-level API documents them.
CONTAINER_CONFIG = frozenset(
    {"command", "entrypoint", "environment", "hostname", "labels", "name", "stdin_open", "tty"}
    | {"user", "working_dir"}
)

# Containers this process is using right now, warm ones included; any other
# container it owns is a leftover (its removal failed, say while the engine restarted).
_LIVE: set[str] = set()
_LIVE_LOCK = threading.Lock()


def connect(max_pool_size: int = 10) -> docker.DockerClient:
    try:
        client = docker.from_env(timeout=60, max_pool_size=max_pool_size)
        # requests would scan the environment for proxies on every call (about 1.5 ms);
        # the engine's socket is never behind one.
        client.api.trust_env = False
        client.ping()
    except ENGINE_ERRORS as exc:
        raise EngineUnavailable(
            f"the Docker engine is not answering ({exc}); {ENGINE_HINT}"
        ) from None
    return client


def create(
    client: docker.DockerClient, image_id: str, command: list[str], **kwargs: Any
) -> Container:
    """`containers.create` without the inspect it does after: the id is all a run needs
    (`reload()` fetches the rest when the engine's word is wanted). ``kwargs`` are
    `containers.create`'s: split here into the container's config and its host config."""
    config = {key: value for key, value in kwargs.items() if key in CONTAINER_CONFIG}
    host = {key: value for key, value in kwargs.items() if key not in CONTAINER_CONFIG}
    created = client.api.create_container(
        image_id, command, host_config=client.api.create_host_config(**host), **config
    )
    return client.containers.prepare_model({"Id": created["Id"]})


def owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def new_labels() -> dict[str, str]:
    return {
        SANDBOX_LABEL: uuid.uuid4().hex,
        OWNER_LABEL: owner(),
        CREATED_LABEL: str(int(time.time())),
        RUN_LABEL: os.environ.get("JUDGE_RUN_ID", ""),
    }


def track(container_id: str) -> None:
    with _LIVE_LOCK:
        _LIVE.add(container_id)


def untrack(container_id: str) -> None:
    with _LIVE_LOCK:
        _LIVE.discard(container_id)


def live_ids() -> set[str]:
    """Containers this process is starting, keeping warm, running or removing."""
    with _LIVE_LOCK:
        return set(_LIVE)


def sweep(client: docker.DockerClient) -> list[str]:
    """Remove sandbox containers nobody is using: their owner is gone, they are this
    process's own leftovers, or they are too old to be live."""
    host, me = socket.gethostname(), owner()
    with _LIVE_LOCK:
        live = set(_LIVE)
    removed = []
    # sparse: a full list inspects each container, and fails on one removed meanwhile
    listed = client.containers.list(all=True, filters={"label": SANDBOX_LABEL}, sparse=True)
    for container in listed:
        labels = container.attrs.get("Labels") or {}
        owned_by = labels.get(OWNER_LABEL, ":")
        owner_host, _, owner_pid = owned_by.partition(":")
        age = time.time() - float(labels.get(CREATED_LABEL, "0") or 0)
        orphan = owner_host == host and owner_pid.isdigit() and not _alive(int(owner_pid))
        leftover = owned_by == me and container.id not in live and age > OWN_LEFTOVER_AFTER_S
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
