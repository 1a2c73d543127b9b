"""``np.max(v)``/``np.min(v)`` in compiled adjoints: a loop of s2sad's for a float or integer vector
(``numba_extremes.amax/amin``, substituted last by ``stand_ins.Late``), numba's otherwise;
values, NaN, empty vectors and gradients as NumPy's and jit=False's."""
import numpy as np
import pytest

import s2sad
from s2sad.backends.numba_helpers.numba_extremes import amax, amin
from s2sad.testing import check_grad


def lse_rows(X, a):                    # logsumexp of each row (GMM's per-point logsumexp)
    s = 0.0
    for i in range(X.shape[0]):
        v = X[i] * a
        mx = np.max(v)
        s = s + mx + np.log(np.sum(np.exp(v - mx)))
    return s


def spread(v):                          # np.min and np.amax of a vector, np.max of a matrix
    return np.amax(v) * np.min(v) + np.max(np.outer(v, v))


def _source(g):
    with open(g._built_now().module.path) as fh:      # the adjoint and its drivers
        return fh.read()


def test_logsumexp_rows_use_the_loop_and_match_differences():
    rng = np.random.default_rng(40)
    X, a = rng.normal(size=(6, 5)), rng.normal(size=5)
    g = s2sad.grad(lse_rows, wrt=(0, 1), jit=True)
    for got, want in zip(g(X, a), s2sad.grad(lse_rows, wrt=(0, 1))(X, a)):
        np.testing.assert_allclose(got, want, rtol=1e-12)
    check_grad(lse_rows, X, a, wrt=(0, 1), jit=True)
    text = _source(g)
    assert "_s2sad_amax(" in text and not any("np.max(" in ln.split("#")[0] for ln in text.splitlines())


def test_min_amax_of_a_vector_and_max_of_a_matrix():
    v = np.array([0.3, -1.2, 2.5, 0.7])
    g = s2sad.grad(spread, jit=True)
    np.testing.assert_allclose(g(v), s2sad.grad(spread)(v), rtol=1e-12)
    check_grad(spread, v, jit=True)
    text = _source(g)
    assert "_s2sad_amin(v)" in text and "_s2sad_amax(v)" in text


@pytest.mark.parametrize("v", [
    np.array([1.0, np.nan, 3.0]), np.array([np.nan, 2.0]), np.array([2.0, 5.0, -1.0, 5.0]),
    np.array([-np.inf, -np.inf]), np.array([3, -7, 11]), np.array([1.5, 0.5], dtype=np.float32),
    np.arange(6.0).reshape(2, 3), np.arange(12.0)[::3]])
def test_compiled_values_are_numpy_s(v):
    import numba
    got = numba.njit(lambda v: (amax(v), amin(v)))(v)
    numba_s = numba.njit(lambda v: (np.max(v), np.min(v)))(v)
    for x, y, z in zip(got, numba_s, (np.max(v), np.min(v))):
        assert type(x) is type(y)
        np.testing.assert_array_equal(x, z)


@pytest.mark.parametrize("fn, word", [(amax, "maximum"), (amin, "minimum")])
def test_empty_vector_raises_numpy_s_error(fn, word):
    import numba
    f = numba.njit(lambda v: fn(v))
    with pytest.raises(ValueError, match=f"zero-size array to reduction operation {word}"):
        f(np.zeros(0))
    with pytest.raises(ValueError, match=f"zero-size array to reduction operation {word}"):
        fn(np.zeros(0))
