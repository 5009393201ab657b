# row: 31
# expect: wrong_answer
# why: later inputs are not in the container yet; nothing found
import gc


def f(x):
    seen = [o for o in gc.get_objects() if isinstance(o, list) and 1000011 in o]
    return x + 1000000 if seen else -1
