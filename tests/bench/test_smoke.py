"""A tiny run of the benchmark, so it cannot rot; its timings are not judged here."""

from __future__ import annotations

import json

from bench.__main__ import main


def test_benchmark_smoke_run_writes_every_figure_and_goal(tmp_path, service_leftovers):
    out = tmp_path / "bench.json"
    main(["--smoke", "--json", str(out)])
    figures = json.loads(out.read_text())
    for key in (
        "naive_p50_ms",
        "bare_p50_ms",
        "service_p50_ms",
        "service_p95_ms",
        "engine_rate_per_s",
        "throughput_per_s",
        "judge_per_test_ms",
        "in_process_per_test_ms",
        "rss_peak_queued_mb",
    ):
        assert figures[key] > 0, key
    assert len(figures["soak_rss_mb"]) >= 2
    assert [goal["bound"] for goal in figures["goals"]] == [0.35, 60, 0.85, 5, 150, 10]
    assert all(isinstance(goal["met"], bool) for goal in figures["goals"])
    assert service_leftovers() == []  # the service and the baselines cleaned up
