"""The ``judge`` entry point: judge's local commands plus the service's own.

``judge/cli.py`` holds the commands that need only problems and the sandbox (run,
check, problems, image, ...); it never imports ``api``, so the judge can be read,
tested and type-checked without FastAPI or SQLAlchemy. The commands that run the
service (serve, worker, migrate, keys) live here, with the service, and this
module composes both into one program: the arrow points down, api -> judge.

Exit codes are judge's: 2 bad usage, 3 the service cannot run as configured (a
database it cannot use, a host without the runner image), each said in one line.
The service's modules are imported inside the commands that need them, so that
``judge run`` starts as fast as before (SQLAlchemy and the app cost about half a second).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from judge import cli as judge_cli

if TYPE_CHECKING:
    from api.keys import Keys
    from api.settings import ServiceSettings

app = typer.Typer(
    help=judge_cli.app.info.help,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals may hold a database password
)
service = typer.Typer()
keys_app = typer.Typer(help="API keys of the HTTP service.", no_args_is_help=True)
service.add_typer(keys_app, name="keys")
# Added without a name, both apps' commands sit at the top level: judge's first.
app.add_typer(judge_cli.app)
app.add_typer(service)

out = Console()
err = Console(stderr=True, soft_wrap=True)  # one error, one line, whatever the width

EXIT_USAGE, EXIT_JUDGE_FAILED = judge_cli.EXIT_USAGE, judge_cli.EXIT_JUDGE_FAILED


def _fail(message: str, code: int) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(code)


def _service_settings(**overrides: Any) -> ServiceSettings:
    from api.settings import ServiceSettings

    return ServiceSettings(**{k: v for k, v in overrides.items() if v is not None})


@contextlib.contextmanager
def _service_errors() -> Iterator[None]:
    """A database URL the judge cannot use (a missing driver, say), or a host that cannot
    judge (no runner image), is one line and exit 3."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    from api.db import DatabaseError
    from api.runner_image import WorkerSetupError

    try:
        yield
    except (DatabaseError, WorkerSetupError) as exc:
        raise _fail(str(exc), EXIT_JUDGE_FAILED) from None
    except (OperationalError, InterfaceError) as exc:
        # The database is unreachable at start (a supervisor will try again): say so in
        # one line, from the driver's own words, which carry no password.
        cause = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise _fail(f"the database is unreachable: {cause}", EXIT_JUDGE_FAILED) from None


def _logging() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


@service.command()
def serve(
    host: Annotated[str | None, typer.Option(help="address to bind (default 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="port (default 8000)")] = None,
    workers: Annotated[int | None, typer.Option(help="in-process workers (default: CPUs)")] = None,
) -> None:
    """Run the HTTP API with in-process workers."""
    from api.server import serve as run_server  # uvicorn and the app: only when serving

    _logging()
    with _service_errors():
        code = run_server(_service_settings(host=host, port=port, workers=workers))
    raise typer.Exit(code)


@service.command()
def worker(
    workers: Annotated[int | None, typer.Option(help="worker threads (default: CPUs)")] = None,
) -> None:
    """Run workers alone against the service's database."""
    from api.server import work

    _logging()
    with _service_errors():
        code = work(_service_settings(workers=workers))
    raise typer.Exit(code)


@service.command()
def migrate() -> None:
    """Bring the service's database schema up to date (safe from many processes at once)."""
    from api import db

    settings = _service_settings()
    with _service_errors():
        db.upgrade(settings.database_url)
    out.print(f"database {db.masked(settings.database_url)} is up to date")


def _keys() -> Keys:
    from api import db
    from api.keys import Keys

    settings = _service_settings()
    with _service_errors():
        db.upgrade(settings.database_url)
        return Keys(db.sessions(db.make_engine(settings.database_url)))


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Argument(help="who the key is for")],
    admin: Annotated[bool, typer.Option("--admin", help="may also rejudge problems")] = False,
) -> None:
    """Create a key; its token is printed once and stored only as a hash."""
    from api.keys import KeyProblem

    try:
        token = _keys().create(name, admin=admin)
    except KeyProblem as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    out.print(token)
    err.print("Keep it now: only its hash is stored. Send it as `Authorization: Bearer <key>`.")


@keys_app.command("revoke")
def keys_revoke(name: Annotated[str, typer.Argument(help="the key's name")]) -> None:
    """Revoke a key; requests with it get 401 from then on."""
    from api.keys import KeyProblem

    try:
        _keys().revoke(name)
    except KeyProblem as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    out.print(f"revoked {name}")


@keys_app.command("list")
def keys_list() -> None:
    """List keys (names and prefixes, never tokens)."""
    for key in _keys().list():
        state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
        role = "admin" if key.admin else "solver"
        out.print(f"{key.name}\t{key.prefix}…\t{role}\t{state}")


@service.command("rejudge")
def rejudge_command(
    problem: Annotated[str, typer.Argument(help="a problem id of the service's library")],
    since: Annotated[
        datetime | None, typer.Option(help="only submissions made at or after this (UTC)")
    ] = None,
    verdict: Annotated[str | None, typer.Option(help="only submissions with this verdict")] = None,
    wait: Annotated[
        bool, typer.Option("--wait", help="wait until every one is judged, then show changes")
    ] = False,
) -> None:
    """Judge a problem's stored submissions again against its current version.

    Only those judged against another version are queued (nothing twice for one
    version); workers take them after new submissions. Old results are kept."""
    import time

    from api import db
    from api import rejudge as rejudges
    from judge.library import ProblemStore
    from judge.verdicts import Verdict

    settings = _service_settings()
    wanted = None
    if verdict is not None:
        try:
            wanted = Verdict(verdict)
        except ValueError:
            names = ", ".join(v.value for v in Verdict)
            raise _fail(f"--verdict must be one of {names}", EXIT_USAGE) from None
    found = ProblemStore(settings.problems_dir).get(problem)
    if found is None:
        raise _fail(f"no problem {problem!r} in {settings.problems_dir}", EXIT_USAGE)
    with _service_errors():
        db.upgrade(settings.database_url)
        sessions = db.sessions(db.make_engine(settings.database_url))
        rejudges.record_versions(sessions, [found])
        since_utc = since.replace(tzinfo=UTC) if since and since.tzinfo is None else since
        row = rejudges.start(sessions, found, "cli", since_utc, wanted)
    out.print(
        f"rejudge {row.id} of {problem}: {row.queued} submissions queued against "
        f"version {found.content_hash[:12]}"
    )
    summary = rejudges.summary(sessions, problem, row.id)
    while wait and summary is not None and summary.pending:
        time.sleep(1.0)
        summary = rejudges.summary(sessions, problem, row.id)
    if summary is None or not wait:
        return
    out.print(f"judged {summary.done}, changed {len(summary.changed)}")
    for transition in summary.transitions:
        before = transition.before.value if transition.before else "-"
        after = transition.after.value if transition.after else "-"
        out.print(f"  {before} -> {after}: {transition.count}")
    for change in summary.changed:
        out.print(f"  /submissions/{change.submission_id}: {change.before} -> {change.after}")
