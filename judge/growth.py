"""How a running time grows with the input size: the candidate models and the fit.

The judge runs an accepted submission on a ladder of sizes, a few times each, and
`estimate` turns those CPU times into an honest statement: one order of growth, two
neighbouring ones it cannot tell apart, or "inconclusive" with the reason. The
method is described, with its constants, in docs/complexity.md ("How the estimate
is made"); it is pure Python so the verdict never depends on a numeric library.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


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


# Below this a call's time is mostly the timer's resolution and the per-call overhead.
FLOOR_MS = 0.5
MIN_RUNGS = 4  # fewer usable sizes give a slope with a useless confidence interval
MIN_SPAN = 4.0  # largest / smallest usable size
NOISY_RATIO = 1.5  # max / min of a rung's repeats above which the rung is noisy
MAX_SLOPE_CI = 0.35  # wider than this, the slope cannot tell n from n log n from n^2
# A model fits about equally well when its misfit <= max(SEPARATION * best, best + ABS_TOL).
SEPARATION = 2.0
ABS_TOL = 0.02
SLOPE_SLACK = 0.15  # how far outside the slope's CI a chosen model's own slope may lie

# Two-sided 95 % Student-t quantiles t_{0.975, dof} for dof = 1..30.
_T975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def t_quantile(dof: int) -> float:
    """t_{0.975, dof}: the table up to 30, then the Cornish-Fisher expansion (good to 1e-3)."""
    if dof < 1:
        raise ValueError("a t quantile needs at least one degree of freedom")
    if dof <= len(_T975):
        return _T975[dof - 1]
    z = statistics.NormalDist().inv_cdf(0.975)
    return z + (z**3 + z) / (4 * dof) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * dof**2)


@dataclass(frozen=True)
class Rung:
    """One ladder size and the CPU time of each repeated call at that size."""

    n: int
    times_ms: tuple[float, ...]

    def __post_init__(self) -> None:
        if self.n < 1:
            raise ValueError(f"a rung's size must be positive, not {self.n}")
        if not self.times_ms:
            raise ValueError(f"the rung n={self.n} has no measurement")
        if any(not math.isfinite(t) or t < 0 for t in self.times_ms):
            raise ValueError(f"the rung n={self.n} has a negative or non-finite time")

    @property
    def best_ms(self) -> float:
        """The minimum of the repeats: other load only ever adds time (as timeit reasons)."""
        return min(self.times_ms)

    @property
    def noisy(self) -> bool:
        low = self.best_ms
        return max(self.times_ms) > NOISY_RATIO * low if low > 0 else max(self.times_ms) > 0


@dataclass(frozen=True)
class Fit:
    """t ≈ a + c·g(n) for one model, fitted on relative error; ``score`` is its rms."""

    growth: Growth
    a: float
    c: float
    score: float

    def at(self, n: float) -> float:
        return self.a + self.c * self.growth.at(n)


@dataclass(frozen=True)
class Estimate:
    """What the measurements support: [low, high] or, with the reason, nothing."""

    rungs: tuple[Rung, ...]
    slope: float | None  # exponent of the log-log fit, None if not computed
    slope_ci: float | None  # half-width of its 95 % confidence interval
    low: Growth | None  # the slowest-growing model that fits; None when inconclusive
    high: Growth | None  # the fastest-growing model that fits (== low when one model wins)
    inconclusive: str | None  # why no class is given (None when low/high are set)
    expected: Growth | None  # what the problem says the reference is
    scores: dict[Growth, float] = field(default_factory=dict)  # each model's misfit

    def class_text(self) -> str:
        """``≈ O(n)``, ``between O(n) and O(n log n)`` or ``inconclusive: <why>``."""
        if self.low is None or self.high is None:
            return f"inconclusive: {self.inconclusive or 'no model fits'}"
        if self.low == self.high:
            return f"≈ {self.low.big_o}"
        return f"between {self.low.big_o} and {self.high.big_o}"

    def text(self) -> str:
        """One line for people, e.g. ``≈ O(n^2) (slope 1.97 ± 0.05); expected O(n log n)``."""
        out = self.class_text()
        if self.slope is not None and self.slope_ci is not None:
            out += f" (slope {_num(self.slope)} ± {_num(self.slope_ci)})"
        if self.expected is not None:
            out += f"; expected {self.expected.big_o}"
        return out

    def matches(self, growth: Growth) -> bool:
        """Whether ``growth`` lies within [low, high]; never when inconclusive."""
        if self.low is None or self.high is None:
            return False
        return self.low.rank <= growth.rank <= self.high.rank

    def best_fit(self) -> Fit | None:
        """The best-scoring model's fitted curve over the usable rungs (for the plot)."""
        finite = [g for g, s in self.scores.items() if math.isfinite(s)]
        if not finite:
            return None
        best = min(finite, key=lambda g: (self.scores[g], g.rank))
        return fit(_usable(self.rungs), best)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able (strict JSON: an infinite misfit is written as null)."""
        return {
            "rungs": [{"n": r.n, "times_ms": [float(t) for t in r.times_ms]} for r in self.rungs],
            "slope": self.slope,
            "slope_ci": self.slope_ci,
            "low": self.low.value if self.low else None,
            "high": self.high.value if self.high else None,
            "class": self.class_text(),
            "text": self.text(),
            "inconclusive": self.inconclusive,
            "expected": self.expected.value if self.expected else None,
            "scores": {g.value: (s if math.isfinite(s) else None) for g, s in self.scores.items()},
        }


def _num(x: float) -> str:
    return f"{x + 0.0:.2f}".replace("-0.00", "0.00")


def _usable(rungs: Sequence[Rung]) -> list[Rung]:
    return [r for r in rungs if r.best_ms >= FLOOR_MS]


def loglog_slope(rungs: Sequence[Rung]) -> tuple[float, float] | None:
    """OLS of ln t on ln n over the rungs' minima: (slope, 95 % CI half-width), or None
    when there are fewer than 3 rungs (no degree of freedom left) or a single size."""
    if len(rungs) < 3:
        return None
    xs = [math.log(r.n) for r in rungs]
    ys = [math.log(r.best_ms) for r in rungs]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx <= 0:
        return None
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    residuals = [y - my - slope * (x - mx) for x, y in zip(xs, ys, strict=True)]
    dof = len(rungs) - 2
    # Identical times give residuals of exactly zero and so a CI of zero: slope 0 ± 0.
    stderr = math.sqrt(sum(e * e for e in residuals) / dof / sxx)
    return slope, t_quantile(dof) * stderr


def fit(rungs: Sequence[Rung], growth: Growth) -> Fit:
    """Fit t ≈ a + c·g(n), a ≥ 0, minimising Σ((t - a - c·g(n)) / t)² over the rungs' minima.

    Relative error, so the largest size does not outweigh the rest. Dividing by t turns
    it into least squares of 1 on (1/t, g/t) without intercept: a 2-by-2 closed form. A
    negative a is refitted with a = 0 (a fixed cost is never negative); a model whose
    best c is not positive does not describe growing times and scores ∞."""
    ts = [r.best_ms for r in rungs]
    if not ts or min(ts) <= 0:
        raise ValueError("fit needs rungs whose minimum time is positive")
    u = [1 / t for t in ts]
    v = [growth.at(r.n) / r.best_ms for r in rungs]
    suu, svv = sum(x * x for x in u), sum(x * x for x in v)
    suv = sum(x * y for x, y in zip(u, v, strict=True))
    su, sv = sum(u), sum(v)
    det = suu * svv - suv * suv
    a = c = 0.0
    # det ~ 0 when g is the same at every size (the constant model): one parameter then.
    if det > 1e-12 * suu * svv:
        a = (su * svv - sv * suv) / det
        c = (suu * sv - suv * su) / det
    if a < 0 or det <= 1e-12 * suu * svv:
        a, c = 0.0, (sv / svv if svv > 0 else 0.0)
    if c <= 0:
        return Fit(growth, a, c, math.inf)
    errors = [(t - a - c * growth.at(r.n)) / t for r, t in zip(rungs, ts, strict=True)]
    return Fit(growth, a, c, math.sqrt(statistics.fmean(e * e for e in errors)))


def model_slope(growth: Growth, n_min: float, n_max: float) -> float:
    """The model's own log-log slope across [n_min, n_max]."""
    g_min, g_max = growth.at(n_min), growth.at(n_max)
    if g_min <= 0 or n_max <= n_min:
        return math.inf  # log n at n = 1 is 0: no finite slope to compare
    return math.log(g_max / g_min) / math.log(n_max / n_min)


