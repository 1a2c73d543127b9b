"""In-place NumPy forms stop 55 lifted from a refusal (frontend/inplace.py, rules/runtime_ufunc_at.py):

* ``np.maximum.at``, ``np.minimum.at``, ``np.fmax.at``, ``np.fmin.at``, ``np.multiply.at`` with repeated
  indices: NumPy applies the ufunc once per index in order, and the derivative follows that chain (a
  tie goes to the value already there, as ``np.maximum``'s rule; a product's factor at a repeated
  index gets the product of the others, exact at a zero);
* ``np.put(a, ind, v, mode)`` (``raise``, ``wrap``, ``clip``; one value or one per index);
* a ufunc's ``out=`` with ``where=`` (NumPy leaves ``out`` where the mask is false; ``np.log``'s and
  ``np.divide``'s operands there never reach a NaN derivative).

The target may be a local array, a view of one, or a parameter (the caller's array is never
modified: ``check_grad`` checks it). Each form is checked against central differences in
both modes, and under ``jit=True``."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

X = np.array([0.3, 0.7, 1.1])
V = np.array([0.5, 1.4, -0.2, 0.9, 0.7])
TX = np.array([0.1, -0.3, 0.2])
TV = np.array([0.4, 0.1, -0.5, 0.3, 0.2])
IDX = np.array([0, 2, 0, 1, 2])
ROWS = np.array([1, 0, 1])


def _both(f, jit):
    check_grad(f, X, V, wrt=(0, 1), jit=jit)
    check_jvp(f, X, V, wrt=(0, 1), tangent=(TX, TV), jit=jit)


def maximum_at(x, v):
    a = x.copy()
    np.maximum.at(a, IDX, v)
    return np.sum(a * a)


def minimum_at_view(x, v):
    A = np.outer(x, x)
    row = A[1]
    np.minimum.at(row, IDX, v)
    return np.sum(A * A)


def maximum_at_rows(x, v):
    a = np.outer(x, x)
    np.maximum.at(a, ROWS, v[:3])
    return np.sum(a * a)


def fmin_at_list(x, v):
    a = x.copy()
    np.fmin.at(a, [0, 0, 2], v[:3])
    return np.sum(np.sin(a))


def multiply_at_repeated(x, v):
    a = x.copy()
    np.multiply.at(a, IDX, v * np.array([1.0, 0.0, 1.0, 1.0, 1.0]))   # a zero factor at a repeated index
    return np.sum(a * a) + np.sum(a)


def maximum_at_parameter(x, v):
    np.maximum.at(x, IDX, v[0])
    return np.sum(x ** 3)


AT = [maximum_at, minimum_at_view, maximum_at_rows, fmin_at_list, multiply_at_repeated, maximum_at_parameter]


def test_maximum_at_values_and_ties():
    """The value is NumPy's; a tie with the value already there leaves the derivative with it."""
    def f(x, v):
        a = x.copy()
        np.maximum.at(a, [0, 0], v)
        return a[0]
    x, v = np.array([1.0, 0.0]), np.array([1.0, 0.5])
    gx, gv = s2sad.grad(f, wrt=(0, 1))(x, v)
    assert f(x, v) == 1.0 and gx.tolist() == [1.0, 0.0] and gv.tolist() == [0.0, 0.0]
    gx, gv = s2sad.grad(f, wrt=(0, 1))(x, np.array([0.2, 3.0]))
    assert gx.tolist() == [0.0, 0.0] and gv.tolist() == [0.0, 1.0]


def test_ufunc_at_hessian():     # refused until numpy56 gave ufunc_at's gradients forward rules
    check_hvp(maximum_at, X, V, v=TX)


# ---- np.put ---------------------------------------------------------------------------------
def put_raise(x, v):
    a = x.copy()
    np.put(a, [0, 2, 0], v[:3])     # a repeated index: the last write stays
    return np.sum(a ** 3)


def put_wrap(x, v):
    a = x.copy()
    np.put(a, [4, -1], v[:2], mode="wrap")
    return np.sum(a ** 3)


def put_clip_matrix(x, v):
    a = np.outer(x, x)
    np.put(a, np.array([-3, 4, 20]), v[1:4], mode="clip")
    return np.sum(a ** 2)


def put_one_value(x, v):
    a = np.outer(x, x)
    np.put(a, [0, 4, 8], v[1])
    return np.sum(a ** 2)


def put_parameter(x, v):
    np.put(x, [1], v[3] * x[0])
    return np.sum(x ** 3)


PUT = [put_raise, put_wrap, put_clip_matrix, put_one_value, put_parameter]


