"""``jit=True`` on np.nanmean/np.nansum over an integer axis (s2sad/backends/numba_helpers/numba_nan.py and
the nanmean gradient in numba_rules_stats.py). numba's own take no axis, so both were refused
with a JitError although jit=False differentiated them; the compiled gradient must match finite
differences and the pure-Python adjoint on several shapes, NaN entries included."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

pytest.importorskip("numba")
pytestmark = pytest.mark.jit

R = np.random.default_rng(17)


def means_of_columns(X):
    return np.sum(np.nanmean(X, axis=0) ** 2)


def means_kept(X):
    return np.sum(np.nanmean(X, axis=-1, keepdims=True) ** 3)


def sums_of_rows(X):
    return np.sum(np.nansum(X, axis=-1) ** 2)


def whole(X):
    return np.nanmean(X) * np.nansum(X)


def _cases():
    for shape in [(4, 3), (5,), (2, 3, 2)]:
        X = R.standard_normal(shape)
        X.flat[1] = np.nan
        for f in (means_of_columns, means_kept, sums_of_rows, whole):
            yield f, X


CASES = list(_cases())


@pytest.mark.parametrize("f, X", CASES, ids=[f"{c[0].__name__}-{'x'.join(map(str, c[1].shape))}" for c in CASES])
def test_compiles_and_matches(f, X):
    compiled = check_grad(f, X, jit=True)
    np.testing.assert_allclose(compiled, s2sad.grad(f)(X), rtol=1e-12, atol=1e-12)
    assert np.isnan(X.flat[1])        # the user's array is not modified


def all_nan_row(X):
    return np.sum(np.nan_to_num(np.nanmean(X, axis=1)) ** 2)


def test_an_all_nan_slice_gives_what_python_gives():
    X = np.array([[np.nan, np.nan], [1.0, 2.0]])
    with np.errstate(invalid="ignore"), pytest.warns(RuntimeWarning):
        python = s2sad.grad(all_nan_row)(X)
    with np.errstate(invalid="ignore"):
        compiled = s2sad.grad(all_nan_row, jit=True)(X)
    np.testing.assert_allclose(compiled, python, equal_nan=True)
