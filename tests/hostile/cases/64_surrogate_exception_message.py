# row: 64
# expect: runtime_error
# why: class 3, lone surrogates: an exception message with a lone surrogate is shown on the sample test; the judgement must still serialize
def f(x):
    raise ValueError("bad \ud800 value")
