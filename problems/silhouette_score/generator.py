"""Writes the cases of silhouette_score (see judge.generation)."""

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

from solution import silhouette_score


def blobs(rng, n, d, k, spread, label_pool=None):
    centres = [[rng.uniform(-500, 500) for _ in range(d)] for _ in range(k)]
    names = label_pool or list(range(k))
    X, labels = [], []
    for i in range(n):
        j = i % k if i < k else rng.randrange(k)  # every cluster gets a point
        X.append([c + rng.gauss(0, spread) for c in centres[j]])
        labels.append(names[j])
    return {"X": X, "labels": labels}


def secret(rng):
    cases = {
        "01_two_pairs": {"X": [[0], [1], [10], [11]], "labels": [0, 0, 1, 1]},
        "02_singleton_cluster": {"X": [[0], [1], [5]], "labels": [0, 0, 1]},
        "03_all_singletons_but_one": {"X": [[0], [1], [2], [3]], "labels": [0, 0, 1, 2]},
        "04_wrong_assignment": {"X": [[0], [10], [1], [11]], "labels": [0, 0, 1, 1]},
        "05_duplicate_points": {"X": [[1, 1], [1, 1], [5, 5], [5, 5]], "labels": [0, 0, 1, 1]},
        "06_non_consecutive_labels": {
            "X": [[0], [1], [10], [11], [20]],
            "labels": [7, 7, -3, -3, 42],
        },
        "07_two_dimensional": {
            "X": [[0, 0], [0, 1], [1, 0], [5, 5], [5, 6]],
            "labels": [1, 1, 1, 2, 2],
        },
        "08_overlapping": {"X": [[0], [2], [1], [3]], "labels": [0, 0, 1, 1]},
        "09_same_point_different_clusters": {"X": [[0], [0], [4]], "labels": [0, 1, 1]},
    }
    cases["10_random_small"] = blobs(rng, 12, 2, 3, 10.0)
    cases["11_random_tight"] = blobs(rng, 100, 3, 4, 5.0)
    cases["12_random_loose"] = blobs(rng, 200, 2, 5, 300.0)
    cases["13_random_labels_shuffled"] = {
        "X": [[rng.uniform(-100, 100) for _ in range(4)] for _ in range(150)],
        "labels": [rng.randrange(3) for _ in range(150)],
    }
    cases["14_random_many_clusters"] = blobs(rng, 300, 5, 30, 20.0)
    cases["15_random_named_labels"] = blobs(rng, 250, 3, 4, 50.0, [100, -5, 9, 0])
    cases["16_max_size"] = blobs(rng, 1000, 10, 6, 100.0)
    cases["17_max_size_two_clusters"] = blobs(rng, 1000, 10, 2, 200.0)
    cases["18_max_size_many_clusters"] = blobs(rng, 1000, 10, 100, 30.0)
    cases["19_max_size_one_dim"] = blobs(rng, 1000, 1, 4, 100.0)
    cases["20_max_size_with_singletons"] = blobs(rng, 1000, 10, 3, 50.0)
    cases["20_max_size_with_singletons"]["labels"][:5] = [1000, 1001, 1002, 1003, 1004]
    # a(i) = b(i) = 0 for the points at 0: their s(i) is 0, not 0 / 0
    cases["21_all_points_equal"] = {"X": [[3.0, 3.0]] * 4, "labels": [0, 0, 1, 1]}
    cases["22_zero_spread_beside_others"] = {
        "X": [[0], [0], [0], [0], [5], [6]],
        "labels": [0, 0, 1, 1, 2, 2],
    }
    # -1 is a cluster like any other, not noise
    cases["23_label_minus_one"] = {
        "X": [[0], [1], [10], [12], [30], [31]],
        "labels": [-1, -1, 0, 0, 1, -1],
    }
    cases["24_random_with_minus_one"] = blobs(rng, 60, 2, 3, 40.0, [-1, 0, 1])
    # singletons score 0 and still count in the mean
    cases["25_two_singletons"] = {"X": [[0], [2], [3], [50], [-40]], "labels": [5, 5, 5, 6, 7]}
    return cases


def ladder(n: int, rng: random.Random) -> dict[str, Any]:
    """n points in 64 dimensions in 4 clusters for the complexity estimate
    (docs/complexity.md); rounded to 6 places, so the same on every CPU."""
    case = blobs(rng, n, 64, 4, 100.0)
    case["X"] = [[round(value, 6) for value in point] for point in case["X"]]
    return case


SAMPLES = {
    "1_two_pairs": {"X": [[0], [1], [10], [11]], "labels": [0, 0, 1, 1]},
    "2_singleton": {"X": [[0], [1], [5]], "labels": [0, 0, 1]},
}

if __name__ == "__main__":
    main(silhouette_score, secret, SAMPLES, seed=1818)
