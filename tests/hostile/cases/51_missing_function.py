# row: 51
# expect: compilation_error
# why: no f
def g(x):
    return x