def put_repeating(x, v):
    a = np.zeros(4)
    np.put(a, [0, 1, 2, 3], v[:2])     # NumPy repeats the two values
    return np.sum(a * x[0])


def test_put_of_repeated_values_is_refused_located():
    with pytest.raises(s2sad.RefusedValuesError) as e:
        s2sad.grad(put_repeating)(X, V)
    assert "np.put" in str(e.value) and "line" in str(e.value)


def test_put_out_of_range_is_numpys_index_error():
    def f(x):
        a = x.copy()
        np.put(a, [3], 1.0)
        return np.sum(a)
    with pytest.raises(IndexError):
        s2sad.grad(f)(X)


# ---- out= with where= ---------------------------------------------------------------------------
def multiply_where(x, v):
    a = x.copy()
    np.multiply(v[:3], 3, out=a, where=x > 0.5)
    return np.sum(a * a)


def log_where(x, v):
    y = np.zeros(3)
    np.log(x - 0.5, out=y, where=x > 0.5)       # log of a negative number where the mask is false
    return np.sum(y * v[:3])


def divide_where(x, v):
    y = np.ones(3)
    np.divide(v[:3], x - 0.7, out=y, where=np.array([True, False, True]))
    return np.sum(y ** 2)


def exp_where_view(x, v):
    a = np.outer(x, x)
    b = a[1]
    np.exp(v[:3], out=b, where=v[:3] > 0)
    return np.sum(a * a)


def multiply_where_parameter(x, v):
    np.multiply(x, v[:3], out=x, where=v[:3] > 0)
    return np.sum(x * x)


WHERE = [multiply_where, log_where, divide_where, exp_where_view, multiply_where_parameter]


@pytest.mark.parametrize("f", AT + PUT + WHERE, ids=lambda f: f.__name__)
def test_lifted_form(f):
    _both(f, False)


JIT = [maximum_at, multiply_at_repeated, minimum_at_view, put_wrap, put_one_value, log_where, exp_where_view]


@pytest.mark.jit
@pytest.mark.parametrize("f", JIT, ids=lambda f: f.__name__)
def test_lifted_form_jit(f):
    _both(f, True)


def test_log_where_gradient_has_no_nan():
    gx, gv = s2sad.grad(log_where, wrt=(0, 1))(X, V)
    assert np.all(np.isfinite(gx)) and gx[0] == 0.0 and gv[0] == 0.0


def where_without_out(x):
    return np.sum(np.exp(x, where=x > 0.5))     # NumPy leaves the other entries uninitialised


def test_where_without_out_stays_refused():
    with pytest.raises(s2sad.S2sadError):
        s2sad.grad(where_without_out)(X)


# ---- every ufunc of floats, not only those of a restricted domain (stop 55, poly55b) -----------------
BIG = np.array([0.3, 1000.0, -0.5, 800.0])
MASK = np.array([True, False, True, False])


def overflowing_where(x):
    y = np.zeros(4)
    np.exp(x, out=y, where=MASK)                 # exp(1000.0) where the mask is false: inf, left alone
    np.sinh(2.0 * x, out=y, where=MASK)
    np.square(x, out=y, where=MASK)
    np.sinh(2.0 * x, out=y, where=MASK)
    return np.sum(y * x)


def ldexp_where(x):
    y = np.ones(4)
    np.ldexp(np.full(4, 0.75), np.array([1, 2, 3, 4]), out=y, where=MASK)   # the integer exponent is not replaced
    return np.sum(y * x)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_overflowing_ufunc_where_gradient_is_finite(jit):
    """Was 0 * inf = NaN at the positions left alone (np.exp was not on inplace._SAFE)."""
    with np.errstate(over="ignore"):
        g = s2sad.grad(overflowing_where, jit=jit)(BIG)
        _, t = s2sad.jvp(overflowing_where, jit=jit)(BIG, np.ones(4))
    x = BIG[MASK]
    expected = np.zeros(4)
    expected[MASK] = np.sinh(2.0 * x) + 2.0 * x * np.cosh(2.0 * x)
    np.testing.assert_allclose(g, expected, rtol=1e-12)
    np.testing.assert_allclose(t, expected.sum(), rtol=1e-12)
    check_grad(overflowing_where, np.array([0.3, 0.4, -0.5, 0.8]), jit=jit)


def test_ldexp_where_keeps_its_integer_exponent():
    value, g = s2sad.value_and_grad(ldexp_where)(BIG)
    np.testing.assert_array_equal(g, [1.5, 1.0, 6.0, 1.0])
    assert value == ldexp_where(BIG)
