# row: 8
# expect: memory_limit_exceeded
# why: MemoryError is mapped to MLE
def f(x):
    b = bytearray(8 * 2**30)
    return len(b)
