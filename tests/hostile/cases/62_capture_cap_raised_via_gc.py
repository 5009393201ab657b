# row: 62
# expect: output_limit_exceeded
# why: class 1, output limit bypass: raising the cap of every capture found through gc lets 90 KB (under the record's text bound) pass the harness; the host must count it against output_kb
import gc


def f(x):
    for obj in gc.get_objects():
        if type(obj).__name__ == "_Capture":
            obj.cap = 1 << 30
    print("B" * 90_000)
    return x + 1000000
