from __future__ import annotations

import json
import math
import random
from collections.abc import Callable

import pytest

from judge.growth import (
    Estimate,
    Growth,
    Rung,
    estimate,
    fit,
    model_terms,
    t_quantile,
)

LADDER = (1000, 2000, 4000, 8000, 16000)
GROWING = [Growth.linear, Growth.linearithmic, Growth.quadratic, Growth.cubic]
SEEDS = range(30)


def measure(
    time_ms: Callable[[float], float],
    seed: int,
    noise: float = 0.03,
    sizes: tuple[int, ...] = LADDER,
    repeats: int = 3,
) -> list[Rung]:
    """Synthetic rungs: each repeat is time_ms(n) times a uniform ±noise factor, seeded."""
    rng = random.Random(seed)
    return [
        Rung(n, tuple(time_ms(n) * (1 + rng.uniform(-noise, noise)) for _ in range(repeats)))
        for n in sizes
    ]


def shape(growth: Growth, smallest_ms: float = 1.0, fixed_ms: float = 0.05):
    """t = fixed + k·g(n), with k chosen so the smallest size takes about smallest_ms."""
    k = smallest_ms / growth.at(LADDER[0])
    return lambda n: fixed_ms + k * growth.at(n)


def outcome(found: Estimate) -> tuple[Growth | None, Growth | None]:
    return found.low, found.high


@pytest.mark.parametrize("growth", GROWING, ids=lambda g: g.value)
def test_each_growth_with_3_percent_noise_is_recognised(growth):
    ranges = {seed: outcome(estimate(measure(shape(growth), seed))) for seed in SEEDS}
    # A linear fit never rules out n log n (docs/complexity.md, step 6).
    high = Growth.linearithmic if growth is Growth.linear else growth
    assert ranges == {seed: (growth, high) for seed in SEEDS}


@pytest.mark.parametrize("growth", GROWING, ids=lambda g: g.value)
def test_with_15_percent_noise_the_answer_still_contains_the_growth(growth):
    for seed in SEEDS:
        found = estimate(measure(shape(growth), seed, noise=0.15))
        assert found.matches(growth), (seed, found.text())
        assert found.high is not None and found.high.rank - growth.rank <= 1


@pytest.mark.parametrize("smallest_ms", [0.6, 1.0, 5.0, 50.0])
@pytest.mark.parametrize("noise", [0.03, 0.10])
def test_a_range_never_spans_linear_and_quadratic_nor_n_log_n_and_quadratic(smallest_ms, noise):
    for growth in GROWING:
        for seed in range(20):
            found = estimate(measure(shape(growth, smallest_ms), seed, noise))
            if found.low is None or found.high is None:
                continue
            assert found.high.rank - found.low.rank <= 1, found.text()
            assert not (found.low.rank <= Growth.linearithmic.rank < found.high.rank)
            assert abs(found.low.rank - growth.rank) <= 1, found.text()
            assert abs(found.high.rank - growth.rank) <= 1, found.text()


@pytest.mark.parametrize("growth", GROWING, ids=lambda g: g.value)
def test_one_sided_spikes_do_not_change_the_class(growth):
    for seed in range(10):
        clean = measure(shape(growth), seed)
        rng = random.Random(1000 + seed)
        spiked = list(clean)
        for i in rng.sample(range(len(clean)), 2):  # two of five sizes get a 3x repeat
            times = list(clean[i].times_ms)
            times[rng.randrange(len(times))] *= 3
            spiked[i] = Rung(clean[i].n, tuple(times))
        assert spiked != clean
        assert outcome(estimate(spiked)) == outcome(estimate(clean))
        assert estimate(spiked).matches(growth)


def test_times_under_the_floor_are_left_out_and_too_few_remain():
    found = estimate(measure(lambda n: n * 1e-4, seed=1))  # 0.1 .. 1.6 ms
    assert found.inconclusive == "only 2 sizes took at least 0.5 ms"
    assert found.slope is None
    assert found.text() == "inconclusive: only 2 sizes took at least 0.5 ms"


