"""Wiring: database, queue, workers and the HTTP app, for `judge serve` and `judge worker`."""

from __future__ import annotations

import ipaddress
import logging
import signal
import threading
from collections.abc import Callable

import uvicorn

from api import db, rejudge
from api.admission import Admission, Limits
from api.app import create_app
from api.context import Service
from api.keys import Keys
from api.metrics import Metrics
from api.notify import Wakeups
from api.queue import Claim, Queue
from api.rejudge import OnChange
from api.runner_image import EngineProbe
from api.settings import ServiceSettings
from api.webhooks import deliverer_for
from api.worker import WorkerPool
from judge.library import ProblemStore

log = logging.getLogger("pyjudge")


def _queue(settings: ServiceSettings) -> Queue:
    db.upgrade(settings.database_url)
    sessions = db.sessions(db.make_engine(settings.database_url, settings.db_busy_timeout_s))
    return Queue(sessions, settings.lease_s, settings.max_attempts)


def build(settings: ServiceSettings, workers: int) -> tuple[Service, WorkerPool]:
    queue = _queue(settings)
    problems = ProblemStore(settings.problems_dir)
    metrics = Metrics(queue)
    wakeups = Wakeups(settings.database_url, settings.poll_s, settings.notified_poll_s)

    def judged(claim: Claim, judgement) -> None:
        metrics.judged(claim, judgement)
        wakeups.done(claim.id)

    pool = WorkerPool(
        queue,
        problems,
        settings.runner_image,
        workers,
        settings.max_source_kb << 10,
        on_judged=judged,
        on_progress=lambda claim: wakeups.progressed(claim.id),
        warm_per_shape=settings.warm_per_shape,
        wakeups=wakeups,
        give_up_s=settings.worker_give_up_s,
    )
    svc = Service(
        settings=settings,
        sessions=queue.sessions,
        queue=queue,
        problems=problems,
        keys=Keys(queue.sessions),
        admission=Admission(queue.sessions, Limits.of(settings), on_queued=wakeups.work_queued),
        metrics=metrics,
        wakeups=wakeups,
        engine_health=EngineProbe(settings.runner_image),
        workers=workers,
        worker_threads=pool.liveness,
    )
    return svc, pool


def lifecycle(svc: Service, pool: WorkerPool) -> tuple[Callable[[], None], Callable[[], None]]:
    """What the app does at start and stop: listen for other processes' news, run workers,
    deliver webhooks (when the operator turned them on)."""
    deliverer = deliverer_for(svc.sessions, svc.settings)  # its setup errors show before start

    def start() -> None:
        svc.wakeups.start()
        pool.start()
        if deliverer is not None:
            deliverer.start()

    def stop() -> None:
        pool.stop()
        if deliverer is not None:
            deliverer.stop()
        svc.wakeups.stop()

    return start, stop


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def serve(settings: ServiceSettings) -> int:
    """The API (and in-process workers) until SIGTERM or SIGINT; the exit code."""
    svc, pool = build(settings, settings.workers)
    rejudge.on_start(svc.sessions, svc.problems.all(), OnChange(settings.rejudge_on_change))
    if not is_loopback(settings.host) and not svc.keys.any_active():
        banner = "!" * 72
        log.warning(
            "\n%s\nOPEN MODE ON %s: no API keys exist, so ANYONE who can reach this port\n"
            "can run code on this machine. Create a key: `judge keys create NAME`.\n%s",
            banner,
            settings.host,
            banner,
        )

    start, stop = lifecycle(svc, pool)  # a webhook setting error is one line now
    if pool.count:
        pool.check()  # a missing runner image is one line now, not a dead worker later
    stopped = threading.Event()

    def watch() -> None:
        # Workers that cannot recover end the whole process, as `judge worker` does,
        # so that its supervisor starts it afresh.
        while not stopped.wait(1.0):
            if pool.failed():
                log.error("workers cannot recover; stopping so a supervisor restarts this process")
                server.should_exit = True
                return

    def started() -> None:
        start()
        if pool.count:
            threading.Thread(target=watch, name="worker-watch", daemon=True).start()

    def stopping() -> None:
        stopped.set()
        stop()

    app = create_app(svc, on_start=started, on_stop=stopping)
    server = uvicorn.Server(
        uvicorn.Config(app, host=settings.host, port=settings.port, log_level="info")
    )
    server.run()
    return 1 if pool.failed() else 0


def work(settings: ServiceSettings) -> int:
    """Workers only, against the same database, until SIGTERM or SIGINT; the exit code."""
    _, pool = build(settings, settings.workers)
    rejudge.record_versions(pool.queue.sessions, pool.problems.all())
    deliverer = deliverer_for(pool.queue.sessions, settings)
    pool.check()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    pool.wakeups.start()
    pool.start()
    if deliverer is not None:
        deliverer.start()
    log.info("%d workers judging from %s", settings.workers, db.masked(settings.database_url))
    while not stop.wait(1.0):
        if pool.failed():
            log.error("workers cannot recover; exiting so a supervisor restarts this process")
            break
    pool.stop()
    if deliverer is not None:
        deliverer.stop()
    pool.wakeups.stop()
    return 1 if pool.failed() else 0
