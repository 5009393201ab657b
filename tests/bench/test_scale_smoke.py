"""A tiny run of the scale-out benchmark, so it cannot rot; its timings are not judged here."""

from __future__ import annotations

import json

from bench.scale import main


def test_scale_benchmark_smoke_run_measures_each_fleet(tmp_path, service_leftovers):
    out = tmp_path / "scale.json"
    assert main(["--smoke", "--json", str(out)]) == 0
    rows = json.loads(out.read_text())["rows"]
    assert [row["workers"] for row in rows] == [1, 2]
    assert all(row["p50_ms"] > 0 and row["throughput_per_s"] > 0 for row in rows)
    assert service_leftovers() == []  # every worker process removed its containers
