"""Calls that only relabel a real array, refused on main (hunt47's API axis):

* ``np.conj`` / ``np.conjugate`` and the methods ``x.conj()`` / ``x.conjugate()`` of a real value
  are the value: adjoint and tangent the identity (``rules/grads_elementwise.py``). The method
  returns the array itself (``runtime.conj_method``), as NumPy's does: a write through it is
  one into the argument (refused where s2sad cannot follow it, never taken for a copy); a complex value meeting a differentiated one stays refused, located;
* ``np.asfortranarray`` and ``np.require`` give the same values in another layout: identity,
  with a numba version of ``np.require`` for a constant string of flags.
"""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp

W = np.linspace(0.3, 2.0, 6).reshape(2, 3)


def np_conj(x):
    return np.sum(np.sin(np.conj(x)) * W)


def np_conjugate(x):
    return np.sum(np.conjugate(x * x) * W)


def method_conj(x):
    return np.sum(x.conj() * np.tanh(x))


def method_conjugate(x):
    return np.sum(np.exp(x.conjugate()) * W) + x[0, 1].conjugate() ** 2


def fortran(x):
    return np.sum(np.sin(np.asfortranarray(x)) * W)


def require_c(x):
    return np.sum(np.sin(np.require(x, requirements="C")) * W)


def require_f(x):
    return np.sum(np.cos(np.require(x * 2.0, requirements="F")) * W)


FORMS = [np_conj, np_conjugate, method_conj, method_conjugate, fortran, require_c, require_f]
X = np.linspace(0.1, 1.3, 6).reshape(2, 3)
V = np.linspace(-1.0, 1.0, 6).reshape(2, 3)


@pytest.mark.parametrize("fn", FORMS, ids=lambda f: f.__name__)
def test_exact_in_every_mode(fn):
    check_grad(fn, X.copy())
    check_jvp(fn, X.copy(), tangent=V)
    check_hvp(fn, X.copy(), v=V, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("fn", [np_conj, np_conjugate], ids=lambda f: f.__name__)
def test_against_autograd(fn):
    check_against_autograd(fn, X.copy())


@pytest.mark.parametrize("fn", [method_conj, require_c, require_f], ids=lambda f: f.__name__)
def test_jit(fn):
    check_grad(fn, X.copy(), jit=True)


def write_through_method(x):
    y = x * 1.0
    z = y.conj()            # NumPy: y itself, so the write reaches y
    z[0, 0] = 3.0 * x[1, 1]
    return np.sum(y * W)


def test_a_write_through_the_method_is_not_taken_for_a_copy():
    """np.conjugate's copy would leave y unchanged (a silently wrong value): the write is refused, located."""
    x = X.copy()
    assert write_through_method(x) != np.sum(x * W)     # in Python the write reaches y
    with pytest.raises(s2sad.S2sadError, match="z\\[0, 0\\] = 3.0"):
        s2sad.grad(write_through_method)(x)


def complex_meets(x):
    z = np.exp(1j * x)
    return np.sum(np.conj(z) * x).real


def test_complex_stays_refused():
    with pytest.raises(s2sad.S2sadError, match="line"):
        s2sad.grad(complex_meets)(X.copy())


Z = np.exp(1j * np.array([0.3, 0.5, 0.9]))


def constant_complex_conj(x):
    r = np.real(Z.conj() * Z)      # |Z|^2 = 1: x.conj() of a complex constant conjugates it
    return np.sum(r * x ** 2)


def test_the_method_of_a_complex_constant_conjugates_it():
    x = np.array([0.2, 0.4, 0.6])
    value, g = s2sad.value_and_grad(constant_complex_conj)(x)
    assert value == constant_complex_conj(x)
    np.testing.assert_allclose(g, 2.0 * x, rtol=1e-12)
