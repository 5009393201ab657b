"""The store bounds what one result may leave in the database, whatever the judge returned."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api import db
from api.app import create_app
from api.context import Service
from api.models import Submission, TestRow
from api.queue import NewSubmission, Queue
from api.schemas import EngineHealth
from api.server import build
from api.settings import ServiceSettings
from api.stored import (
    MESSAGE_CAP_BYTES,
    OUTPUT_CAP_BYTES,
    STDOUT_CAP_BYTES,
    SUBMISSION_CAP_BYTES,
)
from judge.problem import Problem
from judge.verdicts import Judgement, Provenance, TestResult, TestVerdict, Verdict
from tests.api.fakes import FakeJudge

PROVENANCE = Provenance(
    runner_image="fake", problem_hash="h", harness_version="v", judge_version="j"
)
MB = 1 << 20


def flood(problem: Problem, source: str) -> Judgement:
    """15 MB printed over the 3 sample tests, and a 1 MB return value on the first."""
    tests = [
        TestResult(
            id=case.id,
            group=case.group,
            verdict=TestVerdict.wrong_answer,
            time_ms=1.0,
            **(
                {}
                if case.group == "secret"
                else {
                    "input": case.args,
                    "expected": case.expected,
                    "output": ["x" * 1000] * 1000 if case.id == problem.samples[0].id else True,
                    "stdout": "y" * (5 * MB),
                }
            ),
        )
        for case in problem.tests
    ]
    return Judgement(
        problem_id=problem.id,
        verdict=Verdict.wrong_answer,
        message="z" * MB,
        time_ms=1.0,
        wall_ms=1.0,
        tests=tests,
        provenance=PROVENANCE,
    )


@pytest.fixture
def flooded_service(tmp_path: Path, small_library: Path) -> Iterator[tuple[TestClient, Service]]:
    settings = ServiceSettings(
        database_url=f"sqlite:///{tmp_path}/judge.db", workers=1, problems_dir=small_library
    )
    svc, pool = build(settings, settings.workers)
    pool.make_judge = lambda: FakeJudge(flood)
    svc.engine_health = lambda: EngineHealth(engine=True, image=True)
    with TestClient(create_app(svc, on_start=pool.start, on_stop=pool.stop)) as client:
        yield client, svc


def database_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.glob("judge.db*"))


def test_fifteen_megabytes_of_stdout_store_and_return_under_a_megabyte(flooded_service, tmp_path):
    client, _ = flooded_service
    body = {"problem_id": "can_shift", "source": "x = 1"}
    client.post("/submissions", params={"wait": True}, json=body)  # the file's first pages
    before = database_bytes(tmp_path)
    response = client.post("/submissions", params={"wait": True}, json=body)
    assert response.status_code == 200, response.text
    grown = database_bytes(tmp_path) - before
    print(f"database grew by {grown} bytes")
    assert grown < 2 * MB
    fetched = client.get(f"/submissions/{response.json()['id']}")
    print(f"GET returned {len(fetched.content)} bytes")
    assert len(fetched.content) < MB
    result = fetched.json()
    samples = [t for t in result["tests"] if t["group"] == "sample"]
    assert len(samples) == 3
    for test in samples:
        assert test["stdout"] == "y" * STDOUT_CAP_BYTES + (
            f"… [truncated {5 * MB - STDOUT_CAP_BYTES} bytes]"
        )
    big = len(json.dumps(["x" * 1000] * 1000))
    assert samples[0]["output"] == f"<output of {big} bytes not stored>"
    assert samples[1]["output"] is True
    assert result["message"] == "z" * MESSAGE_CAP_BYTES + (
        f"… [truncated {MB - MESSAGE_CAP_BYTES} bytes]"
    )


@pytest.fixture
def queue(tmp_path: Path) -> Queue:
    url = f"sqlite:///{tmp_path}/queue.db"
    db.upgrade(url)
    return Queue(db.sessions(db.make_engine(url)), lease_s=5.0, max_attempts=3)


def store(queue: Queue, tests: list[TestResult], message: str | None = None) -> Submission:
    [added] = queue.add([NewSubmission(problem_id="p", problem_hash="h", source="x = 1")])
    claim = queue.claim("w")
    assert claim is not None
    judged = Judgement(
        problem_id="p",
        verdict=Verdict.accepted,
        message=message,
        time_ms=1.0,
        max_time_ms=0.5,
        memory_kb=4096,
        wall_ms=2.0,
        tests=tests,
        provenance=PROVENANCE,
    )
    assert queue.complete(claim, judged)
    with queue.sessions() as session:
        stored = session.scalar(select(Submission).where(Submission.id == added.id))
        assert stored is not None
        return stored


def sample(index: int, **fields) -> TestResult:
    return TestResult(id=f"sample/{index}", group="sample", verdict="accepted", **fields)


def test_the_submission_total_is_capped_across_tests(queue):
    stored = store(queue, [sample(i, stdout="s" * STDOUT_CAP_BYTES) for i in range(30)])
    kept = [len(t.detail["stdout"].partition("…")[0].encode()) for t in stored.tests]
    assert sum(kept) == SUBMISSION_CAP_BYTES
    assert kept[:16] == [STDOUT_CAP_BYTES] * 16 and kept[16:] == [0] * 14
    assert stored.tests[-1].detail["stdout"] == f"… [truncated {STDOUT_CAP_BYTES} bytes]"


def test_output_that_fits_is_kept_and_a_bigger_one_is_replaced(queue):
    fits = "o" * (OUTPUT_CAP_BYTES - 2)  # two quotes in its JSON
    stored = store(queue, [sample(0, output=fits), sample(1, output=fits + "o")])
    assert stored.tests[0].detail["output"] == fits
    assert (
        stored.tests[1].detail["output"] == f"<output of {OUTPUT_CAP_BYTES + 1} bytes not stored>"
    )


def test_truncation_keeps_whole_utf8_characters(queue):
    text = "é" * STDOUT_CAP_BYTES  # two bytes each
    [test] = store(queue, [sample(0, stdout=text)]).tests
    kept, _, marker = test.detail["stdout"].partition("…")
    assert kept == "é" * (STDOUT_CAP_BYTES // 2)
    assert marker == f" [truncated {STDOUT_CAP_BYTES} bytes]"


def test_lone_surrogates_anywhere_in_a_result_are_stored_as_question_marks(queue):
    stored = store(
        queue,
        [
            sample(
                0,
                message="m\ud800",
                input={"a\udc00": "\ud800"},
                expected=["\udfff"],
                output={"k\ud800": "v\ud800"},
                stdout="\ud800\n",
                traceback="  line 1, in f\ud800",
            ),
            TestResult(id="secret/\ud800", group="secret", verdict="accepted", time_band="low"),
        ],
        message="whole \ud800",
    )
    assert stored.message == "whole ?"
    first, secret = stored.tests
    assert first.message == "m?"
    assert first.detail == {
        "input": {"a?": "?"},
        "expected": ["?"],
        "output": {"k?": "v?"},
        "stdout": "?\n",
        "traceback": "  line 1, in f?",
    }
    assert (secret.test_id, secret.detail, secret.time_band) == ("secret/?", None, "low")


def test_new_measurements_are_stored(queue):
    stored = store(
        queue,
        [sample(0, time_ms=1.5, wall_ms=3.25, memory_kb=2048, time_band=None)],
    )
    assert (stored.max_time_ms, stored.memory_kb) == (0.5, 4096)
    [test] = stored.tests
    assert (test.time_ms, test.wall_ms, test.memory_kb) == (1.5, 3.25, 2048)


def test_a_secret_tests_time_band_is_stored(queue):
    secret = TestResult(id="secret/1", group="secret", verdict="accepted", time_band="high")
    [test] = store(queue, [secret]).tests
    assert isinstance(test, TestRow) and test.time_band == "high" and test.detail is None
