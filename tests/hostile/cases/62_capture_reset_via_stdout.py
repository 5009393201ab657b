# row: 62
# expect: output_limit_exceeded
# why: class 1, output limit bypass: the capture lives in the submission's process; zeroing its size and truncated flag through sys.stdout must not let 200 KB through (the host counts the bytes itself)
import sys


def f(x):
    capture = sys.stdout
    for _ in range(20):
        capture.size = 0
        capture.truncated = False
        print("A" * 10_000)
    return x + 1000000
