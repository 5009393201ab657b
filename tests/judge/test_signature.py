from __future__ import annotations

import pytest

from judge import signature


@pytest.mark.parametrize(
    ("annotation", "spec"),
    [
        ("int", {"kind": "int"}),
        ("list[str]", {"kind": "list", "of": {"kind": "str"}}),
        (
            "list[tuple[str, str]]",
            {"kind": "list", "of": {"kind": "tuple", "items": [{"kind": "str"}, {"kind": "str"}]}},
        ),
        ("tuple[float, ...]", {"kind": "tuple", "of": {"kind": "float"}}),
        ("dict[str, list[int]]", {"kind": "dict", "of": {"kind": "list", "of": {"kind": "int"}}}),
        ("int | None", {"kind": "optional", "of": {"kind": "int"}}),
        ("Optional[float]", {"kind": "optional", "of": {"kind": "float"}}),
    ],
)
def test_annotations_parse_to_specs(annotation, spec):
    assert signature.parse(annotation) == spec


@pytest.mark.parametrize("annotation", ["set[int]", "dict[int, str]", "int | str", "list[", "os"])
def test_unsupported_annotations_are_rejected(annotation):
    with pytest.raises(signature.TypeSyntaxError):
        signature.parse(annotation)


@pytest.mark.parametrize(
    ("value", "annotation", "problem"),
    [
        ([["a", "b"]], "list[tuple[str, str]]", None),
        ([["a"]], "list[tuple[str, str]]", "value[0] should have 2 items, has 1"),
        ([1, 2.5], "list[float]", None),
        ([1, True], "list[int]", "value[1] should be int, got bool"),
        (None, "int | None", None),
        ({"k": "v"}, "dict[str, int]", "value['k'] should be int, got str"),
    ],
)
def test_mismatch_explains_where_a_value_breaks_its_type(value, annotation, problem):
    assert signature.mismatch(value, signature.parse(annotation)) == problem
