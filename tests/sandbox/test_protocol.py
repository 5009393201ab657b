"""The host's strict reading of records: anything off-shape is a protocol error."""

from __future__ import annotations

import json

import pytest

from sandbox.errors import ProtocolError, TooLarge
from sandbox.job import AnswerLimit
from sandbox.protocol import parse_startup, parse_test

ANY = AnswerLimit()


def record(**overrides):
    base = {
        "event": "test",
        "index": 0,
        "value": 1,
        "error": None,
        "stdout": "",
        "stdout_truncated": False,
    }
    base.update(overrides)
    return json.dumps(base).encode()


def test_well_formed_test_record_is_read():
    parsed = parse_test(record(value=[1, "a"], stdout="hi"), 0, ANY)
    assert parsed.value == [1, "a"] and parsed.stdout == "hi" and parsed.error_type is None


@pytest.mark.parametrize(
    "line",
    [
        b"not json",
        b"\xff\xfe",
        b"[1, 2]",
        record(index=1),
        record(index=True),
        record(event="ready"),
        record(error="boom"),
        record(error={"type": "E"}),
        record(error={"type": "E", "message": "m"}),
        record(error={"type": "E", "message": "m", "lines": [[0, "f"]]}),
        record(error={"type": "E", "message": "m", "lines": [[True, "f"]]}),
        record(error={"type": "E", "message": "m", "lines": [[3, "f" * 101]]}),
        record(error={"type": "E", "message": "m", "lines": [[3, "f"]] * 21}),
        record(error={"type": "E", "message": "m", "lines": [[3, "f", "x"]]}),
        record(stdout=5),
        record(stdout_truncated="no"),
        record(extra=1),
        b'{"event": "test", "event": "test", "index": 0, "value": 1, "error": null, '
        b'"stdout": "", "stdout_truncated": false}',
        record(value=json.loads("[" * 150 + "]" * 150)),
        b'{"event": "test", "index": 0, "value": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        record(value=0).replace(b'"value": 0', b'"value": ' + b"9" * 5000),
    ],
)
def test_malformed_records_are_protocol_errors(line):
    with pytest.raises(ProtocolError):
        parse_test(line, 0, ANY)


def test_an_errors_frames_are_read():
    line = record(error={"type": "E", "message": "m", "lines": [[3, "f"], [9, "g"]]})
    assert parse_test(line, 0, ANY).error_lines == ((3, "f"), (9, "g"))


def test_startup_records():
    assert parse_startup(b'{"event": "ready"}').event == "ready"
    compile_error = parse_startup(b'{"event": "compile_error", "message": "SyntaxError: x"}')
    assert compile_error.message == "SyntaxError: x"
    with pytest.raises(ProtocolError):
        parse_startup(b'{"event": "ready", "verdict": "accepted"}')
    with pytest.raises(ProtocolError):
        parse_startup(b'{"event": "accepted"}')


def test_protocol_errors_never_quote_the_record():
    # A forged index or key could carry a secret test's input into a host message.
    for line in (record(index="secret-input-4711"), record(**{"secret-input-4711": 1})):
        with pytest.raises(ProtocolError) as caught:
            parse_test(line, 0, ANY)
        assert "4711" not in str(caught.value)


def test_unpaired_surrogates_are_replaced_and_reported():
    line = record(value={"\ud800": ["\udcff"]}, stdout="a\ud800", error=None)
    parsed = parse_test(line, 0, ANY)
    assert parsed.value == {"\ufffd": ["\ufffd"]} and parsed.stdout == "a\ufffd"
    assert parsed.replaced_text
    json.dumps(parsed.value).encode("utf-8")  # storable
    assert not parse_test(record(value="\U0001f600 ok"), 0, ANY).replaced_text


@pytest.mark.parametrize(
    ("value", "limit"),
    [
        ([{}] * 5000, AnswerLimit(containers=100)),
        ([0] * 50_000, AnswerLimit(values=1000)),
    ],
)
def test_an_answer_past_its_limit_is_refused_before_parsing(value, limit):
    with pytest.raises(TooLarge):
        parse_test(record(value=value), 0, limit)


def test_an_import_error_keeps_only_the_size_of_what_loading_printed():
    line = json.dumps(
        {
            "event": "import_error",
            "type": "ValueError",
            "message": "bad",
            "lines": [[1, "<module>"]],
            "stdout": "é" * 10,
            "stdout_truncated": False,
        }
    ).encode()
    startup = parse_startup(line)
    assert (startup.event, startup.error_type, startup.message) == (
        "import_error",
        "ValueError",
        "bad",
    )
    assert startup.stdout_bytes == 20
    assert not hasattr(startup, "stdout")
