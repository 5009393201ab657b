# row: 68
# expect: wrong_answer
# why: class 7, fine-grained timing exfiltration: sleeping x/100 s encodes the secret input in the wall time; a secret test shows no time, only a coarse time_band
import time


def f(x):
    time.sleep(x / 100)
    return -1
