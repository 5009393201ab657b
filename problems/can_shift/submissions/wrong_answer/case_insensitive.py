"""Lowercases both strings first, though "A" and "a" are different characters."""


def can_shift(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return len(a) == len(b) and b in a + a
