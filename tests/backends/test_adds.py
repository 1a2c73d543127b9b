"""The gradient of a whole-array np.max added into its adjoint with no array under jit=True
(s2sad/backends/adds.py): checked against finite differences and the pure-Python adjoint (never
rewritten) with one maximum, tied maxima, a NaN maximum (no hit: the statement as written), and
a matrix (another rank: the statement as written)."""
import numpy as np
import pytest

import s2sad
from s2sad.pipeline import build

from test_loopfuse import _same_as_python    # the jitted gradient against the pure-Python one

pytest.importorskip("numba")
pytestmark = pytest.mark.jit

R = np.random.default_rng(23)


def logsumexps(w, xs):
    s = 0.0
    for i in range(xs.shape[0]):
        v = w * xs[i]
        mx = np.max(v)
        s = s + mx + np.log(np.sum(np.exp(v - mx)))
    return s


def peaks(w):
    return np.max(w * w) + np.sum(w)


def test_the_gradient_of_a_maximum_is_added_with_no_array():
    text = build(logsumexps, ["w"], stop_after="jit", param_kinds={"w": 1, "xs": 2})
    # v: the tape's row, read in place (backends/views.py)
    assert "_s2sad_extreme_grad_add(b_v, b_mx, mx, tape_v[tape_v_n])" in text \
        and "extreme_grad(" not in text.split("for i in")[2]
    _same_as_python(logsumexps, R.normal(size=5), R.normal(size=(4, 5)), wrt=(0, 1))


def test_tied_maxima_share_the_gradient():
    w = np.array([1.0, -1.0, 0.5, 1.0])      # w * w: three maxima of 1.0
    assert s2sad.grad(peaks, jit=True)(w).tolist() == s2sad.grad(peaks)(w).tolist()
    _same_as_python(logsumexps, np.array([2.0, 2.0, 0.5]), np.ones((3, 3)), wrt=(0, 1))


@pytest.mark.filterwarnings("ignore:invalid value encountered")
def test_a_nan_maximum_takes_the_statement_as_written():
    w = np.array([1.0, np.nan, 0.5])
    np.testing.assert_array_equal(s2sad.grad(peaks, jit=True)(w), s2sad.grad(peaks)(w))


def test_a_matrix_takes_the_statement_as_written():
    _same_as_python(peaks, R.normal(size=(3, 2)), wrt=0)
