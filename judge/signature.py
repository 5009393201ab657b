"""Python type annotations of a problem's function, as data.

A problem declares types as annotation strings (``list[tuple[str, str]]``).
They are parsed once into a small JSON spec that the harness uses to rebuild
arguments from JSON (tuples, floats), and that ``judge check`` uses to verify
that every test case fits the declared signature.
"""

from __future__ import annotations

import ast
from typing import Any

from judge.errors import TypeSyntaxError

Spec = dict[str, Any]

SCALARS = {"int", "float", "str", "bool", "None", "Any"}


def parse(annotation: str) -> Spec:
    try:
        tree = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        raise TypeSyntaxError(f"{annotation!r} is not a Python type annotation") from None
    return _spec(tree, annotation)


def _spec(node: ast.expr, text: str) -> Spec:
    if isinstance(node, ast.Constant) and node.value is None:
        return {"kind": "None"}
    if isinstance(node, ast.Name):
        if node.id in SCALARS:
            return {"kind": node.id}
        raise TypeSyntaxError(f"unsupported type {node.id!r} in {text!r}; use {sorted(SCALARS)}")
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = _spec(node.left, text), _spec(node.right, text)
        if right["kind"] == "None":
            return {"kind": "optional", "of": left}
        if left["kind"] == "None":
            return {"kind": "optional", "of": right}
        raise TypeSyntaxError(f"only `T | None` unions are supported, not {text!r}")
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        name = node.value.id
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if name == "list" and len(items) == 1:
            return {"kind": "list", "of": _spec(items[0], text)}
        if name == "Optional" and len(items) == 1:
            return {"kind": "optional", "of": _spec(items[0], text)}
        if name == "dict" and len(items) == 2:
            if _spec(items[0], text)["kind"] != "str":
                raise TypeSyntaxError(f"dictionary keys must be str (JSON objects) in {text!r}")
            return {"kind": "dict", "of": _spec(items[1], text)}
        if name == "tuple":
            if len(items) == 2 and isinstance(items[1], ast.Constant) and items[1].value is ...:
                return {"kind": "tuple", "of": _spec(items[0], text)}
            return {"kind": "tuple", "items": [_spec(item, text) for item in items]}
    raise TypeSyntaxError(f"unsupported type annotation {text!r}")


CHECKS: dict[str, Any] = {
    "None": lambda v: v is None,
    "bool": lambda v: isinstance(v, bool),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "str": lambda v: isinstance(v, str),
    "list": lambda v: isinstance(v, list),
    "tuple": lambda v: isinstance(v, list),
    "dict": lambda v: isinstance(v, dict),
}
# Exact JSON types each scalar accepts: lets a long list be checked in one pass.
SCALAR_TYPES = {"int": (int,), "float": (int, float), "str": (str,), "bool": (bool,)}


def mismatch(value: Any, spec: Spec, where: str = "value") -> str | None:
    """Why a JSON value does not fit the spec, or None when it does."""
    kind = spec["kind"]
    if kind == "Any":
        return None
    if kind == "optional":
        return None if value is None else mismatch(value, spec["of"], where)
    if not CHECKS[kind](value):
        return f"{where} should be {describe(spec)}, got {type(value).__name__}"
    if kind in ("list", "tuple") and "of" in spec:
        allowed = SCALAR_TYPES.get(spec["of"]["kind"])
        if allowed and set(map(type, value)) <= set(allowed):
            return None
        for index, item in enumerate(value):
            if problem := mismatch(item, spec["of"], f"{where}[{index}]"):
                return problem
    if kind == "tuple" and "items" in spec:
        if len(value) != len(spec["items"]):
            return f"{where} should have {len(spec['items'])} items, has {len(value)}"
        for index, (item, item_spec) in enumerate(zip(value, spec["items"], strict=True)):
            if problem := mismatch(item, item_spec, f"{where}[{index}]"):
                return problem
    if kind == "dict":
        for key, item in value.items():
            if problem := mismatch(item, spec["of"], f"{where}[{key!r}]"):
                return problem
    return None


def describe(spec: Spec) -> str:
    kind = spec["kind"]
    if kind in ("list", "dict", "optional") or (kind == "tuple" and "of" in spec):
        inner = describe(spec["of"])
        return {
            "list": f"list[{inner}]",
            "dict": f"dict[str, {inner}]",
            "optional": f"{inner} | None",
            "tuple": f"tuple[{inner}, ...]",
        }[kind]
    if kind == "tuple":
        return f"tuple[{', '.join(describe(item) for item in spec['items'])}]"
    return kind
