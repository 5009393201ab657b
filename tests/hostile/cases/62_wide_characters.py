# row: 62
# expect: output_limit_exceeded
# why: class 1, output limit bypass: 30,000 wide characters are 120 KB of UTF-8; the limit is on bytes, not characters
def f(x):
    print("\U0001f600" * 30_000)
    return x + 1000000
