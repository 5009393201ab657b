"""Tries only shifts by one place in either direction (and none)."""


def can_shift(a, b):
    if len(a) != len(b):
        return False
    return b in (a, a[1:] + a[:1], a[-1:] + a[:-1])
