# row: 51
# expect: compilation_error
# why: f is not callable
f = 3
