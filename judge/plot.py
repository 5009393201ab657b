"""A small self-contained SVG of a complexity estimate: time against size, log-log.

Hand-written SVG rather than a plotting library, so the judge needs nothing more and
the same estimate always gives the same bytes (results can be compared and cached).
Every repeat is a small dot, each size's minimum (what the fit uses) a bigger one,
hollow when it fell below the floor and was left out; the best model's fitted curve
is dashed, and the legend carries the estimate's one-line text.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from judge.growth import FLOOR_MS, Estimate

WIDTH, HEIGHT = 480, 300
LEFT, RIGHT, TOP, BOTTOM = 58, 466, 30, 206  # the plot area
TEXT_CHARS = 78  # a legend line at 11 px fits about this many characters in 480 px

REPEAT, MINIMUM, CURVE, AXIS, GRID = "#98a2ad", "#1f6feb", "#d9480f", "#444", "#e4e7eb"


def svg(estimate: Estimate, title: str = "") -> str:
    """The estimate as an SVG document (about 480 by 300), deterministic for a given input."""
    rungs = estimate.rungs
    best = estimate.best_fit()
    positive = [t for r in rungs for t in r.times_ms if t > 0]
    sizes = [r.n for r in rungs]
    curve: list[tuple[float, float]] = []
    if best is not None and sizes:
        lo_n, hi_n = math.log(min(sizes)), math.log(max(sizes))
        steps = 48
        for i in range(steps + 1):
            n = math.exp(lo_n + (hi_n - lo_n) * i / steps)
            if best.at(n) > 0:
                curve.append((n, best.at(n)))
    x_lo, x_hi = _padded([math.log(n) for n in sizes] or [0.0, 1.0])
    y_lo, y_hi = _padded([math.log(t) for t in positive + [t for _, t in curve]] or [0.0, 1.0])

    def x(n: float) -> float:
        return LEFT + (math.log(n) - x_lo) / (x_hi - x_lo) * (RIGHT - LEFT)

    def y(t: float) -> float:
        clamped = max(math.log(t), y_lo) if t > 0 else y_lo
        return BOTTOM - (clamped - y_lo) / (y_hi - y_lo) * (BOTTOM - TOP)

    text = estimate.text()
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}"'
        f' viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label={quoteattr(text)}'
        ' font-family="sans-serif" font-size="11">',
        f"<title>{escape(title or text)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
    ]
    if title:
        out.append(
            f'<text x="{LEFT}" y="18" font-size="13" font-weight="bold">{escape(title)}</text>'
        )

    for t in _time_ticks(math.exp(y_lo), math.exp(y_hi)):
        out.append(_line(LEFT, y(t), RIGHT, y(t), GRID))
        out.append(_text(LEFT - 5, y(t) + 4, f"{t:g}", anchor="end"))
    last_label = -math.inf
    for n in sorted(set(sizes)):
        out.append(_line(x(n), BOTTOM, x(n), BOTTOM + 4, AXIS))
        if x(n) - last_label >= 28:  # sizes close together: label only some
            out.append(_text(x(n), BOTTOM + 16, _size_label(n), anchor="middle"))
            last_label = x(n)
    out.append(_line(LEFT, TOP, LEFT, BOTTOM, AXIS))
    out.append(_line(LEFT, BOTTOM, RIGHT, BOTTOM, AXIS))
    out.append(_text(14, (TOP + BOTTOM) / 2, "CPU ms", anchor="middle", rotate=True))
    out.append(_text(RIGHT, BOTTOM + 30, "n (log scale)", anchor="end"))
    if y_lo <= math.log(FLOOR_MS) <= y_hi:
        fy = y(FLOOR_MS)
        out.append(_line(LEFT, fy, RIGHT, fy, REPEAT, dash="2 3"))
        out.append(_text(RIGHT - 2, fy - 3, f"floor {FLOOR_MS:g} ms", anchor="end", fill=REPEAT))

    if curve:
        points = " ".join(f"{x(n):.1f},{y(t):.1f}" for n, t in curve)
        out.append(
            f'<polyline class="fit" points="{points}" fill="none" stroke="{CURVE}"'
            ' stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
    for r in rungs:
        for t in r.times_ms:
            out.append(_dot(x(r.n), y(t), 2, "repeat", REPEAT))
    for r in rungs:
        kept = r.best_ms >= FLOOR_MS
        out.append(_dot(x(r.n), y(r.best_ms), 4, "min", MINIMUM if kept else "none", MINIMUM))

    key_y = BOTTOM + 48
    out.append(_dot(LEFT + 4, key_y - 4, 2, "key", REPEAT))
    out.append(_text(LEFT + 10, key_y, "each repeat"))
    out.append(_dot(LEFT + 90, key_y - 4, 4, "key", MINIMUM))
    out.append(_text(LEFT + 98, key_y, "minimum (hollow: under the floor)"))
    if best is not None:
        out.append(_line(LEFT + 290, key_y - 4, LEFT + 312, key_y - 4, CURVE, dash="6 4"))
        out.append(_text(LEFT + 316, key_y, f"best fit {best.growth.big_o}"))
    for i, line in enumerate(textwrap.wrap(text, TEXT_CHARS)[:2]):
        out.append(_text(LEFT - 50, key_y + 18 + 15 * i, line, cls="estimate"))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _padded(values: Sequence[float]) -> tuple[float, float]:
    """The range of ``values`` (logs) with a margin, never empty."""
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.06 if hi > lo else 0.5
    return lo - pad, hi + pad


def _time_ticks(lo: float, hi: float) -> list[float]:
    """A few round times (1-2-5 steps, or decades when the range is wide) in [lo, hi]."""
    choices = []
    for mantissas in ((1.0,), (1.0, 2.0, 5.0), (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0)):
        ticks = [
            m * 10.0**d
            for d in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)
            for m in mantissas
            if lo <= m * 10.0**d <= hi
        ]
        choices.append(ticks)
        if len(ticks) >= 3:
            break
    fitting = [ticks for ticks in choices if len(ticks) <= 8]
    return max(fitting, key=len) if fitting else choices[0][:8]


def _size_label(n: int) -> str:
    for scale, suffix in ((1_000_000, "M"), (1_000, "k")):
        if n >= scale and n % (scale // 10) == 0:
            return f"{n / scale:g}{suffix}"
    return str(n)


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str, dash: str = "") -> str:
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}"{dashed}/>'
    )


def _dot(cx: float, cy: float, r: float, cls: str, fill: str, stroke: str = "none") -> str:
    return (
        f'<circle class="{cls}" cx="{cx:.1f}" cy="{cy:.1f}" r="{r:g}"'
        f' fill="{fill}" stroke="{stroke}"/>'
    )


def _text(
    x: float,
    y: float,
    content: str,
    anchor: str = "start",
    fill: str = "#222",
    cls: str = "",
    rotate: bool = False,
) -> str:
    extra = f' class="{cls}"' if cls else ""
    if rotate:
        extra += f' transform="rotate(-90 {x:.1f} {y:.1f})"'
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}"{extra}>'
        f"{escape(content)}</text>"
    )
