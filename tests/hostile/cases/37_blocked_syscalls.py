# row: 37
# expect: wrong_answer
# why: unshare, mount, keyctl, bpf, ptrace, userfaultfd all fail
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
CALLS = {
    "unshare": (272, 0x10000000),
    "mount": (165, 0),
    "keyctl": (250, 0),
    "bpf": (321, 0),
    "ptrace": (101, 16),
    "userfaultfd": (323, 0),
}


def f(x):
    for number, arg in CALLS.values():
        if libc.syscall(number, arg, 0, 0, 0, 0) == 0:
            return x + 1000000
    return -1
