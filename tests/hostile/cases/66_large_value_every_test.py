# row: 66
# expect: output_limit_exceeded
# why: class 5, host amplification: 14 MB of small objects on every test (536 MB and 2.6 s of CPU to parse each at 21ca682); the answer bound of an int return trips first
def f(x):
    return [0] * 7_000_000
