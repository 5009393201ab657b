"""Writes the cases of knn_classify (see judge.generation)."""

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

from solution import knn_classify


def clusters(rng, n, d, n_labels, spread):
    centres = [[rng.randint(-60, 60) for _ in range(d)] for _ in range(n_labels)]
    X, y = [], []
    for _ in range(n):
        label = rng.randrange(n_labels)
        X.append([max(-100, min(100, c + rng.randint(-spread, spread))) for c in centres[label]])
        y.append(label)
    return X, y


def case(rng, n, q, d, n_labels, spread, k):
    X, y = clusters(rng, n, d, n_labels, spread)
    queries = [[rng.randint(-100, 100) for _ in range(d)] for _ in range(q)]
    return {"train_X": X, "train_y": y, "queries": queries, "k": k}


def secret(rng):
    line = [[0], [2], [4]]
    cases = {
        "01_one_point_k1": {"train_X": [[3, 3]], "train_y": [7], "queries": [[0, 0]], "k": 1},
        "02_k_equals_n": {"train_X": [[0], [1], [9]], "train_y": [2, 5, 5], "queries": [[0]], "k": 3},
        "03_vote_tie_smallest_label": {"train_X": line, "train_y": [3, 1, 1], "queries": [[1]], "k": 2},
        "04_distance_tie_lower_index": {
            "train_X": [[1], [-1], [5]], "train_y": [4, 2, 2], "queries": [[0]], "k": 1,
        },
        "05_duplicate_points": {
            "train_X": [[2, 2], [2, 2], [2, 2]], "train_y": [1, 0, 1], "queries": [[2, 2]], "k": 2,
        },
        "06_query_on_training_point": {
            "train_X": [[0, 0], [10, 10]], "train_y": [0, 1], "queries": [[10, 10], [0, 0]], "k": 1,
        },
        "07_three_way_tie": {
            "train_X": [[1], [2], [3], [50]], "train_y": [9, 4, 6, 0], "queries": [[2]], "k": 3,
        },
        "08_majority_beats_nearest": {
            "train_X": [[0], [3], [-3], [4]], "train_y": [1, 2, 2, 1], "queries": [[0]], "k": 3,
        },
        "09_negative_coordinates": {
            "train_X": [[-100, -100], [100, 100], [-90, -95]], "train_y": [0, 1, 0],
            "queries": [[-99, -99], [99, 98]], "k": 1,
        },
    }  # fmt: skip
    cases["10_random_small"] = case(rng, 30, 10, 2, 3, 10, 3)
    cases["11_random_k1"] = case(rng, 200, 50, 3, 4, 15, 1)
    cases["12_random_even_k"] = case(rng, 200, 80, 2, 2, 30, 4)
    cases["13_random_many_labels"] = case(rng, 500, 100, 5, 21, 20, 7)
    cases["14_random_coarse_grid"] = {
        "train_X": [[rng.randint(0, 3), rng.randint(0, 3)] for _ in range(100)],
        "train_y": [rng.randint(0, 2) for _ in range(100)],
        "queries": [[rng.randint(0, 3), rng.randint(0, 3)] for _ in range(60)],
        "k": 6,
    }
    cases["15_random_large_k"] = case(rng, 300, 40, 4, 5, 40, 150)
    cases["16_max_size"] = case(rng, 2000, 500, 10, 6, 25, 5)
    cases["17_max_size_k1"] = case(rng, 2000, 500, 10, 3, 50, 1)
    cases["18_max_size_k_all"] = case(rng, 2000, 100, 3, 4, 30, 2000)
    cases["19_max_size_coarse_ties"] = {
        "train_X": [[rng.randint(-2, 2) for _ in range(10)] for _ in range(2000)],
        "train_y": [rng.randint(0, 20) for _ in range(2000)],
        "queries": [[rng.randint(-2, 2) for _ in range(10)] for _ in range(500)],
        "k": 10,
    }
    cases["20_one_dimension"] = case(rng, 1000, 300, 1, 5, 5, 9)
    return cases


def ladder(n: int, rng: random.Random) -> dict[str, Any]:
    """n queries against a fixed training set of 400 points in 8 dimensions (k = 5), for
    the complexity estimate (docs/complexity.md): the queries grow, the training set not."""
    X, y = clusters(random.Random(400), 400, 8, 5, 25)  # the same training set at every n
    queries = [[rng.randint(-100, 100) for _ in range(8)] for _ in range(n)]
    return {"train_X": X, "train_y": y, "queries": queries, "k": 5}


SAMPLES = {
    "1_two_clusters": {
        "train_X": [[0, 0], [1, 0], [5, 5], [6, 5]],
        "train_y": [0, 0, 1, 1],
        "queries": [[0, 1], [5, 4]],
        "k": 3,
    },
    "2_ties": {"train_X": [[0], [2], [4]], "train_y": [3, 1, 1], "queries": [[1]], "k": 2},
}

if __name__ == "__main__":
    main(knn_classify, secret, SAMPLES, seed=1414)
