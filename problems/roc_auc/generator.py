"""Writes the cases of roc_auc (see judge.generation)."""

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

from solution import roc_auc

MAX_N = 50000


def scored(rng, n, p_one, separation, round_to=None):
    labels = [1 if rng.random() < p_one else 0 for _ in range(n)]
    labels[0], labels[-1] = 0, 1  # both classes always present
    scores = [rng.gauss(separation * y, 1.0) for y in labels]
    if round_to is not None:
        scores = [round(s, round_to) for s in scores]
    return {"y_true": labels, "scores": scores}


def secret(rng):
    cases = {
        "01_minimal_correct": {"y_true": [0, 1], "scores": [0.1, 0.9]},
        "02_minimal_reversed": {"y_true": [0, 1], "scores": [0.9, 0.1]},
        "03_minimal_tie": {"y_true": [0, 1], "scores": [0.5, 0.5]},
        "04_all_scores_equal": {"y_true": [0, 1, 1, 0, 1], "scores": [3.0] * 5},
        "05_perfect_separation": {"y_true": [0, 0, 0, 1, 1], "scores": [1, 2, 3, 4, 5]},
        "06_worst_separation": {"y_true": [1, 1, 0, 0, 0], "scores": [1, 2, 3, 4, 5]},
        "07_one_positive": {"y_true": [0, 0, 1, 0, 0], "scores": [0.2, 0.9, 0.5, 0.1, 0.7]},
        "08_one_negative": {"y_true": [1, 1, 0, 1], "scores": [0.2, 0.9, 0.5, 0.1]},
        "09_ties_across_classes": {
            "y_true": [0, 1, 0, 1, 0, 1],
            "scores": [0.3, 0.3, 0.6, 0.6, 0.9, 0.1],
        },
        "10_negative_scores": {"y_true": [0, 1, 0, 1], "scores": [-5.5, -1.0, -2.0, -3.0]},
        "11_unsorted_input": {"y_true": [1, 0, 1, 0, 1, 0], "scores": [9, 1, 5, 7, 3, 2]},
        "12_large_magnitudes": {"y_true": [0, 1, 0, 1], "scores": [-1e6, 1e6, 999999.5, 1e6]},
    }
    cases["13_random_small"] = scored(rng, 50, 0.5, 1.0)
    cases["14_random_rounded_ties"] = scored(rng, 500, 0.4, 1.0, round_to=1)
    cases["15_random_imbalanced"] = scored(rng, 2000, 0.05, 2.0)
    cases["16_random_no_signal"] = scored(rng, 3000, 0.5, 0.0)
    cases["17_integer_scores"] = scored(rng, 5000, 0.5, 1.0, round_to=0)
    cases["18_max_size"] = scored(rng, MAX_N, 0.5, 1.0)
    cases["19_max_size_heavy_ties"] = scored(rng, MAX_N, 0.3, 0.5, round_to=1)
    cases["20_max_size_rare_positives"] = scored(rng, MAX_N, 0.01, 1.5)
    return cases


SAMPLES = {
    "1_one_mistake": {"y_true": [0, 0, 1, 1], "scores": [0.1, 0.4, 0.35, 0.8]},
    "2_tie": {"y_true": [0, 1, 1], "scores": [0.5, 0.5, 0.9]},
}

if __name__ == "__main__":
    main(roc_auc, secret, SAMPLES, seed=303)