def test_no_size_above_the_floor_says_so():
    found = estimate(measure(lambda n: 0.01, seed=1))
    assert found.text() == "inconclusive: no size took at least 0.5 ms"
    assert not found.matches(Growth.constant)


def test_three_sizes_are_inconclusive_but_show_their_slope():
    found = estimate(measure(shape(Growth.quadratic), seed=2, sizes=(1000, 4000, 16000)))
    assert found.low is None and found.high is None
    assert found.inconclusive == "only 3 sizes took at least 0.5 ms"
    assert found.slope == pytest.approx(2.0, abs=0.05)
    assert found.text() == (
        f"inconclusive: only 3 sizes took at least 0.5 ms"
        f" (slope {found.slope:.2f} ± {found.slope_ci:.2f})"
    )


def test_sizes_spanning_less_than_four_times_are_inconclusive():
    found = estimate(measure(shape(Growth.linear), seed=3, sizes=(4000, 6000, 8000, 12000)))
    assert found.inconclusive == "the sizes that took at least 0.5 ms span only 3.0 times (need 4)"


def test_repeats_that_disagree_widely_leave_the_slope_too_loose_to_class():
    found = estimate(measure(shape(Growth.linear), seed=4, noise=0.6))
    assert found.slope_ci is not None and found.slope_ci > 0.5
    assert found.inconclusive == "the slope's 95 % interval is wider than ± 0.5"


def test_a_slope_with_a_wide_interval_is_inconclusive():
    rungs = [Rung(n, (t,)) for n, t in zip((1000, 2000, 4000, 8000), (1, 4, 1.5, 9), strict=True)]
    found = estimate(rungs)
    assert found.inconclusive == "the slope's 95 % interval is wider than ± 0.5"


def test_a_quadratic_term_over_a_linear_decoding_cost_is_found():
    # Decoding the input (linear) outweighs the n^2 term at the small sizes: the log-log
    # slope is 1.3, yet the n^2 model (with its fixed and linear terms) is the one that fits.
    found = estimate(measure(lambda n: 0.05 + 1e-3 * n + 1e-7 * n * n, seed=3))
    assert outcome(found) == (Growth.quadratic, Growth.quadratic)
    assert found.slope == pytest.approx(1.3, abs=0.05)


def test_a_shape_no_model_describes_is_inconclusive():
    found = estimate(measure(lambda n: 0.05 + 0.05 * math.sqrt(n), seed=3))
    assert found.slope == pytest.approx(0.5, abs=0.05)
    assert found.inconclusive == (
        "no model fits: the best misses by 8% rms, the repeats agree within 3%"
    )


def test_linear_times_never_reach_up_to_a_model_whose_term_fits_as_nothing():
    # n^2 and n^3 contain n (their growth term fitted as ~0): they fit as well, and
    # are no other explanation.
    for seed in SEEDS:
        found = estimate(measure(shape(Growth.linear), seed, noise=0.1))
        assert found.high in (Growth.linear, Growth.linearithmic), found.text()


def test_identical_times_give_a_flat_slope_without_error():
    found = estimate([Rung(n, (2.0, 2.0)) for n in LADDER])
    assert (found.slope, found.slope_ci) == (0.0, 0.0)
    assert found.text() == "≈ O(1) (slope 0.00 ± 0.00)"


def test_rungs_are_taken_in_size_order():
    rungs = measure(shape(Growth.quadratic), seed=5)
    assert estimate(list(reversed(rungs))) == estimate(rungs)


def test_the_text_names_one_class_a_range_or_why_not():
    one = Estimate((), 1.974, 0.049, Growth.quadratic, Growth.quadratic, None, Growth.linearithmic)
    two = Estimate((), 1.08, 0.04, Growth.linear, Growth.linearithmic, None, Growth.linear)
    why = Estimate((), 0.31, 0.9, None, None, "only 3 sizes took at least 0.5 ms", None)
    bare = Estimate((), None, None, None, None, "no size took at least 0.5 ms", None)
    assert one.text() == "≈ O(n^2) (slope 1.97 ± 0.05); expected O(n log n)"
    assert two.text() == "between O(n) and O(n log n) (slope 1.08 ± 0.04); expected O(n)"
    assert why.text() == "inconclusive: only 3 sizes took at least 0.5 ms (slope 0.31 ± 0.90)"
    assert bare.text() == "inconclusive: no size took at least 0.5 ms"


