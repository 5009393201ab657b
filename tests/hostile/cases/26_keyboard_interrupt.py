# row: 26
# expect: runtime_error
# why: BaseException subclasses are caught per test
def f(x):
    raise KeyboardInterrupt
