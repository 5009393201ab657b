# row: 7
# expect: time_limit_exceeded
# why: one CPU shared by all workers; the host timer ends it
import multiprocessing


def burn(_):
    while True:
        pass


def f(x):
    with multiprocessing.Pool(8) as pool:
        pool.map(burn, range(8))
