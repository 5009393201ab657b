"""Fuzzes the HTTP API from its own OpenAPI description (schemathesis), boundedly.

No 5xx for anything the schema allows, and every error keeps the locked shape.
Runs schemathesis through its Python API with Hypothesis (its pytest plugin does
not load under this pytest).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

EXAMPLES_PER_OPERATION = 25


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_fuzzed_requests_never_get_a_5xx_and_errors_keep_their_shape(make_fake_service):
    # No workers: this fuzzes the edge. A tiny wait cap keeps ?wait=true from stalling.
    client, _ = make_fake_service(workers=0, wait_cap_s=0.05, rate_per_s=1000, rate_burst=1000)
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    calls = []

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def exercise(case):
            response = case.call()
            calls.append(response.status_code)
            label = f"{case.method} {case.formatted_path}"
            if label == "GET /health":  # 503 is its documented answer with no worker alive
                assert response.status_code == 503, response.text[:300]
                assert response.json()["status"] == "degraded"
                return
            assert response.status_code < 500, (label, response.text[:300])
            if response.status_code >= 400:
                body = response.json()
                assert set(body) == {"error"}, (label, body)
                assert set(body["error"]) == {"status", "code", "message", "field"}
                assert body["error"]["status"] == response.status_code

        exercise()
    assert len(calls) >= 5 * len(operations)
    print(f"fuzzed {len(calls)} requests over {len(operations)} operations")
