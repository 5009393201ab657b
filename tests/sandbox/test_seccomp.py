"""The project's seccomp profile (sandbox/seccomp.json) on live sandbox containers: every
call it removes fails from inside, and what CPython and numpy need still works."""

from __future__ import annotations

import errno
import json
import platform
import textwrap
import threading
import time
from importlib import resources
from typing import Any

from judge.problem import load_problem
from judge.verdicts import Verdict
from sandbox.limits import SandboxLimits

X86_64_ONLY = "the syscall numbers here are x86_64's, the only architecture this judge runs on"

# name: (x86_64 number, arguments). Arguments are chosen so an allowed call would not
# fail with EPERM on its own where that is cheap (ptrace with no tracee: ESRCH).
DENIED: dict[str, list[int]] = {
    "io_uring_setup": [425, 1, 0],
    "io_uring_enter": [426, 0, 0, 0, 0, 0, 0],
    "io_uring_register": [427, 0, 0, 0, 0],
    "userfaultfd": [323, 0],
    "keyctl": [250, 0, 0],
    "add_key": [248, 0, 0, 0, 0, 0],
    "request_key": [249, 0, 0, 0, 0],
    "bpf": [321, 0, 0, 0],
    "perf_event_open": [298, 0, 0, 0, 0, 0],
    "ptrace": [101, 0x4200, 0, 0, 0],
    "process_vm_readv": [310, 1, 0, 0, 0, 0, 0],
    "process_vm_writev": [311, 1, 0, 0, 0, 0, 0],
    "kcmp": [312, 1, 1, 0, 0, 0],
    "pidfd_getfd": [438, 0, 0, 0],
    "process_madvise": [440, 0, 0, 0, 0, 0],
    "kexec_load": [246, 0, 0, 0, 0],
    "kexec_file_load": [320, 0, 0, 0, 0, 0],
    "init_module": [175, 0, 0, 0],
    "finit_module": [313, 0, 0, 0],
    "delete_module": [176, 0, 0],
    "mount": [165, 0, 0, 0, 0, 0],
    "umount2": [166, 0, 0],
    "open_tree": [428, 0, 0, 0],
    "move_mount": [429, 0, 0, 0, 0, 0],
    "fsopen": [430, 0, 0],
    "fsconfig": [431, 0, 0, 0, 0, 0],
    "fsmount": [432, 0, 0, 0],
    "fspick": [433, 0, 0, 0],
    "mount_setattr": [442, 0, 0, 0, 0, 0],
    "pivot_root": [155, 0, 0],
    "chroot": [161, 0],
    "unshare(CLONE_NEWUSER)": [272, 0x10000000],
    "setns": [308, 0, 0],
    "clone(CLONE_NEWUSER|SIGCHLD)": [56, 0x10000011, 0, 0, 0, 0],
    "clone(CLONE_NEWNS|SIGCHLD)": [56, 0x00020011, 0, 0, 0, 0],
    "personality(PER_LINUX32)": [135, 0x0008],
    "personality(UNAME26)": [135, 0x20000],
    "personality(ADDR_NO_RANDOMIZE)": [135, 0x40000],
    "modify_ldt": [154, 0, 0, 0],
    "fanotify_init": [300, 0, 0],
    "fanotify_mark": [301, 0, 0, 0, 0, 0],
    "open_by_handle_at": [304, 0, 0, 0],
    "name_to_handle_at": [303, 0, 0, 0, 0, 0],
    "lookup_dcookie": [212, 0, 0, 0],
    "quotactl": [179, 0, 0, 0, 0],
    "quotactl_fd": [443, 0, 0, 0, 0],
    "acct": [163, 0],
    "swapon": [167, 0, 0],
    "swapoff": [168, 0],
    "reboot": [169, 0, 0, 0, 0],
    "syslog": [103, 10, 0, 0],
    "vhangup": [153],
    "settimeofday": [164, 0, 0],
    "clock_settime": [227, 0, 0],
    "adjtimex": [159, 0],
    "clock_adjtime": [305, 0, 0],
    "iopl": [172, 0],
    "ioperm": [173, 0, 0, 0],
    "sethostname": [170, 0, 0],
    "setdomainname": [171, 0, 0],
    "memfd_secret": [447, 0],
    "process_mrelease": [448, 0, 0],
    "get_mempolicy": [239, 0, 0, 0, 0, 0],
    "set_mempolicy": [238, 0, 0, 0],
    "mbind": [237, 0, 0, 0, 0, 0, 0],
}
# Every removed call gets the profile's default action, SCMP_ACT_ERRNO, which is EPERM
# (the engine's 20.10 profiles have no defaultErrnoRet). clone3 keeps its own rule,
# ENOSYS, so glibc falls back to clone for threads and fork.
EXPECTED_ERRNO = {name: errno.EPERM for name in DENIED} | {"clone3": errno.ENOSYS}
CALLS = DENIED | {"clone3": [435, 0, 0]}

PROBE_DENIED = """\
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def probe(calls):
    found = {}
    for name, (number, *args) in calls.items():
        ctypes.set_errno(0)
        result = libc.syscall(ctypes.c_long(number), *map(ctypes.c_ulong, args))
        if result == 0 and number == 56:
            os._exit(0)  # the child of a clone that should have failed
        found[name] = ctypes.get_errno() if result == -1 else 0
    return found
"""

