"""Classes of another module than the functions of tests/frontend/test_local_objects_elsewhere56.py
that build their objects: ``Spring``'s methods read only ``np`` and ``math`` (as ``m``) and
builtins; ``Scaled``'s read this module's own ``SCALE`` and ``_square``."""
import math as m

import numpy as np

SCALE = 0.5


def _square(t):
    return t * t


class Spring:
    def __init__(self, k, rest):
        self.k = k
        self.rest = rest

    def energy(self, t):
        return 0.5 * self.k * np.sum((t - self.rest) ** 2) + m.exp(-len(t)) * self.k


class Scaled:
    def __init__(self, k):
        self.k = k

    def energy(self, t):
        return SCALE * self.k * np.sum(_square(t))
