"""The list pops of written-out pops are calls of the numba_tapes helper ``_s2sad_list_pop``,
compiled once per type instead of inline at every pop (stop 58, first-call time); counted tapes'
row writes are numba's assignment again, written where they push (stop 59: as calls they cost
about 8 ns a push, LSTM's warm 1.0x -> 1.1x numba-hand). The gradients are unchanged, in the
rows' path and in the list's (values of another shape than the first push's), under jit and in
Python."""
import numpy as np
import pytest

import s2sad
from s2sad.backends.numba_helpers import numba_tapes as T
from s2sad.testing import check_grad


def widening_rows(x, w):
    """Counted pushes of ``v``: the first eight of x's first 3 entries' shape, then longer (the
    list takes the rest); the reverse sweep reads ``v``'s values (sin)."""
    s = 0.0
    for i in range(w.shape[0]):
        k = 3 + i // 8
        v = x[:k] * w[i]
        s = s + np.sum(np.sin(v) * v)
    return s


def widening_shapes(x, w):
    """``z`` is read back only for its shape (the adjoint of a sum), first one shape, then wider."""
    s = 0.0
    for i in range(w.shape[0]):
        k = 2 + i // 5
        z = x[:k] * w[i] + x[k:2 * k]
        s = s + np.sum(1.0 / (1.0 + np.exp(-z)))
    return s


def steady_rows(x, w):
    """One shape every push, proven: rows only, each written by a call."""
    s = 0.0
    h = x
    for i in range(w.shape[0]):
        h = np.tanh(h * w[i] + x)
        s = s + np.sum(h * h)
    return s


RNG = np.random.default_rng(58)
X = RNG.normal(size=12)
W = RNG.uniform(0.5, 1.5, size=20)


@pytest.mark.jit
@pytest.mark.parametrize("f", [widening_rows, widening_shapes, steady_rows])
def test_tape_helpers_give_the_gradient_under_jit(f):
    got = check_grad(f, X, W, wrt=(0, 1), jit=True)
    plain = s2sad.grad(f, wrt=(0, 1))(X, W)
    for a, b in zip(got, plain):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("f", [widening_rows, widening_shapes, steady_rows])
def test_tape_helpers_give_the_gradient_in_python(f):
    check_grad(f, X, W, wrt=(0, 1))


def _jit_source(f):
    g = s2sad.grad(f, wrt=(0, 1), jit=True)
    g(X, W)
    return g.source


@pytest.mark.jit
def test_list_pops_are_calls_and_row_writes_are_written_out():
    source = _jit_source(widening_rows)
    assert "tape_v_rows[tape_v_n] = v" in source and "_s2sad_write_row" not in source
    assert "v = _s2sad_list_pop(tape_v)" in source and "v = tape_v_rows[tape_v_n]" in source
    assert "tape_v.pop()" not in source
    shapes = _jit_source(widening_shapes)
    assert "_s2sad_list_pop(tape_" in shapes and not [
        line for line in shapes.splitlines() if "tape_" in line and ".pop()" in line]


def test_list_pop_in_python_pops_the_last():
    lst = [np.ones(2), np.zeros(3)]
    assert T.list_pop(lst).shape == (3,) and len(lst) == 1
