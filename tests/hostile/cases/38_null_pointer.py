# row: 38
# expect: runtime_error
# why: SIGSEGV ends the process; no core file
import ctypes


def f(x):
    ctypes.string_at(0)
