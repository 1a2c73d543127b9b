"""``jit=True`` on np.average over an integer axis (no weights, 1-d weights along the axis,
weights of the array's shape; keepdims) and np.take with a list of indices along an axis
(s2sad/backends/numba_helpers/numba_rules_stats.py). Both were refused with a JitError although jit=False
differentiated them; the compiled gradient must match finite differences and the pure-Python
adjoint on several shapes."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

pytest.importorskip("numba")
pytestmark = pytest.mark.jit

R = np.random.default_rng(16)
W3 = np.array([0.5, 1.0, 2.0])


def rows_weighted(X):
    return np.sum(np.average(X, axis=1, weights=W3) ** 2)


def columns(X):
    return np.sum(np.average(X, axis=0) ** 2)


def last_kept(X):
    return np.sum(np.average(X, axis=-1, keepdims=True) * X)


def full_weights(X, W):
    return np.sum(np.average(X, axis=0, weights=W) ** 2)


def vector_weights(X, w):
    return np.sum(np.average(X, axis=1, weights=w) ** 3)


def take_columns(X):
    return np.sum(np.take(X, [0, -1], axis=1) ** 2)


def take_rows_twice(X):
    return np.sum(np.take(X, [1, -1, 1], axis=0) ** 3)


def _cases():
    for shape in [(4, 3), (2, 3), (5, 2, 3)]:
        X = R.standard_normal(shape)
        if shape[1] == 3:
            yield rows_weighted, (X,), 0
        yield columns, (X,), 0
        yield last_kept, (X,), 0
        yield take_columns, (X,), 0
        yield take_rows_twice, (X,), 0
        yield full_weights, (X, R.random(shape) + 0.5), (0, 1)
        yield vector_weights, (X, R.random(shape[1]) + 0.5), (0, 1)


CASES = list(_cases())


@pytest.mark.parametrize("f, args, wrt", CASES,
                         ids=[f"{c[0].__name__}-{'x'.join(map(str, c[1][0].shape))}" for c in CASES])
def test_compiles_and_matches(f, args, wrt):
    compiled = check_grad(f, *args, wrt=wrt, jit=True)
    python = s2sad.grad(f, wrt=wrt)(*args)
    pairs = zip(compiled, python) if isinstance(wrt, tuple) else [(compiled, python)]
    for mine, theirs in pairs:
        np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-12)


def average_over_two_axes(X):
    return np.sum(np.average(X, axis=(0, 1)) ** 2)


def test_a_tuple_of_axes_is_refused_with_the_line():
    """A tuple ``axis`` (jit=False differentiates it) is still refused under jit, located at the
    user's line and saying what to write instead."""
    from s2sad.backends.jit import JitError
    X = R.standard_normal((2, 3, 4))
    check_grad(average_over_two_axes, X)
    with pytest.raises(JitError, match=r"(?s)test_average_take_axis_jit.py.*np\.average\(X, axis=\(0, 1\)\).*jit=False"):
        s2sad.grad(average_over_two_axes, jit=True)(X)
