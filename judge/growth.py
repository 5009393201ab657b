"""How a running time grows with the input size: the candidate models and the fit.

The judge runs an accepted submission on a ladder of sizes, a few times each, and
`estimate` turns those CPU times into an honest statement: one order of growth, two
neighbouring ones it cannot tell apart, or "inconclusive" with the reason. The
method is described, with its constants, in docs/complexity.md ("How the estimate
is made"); it is pure Python so the verdict never depends on a numeric library.
"""

from __future__ import annotations

import itertools
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
MIN_RUNGS = 4  # fewer usable sizes leave a three-term model nothing to be judged on
MIN_SPAN = 4.0  # largest / smallest usable size
# A model fits about equally well when its misfit <= max(SEPARATION * best, best + ABS_TOL).
SEPARATION = 1.5
ABS_TOL = 0.05  # 5 % rms: about the spread of CPU times on a shared 2-core machine
# The best model must fit about as well as the repeats agree with each other: its misfit
# at most max(FIT_FLOOR, FIT_NOISE times the median relative spread of the repeats).
FIT_FLOOR = 0.05
FIT_NOISE = 1.5
MAX_SLOPE_CI = 0.5  # wider than ± this, the measurements say too little to class them
# A larger model counts as another explanation only if its own growth term makes at
# least this share of its fitted time at the largest size (else it is the smaller one).
DOMINANT_SHARE = 0.5

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


@dataclass(frozen=True)
class Fit:
    """t ≈ Σ coef·term(n) for one model (``model_terms``), fitted on relative error, every
    coefficient ≥ 0; ``score`` is the rms relative error."""

    growth: Growth
    coefficients: tuple[float, ...]
    score: float

    def at(self, n: float) -> float:
        terms = model_terms(self.growth)
        return sum(c * term(n) for c, term in zip(self.coefficients, terms, strict=True))

    def share_at(self, n: float) -> float:
        """How much of the fitted time at ``n`` the model's own growth term makes."""
        total = self.at(n)
        own = self.coefficients[-1] * self.growth.at(n)
        return own / total if total > 0 else 0.0


def model_terms(growth: Growth) -> tuple[Callable[[float], float], ...]:
    """A model's terms: a fixed cost, a linear cost when the model grows faster than n
    (every call decodes its input, linear in its size), and the model's own growth."""
    fixed = Growth.constant.at
    if growth is Growth.constant:
        return (fixed,)
    if growth.rank <= Growth.linear.rank:
        return (fixed, growth.at)
    return (fixed, Growth.linear.at, growth.at)


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
    """Fit the model's terms to the rungs' minima with non-negative coefficients,
    minimising Σ((t - fitted) / t)² (relative error: the largest size does not outweigh
    the rest). Dividing by t makes it linear least squares; with at most three terms
    every subset of them is solved in closed form and the best feasible one kept
    (a fixed cost, a linear cost or a growth factor is never negative). A model none of
    whose subsets fits with positive coefficients scores ∞."""
    ts = [r.best_ms for r in rungs]
    if not ts or min(ts) <= 0:
        raise ValueError("fit needs rungs whose minimum time is positive")
    terms = model_terms(growth)
    best: Fit | None = None
    for size in range(1, len(terms) + 1):
        for chosen in itertools.combinations(range(len(terms)), size):
            rows = [[terms[j](r.n) / t for j in chosen] for r, t in zip(rungs, ts, strict=True)]
            solved = _least_squares(rows, [1.0] * len(rows))
            if solved is None or any(c < 0 for c in solved):
                continue
            coefficients = [0.0] * len(terms)
            for j, c in zip(chosen, solved, strict=True):
                coefficients[j] = c
            candidate = Fit(growth, tuple(coefficients), 0.0)
            errors = [(t - candidate.at(r.n)) / t for r, t in zip(rungs, ts, strict=True)]
            score = math.sqrt(statistics.fmean(e * e for e in errors))
            if best is None or score < best.score:
                best = Fit(growth, tuple(coefficients), score)
    if best is None or best.coefficients[-1] <= 0:
        return Fit(growth, best.coefficients if best else (0.0,) * len(terms), math.inf)
    return best


def _least_squares(rows: list[list[float]], ys: list[float]) -> list[float] | None:
    """x minimising |rows·x - ys|² by the normal equations (at most 3 unknowns), or None
    when they are singular (a term equal to another on every rung)."""
    k = len(rows[0])
    m = [[sum(row[p] * row[q] for row in rows) for q in range(k)] for p in range(k)]
    v = [sum(row[p] * y for row, y in zip(rows, ys, strict=True)) for p in range(k)]
    scale = max(abs(m[p][p]) for p in range(k))
    for col in range(k):  # Gauss-Jordan with partial pivoting
        pivot = max(range(col, k), key=lambda r: abs(m[r][col]))
        if abs(m[pivot][col]) <= 1e-12 * scale:
            return None
        m[col], m[pivot] = m[pivot], m[col]
        v[col], v[pivot] = v[pivot], v[col]
        for r in range(k):
            if r != col:
                f = m[r][col] / m[col][col]
                m[r] = [a - f * b for a, b in zip(m[r], m[col], strict=True)]
                v[r] -= f * v[col]
    return [v[i] / m[i][i] for i in range(k)]


def estimate(rungs: Sequence[Rung], expected: Growth | None = None) -> Estimate:
    """The order of growth the measurements support, by the method in docs/complexity.md."""
    rungs = tuple(sorted(rungs, key=lambda r: r.n))
    used = _usable(rungs)
    line = loglog_slope(used)
    slope, slope_ci = line if line else (None, None)
    fits = {g: fit(used, g) for g in Growth} if len(used) >= 3 else {}
    scores = {g: f.score for g, f in fits.items()}

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
    if slope is None or slope_ci is None:  # only when every usable size is the same
        return result(why="no slope could be fitted")
    if slope_ci > MAX_SLOPE_CI:
        return result(why=f"the slope's 95 % interval is wider than ± {MAX_SLOPE_CI:g}")
    best = min(scores.values())
    spread = statistics.median((max(r.times_ms) - r.best_ms) / r.best_ms for r in used)
    allowed = max(FIT_FLOOR, FIT_NOISE * spread)
    if best > allowed:
        return result(
            why=f"no model fits: the best misses by {best:.0%} rms, the repeats agree"
            f" within {spread:.0%}"
        )
    cutoff = max(SEPARATION * best, best + ABS_TOL)
    close = [g for g in Growth if fits[g].score <= cutoff]
    # Larger models contain the smaller (their growth term may fit as ~0): one counts as
    # another explanation only where its own term carries the largest size's time.
    low = close[0]
    top = used[-1].n
    high = max((g for g in close if fits[g].share_at(top) >= DOMINANT_SHARE), default=low)
    high = max(low, high, key=lambda g: g.rank)
    if low is Growth.linear:
        # n log n is n times a factor that changes by a fifth to a half over a ladder,
        # within the noise of CPU times: a linear fit never rules it out.
        high = max(high, Growth.linearithmic, key=lambda g: g.rank)
    if high.rank - low.rank >= 2:
        between = [g.value for g in Growth if low.rank <= g.rank <= high.rank]
        listed = ", ".join(between[:-1]) + " and " + between[-1]
        return result(why=f"{listed} fit about equally well")
    return result(low, high)
