# row: 63
# expect: runtime_error
# why: class 2, the exception's type name is a plain identifier that spells the secret input (LEAKMARK_a for 10): a pattern check alone lets it through, so a secret test names only built-in exception types
def f(x):
    if x >= 10:
        raise type(f"LEAKMARK_{x:x}", (Exception,), {})()
    return x + 1000000
