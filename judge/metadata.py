"""problem.yaml's schema and a test case file's: what an author may write, each
field's range, and the checks that name the field when it is wrong
(judge.problem.load_problem reads the folder against them)."""

from __future__ import annotations

import itertools
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from judge import signature
from judge.growth import Growth, parse_growth
from sandbox.limits import SandboxLimits

PROBLEM_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _parses(annotation: str) -> str:
    signature.parse(annotation)
    return annotation


Identifier = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
TypeAnnotation = Annotated[str, AfterValidator(_parses)]


class Param(_Strict):
    name: Identifier
    type: TypeAnnotation


class FunctionSpec(_Strict):
    name: Identifier
    params: list[Param]
    returns: TypeAnnotation

    @field_validator("params")
    @classmethod
    def _unique(cls, params: list[Param]) -> list[Param]:
        names = [p.name for p in params]
        if len(set(names)) != len(names):
            raise ValueError(f"parameter names repeat: {names}")
        return params

    def render(self) -> str:
        params = ", ".join(f"{p.name}: {p.type}" for p in self.params)
        return f"def {self.name}({params}) -> {self.returns}:"


class Limits(_Strict):
    """problem.yaml's ``limits``: what an author may set and within which range. What a
    limit means and how it bounds a container lives in sandbox/limits.py
    (``SandboxLimits``, whose defaults these are); ``judge.judging.limits_for`` maps
    one onto the other."""

    time_s: Annotated[float, Field(gt=0, le=30, description="CPU seconds per test")]
    memory_mb: Annotated[int, Field(ge=32, le=2048)] = SandboxLimits.memory_mb
    output_kb: Annotated[int, Field(ge=1, le=1024)] = SandboxLimits.output_kb


class CheckerKind(StrEnum):
    exact = "exact"
    unordered = "unordered"
    float = "float"
    custom = "custom"


class CheckerSpec(_Strict):
    kind: CheckerKind = CheckerKind.exact
    rel_tol: Annotated[float, Field(ge=0)] = 1e-9
    abs_tol: Annotated[float, Field(ge=0)] = 1e-9
    nan_equal: bool = False


class Difficulty(StrEnum):
    easy = "easy"
    medium = "medium"
    hard = "hard"


GrowthName = Annotated[Growth, BeforeValidator(lambda text: parse_growth(text))]


class ComplexitySpec(_Strict):
    """A size ladder for the empirical complexity estimate (docs/complexity.md): the
    generator's ``ladder(n, rng)`` makes the arguments of size ``n`` for each of
    ``sizes``, seeded, so they are the same on every machine and never a secret test."""

    param: Identifier  # the argument whose size is n (the plot's axis)
    sizes: Annotated[list[Annotated[int, Field(gt=0)]], Field(min_length=4, max_length=12)]
    expected: GrowthName  # what the reference solution is
    # Submissions (paths under submissions/) and the growth their estimate must show.
    submissions: dict[str, GrowthName] = {}

    @field_validator("sizes")
    @classmethod
    def _spread(cls, sizes: list[int]) -> list[int]:
        if any(b <= a for a, b in itertools.pairwise(sizes)):
            raise ValueError("must increase strictly")
        if sizes[-1] < 8 * sizes[0]:
            raise ValueError("the largest must be at least 8 times the smallest")
        return sizes


class ProblemMeta(_Strict):
    title: Annotated[str, Field(min_length=1)]
    difficulty: Difficulty
    tags: list[str] = []
    function: FunctionSpec
    limits: Limits
    checker: CheckerSpec = CheckerSpec()
    source: str | None = None  # where the problem idea comes from
    complexity: ComplexitySpec | None = None

    @model_validator(mode="after")
    def _ladder_param(self) -> ProblemMeta:
        names = [p.name for p in self.function.params]
        if self.complexity and self.complexity.param not in names:
            raise ValueError(f"complexity.param must be one of {names}")
        return self


class CaseFile(_Strict):
    args: dict[str, Any]
    expected: Any
    description: str | None = None
