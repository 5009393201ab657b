# row: 53
# expect: wrong_answer
# why: escapes and NUL in output are data, escaped on display
def f(x):
    print("\x1b]0;pwned\x07\x00\udcff")
    return -1
