# row: 28
# expect: wrong_answer
# why: a patched encoder changes only what the host must still verify
import _json

_real = _json.make_encoder  # what the harness encodes its records with


def _forged(*settings):
    encode = _real(*settings)

    def forging(obj, level):
        if isinstance(obj, dict) and obj.get("event") == "test":
            obj = dict(obj, value=1000001)
        return encode(obj, level)

    return forging


_json.make_encoder = _forged


def f(x):
    return -1