PROBE_ALLOWED = """\
import ctypes
import mmap
import multiprocessing
import os
import subprocess
import sys
import threading

import numpy as np

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def probe(x):
    found = {"getpid": int(libc.syscall(ctypes.c_long(39)) == os.getpid())}
    pid = os.fork()
    if pid == 0:
        os._exit(7)
    found["fork"] = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    memory = mmap.mmap(-1, 1 << 20)
    memory[-5:] = b"hello"
    found["mmap"] = int(memory[-5:] == b"hello")
    box = []
    thread = threading.Thread(target=box.append, args=(x,))
    thread.start()
    thread.join()
    found["thread"] = box[0]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        found["pool"] = sum(pool.map(abs, [-1, -2]))
    found["exec"] = subprocess.run([sys.executable, "-c", "raise SystemExit(5)"]).returncode
    found["numpy"] = round(float(np.linalg.svd(np.eye(3) * 2)[1].sum()))
    # personality(0xffffffff) only reads the persona: PER_LINUX is 0.
    found["personality"] = libc.syscall(ctypes.c_long(135), ctypes.c_ulong(0xFFFFFFFF))
    return found
"""
ALLOWED = {
    "getpid": 1,
    "fork": 7,
    "mmap": 1,
    "thread": 5,
    "pool": 3,
    "exec": 5,
    "numpy": 6,
    "personality": 0,
}


def probe_yaml(params: str, returns: str) -> str:
    return textwrap.dedent(f"""\
        title: Probe
        difficulty: easy
        tags: [judge-self-test]
        function:
          name: probe
          params: [{params}]
          returns: "{returns}"
        limits: {{time_s: 5, memory_mb: 256, output_kb: 8}}
        """)


def profile() -> dict[str, Any]:
    return json.loads(resources.files("sandbox").joinpath("seccomp.json").read_text())


def test_profile_allows_no_denied_call_on_x86_64():
    """The data agrees with the live checks: no allow rule that applies on x86_64 names a
    denied call, save clone and personality narrowed to harmless arguments."""
    denied = {name.split("(")[0] for name in DENIED}
    for rule in profile()["syscalls"]:
        includes = rule.get("includes", {})
        if rule["action"] != "SCMP_ACT_ALLOW" or "amd64" not in includes.get("arches", ["amd64"]):
            continue
        assert not includes.get("caps") and not includes.get("minKernel"), rule["names"]
        assert set(rule["names"]) & denied <= {"clone", "personality"}, rule["names"]
        args = [(a["op"], a["value"]) for a in rule["args"] or []]
        if "clone" in rule["names"]:
            # no namespace flag: CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET
            assert args == [("SCMP_CMP_MASKED_EQ", 0x7E020000)], rule
        if "personality" in rule["names"]:
            assert args in ([("SCMP_CMP_EQ", 0)], [("SCMP_CMP_EQ", 0xFFFFFFFF)]), rule


def test_removed_calls_fail_with_the_profiles_errno(judge, make_problem):
    assert platform.machine() == "x86_64", X86_64_ONLY
    problem = load_problem(
        make_problem(
            name="denied",
            yaml_text=probe_yaml("{name: calls, type: 'dict[str, list[int]]'}", "dict[str, int]"),
            cases={group: [({"calls": CALLS}, EXPECTED_ERRNO)] for group in ("sample", "secret")},
            solution=PROBE_DENIED,
        )
    )
    result = judge.judge(problem, PROBE_DENIED)
    [test] = [t for t in result.tests if t.group == "sample"]
    assert test.output == EXPECTED_ERRNO, (result.verdict, result.message, test.message)
    assert result.verdict is Verdict.accepted


def test_cpython_and_numpy_still_work_under_the_profile(judge, make_problem):
    assert platform.machine() == "x86_64", X86_64_ONLY
    problem = load_problem(
        make_problem(
            name="allowed",
            yaml_text=probe_yaml("{name: x, type: int}", "dict[str, int]"),
            cases={group: [({"x": 5}, ALLOWED)] for group in ("sample", "secret")},
            solution=PROBE_ALLOWED,
        )
    )
    result = judge.judge(problem, PROBE_ALLOWED)
    [test] = [t for t in result.tests if t.group == "sample"]
    assert test.output == ALLOWED, (result.verdict, result.message, test.message, test.stdout)
    assert result.verdict is Verdict.accepted


def test_live_container_carries_the_profile(judge, make_problem, leftovers):
    problem = load_problem(make_problem(time_s=5, memory_mb=96))
    client = judge.sandbox.client
    results = []

    def run() -> None:
        source = "import time\ndef add(a, b):\n    time.sleep(2)\n    return a + b\n"
        results.append(judge.judge(problem, source))

    runner = threading.Thread(target=run, daemon=True)
    runner.start()
    deadline = time.monotonic() + 10
    while not judge.sandbox.running_ids() and time.monotonic() < deadline:
        time.sleep(0.05)
    [running] = judge.sandbox.running_ids()
    options = client.api.inspect_container(running)["HostConfig"]["SecurityOpt"]

    assert options[0] == "no-new-privileges"
    kind, _, text = options[1].partition("=")
    assert kind == "seccomp"
    assert json.loads(text) == profile()
    assert options == SandboxLimits().docker_kwargs()["security_opt"]
    runner.join(30)
    assert results and results[0].verdict is Verdict.accepted
    assert leftovers() == []
