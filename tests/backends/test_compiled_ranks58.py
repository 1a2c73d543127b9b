"""``g.compiled`` (a numba dispatcher) called with arguments of other ranks than the call its
adjoint was specialised on (``backends/drivers.rank_inline``).

On the base numba compiled the drivers for whatever it was given: the adjoint of another rank
raised numba's TypingError ("Cannot unify float64 and array(float64, 1d, C)"), and the
rank-generic adjoint behind a ``jit=False`` gradient's ``.compiled`` returned a number for a
function whose output was an array there (``f_mixed(x, s)`` with an array ``s``: ``[4.6, 6.6,
2.6]``, where ``grad`` refuses). Now each driver checks, when numba types it, each argument's rank
(and ``dout``'s) against the build's and that a gradient's output is a number: s2sad's own
located errors, from Python and from the user's njit code."""
import numba
import numpy as np
import pytest

import s2sad
from s2sad.errors import ArgumentError, NonScalarOutputError


def loop(w, x):
    h = 0.0
    for i in range(len(x)):
        h = np.tanh(w * h + x[i])
    return h


def mixed(a, s):
    return np.sum(a) * s + s ** 2


def sum_sq(x):
    return np.sum(x * x)


def vec(x, A):
    return A @ np.sin(x)


X = np.array([0.3, -0.2, 0.5])


@pytest.fixture(scope="module")
def loop_compiled():
    g = s2sad.grad(loop, wrt=(0, 1), jit=True)
    expected = g(0.5, X)
    return g, g.compiled, expected


def test_same_kinds_still_compiled(loop_compiled):
    g, gc, expected = loop_compiled
    for got, want in zip(gc(0.5, X), expected):
        np.testing.assert_allclose(got, want)
    for got, want in zip(gc(np.array(0.5), X[::-1].copy()[::-1]), expected):   # a 0-d array is a number
        np.testing.assert_allclose(got, want)
    assert gc(1, X)[1].shape == (3,)
    assert gc(0.5, np.zeros(0))[1].shape == (0,)


@pytest.mark.parametrize("args, name", [((np.array([0.5, 0.2, 0.1]), X), "w"), ((0.5, X.reshape(3, 1)), "x")])
def test_other_rank_refused(loop_compiled, args, name):
    _, gc, _ = loop_compiled
    with pytest.raises(ArgumentError, match=f"argument `{name}`.*built"):
        gc(*args)


def test_other_rank_refused_in_users_njit(loop_compiled):
    _, gc, _ = loop_compiled

    @numba.njit
    def descend(w, x):
        for _ in range(3):
            dw, dx = gc(w, x)
            x = x - 0.1 * dx
        return x
    assert descend(0.5, X.copy()).shape == (3,)
    with pytest.raises(ArgumentError, match="argument `x`"):
        descend(0.5, X.reshape(3, 1).copy())


def test_value_and_grad_compiled_other_rank():
    v = s2sad.value_and_grad(sum_sq, jit=True)
    v(X)
    np.testing.assert_allclose(v.compiled(X)[1], 2 * X)
    for bad in (X.reshape(3, 1), 2.0):
        with pytest.raises(ArgumentError):
            v.compiled(bad)


def test_rank_generic_compiled_refuses_array_output():
    g = s2sad.grad(mixed, wrt=(0, 1))
    g(X, 2.0)
    gc = g.compiled
    np.testing.assert_allclose(gc(X, 2.0)[1], np.sum(X) + 4.0)
    with pytest.raises(NonScalarOutputError):
        gc(X, np.array([2.0, 3.0, 1.0]))


def test_vjp_compiled_dout_rank():
    A = np.arange(6.0).reshape(2, 3)
    h = s2sad.vjp(vec, jit=True)
    want = h(X, A, np.ones(2))
    np.testing.assert_allclose(h.compiled(X, A, np.ones(2)), want)
    for dout in (1.0, np.ones((2, 1))):
        with pytest.raises(ArgumentError, match="dout"):
            h.compiled(X, A, dout)
