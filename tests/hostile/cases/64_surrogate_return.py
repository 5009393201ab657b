# row: 64
# expect: wrong_answer
# why: class 3, lone surrogates: a returned lone surrogate is a valid JSON escape but no UTF-8; the judgement must still serialize
def f(x):
    return "\ud800"
