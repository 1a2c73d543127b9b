"""``np.fmod``, ``math.fmod`` and ``np.modf`` (hunt48's frequent refusals; ``rules/grads_elementwise.py``,
``tangents_elementwise.py``, ``runtime_pieces.py`` with their numba versions).

``np.fmod`` and ``np.modf`` had no rule. ``math.fmod`` had one, shared with ``%``: its derivative
in the divisor, ``-floor(x / y)``, is ``%``'s; ``fmod`` rounds the quotient toward zero, so where the
operands' signs differ the gradient was **silently wrong** (``d/dy fmod(1.11, -0.71)``: 1.6 for
0.8, in grad and jvp). Now ``d/dy = -n`` with ``n`` the quotient ``fmod`` used, read back from its
result (``round((x - z) / y)``); ``np.modf``'s fractional part passes its adjoint to ``x``, the
integral part (piecewise constant) none.
"""
import math

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp


def fmod_arrays(x):
    return np.sum(np.fmod(x * 3.0, x[::-1] - 0.2) ** 2)


def fmod_numbers(x):
    return math.fmod(x[0] * 3.0, x[1]) ** 2 + math.fmod(x[1], 0.3) * x[0]


def modf_parts(x):
    frac, whole = np.modf(x * 3.0)
    return np.sum(frac ** 2 * whole + np.sin(frac))


def modf_number(x):
    frac, whole = np.modf(x[0] * 2.5)
    return frac * x[1] + whole


X = np.array([0.37, -0.71, 1.3])     # signs differing between dividend and divisor
V = np.array([0.5, -1.0, 0.25])
FUNCTIONS = [fmod_arrays, fmod_numbers, modf_parts, modf_number]


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
def test_every_mode(f):
    check_grad(f, X.copy())
    check_jvp(f, X.copy(), tangent=V)
    check_hvp(f, X.copy(), v=V, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(s2sad.vjp(f)(X.copy(), 2.0), 2.0 * s2sad.grad(f)(X.copy()), rtol=1e-12)


def test_where_signs_agree_as_percent():
    """Operands of one sign: fmod is ``%``, and so are the gradients (autograd has no fmod to ask)."""
    def with_fmod(x):
        return np.sum(np.fmod(x * 3.0, x[::-1] + 0.2) ** 2)

    def with_mod(x):
        return np.sum(np.mod(x * 3.0, x[::-1] + 0.2) ** 2)
    x = np.abs(X) + 0.1
    np.testing.assert_allclose(s2sad.grad(with_fmod)(x.copy()), s2sad.grad(with_mod)(x.copy()), rtol=1e-12)


def test_math_fmod_in_the_divisor_where_signs_differ():
    """The quotient rounds toward zero: d/dy fmod(x, y) = -trunc(x / y), here -(-1) (``%``'s -floor: 2)."""
    def f(x):
        return math.fmod(x[0] * 3.0, x[1])
    g = s2sad.grad(f)(np.array([0.37, -0.71]))
    np.testing.assert_allclose(g, [3.0, 1.0], rtol=1e-12)
    _, t = s2sad.jvp(f)(np.array([0.37, -0.71]), np.array([0.0, 1.0]))
    assert t == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize("f", [fmod_arrays, modf_parts, modf_number], ids=lambda f: f.__name__)
def test_jit(f):
    check_grad(f, X.copy(), jit=True)


def test_modf_jvp_under_jit():
    check_jvp(modf_parts, X.copy(), tangent=V, jit=True)


def test_numba_modf_matches_numpy():
    import numba
    from s2sad.backends.numba_helpers import numba_rules_pieces  # noqa: F401  (its np.modf overload)

    @numba.njit
    def modf(x):
        return np.modf(x)
    x = np.array([2.75, -2.75, 0.0, -0.0, np.inf, -np.inf, 7.0, -1e-300])
    for got, want in zip(modf(x), np.modf(x)):
        np.testing.assert_array_equal(got, want)
        np.testing.assert_array_equal(np.signbit(got), np.signbit(want))
    for v in (2.75, -0.5, 3):
        assert modf(v) == tuple(float(p) for p in np.modf(v))
