def can_shift(a: str, b: str) -> bool:
    # Every rotation of a is a substring of a + a, and only rotations are
    # substrings of length len(a).
    return len(a) == len(b) and b in a + a
