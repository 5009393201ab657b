"""Problem versions and rejudges: a changed test flips a stored verdict, the old result
stays readable, nothing is queued twice for one version, and a rejudge backlog never
holds a new submission back."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from api import db, rejudge
from api.cli import app as cli_app
from api.models import ProblemVersion, Submission
from api.queue import NewSubmission
from judge.library import ProblemStore
from judge.problem import load_problem
from judge.verdicts import Judgement, Provenance
from tests.api.fakes import FakeJudge, judgement

REPO = Path(__file__).resolve().parents[2]
# Right whenever the two strings hold the same letters: a test of a rotation that is
# not an anagram's only difference is what catches it.
ANAGRAM = "def can_shift(a: str, b: str) -> bool:\n    return sorted(a) == sorted(b)\n"


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def weak_copy(tmp_path: Path) -> Path:
    """can_shift with only the tests an anagram check passes."""
    library = tmp_path / "library"
    shutil.copytree(REPO / "problems" / "can_shift", library / "can_shift")
    for case in (library / "can_shift" / "tests").glob("*/*.json"):
        if not case.name.startswith(("01_", "02_", "07_", "10_", "1_", "2_")):
            case.unlink()
    return library


def wait_done(client, submission_id: str, headers: dict[str, str], timeout_s: float = 60.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        body = client.get(f"/submissions/{submission_id}", headers=headers).json()
        if body["status"] == "done":
            return body
        time.sleep(0.1)
    raise AssertionError(f"{submission_id} not judged in {timeout_s} s")


def test_strengthened_tests_flip_a_stored_verdict_and_keep_the_old_one(make_service, tmp_path):
    library = weak_copy(tmp_path)
    database = f"sqlite:///{tmp_path}/shared.db"
    client, svc = make_service(problems_dir=library, database_url=database)
    admin = svc.keys.create("root", admin=True)
    solver = svc.keys.create("solver")
    sent = client.post(
        "/submissions", json={"problem_id": "can_shift", "source": ANAGRAM}, headers=bearer(solver)
    )
    first = wait_done(client, sent.json()["id"], bearer(solver))
    assert first["verdict"] == "accepted"

    # The author restores the full tests: a new version of the problem.
    shutil.rmtree(library / "can_shift" / "tests")
    shutil.copytree(REPO / "problems" / "can_shift" / "tests", library / "can_shift" / "tests")
    client2, _ = make_service(problems_dir=library, database_url=database)
    started = client2.post("/problems/can_shift/rejudge", headers=bearer(admin))
    assert started.status_code == 202, started.text
    assert started.json()["queued"] == 1

    second = wait_done(client2, first["id"], bearer(solver))
    assert second["verdict"] == "wrong_answer"
    assert second["problem_hash"] != first["problem_hash"]
    assert second["rejudged"] == 1
    [listed] = client2.get("/submissions", headers=bearer(solver)).json()["items"]
    assert listed["rejudged"] == 1 and listed["verdict"] == "wrong_answer"
    summary = client2.get(started.json()["url"], headers=bearer(admin)).json()
    assert summary["done"] == 1 and summary["pending"] == 0 and summary["changed"] == 1
    assert summary["transitions"] == [{"before": "accepted", "after": "wrong_answer", "count": 1}]
    assert summary["changed_submissions"][0]["url"] == f"/submissions/{first['id']}"

    [old] = client2.get(f"/submissions/{first['id']}/history", headers=bearer(solver)).json()
    assert old["verdict"] == "accepted"
    assert old["problem_hash"] == first["problem_hash"]
    assert [t["id"] for t in old["tests"]] == [t["id"] for t in first["tests"]]
    assert all(t["verdict"] == "accepted" for t in old["tests"])

    # Judged against the current version already: a second rejudge queues nothing.
    again = client2.post("/problems/can_shift/rejudge", headers=bearer(admin))
    assert again.json()["queued"] == 0


def test_rejudging_needs_an_admin_key(make_fake_service, assert_error):
    client, svc = make_fake_service()
    assert_error(client.post("/problems/can_shift/rejudge"), 401, "unauthorized")
    solver = svc.keys.create("solver")
    answer = client.post("/problems/can_shift/rejudge", headers=bearer(solver))
    assert_error(answer, 403, "forbidden")
    admin = svc.keys.create("root", admin=True)
    assert_error(
        client.post("/problems/nope/rejudge", headers=bearer(admin)), 404, "problem_not_found"
    )
    assert_error(
        client.get("/problems/can_shift/rejudges/99", headers=bearer(admin)),
        404,
        "rejudge_not_found",
    )
    assert_error(
        client.get("/problems/can_shift/rejudges/1", headers=bearer(solver)), 403, "forbidden"
    )
    body = {"verdict": "no_such_verdict"}
    answer = client.post("/problems/can_shift/rejudge", json=body, headers=bearer(admin))
    assert_error(answer, 422, "invalid_request")


def _judged_elsewhere(svc, count: int, problem_id: str = "can_shift") -> list[str]:
    """``count`` finished submissions judged against another version of the problem."""
    problem = svc.problems.get(problem_id)
    rows = svc.queue.add(
        [NewSubmission(problem_id, "old-version", f"# {i}\n") for i in range(count)]
    )
    ids = [row.id for row in rows]
    with svc.sessions.begin() as session:
        session.execute(
            update(Submission)
            .where(Submission.id.in_(ids))
            .values(status="done", verdict="accepted", problem_hash="old-version")
        )
    assert problem is not None
    return ids


def slow_fake(seconds: float):
    def make(problem, source) -> Judgement:
        time.sleep(seconds)
        result = judgement(problem)
        provenance = Provenance(
            **{**result.provenance.model_dump(), "problem_hash": problem.content_hash}
        )
        return result.model_copy(update={"provenance": provenance})

    return lambda: FakeJudge(make)


def test_a_rejudge_backlog_of_100_does_not_delay_a_new_submission(tmp_path, small_library):
    from tests.api.conftest import service_factory

    with service_factory(tmp_path, small_library, slow_fake(0.05)) as make:
        client, svc = make(workers=1)
        _judged_elsewhere(svc, 100)
        problem = svc.problems.get("can_shift")
        assert problem is not None
        backlog = rejudge.start(svc.sessions, problem, "test")
        assert backlog.queued == 100
        time.sleep(0.2)  # the worker is busy with the backlog now
        sent = time.monotonic()
        answer = client.post(
            "/submissions?wait=true", json={"problem_id": "can_shift", "source": ANAGRAM}
        )
        waited = time.monotonic() - sent
        assert answer.status_code == 200, answer.text
        summary = rejudge.summary(svc.sessions, "can_shift", backlog.id)
        assert summary is not None
        # Judged next, after at most the rejudge in hand: 100 x 50 ms were still ahead.
        assert summary.pending >= 90, summary
        assert waited < 1.0


def test_nothing_is_queued_twice_for_one_version(queue, tmp_path):
    problem = load_problem(REPO / "problems" / "can_shift")
    rows = queue.add([NewSubmission("can_shift", "old", f"# {i}\n") for i in range(40)])
    with queue.sessions.begin() as session:
        session.execute(
            update(Submission)
            .where(Submission.id.in_([row.id for row in rows]))
            .values(status="done", verdict="accepted")
        )
    results: list[int] = []

    def run() -> None:
        results.append(rejudge.start(queue.sessions, problem, "race").queued)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 0, 0, 40]
    assert rejudge.start(queue.sessions, problem, "again").queued == 0
    with queue.sessions() as session:
        priorities = set(session.scalars(select(Submission.priority)))
    assert priorities == {rejudge.REJUDGE_PRIORITY}


def test_filters_choose_what_is_rejudged(queue):
    problem = load_problem(REPO / "problems" / "can_shift")
    rows = queue.add([NewSubmission("can_shift", "old", f"# {i}\n") for i in range(6)])
    with queue.sessions.begin() as session:
        for index, row in enumerate(rows):
            session.execute(
                update(Submission)
                .where(Submission.id == row.id)
                .values(status="done", verdict="accepted" if index % 2 else "wrong_answer")
            )
    from judge.verdicts import Verdict

    wrong = rejudge.start(queue.sessions, problem, "test", verdict=Verdict.wrong_answer)
    assert wrong.queued == 3
    assert wrong.filters == {"since": None, "verdict": "wrong_answer"}


def test_a_starting_service_records_versions_and_rejudges_when_asked(tmp_path, caplog):
    url = f"sqlite:///{tmp_path}/judge.db"
    db.upgrade(url)
    sessions = db.sessions(db.make_engine(url))
    library = weak_copy(tmp_path)
    problems = ProblemStore(library).all()
    rejudge.on_start(sessions, problems, rejudge.OnChange.report)
    with sessions() as session:
        assert session.scalar(select(ProblemVersion.content_hash)) == problems[0].content_hash
    (library / "can_shift" / "statement.md").write_text("# Changed\n\nA new statement.\n")
    changed = ProblemStore(library).all()
    with sessions.begin() as session:
        session.add(
            Submission(
                id="a" * 32,
                problem_id="can_shift",
                problem_hash=problems[0].content_hash,
                source="#",
                status="done",
                verdict="accepted",
            )
        )
    with caplog.at_level("WARNING", logger="pyjudge.rejudge"):
        rejudge.on_start(sessions, changed, rejudge.OnChange.report)
    assert "problems changed since the last start: can_shift" in caplog.text
    assert "1 submissions were judged against an older version" in caplog.text
    with sessions() as session:
        assert session.scalar(select(Submission.status)) == "done"  # reported, not rejudged
    rejudge.on_start(sessions, changed, rejudge.OnChange.automatic)
    with sessions() as session:
        assert session.scalar(select(Submission.status)) == "queued"
        assert len(session.scalars(select(ProblemVersion)).all()) == 2


def test_cli_rejudge_queues_and_reports(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/judge.db"
    library = weak_copy(tmp_path)
    monkeypatch.setenv("JUDGE_DATABASE_URL", url)
    monkeypatch.setenv("JUDGE_PROBLEMS_DIR", str(library))
    db.upgrade(url)
    sessions = db.sessions(db.make_engine(url))
    with sessions.begin() as session:
        session.add(
            Submission(
                id="b" * 32,
                problem_id="can_shift",
                problem_hash="old",
                source="#",
                status="done",
                verdict="accepted",
            )
        )
    runner = CliRunner()
    bad = runner.invoke(cli_app, ["rejudge", "can_shift", "--verdict", "nope"])
    assert bad.exit_code == 2 and "--verdict must be one of" in bad.output
    missing = runner.invoke(cli_app, ["rejudge", "nope"])
    assert missing.exit_code == 2
    done = runner.invoke(cli_app, ["rejudge", "can_shift"])
    assert done.exit_code == 0, done.output
    assert "rejudge 1 of can_shift: 1 submissions queued" in done.output
    again = runner.invoke(cli_app, ["rejudge", "can_shift"])
    assert "0 submissions queued" in again.output


@pytest.mark.parametrize("admin", [True, False])
def test_keys_list_shows_who_may_rejudge(tmp_path, monkeypatch, admin):
    monkeypatch.setenv("JUDGE_DATABASE_URL", f"sqlite:///{tmp_path}/judge.db")
    runner = CliRunner()
    args = ["keys", "create", "someone"] + (["--admin"] if admin else [])
    assert runner.invoke(cli_app, args).exit_code == 0
    listed = runner.invoke(cli_app, ["keys", "list"]).output
    assert ("admin" if admin else "solver") in listed
