# row: 21
# expect: runtime_error
# why: an arbitrary object is not JSON
class Anything:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__

    def __repr__(self):
        return "1000011"


def f(x):
    return Anything()
