# row: 64
# expect: wrong_answer
# why: class 3, lone surrogates: a dict with a lone-surrogate key, shown as a sample test's output, must not break serializing the judgement
def f(x):
    return {"\ud800": x, "ok": ["\udfff"]}
