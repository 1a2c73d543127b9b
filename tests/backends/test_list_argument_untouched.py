"""A list argument the function changes (``L.append``, ``L[0] = ...``) is the function's own
copy in both modes: numba reflects a change of a list argument back into the caller's list, so
the jit backend's ``snapshot`` of a list of numbers makes a new list, as Python's does (the
caller's list was left ``[0.5, 1.5]`` after one jitted gradient call)."""
import numpy as np
import pytest

import s2sad


def appends(x, y, L):
    L.append(1.5)
    r = x - y
    return np.sum(r * r) * len(L)


def rebinds(x, L):
    L[0] = x[0] * 2.0
    return np.sum(x) * L[0] + L[1]


def _fd(f, x, *rest, h=1e-6):
    out = np.zeros_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h
        out[i] = (f(x + e, *[list(r) if isinstance(r, list) else r for r in rest])
                  - f(x - e, *[list(r) if isinstance(r, list) else r for r in rest])) / (2 * h)
    return out


@pytest.mark.parametrize("jit", [False, True])
def test_the_callers_list_is_left_as_it_was(jit):
    x = np.linspace(0.0, 1.0, 5)
    y = np.array([0.2])
    g = s2sad.grad(appends, wrt=0, jit=jit)
    h = s2sad.grad(rebinds, wrt=0, jit=jit)
    for _ in range(3):          # the first call, the checking path and the fast path
        L = [0.5]
        np.testing.assert_allclose(g(x, y, L), _fd(appends, x, y, [0.5]), rtol=1e-6, atol=1e-8)
        assert L == [0.5]
        M = [0.5, 0.25]
        np.testing.assert_allclose(h(x, M), _fd(rebinds, x, [0.5, 0.25]), rtol=1e-6, atol=1e-8)
        assert M == [0.5, 0.25]


@pytest.mark.parametrize("jit", [False, True])
def test_value_and_grad_leaves_the_list_too(jit):
    x = np.linspace(0.0, 1.0, 4)
    L = [0.5]
    v, g = s2sad.value_and_grad(appends, wrt=0, jit=jit)(x, np.array([0.1]), L)
    assert L == [0.5]
    assert v == pytest.approx(appends(x, np.array([0.1]), [0.5]))
