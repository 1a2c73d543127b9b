"""The numba stand-in for ``np.average`` (``s2sad/backends/numba_helpers/numba_average.py``): NumPy's values
over every axis of 1-d, 2-d and 3-d arrays, with no weights, 1-d weights along the axis, and
weights of the array's shape, with and without ``keepdims``; NumPy's errors; refusals."""
import numba
import numpy as np
import pytest

from s2sad.backends.numba_helpers.numba_average import average


@numba.njit
def _cases(a, k, w1, wf):
    return (average(a, k), average(a, axis=k, weights=w1), average(a, k, wf),
            average(a, axis=k, keepdims=True), average(a, axis=k, weights=w1, keepdims=True),
            average(a, axis=k, weights=wf, keepdims=True))


@numba.njit
def _whole(a, wf):
    return average(a), average(a, weights=wf)


@pytest.mark.parametrize("shape", [(4,), (3, 2), (2, 3, 4)])
def test_average_over_each_axis_is_numpys(shape):
    rng = np.random.default_rng(len(shape))
    a = rng.normal(size=shape)
    wf = rng.uniform(0.5, 2.0, size=shape)
    for k in range(-len(shape), len(shape)):
        w1 = rng.uniform(0.5, 2.0, size=shape[k])
        want = (np.average(a, k), np.average(a, axis=k, weights=w1), np.average(a, k, wf),
                np.average(a, axis=k, keepdims=True), np.average(a, axis=k, weights=w1, keepdims=True),
                np.average(a, axis=k, weights=wf, keepdims=True))
        for got, ref in zip(_cases(a, k, w1, wf), want):
            assert np.shape(got) == np.shape(ref)
            np.testing.assert_allclose(got, ref, rtol=1e-12)
    for got, ref in zip(_whole(a, wf), (np.average(a), np.average(a, weights=wf))):
        np.testing.assert_allclose(got, ref, rtol=1e-12)


@numba.njit
def _weighted(a, k, w):
    return average(a, k, w)


def test_average_raises_what_numpy_raises():
    a = np.ones((2, 3))
    for w, error in ((np.zeros(3), ZeroDivisionError), (np.ones(2), ValueError)):
        with pytest.raises(error):
            np.average(a, 1, w)
        with pytest.raises(error):
            _weighted(a, 1, w)


def test_returned_is_refused_at_typing():
    @numba.njit
    def returned(a):
        return average(a, 0, None, True)
    with pytest.raises(numba.core.errors.TypingError, match="returned=True"):
        returned(np.ones((2, 3)))
