# row: 2
# expect: time_limit_exceeded
# why: wall clock, not CPU time, decides
import time


def f(x):
    time.sleep(10**6)
