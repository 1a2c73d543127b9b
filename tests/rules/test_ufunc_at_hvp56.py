"""hvp through np.maximum.at, np.fmin.at and np.multiply.at (forward rules of ufunc_at_grad_a and
ufunc_at_grad_v: rules/tangents_index_writes.py, runtime_ufunc_at.py; numba: numba_rules_ufunc_at.py).
On main hvp of any ufunc.at write was refused, naming the generated adjoint's line first. The
products over repeated indices are checked with zeros among the items (no division anywhere)."""
import numpy as np
import pytest

from s2sad.testing import check_hvp, check_modes

IDX = np.array([0, 2, 2, 3, 0, 2])
X = np.array([0.7, -1.3, 0.4, 2.0, 1.1])
V = np.array([1.5, -0.2, 0.9, 0.0, 2.5, -1.1])


def product_at(x, v):
    y = x * x
    np.multiply.at(y, IDX, v * x[1])
    return np.sum(np.sin(y))


def maximum_at(x, v):
    y = np.cos(x)
    np.maximum.at(y, IDX, v * v - 1.0)
    return np.sum(y * y * x)


def fmin_at(x, v):
    y = x * 1.0
    np.fmin.at(y, IDX, np.where(v > 1.0, np.nan, v * x[4]))
    return np.sum(y ** 3)


@pytest.mark.parametrize("f", [product_at, maximum_at, fmin_at])
def test_against_differences(f):
    check_modes(f, X, V, wrt=(0, 1), v=(X[::-1] * 0.3, V * 0.5 + 0.1))


def test_compiled():
    check_hvp(product_at, X, V, wrt=(0, 1), v=(X * 0.2, V[::-1]), jit=True)