def test_matches_is_membership_of_the_range():
    two = Estimate((), 1.08, 0.04, Growth.linear, Growth.linearithmic, None, None)
    assert [g for g in Growth if two.matches(g)] == [Growth.linear, Growth.linearithmic]
    why = Estimate((), None, None, None, None, "measurements too noisy", None)
    assert not any(why.matches(g) for g in Growth)


def test_the_expected_class_is_carried_but_does_not_steer_the_estimate():
    rungs = measure(shape(Growth.quadratic), seed=6)
    found = estimate(rungs, expected=Growth.linear)
    assert outcome(found) == outcome(estimate(rungs)) == (Growth.quadratic, Growth.quadratic)
    assert found.text().endswith("; expected O(n)")
    assert not found.matches(found.expected)


def test_to_dict_is_strict_json():
    found = estimate([Rung(n, (2.0, 2.1)) for n in LADDER], expected=Growth.linear)
    assert math.inf in found.scores.values()  # c <= 0 for the growing models
    data = json.loads(json.dumps(found.to_dict(), allow_nan=False))
    assert data["rungs"][0] == {"n": 1000, "times_ms": [2.0, 2.1]}
    assert data["low"] == data["high"] == "1"
    assert data["expected"] == "n"
    assert data["class"] == "≈ O(1)"
    assert data["text"] == found.text()
    assert data["inconclusive"] is None
    assert data["scores"]["n^2"] is None
    assert data["scores"]["1"] == pytest.approx(found.scores[Growth.constant])
    assert set(data) == {
        *("rungs", "slope", "slope_ci", "low", "high", "class", "text"),
        *("inconclusive", "expected", "scores"),
    }


def test_the_fit_recovers_fixed_cost_and_factor_from_exact_times():
    rungs = [Rung(n, (0.3 + 2e-6 * n * n,)) for n in LADDER]
    got = fit(rungs, Growth.quadratic)
    assert got.coefficients == (
        pytest.approx(0.3),
        pytest.approx(0.0, abs=1e-12),
        pytest.approx(2e-6),
    )
    assert got.score == pytest.approx(0.0, abs=1e-12)
    assert got.share_at(16000) == pytest.approx(512 / 512.3)


def test_a_negative_fixed_cost_is_refitted_as_zero():
    # Steeper than n^2 at the small end: the free fit would need a < 0.
    rungs = [Rung(n, (2e-6 * n * n - 0.5 + 1e-6 * n,)) for n in LADDER]
    got = fit(rungs, Growth.quadratic)
    assert got.coefficients[0] == 0.0 and got.coefficients[-1] > 0


def test_a_model_that_would_need_a_shrinking_time_scores_infinity():
    rungs = [Rung(n, (10.0 / math.log(n),)) for n in LADDER]
    assert fit(rungs, Growth.linear).score == math.inf


def test_models_faster_than_n_carry_a_linear_term_for_decoding():
    assert [len(model_terms(g)) for g in Growth] == [1, 2, 2, 3, 3, 3]


@pytest.mark.parametrize(
    ("dof", "quantile"), [(1, 12.706), (4, 2.776), (30, 2.042), (31, 2.040), (60, 2.000)]
)
def test_student_t_quantiles(dof, quantile):
    assert t_quantile(dof) == pytest.approx(quantile, abs=1e-3)


@pytest.mark.parametrize("times", [(), (-1.0,), (math.nan,)])
def test_a_rung_needs_real_measurements(times):
    with pytest.raises(ValueError, match="rung n=1000"):
        Rung(1000, times)
