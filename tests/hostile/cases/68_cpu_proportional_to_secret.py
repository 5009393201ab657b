# row: 68
# expect: wrong_answer
# why: class 7, fine-grained timing exfiltration: burning x*10 ms of CPU encodes the secret input in the CPU time; a secret test shows no time or memory, only a coarse time_band
import time


def f(x):
    end = time.process_time() + x / 100
    while time.process_time() < end:
        pass
    return -1
