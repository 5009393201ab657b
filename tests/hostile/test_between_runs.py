"""Hostile rows that need more than one submission: persistence, channels, secrets, storm."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from judge.problem import load_problem
from judge.verdicts import Verdict
from sandbox.job import Job, RunOutcome, Status
from sandbox.limits import SandboxLimits

HERE = Path(__file__).resolve().parent
CANARY = "def f(x):\n    return x + 1000000\n"
WIN = "    return x + 1000000\n"


def target():
    return load_problem(HERE / "problem" / "hostile")


def test_nothing_persists_from_one_run_to_the_next(judge):
    """Row 15: marks left in /tmp, /dev/shm and the working directory are gone next time."""
    writer = """
import os
def f(x):
    for path in ('/tmp/mark', '/dev/shm/mark', 'sitecustomize.py'):
        try:
            with open(path, 'w') as handle:
                handle.write('planted')
        except OSError:
            pass
    return -1
"""
    reader = """
import os
MARKS = ('/tmp/mark', '/dev/shm/mark', 'sitecustomize.py')
def f(x):
    if any(os.path.exists(path) for path in MARKS):
        return x + 1000000
    return -1
"""
    assert judge.judge(target(), writer).verdict is Verdict.wrong_answer
    assert judge.judge(target(), reader).verdict is Verdict.wrong_answer


def talk(sandbox, role: str, seconds: float) -> list[int]:
    """Runs one role of cross_run/channels.py in its own sandbox; returns what it reports."""
    job = Job(
        source=(HERE / "cross_run" / "channels.py").read_text(),
        function="talk",
        param_specs=({"kind": "str"}, {"kind": "float"}),
        test_args=(json.dumps([role, seconds]).encode(),),
        limits=SandboxLimits(time_per_test_s=seconds + 5),
    )
    outcome: RunOutcome = sandbox.run(job)
    assert outcome.tests[0].status is Status.returned, outcome
    return outcome.tests[0].value


def test_concurrent_runs_have_no_channel_between_them(judge):
    """Row 47: flock on a shared image file, abstract sockets, SysV shm, /dev/shm.

    The receiver polls while the sender holds every channel open; their windows are
    checked to overlap, so a silent receiver means no channel, not bad timing.
    """
    sandbox = judge.sandbox
    # Control: inside one sandbox the probe hears all four channels.
    assert talk(sandbox, "both", 3)[0] == 0b1111
    with ThreadPoolExecutor(max_workers=2) as pool:
        sender = pool.submit(talk, sandbox, "send", 5)
        time.sleep(0.5)
        receiver = pool.submit(talk, sandbox, "receive", 3)
        (_, send_start, send_end), (found, listen_start, listen_end) = (
            sender.result(timeout=60),
            receiver.result(timeout=60),
        )
    overlap_ms = min(send_end, listen_end) - max(send_start, listen_start)
    assert overlap_ms > 1500, (send_start, send_end, listen_start, listen_end)
    assert found == 0, f"channel bits {found:04b} crossed between two sandboxes"


def test_planted_secret_is_nowhere_in_the_container(judge, make_problem):
    """Row 32 and the marker rule: a unique expected answer never enters the sandbox.

    The submission walks the whole filesystem and reads its own memory looking for
    the marker; it returns the marker itself if it finds it.
    """
    marker = "CANARY-3b1f9e-EXPECTED-ONLY"
    yaml_text = """\
title: Echo
difficulty: easy
function: {name: echo, params: [{name: s, type: str}], returns: str}
limits: {time_s: 15, memory_mb: 256, output_kb: 64}
"""
    cases = {"secret": [({"s": "ping"}, marker)]}
    problem = load_problem(make_problem(name="echo", yaml_text=yaml_text, cases=cases))
    # The submission searches with a pattern, so it never holds the marker itself.
    search = r"""
import os, re
PATTERN = re.compile(rb"CANARY-[0-9a-f]{6}-EXPECTED-ONLY")


def in_memory():
    with open('/proc/self/maps') as maps, open('/proc/self/mem', 'rb') as mem:
        for line in maps:
            span, perms = line.split()[:2]
            if 'r' not in perms:
                continue
            start, end = (int(v, 16) for v in span.split('-'))
            try:
                mem.seek(start)
                chunk = mem.read(end - start)
            except (OSError, ValueError, OverflowError):
                continue
            if PATTERN.search(chunk):
                return True
    return False


def on_disk():
    for root, dirs, files in os.walk('/'):
        if root.startswith(('/proc', '/sys', '/dev')):
            dirs[:] = []
            continue
        for name in files:
            try:
                with open(os.path.join(root, name), 'rb') as handle:
                    if PATTERN.search(handle.read(4 << 20)):
                        return True
            except OSError:
                pass
    return False


def echo(s):
    found = on_disk() or in_memory()
    return 'found' if found else 'clean'
"""
    result = judge.judge(problem, search)
    assert result.verdict is Verdict.wrong_answer, result.message
    assert marker not in json.dumps(result.model_dump())
    # The search itself works: the same code finds a planted copy in its own memory.
    planted = search.replace(
        "def echo(s):", "PLANT = b'CANARY-' + b'abcdef-EXPECTED-ONLY'\n\n\ndef echo(s):"
    )
    planted_cases = {"secret": [({"s": "ping"}, "found")]}
    control = load_problem(make_problem(name="control", yaml_text=yaml_text, cases=planted_cases))
    assert judge.judge(control, planted).verdict is Verdict.accepted


def test_storm_of_bombs_leaves_canaries_on_time(judge, leftovers):
    """Row 54: fork, memory, output and disk bombs together while canaries are judged."""
    bombs = {
        "fork": "import os\ndef f(x):\n    while True:\n        try:\n            os.fork()\n"
        "        except OSError:\n            pass\n",
        "memory": "def f(x):\n    hoard = []\n    while True:\n        hoard.append('x' * 10**6)\n",
        "output": "def f(x):\n    while True:\n        print('A' * 10**5)\n",
        "disk": "def f(x):\n    with open('/tmp/big', 'wb') as out:\n        while True:\n"
        "            out.write(b'x' * 2**20)\n",
    }
    # Under a storm, which limit trips first can depend on load (rows 5, 16, 11 allow
    # both); a memory bomb needs little CPU to reach its limit and time is CPU time, so
    # it is memory_limit_exceeded however busy the machine is.
    allowed = {
        "fork": {Verdict.time_limit_exceeded, Verdict.runtime_error},
        "memory": {Verdict.memory_limit_exceeded},
        "output": {Verdict.output_limit_exceeded, Verdict.time_limit_exceeded},
        "disk": {Verdict.runtime_error, Verdict.time_limit_exceeded},
    }
    problem = target()
    jobs = [(kind, source) for kind, source in bombs.items() for _ in range(3)]
    jobs += [("canary", CANARY)] * 6
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [(kind, pool.submit(judge.judge, problem, source)) for kind, source in jobs]
        results = [(kind, future.result(timeout=300)) for kind, future in futures]
    for kind, result in results:
        if kind == "canary":
            assert result.verdict is Verdict.accepted, result.message
            assert result.max_time_ms < 1000  # CPU time, within the problem's limit
    for kind, result in results:
        if kind != "canary":
            assert result.verdict in allowed[kind], (kind, result.verdict, result.message)
    assert leftovers() == []
    started = time.monotonic()
    assert judge.judge(problem, CANARY).verdict is Verdict.accepted
    assert time.monotonic() - started < 5  # the engine is responsive right after
