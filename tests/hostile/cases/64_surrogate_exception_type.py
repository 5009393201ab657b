# row: 64
# expect: runtime_error
# why: class 3, lone surrogates: a metaclass gives the exception type a lone-surrogate name (type() itself refuses one); the judgement must still serialize
class _Named(type):
    @property
    def __name__(cls):
        return "Err\ud800"


class Odd(Exception, metaclass=_Named):
    pass


def f(x):
    raise Odd("\udcff")
