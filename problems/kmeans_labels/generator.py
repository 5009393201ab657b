"""Writes the cases of kmeans_labels (see judge.generation)."""

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

from solution import kmeans_labels


def blobs(rng, n, d, k, spread=20.0):
    centres = [[rng.uniform(-500, 500) for _ in range(d)] for _ in range(k)]
    return [[c + rng.gauss(0, spread) for c in rng.choice(centres)] for _ in range(n)]


def case(rng, n, d, k, max_iter, spread=20.0):
    X = blobs(rng, n, d, k, spread)
    start = [list(point) for point in rng.sample(X, k)]
    return {"X": X, "centroids": start, "max_iter": max_iter}


def secret(rng):
    cases = {
        "01_one_point": {"X": [[3.0, 4.0]], "centroids": [[0.0, 0.0]], "max_iter": 5},
        "02_one_cluster": {"X": [[1], [2], [3]], "centroids": [[100]], "max_iter": 3},
        "03_two_obvious": {"X": [[0, 0], [0, 1], [10, 10], [10, 11]], "centroids": [[0, 0], [1, 1]], "max_iter": 10},
        "04_identical_centroids": {"X": [[1, 0], [-1, 0]], "centroids": [[0, 0], [0, 0]], "max_iter": 5},
        "05_far_empty_cluster": {"X": [[0], [1], [2], [10], [11]], "centroids": [[0], [10], [900]], "max_iter": 10},
        "06_one_iteration_only": {"X": [[0], [4], [6], [10]], "centroids": [[0], [1]], "max_iter": 1},
        "07_moves_over_iterations": {"X": [[0], [4], [6], [10]], "centroids": [[0], [1]], "max_iter": 20},
        "08_exact_tie_first_pass": {"X": [[0, 0], [2, 0], [1, 0]], "centroids": [[0, 0], [2, 0]], "max_iter": 1},
        "09_more_centroids_than_points": {"X": [[5], [7]], "centroids": [[0], [5], [7], [9]], "max_iter": 4},
        "10_duplicate_points": {"X": [[1, 1]] * 4 + [[9, 9]] * 4, "centroids": [[0, 0], [1, 1]], "max_iter": 10},
    }  # fmt: skip
    cases["11_random_2d"] = case(rng, 60, 2, 3, 20)
    cases["12_random_3d"] = case(rng, 300, 3, 4, 50)
    cases["13_random_overlapping"] = case(rng, 500, 2, 5, 100, spread=200.0)
    cases["14_random_five_dims"] = case(rng, 800, 5, 6, 30)
    cases["15_random_capped_iterations"] = case(rng, 800, 2, 8, 2, spread=150.0)
    cases["16_max_size"] = case(rng, 1000, 5, 10, 100, spread=120.0)
    cases["17_max_size_one_dim"] = case(rng, 1000, 1, 10, 100, spread=80.0)
    cases["18_max_size_two_clusters"] = case(rng, 1000, 2, 2, 100, spread=300.0)
    bad_start = case(rng, 1000, 2, 4, 100)
    bad_start["centroids"] = [[1000.0, 1000.0], [-1000.0, -1000.0], [0.0, 0.0], [999.0, -999.0]]
    cases["19_poor_initial_centroids"] = bad_start
    cases["20_single_iteration_big"] = case(rng, 1000, 3, 7, 1)
    uniform = [[rng.uniform(-1000, 1000) for _ in range(5)] for _ in range(1000)]
    cases["21_max_size_no_structure"] = {
        "X": uniform,
        "centroids": [list(p) for p in rng.sample(uniform, 10)],
        "max_iter": 100,
    }
    # labels after one, two and three assignments all differ (integer and half coordinates)
    cases["22_capped_at_one"] = {"X": [[0], [2], [3], [10]], "centroids": [[0], [1]], "max_iter": 1}
    cases["23_capped_at_two"] = {"X": [[0], [2], [3], [10]], "centroids": [[0], [1]], "max_iter": 2}
    cases["24_runs_to_convergence"] = {
        "X": [[0], [2], [3], [10]],
        "centroids": [[0], [1]],
        "max_iter": 100,
    }
    # the empty cluster's centroid stays far away; at the origin it would take [0, 0]
    cases["25_empty_cluster_stays_far"] = {
        "X": [[0, 0], [4, 0], [20, 20], [22, 20]],
        "centroids": [[1, 0], [21, 21], [-900, -900]],
        "max_iter": 10,
    }
    # (0, 0) is nearer (3, 3) in Euclidean distance (sqrt 18 < 5), nearer (5, 0) in Manhattan
    cases["26_euclidean_not_manhattan"] = {
        "X": [[0, 0], [6, 6], [9, 1]],
        "centroids": [[3, 3], [5, 0]],
        "max_iter": 1,
    }
    return cases


def ladder(n: int, rng: random.Random) -> dict[str, Any]:
    """n points in 16 dimensions around 3 centres, 3 iterations, for the complexity
    estimate (docs/complexity.md): X grows, the 3 centroids and max_iter do not.
    Rounded to 6 places, so the same on every CPU."""
    X = [[round(value, 6) for value in point] for point in blobs(rng, n, 16, 3, spread=150.0)]
    return {"X": X, "centroids": [list(point) for point in X[:3]], "max_iter": 3}


SAMPLES = {
    "1_two_clusters": {"X": [[0, 0], [0, 1], [10, 10], [10, 11]], "centroids": [[0, 0], [1, 1]], "max_iter": 10},
    "2_tie_and_empty": {"X": [[1, 0], [-1, 0]], "centroids": [[0, 0], [0, 0]], "max_iter": 5},
}  # fmt: skip

if __name__ == "__main__":
    main(kmeans_labels, secret, SAMPLES, seed=1515)
