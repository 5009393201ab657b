"""Checks the multiset of letters, which anagrams share with rotations."""


def can_shift(a, b):
    return sorted(a) == sorted(b)
