"""Queue-only claim throughput: how fast claimers take work when nothing is judged.

    python -m bench.claims                          # a private PostgreSQL server, and SQLite
    python -m bench.claims --url postgresql://...   # an existing server (databases of its own)
    python -m bench.claims --n 500 --repeat 1 --json claims.json

Each configuration (processes x threads) starts from N queued submissions in a
fresh database; every thread claims and completes (a trivial judgement) until
the queue is empty. Issue 13's goal: 10x3 claimers must not fall below 3x2 on
PostgreSQL; claimers that collide on one row, or idle while work is queued,
fall below it. Every run is checked: each submission claimed exactly once.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
import traceback
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, make_url, select

from api import db
from api.models import Submission, TestRow, VerdictCount
from api.queue import DONE, NewSubmission, Queue
from judge.verdicts import Judgement, Provenance, TestResult, TestVerdict, Verdict

REPO = Path(__file__).resolve().parents[1]
CONFIGS = ((1, 1), (3, 2), (10, 3))  # processes x threads
LEASE_S = 60.0  # longer than any run: this measures claiming, not expiry
# Forked from a clean server process with the heavy imports done: quick to start, and
# a plain fork would copy the parent's pooled connections.
CLAIMERS = multiprocessing.get_context("forkserver")
CLAIMERS.set_forkserver_preload(["api.queue", "psycopg", "rich.table"])

TRIVIAL = Judgement(
    problem_id="bench",
    verdict=Verdict.accepted,
    time_ms=1.0,
    wall_ms=1.0,
    tests=[TestResult(id="secret/1", group="secret", verdict=TestVerdict.accepted, time_ms=1.0)],
    provenance=Provenance(
        runner_image="bench", problem_hash="bench", harness_version="-", judge_version="-"
    ),
)


@dataclass
class ClaimerReport:
    """What one claimer process did; times are time.monotonic(), one clock per machine."""

    claimed: list[int] = field(default_factory=list)  # seqs, in claim order
    nones: int = 0  # claims that found nothing
    finished: float = 0.0
    cpu_s: float = 0.0  # the process's own CPU time while claiming
    errors: list[str] = field(default_factory=list)


def _claimer(
    url: str,
    threads: int,
    per_thread: int | None,
    complete: bool,
    judge_s: float,
    start: Any,
    reports: Any,
) -> None:
    """One claimer process: ``threads`` threads claim (and complete, after ``judge_s`` of
    pretend judging) until the queue is empty, or make exactly ``per_thread`` claims each
    when that is given."""
    report = ClaimerReport()
    lock = threading.Lock()
    try:
        engine = db.make_engine(url)
        queue = Queue(db.sessions(engine), lease_s=LEASE_S, max_attempts=3)
        _warm_up(engine, threads)
        together = threading.Barrier(threads)

        def claim_loop(name: str) -> None:
            claimed, nones = [], 0
            try:
                together.wait()
                calls = 0
                while per_thread is None or calls < per_thread:
                    calls += 1
                    claim = queue.claim(name)
                    if claim is None:
                        nones += 1
                        if per_thread is None:
                            break
                        continue
                    claimed.append(claim.seq)
                    if judge_s:
                        time.sleep(judge_s)
                    if complete and not queue.complete(claim, TRIVIAL):
                        raise AssertionError(f"{name} lost its lease on {claim.seq}")
            except Exception:
                with lock:
                    report.errors.append(traceback.format_exc())
            with lock:
                report.claimed.extend(claimed)
                report.nones += nones

        host = f"{socket.gethostname()}:{os.getpid()}"
        workers = [
            threading.Thread(target=claim_loop, args=(f"{host}:{i}",)) for i in range(threads)
        ]
        start.wait()
        cpu = time.process_time()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        report.finished = time.monotonic()
        report.cpu_s = time.process_time() - cpu
        engine.dispose()
    except Exception:
        start.abort()  # the others (and the parent) stop waiting for this one
        report.errors.append(traceback.format_exc())
    reports.put(report)


def _warm_up(engine: Any, connections: int) -> None:
    """Opens the threads' connections and has each read the queue's tables once, before
    the clock starts: a fleet's connections are long-lived, and a new server process
    spends milliseconds loading its catalog caches."""
    held = [engine.connect() for _ in range(connections)]
    for connection in held:
        connection.execute(select(func.count()).where(Submission.status == DONE))
        connection.execute(select(func.count()).select_from(TestRow))
        connection.execute(select(func.count()).select_from(VerdictCount))
        connection.close()


def run_claimers(
    url: str,
    processes: int,
    threads: int,
    *,
    per_thread: int | None = None,
    complete: bool = True,
    judge_s: float = 0.0,
    timeout_s: float = 600,
) -> tuple[float, list[ClaimerReport]]:
    """Starts the claimer processes, releases them at one instant, and returns the
    seconds from that instant to the last one finishing, with every process's report."""
    start = CLAIMERS.Barrier(processes + 1)
    reports = CLAIMERS.Queue()
    children = [
        CLAIMERS.Process(
            target=_claimer,
            args=(url, threads, per_thread, complete, judge_s, start, reports),
            daemon=True,
        )
        for _ in range(processes)
    ]
    for child in children:
        child.start()
    try:
        with suppress(threading.BrokenBarrierError):  # a child failed: its report says why
            start.wait(timeout=120)
        began = time.monotonic()
        collected = [reports.get(timeout=timeout_s) for _ in children]
    finally:
        for child in children:
            child.join(30)
            if child.is_alive():
                child.kill()
                child.join()
    errors = [error for report in collected for error in report.errors]
    if errors:
        raise RuntimeError("a claimer failed:\n" + "\n".join(errors))
    return max(r.finished for r in collected) - began, collected


