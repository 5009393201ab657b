# row: 61
# expect: wrong_answer
# why: the project's seccomp profile removes io_uring (the engine's 20.10 default allows it)
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
IO_URING_SETUP = 425  # x86_64


def f(x):
    params = ctypes.create_string_buffer(120)  # struct io_uring_params, zeroed
    ring = libc.syscall(ctypes.c_long(IO_URING_SETUP), ctypes.c_ulong(8), params)
    if ring >= 0:
        return x + 1000000
    return -1
