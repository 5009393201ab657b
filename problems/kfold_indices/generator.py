"""Writes the cases of kfold_indices (see judge.generation)."""

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

from solution import kfold_indices


def secret(rng):
    pairs = [
        (2, 2), (3, 2), (4, 4), (5, 5), (10, 3), (11, 3), (12, 3), (7, 2), (9, 4),
        (20, 20), (21, 20), (100, 7), (101, 10), (1000, 3),
        (rng.randint(50, 500), rng.randint(2, 20)), (rng.randint(500, 5000), rng.randint(2, 20)),
        (19999, 20), (20000, 20), (20000, 2), (20000, 7), (19998, 19),
    ]  # fmt: skip
    return {f"{i + 1:02d}_n{n}_k{k}": {"n": n, "k": k} for i, (n, k) in enumerate(pairs)}


SAMPLES = {"1_two_folds": {"n": 5, "k": 2}, "2_leave_one_out": {"n": 4, "k": 4}}

if __name__ == "__main__":
    main(kfold_indices, secret, SAMPLES, seed=808)