def estimate(rungs: Sequence[Rung], expected: Growth | None = None) -> Estimate:
    """The order of growth the measurements support, by the method in docs/complexity.md."""
    rungs = tuple(sorted(rungs, key=lambda r: r.n))
    used = _usable(rungs)
    line = loglog_slope(used)
    slope, slope_ci = line if line else (None, None)
    scores = {g: fit(used, g).score for g in Growth} if len(used) >= 3 else {}

    def result(
        low: Growth | None = None, high: Growth | None = None, why: str | None = None
    ) -> Estimate:
        return Estimate(rungs, slope, slope_ci, low, high, why, expected, scores)

    if len(used) < MIN_RUNGS:
        sizes = {0: "no size", 1: "only 1 size"}.get(len(used), f"only {len(used)} sizes")
        return result(why=f"{sizes} took at least {FLOOR_MS:g} ms")
    span = used[-1].n / used[0].n
    if span < MIN_SPAN:
        return result(
            why=f"the sizes that took at least {FLOOR_MS:g} ms span only {span:.1f} times"
            f" (need {MIN_SPAN:g})"
        )
    noisy = sum(r.noisy for r in used)
    if noisy * 2 > len(used):
        return result(
            why=f"measurements too noisy: {noisy} of {len(used)} sizes varied more than"
            f" {NOISY_RATIO:g} times between repeats"
        )
    if slope is None or slope_ci is None:  # only when every usable size is the same
        return result(why="no slope could be fitted")
    if slope_ci > MAX_SLOPE_CI:
        return result(why=f"the slope's 95 % interval is wider than ± {MAX_SLOPE_CI:g}")

    best = min(scores.values())
    cutoff = max(SEPARATION * best, best + ABS_TOL)
    close = [g for g in Growth if scores[g] <= cutoff]
    if len(close) > 2 or (len(close) == 2 and close[1].rank - close[0].rank != 1):
        names = [g.value for g in close]
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        return result(why=f"{listed} fit about equally well")
    low, high = close[0], close[-1]
    lo, hi = slope - slope_ci - SLOPE_SLACK, slope + slope_ci + SLOPE_SLACK
    if not all(lo <= model_slope(g, used[0].n, used[-1].n) <= hi for g in (low, high)):
        return result(why="the slope disagrees with the best model")
    return result(low, high)
