"""Writes the cases of linear_regression_gd (see judge.generation)."""

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

from solution import linear_regression_gd


def data(rng, n, d, noise):
    w = [rng.uniform(-10, 10) for _ in range(d)]
    b = rng.uniform(-10, 10)
    X = [[rng.uniform(-2, 2) for _ in range(d)] for _ in range(n)]
    y = [
        max(-100.0, min(100.0, b + sum(a * c for a, c in zip(x, w)) + rng.gauss(0, noise)))
        for x in X
    ]
    return X, y


def case(rng, n, d, noise, lr, iterations):
    X, y = data(rng, n, d, noise)
    return {"X": X, "y": y, "learning_rate": lr, "iterations": iterations}


def secret(rng):
    cases = {
        "01_zero_iterations": {"X": [[0], [1]], "y": [1, 3], "learning_rate": 0.1, "iterations": 0},
        "02_one_step": {"X": [[1], [2]], "y": [2, 4], "learning_rate": 0.1, "iterations": 1},
        "03_two_steps": {"X": [[1], [2]], "y": [2, 4], "learning_rate": 0.1, "iterations": 2},
        "04_single_example": {"X": [[1.5, -0.5]], "y": [3.0], "learning_rate": 0.05, "iterations": 50},
        "05_constant_feature": {"X": [[1], [1], [1]], "y": [1, 2, 3], "learning_rate": 0.1, "iterations": 30},
        "06_zero_feature": {"X": [[0, 1], [0, 2], [0, 3]], "y": [2, 4, 6], "learning_rate": 0.05, "iterations": 100},
        "07_exact_line_converges": {
            "X": [[x / 10] for x in range(-20, 21)], "y": [3 * x / 10 - 1 for x in range(-20, 21)],
            "learning_rate": 0.1, "iterations": 2000,
        },
        "08_negative_targets": {"X": [[-1], [0], [1]], "y": [-50, -60, -70], "learning_rate": 0.1, "iterations": 200},
    }  # fmt: skip
    settings = [
        (20, 1, 0.5, 0.05, 10), (50, 2, 1.0, 0.1, 100), (100, 3, 2.0, 0.05, 500),
        (200, 5, 0.1, 0.01, 1000), (300, 4, 5.0, 0.1, 300), (500, 5, 1.0, 0.05, 2000),
        (500, 1, 10.0, 0.1, 2000), (500, 5, 0.0, 0.1, 2000), (10, 5, 1.0, 0.001, 2000),
        (400, 2, 3.0, 0.02, 1), (250, 3, 1.0, 0.08, 777), (500, 5, 20.0, 0.1, 1500),
    ]  # fmt: skip
    for index, (n, d, noise, lr, iterations) in enumerate(settings):
        cases[f"{9 + index:02d}_random_n{n}_d{d}_it{iterations}"] = case(
            rng, n, d, noise, lr, iterations
        )
    return cases


SAMPLES = {
    "1_one_step": {"X": [[1], [2]], "y": [2, 4], "learning_rate": 0.1, "iterations": 1},
    "2_no_steps": {"X": [[0], [1]], "y": [1, 3], "learning_rate": 0.1, "iterations": 0},
}

if __name__ == "__main__":
    main(linear_regression_gd, secret, SAMPLES, seed=1616)
