"""Writes the cases of standardize (see judge.generation)."""

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

from solution import standardize


def matrix(rng, n, d, scale=10.0, shift=0.0):
    return [[rng.gauss(shift, scale) for _ in range(d)] for _ in range(n)]


def secret(rng):
    cases = {
        "01_single_row": [[3.0, -1.0]],
        "02_single_value": [[42.0]],
        "03_two_rows": [[1, 5], [3, 5]],
        "04_constant_columns": [[2, 7, 1], [2, 7, 2], [2, 7, 3]],
        "05_skewed": [[0], [0], [3]],
        "06_negative": [[-5, -1], [-3, -2], [-1, -6]],
        "07_symmetric": [[-2], [-1], [0], [1], [2]],
        "08_large_offset": [[1e6 - 1], [1e6], [1e6 + 1]],
        "09_integers": [[1, 2, 3], [4, 5, 6], [7, 8, 10]],
        "10_repeated_rows": [[1.5, 2.5]] * 3 + [[3.5, -2.5]] * 2,
    }
    cases["11_random_small"] = matrix(rng, 8, 2)
    cases["12_random_medium"] = matrix(rng, 300, 12, 100.0, 50.0)
    cases["13_wide"] = matrix(rng, 40, 20)
    cases["14_tall"] = matrix(rng, 2000, 3, 1000.0, -200.0)
    mixed = matrix(rng, 400, 5)
    for row in mixed:
        row[1] = -3.0
    cases["15_mixed_constant"] = mixed
    cases["16_small_spread"] = matrix(rng, 100, 4, 0.01, 5.0)
    cases["17_max_size"] = matrix(rng, 2000, 20, 1e4, 3.0)
    cases["18_binary_feature"] = [[float(rng.random() < 0.2), rng.gauss(0, 1)] for _ in range(500)]
    cases["19_single_column_long"] = matrix(rng, 2000, 1)
    cases["20_two_values_per_column"] = [[0.0, 10.0], [1.0, 20.0]] * 50
    # constant columns whose computed std is not exactly 0 (the mean of 0.1s is not 0.1)
    cases["21_constant_tenths"] = [[0.1]] * 3
    cases["22_constant_inexact_pair"] = [[0.3, 1.0]] * 7
    cases["23_inexact_constant_beside_spread"] = [[0.7, float(i), 0.1] for i in range(11)]
    cases["24_large_offset_small_spread"] = [
        [1e6 - rng.uniform(0, 0.01), -1e6 + rng.uniform(0, 0.01)] for _ in range(50)
    ]
    cases["25_non_square"] = matrix(rng, 5, 3)
    return {name: {"X": X} for name, X in cases.items()}


def ladder(n: int, rng: random.Random) -> dict[str, Any]:
    """n rows of 4 columns for the complexity estimate (docs/complexity.md): the rows
    grow, the columns do not. Rounded to 6 places, so the same on every CPU."""
    return {"X": [[round(value, 6) for value in row] for row in matrix(rng, n, 4, 100.0, 20.0)]}


SAMPLES = {
    "1_with_constant": {"X": [[1, 5], [3, 5]]},
    "2_skewed": {"X": [[0], [0], [3]]},
}

if __name__ == "__main__":
    main(standardize, secret, SAMPLES, seed=505)
