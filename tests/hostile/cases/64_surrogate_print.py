# row: 64
# expect: wrong_answer
# why: class 3, lone surrogates: printed lone surrogates reach the sample test's stdout as text that serializes
def f(x):
    print("\udcff")
    print("tail \ud800 end")
    return -1
