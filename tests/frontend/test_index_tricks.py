"""NumPy's index tricks (s2sad/frontend/index_tricks.py): ``np.r_[a, v, 2.0]`` is differentiated as
the ``np.concatenate`` of its items made at least 1-d (``np.c_[a, b]``, stop 54: along the last axis,
of its items made at least 2-d: tests/frontend/test_index_tricks54.py); ``np.mgrid``, ``np.ogrid`` and
``np.r_``/``np.c_`` with a range or a string are refused, located, when a differentiated value reaches them.
All of them were read as constants before: a zero derivative, silently (fuzz20, campaign seed
3310120: ``np.dot(M, np.r_[mu, np.full(1, a)])``)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

W = np.array([0.3, -0.5, 0.8])


def joined(w, a):
    v = np.r_[a, w[1:], 2.0]                 # a number, a vector, a constant
    u = np.r_[np.full(1, a), w * a]
    return np.sum(v * u) + np.dot(np.array([w[1:], a * np.ones(2)]), np.r_[a, 1.0])[1]


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_r_of_values_is_a_concatenation(jit):
    check_grad(joined, W.copy(), 0.4, jit=jit)
    if not jit:
        check_jvp(joined, W.copy(), 0.4, wrt=(0, 1), tangent=(np.array([0.2, 1.0, -0.7]), 0.5))


def range_kept(w, a):
    return np.sum(np.r_[0:2] * a) + np.sum(w)      # a range: no derivative flows through it


def test_a_range_with_no_derivative_is_kept():
    check_grad(range_kept, W.copy(), 0.4)


def column_trick(w, a):
    return np.sum(np.c_[0:3, w * a])


def range_trick(w, a):
    return np.sum(np.r_[0:2, w * a])


@pytest.mark.parametrize("f", [column_trick, range_trick])
def test_other_tricks_are_refused_where_differentiated(f):
    with pytest.raises(s2sad.NoDerivativeError) as e:
        s2sad.grad(f, wrt="a")(W.copy(), 0.4)
    assert "np.concatenate" in str(e.value) and "line" in str(e.value)
