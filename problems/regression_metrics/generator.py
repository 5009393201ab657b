"""Writes the cases of regression_metrics (see judge.generation)."""

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

from solution import regression_metrics


def noisy(rng, n, noise, scale=10.0):
    truth = [rng.uniform(-scale, scale) for _ in range(n)]
    return {"y_true": truth, "y_pred": [t + rng.gauss(0, noise) for t in truth]}


def secret(rng):
    cases = {
        "01_single_exact": {"y_true": [2.0], "y_pred": [2.0]},
        "02_single_off": {"y_true": [2.0], "y_pred": [3.5]},
        "03_perfect": {"y_true": [1, 2, 3, 4], "y_pred": [1, 2, 3, 4]},
        "04_constant_truth_exact": {"y_true": [4, 4, 4], "y_pred": [4, 4, 4]},
        "05_constant_truth_off": {"y_true": [4, 4, 4], "y_pred": [4, 4, 5]},
        "06_predicts_mean": {"y_true": [1, 2, 3, 4, 5], "y_pred": [3, 3, 3, 3, 3]},
        "07_worse_than_mean": {"y_true": [1, 2, 3], "y_pred": [3, 2, 1]},
        "08_negative_values": {"y_true": [-3, -1, -2], "y_pred": [-2.5, -1.5, -2.0]},
        "09_all_overestimate": {"y_true": [0, 1, 2, 3], "y_pred": [1, 2, 3, 4]},
        "10_large_values": {"y_true": [1e6, -1e6, 0.0], "y_pred": [999999.0, -999990.0, 5.0]},
        "11_mae_differs_from_rmse": {"y_true": [0, 0, 0, 0], "y_pred": [0, 0, 0, 10]},
    }
    cases["12_random_small"] = noisy(rng, 10, 1.0)
    cases["13_random_good_fit"] = noisy(rng, 1000, 0.1)
    cases["14_random_poor_fit"] = noisy(rng, 1000, 20.0)
    cases["15_random_wide_scale"] = noisy(rng, 5000, 1000.0, 1e5)
    cases["16_max_size"] = noisy(rng, 100000, 2.0)
    cases["17_max_size_constant_truth"] = {
        "y_true": [1.5] * 100000,
        "y_pred": [1.5] * 99999 + [2.0],
    }
    cases["18_integers"] = {
        "y_true": [rng.randint(-5, 5) for _ in range(300)],
        "y_pred": [rng.randint(-5, 5) for _ in range(300)],
    }
    cases["19_two_points"] = {"y_true": [0.0, 1.0], "y_pred": [0.25, 0.5]}
    cases["20_tiny_errors"] = {"y_true": [1.0, 2.0, 3.0], "y_pred": [1.0 + 1e-7, 2.0, 3.0 - 1e-7]}
    # Constant truths whose float mean is not the value itself (three 0.1s average to
    # 0.10000000000000002): "constant" means max(y_true) == min(y_true), not ss_tot == 0.
    cases["21_constant_tenths_off"] = {"y_true": [0.1] * 3, "y_pred": [0.1, 0.1, 0.2]}
    cases["22_constant_tenths_exact"] = {"y_true": [0.1] * 3, "y_pred": [0.1] * 3}
    cases["23_constant_three_tenths_off"] = {"y_true": [0.3] * 7, "y_pred": [0.3] * 6 + [0.0]}
    cases["24_constant_seven_tenths_off"] = {"y_true": [0.7] * 3, "y_pred": [0.5, 0.7, 0.9]}
    cases["25_constant_large_off"] = {"y_true": [100000.1] * 3, "y_pred": [100000.0] * 3}
    cases["26_max_size_constant_tenths"] = {
        "y_true": [0.3] * 100000,
        "y_pred": [0.3 + rng.gauss(0, 0.01) for _ in range(100000)],
    }
    cases["27_constant_negative_exact"] = {"y_true": [-2.5] * 4, "y_pred": [-2.5] * 4}
    truth = [rng.uniform(-10, 10) for _ in range(200)]
    cases["28_random_negative_r2"] = {
        "y_true": truth,
        "y_pred": [rng.uniform(-10, 10) for _ in truth],
    }
    cases["29_errors_cancel"] = {"y_true": [1.0, 2.0, 3.0, 4.0], "y_pred": [2.0, 1.0, 4.0, 3.0]}
    return cases


SAMPLES = {
    "1_basic": {"y_true": [3, -0.5, 2, 7], "y_pred": [2.5, 0.0, 2, 8]},
    "2_constant_truth": {"y_true": [4, 4, 4], "y_pred": [4, 4, 5]},
}

if __name__ == "__main__":
    main(regression_metrics, secret, SAMPLES, seed=707)
