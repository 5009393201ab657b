"""A tiny run of the benchmark, so it cannot rot; its timings are not judged here, but
what it derives from them (percentiles, ratios, goals met or not) is."""

from __future__ import annotations

import json
import statistics

import pytest

from bench.__main__ import SMOKE, goals, main, percentile

# A made-up run: every goal's measured value is worked out by hand below.
FIGURES = {
    "naive_p50_ms": 400.0,
    "bare_p50_ms": 100.0,
    "service_p50_ms": 120.0,
    "throughput_per_s": 8.0,
    "engine_rate_per_s": 10.0,
    "judge_per_test_ms": 3.5,
    "in_process_per_test_ms": 0.5,
    "rss_peak_queued_mb": 151.0,
    "soak_rss_mb": [80.0, 95.0, 85.0],
}


def test_goals_are_measured_from_the_figures_and_met_only_within_their_bounds():
    measured = {name: (value, bound, met) for name, value, bound, met in goals(FIGURES)}
    assert measured == {
        "latency p50 / naive docker run <= 0.35": (pytest.approx(0.3), 0.35, True),
        "latency p50 - bare process <= 60 ms": (pytest.approx(20.0), 60.0, True),
        "throughput / engine rate >= 0.85": (pytest.approx(0.8), 0.85, False),
        "per-test overhead <= 5 ms": (pytest.approx(3.0), 5.0, True),
        "RSS with the queue full <= 150 MB": (151.0, 150.0, False),
        "RSS growth over the soak <= 10 MB": (pytest.approx(15.0), 10.0, False),
    }


def test_percentile_takes_the_nearest_rank_of_the_sorted_values():
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert percentile(values, 0.5) == 3.0
    assert percentile(values, 0.95) == 5.0
    assert percentile(values, 0.0) == 1.0


def test_benchmark_smoke_run_derives_its_goals_from_its_own_figures(tmp_path, service_leftovers):
    out = tmp_path / "bench.json"
    code = main(["--smoke", "--json", str(out)])
    figures = json.loads(out.read_text())
    assert figures["plan"] == SMOKE.__dict__
    for key in (
        "naive_p50_ms",
        "bare_p50_ms",
        "service_p50_ms",
        "engine_rate_per_s",
        "throughput_per_s",
        "judge_per_test_ms",
        "in_process_per_test_ms",
        "rss_peak_queued_mb",
    ):
        assert figures[key] > 0, key
    assert figures["service_p95_ms"] >= figures["service_p50_ms"]
    assert figures["rss_peak_queued_mb"] >= figures["rss_queued_mb"]
    assert figures["engine_rate_per_s"] == pytest.approx(
        statistics.mean(figures["engine_rates_per_s"])
    )
    # The soak samples once at its start, every 10 s, and at its end.
    assert len(figures["soak_rss_mb"]) == 2 + int(SMOKE.soak_s // 10)
    # The goals written are the ones these figures give, and the exit code follows them.
    expected = [
        {"goal": name, "measured": pytest.approx(value), "bound": bound, "met": met}
        for name, value, bound, met in goals(figures)
    ]
    assert figures["goals"] == expected
    assert code == (0 if all(goal["met"] for goal in figures["goals"]) else 1)
    assert service_leftovers() == []  # the service and the baselines cleaned up
