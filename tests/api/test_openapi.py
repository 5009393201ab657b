"""The OpenAPI schema tells the truth: "Authorize" works (bearerAuth), every documented
error is in pyjudge's shape and is what a real request that provokes it gets, the
examples "Try it out" sends are judged as they say, and `solved` marks a caller's
accepted problems."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from tests.api.conftest import ERROR_KEYS

SECURED = [{"bearerAuth": []}]
OPTIONAL = [{"bearerAuth": []}, {}]  # a key is optional (public pages)
GOOD = {"problem_id": "can_shift", "source": "def can_shift(a, b):\n    return False\n"}
UNKNOWN = "0123456789abcdef0123456789abcdef"
POSTS = ("/submissions", "/submissions/batch", "/runs")
DEEP = b'{"problem_id": ' + b"[" * 100_000 + b"]" * 100_000 + b', "source": "x"}'


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def operations(schema: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), path): operation
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


def documented_errors(operation: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {int(s): r for s, r in operation.get("responses", {}).items() if int(s) >= 400}


def example_codes(response: dict[str, Any]) -> set[str]:
    return set(response.get("content", {}).get("application/json", {}).get("examples", {}))


@pytest.fixture
def schema(make_fake_service) -> dict[str, Any]:
    client, _ = make_fake_service(workers=0)
    return client.get("/openapi.json").json()


def test_bearer_auth_is_a_security_scheme_that_operations_require(schema):
    scheme = schema["components"]["securitySchemes"]["bearerAuth"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    ops = operations(schema)
    for key in [
        ("POST", "/submissions"),
        ("POST", "/submissions/batch"),
        ("GET", "/submissions"),
        ("GET", "/submissions/{submission_id}"),
        ("POST", "/runs"),
        ("GET", "/runs/{run_id}"),
        ("GET", "/workers"),
    ]:
        assert ops[key]["security"] == SECURED, key
    # Problems are public: the key is optional and only decides whose `solved` marks.
    assert ops[("GET", "/problems")]["security"] == OPTIONAL
    assert ops[("GET", "/problems/{problem_id}")]["security"] == OPTIONAL
    assert "security" not in ops[("GET", "/health")]
    assert "security" not in ops[("GET", "/metrics")]
    # Every operation that takes a key says it may answer 401.
    for key, operation in ops.items():
        if operation.get("security"):
            assert 401 in documented_errors(operation), key


def test_every_documented_error_is_the_error_response_shape(schema):
    assert "HTTPValidationError" not in json.dumps(schema)
    assert "ValidationError" not in schema["components"]["schemas"]
    body = schema["components"]["schemas"]["ErrorResponse"]["properties"]["error"]["$ref"]
    assert set(schema["components"]["schemas"][body.rsplit("/", 1)[1]]["properties"]) == (
        ERROR_KEYS
    )
    for key, operation in operations(schema).items():
        for status, response in documented_errors(operation).items():
            content = response["content"]["application/json"]
            if key == ("GET", "/health") and status == 503:
                # /health's 503 is its report, degraded: the Health shape, on purpose.
                assert content["schema"]["$ref"].endswith("/Health")
                continue
            assert content["schema"] == {"$ref": "#/components/schemas/ErrorResponse"}, (
                key,
                status,
            )
            for code, example in content.get("examples", {}).items():
                error = example["value"]["error"]
                assert set(error) == ERROR_KEYS and (error["status"], error["code"]) == (
                    status,
                    code,
                )


def test_problem_detail_documents_404_and_no_422(schema):
    errors = documented_errors(operations(schema)[("GET", "/problems/{problem_id}")])
    assert 422 not in errors
    assert example_codes(errors[404]) == {"problem_not_found"}


class Provoker:
    """Sends requests that should fail, checks each answer is the locked error shape
    with the expected status and code, and records what was answered per operation."""

    def __init__(self, assert_error: Callable[..., dict]):
        self.assert_error = assert_error
        self.answered: dict[tuple[str, str], set[tuple[int, str]]] = {}

    def __call__(
        self,
        client: TestClient,
        method: str,
        template: str,
        status: int,
        code: str,
        url: str | None = None,
        **request: Any,
    ) -> None:
        response = client.request(method, url or template, **request)
        self.assert_error(response, status, code)
        self.answered.setdefault((method, template), set()).add((status, code))


def submission_body(template: str, **fields: Any) -> dict[str, Any]:
    item = {**GOOD, **fields}
    return {"submissions": [item]} if template == "/submissions/batch" else item


def test_each_documented_error_is_what_a_real_request_gets(
    make_fake_service, postgres, assert_error, schema
):
    provoke = Provoker(assert_error)
    database = postgres.new_database()
    client, svc = make_fake_service(workers=0, database_url=database)
    token = svc.keys.create("alice")
    me, stranger = bearer(token), bearer("pj_not_a_key")
    reads = {
        "/submissions/{submission_id}": ("submission_not_found", f"/submissions/{UNKNOWN}"),
        "/runs/{run_id}": ("run_not_found", f"/runs/{UNKNOWN}"),
        "/submissions/{submission_id}/events": (
            "submission_not_found",
            f"/submissions/{UNKNOWN}/events",
        ),
        "/runs/{run_id}/events": ("run_not_found", f"/runs/{UNKNOWN}/events"),
        "/submissions/{submission_id}/history": (
            "submission_not_found",
            f"/submissions/{UNKNOWN}/history",
        ),
    }
    # 401: an unknown key, everywhere a key is taken (public pages too: a key that is
    # sent must be valid).
    for method, path in operations(schema):
        if operations(schema)[(method, path)].get("security"):
            url = reads[path][1] if path in reads else path.replace("{problem_id}", "can_shift")
            body = submission_body(path) if method == "POST" else None
            provoke(client, method, path, 401, "unauthorized", url, json=body, headers=stranger)
    # 404
    provoke(client, "GET", "/problems/{problem_id}", 404, "problem_not_found", "/problems/NOPE!")
    for path, (code, url) in reads.items():
        provoke(client, "GET", path, 404, code, url, headers=me)
    for path in POSTS:
        body = submission_body(path, problem_id="nope")
        provoke(client, "POST", path, 404, "problem_not_found", json=body, headers=me)
    # 400, 413, 422 on every body
    json_type = {**me, "content-type": "application/json"}
    huge = b'{"problem_id": "can_shift", "source": "' + b"#" * (3 << 20) + b'"}'
    for path in POSTS:
        provoke(client, "POST", path, 400, "invalid_body", content=DEEP, headers=json_type)
        provoke(client, "POST", path, 413, "body_too_large", content=huge, headers=json_type)
        big = submission_body(path, source="#" * (65 << 10))
        provoke(client, "POST", path, 413, "source_too_large", json=big, headers=me)
        empty = submission_body(path, source="")
        provoke(client, "POST", path, 422, "invalid_request", json=empty, headers=me)
    for path in ("/submissions", "/submissions/batch"):
        hooked = submission_body(path, callback_url="http://127.0.0.1:9/hook")
        provoke(client, "POST", path, 422, "callback_refused", json=hooked, headers=me)
    bad_page = "/submissions?per_page=1000"
    provoke(client, "GET", "/submissions", 422, "invalid_request", bad_page, headers=me)
    for path, (_, url) in reads.items():
        if path.endswith("/events"):
            resume = {**me, "last-event-id": "x"}
            provoke(client, "GET", path, 422, "invalid_request", url, headers=resume)
    # Rejudges: admin keys only.
    admin = bearer(svc.keys.create("root", admin=True))
    start, rejudge_path = (
        "/problems/{problem_id}/rejudge",
        "/problems/{problem_id}/rejudges/{rejudge_id}",
    )
    start_url, summary_url = "/problems/can_shift/rejudge", "/problems/can_shift/rejudges/1"
    provoke(client, "POST", start, 403, "forbidden", start_url, headers=me)
    provoke(client, "GET", rejudge_path, 403, "forbidden", summary_url, headers=me)
    provoke(
        client, "POST", start, 404, "problem_not_found", "/problems/nope/rejudge", headers=admin
    )
    provoke(client, "GET", rejudge_path, 404, "rejudge_not_found", summary_url, headers=admin)
    not_a_number = "/problems/can_shift/rejudges/abc"
    provoke(client, "GET", rejudge_path, 422, "invalid_request", not_a_number, headers=admin)
    bad_verdict = {"verdict": "nope"}
    provoke(
        client, "POST", start, 422, "invalid_request", start_url, json=bad_verdict, headers=admin
    )
    admin_json = {**admin, "content-type": "application/json"}
    provoke(client, "POST", start, 400, "invalid_body", start_url, content=DEEP, headers=admin_json)
    provoke(
        client, "POST", start, 413, "body_too_large", start_url, content=huge, headers=admin_json
    )
    # 429 and 503 from admission, each from a service set up to refuse that way.
    refusing = [
        ({"rate_burst": 0}, 429, "rate_limited"),
        ({"max_pending_per_key": 0}, 429, "too_many_pending"),
        ({"max_queue": 0}, 503, "queue_full"),
    ]
    for settings, status, code in refusing:
        strict, _ = make_fake_service(workers=0, **settings)
        for path in POSTS:
            provoke(strict, "POST", path, status, code, json=submission_body(path))
    # 503: the database goes away (nothing else fails in these routes' place).
    postgres.stop()
    try:
        for path in ("/problems", "/submissions", "/workers"):
            provoke(client, "GET", path, 503, "database_unavailable", headers=me)
        provoke(
            client,
            "GET",
            "/problems/{problem_id}",
            503,
            "database_unavailable",
            "/problems/can_shift",
            headers=me,
        )
        for path, (_, url) in reads.items():
            provoke(client, "GET", path, 503, "database_unavailable", url, headers=me)
        for path in POSTS:
            body = submission_body(path)
            provoke(client, "POST", path, 503, "database_unavailable", json=body, headers=me)
        provoke(client, "POST", start, 503, "database_unavailable", start_url, headers=admin)
        provoke(
            client, "GET", rejudge_path, 503, "database_unavailable", summary_url, headers=admin
        )
    finally:
        postgres.start()
    # Every documented status, and every code a documented example names, was answered
    # by a real request; nothing was answered that the operation does not document.
    for key, operation in operations(schema).items():
        answered = provoke.answered.get(key, set())
        for status, response in documented_errors(operation).items():
            if key == ("GET", "/health"):
                continue  # a degraded fleet, not an error: test_fleet covers it
            assert status in {s for s, _ in answered}, (key, status, "not provoked")
            for code in example_codes(response):
                assert (status, code) in answered, (key, status, code, "not provoked")
        documented = documented_errors(operation)
        for status, code in answered:
            assert status in documented, (key, status, code, "answered but not documented")
            assert not example_codes(documented[status]) or code in example_codes(
                documented[status]
            ), (key, status, code, "answered but not among the documented codes")


def wait_done(client: TestClient, url: str, headers: dict[str, str] | None = None) -> dict:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        body = client.get(url, headers=headers).json()
        if body["status"] == "done":
            return body
        time.sleep(0.2)
    raise AssertionError(f"{url} was not judged in 120 s")


def request_examples(schema: dict[str, Any], path: str) -> dict[str, Any]:
    content = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    return {name: example["value"] for name, example in content["examples"].items()}


def test_the_examples_are_judged_as_they_say(make_service):
    client, _ = make_service()  # real workers, the real engine
    schema = client.get("/openapi.json").json()
    submissions = request_examples(schema, "/submissions")
    first = next(iter(submissions.values()))  # what "Try it out" sends as it is
    assert first["problem_id"] == "can_shift"
    queued = client.post("/submissions", json=first)
    assert queued.status_code == 202, queued.text
    assert wait_done(client, f"/submissions/{queued.json()['id']}")["verdict"] == "accepted"
    wrong = client.post("/submissions", json=submissions["wrong_answer"]).json()
    assert wait_done(client, f"/submissions/{wrong['id']}")["verdict"] == "wrong_answer"
    batch = request_examples(schema, "/submissions/batch")["two"]
    ids = [item["id"] for item in client.post("/submissions/batch", json=batch).json()]
    verdicts = [wait_done(client, f"/submissions/{i}")["verdict"] for i in ids]
    assert verdicts == ["accepted", "wrong_answer"]
    runs = request_examples(schema, "/runs")
    samples = client.post("/runs", json=runs["samples"]).json()
    samples = (
        samples if samples["status"] == "done" else wait_done(client, f"/runs/{samples['id']}")
    )
    assert samples["verdict"] == "accepted" and len(samples["tests"]) == 3
    custom = client.post("/runs", json=runs["custom"]).json()
    if custom["status"] != "done":
        custom = wait_done(client, f"/runs/{custom['id']}")
    assert [t["output"] for t in custom["tests"]] == [True, False]


def solved(client: TestClient, headers: dict[str, str] | None = None) -> dict[str, bool]:
    response = client.get("/problems", headers=headers)
    assert response.status_code == 200, response.text
    return {item["id"]: item["solved"] for item in response.json()}


def test_solved_flips_for_the_key_that_was_accepted_only(make_service, source_of):
    client, svc = make_service()
    alice, bob = bearer(svc.keys.create("alice")), bearer(svc.keys.create("bob"))
    assert solved(client, alice) == {"can_shift": False, "find_bigrams": False}
    accepted = {"problem_id": "can_shift", "source": source_of("can_shift")}
    # Not by a wrong answer, nor by another key's run of a correct source.
    wrong = client.post("/submissions?wait=true", json=GOOD, headers=alice).json()
    assert wrong["verdict"] == "wrong_answer"
    run = client.post("/runs", json=accepted, headers=bob).json()
    assert run["verdict"] == "accepted"
    assert solved(client, alice)["can_shift"] is False
    assert solved(client, bob)["can_shift"] is False
    done = client.post("/submissions?wait=true", json=accepted, headers=alice).json()
    assert done["verdict"] == "accepted"
    assert solved(client, alice) == {"can_shift": True, "find_bigrams": False}
    assert solved(client, bob) == {"can_shift": False, "find_bigrams": False}
    assert solved(client) == {"can_shift": False, "find_bigrams": False}  # no key sent
    assert client.get("/problems/can_shift", headers=alice).json()["solved"] is True
    assert client.get("/problems/can_shift", headers=bob).json()["solved"] is False


def test_open_mode_solved_is_the_shared_owners_in_one_query(make_service, source_of):
    client, svc = make_service()
    engine = svc.sessions.kw["bind"]
    accepted = {"problem_id": "find_bigrams", "source": source_of("find_bigrams")}
    assert client.post("/submissions?wait=true", json=accepted).json()["verdict"] == "accepted"
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert solved(client) == {"can_shift": False, "find_bigrams": True}
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    on_submissions = [s for s in statements if "FROM submissions" in s]
    assert len(on_submissions) == 1 and "GROUP BY" in on_submissions[0], statements
