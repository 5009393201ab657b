"""Server-Sent Events from a worker in another process: each test as it is judged,
in order, then the result; resumed with Last-Event-ID. Real sandboxes, an API process
(`judge serve --workers 0`) and a `judge worker` process on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from api.queue import NewSubmission
from judge.problem import load_problem
from judge.verdicts import Judgement, Provenance, TestResult, Verdict
from tests.api.processes import Fleet

REPO = Path(__file__).resolve().parents[2]
CAN_SHIFT_TESTS = len(load_problem(REPO / "problems" / "can_shift").tests)
# Right, and slow enough (~75 ms of CPU a test) that the tests end one by one.
SLOW_RIGHT = """
def can_shift(a, b):
    spin = 0
    for _ in range(2_000_000):
        spin += 1
    return len(a) == len(b) and b in a + a
"""


@dataclass
class Event:
    name: str
    id: str | None
    data: dict
    at: float  # when it arrived (monotonic)


def read_events(response: httpx.Response, stop_after: int | None = None) -> Iterator[Event]:
    """Parses an SSE stream; comment lines (keep-alives) are skipped."""
    name, event_id, data = "message", None, []
    count = 0
    for line in response.iter_lines():
        if line.startswith(":"):
            continue
        if line == "":
            if data:
                yield Event(name, event_id, json.loads("\n".join(data)), time.monotonic())
                count += 1
                if stop_after is not None and count >= stop_after:
                    return
            name, event_id, data = "message", None, []
            continue
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "event":
            name = value
        elif field == "id":
            event_id = value
        elif field == "data":
            data.append(value)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fleet(request, tmp_path_factory, small_library) -> Iterator[Fleet]:
    """One API and one worker process per database, shared by this module's tests."""
    workdir = tmp_path_factory.mktemp("events")
    if request.param == "sqlite":
        url = f"sqlite:///{workdir}/judge.db"
    else:
        url = request.getfixturevalue("postgres").new_database()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    fleet = Fleet(url, port, workdir, small_library)
    fleet.api()
    fleet.worker(1)
    fleet.wait_for(lambda: len(fleet.live_workers()) == 1, 60, "a live worker")
    yield fleet
    fleet.stop()


def submit(fleet: Fleet, source: str) -> str:
    response = httpx.post(
        f"{fleet.base}/submissions",
        json={"problem_id": "can_shift", "source": source},
        timeout=10,
    )
    assert response.status_code == 202, response.text
    return response.json()["id"]


def stream(fleet: Fleet, submission_id: str, last: str | None = None):
    headers = {"Last-Event-ID": last} if last is not None else {}
    return httpx.stream(
        "GET",
        f"{fleet.base}/submissions/{submission_id}/events",
        headers=headers,
        timeout=httpx.Timeout(10, read=60),
    )


def test_events_arrive_one_per_test_in_order_from_another_process(fleet):
    submission_id = submit(fleet, SLOW_RIGHT)
    partial = None
    events: list[Event] = []
    with stream(fleet, submission_id) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        for event in read_events(response):
            events.append(event)
            if event.name == "test" and partial is None:
                # While the run goes on, the stored result already shows what finished.
                partial = httpx.get(f"{fleet.base}/submissions/{submission_id}", timeout=10).json()
    assert events[0].name == "status"
    tests = [e for e in events if e.name == "test"]
    assert [e.id for e in tests] == [str(k) for k in range(1, CAN_SHIFT_TESTS + 1)]
    assert [e.data["position"] for e in tests] == list(range(CAN_SHIFT_TESTS))
    assert events[-1].name == "done" and events[-1].id == "done"
    result = events[-1].data
    assert result["verdict"] == "accepted"
    # Each event is the test as the stored result has it.
    for event, final in zip(tests, result["tests"], strict=True):
        assert {k: v for k, v in event.data.items() if k != "position"} == final
    assert partial["status"] == "running", partial
    assert 1 <= len(partial["tests"]) < CAN_SHIFT_TESTS
    assert partial["tests_total"] == CAN_SHIFT_TESTS
    # Live, not replayed at the end: the tests arrived spread over the run.
    assert tests[-1].at - tests[0].at > 0.3


def test_a_stream_resumes_after_the_last_event_id(fleet):
    submission_id = submit(fleet, SLOW_RIGHT)
    with stream(fleet, submission_id) as response:
        first = [e for e in read_events(response, stop_after=4) if e.name == "test"]
    assert first, "no test event before disconnecting"
    last = first[-1].id
    with stream(fleet, submission_id, last=last) as response:
        rest = list(read_events(response))
    tests = [e for e in rest if e.name == "test"]
    assert [e.data["position"] for e in tests] == list(range(int(last), CAN_SHIFT_TESTS))
    assert rest[-1].name == "done"
    # Once done, resuming from the end says so, and the whole stream can be replayed.
    ended = httpx.get(
        f"{fleet.base}/submissions/{submission_id}/events",
        headers={"Last-Event-ID": "done"},
        timeout=10,
    )
    assert ended.status_code == 204
    with stream(fleet, submission_id, last=str(CAN_SHIFT_TESTS - 2)) as response:
        tail = list(read_events(response))
    assert [e.id for e in tail] == [str(CAN_SHIFT_TESTS - 1), str(CAN_SHIFT_TESTS), "done"]


