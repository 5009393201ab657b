# row: 63
# expect: runtime_error
# why: class 2, secret input leak through host-written messages: a record whose index is the secret answer (an int, of the right type) must not be quoted back
import _json

_real = _json.make_encoder
_seen = []


def _forged(*settings):
    encode = _real(*settings)

    def forging(obj, level):
        if isinstance(obj, dict) and obj.get("event") == "test" and _seen and _seen[-1] >= 10:
            obj = dict(obj, index=_seen[-1] + 1000000)
        return encode(obj, level)

    return forging


_json.make_encoder = _forged


def f(x):
    _seen.append(x)
    return x + 1000000
