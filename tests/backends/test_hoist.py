"""Loop-invariant arrays computed once, before their loop, under jit=True (s2sad/backends/hoist.py):
GMM's ``t17 = alphas + sum_qs`` in its loop over points. Each case checked against finite
differences and the pure-Python adjoint (which the rewrite never touches): hoisted, an empty loop
(the statement never ran), and the loops that keep the statement where it is (a name it reads
bound in the loop, its target read before it, a call hoist.py does not know, a write into an
array, a loop that may stop early)."""
import numpy as np
import pytest

from s2sad.pipeline import build
from test_loopfuse import _same_as_python    # the jitted gradient against the pure-Python one

pytest.importorskip("numba")
pytestmark = pytest.mark.jit

R = np.random.default_rng(39)
A, B, X = R.normal(size=4), R.normal(size=4), R.normal(size=(3, 4))
KINDS = {"a": 1, "b": 1, "x": 2}


def invariant(a, b, x):
    s = 0.0
    for i in range(x.shape[0]):
        u = x[i] * a
        t = a + np.exp(b)            # the same array at every pass
        s = s + np.sum(np.sin(u - t))
    return s


def test_a_loop_invariant_array_is_computed_before_the_loop():
    text = build(invariant, ["a", "b"], stop_after="jit", param_kinds=KINDS)
    head, loop = text.split("for i in range(")[0], text.split("for i in range(")[1]
    assert "if t1 > 0:\n        t3 = np.exp(b)\n        t = a + t3\n" in head     # t1 = x.shape[0]
    assert "np.exp(b)" not in loop and "t = a + t3" not in loop
    _same_as_python(invariant, A, B, X, wrt=(0, 1, 2))


def test_an_empty_loop_computes_nothing():
    """x with no rows: the loop never runs, nor does its hoisted statement (a and b of
    shapes that do not broadcast would raise there)."""
    _same_as_python(invariant, A, B, X[:0], wrt=(0, 1, 2))
    _same_as_python(invariant, A, B[:3], X[:0], wrt=(0, 1, 2))


def carried(a, b, x):
    s = 0.0
    for i in range(x.shape[0]):
        t = a + b                    # b changes at every pass
        b = b * 0.5
        s = s + np.sum(np.sin(x[i] * t))
    return s


def read_before(a, b, x):
    s = 0.0
    t = a * 1.0
    for i in range(x.shape[0]):
        s = s + np.sum(np.sin(x[i] * t))     # the previous pass's t (a * 1.0 at the first)
        t = a + b
    return s


def calls(a, b, x):
    s = 0.0
    for i in range(x.shape[0]):
        t = a + b
        s = s + np.sum(np.sin(np.cumsum(x[i]) * t))  # a call hoist.py does not know: left alone
    return s


def writes(a, b, x):
    s = 0.0
    y = x * 1.0
    for i in range(x.shape[0]):
        t = a + b
        y[i] = y[i] * t                     # a write into an array
        s = s + np.sum(np.sin(y[i]))
    return s


def stops(a, b, x):
    s = 0.0
    for i in range(x.shape[0]):
        if s > 1e9:
            break
        t = a + b
        s = s + np.sum(np.sin(x[i] * t))
    return s


@pytest.mark.parametrize("f", [carried, read_before, calls, writes, stops])
def test_a_statement_that_may_change_between_passes_stays_in_its_loop(f):
    text = build(f, ["a", "b"], stop_after="jit", param_kinds=KINDS)
    first = min(text.index(h) for h in ("for i in range(", "while ") if h in text)
    assert "t = a + b" in text[first:] and "t = a + b" not in text[:first]
    _same_as_python(f, A, B, X, wrt=(0, 1, 2))
