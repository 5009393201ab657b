# row: 43
# expect: wrong_answer
# why: hard limits cannot be raised without CAP_SYS_RESOURCE
import resource


def f(x):
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (10**6, 10**6))
        return x + 1000000
    except (ValueError, OSError):
        return -1
