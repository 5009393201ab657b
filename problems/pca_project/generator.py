"""Writes the cases of pca_project (see judge.generation).

Random data gets a chosen spectrum (well-separated variances along a random
rotation), and every case is checked to have a unique answer before it is kept.
"""

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

import numpy as np
from solution import pca_project


def unique_answer(X, k):
    data = np.array(X, dtype=float)
    centred = data - data.mean(axis=0)
    values, vectors = np.linalg.eigh(centred.T @ centred / (len(data) - 1))
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order]
    gaps_ok = all(
        values[i] - values[i + 1] > 0.01 * values[0] for i in range(min(k, len(values) - 1))
    )
    signs_ok = True
    for j in range(k):
        magnitudes = np.sort(np.abs(vectors[:, j]))[::-1]
        if len(magnitudes) > 1 and magnitudes[0] - magnitudes[1] < 0.05:
            signs_ok = False
    return gaps_ok and signs_ok


def spectrum_case(rng, n, d, k, variances):
    generator = np.random.default_rng(rng.randrange(2**32))
    for _ in range(1000):
        rotation, _ = np.linalg.qr(generator.normal(size=(d, d)))
        data = generator.normal(size=(n, d)) * np.sqrt(np.array(variances[:d])) @ rotation.T
        data += generator.uniform(-50, 50, size=d)
        X = np.round(data, 6).tolist()
        if unique_answer(X, k):
            return {"X": X, "k": k}
    raise RuntimeError(f"no case with a unique answer for {n=} {d=} {k=} {variances=}")


def secret(rng):
    cases = {
        "01_axis_aligned": {"X": [[2, 0], [0, 0], [-2, 0], [0, 1], [0, -1]], "k": 1},
        "02_two_points": {"X": [[1.0, 3.0], [4.0, -1.0]], "k": 1},
        "03_one_dimension": {"X": [[5.0], [1.0], [3.0], [-2.0]], "k": 1},
        "04_keep_all_axes": {"X": [[3, 0], [-3, 0], [0, 1], [0, -1]], "k": 2},
        "05_sloped_line_with_noise": {
            "X": [[0, 0.1], [1, 0.4], [2, 1.1], [3, 1.4], [4, 2.1]],
            "k": 1,
        },
        "06_negative_direction": {"X": [[-4, 1], [-2, 0.5], [0, 0], [2, -0.5], [4, -1]], "k": 1},
        "07_offset_mean": {"X": [[1000, 5], [996, 5], [1000, 7], [996, 7], [998, 6]], "k": 2},
    }
    # the component is (7, -5, -5) / sqrt(99): its largest entry is positive only after a flip
    # that makes the sum of its entries negative, and its first entry is already the largest
    t, s = [-3, -2, -1, 0, 1, 2, 3], [0, 1, -1, 0, -1, 1, 0]
    cases["21_flip_against_sum"] = {
        "X": [[-7 * a, 5 * a + b, 5 * a - b] for a, b in zip(t, s, strict=True)],
        "k": 1,
    }
    assert unique_answer(cases["21_flip_against_sum"]["X"], 1)
    # (n, d, k, variances): the k largest are well apart from each other and the rest
    specs = [
        (10, 2, 1, [25, 1]), (30, 3, 2, [80, 20, 1]), (50, 4, 1, [400, 40, 9, 1]),
        (100, 5, 3, [1600, 400, 100, 16, 1]), (200, 6, 2, [900, 150, 25, 4, 1, 0.25]),
        (300, 8, 4, [2500, 900, 320, 100, 25, 4, 1, 0.25]), (500, 8, 8, [80, 70, 60, 50, 40, 30, 20, 10]),
        (500, 8, 1, [10000, 100, 81, 64, 49, 36, 25, 16]), (500, 3, 3, [49, 16, 4]),
        (400, 5, 5, [100, 80, 60, 40, 20]), (250, 7, 3, [90000, 10000, 900, 100, 9, 1, 0.1]),
        (500, 6, 6, [600, 500, 400, 300, 200, 100]), (120, 2, 2, [9, 1]),
    ]  # fmt: skip
    for index, (n, d, k, scales) in enumerate(specs):
        cases[f"{8 + index:02d}_random_n{n}_d{d}_k{k}"] = spectrum_case(rng, n, d, k, scales)
    return cases


SAMPLES = {
    "1_axis": {"X": [[2, 0], [0, 0], [-2, 0], [0, 1], [0, -1]], "k": 1},
    "2_diagonal": {"X": [[1, 1], [2, 2], [3, 3]], "k": 1},
}

if __name__ == "__main__":
    main(pca_project, secret, SAMPLES, seed=1717)
