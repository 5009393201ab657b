"""What a submission can see and touch from inside a real sandbox container."""

from __future__ import annotations

import json
import textwrap
from typing import Any

import pytest

from judge.judging import job_for
from judge.problem import load_problem
from judge.verdicts import Verdict
from sandbox.container import Sandbox
from sandbox.job import Job, Status
from sandbox.limits import TMPFS_MB, SandboxLimits
from sandbox.stream import AttachStream


def probe(sandbox: Sandbox, body: str) -> Any:
    """Runs `def probe(): <body>` once in a fresh sandbox and returns its value."""
    source = "def probe(_):\n" + textwrap.indent(textwrap.dedent(body), "    ")
    job = Job(source, "probe", ({"kind": "Any"},), (b"[null]",), SandboxLimits(time_per_test_s=5))
    outcome = sandbox.run(job)
    test = outcome.tests[0]
    assert test.status is Status.returned, (outcome.message, test)
    return test.value


def test_runs_as_unprivileged_numeric_user(sandbox):
    assert probe(sandbox, "import os\nreturn [os.getuid(), os.geteuid(), os.getgid()]") == [
        65534,
        65534,
        65534,
    ]


def test_has_no_capabilities_and_no_new_privileges(sandbox):
    status = probe(sandbox, "return open('/proc/self/status').read()")
    fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
    for capability in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"):
        assert int(fields[capability], 16) == 0, capability
    assert fields["NoNewPrivs"].strip() == "1"


def test_root_filesystem_is_read_only(sandbox):
    mounts = probe(sandbox, "return open('/proc/mounts').read()")
    root = next(line.split() for line in mounts.splitlines() if line.split()[1] == "/")
    assert "ro" in root[3].split(",")
    error = probe(
        sandbox,
        """
        try:
            open('/usr/lib/python3/planted.py', 'w')
        except OSError as exc:
            return exc.__class__.__name__
    """,
    )
    assert error in {"PermissionError", "OSError"}


def test_tmp_is_a_small_tmpfs(sandbox):
    result = probe(
        sandbox,
        """
        import os
        stats = os.statvfs('/tmp')
        try:
            with open('/tmp/fill', 'wb') as f:
                for _ in range(64):
                    f.write(b'x' * (1 << 20))
            return [stats.f_blocks * stats.f_frsize, 'wrote 64 MiB']
        except OSError as exc:
            return [stats.f_blocks * stats.f_frsize, exc.errno]
    """,
    )
    size, error = result
    assert size <= TMPFS_MB << 20
    assert isinstance(error, int)  # ENOSPC or EFBIG: the write was stopped


def test_network_is_unreachable(sandbox):
    result = probe(
        sandbox,
        """
        import os, socket
        try:
            socket.create_connection(('1.1.1.1', 53), timeout=2)
            reached = True
        except OSError:
            reached = False
        return [reached, sorted(os.listdir('/sys/class/net'))]
    """,
    )
    assert result == [False, ["lo"]]


def test_environment_is_empty(sandbox):
    result = probe(
        sandbox,
        """
        import os
        raw = open('/proc/self/environ', 'rb').read().split(b'\\0')
        return [dict(os.environ), sorted(v.split(b'=')[0].decode() for v in raw if v)]
    """,
    )
    visible, initial = result
    assert visible == {}
    # Docker itself adds these three; nothing from the host or the judge gets in.
    assert set(initial) <= {"PATH", "HOSTNAME", "HOME"}


def test_process_count_is_capped(sandbox):
    started = probe(
        sandbox,
        """
        import os, time
        children = 0
        for _ in range(200):
            try:
                if os.fork() == 0:
                    time.sleep(5)
                    os._exit(0)
                children += 1
            except OSError:
                break
        return children
    """,
    )
    assert 0 < started < 64


def test_expected_answers_never_enter_the_container(judge, make_problem, monkeypatch):
    marker = "EXPECTED-ANSWER-CANARY-7f3a"
    yaml_text = """\
title: Echo
difficulty: easy
function: {name: echo, params: [{name: s, type: str}], returns: str}
limits: {time_s: 2}
"""
    cases = {"secret": [({"s": "ping"}, marker), ({"s": "pong"}, marker + "2")]}
    problem = load_problem(make_problem(name="echo", yaml_text=yaml_text, cases=cases))
    sent = bytearray()
    original = AttachStream.send

    def recording(self, data: bytes, deadline: float) -> None:
        sent.extend(data)
        original(self, data, deadline)

    monkeypatch.setattr(AttachStream, "send", recording)
    result = judge.judge(problem, "def echo(s):\n    return s\n")
    assert result.verdict is Verdict.wrong_answer
    assert b"ping" in sent  # the recording saw the real traffic
    assert marker.encode() not in bytes(sent)
    assert marker not in json.dumps(result.model_dump())


def test_job_carries_arguments_but_no_expected_values(add_problem):
    job = job_for(add_problem, "def add(a, b): return a + b")
    assert job.test_args == (b"[1,2]", b"[10,20]", b"[-5,5]", b"[7,8]")


@pytest.mark.parametrize("annotation", ["list[tuple[str, str]]", "tuple[int, ...]"])
def test_arguments_arrive_as_declared_types(sandbox, annotation):
    from judge import signature

    job = Job(
        "def f(x):\n    return type(x).__name__ + ':' + type(x[0]).__name__\n",
        "f",
        (signature.parse(annotation),),
        (b'[[["a", "b"]]]' if "str" in annotation else b"[[1, 2]]",),
    )
    value = sandbox.run(job).tests[0].value
    assert value == ("list:tuple" if "str" in annotation else "tuple:int")


def test_runner_image_has_no_setuid_programs(sandbox):
    found = probe(
        sandbox,
        """
        import os, stat
        found = []
        for top in ('/usr', '/bin', '/sbin'):
            for directory, _, files in os.walk(top):
                for name in files:
                    path = os.path.join(directory, name)
                    try:
                        mode = os.lstat(path).st_mode
                    except OSError:
                        continue
                    if stat.S_ISREG(mode) and mode & (stat.S_ISUID | stat.S_ISGID):
                        found.append(path)
        return found
    """,
    )
    assert found == []
