"""Writes the cases of min_max_scale (see judge.generation)."""

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

from solution import min_max_scale


def matrix(rng, n, d, low=-100.0, high=100.0):
    return [[rng.uniform(low, high) for _ in range(d)] for _ in range(n)]


def secret(rng):
    cases = {
        "01_single_value": [[7.0]],
        "02_single_row": [[1.0, 2.0, 3.0]],
        "03_single_column": [[3.0], [1.0], [2.0]],
        "04_constant_column": [[5, 1], [5, 2], [5, 3]],
        "05_all_constant": [[2, 2], [2, 2]],
        "06_negative_values": [[-3, -10], [-1, -20], [-2, -15]],
        "07_integers": [[0, 100], [50, 0], [100, 50]],
        "08_two_rows": [[1.5, -2.5], [3.5, 2.5]],
        "09_duplicates": [[1, 1], [1, 1], [2, 3], [2, 3]],
        "10_tiny_spread": [[1.0, 0.0], [1.0 + 1e-9, 1.0]],
        "11_huge_values": [[-1e9, 1e9], [1e9, -1e9], [0.0, 0.0]],
        "12_one_outlier": [[1], [2], [3], [1000]],
    }
    cases["13_random_small"] = matrix(rng, 10, 3)
    cases["14_random_medium"] = matrix(rng, 200, 10, -1e3, 1e3)
    mixed = matrix(rng, 500, 6)
    for row in mixed:
        row[2] = 4.25  # a constant column among varying ones
    cases["15_mixed_constant"] = mixed
    cases["16_wide"] = matrix(rng, 100, 20)
    cases["17_tall"] = matrix(rng, 2000, 2)
    cases["18_max_size"] = matrix(rng, 2000, 20, -1e6, 1e6)
    cases["19_integer_grid"] = [[rng.randint(0, 3) for _ in range(5)] for _ in range(300)]
    cases["20_single_row_wide"] = matrix(rng, 1, 20)
    # Small but nonzero spreads: scaled by the formula, not treated as constant.
    cases["21_small_spreads"] = [[0.001, 1e6, -5.0], [0.002, 1e6 + 1e-4, -5.0], [0.0015, 1e6, -5.0]]
    cases["22_constant_beside_tiny"] = [[3.0, 2.5e-7], [3.0, 0.0], [3.0, 1e-7]]
    return {name: {"X": X} for name, X in cases.items()}


def ladder(n: int, rng: random.Random) -> dict[str, Any]:
    """n rows of 4 columns for the complexity estimate (docs/complexity.md): the rows
    grow, the columns do not. Rounded to 6 places, so the same on every CPU."""
    return {"X": [[round(value, 6) for value in row] for row in matrix(rng, n, 4)]}


SAMPLES = {
    "1_basic": {"X": [[1, 10], [2, 20], [3, 40]]},
    "2_constant_column": {"X": [[5, 1], [5, 3]]},
}

if __name__ == "__main__":
    main(min_max_scale, secret, SAMPLES, seed=404)
