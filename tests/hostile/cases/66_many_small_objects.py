# row: 66
# expect: output_limit_exceeded
# why: class 5, host amplification: 5 million empty dicts are 15 MB of JSON but 700 MB and 6 s of CPU to parse on the host (measured at 21ca682); the answer bound of an int return trips first, so the host never parses it, and the judging process stays under its memory ceiling
def f(x):
    if x == 1:  # the sample test, whose output is shown
        return [{}] * 5_000_000
    return -1
