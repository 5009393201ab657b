# row: 48
# expect: wrong_answer
# why: policy (docs/sandbox.md): secret tests show their verdict and host time only; the time is a ~1 bit/test channel we accept, bounded by rate limits
import time


def f(x):
    time.sleep((x % 4) * 0.1)
    return -1
