# row: 11
# expect: wrong_answer
# why: the 16 MiB tmpfs fills; the probe reports failure
def f(x):
    try:
        with open("/tmp/big", "wb") as out:
            for _ in range(64):
                out.write(b"x" * 2**20)
    except OSError:
        return -1
    return x + 1000000