def preload(url: str, count: int) -> list[int]:
    """``count`` queued submissions; their seqs."""
    engine = db.make_engine(url)
    try:
        queue = Queue(db.sessions(engine), lease_s=LEASE_S, max_attempts=3)
        new = NewSubmission(problem_id="bench", problem_hash="bench", source="x = 1")
        return [row.seq for row in queue.add([new] * count)]
    finally:
        engine.dispose()


def check_exactly_once(url: str, seqs: list[int], reports: list[ClaimerReport]) -> None:
    """Each submission claimed once, stored once, counted once."""
    claimed = sorted(seq for report in reports for seq in report.claimed)
    if claimed != sorted(seqs):
        raise AssertionError(f"{len(claimed)} claims for {len(seqs)} submissions")
    engine = db.make_engine(url)
    try:
        with engine.connect() as connection:
            done = connection.scalar(
                select(func.count()).select_from(Submission).where(Submission.status == DONE)
            )
            tests = connection.scalar(select(func.count()).select_from(TestRow))
            counted = connection.scalar(select(func.sum(VerdictCount.count)))
    finally:
        engine.dispose()
    if not done == tests == counted == len(seqs):
        raise AssertionError(f"{len(seqs)} submissions: {done} done, {tests} tests, {counted}")


class Databases:
    """Fresh, empty databases: files in a temporary folder, or databases of our own on a
    PostgreSQL server (dropped at the end)."""

    def __init__(self, workdir: Path, server_url: str | None):
        self.workdir = workdir
        self.server_url = server_url
        self.created: list[str] = []

    def new(self) -> str:
        if self.server_url is None:
            url = f"sqlite:///{self.workdir / f'claims-{uuid.uuid4().hex[:8]}.db'}"
        else:
            name = f"pyjudge_bench_{uuid.uuid4().hex[:12]}"
            with self._admin() as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
            self.created.append(name)
            url = make_url(self.server_url).set(database=name).render_as_string(False)
        db.upgrade(url)
        return url

    def close(self) -> None:
        if self.created:
            with self._admin() as admin:
                for name in self.created:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _admin(self) -> psycopg.Connection:
        assert self.server_url is not None, "the server is not started"
        url = make_url(self.server_url).set(drivername="postgresql")
        return psycopg.connect(url.render_as_string(False), autocommit=True)


