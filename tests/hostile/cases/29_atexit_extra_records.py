# row: 29
# expect: wrong_answer
# why: the host stops reading after the last expected record
import atexit
import os

atexit.register(lambda: os.write(1, b'{"event": "test", "index": 9}\n'))


def f(x):
    return -1
