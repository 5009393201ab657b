"""The ``judge`` command line.

Exit codes: 0 accepted (or all checks passed), 1 judged and not accepted (or a
check failed), 2 bad usage or a bad problem/solution path, 3 the judge itself
failed (engine down, image missing, internal error).
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import docker
import typer
from rich.console import Console
from rich.live import Live
from rich.markup import escape

from judge import library
from judge.config import Settings
from judge.judging import Judge
from judge.problem import Problem, ProblemError, load_problem
from judge.rendering import RunProgress, compile_error_line, judgement_table, problems_table
from judge.verdicts import Judgement, TestResult, Verdict
from judge.verification import Finding, check_problem
from sandbox import image as runner_image
from sandbox.container import Sandbox, SandboxError
from sandbox.engine import connect

app = typer.Typer(
    help="A sandboxed judge for Python functions.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals may hold a database password
)
image_app = typer.Typer(help="The runner image submissions run in.", no_args_is_help=True)
app.add_typer(image_app, name="image")

out = Console()
err = Console(stderr=True, soft_wrap=True)  # one error, one line, whatever the width

EXIT_REJECTED, EXIT_USAGE, EXIT_JUDGE_FAILED = 1, 2, 3


def _fail(message: str, code: int) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(code)


def _judge(settings: Settings) -> Judge:
    try:
        return Judge(Sandbox(settings.runner_image), settings.max_source_kb << 10)
    except SandboxError as exc:
        raise _fail(str(exc), EXIT_JUDGE_FAILED) from None


def _live_terminal() -> bool:
    """Progress only for a person watching: stdout itself a terminal (not rich's
    FORCE_COLOR guess, which CI logs set), and one that can redraw lines."""
    return sys.stdout.isatty() and out.is_terminal and not out.is_dumb_terminal


def _judge_with_progress(judge: Judge, problem: Problem, source: str) -> Judgement:
    """Judges while a live view shows each test as it ends; the view is transient, so
    what stays on screen is the final table, as without a terminal."""
    progress = RunProgress(problem.id, len(problem.tests))
    with Live(progress, console=out, transient=True, refresh_per_second=8) as live:

        def on_test(index: int, result: TestResult) -> None:
            progress.finished(index, result)
            live.refresh()

        return judge.judge(problem, source, on_test=on_test)


@app.command()
def run(
    problem: Annotated[str, typer.Argument(help="a problem id under problems/, or a folder")],
    solution: Annotated[Path, typer.Argument(help="the Python file to judge")],
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Judge a solution file against a problem."""
    settings = Settings()
    try:
        loaded = load_problem(library.resolve(problem, settings.problems_dir))
    except ProblemError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    try:
        source = solution.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"cannot read the solution {solution}: {exc}", EXIT_USAGE) from None
    judge = _judge(settings)
    try:
        if not as_json and _live_terminal():
            judgement = _judge_with_progress(judge, loaded, source)
        else:
            judgement = judge.judge(loaded, source)
    except SandboxError as exc:
        raise _fail(str(exc), EXIT_JUDGE_FAILED) from None
    if as_json:
        print(judgement.model_dump_json(indent=2))
    elif judgement.verdict is Verdict.compilation_error:
        out.print(
            compile_error_line(judgement, str(solution)),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    else:
        out.print(judgement_table(judgement))
    if judgement.verdict is Verdict.internal_error:
        raise typer.Exit(EXIT_JUDGE_FAILED)
    if judgement.verdict is not Verdict.accepted:
        raise typer.Exit(EXIT_REJECTED)


@app.command()
def check(
    problems: Annotated[
        list[str] | None, typer.Argument(help="problem ids or folders", show_default=False)
    ] = None,
    all_problems: Annotated[bool, typer.Option("--all", help="check every problem")] = False,
) -> None:
    """Validate problem folders: schema, generator, reference solution, known submissions, rules."""
    settings = Settings()
    if all_problems == bool(problems):
        raise _fail("give PROBLEMs or --all (not both)", EXIT_USAGE)
    try:
        paths = (
            library.folders(settings.problems_dir)
            if all_problems
            else [library.resolve(problem, settings.problems_dir) for problem in problems or []]
        )
    except ProblemError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    if not paths:
        raise _fail(f"no problems under {settings.problems_dir}", EXIT_USAGE)
    judge = _judge(settings)

    def show(finding: Finding) -> None:
        mark = "[green]ok[/]  " if finding.ok else "[bold red]FAIL[/]"
        out.print(f"  {mark} {escape(finding.name)}: {escape(finding.detail)}")

    failed = []
    for path in paths:
        out.print(f"[bold]{path.name}[/]")
        try:
            report = check_problem(path, judge, show)
        except SandboxError as exc:
            raise _fail(str(exc), EXIT_JUDGE_FAILED) from None
        if not report.ok:
            failed.append(path.name)
    if failed:
        raise _fail(f"{len(failed)} of {len(paths)} problems failed: {', '.join(failed)}", 1)
    out.print(f"[green]all {len(paths)} problems passed[/]")


@app.command()
def problems(
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """List the problem library."""
    settings = Settings()
    loaded, errors = library.load_all(settings.problems_dir)
    if as_json:
        rows = [
            {
                "id": p.id,
                "title": p.meta.title,
                "difficulty": p.meta.difficulty.value,
                "tags": p.meta.tags,
                "tests": len(p.tests),
                "checker": p.meta.checker.kind.value,
            }
            for p in loaded
        ]
        print(json.dumps(rows, indent=2))
    else:
        out.print(problems_table(loaded))
    for error in errors:
        err.print(f"[yellow]skipped:[/] {escape(str(error))}")


@image_app.command("build")
def image_build(
    dockerfile: Annotated[
        bool, typer.Option("--dockerfile", help="build FROM python:3.11-slim (needs a registry)")
    ] = False,
    mirror: Annotated[str | None, typer.Option(help="Debian mirror for debootstrap")] = None,
    base: Annotated[
        str | None,
        typer.Option(help="instead, build the service image's base (python3, venv) as this tag"),
    ] = None,
) -> None:
    """Build the runner image (debootstrap + import by default: no registry needed)."""
    settings = Settings()
    log = lambda line: err.print(escape(line))  # noqa: E731
    try:
        client = connect()
        if base:
            image_id = runner_image.build_with_debootstrap(
                client,
                base,
                mirror or settings.debian_mirror,
                log=log,
                packages=runner_image.SERVICE_BASE_PACKAGES,
            )
            out.print(f"{base} {image_id}")
            return
        if dockerfile:
            built = runner_image.build_with_dockerfile(client, settings.runner_image)
        else:
            runner_image.build_with_debootstrap(
                client, settings.runner_image, mirror or settings.debian_mirror, log=log
            )
            built = runner_image.describe(client, settings.runner_image)
    except (SandboxError, runner_image.ImageBuildError, docker.errors.DockerException) as exc:
        raise _fail(str(exc), EXIT_JUDGE_FAILED) from None
    out.print(f"{built.tag} {built.id} (python {built.python}, numpy {built.numpy})")


keys_app = typer.Typer(help="API keys of the HTTP service.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


def _service_settings(**overrides):
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
    import logging

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="address to bind (default 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="port (default 8000)")] = None,
    workers: Annotated[int | None, typer.Option(help="in-process workers (default: CPUs)")] = None,
) -> None:
    """Run the HTTP API with in-process workers."""
    from api.server import serve as run_server

    _logging()
    with _service_errors():
        code = run_server(_service_settings(host=host, port=port, workers=workers))
    raise typer.Exit(code)


@app.command()
def worker(
    workers: Annotated[int | None, typer.Option(help="worker threads (default: CPUs)")] = None,
) -> None:
    """Run workers alone against the service's database."""
    from api.server import work

    _logging()
    with _service_errors():
        code = work(_service_settings(workers=workers))
    raise typer.Exit(code)


@app.command()
def migrate() -> None:
    """Bring the service's database schema up to date (safe from many processes at once)."""
    from api import db

    settings = _service_settings()
    with _service_errors():
        db.upgrade(settings.database_url)
    out.print(f"database {db.masked(settings.database_url)} is up to date")


def _keys():
    from api import db
    from api.keys import Keys

    settings = _service_settings()
    with _service_errors():
        db.upgrade(settings.database_url)
        return Keys(db.sessions(db.make_engine(settings.database_url)))


@keys_app.command("create")
def keys_create(name: Annotated[str, typer.Argument(help="who the key is for")]) -> None:
    """Create a key; its token is printed once and stored only as a hash."""
    from api.keys import KeyProblem

    try:
        token = _keys().create(name)
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
        out.print(f"{key.name}\t{key.prefix}…\t{state}")
