"""`judge serve --workers 0` and `judge worker` as separate processes on one database:
what several machines would run, started and stopped by pid."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from api import db

REPO = Path(__file__).resolve().parents[2]
JUDGE = REPO / ".venv" / "bin" / "judge"


class Fleet:
    """`judge serve --workers 0` and `judge worker` processes, started and stopped by pid."""

    def __init__(self, url: str, port: int, workdir: Path, library: Path):
        self.url, self.port, self.workdir = url, port, workdir
        self.base = f"http://127.0.0.1:{port}"
        self.processes: list[subprocess.Popen] = []
        self.env = {
            **os.environ,
            "JUDGE_DATABASE_URL": url,
            # Two problems, so each worker starts two shapes of warm containers, not twenty.
            "JUDGE_PROBLEMS_DIR": str(library),
            "JUDGE_LEASE_S": "3",
            "JUDGE_WARM_PER_SHAPE": "1",
            "JUDGE_MAX_PENDING_PER_KEY": "1000",
            "JUDGE_RATE_BURST": "1000",
        }

    def _spawn(self, args: list[str], name: str, **env: str) -> subprocess.Popen:
        log = (self.workdir / f"{name}.log").open("ab")
        process = subprocess.Popen(
            [str(JUDGE), *args], env={**self.env, **env}, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def api(self) -> subprocess.Popen:
        return self._spawn(["serve", "--workers", "0", "--port", str(self.port)], "api")

    def worker(self, threads: int = 2, **env: str) -> subprocess.Popen:
        return self._spawn(
            ["worker", "--workers", str(threads)], f"worker-{len(self.processes)}", **env
        )

    def wait_for(self, ready: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if ready():
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        logs = "\n".join(p.read_text()[-1500:] for p in self.workdir.glob("*.log"))
        raise AssertionError(f"{what} within {timeout} s\n{logs}")

    def live_workers(self) -> list[dict]:
        response = httpx.get(f"{self.base}/workers", timeout=5)
        return [w for w in response.json() if w["alive"]] if response.status_code == 200 else []

    def submit(self, sources: list[str]) -> list[str]:
        ids: list[str] = []
        for first in range(0, len(sources), 20):
            batch = [{"problem_id": "can_shift", "source": s} for s in sources[first : first + 20]]
            response = httpx.post(
                f"{self.base}/submissions/batch", json={"submissions": batch}, timeout=30
            )
            assert response.status_code == 202, response.text
            ids += [item["id"] for item in response.json()]
        return ids

    def rows(self) -> dict[str, tuple]:
        """id -> (status, verdict, test rows, distinct positions, attempts), from the database."""
        engine = create_engine(db.normalized(self.url))
        try:
            with engine.connect() as connection:
                result = connection.execute(
                    text(
                        "SELECT s.id, s.status, s.verdict, count(t.id), "
                        "count(DISTINCT t.position), s.attempts FROM submissions s "
                        "LEFT JOIN test_results t ON t.submission_seq = s.seq "
                        "GROUP BY s.id, s.status, s.verdict, s.attempts"
                    )
                ).all()
        finally:
            engine.dispose()
        return {row[0]: tuple(row[1:]) for row in result}

    def wait_all_done(self, ids: list[str], timeout: float) -> dict[str, tuple]:
        def done() -> bool:
            rows = self.rows()
            return all(rows[i][0] == "done" for i in ids)

        self.wait_for(done, timeout, f"{len(ids)} submissions judged")
        return self.rows()

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
