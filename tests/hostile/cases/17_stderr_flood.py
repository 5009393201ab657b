# row: 17
# expect: output_limit_exceeded
# why: raw fd 2 bytes count against the output limit
import os


def f(x):
    while True:
        os.write(2, b"E" * 65536)
