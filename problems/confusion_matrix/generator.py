"""Writes the cases of confusion_matrix (see judge.generation)."""

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

from solution import confusion_matrix

MAX_N = 200000


def random_case(rng, n, k, accuracy):
    truth = [rng.randrange(k) for _ in range(n)]
    predicted = [t if rng.random() < accuracy else rng.randrange(k) for t in truth]
    return {"y_true": truth, "y_pred": predicted, "n_classes": k}


def secret(rng):
    cases = {
        "01_single_example": {"y_true": [0], "y_pred": [0], "n_classes": 1},
        "02_binary_perfect": {"y_true": [0, 1, 1, 0], "y_pred": [0, 1, 1, 0], "n_classes": 2},
        "03_binary_all_wrong": {"y_true": [0, 1, 1, 0], "y_pred": [1, 0, 0, 1], "n_classes": 2},
        "04_asymmetric_errors": {"y_true": [0, 0, 0, 1], "y_pred": [1, 1, 0, 1], "n_classes": 2},
        "05_unused_classes": {"y_true": [0, 0], "y_pred": [0, 0], "n_classes": 4},
        "06_highest_class_unused": {"y_true": [0, 1, 2], "y_pred": [2, 1, 0], "n_classes": 5},
        "07_predicted_only_class": {"y_true": [0, 0, 0], "y_pred": [2, 2, 2], "n_classes": 3},
        "08_all_one_class": {"y_true": [1] * 50, "y_pred": [1] * 50, "n_classes": 3},
    }
    for index, (n, k, accuracy) in enumerate(
        [(20, 3, 0.5), (100, 5, 0.7), (1000, 10, 0.9), (500, 2, 0.6), (300, 7, 0.0)]
    ):
        cases[f"{9 + index:02d}_random_{n}x{k}"] = random_case(rng, n, k, accuracy)
    cases["14_many_classes"] = random_case(rng, 5000, 100, 0.5)
    cases["15_max_binary"] = random_case(rng, MAX_N, 2, 0.8)
    cases["16_max_ten_classes"] = random_case(rng, MAX_N, 10, 0.6)
    cases["17_max_hundred_classes"] = random_case(rng, MAX_N, 100, 0.3)
    few = random_case(rng, 1000, 3, 0.7)
    cases["18_three_of_fifty_classes"] = {**few, "n_classes": 50}
    cases["19_diagonal_only"] = {
        "y_true": list(range(30)),
        "y_pred": list(range(30)),
        "n_classes": 30,
    }
    cases["20_reversed"] = {
        "y_true": list(range(30)),
        "y_pred": list(range(29, -1, -1)),
        "n_classes": 30,
    }
    # Classes missing from the middle keep their rows and columns: labels are indices.
    cases["21_middle_class_unused"] = {
        "y_true": [0, 2, 2, 0],
        "y_pred": [2, 2, 0, 0],
        "n_classes": 3,
    }
    evens = [2 * rng.randrange(25) for _ in range(2000)]
    cases["22_only_even_classes"] = {
        "y_true": evens,
        "y_pred": [y if rng.random() < 0.6 else 2 * rng.randrange(25) for y in evens],
        "n_classes": 50,
    }
    return cases


SAMPLES = {
    "1_three_classes": {"y_true": [0, 1, 1, 2], "y_pred": [0, 2, 1, 2], "n_classes": 3},
    "2_unused_classes": {"y_true": [0, 0], "y_pred": [0, 0], "n_classes": 3},
}

if __name__ == "__main__":
    main(confusion_matrix, secret, SAMPLES, seed=202)
