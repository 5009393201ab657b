"""Writes the cases of time_series_split (see judge.generation)."""

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

from solution import time_series_split


def secret(rng):
    pairs = [
        (3, 2), (4, 2), (5, 2), (6, 2), (7, 2), (8, 3), (9, 3), (10, 3), (11, 4),
        (21, 20), (22, 20), (40, 19), (100, 5), (101, 5), (1000, 10),
        (rng.randint(100, 900), rng.randint(2, 20)), (rng.randint(1000, 9000), rng.randint(2, 20)),
        (20000, 20), (19999, 7), (20000, 2), (19997, 13),
    ]  # fmt: skip
    return {f"{i + 1:02d}_n{n}_s{s}": {"n": n, "n_splits": s} for i, (n, s) in enumerate(pairs)}


SAMPLES = {"1_even": {"n": 6, "n_splits": 2}, "2_leftover": {"n": 7, "n_splits": 2}}

if __name__ == "__main__":
    main(time_series_split, secret, SAMPLES, seed=909)
