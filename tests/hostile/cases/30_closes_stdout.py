# row: 30
# expect: wrong_answer
# why: the protocol runs on a private descriptor
import os


def f(x):
    os.close(1)
    os.dup2(os.open("/dev/null", os.O_WRONLY), 1)
    return -1
