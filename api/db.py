"""Database engines, sessions, schema upgrades (Alembic) and the database's own clock.

SQLite (a file, one machine) and PostgreSQL (many machines) run the same
statements; where they differ (the clock, locks, notifications) the difference
lives here.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, Float, create_engine, event, make_url, text
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.functions import FunctionElement

from judge.errors import JudgeError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# pg_advisory_lock keys: any constant no other program on the database uses.
MIGRATION_LOCK = 0x70796A6D  # "pyjm"
# Drivers a URL's dialect needs, and the extra that installs each.
DRIVERS = {"postgresql": ("psycopg", "pyjudge[postgres]")}


# A database host that vanishes without a reset (power, a partition) must fail calls
# within seconds, so workers back off, notice lost leases and, past their give-up
# period, exit; the kernel's defaults would block a call for about 15 minutes.
POSTGRES_CONNECT_ARGS = {
    "connect_timeout": 10,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 30_000,  # ms: unacknowledged data for this long drops the connection
}
# Query parameters of a URL that hold secrets (libpq takes a password there too).
SECRET_PARAMETERS = ("password", "passfile", "sslpassword")


class DatabaseError(JudgeError):
    """A database URL this judge cannot use; the message says what to do."""


def normalized(url: str) -> URL:
    """The URL as SQLAlchemy should open it: ``postgresql://`` means psycopg 3."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"JUDGE_DATABASE_URL is not a database URL: {exc}") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    dialect = parsed.get_backend_name()
    if dialect not in ("sqlite", "postgresql"):
        raise DatabaseError(f"{masked(url)}: only sqlite:/// and postgresql:// URLs are supported")
    if dialect in DRIVERS:
        module, extra = DRIVERS[dialect]
        try:
            importlib.import_module(module)
        except ImportError:
            message = f"{masked(url)} needs the {module} driver: pip install '{extra}'"
            raise DatabaseError(message) from None
    return parsed


def masked(url: str | URL) -> str:
    """The URL with its password hidden, for logs and messages."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "<unparsable database URL>"
    hidden = {key: "***" for key in parsed.query if key.lower() in SECRET_PARAMETERS}
    return parsed.update_query_dict(hidden).render_as_string(hide_password=True)


# Each dialect's INSERT, which (unlike sqlalchemy.insert) has ON CONFLICT; both
# databases take it in the same words. Keyed by ``connection.dialect.name``.
INSERT_OF_DIALECT: dict[str, Any] = {"postgresql": postgres_insert, "sqlite": sqlite_insert}


def is_postgres(url: str | URL) -> bool:
    return make_url(url).get_backend_name() in ("postgresql", "postgres")


def _sqlite_file(url: URL) -> Path | None:
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database)


def make_engine(url: str, busy_timeout_s: float = 30.0) -> Engine:
    parsed = normalized(url)
    path = _sqlite_file(parsed)
    if parsed.get_backend_name() == "sqlite":
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed,
            connect_args={"check_same_thread": False, "timeout": busy_timeout_s},
            pool_size=20,
        )

        def pragmas(connection, _record) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            # FULL: a submission acknowledged with 202 survives a power cut, not only a crash.
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
            cursor.close()

        event.listen(engine, "connect", pragmas)
        return engine
    # pool_pre_ping: a connection broken by a server restart is replaced, not handed out.
    # READ COMMITTED whatever the server's default: admission's counts must see the
    # rows committed before its lock was granted.
    return create_engine(
        parsed,
        pool_pre_ping=True,
        pool_size=20,
        max_overflow=20,
        isolation_level="READ COMMITTED",
        connect_args=POSTGRES_CONNECT_ARGS,
    )


def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def upgrade(url: str) -> None:
    """Bring the schema to the newest migration. Any number of processes may call this
    at once (API and workers starting together): they take turns under a lock, and
    all but the first find nothing to do."""
    parsed = normalized(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    rendered = parsed.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    if parsed.get_backend_name() == "postgresql":
        engine = create_engine(parsed, connect_args=POSTGRES_CONNECT_ARGS)
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
                try:
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
                    connection.commit()
                except BaseException:
                    connection.rollback()  # so the unlock runs, and the real error shows
                    raise
                finally:
                    connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
                    connection.commit()
        finally:
            engine.dispose()
        return
    path = _sqlite_file(parsed)
    with _file_lock(path):
        command.upgrade(config, "head")


@contextlib.contextmanager
def _file_lock(database: Path | None) -> Iterator[None]:
    """SQLite's stand-in for an advisory lock: a lock file beside the database."""
    if database is None:
        yield
        return
    database.parent.mkdir(parents=True, exist_ok=True)
    with open(database.with_name(database.name + ".migrate.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class db_now(FunctionElement):
    """The database's clock in epoch seconds: leases and heartbeats are compared on
    one clock, whatever the workers' own clocks say."""

    type = Float()
    inherit_cache = True


@compiles(db_now)
def _sqlite_now(element: db_now, compiler: Any, **kw: Any) -> str:
    return "((julianday('now') - 2440587.5) * 86400.0)"


@compiles(db_now, "postgresql")
def _postgres_now(element: db_now, compiler: Any, **kw: Any) -> str:
    # clock_timestamp, not now(): now() is frozen at the transaction's start.
    return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS DOUBLE PRECISION)"


def notify(connection: Connection, channel: str, payload: str = "") -> None:
    """Tell listeners on other machines (PostgreSQL's NOTIFY, delivered at commit);
    nothing on SQLite, whose waiters poll."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_notify(:c, :p)"), {"c": channel, "p": payload})
