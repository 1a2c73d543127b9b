"""Under jit=True: np.roll by a shift computed at run time (an int or float expression, an argument,
np.argmax, np.floor; numba's roll and its gradient take them since an earlier fix, kept here), and
np.nanmax / np.nanmin with axis= (and keepdims=), which numba lacks: numba_reduce adds them (NaN
skipped, an all-NaN slice NaN as in NumPy); they were refused with a JitError at build time.
Each is checked against finite differences and the Python adjoint, reverse and forward."""
import warnings

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

pytestmark = pytest.mark.jit

W = np.arange(5.0)
X = np.array([0.3, 2.0, -1.0, 0.5, 1.5])
M = np.array([[1.0, np.nan, 3.0, -2.0], [4.0, 0.5, np.nan, 0.25], [np.nan, -1.0, 2.5, 7.0]])


def roll_by_int_expression(x, k):
    s = int(k * 2.0)
    return np.sum(np.roll(x, s) * W)


def roll_by_float(x, k):
    return np.sum(np.roll(x, k * 2.0 - 0.5) * W)


def roll_by_argmax(x, k):
    return np.sum(np.roll(x, np.argmax(x) + int(k)) * W)


def roll_along_an_axis(m, k):
    return np.sum(np.roll(m, int(np.floor(k)), axis=1) ** 2 * np.arange(12.0).reshape(3, 4))


def nan_extremes_along_axes(m):
    return np.sum(np.nanmax(m, axis=0) * np.arange(4.0)) + np.sum(np.nanmin(m, axis=1) ** 2)


def nan_extremes_kept(m):
    return np.sum(np.nanmax(m, axis=1, keepdims=True) * np.nan_to_num(m)) \
        + np.sum(np.nanmin(m, axis=-1, keepdims=True) ** 3)


def nan_extremes_of_a_vector(v):
    return np.nanmax(v, axis=0) * 2.0 + np.nanmin(v, axis=0)


CASES = [(roll_by_int_expression, (X, 1.0)), (roll_by_float, (X, 1.3)), (roll_by_argmax, (X, 2.0)),
         (roll_along_an_axis, (np.arange(12.0).reshape(3, 4) / 5.0, 1.6)),
         (nan_extremes_along_axes, (M,)), (nan_extremes_kept, (M,)), (nan_extremes_of_a_vector, (M[1],))]


@pytest.mark.parametrize("f, args", CASES, ids=[c[0].__name__ for c in CASES])
def test_compiled_against_finite_differences_and_python(f, args):
    compiled = check_grad(f, *args, jit=True)
    np.testing.assert_allclose(compiled, s2sad.grad(f)(*args), rtol=1e-12)
    tangent = np.linspace(-1.0, 1.0, np.size(args[0])).reshape(np.shape(args[0]))
    value, t = check_jvp(f, *args, tangent=tangent, jit=True)
    assert value == pytest.approx(f(*args)) and t == pytest.approx(s2sad.jvp(f)(*args, tangent)[1])


def all_nan_row(m):
    return np.sum(np.nan_to_num(np.nanmax(m, axis=1), nan=-7.0) * np.array([1.0, 2.0]))


def test_an_all_nan_slice_is_nan_as_in_numpy():
    m = np.array([[np.nan, np.nan], [1.0, 3.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)     # NumPy's "All-NaN slice encountered"
        value, g = s2sad.value_and_grad(all_nan_row, jit=True)(m)
        assert value == pytest.approx(all_nan_row(m))
        np.testing.assert_array_equal(g, s2sad.grad(all_nan_row)(m))
    np.testing.assert_array_equal(g[1], [0.0, 2.0])      # (the all-NaN row's entries: NaN, as in Python)
