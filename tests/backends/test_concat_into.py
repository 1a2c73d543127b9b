"""A vector joined in a loop, written into its previous array under jit=True
(s2sad/backends/concat_into.py, taken by primal_inplace.py): the ODE's right-hand side
``np.concatenate((x[:1], x[1:] * y[:-1]))``. Checked against finite differences and the
pure-Python adjoint (which the rewrite never touches) on each path: the loops, a join inside
a larger expression, an old array another name still reads, a piece that broadcasts, an int
piece."""
import ast

import numpy as np
import pytest

from s2sad.pipeline import build
from test_loopfuse import _same_as_python    # the jitted gradient against the pure-Python one

pytest.importorskip("numba")
pytestmark = pytest.mark.jit

X = np.random.default_rng(12).normal(size=4)


def rhs_steps(x, c):
    """The pieces bound to a tuple just before the join (the ANF stage's form), a number in one."""
    y = np.zeros(x.shape[0])
    for _ in range(3):
        k = np.concatenate((x[:1], x[1:] * y[:-1] + c))
        y = y + 0.5 * k + 0.1 * k * k
    return y[-1] + np.sum(y * y)


def rhs_once(x, c):
    """The join read once, inside a larger expression (RK4's k4 once inlined)."""
    y = np.zeros(x.shape[0])
    for _ in range(3):
        y = y + 0.5 * np.concatenate((x[:1], x[1:] * y[:-1] + c))
    return y[-1] + np.sum(y * y)


def joined_and_kept(x):
    prev = np.concatenate((x, x))
    s = 0.0
    for _ in range(3):
        k = np.concatenate((x * s, x[::-1]))   # prev holds the old k and is read after this line
        s = s + np.sum(prev * k)
        prev = k
    return s


def broadcast_and_ints(x, w, n):
    s = 0.0
    for _ in range(2):
        k = np.concatenate((x[:1], x[1:] * w))  # w of shape (1,) broadcasts: as written
        j = np.concatenate((x, n * 2))         # an int piece: as written (float64 result)
        s = s + np.sum(np.sin(k) * s + k) + np.sum(j * j)
    return s


def test_a_joined_vector_is_written_into_its_previous_array():
    text = build(rhs_steps, ["x"], stop_after="jit", param_kinds={"x": 1, "c": 0})
    loops = ast.unparse(ast.parse(text)).split("if _s2sad_has_k and ")[1].split("else:")[0]   # (unwrapped)
    assert "np.concatenate(" not in loops
    assert "k[_s2sad_o + _i0" in loops and "k.shape[0] == " in loops
    _same_as_python(rhs_steps, X, 0.3, wrt=0)


def test_a_join_inside_an_expression_gets_a_statement_of_its_own():
    text = build(rhs_once, ["x"], stop_after="jit", param_kinds={"x": 1, "c": 0})
    assert "joined = np.concatenate(" in text and "joined[_s2sad_o + _i0" in text
    assert "y[_i0_3] += 0.5 * joined[_i0_3]" in text          # then y's update is in place
    _same_as_python(rhs_once, X, 0.3, wrt=0)


def test_an_old_array_another_name_reads_gets_a_new_one():
    text = build(joined_and_kept, ["x"], stop_after="jit", param_kinds={"x": 1})
    assert "_s2sad_has_k" not in text
    _same_as_python(joined_and_kept, X, wrt=0)


def test_a_broadcast_or_an_int_piece_takes_the_statement_as_written():
    text = build(broadcast_and_ints, ["x", "w"], stop_after="jit", param_kinds={"x": 1, "w": 1, "n": 1})
    assert "_s2sad_has_k" in text and "_s2sad_has_j" in text
    _same_as_python(broadcast_and_ints, X, np.array([0.7]), np.array([1, -2, 3]), wrt=(0, 1))