def test_unknown_submission_and_bad_last_event_id_are_errors(fleet):
    missing = httpx.get(f"{fleet.base}/submissions/{'0' * 32}/events", timeout=10)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "submission_not_found"
    submission_id = submit(fleet, "def can_shift(a, b):\n    return False\n")
    bad = httpx.get(
        f"{fleet.base}/submissions/{submission_id}/events",
        headers={"Last-Event-ID": "seven"},
        timeout=10,
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "Last-Event-ID"
    # A submission's id is not a run's.
    assert httpx.get(f"{fleet.base}/runs/{submission_id}/events", timeout=10).status_code == 404


def _result(index: int, verdict: str = "accepted") -> TestResult:
    return TestResult(id=f"sample/{index}", group="sample", verdict=verdict)


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_a_new_attempt_resets_the_stream_and_resume_knows_the_attempt(make_fake_service):
    """A worker dies mid-run: what it sent stops standing (a `reset`), the new
    attempt's tests follow with ids that name it, and resuming with an old attempt's
    id starts that submission's tests afresh."""
    client, svc = make_fake_service(workers=0)
    [row] = svc.queue.add([NewSubmission("can_shift", "h", "x = 1")])
    first = svc.queue.claim("w1")
    assert svc.queue.progress(first, [(0, _result(0, "wrong_answer")), (1, _result(1))], 3)
    seen: list[Event] = []
    with client.stream("GET", f"/submissions/{row.id}/events") as response:
        events = read_events(response)
        while len([e for e in seen if e.name == "test"]) < 2:
            seen.append(next(events))
        svc.queue.release(first)
        second = svc.queue.claim("w2")
        assert svc.queue.progress(second, [(0, _result(0))], 3)
        svc.queue.complete(second, _judgement(3))
        seen += list(events)
    names = [(e.name, e.id) for e in seen if e.name != "status"]
    assert names == [
        ("test", "1"),
        ("test", "2"),
        ("reset", None),
        ("test", "2.1"),
        ("test", "2.2"),
        ("test", "2.3"),
        ("done", "done"),
    ]
    assert [t["verdict"] for t in seen[-1].data["tests"]] == ["accepted"] * 3

    def resumed(last: str) -> list[tuple[str, str | None]]:
        headers = {"Last-Event-ID": last}
        with client.stream("GET", f"/submissions/{row.id}/events", headers=headers) as r:
            return [(e.name, e.id) for e in read_events(r)]

    assert resumed("2.2") == [("test", "2.3"), ("done", "done")]
    assert resumed("1") == [
        ("reset", None),
        ("test", "2.1"),
        ("test", "2.2"),
        ("test", "2.3"),
        ("done", "done"),
    ]


def _judgement(count: int) -> Judgement:
    return Judgement(
        problem_id="can_shift",
        verdict=Verdict.accepted,
        time_ms=1.0,
        wall_ms=1.0,
        tests=[_result(index) for index in range(count)],
        provenance=Provenance(
            runner_image="", problem_hash="h", harness_version="", judge_version=""
        ),
    )


@pytest.mark.parametrize("last", ["²".encode("latin-1"), b"9" * 25, b"1.2.3", b"-1", b"done!"])
def test_a_malformed_last_event_id_is_a_422(make_fake_service, last):
    client, svc = make_fake_service(workers=0)
    [row] = svc.queue.add([NewSubmission("can_shift", "h", "x = 1")])
    response = client.get(f"/submissions/{row.id}/events", headers={b"Last-Event-ID": last})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "Last-Event-ID"


def test_another_keys_submission_has_no_events(make_fake_service):
    client, svc = make_fake_service(workers=0)
    alice, bob = svc.keys.create("alice"), svc.keys.create("bob")
    response = client.post(
        "/submissions",
        json={"problem_id": "can_shift", "source": "x = 1"},
        headers={"Authorization": f"Bearer {alice}"},
    )
    submission_id = response.json()["id"]
    stranger = client.get(
        f"/submissions/{submission_id}/events", headers={"Authorization": f"Bearer {bob}"}
    )
    assert stranger.status_code == 404
    assert client.get(f"/submissions/{submission_id}/events").status_code == 401
