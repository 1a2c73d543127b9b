"""Elementwise updates fused into loops (s2sad/backends/fuse.py): an update of a column or a row
of a gradient, ``b_m[:, c] += g * v``, runs over ``b_m``'s own elements (no view of ``b_m`` per
iteration); checked against finite differences and the pure-Python adjoint, with a computed
and a negative index, a row of a matrix, and shapes that broadcast (the statement as written);
and a division by an array, which is not fused (numba's scalar division by zero raises)."""
import warnings

import numpy as np
import pytest

import s2sad
from s2sad.pipeline import build
from test_loopfuse import _same_as_python    # the jitted gradient against the pure-Python one

pytest.importorskip("numba")
pytestmark = pytest.mark.jit

R = np.random.default_rng(3)
M, V = R.normal(size=(4, 3)), R.normal(size=(4, 3))


def columns(m, v):
    z = m[:, 0] * v[:, 0]
    for c in range(1, m.shape[1]):
        z = z + m[:, c] * v[:, -1 - c]          # a computed, negative column index
    return np.sum(z * z)


def rows(m, w):
    s = 0.0
    for j in range(m.shape[0]):
        s = s + np.sum(np.tanh(m[j] * w))      # m[j]: a row, the trailing axis implied
    return s


def divided(x, y):
    t = x * y
    for _ in range(2):
        t = t + x / y                            # b_x += b_t / y: y may hold a zero
    return np.sum(t)


def test_a_column_update_indexes_the_gradient_itself():
    text = build(columns, ["m", "v"], stop_after="jit", param_kinds={"m": 2, "v": 2})
    assert "b_m[_i0" in text and "b_v[_i0" in text and "= b_m[:, " not in text
    _same_as_python(columns, M, V, wrt=(0, 1))


def test_a_row_update_indexes_the_gradient_itself():
    text = build(rows, ["m", "w"], stop_after="jit", param_kinds={"m": 2, "w": 1})
    assert "b_m[j, _i0" in text
    _same_as_python(rows, M, V[0], wrt=(0, 1))


def test_a_broadcast_runs_the_update_as_written():
    _same_as_python(rows, M, V[0, :1], wrt=(0, 1))        # w of shape (1,): m[j] * w broadcasts


def test_an_update_dividing_by_an_array_divides_as_numpy_does():
    """``b_x += b_t / y`` was fused into a scalar loop, whose division by zero raised
    ZeroDivisionError under numba (a JitError) where NumPy gives inf: the loop divides
    by ``np.divide`` (NumPy's inf and nan on numbers too)."""
    text = build(divided, ["x", "y"], stop_after="jit", param_kinds={"x": 1, "y": 1})
    assert "] / y[" not in text and "np.divide(" in text
    x, y = np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        jitted = s2sad.grad(divided, wrt=(0, 1), jit=True)(x, y)
        plain = s2sad.grad(divided, wrt=(0, 1))(x, y)
    for u, v in zip(jitted, plain):
        np.testing.assert_array_equal(u, v)      # inf where y is 0
    _same_as_python(divided, x, y + 3.0, wrt=(0, 1))


def sigmoid_loss(z, t):
    o = 1.0 / (1.0 + np.exp(-z))
    d = o - t
    return np.mean(d * d)


def test_a_run_dividing_by_an_array_is_one_loop_with_numpy_division():
    """``o = 1.0 / t3`` joins the run of the loss and its adjoint (no array for ``o`` or ``b_o``);
    in a run dividing by an array holding a zero, the gradient has NumPy's inf and nan."""
    text = build(sigmoid_loss, ["z"], stop_after="jit", param_kinds={"z": 1, "t": 1})
    fused = text.split("\n    else:\n")[0]
    assert "np.divide(1.0, " in fused and "b_o_all" not in fused
    _same_as_python(sigmoid_loss, R.normal(size=5), R.normal(size=5), wrt=0)
    x, y = np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        np.testing.assert_array_equal(s2sad.grad(ratio_of, jit=True)(x, y), s2sad.grad(ratio_of)(x, y))


def ratio_of(x, y):
    r = x / y
    return np.sum(r * r)
