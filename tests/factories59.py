"""Factories of another module than tests/frontend/test_foreign_factories59.py, which calls them
inside its differentiated functions: ``make_pure``'s code reads only ``np`` and builtins;
``make_scaled`` reads this module's own ``SCALE``; ``make_other_np`` reads ``onp``, a name the
test module does not have."""
import numpy as np
import numpy as onp

SCALE = 2.0


def make_pure(k):
    c = k * 2.0

    def loss(x):
        return c * np.sum(np.sin(x) ** 2) + abs(k)
    return loss


def make_scaled(k):
    def loss(x):
        return SCALE * k * np.sum(x ** 2)
    return loss


def make_other_np(k):
    def loss(x):
        return k * onp.sum(onp.cos(x))
    return loss
