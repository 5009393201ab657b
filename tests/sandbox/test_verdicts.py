"""Every verdict, produced by a real submission in a real container."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

from judge.config import Settings
from judge.judging import Judge
from judge.problem import load_problem
from judge.verdicts import TestVerdict, Verdict
from sandbox import accounting
from sandbox.container import Sandbox

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"


def test_correct_solution_is_accepted(judge_add):
    result = judge_add("def add(a, b):\n    return a + b\n")
    assert result.verdict is Verdict.accepted
    assert [t.verdict for t in result.tests] == [TestVerdict.accepted] * 4
    sample, *secret = result.tests
    assert 0 < sample.time_ms < 500 and sample.wall_ms >= sample.time_ms
    assert 0 < sample.memory_kb < 256 << 10
    # Secret tests show one bit of time and no figures (grading.secret_view).
    assert [(t.time_ms, t.wall_ms, t.memory_kb, t.time_band) for t in secret] == [
        (None, None, None, "low")
    ] * 3
    assert 0 < result.max_time_ms < 500 and result.memory_kb >= sample.memory_kb


def test_wrong_value_is_wrong_answer(judge_add):
    result = judge_add("def add(a, b):\n    return a - b if a > 5 else a + b\n")
    assert result.verdict is Verdict.wrong_answer
    assert result.tests[0].verdict is TestVerdict.accepted
    assert result.tests[1].verdict is TestVerdict.wrong_answer
    # A wrong answer does not stop the run: later tests still get a verdict.
    assert result.tests[3].verdict is TestVerdict.wrong_answer


def test_infinite_loop_is_time_limit_exceeded(judge_add):
    started = time.monotonic()
    result = judge_add("""
        def add(a, b):
            while True:
                pass
    """)
    assert result.verdict is Verdict.time_limit_exceeded
    assert result.tests[0].verdict is TestVerdict.time_limit_exceeded
    assert result.tests[0].time_ms >= 500
    assert {t.verdict for t in result.tests[1:]} == {TestVerdict.skipped}
    assert time.monotonic() - started < 5


def test_sleeping_is_time_limit_exceeded(judge_add):
    result = judge_add("import time\ndef add(a, b):\n    time.sleep(30)\n")
    assert result.verdict is Verdict.time_limit_exceeded


def test_cpu_heavy_secret_test_is_time_limit_exceeded_after_fast_ones(judge_add):
    result = judge_add("""
        import time
        def add(a, b):
            if a == -5:
                end = time.process_time() + 0.7
                while time.process_time() < end:
                    pass
            return a + b
    """)
    assert [t.verdict for t in result.tests] == [
        TestVerdict.accepted,
        TestVerdict.accepted,
        TestVerdict.time_limit_exceeded,
        TestVerdict.skipped,
    ]
    assert result.tests[2].message == "exceeded the time limit"


def test_sleeping_is_not_charged_as_cpu_time(judge_add):
    # 0.7 s of sleep is over the 0.5 s limit in wall time, but uses no CPU: the limit is
    # on CPU time, and the wall-clock backstop (3 x 0.5 + 1 s) is far away.
    result = judge_add("""
        import time
        def add(a, b):
            time.sleep(0.7)
            return a + b
    """)
    assert result.verdict is Verdict.accepted, result.message
    sample = result.tests[0]
    assert sample.time_ms < 100 and sample.wall_ms >= 700


def test_sleeping_past_the_wall_clock_backstop_is_time_limit_exceeded(judge_add):
    started = time.monotonic()
    result = judge_add("""
        import time
        def add(a, b):
            time.sleep(60)
    """)
    assert result.verdict is Verdict.time_limit_exceeded
    assert result.tests[0].message == "ran more than 2.5 s of wall time"
    assert time.monotonic() - started < 2.5 + 5


def test_loop_at_module_level_is_time_limit_exceeded(judge_add):
    started = time.monotonic()
    result = judge_add("while True:\n    pass\n")
    assert result.verdict is Verdict.time_limit_exceeded
    assert "did not finish loading" in result.message
    # 5 s of CPU time, or the 16 s wall-clock backstop on a machine too busy to give it.
    assert time.monotonic() - started < 16 + 5


def test_memory_hog_is_memory_limit_exceeded(judge_add):
    result = judge_add("""
        def add(a, b):
            blocks = []
            while True:
                blocks.append(bytearray(8 << 20))
                blocks[-1][::4096] = b"x" * len(blocks[-1][::4096])
    """)
    assert result.verdict is Verdict.memory_limit_exceeded
    assert result.tests[0].verdict is TestVerdict.memory_limit_exceeded


def test_impossible_allocation_is_memory_limit_exceeded(judge_add):
    result = judge_add("def add(a, b):\n    return len(bytearray(1 << 46))\n")
    assert result.verdict is Verdict.memory_limit_exceeded


def test_exception_is_runtime_error_with_type_shown(judge_add):
    result = judge_add("def add(a, b):\n    return {}[a]\n")
    assert result.verdict is Verdict.runtime_error
    assert result.tests[0].message == "KeyError: 1"
    # On secret tests only the type is shown: the message could carry hidden inputs.
    assert result.tests[1].message == "raised KeyError"


def test_module_level_exception_is_runtime_error(judge_add):
    result = judge_add("import no_such_module\ndef add(a, b):\n    return a + b\n")
    assert result.verdict is Verdict.runtime_error
    assert "ModuleNotFoundError" in result.message


def test_sys_exit_is_runtime_error(judge_add):
    result = judge_add("import sys\ndef add(a, b):\n    sys.exit(0)\n")
    assert result.verdict is Verdict.runtime_error
    assert "SystemExit" in result.tests[0].message


def test_os_exit_is_runtime_error(judge_add):
    result = judge_add("import os\ndef add(a, b):\n    os._exit(0)\n")
    assert result.verdict is Verdict.runtime_error
    assert "exited before answering (exit code 0)" in result.tests[0].message


def test_segfault_is_runtime_error(judge_add):
    result = judge_add("import ctypes\ndef add(a, b):\n    ctypes.string_at(0)\n")
    assert result.verdict is Verdict.runtime_error
    assert "signal 11" in result.tests[0].message


def test_syntax_error_is_compilation_error(judge_add):
    result = judge_add("def add(a, b)\n    return a + b\n")
    assert result.verdict is Verdict.compilation_error
    assert "SyntaxError" in result.message
    assert {t.verdict for t in result.tests} == {TestVerdict.skipped}


def test_missing_function_is_compilation_error(judge_add):
    result = judge_add("def plus(a, b):\n    return a + b\n")
    assert result.verdict is Verdict.compilation_error
    assert result.message == "function 'add' is not defined"


def test_function_that_is_not_callable_is_compilation_error(judge_add):
    result = judge_add("add = 3\n")
    assert result.verdict is Verdict.compilation_error
    assert "not callable" in result.message


def test_oversized_source_is_compilation_error(judge_add):
    result = judge_add("def add(a, b):\n    return a + b\n" + "#" * (70 << 10))
    assert result.verdict is Verdict.compilation_error
    assert "limit" in result.message


def test_printing_too_much_is_output_limit_exceeded(judge_add):
    result = judge_add("def add(a, b):\n    print('x' * 100_000)\n    return a + b\n")
    assert result.verdict is Verdict.output_limit_exceeded


def test_raw_writes_to_stdout_fd_are_output_limit_exceeded(judge_add):
    result = judge_add("""
        import os
        def add(a, b):
            for _ in range(1000):
                os.write(1, b"y" * 4096)
            return a + b
    """)
    assert result.verdict is Verdict.output_limit_exceeded


def test_small_prints_are_shown_for_samples_only(judge_add):
    result = judge_add("def add(a, b):\n    print('thinking', a)\n    return a + b\n")
    assert result.verdict is Verdict.accepted
    assert result.tests[0].stdout == "thinking 1\n"
    assert result.tests[1].stdout is None


def test_crashing_custom_checker_is_internal_error(judge, make_problem):
    folder = make_problem()
    yaml_file = folder / "problem.yaml"
    yaml_file.write_text(yaml_file.read_text() + "checker: {kind: custom}\n")
    (folder / "checker.py").write_text("def check(args, expected, actual):\n    return 1 / 0\n")
    result = judge.judge(load_problem(folder), "def add(a, b):\n    return a + b\n")
    assert result.verdict is Verdict.internal_error
    assert "ZeroDivisionError" in result.message


def test_tuples_and_numpy_values_are_compared_as_json(judge, make_problem):
    yaml_text = """\
