"""Writes the cases of balanced_class_weights (see judge.generation)."""

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

from solution import balanced_class_weights


def secret(rng):
    cases = {
        "01_single_label": [3],
        "02_one_class_many": [1] * 10,
        "03_balanced_binary": [0, 1] * 5,
        "04_imbalanced_binary": [0] * 9 + [1],
        "05_gaps_in_labels": [5, 9, 9, 7],
        "06_negative_labels": [-1, -1, 0, 2],
        "07_three_classes": [0, 1, 1, 2, 2, 2],
        "08_large_label_values": [1000, -1000, 1000],
        "09_singletons": list(range(10)),
        "10_unsorted": [2, 0, 2, 1, 0, 2],
    }
    cases["11_random_binary"] = [int(rng.random() < 0.1) for _ in range(1000)]
    cases["12_random_five_classes"] = [rng.choice([0, 1, 2, 3, 4]) for _ in range(500)]
    cases["13_random_sparse_labels"] = [rng.choice([-7, 3, 42, 999]) for _ in range(300)]
    cases["14_very_rare_class"] = [0] * 9999 + [1]
    cases["15_many_classes"] = [rng.randint(-1000, 1000) for _ in range(5000)]
    cases["16_max_size_binary"] = [int(rng.random() < 0.01) for _ in range(200000)]
    cases["17_max_size_many"] = [rng.randint(-1000, 1000) for _ in range(200000)]
    cases["18_max_size_one_class"] = [4] * 200000
    cases["19_geometric"] = [label for label in range(8) for _ in range(2**label)]
    cases["20_two_equal_halves"] = [7] * 50000 + [-7] * 50000
    cases["21_all_negative"] = [-1000, -1000, -1000, -1, -500, -500]
    cases["22_wide_gap"] = [rng.choice([-900, -3, 0, 850]) for _ in range(400)]
    return {name: {"y": y} for name, y in cases.items()}


SAMPLES = {"1_binary": {"y": [0, 0, 0, 1]}, "2_gaps": {"y": [5, 9, 9, 7]}}

if __name__ == "__main__":
    main(balanced_class_weights, secret, SAMPLES, seed=1111)