def server_cpu_s(postmaster: int) -> float:
    """CPU seconds a PostgreSQL server has used: its processes, and those already gone."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        with suppress(OSError, ValueError, IndexError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            pid, parent = int(entry.name), int(fields[1])
            if postmaster in (pid, parent):
                # utime, stime, and (postmaster only) its reaped children's
                ticks += sum(int(v) for v in fields[11 : 15 if pid == postmaster else 13])
    return ticks / os.sysconf("SC_CLK_TCK")


def measure(
    databases: Databases, n: int, repeat: int, judge_s: float, say, server_pid: int | None
) -> list[dict]:
    """Every configuration once per round, rounds repeated: a burst of load from
    elsewhere on the machine then spreads over all configurations alike."""
    runs: dict[tuple[int, int], list[dict]] = {config: [] for config in CONFIGS}
    for round_ in range(repeat):
        for processes, threads in CONFIGS:
            url = databases.new()
            seqs = preload(url, n)
            load = os.getloadavg()[0]
            before = server_cpu_s(server_pid) if server_pid else 0.0
            seconds, reports = run_claimers(url, processes, threads, judge_s=judge_s)
            server = server_cpu_s(server_pid) - before if server_pid else None
            check_exactly_once(url, seqs, reports)
            run = {
                "claims_per_s": n / seconds,
                "client_cpu_ms_per_claim": 1000 * sum(r.cpu_s for r in reports) / n,
                "server_cpu_ms_per_claim": None if server is None else 1000 * server / n,
                "load_before": load,
            }
            runs[processes, threads].append(run)
            say(f"round {round_ + 1}, {processes}x{threads}: {run['claims_per_s']:.0f} claims/s")
    return [
        {"config": f"{p}x{t}", "processes": p, "threads": t, "n": n, "runs": results,
         "claims_per_s": statistics.median(r["claims_per_s"] for r in results)}
        for (p, t), results in runs.items()
    ]  # fmt: skip


@contextmanager
def postgres_server(url: str | None, say) -> Iterator[tuple[str, str, int | None]]:
    """The server URL to use, a description of it, and its pid when it runs here:
    --url, or a private server."""
    if url:
        yield url, db.masked(url), None
        return
    sys.path.insert(0, str(REPO))  # tests/ is not a package
    from tests.postgres_server import PostgresServer

    server = PostgresServer()
    server.start()
    say(f"private PostgreSQL ({server.bin.parent.name}, fsync=off) on port {server.port}")
    try:
        described = f"private PostgreSQL {server.bin.parent.name} (fsync=off)"
        yield server.admin_url, described, server.process.pid if server.process else None
    finally:
        server.close()


def goal(figures: dict) -> dict:
    by_config = {row["config"]: row["claims_per_s"] for row in figures["postgresql"]}
    wide, narrow = by_config["10x3"], by_config["3x2"]
    return {
        "goal": "PostgreSQL 10x3 >= 3x2 claims/s",
        "10x3": wide,
        "3x2": narrow,
        "met": wide >= narrow,
    }


def render(figures: dict, console: Console) -> None:
    table = Table(
        title=f"queue-only claims, N={figures['n']} per run, median of {figures['repeat']}, "
        f"{figures['judge_ms']:g} ms judging ({figures['cpus']} CPUs, {figures['server']})"
    )
    for heading in ("claimers\n(processes x threads)", "PostgreSQL\nclaims/s",
                    "server CPU\nms/claim", "claimers' CPU\nms/claim", "SQLite\nclaims/s",
                    "load avg\nbefore"):  # fmt: skip
        table.add_column(heading, justify="right")

    def median(row: dict, key: str) -> str:
        values = [run[key] for run in row["runs"] if run[key] is not None]
        return f"{statistics.median(values):.2f}" if values else "-"

    for index, row in enumerate(figures["postgresql"]):
        sqlite = figures.get("sqlite", [])
        table.add_row(
            f"{row['processes']} x {row['threads']}",
            f"{row['claims_per_s']:.0f}",
            median(row, "server_cpu_ms_per_claim"),
            median(row, "client_cpu_ms_per_claim"),
            f"{sqlite[index]['claims_per_s']:.0f}" if sqlite else "-",
            median(row, "load_before"),
        )
    console.print(table)
    result = figures["goal"]
    console.print(
        f"{result['goal']}: {result['10x3']:.0f} vs {result['3x2']:.0f} -> "
        + ("[green]met[/]" if result["met"] else "[red]NOT met[/]")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.claims", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--url", help="a PostgreSQL server (the bench makes databases there)")
    parser.add_argument("--n", type=int, default=3000, help="submissions per run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per configuration")
    parser.add_argument(
        "--judge-ms", type=float, default=0.0, help="pretend judging time per claim (default 0)"
    )
    parser.add_argument("--no-sqlite", action="store_true", help="skip the SQLite comparison")
    parser.add_argument("--json", type=Path, help="where to write the figures")
    args = parser.parse_args(argv)
    console = Console(stderr=True)
    say = console.log
    figures: dict[str, Any] = {
        "n": args.n,
        "repeat": args.repeat,
        "judge_ms": args.judge_ms,
        "cpus": os.cpu_count(),
    }
    judge_s = args.judge_ms / 1000
    with tempfile.TemporaryDirectory(prefix="pyjudge-claims-") as workdir:
        with postgres_server(args.url, say) as (server_url, described, pid):
            figures["server"] = described
            databases = Databases(Path(workdir), server_url)
            try:
                figures["postgresql"] = measure(databases, args.n, args.repeat, judge_s, say, pid)
            finally:
                with suppress(psycopg.Error):
                    databases.close()
        if not args.no_sqlite:
            say("SQLite, for comparison")
            sqlite = Databases(Path(workdir), None)
            figures["sqlite"] = measure(sqlite, args.n, args.repeat, judge_s, say, None)
    figures["goal"] = goal(figures)
    render(figures, Console())
    out = args.json or REPO / "var" / f"claims-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2))
    say(f"figures written to {out}")
    return 0 if figures["goal"]["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
