# row: 63
# expect: runtime_error
# why: class 2, secret input leak through host-written messages: a metaclass makes type(exc).__name__ any text, here the secret argument; "raised <type>" on a secret test must not carry it
class _Named(type):
    label = "Error"

    @property
    def __name__(cls):
        return _Named.label


class Leak(Exception, metaclass=_Named):
    pass


def f(x):
    if x >= 10:
        _Named.label = f"LEAKMARK x={x}"
        raise Leak()
    return x + 1000000
