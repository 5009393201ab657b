"""Writes the cases of winsorize (see judge.generation)."""

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

from solution import winsorize


def with_outliers(rng, n, share):
    return [rng.gauss(0, 1) * (100 if rng.random() < share else 1) for _ in range(n)]


def secret(rng):
    cases = {
        "01_single_value": ([3.0], 5, 95),
        "02_two_values": ([0.0, 10.0], 10, 90),
        "03_no_clipping": ([1, 2, 3, 4, 5], 0, 100),
        "04_upper_only": ([1, 2, 3, 4, 100], 0, 75),
        "05_lower_only": ([-100, 1, 2, 3, 4], 25, 100),
        "06_interpolated_bounds": ([10, 0, 5], 25, 75),
        "07_same_percentile": ([5, 1, 9, 3], 50, 50),
        "08_all_equal": ([2.5] * 6, 10, 90),
        "09_duplicates": ([1, 1, 1, 5, 5, 9], 20, 80),
        "10_negative": ([-5.0, -1.0, -3.0, -2.0], 10, 90),
        "11_fractional_percentiles": ([3, 1, 4, 1, 5, 9, 2, 6], 12.5, 87.5),
        "12_extremes": ([-1e9, 0.0, 1e9], 1, 99),
    }
    cases["13_random_five_percent"] = (with_outliers(rng, 200, 0.05), 5, 95)
    cases["14_random_one_percent"] = (with_outliers(rng, 1000, 0.02), 1, 99)
    cases["15_random_asymmetric"] = (with_outliers(rng, 777, 0.1), 0.5, 90)
    cases["16_random_integers"] = ([float(rng.randint(0, 20)) for _ in range(301)], 10, 90)
    cases["17_max_size"] = (with_outliers(rng, 50000, 0.01), 1, 99)
    cases["18_max_size_quartiles"] = ([rng.uniform(-1e6, 1e6) for _ in range(50000)], 25, 75)
    cases["19_max_size_sorted"] = ([float(i) for i in range(50000)], 2.5, 97.5)
    cases["20_max_size_heavy_ties"] = ([float(rng.randint(0, 3)) for _ in range(50000)], 33, 66)
    return {name: {"x": x, "lower": lo, "upper": hi} for name, (x, lo, hi) in cases.items()}


def ladder(n: int, rng: random.Random) -> dict[str, Any]:
    """n values with 2 % outliers for the complexity estimate (docs/complexity.md);
    rounded to 6 places so they are the same on every CPU."""
    x = [round(value, 6) for value in with_outliers(rng, n, 0.02)]
    return {"x": x, "lower": 5, "upper": 95}


SAMPLES = {
    "1_upper_tail": {"x": [1, 2, 3, 4, 100], "lower": 0, "upper": 75},
    "2_interpolated": {"x": [10, 0, 5], "lower": 25, "upper": 75},
}

if __name__ == "__main__":
    main(winsorize, secret, SAMPLES, seed=1313)
