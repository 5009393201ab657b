"""Writes the cases of one_hot_encode (see judge.generation)."""

import random
import sys
from pathlib import Path
from typing import Any

try:
    from judge.generation import main
except ModuleNotFoundError:  # a python without judge (not the project's venv): say how
    here = Path(__file__).resolve().parent
    sys.exit(
        f"{here}/generator.py needs the judge package: run `judge generate {here.name}`"
        " (or run this file with the project's .venv/bin/python)"
    )

import string

from solution import one_hot_encode


def secret(rng):
    words = ["apple", "Apple", "banana", "cherry", "date", "fig", "grape", "kiwi", "lemon", "mango"]
    many = [
        "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(1, 6)))
        for _ in range(50)
    ]
    cases = {
        "01_single_value": ["only"],
        "02_one_category_repeated": ["x"] * 5,
        "03_two_categories": ["no", "yes", "yes", "no"],
        "04_case_sensitive": ["cat", "Cat", "CAT", "cat"],
        "05_sorted_not_first_seen": ["zebra", "ant", "mole"],
        "06_prefixes": ["a", "ab", "abc", "a", "abc"],
        "07_digits_as_strings": ["10", "9", "100", "9"],
        "08_punctuation": ["n/a", "-", "ok!", "-"],
        "09_already_sorted": ["a", "b", "c"],
        "10_reverse_sorted": ["c", "b", "a"],
        "11_spaces_inside": ["new york", "new  york", "newyork"],
    }
    cases["12_random_fruits"] = [rng.choice(words) for _ in range(100)]
    cases["13_random_many_categories"] = [rng.choice(many) for _ in range(2000)]
    distinct = sorted(set(many))
    rng.shuffle(distinct)
    cases["14_all_distinct"] = distinct
    cases["15_skewed"] = ["common"] * 990 + ["rare"] * 10
    cases["16_max_size_few"] = [rng.choice(["low", "mid", "high"]) for _ in range(20000)]
    cases["17_max_size_many"] = [rng.choice(many) for _ in range(20000)]
    cases["18_max_size_single"] = ["same"] * 20000
    cases["19_upper_lower_mix"] = [rng.choice(["a", "A", "b", "B", "_"]) for _ in range(500)]
    cases["20_long_strings"] = [
        rng.choice(["x" * 50, "x" * 49 + "y", "y" * 50]) for _ in range(300)
    ]
    # Plain string order puts every capital before every lower-case letter.
    cases["21_capitals_sort_first"] = ["apple", "Banana", "cherry", "Date", "apple", "Banana"]
    cases["22_surrounding_spaces"] = ["a", " a", "a ", "b", " a", "a"]
    cases["23_random_spaced_and_cased"] = [
        rng.choice(["x", " x", "x ", "X", "y", " Y", "Zed", "zed "]) for _ in range(1000)
    ]
    return {name: {"values": values} for name, values in cases.items()}


LADDER_CATEGORIES = ["yes", "no"]


def ladder(n: int, rng: random.Random) -> dict[str, Any]:
    """n values over 2 categories for the complexity estimate (docs/complexity.md).
    The categories stay few on purpose: the answer has n x categories cells, so with
    categories growing with n every solution, the reference too, would be O(n^2)."""
    return {"values": [rng.choice(LADDER_CATEGORIES) for _ in range(n)]}


SAMPLES = {
    "1_colours": {"values": ["red", "green", "red", "blue"]},
    "2_case_order": {"values": ["b", "B"]},
}

if __name__ == "__main__":
    main(one_hot_encode, secret, SAMPLES, seed=1010)
