"""Writes the cases of softmax (see judge.generation)."""

import sys
from pathlib import Path

try:
    from judge.generation import main
except ModuleNotFoundError:  # a python without judge (not the project's venv): say how
    here = Path(__file__).resolve().parent
    sys.exit(
        f"{here}/generator.py needs the judge package: run `judge generate {here.name}`"
        " (or run this file with the project's .venv/bin/python)"
    )

from solution import softmax


def secret(rng):
    cases = {
        "01_single": [3.7],
        "02_two_equal": [0.0, 0.0],
        "03_small_ints": [1, 2, 3],
        "04_negative": [-1.0, -2.0, -3.0],
        "05_large_equal": [1000.0, 1000.0],
        "06_large_positive": [1000.0, 999.0, 998.0],
        "07_large_negative": [-1000.0, -999.5, -1000.0],
        "08_mixed_extremes": [-1000.0, 0.0, 1000.0],
        "09_one_dominant": [0.0, 0.0, 0.0, 50.0],
        "10_all_zero": [0.0] * 10,
        "11_tiny_differences": [1e-9, 2e-9, 3e-9],
        "12_spread_out": [float(i) for i in range(-20, 21, 5)],
    }
    cases["13_random_small"] = [rng.uniform(-5, 5) for _ in range(10)]
    cases["14_random_wide_range"] = [rng.uniform(-1000, 1000) for _ in range(100)]
    cases["15_random_large_near_top"] = [rng.uniform(990, 1000) for _ in range(1000)]
    cases["16_random_gaussian"] = [rng.gauss(0, 3) for _ in range(5000)]
    cases["17_max_size"] = [rng.uniform(-1000, 1000) for _ in range(50000)]
    cases["18_max_size_uniform"] = [7.5] * 50000
    cases["19_max_size_small"] = [rng.uniform(-1, 1) for _ in range(50000)]
    cases["20_descending_large"] = [1000.0 - i for i in range(1000)]
    # every exp(score) underflows to 0.0 unless the maximum is subtracted
    cases["21_all_very_negative"] = [-1000.0, -995.0, -990.0, -999.9, -990.0]
    cases["22_shuffled_ints"] = [float(v) for v in rng.sample(range(-10, 11), 21)]
    return {name: {"z": z} for name, z in cases.items()}


SAMPLES = {"1_basic": {"z": [1.0, 2.0, 3.0]}, "2_large": {"z": [1000.0, 1000.0]}}

if __name__ == "__main__":
    main(softmax, secret, SAMPLES, seed=606)
