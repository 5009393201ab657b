"""A claim's lease, renewed while its run lasts: the submission stays this worker's
only while the worker is alive and the run within its bound."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

from api.fleet import Outage, db_cause
from api.queue import Claim, Queue
from sandbox.container import Cancel

log = logging.getLogger("pyjudge.worker")


@dataclass
class LeaseWatch:
    lost: bool = False  # another worker holds the submission now
    overdue: bool = False  # the run outlived its bound; the lease was left to run out


@contextlib.contextmanager
def renewing(
    queue: Queue, claim: Claim, bound_s: float, cancel: Cancel, outage: Outage, url: str
) -> Iterator[LeaseWatch]:
    """Renews the lease while judging, for at most ``bound_s``. A lease found lost
    (another worker took it over) or a run past its bound cancels the run."""
    done = threading.Event()
    deadline = time.monotonic() + bound_s
    watch = LeaseWatch()

    def beat() -> None:
        while not done.wait(queue.lease_s / 3):
            if time.monotonic() > deadline:
                log.warning(
                    "%s is still judging after %.0f s; cancelled, its lease no longer renewed",
                    claim.id,
                    bound_s,
                )
                watch.overdue = True
                cancel.set()
                return
            try:
                held = outage.call(lambda: queue.heartbeat(claim))
            except Exception as exc:
                log.warning(
                    "renewing the lease on %s at %s failed (%s); trying again",
                    claim.id,
                    url,
                    db_cause(exc),
                )
                continue
            if not held:
                log.warning("lease on %s was lost to another worker; run cancelled", claim.id)
                watch.lost = True
                cancel.set()
                return

    beater = threading.Thread(target=beat, name=f"lease-{claim.id[:8]}", daemon=True)
    beater.start()
    try:
        yield watch
    finally:
        done.set()
        beater.join(10.0)  # at most one database call or kill away
