"""NumPy reduces a number (or a 0-d array) over ``axis=0`` or ``axis=-1`` to itself, and
indexes it with ``()``, ``None`` or ``...``: the adjoints and tangents of these must not treat
the number as an array with an axis (fuzz seed 2209908: ZeroDivisionError inside ``sum_grad``;
``cumprod``'s AxisError; ``b_t[()] += ...`` on a float adjoint; fuzz seed 3002357: np.pad returns a number unpadded, and
its adjoint indexed the number's float gradient)."""
import numpy as np
import pytest

import s2sad

X = np.array([0.3, -1.2, 0.5])


def r_sum(x): return np.sum(np.sum(x * x), axis=0) * 2.0
def r_max(x): return np.max(np.sum(x * x), axis=0) * 2.0
def r_min(x): return np.min(np.sum(x * x), axis=-1) * 2.0
def r_prod(x): return np.prod(np.sum(x * x), axis=0) * 2.0
def r_cumsum(x): return np.sum(np.cumsum(np.sum(x * x), axis=0)) * 2.0
def r_cumprod(x): return np.sum(np.cumprod(np.sum(x * x), axis=0)) * 2.0
def r_method(x): return (np.sum(x * x)).sum(axis=0) * 2.0
def r_keepdims(x): return np.max(np.sum(x * x), axis=0, keepdims=True)[()] * 2.0
def r_none(x): return np.sum(np.sum(x * x)[None] * np.array([1.0, 2.0]))
def r_ellipsis(x): return np.sum(x * x)[...] * 3.0
def r_empty(x): return np.sum(x * x)[()] * 3.0
def r_percentile(x): return np.max(np.percentile(np.sin(x), 1.5), axis=0) * 2.0
def r_pad(x): return np.sum(np.pad(np.squeeze(np.sum(x * x, keepdims=True)), 1) * 3.0)
def r_pad_value(x): return np.sum(np.pad(np.sum(x * x), 2, constant_values=x[0]) * 3.0)


FUNCS = [r_sum, r_max, r_min, r_prod, r_cumsum, r_cumprod, r_method, r_keepdims, r_none, r_ellipsis,
         r_empty, r_percentile, r_pad, r_pad_value]


def _central(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])


@pytest.mark.parametrize("f", FUNCS, ids=lambda f: f.__name__)
def test_reduction_or_index_of_a_number_reverse_and_forward(f):
    expect = _central(f, X)
    assert np.allclose(s2sad.grad(f)(X), expect, rtol=1e-6, atol=1e-8)
    v = np.array([0.4, -0.7, 1.1])
    assert np.isclose(s2sad.jvp(f)(X, v)[1], expect @ v, rtol=1e-6, atol=1e-8)
