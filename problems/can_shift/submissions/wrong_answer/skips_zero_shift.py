"""Counts only shifts by 1 .. len - 1 places, forgetting that a shift by 0 (b == a) is a rotation."""


def can_shift(a: str, b: str) -> bool:
    return len(a) == len(b) and b in (a + a)[1:-1]
