# row: 51
# expect: compilation_error
# why: a syntax error is classified, never an internal error
def f(x)
    return x
