"""Loading problem folders: valid ones load, malformed ones name the file and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judge.config import REPO_PROBLEMS
from judge.library import load_all, resolve
from judge.problem import ProblemError, load_problem
from judge.verdicts import Verdict


def test_valid_folder_loads_with_tests_in_order(make_problem):
    problem = load_problem(make_problem())
    assert problem.id == "add"
    assert [t.id for t in problem.tests] == ["sample/00", "secret/00", "secret/01", "secret/02"]
    assert problem.tests[1].encoded_args == b"[10,20]"
    assert problem.meta.function.render() == "def add(a: int, b: int) -> int:"


def test_content_hash_changes_with_any_file(make_problem):
    folder = make_problem()
    before = load_problem(folder).content_hash
    (folder / "statement.md").write_text("Return the sum.\n")
    assert load_problem(folder).content_hash != before


def test_an_unchanged_folder_is_not_parsed_again_but_any_edit_is_seen(make_problem):
    folder = make_problem()
    first = load_problem(folder)
    assert load_problem(folder) is first
    case = folder / "tests" / "secret" / "00.json"
    case.write_text(case.read_text().replace("30", "31"))
    edited = load_problem(folder)
    assert edited is not first and edited.content_hash != first.content_hash
    assert edited.tests[1].expected == 31
    case.write_text("{")
    with pytest.raises(ProblemError, match="not valid JSON"):
        load_problem(folder)


def test_a_new_empty_folder_or_a_linked_one_is_not_hidden_by_an_earlier_load(
    make_problem, tmp_path
):
    folder = make_problem()
    load_problem(folder)
    (folder / "submissions" / "almost_right").mkdir(parents=True)  # no file: same hash
    with pytest.raises(ProblemError, match="not a verdict name"):
        load_problem(folder)
    (folder / "submissions" / "almost_right").rmdir()

    shared = tmp_path / "shared_tests"
    (folder / "tests").rename(shared)
    (folder / "tests").symlink_to(shared)  # the hash does not follow it; the parse does
    load_problem(folder)
    (shared / "secret" / "00.json").write_text("{")
    with pytest.raises(ProblemError, match="not valid JSON"):
        load_problem(folder)


@pytest.mark.slow  # seconds, not milliseconds: the full suite only
def test_shipped_problems_load():
    problems, errors = load_all(REPO_PROBLEMS)
    assert errors == []
    assert {"can_shift", "find_bigrams"} <= {p.id for p in problems}
    for problem in problems:
        secret = [t for t in problem.tests if t.group == "secret"]
        assert len(secret) >= 20, problem.id
        wrong = [
            f for v, fs in problem.submissions.items() if v is not Verdict.accepted for f in fs
        ]
        assert len(wrong) >= 3, problem.id


def _break_yaml(folder: Path, old: str, new: str) -> None:
    file = folder / "problem.yaml"
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new))


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("difficulty: easy", "difficulty: trivial", "difficulty", "easy"),
        ("time_s: 0.5", "time_s: -1", "limits.time_s", "greater than 0"),
        ("returns: int", "returns: list[int", "function.returns", "not a Python type"),
        ("returns: int", "returns: set[int]", "function.returns", "unsupported"),
        ("title: Add", "title: Add\ncolour: red", "colour", "not permitted"),
        ("title: Add\n", "", "title", "required"),
    ],
)
def test_malformed_problem_yaml_names_file_and_field(make_problem, old, new, field, words):
    folder = make_problem()
    _break_yaml(folder, old, new)
    with pytest.raises(ProblemError) as caught:
        load_problem(folder)
    assert caught.value.file.endswith("problem.yaml")
    assert caught.value.field == field
    assert words in caught.value.message


def test_invalid_yaml_syntax_names_the_file(make_problem):
    folder = make_problem()
    (folder / "problem.yaml").write_text("title: [unclosed\n")
    with pytest.raises(ProblemError, match=r"problem\.yaml: not valid YAML"):
        load_problem(folder)


@pytest.mark.parametrize(
    ("case", "field", "words"),
    [
        ({"args": {"a": 1}, "expected": 1}, "args", "exactly ['a', 'b']"),
        ({"args": {"a": 1, "b": "2"}, "expected": 3}, "args.b", "should be int, got str"),
        ({"args": {"a": 1, "b": 2}, "expected": True}, "expected", "should be int, got bool"),
        ({"args": {"a": 1, "b": 2}}, "expected", "required"),
        ({"args": {"a": 1, "b": 2}, "expected": 3, "hint": "x"}, "hint", "not permitted"),
    ],
)
def test_malformed_case_file_names_file_and_field(make_problem, case, field, words):
    folder = make_problem()
    (folder / "tests" / "secret" / "01.json").write_text(json.dumps(case))
    with pytest.raises(ProblemError) as caught:
        load_problem(folder)
    assert caught.value.file.endswith("secret/01.json")
    assert caught.value.field == field
    assert words in caught.value.message


def test_case_file_that_is_not_json_names_the_file(make_problem):
    folder = make_problem()
    (folder / "tests" / "secret" / "01.json").write_text("{args:")
    with pytest.raises(ProblemError, match=r"secret/01\.json: not valid JSON"):
        load_problem(folder)


@pytest.mark.parametrize(
    ("remove", "words"),
    [("solution.py", "missing"), ("statement.md", "missing"), ("tests/secret", "no test cases")],
)
def test_missing_parts_are_named(make_problem, remove, words):
    folder = make_problem()
    target = folder / remove
    if target.is_dir():
        for file in target.iterdir():
            file.unlink()
    else:
        target.unlink()
    with pytest.raises(ProblemError) as caught:
        load_problem(folder)
    assert remove.split("/")[-1] in caught.value.file
    assert words in caught.value.message


def test_custom_checker_without_checker_file_is_rejected(make_problem):
    folder = make_problem()
    (folder / "problem.yaml").write_text(
        (folder / "problem.yaml").read_text() + "checker: {kind: custom}\n"
    )
    with pytest.raises(ProblemError, match=r"checker\.py: missing"):
        load_problem(folder)


def test_unknown_submissions_folder_is_rejected(make_problem):
    folder = make_problem()
    (folder / "submissions" / "almost_right").mkdir(parents=True)
    with pytest.raises(ProblemError, match="is not a verdict name"):
        load_problem(folder)


def test_one_bad_folder_does_not_hide_the_others(tmp_path, make_problem):
    make_problem(name="good")
    broken = make_problem(name="broken")
    (broken / "problem.yaml").write_text("title: [")
    problems, errors = load_all(tmp_path)
    assert [p.id for p in problems] == ["good"]
    assert len(errors) == 1 and "broken" in errors[0].file


def test_resolve_accepts_an_id_or_a_folder(make_problem, tmp_path):
    folder = make_problem()
    assert resolve("add", tmp_path) == folder
    assert resolve(str(folder), Path("/nonexistent")) == folder
    with pytest.raises(ProblemError, match="known ids: add"):
        resolve("nope", tmp_path)


def test_store_picks_up_new_folders_but_does_not_reload_for_broken_ones(tmp_path, make_problem):
    from judge.library import ProblemStore

    make_problem(name="good")
    broken = make_problem(name="broken")
    (broken / "problem.yaml").write_text("title: [")
    store = ProblemStore(tmp_path)
    reloads = []
    original = store.reload
    store.reload = lambda: (reloads.append(1), original())[1]
    assert store.get("broken") is None
    assert store.get("broken") is None
    assert reloads == []
    make_problem(name="fresh")
    assert store.get("fresh") is not None
    assert reloads == [1]
    assert [p.id for p in store.all()] == ["fresh", "good"]
