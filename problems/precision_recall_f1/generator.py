"""Writes the cases of precision_recall_f1 (see judge.generation)."""

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

from solution import precision_recall_f1

MAX_N = 200000


def labels(rng, n, p_one):
    return [1 if rng.random() < p_one else 0 for _ in range(n)]


def noisy(rng, truth, flip):
    return [1 - y if rng.random() < flip else y for y in truth]


def secret(rng):
    big = labels(rng, MAX_N, 0.3)
    rare = labels(rng, 5000, 0.01)
    cases = {
        "01_all_correct": ([1, 0, 1, 0, 1], [1, 0, 1, 0, 1]),
        "02_all_wrong": ([1, 0, 1, 0], [0, 1, 0, 1]),
        "03_no_predicted_positives": ([1, 0, 1], [0, 0, 0]),
        "04_no_real_positives": ([0, 0, 0], [1, 0, 1]),
        "05_all_zero": ([0, 0, 0, 0], [0, 0, 0, 0]),
        "06_single_tp": ([1], [1]),
        "07_single_fp": ([0], [1]),
        "08_single_fn": ([1], [0]),
        "09_single_tn": ([0], [0]),
        "10_all_positive_predicted": ([1, 0, 0, 1, 0], [1, 1, 1, 1, 1]),
        "11_perfect_recall_low_precision": ([1, 0, 0, 0, 0, 0], [1, 1, 1, 0, 0, 1]),
        "12_high_precision_low_recall": ([1, 1, 1, 1, 0, 0], [1, 0, 0, 0, 0, 0]),
        "13_precision_differs_from_recall": ([1, 1, 0, 0, 0], [1, 0, 1, 1, 0]),
    }
    for index in range(4):
        truth = labels(rng, rng.randint(10, 200), rng.choice([0.2, 0.5, 0.8]))
        cases[f"{14 + index}_random_small_{index}"] = (truth, noisy(rng, truth, 0.3))
    cases["18_rare_positives"] = (rare, noisy(rng, rare, 0.02))
    cases["19_max_size"] = (big, noisy(rng, big, 0.25))
    cases["20_max_size_all_ones"] = ([1] * MAX_N, [1] * MAX_N)
    cases["21_max_size_all_zero_predictions"] = (big, [0] * MAX_N)
    cases["22_max_size_no_real_positives"] = ([0] * MAX_N, noisy(rng, [0] * MAX_N, 0.1))
    cases["23_max_size_every_label_flipped"] = (big, [1 - y for y in big])
    cases["24_true_negatives_dominate"] = ([0] * 50 + [1, 1], [0] * 50 + [1, 0])
    return {name: {"y_true": t, "y_pred": p} for name, (t, p) in cases.items()}


SAMPLES = {
    "1_mixed": {"y_true": [1, 0, 1, 1], "y_pred": [1, 1, 0, 1]},
    "2_no_predicted_positives": {"y_true": [1, 1, 0], "y_pred": [0, 0, 0]},
}

if __name__ == "__main__":
    main(precision_recall_f1, secret, SAMPLES, seed=101)
