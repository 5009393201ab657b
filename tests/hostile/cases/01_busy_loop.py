# row: 1
# expect: time_limit_exceeded
# why: killed by the host timer
def f(x):
    while True:
        pass
