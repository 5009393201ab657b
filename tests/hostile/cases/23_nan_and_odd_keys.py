# row: 23
# expect: wrong_answer
# why: NaN equals nothing on the host
def f(x):
    return float("nan")
