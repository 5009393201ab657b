"""The real service under measurement: `judge serve` in a subprocess, driven over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import httpx

JUDGE = Path(sys.executable).with_name("judge")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Service:
    def __init__(self, workdir: Path, workers: int, warm: int):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "JUDGE_DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}",
            "JUDGE_WORKERS": str(workers),
            "JUDGE_WARM_PER_SHAPE": str(warm),
            # One benchmark client sends everything: lift the per-caller limits.
            "JUDGE_MAX_PENDING_PER_KEY": "100000",
            "JUDGE_MAX_QUEUE": "100000",
            "JUDGE_RATE_BURST": "100000",
            "JUDGE_RATE_PER_S": "100000",
        }
        self.log = (workdir / "serve.log").open("ab")
        self.process = subprocess.Popen(
            [str(JUDGE), "serve", "--port", str(self.port)],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.http = httpx.Client(base_url=self.base, timeout=120)

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("judge serve exited; see serve.log")
            try:
                if self.http.get("/health").status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("judge serve did not become healthy")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def submit_and_wait(self, problem_id: str, source: str) -> tuple[float, dict]:
        started = time.perf_counter()
        response = self.http.post(
            "/submissions",
            params={"wait": "true"},
            json={"problem_id": problem_id, "source": source},
        )
        elapsed = (time.perf_counter() - started) * 1000
        response.raise_for_status()
        return elapsed, response.json()

    def submit_many(self, problem_id: str, source: str, count: int) -> list[str]:
        ids: list[str] = []
        while len(ids) < count:
            batch = [{"problem_id": problem_id, "source": source}] * min(20, count - len(ids))
            response = self.http.post("/submissions/batch", json={"submissions": batch})
            response.raise_for_status()
            ids += [item["id"] for item in response.json()]
        return ids

    def accepted(self) -> int:
        """How many submissions this service has judged accepted so far."""
        page = self.http.get("/submissions", params={"verdict": "accepted", "per_page": 1})
        page.raise_for_status()
        return page.json()["total"]

    def last_finished(self) -> float:
        """When the latest accepted submission was stored (epoch seconds, the service's
        clock). The queue is first in, first out, so it is among the newest few."""
        page = self.http.get("/submissions", params={"verdict": "accepted", "per_page": 10})
        page.raise_for_status()
        return max(
            datetime.fromisoformat(item["finished_at"]).timestamp() for item in page.json()["items"]
        )

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.http.close()
        self.log.close()
