# row: 68
# expect: wrong_answer
# why: class 7, fine-grained exfiltration through the measurements: holding x MB of memory encodes the secret input in the peak memory; a secret test shows no memory_kb
_kept = []


def f(x):
    _kept.append(b"m" * (x << 20))
    return -1
