"""Webhooks: a submission's callback_url is POSTed its result once judged.

Off by default. The operator allows destinations with JUDGE_WEBHOOK_ALLOW: host
names (matched exactly) and IP networks (an address literal, or every address a
name resolves to, must lie in one). Anything else is refused when the submission
arrives (422), and checked again before each delivery.

Delivery is an outbox. ``Queue.complete`` writes a ``webhook_deliveries`` row in
the transaction that stores the result; a Deliverer thread in each `judge serve`
and `judge worker` process then:

1. claims the most overdue pending row under a lease (one UPDATE; on PostgreSQL
   its subquery takes the row FOR UPDATE SKIP LOCKED), so two processes never
   hold the same row at once;
2. checks the URL against this process's allowlist again (a name may resolve
   elsewhere by now); refused means ``failed``, and nothing is sent;
3. POSTs the submission as ``GET /submissions/{id}`` shows it, signed, within
   ``webhook_timeout_s`` in all, following no redirect;
4. records the outcome only while the lease is still its own: a 2xx is
   ``delivered``; anything else counts an attempt and the row is due again after
   a back-off that doubles each time, until ``webhook_attempts`` make it ``failed``.

A process that dies between sending and recording leaves its lease to run out,
and another process sends again: delivery is at least once, and a receiver drops
repeats by ``X-Pyjudge-Delivery``. Times in the table are the database's clock.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import logging
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import Float, Update, and_, bindparam, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from api import db
from api.fleet import db_cause
from api.models import Submission, WebhookDelivery
from api.runner_image import WorkerSetupError
from api.settings import ServiceSettings
from judge.errors import JudgeError
from judge.judging import JUDGE_VERSION

log = logging.getLogger("pyjudge.webhooks")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
EVENT = "submission.done"
# A claim outlives the attempt's own bound (DNS, the POST, recording) by this much.
LEASE_MARGIN_S = 60.0
ERROR_CAP = 500  # characters of an error kept in last_error
OUTAGE_BACKOFF_S, OUTAGE_BACKOFF_MAX_S = 0.5, 30.0  # the database went away


class CallbackRefused(JudgeError, ValueError):
    """The URL is not one this judge may call."""


class WebhookSetupError(WorkerSetupError):
    """Webhooks are on but cannot be sent as configured. A WorkerSetupError, so that
    `judge serve` and `judge worker` say it in one line and exit 3."""


def _networks(allow: list[str]) -> tuple[set[str], list[Network]]:
    names: set[str] = set()
    networks: list[Network] = []
    for entry in allow:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            names.add(entry.strip().lower().rstrip("."))
    return names, networks


def check_callback(url: str, allow: list[str]) -> None:
    """Raises CallbackRefused (its message says why) unless ``url`` may be called."""
    resolve_callback(url, allow)


def resolve_callback(url: str, allow: list[str]) -> str | None:
    """Like check_callback, and says where to connect: the checked address when a
    network allowed a name (connecting by name again would resolve it again, maybe
    elsewhere), None when the URL is called as it is (an allowed name, an address)."""
    if not allow:
        raise CallbackRefused(
            "webhooks are off on this judge (the operator enables them with JUDGE_WEBHOOK_ALLOW)"
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CallbackRefused("callback_url must be an http:// or https:// URL with a host")
    if parts.username or parts.password:
        raise CallbackRefused("callback_url must not carry credentials")
    try:
        port = parts.port
        httpx.URL(url)  # what the deliverer will parse it with
    except (ValueError, httpx.InvalidURL):
        raise CallbackRefused("callback_url is not a valid URL (its port?)") from None
    host = parts.hostname.lower().rstrip(".")
    names, networks = _networks(allow)
    if host in names:
        return None
    pinned = True
    try:
        addresses = [ipaddress.ip_address(host)]
        pinned = False
    except ValueError:
        if not networks:
            raise CallbackRefused(f"{host} is not an allowed webhook host") from None
        try:
            infos = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
        except OSError:
            raise CallbackRefused(f"{host} does not resolve") from None
        addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses or not all(
        any(address in network for network in networks) for address in addresses
    ):
        raise CallbackRefused(f"{host} is not in an allowed webhook network")
    return str(addresses[0]) if pinned else None


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The X-Pyjudge-Signature value: HMAC-SHA256 of "<timestamp>.<body>". The time is
    inside the MAC, so a receiver can refuse old (replayed) deliveries."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def backoff_s(attempts: int, base_s: float, max_s: float) -> float:
    """The wait after the ``attempts``-th failed attempt: base, twice that, 4 times, ..."""
    return min(max_s, base_s * 2 ** max(0, attempts - 1))


@dataclass(frozen=True)
class Job:
    """A claimed delivery. ``lease_until`` is the claim's token: the outcome is
    recorded only where the row still carries it."""

    id: int
    submission_seq: int
    url: str
    attempts: int
    lease_until: float


@dataclass(frozen=True)
class Outcome:
    status: int | None  # the receiver's HTTP status; None when none came back
    error: str | None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


_W = WebhookDelivery
# Due, and no deliverer holds it (or its holder's lease ran out), on the database's clock.
_DUE = and_(
    _W.state == PENDING,
    _W.next_at <= db.db_now(),
    or_(_W.lease_until.is_(None), _W.lease_until < db.db_now()),
)


def _claim_statement() -> Update:
    """The most overdue due row, leased in one statement (see api/queue.py for the
    pattern): an ordered walk of the (state, next_at) index."""
    target = (
        select(_W.id)
        .where(_DUE)
        .order_by(_W.next_at)
        .limit(1)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    return (
        update(_W)
        .where(_W.id == target, _DUE)
        .values(lease_until=db.db_now() + bindparam("lease_s_", type_=Float))
        .returning(_W.id, _W.submission_seq, _W.url, _W.attempts, _W.lease_until)
    )


_CLAIM = _claim_statement()


def _held(job: Job) -> tuple[Any, ...]:
    return (_W.id == job.id, _W.state == PENDING, _W.lease_until == job.lease_until)


class Deliverer:
    """One background thread that delivers due webhooks, one at a time."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: ServiceSettings,
        lease_s: float | None = None,
    ) -> None:
        if not settings.webhook_secret:
            raise WebhookSetupError(
                "JUDGE_WEBHOOK_ALLOW is set but JUDGE_WEBHOOK_SECRET is empty: set a long "
                "random secret (receivers check each delivery's signature with it)"
            )
        self.sessions = sessions
        self.settings = settings
        self.lease_s = settings.webhook_timeout_s + LEASE_MARGIN_S if lease_s is None else lease_s
        self._engine = sessions.kw["bind"]
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="webhooks", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Ends the thread after the delivery in flight, if any (bounded by the timeout)."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout if timeout is not None else self.lease_s)
            self._thread = None

    def _run(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            try:
                busy = self.deliver_one()
            except Exception as exc:
                if not failures:  # once per outage
                    log.warning("webhook deliverer failed (%s); trying again", db_cause(exc))
                failures += 1
                wait = min(OUTAGE_BACKOFF_MAX_S, OUTAGE_BACKOFF_S * 2 ** (failures - 1))
                self._stopping.wait(wait)
                continue
            if failures:
                log.info("webhook deliverer works again")
                failures = 0
            if not busy:
                self._stopping.wait(self.settings.webhook_poll_s)

    def deliver_one(self) -> bool:
        """Claims one due delivery and attempts it; False when none is due."""
        job = self.claim()
        if job is None:
            return False
        if self._stopping.is_set():  # stopping: leave it to another process at once
            self._record(job, lease_until=None)
            return True
        self.attempt(job)
        return True

    def claim(self) -> Job | None:
        with self._engine.begin() as connection:
            row = connection.execute(_CLAIM, {"lease_s_": self.lease_s}).first()
        return None if row is None else Job(**row._asdict())

    def attempt(self, job: Job) -> Outcome | None:
        """Checks, sends and records one claimed delivery; None when it was refused."""
        host = urlsplit(job.url).hostname or "?"
        try:
            address = resolve_callback(job.url, self.settings.webhook_allow)
        except CallbackRefused as exc:
            log.warning("webhook delivery %d to %s refused, not sent: %s", job.id, host, exc)
            self._record(job, state=FAILED, lease_until=None, last_error=f"refused: {exc}")
            return None
        body = self._body(job.submission_seq)
        outcome = self.send(job, body, address)
        attempts = job.attempts + 1
        values: dict[str, Any] = {
            "attempts": attempts,
            "last_status": outcome.status,
            "last_error": outcome.error,
            "lease_until": None,
        }
        if outcome.ok:
            values.update(state=DELIVERED, delivered_at=db.db_now())
        elif attempts >= self.settings.webhook_attempts:
            values.update(state=FAILED)
            log.warning(
                "webhook delivery %d to %s failed for good after %d attempts (%s)",
                job.id,
                host,
                attempts,
                _why(outcome),
            )
        else:
            wait = backoff_s(
                attempts, self.settings.webhook_backoff_s, self.settings.webhook_backoff_max_s
            )
            values.update(next_at=db.db_now() + wait)
            log.info(
                "webhook delivery %d to %s: attempt %d of %d failed (%s); next in %.1f s",
                job.id,
                host,
                attempts,
                self.settings.webhook_attempts,
                _why(outcome),
                wait,
            )
        self._record(job, **values)
        return outcome

    def send(self, job: Job, body: bytes, address: str | None = None) -> Outcome:
        """One POST, within webhook_timeout_s in all (connect, send, the answer's
        headers); the answer's body is not read. ``address``: connect there, still
        naming the URL's host in Host, SNI and the certificate check."""
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": f"pyjudge-webhooks/{JUDGE_VERSION}",
            "X-Pyjudge-Event": EVENT,
            "X-Pyjudge-Delivery": str(job.id),
            "X-Pyjudge-Signature": sign(self.settings.webhook_secret, timestamp, body),
        }
        extensions: dict[str, Any] = {}
        timeout = self.settings.webhook_timeout_s
        try:
            url = httpx.URL(job.url)
            if address is not None:
                headers["Host"] = url.netloc.decode("ascii")
                extensions["sni_hostname"] = url.raw_host.decode("ascii")
                url = url.copy_with(host=address)
            status = asyncio.run(_post(url, body, headers, extensions, timeout))
        except TimeoutError:
            return Outcome(None, f"no answer within {timeout:g} s")
        except Exception as exc:  # the receiver's fault, whatever it is: counted, retried
            said = str(exc).strip()
            return Outcome(
                None, f"{type(exc).__name__}: {said}"[:ERROR_CAP] if said else type(exc).__name__
            )
        return Outcome(status, None if 200 <= status < 300 else f"HTTP {status}")

    def _body(self, seq: int) -> bytes:
        # Imported here: api.submissions imports this module (check_callback).
        from api.submissions import to_out

        with self.sessions() as session:
            row = session.scalar(select(Submission).where(Submission.seq == seq))
            if row is None:  # the outbox row's foreign key says this cannot be
                raise LookupError(f"submission #{seq} is gone")
            return to_out(row).model_dump_json().encode()

    def _record(self, job: Job, **values: Any) -> bool:
        """Stores the outcome if the lease is still this claim's; False if it ran out
        and another process may have taken the delivery over."""
        with self._engine.begin() as connection:
            stored = connection.execute(update(_W).where(*_held(job)).values(**values))
        if stored.rowcount != 1:
            log.warning("webhook delivery %d: lease ran out before its outcome was stored", job.id)
            return False
        return True


async def _post(
    url: httpx.URL, body: bytes, headers: dict[str, str], extensions: dict[str, Any], timeout: float
) -> int:
    # trust_env=False: no proxy from the environment may reroute a delivery.
    async with (
        asyncio.timeout(timeout),
        httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False) as client,
        client.stream("POST", url, content=body, headers=headers, extensions=extensions) as reply,
    ):
        return reply.status_code


def _why(outcome: Outcome) -> str:
    return outcome.error or f"HTTP {outcome.status}"


def deliverer_for(sessions: sessionmaker[Session], settings: ServiceSettings) -> Deliverer | None:
    """This process's deliverer; None while webhooks are off (no JUDGE_WEBHOOK_ALLOW)."""
    return Deliverer(sessions, settings) if settings.webhook_allow else None
