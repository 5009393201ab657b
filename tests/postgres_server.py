"""A real PostgreSQL server for the tests: Debian's binaries, a private data directory
and port, run as the `postgres` user (the server refuses root), stopped by its pid."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

BIN_GLOB = "/usr/lib/postgresql/*/bin"


def binaries() -> Path:
    found = sorted(Path("/").glob(BIN_GLOB.lstrip("/")), reverse=True)
    if not found:
        raise RuntimeError(
            "PostgreSQL is not installed (Debian's `postgresql` package); "
            "`bash scripts/setup` installs it"
        )
    return found[0]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    def __init__(self) -> None:
        self.bin = binaries()
        self.user = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        # Not under pytest's tmp_path: its root-only parents would keep `postgres` out.
        self.root = Path(tempfile.mkdtemp(prefix="pyjudge-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.process: subprocess.Popen | None = None
        if self.user:
            os.chmod(self.root, 0o755)
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)
        self._run(
            [
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "judge",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ]
        )

    def _demote(self) -> None:
        if self.user:
            os.setgid(self.user.pw_gid)
            os.setuid(self.user.pw_uid)

    def _run(self, command: list[str]) -> None:
        subprocess.run(
            command, check=True, capture_output=True, preexec_fn=self._demote, cwd=self.root
        )

    @property
    def admin_url(self) -> str:
        return f"postgresql://judge@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        log = (self.root / "server.log").open("ab")
        self.process = subprocess.Popen(
            [
                str(self.bin / "postgres"),
                "-D",
                str(self.data),
                "-p",
                str(self.port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                f"unix_socket_directories={self.root}",
                "-c",
                "fsync=off",
                "-c",
                "max_connections=300",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=self._demote,
            cwd=self.root,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                psycopg.connect(self.admin_url, connect_timeout=1).close()
                return
            except psycopg.OperationalError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        raise RuntimeError(f"PostgreSQL did not start: {(self.root / 'server.log').read_text()}")

    def stop(self, mode: signal.Signals = signal.SIGINT) -> None:
        """SIGINT is a fast shutdown: sessions are cut, as in a real restart."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(mode)
            self.process.wait(30)
        self.process = None

    def restart(self, down_s: float = 0.0) -> None:
        self.stop()
        time.sleep(down_s)
        self.start()

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://judge@127.0.0.1:{self.port}/{name}"

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
