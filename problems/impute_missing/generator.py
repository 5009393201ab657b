"""Writes the cases of impute_missing (see judge.generation)."""

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

from solution import impute_missing


def holes(rng, n, d, p_missing, scale=100.0):
    return [
        [None if rng.random() < p_missing else rng.uniform(-scale, scale) for _ in range(d)]
        for _ in range(n)
    ]


def secret(rng):
    fixed = {
        "single_present": [[4.5]],
        "single_missing": [[None]],
        "column_all_missing": [[None, 1.0], [None, 2.0]],
        "nothing_missing": [[1.0, 2.0], [3.0, 4.0]],
        "odd_count": [[1.0], [None], [7.0], [3.0]],
        "even_count": [[1.0], [None], [10.0], [2.0], [3.0]],
        "negative_and_zero": [[-1.0, 0.0], [None, None], [-3.0, 0.0]],
        "one_present_many_missing": [[None], [None], [5.0], [None]],
        "skewed_column": [[1.0], [1.0], [1.0], [100.0], [None]],
        "duplicates": [[2.0, None], [2.0, 3.0], [None, 3.0], [2.0, 3.0]],
    }
    random_cases = {
        "random_small": holes(rng, 10, 3, 0.3),
        "random_medium": holes(rng, 500, 8, 0.2),
        "random_mostly_missing": holes(rng, 300, 5, 0.9),
        "max_size": holes(rng, 2000, 20, 0.15, 1e6),
        "max_size_sparse": holes(rng, 2000, 4, 0.6),
    }
    cases = {}
    for strategy in ("mean", "median"):
        for name, X in {**fixed, **random_cases}.items():
            if strategy == "median" and name in (
                "single_present",
                "nothing_missing",
                "max_size_sparse",
            ):
                continue
            cases[f"{len(cases) + 1:02d}_{strategy}_{name}"] = {"X": X, "strategy": strategy}
    extra = {
        # Only None is missing: a present 0.0 counts in the statistic and stays 0.0.
        "mean_zero_is_present": ([[0.0, 1.0], [4.0, None], [None, 3.0], [0.0, 0.0]], "mean"),
        "median_zero_is_present": ([[0.0], [0.0], [5.0], [None]], "median"),
        # The median sorts first: the middle of the values as given is a different one.
        "median_unsorted_odd": ([[9.0], [1.0], [None], [2.0], [3.0], [7.0]], "median"),
        "median_unsorted_even": ([[4.0], [None], [1.0], [3.0], [2.0]], "median"),
        "mean_empty_columns_among_present": (
            [[None, 1.0, None], [None, None, None], [None, 3.0, None]],
            "mean",
        ),
        "median_empty_column_among_present": ([[None, -2.0], [None, None], [None, 6.0]], "median"),
    }
    mostly_empty = holes(rng, 1000, 6, 0.3)
    for row in mostly_empty:
        row[1] = row[4] = None
    extra["mean_max_rows_two_empty_columns"] = (mostly_empty, "mean")
    for name, (X, strategy) in extra.items():
        cases[f"{len(cases) + 1:02d}_{name}"] = {"X": X, "strategy": strategy}
    return cases


SAMPLES = {
    "1_mean": {"X": [[1, None], [None, 4], [3, 8]], "strategy": "mean"},
    "2_median_even": {"X": [[1], [None], [10], [2], [3]], "strategy": "median"},
}

if __name__ == "__main__":
    main(impute_missing, secret, SAMPLES, seed=1212)
