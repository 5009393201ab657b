# row: 28
# expect: wrong_answer
# why: a patched encoder changes only what the host must still verify
import json

_real = json.dumps


def _forged(obj, *args, **kwargs):
    if isinstance(obj, dict) and obj.get("event") == "test":
        obj = dict(obj, value=1000001)
    return _real(obj, *args, **kwargs)


json.dumps = _forged


def f(x):
    return -1
