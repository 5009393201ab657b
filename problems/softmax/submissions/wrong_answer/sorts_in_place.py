"""Ignores that softmax(z)[i] belongs to z[i]: sorting to find the maximum reorders the output."""

import math


def softmax(z):
    z.sort()
    top = z[-1]
    exps = [math.exp(value - top) for value in z]
    total = sum(exps)
    return [value / total for value in exps]
