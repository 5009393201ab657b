# row: 49
# expect: runtime_error
# why: policy (docs/sandbox.md): each secret test shows its verdict, but an exception on a secret test shows only its type, so the message (here a secret answer) stays inside
def f(x):
    if x > 15:
        raise ValueError(f"answer is {x + 1000000}")
    return x + 1000000
