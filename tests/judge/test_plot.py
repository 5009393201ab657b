from __future__ import annotations

import random
import xml.etree.ElementTree as ET

import pytest

from judge.growth import Growth, Rung, estimate
from judge.plot import svg

NS = {"svg": "http://www.w3.org/2000/svg"}


@pytest.fixture
def quadratic() -> list[Rung]:
    rng = random.Random(7)
    sizes = (250, 500, 1000, 2000, 4000, 8000, 16000)  # the first two stay under the floor
    return [
        Rung(n, tuple((0.05 + 1e-6 * n * n) * (1 + rng.uniform(-0.03, 0.03)) for _ in range(3)))
        for n in sizes
    ]


def circles(root: ET.Element, cls: str) -> list[ET.Element]:
    return [c for c in root.iterfind(".//svg:circle", NS) if c.get("class") == cls]


def test_the_plot_is_xml_with_a_dot_per_measurement_and_per_size(quadratic):
    root = ET.fromstring(svg(estimate(quadratic, Growth.quadratic)))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(circles(root, "repeat")) == 3 * len(quadratic)
    assert len(circles(root, "min")) == len(quadratic)
    hollow = [c for c in circles(root, "min") if c.get("fill") == "none"]
    assert len(hollow) == 2  # the sizes under the floor, left out of the fit


def test_the_best_fit_is_drawn_dashed_and_the_legend_carries_the_estimate(quadratic):
    found = estimate(quadratic, Growth.quadratic)
    root = ET.fromstring(svg(found))
    (curve,) = root.iterfind(".//svg:polyline", NS)
    assert curve.get("stroke-dasharray")
    points = [tuple(map(float, p.split(","))) for p in curve.get("points", "").split()]
    assert [x for x, _ in points] == sorted(x for x, _ in points)
    assert [y for _, y in points] == sorted((y for _, y in points), reverse=True)  # rising
    texts = [t.text for t in root.iterfind(".//svg:text", NS)]
    assert found.text() == "≈ O(n^2) (slope 1.99 ± 0.02); expected O(n^2)"
    assert found.text() in texts
    assert "best fit O(n^2)" in texts
    assert {"250", "1k", "16k"} <= set(texts)  # ticks at the ladder sizes


def test_a_title_is_escaped(quadratic):
    drawn = svg(estimate(quadratic), title="a <&> b")
    assert "a &lt;&amp;&gt; b" in drawn
    root = ET.fromstring(drawn)
    assert root.find("svg:title", NS).text == "a <&> b"


def test_the_same_estimate_draws_the_same_bytes(quadratic):
    assert svg(estimate(quadratic), "t") == svg(estimate(list(quadratic)), "t")


@pytest.mark.parametrize(
    "rungs",
    [[], [Rung(1000, (0.0, 0.0))], [Rung(n, (0.1,)) for n in (10, 20, 40, 80)]],
    ids=["no rungs", "zero time", "all under the floor"],
)
def test_inconclusive_estimates_still_draw_without_a_curve(rungs):
    root = ET.fromstring(svg(estimate(rungs)))
    assert list(root.iterfind(".//svg:polyline", NS)) == []
    assert len(circles(root, "repeat")) == sum(len(r.times_ms) for r in rungs)
