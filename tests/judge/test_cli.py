"""The `judge` command as a person runs it: real process, real engine, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from judge.problem import load_problem

REPO = Path(__file__).resolve().parents[2]
JUDGE = Path(sys.executable).with_name("judge")
CAN_SHIFT = REPO / "problems" / "can_shift"


def judge_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(JUDGE), *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
    )


def solution(tmp_path: Path, source: str) -> str:
    file = tmp_path / "solution.py"
    file.write_text(source)
    return str(file)


@pytest.mark.docker
def test_reference_solution_is_accepted_as_json():
    done = judge_cli("run", "can_shift", str(CAN_SHIFT / "solution.py"), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["verdict"] == "accepted"
    assert len(result["tests"]) == len(load_problem(CAN_SHIFT).tests)
    assert all(t["verdict"] == "accepted" for t in result["tests"])
    assert all(t["time_ms"] > 0 for t in result["tests"] if t["group"] == "sample")
    assert all(t["time_band"] == "low" for t in result["tests"] if t["group"] == "secret")
    assert result["time_ms"] > 0 and result["max_time_ms"] > 0 and result["memory_kb"] > 0
    assert set(result["provenance"]) >= {"runner_image", "problem_hash", "harness_version"}
    assert result["provenance"]["runner_image"].startswith("sha256:")


@pytest.mark.docker
@pytest.mark.parametrize(
    ("source", "verdict"),
    [
        ("def can_shift(a, b):\n    return sorted(a) == sorted(b)\n", "wrong_answer"),
        ("def can_shift(a, b):\n    while True:\n        pass\n", "time_limit_exceeded"),
        (
            "def can_shift(a, b):\n    return [a * 100_000 for _ in range(10_000)]\n",
            "memory_limit_exceeded",
        ),
        ("def can_shift(a, b):\n    return a[len(a)]\n", "runtime_error"),
        ("def can_shift(a, b):\n    return a ==\n", "compilation_error"),
        ("def rotate(a, b):\n    return True\n", "compilation_error"),
    ],
)
def test_rejected_solutions_exit_1_with_their_verdict(tmp_path, source, verdict):
    done = judge_cli("run", "can_shift", solution(tmp_path, source), "--json")
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["verdict"] == verdict


@pytest.mark.docker
def test_table_shows_samples_in_full_and_secret_tests_by_verdict_only(tmp_path):
    done = judge_cli(
        "run", str(CAN_SHIFT), solution(tmp_path, "def can_shift(a, b):\n    return False\n")
    )
    assert done.returncode == 1
    assert "wrong_answer" in done.stdout
    assert '"abid"' in done.stdout  # a sample input
    secret = json.loads((CAN_SHIFT / "tests" / "secret" / "01_equal_strings.json").read_text())
    assert secret["args"]["a"] not in done.stdout


@pytest.mark.docker
def test_a_sample_that_raised_prints_a_traceback_of_the_solutions_lines(tmp_path):
    source = "def helper(a):\n    return a[100]\n\ndef can_shift(a, b):\n    return helper(a)\n"
    done = judge_cli("run", str(CAN_SHIFT), solution(tmp_path, source))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    start = lines.index("Traceback (most recent call last; your code only):")
    assert lines[start + 1 : start + 6] == [
        "  line 5, in can_shift",
        "    return helper(a)",
        "  line 2, in helper",
        "    return a[100]",
        "IndexError: string index out of range",
    ]
    assert "harness.py" not in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("run", "no_such_problem", "x.py"),
        ("run", "can_shift", "/nonexistent/solution.py"),
        ("check",),
        ("run",),
    ],
)
def test_bad_usage_exits_2_with_a_message(args):
    done = judge_cli(*args)
    assert done.returncode == 2
    assert done.stderr.strip()


def test_engine_down_exits_3_and_says_how_to_start_it(tmp_path):
    done = judge_cli(
        "run",
        "can_shift",
        str(CAN_SHIFT / "solution.py"),
        env={"DOCKER_HOST": f"unix://{tmp_path}/no-docker.sock"},
    )
    assert done.returncode == 3
    assert "Docker engine is not answering" in done.stderr
    assert "dockerd" in done.stderr


@pytest.mark.docker
def test_missing_runner_image_exits_3_and_names_the_fix():
    done = judge_cli(
        "run",
        "can_shift",
        str(CAN_SHIFT / "solution.py"),
        env={"JUDGE_RUNNER_IMAGE": "pyjudge-runner:missing"},
    )
    assert done.returncode == 3
    assert "judge image build" in done.stderr


@pytest.mark.docker
def test_check_all_passes_on_the_shipped_library():
    done = judge_cli("check", "--all")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "FAIL" not in done.stdout
    assert "problems passed" in done.stdout


@pytest.mark.docker
def test_check_reports_a_submission_with_the_wrong_verdict(make_problem):
    folder = make_problem()
    wrong = folder / "submissions" / "wrong_answer"
    wrong.mkdir(parents=True)
    (wrong / "actually_right.py").write_text("def add(a, b):\n    return b + a\n")
    done = judge_cli("check", str(folder))
    assert done.returncode == 1
    assert "FAIL submissions/wrong_answer/actually_right.py: accepted" in done.stdout


@pytest.mark.docker
def test_check_reports_a_malformed_folder_by_file(make_problem):
    folder = make_problem()
    (folder / "problem.yaml").write_text("title: x\n")
    done = judge_cli("check", str(folder))
    assert done.returncode == 1
    assert "problem.yaml" in done.stdout and "difficulty" in done.stdout


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_problems_lists_the_library():
    done = judge_cli("problems", "--json")
    assert done.returncode == 0
    rows = {row["id"]: row for row in json.loads(done.stdout)}
    assert rows["can_shift"]["difficulty"] == "easy"
    assert rows["find_bigrams"]["tests"] == len(
        load_problem(REPO / "problems" / "find_bigrams").tests
    )
