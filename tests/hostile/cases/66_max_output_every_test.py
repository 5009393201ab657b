# row: 66
# expect: wrong_answer
# why: class 5, host amplification: the most output allowed (16 KiB) on every test, a wrong answer each time; time and memory of the judge stay bounded
def f(x):
    print("A" * 16_383)
    return -1
