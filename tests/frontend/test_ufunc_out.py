"""np.divide(a, b, out=<fresh array>, where=w) as the double-where form (s2sad/frontend/ufunc_out.py):
NumPy's values (the fresh array's entries where w is false), no division by zero, derivatives
against finite differences in both modes; an out= naming an existing array stays refused."""
import warnings

import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_grad, check_jvp

A_ = np.array([1.0, 2.0, 3.0, 4.0])
B_ = np.array([0.6, 0.0, -2.0, 3.0])


def safe_ratios(a, b):
    r = np.divide(a, b, out=np.zeros_like(a), where=b != 0)
    return np.sum(r * r) + np.sum(np.divide(a, b, out=np.ones_like(b), where=b > 0.5)) \
        + np.sum(np.divide(a, b, out=(np.full_like(a, 7.0),), where=b < -1.0))


@pytest.mark.parametrize("jit", [False, True])
def test_derivatives(jit):
    check_grad(safe_ratios, A_, B_, wrt=(0, 1), jit=jit)
    check_jvp(safe_ratios, A_, B_, wrt=(0, 1), tangent=(B_, np.array([0.1, 0.0, 0.2, -0.3])), jit=jit)


def test_values_are_numpys_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value, _ = s2sad.jvp(lambda a, b: np.divide(a, b, out=np.zeros_like(a), where=b != 0), wrt=0)(
            A_, B_, np.ones(4))
    np.testing.assert_array_equal(value, np.divide(A_, B_, out=np.zeros_like(A_), where=B_ != 0))


def into(a, b):
    r = np.zeros_like(a)
    np.divide(a, b, out=r, where=b != 0)
    return np.sum(r)


def test_out_naming_an_existing_array_is_the_write_it_is():
    """Refused until stop 55 (frontend/inplace.py: `r[...] = np.where(m, np.divide(...), r)`)."""
    check_grad(into, A_, B_)                # (b = 0 is a jump of the mask: no difference quotient in b there)
    check_grad(into, A_, np.array([0.6, 1.5, -2.0, 3.0]), wrt=(0, 1))


def test_fresh_array_of_another_dtype_is_left_as_written():
    def ints(a, b):
        return np.sum(np.divide(a, b, out=np.zeros(4, dtype=int), where=b != 0))
    with pytest.raises(S2sadError):
        s2sad.grad(ints)(A_, B_)
