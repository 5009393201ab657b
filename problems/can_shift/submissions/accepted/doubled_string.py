def can_shift(a: str, b: str) -> bool:
    return len(a) == len(b) and b in a + a
