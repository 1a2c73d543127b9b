"""Small functions for the command-line tool (tests and README).

    s2sad show examples/demo_target.py:himmelblau --wrt x,y
    s2sad show examples/demo_target.py:mxnet_f --stage anf
    s2sad export examples/demo_target.py:oscillator -o oscillator_grad.py
    s2sad graph examples/demo_target.py:himmelblau --wrt x,y -o himmelblau.svg
"""
import math

import numpy as np

DT = 0.05                                    # a numeric global: exported as a literal
WEIGHTS = np.array([0.5, 1.0, 2.0])          # a global array: exported as an array literal


def himmelblau(x, y):
    """Four minima with value 0, e.g. at (3, 2)."""
    return (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2


def mxnet_f(a):
    """MXNet autograd tutorial: loop count and branch depend on `a`; the gradient is c / a."""
    b = a * 2
    while np.linalg.norm(b) < 1000:
        b = b * 2
    if np.sum(b) > 0:
        c = b
    else:
        c = 100 * b
    return np.sum(c)


def oscillator(k, c):
    """Damped oscillator x'' = -k x - c x', integrated until its energy drops below a
    threshold (a data-dependent while loop); returns the time-weighted squared amplitude."""
    x = 1.0
    v = 0.0
    t = 0.0
    cost = 0.0
    energy = 0.5 * k * x * x
    while energy > 0.01:
        a = -k * x - c * v
        v = v + DT * a
        x = x + DT * v
        t = t + DT
        cost = cost + DT * t * x * x
        energy = 0.5 * v * v + 0.5 * k * x * x
        if t > 50.0:
            energy = 0.0
    return cost


def square(u):
    return u * u


def weighted_loss(w):
    """Calls a helper (inlined by the compiler) and uses np.mean and a global array."""
    r = square(w - 1.0) * WEIGHTS
    return np.mean(r) + math.exp(0.1 * np.sum(w))


def not_differentiable(x):
    """Uses a `try` statement, which s2sad refuses with a clear error."""
    try:
        y = x * 2
    except ValueError:
        y = x
    return y


NOT_A_FUNCTION = 3
