"""A tiny run of the claim benchmark, so it cannot rot; its rates are not judged here
(the machine is shared), only that every configuration ran, exactly once each claim."""

from __future__ import annotations

import json

import psycopg
import pytest

from bench.claims import main


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_claims_benchmark_smoke_run_reports_every_configuration(tmp_path, postgres):
    out = tmp_path / "claims.json"
    code = main(["--url", postgres.admin_url, "--n", "40", "--repeat", "1", "--json", str(out)])
    figures = json.loads(out.read_text())
    for engine in ("postgresql", "sqlite"):
        assert [row["config"] for row in figures[engine]] == ["1x1", "3x2", "10x3"]
        assert all(row["claims_per_s"] > 0 for row in figures[engine])
    assert isinstance(figures["goal"]["met"], bool)
    assert code == (0 if figures["goal"]["met"] else 1)
    with psycopg.connect(postgres.admin_url) as admin:
        left = admin.execute("SELECT datname FROM pg_database WHERE datname LIKE 'pyjudge_bench_%'")
        assert left.fetchall() == []  # the benchmark dropped its databases
