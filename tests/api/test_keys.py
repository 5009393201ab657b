"""API keys: ownership, revocation, rate limits and per-key caps."""

from __future__ import annotations

BODY = {"problem_id": "can_shift", "source": "def can_shift(a, b): return False"}


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def test_without_keys_the_service_is_open(make_fake_service):
    client, _ = make_fake_service(workers=0)
    assert client.post("/submissions", json=BODY).status_code == 202


def test_keys_are_required_once_one_exists(make_fake_service, assert_error):
    client, svc = make_fake_service(workers=0)
    token = svc.keys.create("alice")
    assert_error(client.post("/submissions", json=BODY), 401, "unauthorized")
    assert_error(client.post("/submissions", json=BODY, headers=bearer("pj_wrong")), 401)
    assert client.post("/submissions", json=BODY, headers=bearer(token)).status_code == 202
    # Public problem pages need no key.
    assert client.get("/problems").status_code == 200


def test_a_key_sees_only_its_own_submissions(make_fake_service, assert_error):
    client, svc = make_fake_service(workers=0)
    alice, bob = svc.keys.create("alice"), svc.keys.create("bob")
    mine = client.post("/submissions", json=BODY, headers=bearer(alice)).json()["id"]
    assert client.get(f"/submissions/{mine}", headers=bearer(alice)).status_code == 200
    assert_error(client.get(f"/submissions/{mine}", headers=bearer(bob)), 404)
    assert client.get("/submissions", headers=bearer(bob)).json()["total"] == 0
    assert client.get("/submissions", headers=bearer(alice)).json()["total"] == 1


def test_revoked_key_is_refused(make_fake_service, assert_error):
    client, svc = make_fake_service(workers=0)
    token = svc.keys.create("carol")
    svc.keys.create("dave")
    svc.keys.revoke("carol")
    assert_error(client.post("/submissions", json=BODY, headers=bearer(token)), 401)


def test_keys_are_stored_hashed(make_fake_service):
    _, svc = make_fake_service(workers=0)
    token = svc.keys.create("erin")
    [key] = svc.keys.list()
    assert key.token_hash != token and token not in key.token_hash
    assert token.startswith(key.prefix)


def test_rate_limit_is_429_with_retry_after(make_fake_service, assert_error):
    client, _ = make_fake_service(workers=0, rate_per_s=0.5, rate_burst=2)
    assert [client.post("/submissions", json=BODY).status_code for _ in range(2)] == [202, 202]
    response = client.post("/submissions", json=BODY)
    assert_error(response, 429, "rate_limited")
    assert int(response.headers["retry-after"]) >= 1


def test_pending_cap_per_key_is_429(make_fake_service, assert_error):
    client, svc = make_fake_service(workers=0, max_pending_per_key=1)
    alice, bob = svc.keys.create("alice"), svc.keys.create("bob")
    assert client.post("/submissions", json=BODY, headers=bearer(alice)).status_code == 202
    assert_error(
        client.post("/submissions", json=BODY, headers=bearer(alice)), 429, "too_many_pending"
    )
    assert client.post("/submissions", json=BODY, headers=bearer(bob)).status_code == 202
