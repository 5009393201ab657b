# row: 45
# expect: wrong_answer
# why: /proc/kcore, keys and sched_debug are masked or unreadable
def f(x):
    for path in ["/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug"]:
        try:
            with open(path, "rb") as handle:
                if handle.read(64):
                    return x + 1000000
        except OSError:
            pass
    return -1