title: Pairs
difficulty: easy
function:
  name: pairs
  params: [{name: xs, type: "list[int]"}]
  returns: "list[tuple[int, float]]"
limits: {time_s: 2}
"""
    cases = {"secret": [({"xs": [1, 2]}, [[1, 0.5], [2, 1.0]])]}
    folder = make_problem(name="pairs", yaml_text=yaml_text, cases=cases)
    source = """
import numpy as np
def pairs(xs):
    return [(np.int64(x), np.float64(x) / 2) for x in xs]
"""
    assert judge.judge(load_problem(folder), source).verdict is Verdict.accepted


def test_without_the_cgroup_tree_the_engine_stats_stand_in(monkeypatch, tmp_path):
    """Where the cgroup tree is not visible (the judge in a container), CPU time and
    memory come from the engine's one-shot stats and OOM from the engine's word once
    the container stopped; the verdicts are the same as through the cgroup files."""
    monkeypatch.setattr(accounting, "CGROUP_ROOT", tmp_path)
    cold = Judge(Sandbox(Settings().runner_image))  # no pool: launched after the patch
    target = load_problem(HOSTILE / "problem" / "hostile")
    result = cold.judge(target, (HOSTILE / "cases" / "10_child_memory_bomb.py").read_text())
    assert result.verdict is Verdict.memory_limit_exceeded, result.message
    burner = "import time\ndef f(x):\n    end = time.process_time() + 0.2\n"
    burner += "    while time.process_time() < end:\n        pass\n    return x + 1000000\n"
    result = cold.judge(target, burner)
    assert result.verdict is Verdict.accepted, result.message
    assert 150 < result.tests[0].time_ms < 1000 and result.memory_kb > 0


def test_each_test_is_reported_as_it_ends_with_the_result_it_keeps(judge, add_problem):
    """Live progress: one report per test that ran, in order, each the very result the
    judgement holds; the run ends at a time limit, so the rest are skipped unreported."""
    reports: list[tuple[int, float, object]] = []
    source = textwrap.dedent(
        """
        def add(a, b):
            if (a, b) == (-5, 5):
                while True:
                    pass
            return a + b
        """
    )
    judgement = judge.judge(
        add_problem, source, on_test=lambda i, r: reports.append((i, time.monotonic(), r))
    )
    assert judgement.verdict == "time_limit_exceeded"
    ran = [t for t in judgement.tests if t.verdict != "skipped"]
    assert [i for i, _, _ in reports] == list(range(len(ran)))
    assert [r for _, _, r in reports] == ran
    assert reports[-1][2].verdict == "time_limit_exceeded"
    assert len(ran) < len(judgement.tests)


def test_a_sample_tests_traceback_shows_only_the_submissions_own_lines(judge, add_problem):
    source = textwrap.dedent(
        """
        def helper(a):
            return [a][a + 10]

        def add(a, b):
            return helper(a) + b
        """
    )
    judgement = judge.judge(add_problem, source)
    sample = next(t for t in judgement.tests if t.group == "sample")
    assert sample.verdict == "runtime_error"
    assert sample.traceback.splitlines() == [
        "Traceback (most recent call last; your code only):",
        "  line 6, in add",
        "    return helper(a) + b",
        "  line 3, in helper",
        "    return [a][a + 10]",
    ]
    assert "harness" not in sample.traceback
    assert all(t.traceback is None for t in judgement.tests if t.group == "secret")


def test_an_error_while_loading_names_its_line(judge_add):
    result = judge_add("x = 1\ny = undefined_name\ndef add(a, b):\n    return a + b\n")
    assert result.verdict == "runtime_error"
    assert result.message == "NameError: name 'undefined_name' is not defined (line 2, in <module>)"


def test_a_deep_recursion_shows_its_innermost_frames(judge_add):
    """The traceback keeps the frames nearest the error, however deep it went."""
    source = textwrap.dedent(
        """
        import sys
        sys.setrecursionlimit(10_000)

        def down(n):
            if n == 0:
                raise ValueError("bottom")
            return down(n - 1)

        def add(a, b):
            return down(3000)
        """
    )
    result = judge_add(source)
    sample = next(t for t in result.tests if t.group == "sample")
    lines = sample.traceback.splitlines()
    assert lines[-2:] == ["  line 7, in down", '    raise ValueError("bottom")']
    assert len([line for line in lines if line.startswith("  line")]) == 20
