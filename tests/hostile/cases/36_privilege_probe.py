# row: 36
# expect: wrong_answer
# why: no setuid, uid 65534, no capabilities, NoNewPrivs
import os


def f(x):
    try:
        os.setuid(0)
        return x + 1000000
    except OSError:
        pass
    status = open("/proc/self/status").read()
    caps = [int(l.split()[1], 16) for l in status.splitlines() if l.startswith("CapEff")]
    if os.getuid() == 0 or caps != [0] or "NoNewPrivs:\t1" not in status:
        return x + 1000000
    return -1
