import math


def _percentile(ordered: list[float], p: float) -> float:
    rank = p / 100 * (len(ordered) - 1)
    low = math.floor(rank)
    fraction = rank - low
    if fraction == 0:
        return ordered[low]
    return ordered[low] + fraction * (ordered[low + 1] - ordered[low])


def winsorize(x: list[float], lower: float, upper: float) -> list[float]:
    ordered = sorted(x)
    low, high = _percentile(ordered, lower), _percentile(ordered, upper)
    return [float(min(max(value, low), high)) for value in x]
