"""Bad requests get a 4xx in one locked shape, naming the field; nothing is stored.
Every test runs on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def fake_client(make_fake_service, database_url) -> TestClient:
    # No workers: these requests are refused (or queued) before any judging.
    return make_fake_service(database_url=database_url, workers=0)[0]


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"problem_id": "nope", "source": "x = 1"}, 404, "problem_not_found", "problem_id"),
        ({"problem_id": "can_shift", "source": ""}, 422, "invalid_request", "source"),
        ({"problem_id": "can_shift", "source": "   \n"}, 422, "invalid_request", "source"),
        ({"problem_id": "can_shift", "source": 5}, 422, "invalid_request", "source"),
        ({"problem_id": "can_shift"}, 422, "invalid_request", "source"),
        ({"problem_id": ["can_shift"], "source": "x"}, 422, "invalid_request", "problem_id"),
        ({"problem_id": "can_shift", "source": "x", "lang": "c"}, 422, "invalid_request", "lang"),
        (
            {"problem_id": "can_shift", "source": "#" * (65 << 10)},
            413,
            "source_too_large",
            "source",
        ),
    ],
)
def test_bad_submissions_are_rejected_with_the_error_shape(
    fake_client, assert_error, body, status, code, field
):
    assert_error(fake_client.post("/submissions", json=body), status, code, field)
    assert fake_client.get("/submissions").json()["total"] == 0


def test_non_utf8_and_non_json_bodies_are_422(fake_client, assert_error):
    headers = {"content-type": "application/json"}
    error = assert_error(
        fake_client.post("/submissions", content=b'{"problem_id": "\xff\xfe"}', headers=headers),
        422,
        field="body",
    )
    assert "UTF-8" in error["message"]
    assert_error(fake_client.post("/submissions", content=b"not json", headers=headers), 422)


def test_body_over_the_limit_is_413(fake_client, assert_error):
    huge = b'{"problem_id": "can_shift", "source": "' + b"#" * (3 << 20) + b'"}'
    assert_error(
        fake_client.post(
            "/submissions", content=huge, headers={"content-type": "application/json"}
        ),
        413,
        "body_too_large",
    )


def test_unknown_ids_and_routes_are_404(fake_client, assert_error):
    assert_error(fake_client.get("/submissions/0123456789abcdef"), 404, "submission_not_found")
    assert_error(fake_client.get("/runs/0123456789abcdef"), 404, "run_not_found")
    assert_error(fake_client.get("/problems/nope"), 404, "problem_not_found")
    assert_error(fake_client.get("/no/such/route"), 404, "not_found")
    assert_error(fake_client.delete("/problems"), 405)


def test_bad_query_and_batch_sizes_are_422(fake_client, assert_error):
    assert_error(fake_client.get("/submissions", params={"per_page": 1000}), 422, field="per_page")
    assert_error(fake_client.get("/submissions", params={"verdict": "great"}), 422, field="verdict")
    assert_error(fake_client.post("/submissions/batch", json={"submissions": []}), 422)
    many = [{"problem_id": "can_shift", "source": "x = 1"}] * 21
    assert_error(fake_client.post("/submissions/batch", json={"submissions": many}), 422)
    bad_args = {"problem_id": "can_shift", "source": "x = 1", "args": [{"a": "x"}]}
    assert_error(fake_client.post("/runs", json=bad_args), 422, field="args")
    wrong_type = {"problem_id": "can_shift", "source": "x = 1", "args": [{"a": 1, "b": "x"}]}
    assert_error(fake_client.post("/runs", json=wrong_type), 422, field="args.a")


def test_curl_style_form_content_type_is_read_as_json(fake_client):
    response = fake_client.post(
        "/submissions",
        content=b'{"problem_id": "can_shift", "source": "def can_shift(a, b): return False"}',
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 202


def test_full_queue_is_503_with_retry_after(make_fake_service, database_url, assert_error):
    fake_client, _ = make_fake_service(database_url=database_url, workers=0, max_queue=1)
    body = {"problem_id": "can_shift", "source": "def can_shift(a, b): return False"}
    assert fake_client.post("/submissions", json=body).status_code == 202
    response = fake_client.post("/submissions", json=body)
    assert_error(response, 503, "queue_full")
    assert response.headers["retry-after"] == "10"
    assert fake_client.get("/health").json()["queue_depth"] == 1


def test_deep_json_and_huge_integers_are_4xx(fake_client, assert_error):
    headers = {"content-type": "application/json"}
    deep = b'{"problem_id": ' + b"[" * 100_000 + b"]" * 100_000 + b', "source": "x"}'
    assert 400 <= fake_client.post("/submissions", content=deep, headers=headers).status_code < 500
    assert_error(
        fake_client.post("/submissions", content=deep, headers=headers), 400, "invalid_body"
    )
    huge = b'{"problem_id": "can_shift", "source": ' + b"9" * 5000 + b"}"
    assert_error(
        fake_client.post("/submissions", content=huge, headers=headers), 400, "invalid_body"
    )
    assert_error(fake_client.get("/submissions", params={"page": 10**30}), 422, field="page")
    assert fake_client.get("/submissions").json()["total"] == 0


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_locked_database_is_a_clear_503_and_stores_nothing(
    make_fake_service, assert_error, tmp_path
):
    import sqlite3

    fake_client, svc = make_fake_service(workers=0, db_busy_timeout_s=0.2)
    database = svc.queue.sessions.kw["bind"].url.database
    body = {"problem_id": "can_shift", "source": "def can_shift(a, b): return False"}
    locker = sqlite3.connect(database, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        response = fake_client.post("/submissions", json=body)
        error = assert_error(response, 503, "database_unavailable")
        assert "nothing was stored" in error["message"]
        assert response.headers["retry-after"] == "5"
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert fake_client.post("/submissions", json=body).status_code == 202
    assert fake_client.get("/submissions").json()["total"] == 1


@pytest.mark.root  # mounts a tmpfs
def test_full_disk_is_a_clear_503_and_stores_nothing(make_fake_service, assert_error, tmp_path):
    import subprocess

    small = tmp_path / "small"
    small.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(small)], check=True)
    try:
        fake_client, _ = make_fake_service(workers=0, database_url=f"sqlite:///{small}/judge.db")
        filler = small / "filler"
        with filler.open("wb", buffering=0) as handle:  # unbuffered: no flush fails on close
            try:
                while True:
                    handle.write(b"\0" * 4096)
            except OSError:
                pass
        body = {"problem_id": "can_shift", "source": "# padding\n" * 6000}
        error = assert_error(
            fake_client.post("/submissions", json=body), 503, "database_unavailable"
        )
        assert "nothing was stored" in error["message"]
        filler.unlink()
        assert fake_client.post("/submissions", json=body).status_code == 202
        assert fake_client.get("/submissions").json()["total"] == 1
    finally:
        subprocess.run(["umount", "--lazy", str(small)], check=False)
