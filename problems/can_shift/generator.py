"""Writes the secret cases of can_shift: `python generator.py [OUT_DIR]`.

OUT_DIR defaults to tests/secret next to this file, whatever the current directory.

Deterministic: a fixed seed, and expected answers from solution.py.
"""

import json
import random
import string
import sys
from pathlib import Path
from typing import Any

from solution import can_shift

SEED = 20261123
MAX_LEN = 20000
ALPHABET = string.ascii_letters + string.digits


def rotate(s: str, k: int) -> str:
    return s[k:] + s[:k]


def swap_two(rng: random.Random, s: str) -> str:
    """A near miss: same letters, two different characters exchanged."""
    chars = list(s)
    while True:
        i, j = rng.sample(range(len(chars)), 2)
        if chars[i] != chars[j]:
            chars[i], chars[j] = chars[j], chars[i]
            return "".join(chars)


def flip_case(s: str) -> str:
    """A near miss for a case-insensitive comparison: the first letter changes case."""
    i = next(i for i, c in enumerate(s) if c.isalpha())
    return s[:i] + s[i].swapcase() + s[i + 1 :]


def cases(rng: random.Random) -> dict[str, tuple[str, str, str]]:
    def word(n: int, alphabet: str = ALPHABET) -> str:
        return "".join(rng.choice(alphabet) for _ in range(n))

    big = word(MAX_LEN)
    periodic = "ab" * (MAX_LEN // 2)
    medium = word(300, "abc")
    return {
        "01_equal_strings": ("interview", "interview", "rotation by zero places"),
        "02_rotate_by_one": ("abcdef", "bcdefa", "the smallest shift"),
        "03_rotate_by_len_minus_one": ("abcdef", "fabcde", "shift the other way"),
        "04_different_lengths": ("abc", "abcd", "lengths differ"),
        "05_b_is_a_rotation_of_a_prefix": ("abab", "ab", "b in a + a, but shorter"),
        "06_a_inside_b": ("ab", "abab", "a in b + b, but shorter"),
        "07_one_char_same": ("x", "x", "single characters, equal"),
        "08_one_char_different": ("x", "y", "single characters, different"),
        "09_two_chars_swapped": ("ab", "ba", "two characters"),
        "10_all_same_char": ("aaaa", "aaaa", "every rotation is equal"),
        "11_all_same_char_other": ("aaaa", "aaab", "one character off"),
        "12_repeated_pattern": ("abab", "baba", "periodic string"),
        "13_anagram_not_rotation": ("abcd", "acbd", "same letters, near miss"),
        "14_reversed": ("abcde", "edcba", "reversal is not a rotation"),
        "15_case_sensitive": ("abC", "Cab", "capital letter moves too"),
        "16_case_differs": ("abc", "BCA", "case-sensitive comparison"),
        "17_digits": ("2026ab", "ab2026", "digits count as characters"),
        "18_medium_rotation": (medium, rotate(medium, 137), "300 characters, rotated"),
        "19_medium_near_miss": (medium, swap_two(rng, rotate(medium, 42)), "300 chars, swap"),
        "20_large_rotation": (big, rotate(big, 12345), "maximum length, rotated"),
        "21_large_near_miss": (big, swap_two(rng, rotate(big, 777)), "maximum length, swap"),
        "22_large_periodic_true": (periodic, rotate(periodic, 1), "maximum length, periodic"),
        "23_large_one_odd_char": ("a" * (MAX_LEN - 1) + "b", "a" * MAX_LEN, "slow to refute"),
        "24_large_different_lengths": (big, big[:-1], "maximum length against one shorter"),
        "25_large_unchanged": (big, big, "maximum length, no shift"),
        "26_single_char_case": ("a", "A", "one character, other case"),
        "27_large_case_flipped": (big, flip_case(rotate(big, 999)), "rotation, one case flipped"),
        "28_large_periodic_unchanged": (periodic, periodic, "maximum length, periodic, no shift"),
        "29_non_periodic_unchanged": ("abcabd", "abcabd", "no shift of a non-periodic string"),
    }


def ladder(n: int, rng: random.Random) -> dict[str, Any]:
    """Strings of n characters for the complexity estimate (docs/complexity.md): b is a
    rotation of a with two characters swapped, so no solution can stop early."""
    a = "".join(rng.choice(ALPHABET) for _ in range(n))
    return {"a": a, "b": swap_two(rng, rotate(a, n // 3))}


def main() -> None:
    # By default next to this file, whatever the current directory.
    here = Path(__file__).resolve().parent
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else here / "tests" / "secret"
    out.mkdir(parents=True, exist_ok=True)
    for name, (a, b, description) in cases(random.Random(SEED)).items():
        case = {"args": {"a": a, "b": b}, "expected": can_shift(a, b), "description": description}
        (out / f"{name}.json").write_text(json.dumps(case) + "\n")


if __name__ == "__main__":
    main()
