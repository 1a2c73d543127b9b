"""Lowering of loops to ``for ... in range(...)`` (frontend/lower.py): what ``range``'s
arguments are is fixed when the loop starts, as Python fixes it, whatever the body rebinds."""
import numpy as np
import pytest

from s2sad.testing import check_grad


def bound_decremented_in_the_body(x):
    n = len(x)
    s = 0.0
    for i in range(n):
        n = n - 1
        s += x[i] * n
    return s


def inner_bound_rebound_by_the_inner_body(x):
    m = 3
    s = 0.0
    for i in range(m):
        for j in range(m):
            m = 2
            s += x[i] * x[j]
    return s


def bound_rebound_in_a_reversed_range(x):
    n = len(x)
    s = 0.0
    for i in reversed(range(n)):
        n = n - 2
        s = s * 0.5 + x[i] * n
    return s


def start_and_step_rebound(x):
    s = 0.0
    st = 2
    lo = 0
    for i in range(lo, len(x), st):
        lo = 3
        st = 1
        s += x[i] * (i + lo + st)
    return s


def bound_rebound_in_a_helper(x):
    def inner(v, m):
        t = 0.0
        for j in range(m):
            m = m - 1
            t += v[j] * m
        return t
    return inner(x, 4) + inner(x * 2, 3)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f", [bound_decremented_in_the_body, inner_bound_rebound_by_the_inner_body,
                               bound_rebound_in_a_reversed_range, start_and_step_rebound,
                               bound_rebound_in_a_helper])
def test_range_bound_the_body_rebinds_is_read_once(f, jit):
    """`for i in range(n): n = n - 1` runs len(x) times; the reverse sweep counted its trips
    with the final `n` and gave a zero gradient (hunt5)."""
    x = np.array([0.3, -0.7, 1.1, 0.5, 0.9])
    g = check_grad(f, x, jit=jit)
    if f is bound_decremented_in_the_body:
        np.testing.assert_allclose(g, [4.0, 3.0, 2.0, 1.0, 0.0])
