"""Benchmark: one API and 1, 2, 3 `judge worker` processes on one PostgreSQL database.

    python -m bench.scale                # the full run
    python -m bench.scale --smoke        # seconds; checks the benchmark itself works

Every configuration gets a fresh database on a private PostgreSQL server, an API
process with no workers of its own (`judge serve --workers 0`) and N worker
processes of one thread each, all on this machine's engine. Figures: p50 latency
of one submission at a time (submitted with ?wait=true), and throughput of a
burst judged to the last result. All configurations run side by side in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from tempfile import TemporaryDirectory

import httpx
from rich.console import Console
from rich.table import Table

from bench.service import JUDGE, free_port
from tests.postgres_server import PostgresServer

REPO = Path(__file__).resolve().parents[1]
PROBLEM = "can_shift"


@dataclass(frozen=True)
class Plan:
    worker_counts: tuple[int, ...] = (1, 2, 3)
    latency_n: int = 30
    burst: int = 120


SMOKE = Plan(worker_counts=(1, 2), latency_n=2, burst=6)


class Fleet:
    """`judge serve --workers 0` plus N `judge worker` processes on one database."""

    def __init__(self, url: str, workers: int, workdir: Path):
        self.port = free_port()
        env = {
            **os.environ,
            "JUDGE_DATABASE_URL": url,
            "JUDGE_WARM_PER_SHAPE": "2",
            "JUDGE_MAX_PENDING_PER_KEY": "100000",
            "JUDGE_MAX_QUEUE": "100000",
            "JUDGE_RATE_BURST": "100000",
            "JUDGE_RATE_PER_S": "100000",
        }
        self.log = (workdir / f"fleet-{workers}.log").open("ab")
        self.api = subprocess.Popen(
            [str(JUDGE), "serve", "--workers", "0", "--port", str(self.port)],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.workers = [
            subprocess.Popen(
                [str(JUDGE), "worker", "--workers", "1"],
                env=env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
            )
            for _ in range(workers)
        ]
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=120)

    def wait_ready(self, workers: int, timeout: float = 120) -> None:
        """Until the API answers and every worker has registered."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for process in (self.api, *self.workers):
                if process.poll() is not None:
                    raise RuntimeError(f"a judge process exited; see {self.log.name}")
            try:
                listed = self.http.get("/workers")
                if listed.status_code == 200:
                    live = [w for w in listed.json() if w["alive"]]
                    if len(live) >= workers:
                        return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("the fleet did not come up")

    def submit_and_wait(self, source: str) -> float:
        started = time.perf_counter()
        response = self.http.post(
            "/submissions", params={"wait": "true"}, json={"problem_id": PROBLEM, "source": source}
        )
        elapsed = (time.perf_counter() - started) * 1000
        response.raise_for_status()
        if response.json().get("verdict") != "accepted":
            raise RuntimeError(f"reference solution not accepted: {response.text[:300]}")
        return elapsed

    def burst(self, source: str, count: int) -> float:
        """Submissions per second for ``count`` queued at once, to the last stored result."""
        started = time.time()
        ids: list[str] = []
        while len(ids) < count:
            batch = [{"problem_id": PROBLEM, "source": source}] * min(20, count - len(ids))
            response = self.http.post("/submissions/batch", json={"submissions": batch})
            response.raise_for_status()
            ids += [item["id"] for item in response.json()]
        finished: list[float] = []
        for submission_id in ids:
            while True:
                item = self.http.get(f"/submissions/{submission_id}").json()
                if item["status"] == "done":
                    break
                time.sleep(0.2)
            finished.append(datetime.fromisoformat(item["finished_at"]).timestamp())
        return count / (max(finished) - started)

    def stop(self) -> None:
        for process in (*self.workers, self.api):
            process.terminate()
        for process in (*self.workers, self.api):
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.http.close()
        self.log.close()


def measure(plan: Plan, workdir: Path, say) -> list[dict]:
    source = (REPO / "problems" / PROBLEM / "solution.py").read_text()
    server = PostgresServer()
    server.start()
    rows = []
    try:
        for count in plan.worker_counts:
            say(f"{count} worker process(es): starting")
            fleet = Fleet(server.new_database(), count, workdir)
            try:
                fleet.wait_ready(count)
                fleet.submit_and_wait(source)  # warm-up: containers, imports
                latencies = [fleet.submit_and_wait(source) for _ in range(plan.latency_n)]
                rate = fleet.burst(source, plan.burst)
            finally:
                fleet.stop()
            rows.append(
                {
                    "workers": count,
                    "p50_ms": statistics.median(latencies),
                    "throughput_per_s": rate,
                }
            )
            say(f"{count} worker process(es): p50 {rows[-1]['p50_ms']:.0f} ms, {rate:.2f}/s")
    finally:
        server.close()
    return rows


def render(rows: list[dict], console: Console) -> None:
    table = Table(title=f"one API, N `judge worker` processes (1 thread each), {PROBLEM}")
    for column in ("worker processes", "p50 latency (ms)", "throughput (/s)", "vs 1 worker"):
        table.add_column(column, justify="right")
    base = rows[0]["throughput_per_s"]
    for row in rows:
        table.add_row(
            str(row["workers"]),
            f"{row['p50_ms']:.0f}",
            f"{row['throughput_per_s']:.2f}",
            f"{row['throughput_per_s'] / base:.2f}x",
        )
    console.print(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: checks it runs")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    console = Console(stderr=True)
    with TemporaryDirectory(prefix="pyjudge-scale-") as workdir:
        rows = measure(SMOKE if args.smoke else Plan(), Path(workdir), console.log)
    render(rows, Console())
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "cpus": os.cpu_count()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
