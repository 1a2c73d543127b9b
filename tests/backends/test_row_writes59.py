"""A counted tape's row write is numba's assignment ``rows[n] = v`` written at the push, not a
call of a helper: stop 58 made it ``_s2sad_write_row(rows, n, v)`` (first-call time), which cost
about 8 ns a push against 4 for rows of 7 floats (a call per push, numba does not inline it) and
took LSTM l=4's warm time from 1.00-1.03x to 1.09-1.20x numba-hand (benchmarks.warm_ab LSTM 1,
interleaved runs, stop 59). The values the reverse sweep reads back are the pushed ones, the
rows' path and the list's alike."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad
from tests.backends.test_tape_calls58 import steady_rows as small_rows   # LSTM-like: a state pushed each step (rows only)


def widening(x, w):
    """Pushes of one shape (rows) and then of longer ones (the list), read back by sin."""
    s = 0.0
    for i in range(w.shape[0]):
        v = x[:3 + i // 4] * w[i]
        s = s + np.sum(np.sin(v) * v)
    return s


RNG = np.random.default_rng(59)
X = RNG.normal(size=7)
W = RNG.uniform(0.5, 1.5, size=12)


def _jit_source(f):
    g = s2sad.grad(f, wrt=(0, 1), jit=True)
    got = g(X, W)
    return g.source, got


@pytest.mark.jit
@pytest.mark.parametrize("f, written", [(small_rows, "tape_h[tape_h_n] = h"),
                                        (widening, "tape_v_rows[tape_v_n] = v")])
def test_row_writes_are_numbas_assignment_and_the_gradient_is_right(f, written):
    source, got = _jit_source(f)
    assert written in source and "_s2sad_write_row" not in source
    want = check_grad(f, X, W, wrt=(0, 1))
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def points(means, x):
    """GMM's loop over points (gmm59): a matrix (``xc``) and a vector (``z``) taped per point."""
    s = 0.0
    for i in range(x.shape[0]):
        xc = x[i] - means
        for r in range(xc.shape[1]):
            z = xc[:, r] * xc[:, r - 1]
            s = s + np.sum(np.tanh(z) * xc[:, r])
    return s


def test_rows_of_matrices_and_vectors_give_the_python_gradient():
    R = np.random.default_rng(59)
    means, x = R.normal(size=(4, 3)), R.normal(size=(6, 3))
    check_grad(points, means, x, wrt=(0, 1))
    want = s2sad.grad(points, wrt=(0, 1))(means, x)
    got = s2sad.grad(points, wrt=(0, 1), jit=True)(means, x)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
