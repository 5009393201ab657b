# row: 22
# expect: wrong_answer
# why: serialised as its int value and compared on the host
class E(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


def f(x):
    return E(999)
