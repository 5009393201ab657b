"""How a running time grows with the input size: the candidate models and the fit.

(Skeleton: the fit comes next.)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from enum import StrEnum


class Growth(StrEnum):
    """The candidate orders of growth, slowest first; their values are how
    problem.yaml and results write them."""

    constant = "1"
    logarithmic = "log n"
    linear = "n"
    linearithmic = "n log n"
    quadratic = "n^2"
    cubic = "n^3"

    @property
    def big_o(self) -> str:
        return f"O({self.value})"

    @property
    def rank(self) -> int:
        return list(Growth).index(self)

    def at(self, n: float) -> float:
        """The model's shape at size ``n`` (up to a constant factor)."""
        return _SHAPES[self](n)


_SHAPES: dict[Growth, Callable[[float], float]] = {
    Growth.constant: lambda n: 1.0,
    Growth.logarithmic: lambda n: math.log(n),
    Growth.linear: lambda n: n,
    Growth.linearithmic: lambda n: n * math.log(n),
    Growth.quadratic: lambda n: n**2,
    Growth.cubic: lambda n: n**3,
}

# Other spellings problem.yaml may use for the same models.
ALIASES = {
    "o(1)": Growth.constant,
    "logn": Growth.logarithmic,
    "nlogn": Growth.linearithmic,
    "n log(n)": Growth.linearithmic,
    "n*log(n)": Growth.linearithmic,
    "n²": Growth.quadratic,
    "n**2": Growth.quadratic,
    "n2": Growth.quadratic,
    "n³": Growth.cubic,
    "n**3": Growth.cubic,
    "n3": Growth.cubic,
}


def parse_growth(text: str) -> Growth:
    """``"n log n"``, ``"O(n log n)"``, ``"nlogn"`` … → Growth; ValueError names the choices."""
    key = " ".join(str(text).strip().lower().split())
    if key.startswith("o(") and key.endswith(")") and key != "o(1)":
        key = key[2:-1].strip()
    for growth in Growth:
        if key == growth.value:
            return growth
    if key in ALIASES:
        return ALIASES[key]
    if key.replace(" ", "") in ALIASES:
        return ALIASES[key.replace(" ", "")]
    choices = ", ".join(f'"{g.value}"' for g in Growth)
    raise ValueError(f"unknown growth {text!r}; use one of {choices}")
