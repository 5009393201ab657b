# row: 9
# expect: memory_limit_exceeded
# why: the cgroup OOM-kills the process
def f(x):
    hoard = []
    while True:
        hoard.append("x" * 10**6)
