# row: 62
# expect: output_limit_exceeded
# why: class 1, output limit bypass: with the capture's cap lifted, 30,000 wide characters (120 KB of UTF-8, 30k characters) fit a character bound; the host must count bytes
import sys


def f(x):
    sys.stdout.cap = 1 << 30
    print("\U0001f600" * 30_000)
    return x + 1000000
