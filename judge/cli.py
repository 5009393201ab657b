"""The ``judge`` command line.

Exit codes: 0 accepted (or all checks passed), 1 judged and not accepted (or a
check failed), 2 bad usage or a bad problem/solution path, 3 the judge itself
failed (engine down, image missing, internal error).

These are the local commands: they need problems and the sandbox, never the
service. The ``judge`` program adds the service's (serve, worker, migrate, keys)
in api/cli.py, so this module never imports ``api``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.live import Live
from rich.markup import escape

from judge import complexity, generation, library, scaffold
from judge.config import Settings
from judge.judging import Judge
from judge.problem import Problem, ProblemError, load_problem
from judge.rendering import (
    RunProgress,
    compile_error_line,
    complexity_lines,
    judgement_table,
    problems_table,
)
from judge.verdicts import Judgement, TestResult, Verdict
from judge.verification import Finding, check_problem
from sandbox import Sandbox, SandboxError, build_base_image, build_runner_image

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


def _problem_folder(spec: str, settings: Settings) -> Path:
    """The folder a problem argument names (a path wins over an id: library.resolve),
    said on stderr, so which copy was used is never a guess and --json stays JSON."""
    folder = library.resolve(spec, settings.problems_dir)
    err.print(f"problem: {folder}", markup=False, highlight=False)
    return folder


@app.command()
def run(
    problem: Annotated[str, typer.Argument(help="a problem id under problems/, or a folder")],
    solution: Annotated[Path, typer.Argument(help="the Python file to judge")],
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
    estimate: Annotated[
        bool,
        typer.Option(
            "--complexity", help="if accepted, estimate the time complexity on the size ladder"
        ),
    ] = False,
    plot: Annotated[
        Path | None, typer.Option(help="with --complexity: write the time-size plot (SVG) here")
    ] = None,
) -> None:
    """Judge a solution file against a problem."""
    settings = Settings()
    try:
        loaded = load_problem(_problem_folder(problem, settings))
    except ProblemError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    if estimate and loaded.meta.complexity is None:
        raise _fail(f"{loaded.id} has no size ladder (complexity: in problem.yaml)", EXIT_USAGE)
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
        if estimate and judgement.verdict is Verdict.accepted:
            if not as_json:
                err.print("estimating the time complexity…", style="dim")
            measured = complexity.measure(judge.sandbox, loaded, source)
            judgement = judgement.model_copy(
                update={"complexity": complexity.report(loaded, measured)}
            )
    except (SandboxError, ProblemError) as exc:  # ProblemError: checker.py, loaded to judge
        raise _fail(str(exc), EXIT_JUDGE_FAILED) from None
    if plot is not None and judgement.complexity is not None:
        plot.write_text(judgement.complexity["svg"], encoding="utf-8")
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
        if judgement.complexity is not None:
            out.print(complexity_lines(judgement.complexity, plot), highlight=False)
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
            else [_problem_folder(problem, settings) for problem in problems or []]
        )
    except ProblemError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    if not paths:
        raise _fail(f"no problems under {settings.problems_dir}", EXIT_USAGE)
    if all_problems:
        err.print(f"problems: {settings.problems_dir.resolve()}", markup=False, highlight=False)
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


def _generate(folder: Path) -> None:
    """Runs the folder's generator.py and says what it wrote (exit 1 if it failed)."""
    if not (folder / "generator.py").is_file():
        raise _fail(f"{folder}/generator.py: missing", EXIT_USAGE)
    done = generation.run(folder)
    if done.error is not None:
        raise _fail(f"{folder}/generator.py failed: {done.error}", EXIT_REJECTED)
    out.print(f"generator.py {done.summary()}", markup=False, highlight=False, soft_wrap=True)
    for name in done.removed:
        out.print(f"  removed {name}: generator.py no longer writes it", markup=False)


@app.command()
def generate(
    problem: Annotated[str, typer.Argument(help="a problem id under problems/, or a folder")],
) -> None:
    """Run a problem's generator.py (with this python, in its folder): writes its tests/."""
    settings = Settings()
    try:
        folder = _problem_folder(problem, settings)
    except ProblemError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    _generate(folder)


@app.command()
def new(
    problem_id: Annotated[str, typer.Argument(metavar="ID", help="the new problem's id")],
    from_: Annotated[
        str | None,
        typer.Option("--from", help="copy this problem (an id or a folder) instead"),
    ] = None,
    directory: Annotated[
        Path | None, typer.Option("--dir", help="write it here, not in the problems folder")
    ] = None,
) -> None:
    """Write a new problem folder that passes `judge check` as written, then its tests."""
    settings = Settings()
    parent = directory if directory is not None else settings.problems_dir
    try:
        if from_ is not None:
            source = library.resolve(from_, settings.problems_dir)
            folder = scaffold.copy(source, problem_id, parent)
        else:
            folder = scaffold.create(problem_id, parent)
    except (scaffold.ScaffoldError, ProblemError) as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    except OSError as exc:
        raise _fail(f"cannot write {parent / problem_id}: {exc}", EXIT_USAGE) from None
    err.print(f"problem: {folder.resolve()}", markup=False, highlight=False)
    if from_ is None:
        _generate(folder)
    else:
        out.print(f"copied {source} to {folder}", markup=False, highlight=False, soft_wrap=True)
    # Name it as a path unless it is in the library: an id resolves to the library.
    name = problem_id if directory is None else _as_path(folder)
    out.print(
        "next:\n"
        f"  1. edit {_as_path(folder)}/statement.md, problem.yaml, solution.py and generator.py\n"
        f"  2. judge generate {name}     # writes tests/ from generator.py\n"
        f"  3. judge check {name}        # proves the folder sound\n"
        f"  4. judge run {name} FILE.py  # judges a solution",
        markup=False,
        highlight=False,
    )


def _as_path(folder: Path) -> str:
    """The folder as a path a command takes: relative when under the current directory."""
    try:
        relative = folder.resolve().relative_to(Path.cwd())
    except ValueError:
        return str(folder.resolve())
    return f"./{relative}" if "/" not in str(relative) else str(relative)


@image_app.command("build")
def image_build(
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
        if base:
            image_id = build_base_image(base, mirror or settings.debian_mirror, log=log)
            out.print(f"{base} {image_id}")
            return
        built = build_runner_image(settings.runner_image, mirror or settings.debian_mirror, log=log)
    except SandboxError as exc:
        raise _fail(str(exc), EXIT_JUDGE_FAILED) from None
    out.print(f"{built.tag} {built.id} (python {built.python}, numpy {built.numpy})")
