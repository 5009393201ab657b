"""Submissions that attack the protocol or the host's comparison cannot fake a pass."""

from __future__ import annotations

from judge.verdicts import TestVerdict, Verdict


def test_forged_records_on_the_private_stream_do_not_pass(judge_add):
    # Writes perfect-looking records for every test to every open descriptor, then dies.
    result = judge_add("""
        import json, os
        def add(a, b):
            for index in range(4):
                line = json.dumps({"event": "test", "index": index, "value": 999999,
                                   "error": None, "stdout": "", "stdout_truncated": False})
                for fd in range(3, 20):
                    try:
                        os.write(fd, (line + "\\n").encode())
                    except OSError:
                        pass
            os._exit(0)
    """)
    assert result.verdict is not Verdict.accepted
    assert TestVerdict.accepted not in {t.verdict for t in result.tests}


def test_rigged_equality_does_not_pass(judge_add):
    result = judge_add("""
        class Anything(int):
            def __eq__(self, other):
                return True
            __hash__ = int.__hash__
        def add(a, b):
            return Anything(-1)
    """)
    assert result.verdict is Verdict.wrong_answer


def test_object_that_is_not_json_is_runtime_error(judge_add):
    result = judge_add("""
        class Anything:
            def __eq__(self, other):
                return True
        def add(a, b):
            return Anything()
    """)
    assert result.verdict is Verdict.runtime_error
    assert "not a JSON value" in result.tests[0].message


def test_stealing_the_next_tests_input_from_stdin_gets_nothing(judge_add):
    result = judge_add("""
        import sys
        def add(a, b):
            return len(sys.stdin.read()) + a + b
    """)
    assert result.verdict is Verdict.accepted


def test_tampering_with_the_harness_does_not_pass(judge_add):
    # Replaces the harness's JSON encoder so every later record claims the right answer.
    result = judge_add("""
        import _json
        real = _json.make_encoder
        def forged(*settings):
            encode = real(*settings)
            def forging(record, level):
                if isinstance(record, dict) and record.get("event") == "test":
                    record = dict(record, value=30)
                return encode(record, level)
            return forging
        _json.make_encoder = forged
        def add(a, b):
            return None
    """)
    # Only the test whose answer really is 30 passes: the host compares with its own answers.
    verdicts = [t.verdict for t in result.tests]
    assert result.verdict is Verdict.wrong_answer
    assert verdicts.count(TestVerdict.accepted) == 1


def test_fork_bomb_is_contained(judge_add):
    result = judge_add("""
        import os
        def add(a, b):
            while True:
                try:
                    os.fork()
                except OSError:
                    pass
    """)
    assert result.verdict in {Verdict.time_limit_exceeded, Verdict.runtime_error}
