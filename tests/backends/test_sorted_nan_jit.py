"""``sorted(...)`` under jit puts values holding a NaN where Python's sort puts them
(backends/numba_helpers/numba_rules_sequences._python_order).

Before: the jit order was a NumPy argsort, NaN last, while CPython's sort compares with ``<`` alone:
``sorted([0.3, nan, 0.5, -0.2])`` gave another gradient under jit, and ``sorted(zip(a, b))`` another
*value* (3.3 for nan). From 64 items with a NaN (CPython's merges) the jit path refuses."""
import sys

import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError


def numbers(x):
    ys = sorted([x[0], x[1] * 2.0, x[2] - 1.0, x[3]])
    return ys[0] * 1.0 + ys[1] * 2.0 + ys[2] * 3.0 + ys[3] * 4.0


def keyed(x):
    ys = sorted([x[0], x[1] * 2.0, x[2] - 1.0, x[3]], key=lambda v: v * 2.0)
    return ys[0] * 1.0 + ys[1] * 2.0 + ys[2] * 3.0 + ys[3] * 4.0


def pairs(x):
    ys = sorted(zip([x[0], x[1], x[2]], [1.0, 2.0, 3.0]))
    return ys[0][0] * ys[0][1] + ys[1][0] * 2.0


def many(x):
    ys = sorted([x[i % 4] * (i + 1.0) for i in range(70)])
    return ys[0] + ys[-1] * 2.0


NAN_POINTS = [np.array([0.3, np.nan, 1.5, -0.2]), np.array([np.nan, 0.1, 1.5, -0.2]),
              np.array([0.3, 0.1, 1.5, np.nan])]


@pytest.mark.jit
@pytest.mark.skipif(sys.version_info >= (3, 13), reason="the order of CPython 3.11/3.12's sort (count_run)")
@pytest.mark.parametrize("f", [numbers, keyed, pairs])
def test_jit_sorts_values_holding_nan_as_python(f):
    for x in NAN_POINTS:
        value, grad = s2sad.value_and_grad(f)(x)
        value_jit, grad_jit = s2sad.value_and_grad(f, jit=True)(x)
        np.testing.assert_array_equal(value_jit, value)
        np.testing.assert_array_equal(value, f(x))
        np.testing.assert_array_equal(grad_jit, grad)


@pytest.mark.jit
@pytest.mark.skipif(sys.version_info >= (3, 13), reason="the order of CPython 3.11/3.12's sort (count_run)")
def test_the_order_is_pythons_on_random_values_with_nan():
    import s2sad.backends.numba_helpers.numba_runtime  # noqa: F401  (loads the numba helpers in order)
    from s2sad.backends.numba_helpers.numba_rules_sequences import _python_order
    rng = np.random.default_rng(39)
    for trial in range(600):
        n, width = int(rng.integers(0, 64)), 1 if trial % 2 else int(rng.integers(1, 4))
        keys = rng.normal(size=(n, width)).round(int(rng.integers(0, 2)))
        keys[rng.random((n, width)) < rng.random() * 0.5] = np.nan
        if trial % 7 == 0 and n:
            keys = keys[np.argsort(keys[:, 0])[::-1]].copy()       # a descending first run
        items = [float(k[0]) if width == 1 else tuple(float(v) for v in k) for k in keys]
        assert list(_python_order(keys)) == sorted(range(n), key=lambda i: items[i])


@pytest.mark.jit
def test_many_values_with_nan_are_refused_under_jit_and_others_agree():
    x = np.array([0.3, 0.1, 1.5, -0.2])
    np.testing.assert_array_equal(s2sad.grad(many, jit=True)(x), s2sad.grad(many)(x))
    with pytest.raises(JitError, match="sorted\\(\\) of values holding a NaN"):
        s2sad.grad(many, jit=True)(np.array([0.3, np.nan, 1.5, -0.2]))
