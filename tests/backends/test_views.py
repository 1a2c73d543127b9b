"""Views read through their base under jit=True (s2sad/backends/views.py): a name bound only
to views of a name (``t4 = q[:, r]``), every read of which comes after a binding with nothing
rebinding it, its base or its index in between, is read as ``q[_i0, r]`` in the fused loops and
its binding becomes the bounds check the view made. Checked against finite differences and the
pure-Python adjoint (which the rewrite never touches): GMM's loops, a view read in the next
iteration (left alone), a base rebound before a read (left alone), a view of a list's item (left
alone), and an index out of range (IndexError, as NumPy's). Also the rows of a tape
(``z = tape_z[tape_z_n]``, the counter an int) and aliases (``w = y``) in the reverse sweep, though
the forward sweep binds the same name otherwise, and an alias read after its span (left alone)."""
import re

import numpy as np
import pytest

import s2sad
from s2sad.pipeline import build
from test_loopfuse import _same_as_python    # the jitted gradient against the pure-Python one
from test_primal_inplace import accumulated    # GMM's inner loops: columns of q read element by element

pytest.importorskip("numba")
pytestmark = pytest.mark.jit

R = np.random.default_rng(23)
Q, X = R.normal(size=(4, 3)), R.normal(size=3)


def carried(q, x):
    """``prev`` is read in the next iteration, before it is bound again: it stays a view."""
    prev = q[:, 0]
    s = 0.0
    for r in range(1, q.shape[1]):
        col = q[:, r]
        s = s + np.sum(np.sin(col * prev)) * x[r]
        prev = col
    return s


def rebound(q, x):
    """``q`` is bound again between the view and its read: the read keeps the view."""
    s = 0.0
    for r in range(x.shape[0]):
        col = q[:, r]
        q = q * x[r]
        s = s + np.sum(col * col)
    return s + np.sum(q)


def of_a_list(q, x):
    """``rows[k]`` is an item of a Python list, not a view of an array."""
    rows = []
    for k in range(q.shape[0]):
        rows.append(q[k] * x)
    s = 0.0
    for k in range(q.shape[0]):
        row = rows[k]
        s = s + np.sum(row * row)
    return s


def column(q, k):
    s = 0.0
    for j in range(k, k + 1):
        c = q[:, j]
        s = s + np.sum(c * c)
    return s


def aliased(q, x):
    """``w = y`` in the loop: reads of ``w`` are reads of ``y``, in both sweeps."""
    s = 0.0
    for r in range(x.shape[0]):
        y = q[:, r] * x[r]
        w = y
        s = s + np.sum(np.sin(w) * w)
    return s


def alias_read_after_the_loop(q, x):
    """``w`` is read after the loop, outside every span of ``w = y``: it stays an alias."""
    y = q[:, 0] * x[0]
    w = y
    for r in range(x.shape[0]):
        y = np.cos(q[:, r]) * x[r]
        w = y
    return np.sum(w * w * y)


def per_point_matrix(q, x):
    """``xc``, a matrix made at each point and read by columns (GMM's shape): the reverse sweep
    zeroes its adjoint per point, shaped like the tape's row."""
    s = 0.0
    for i in range(x.shape[0]):
        xc = x[i] - q
        for r in range(q.shape[1]):
            s = s + np.sum(np.tanh(xc[:, r]) * q[:, r] * xc[:, r - 1])
    return s


def _jit_text(f, kinds):
    return build(f, ["q", "x"], stop_after="jit", param_kinds=kinds)


def test_columns_are_read_through_their_base():
    text = _jit_text(accumulated, {"q": 2, "x": 1})
    assert not re.search(r"^ *\w+ = q\[:, [rc]\]$", text, re.M)        # no binding of a column
    assert "q[_i0_3, r]" in text and "q[_i0_2, c]" in text          # forward and reverse loops
    assert "_s2sad_in_range(r, q.shape[1])" in text                   # the views' bounds checks
    _same_as_python(accumulated, Q, X, wrt=(0, 1))


def test_a_view_read_in_the_next_iteration_stays_a_view():
    text = _jit_text(carried, {"q": 2, "x": 1})
    assert "prev = q[:, 0]" in text and "prev[_i0_3]" in text        # col, read in its span, is q[_i0_3, r]
    _same_as_python(carried, Q, X, wrt=(0, 1))


def test_a_view_whose_base_is_rebound_before_a_read_stays_a_view():
    assert "col = q[:, r]" in _jit_text(rebound, {"q": 2, "x": 1})
    _same_as_python(rebound, Q, X, wrt=(0, 1))


def test_an_item_of_a_list_is_not_read_through_the_list():
    assert "row = rows[k]" in _jit_text(of_a_list, {"q": 2, "x": 1})
    _same_as_python(of_a_list, Q, X, wrt=(0, 1))


def test_an_index_out_of_range_raises_index_error():
    text = build(column, ["q"], stop_after="jit", param_kinds={"q": 2, "k": 0})
    assert not re.search(r"^ *c = q\[:, j\]$", text, re.M) and "_s2sad_in_range(j, q.shape[1])" in text
    np.testing.assert_allclose(s2sad.grad(column, jit=True)(Q, 1), 2 * np.eye(3)[1] * Q[:, 1:2], rtol=1e-12)
    with pytest.raises(IndexError):
        s2sad.grad(column, jit=True)(Q, 3)


def test_a_tape_row_is_read_in_place_in_the_reverse_sweep():
    """GMM's ``z = tape_z[tape_z_n]`` (after ``tape_z_n -= 1``: an int) made a view per pop; the
    forward sweep's ``z = q[:, r] * x[r]`` comes before the first pop and is left alone."""
    text = _jit_text(accumulated, {"q": 2, "x": 1})
    assert not re.search(r"^ *z = tape_z\[tape_z_n\]$", text, re.M)
    assert "tape_z[tape_z_n, _i0]" in text and "z = q[:, r] * x[r]" in text
    assert "_s2sad_in_range(tape_z_n, tape_z.shape[0])" in text
    _same_as_python(accumulated, Q, X, wrt=(0, 1))


def test_an_alias_is_read_through_its_target():
    text = _jit_text(aliased, {"q": 2, "x": 1})
    assert not re.search(r"^ *w = y$", text, re.M) and "np.sin(y)" in text
    _same_as_python(aliased, Q, X, wrt=(0, 1))


def test_an_alias_read_after_its_span_stays():
    text = _jit_text(alias_read_after_the_loop, {"q": 2, "x": 1})
    assert re.search(r"^ *w = y$", text, re.M)
    _same_as_python(alias_read_after_the_loop, Q, X, wrt=(0, 1))


def test_an_adjoint_zeroed_like_a_tape_row_makes_no_view():
    """``b_xc = zeroed(b_xc, tape_xc[tape_xc_n])`` made a view of the row per point only for its
    shape and bound ``b_xc`` again: the shape is read from the tape and ``b_xc`` filled in place
    (fails before: the view was made)."""
    text = build(per_point_matrix, ["q", "x"], stop_after="jit", param_kinds={"q": 2, "x": 2})
    assert "if b_xc.shape == (tape_xc.shape[1], tape_xc.shape[2]):\n            b_xc.fill(0.0)" in text
    assert "b_xc = np.zeros((tape_xc.shape[1], tape_xc.shape[2]))" in text and "zeroed(" not in text
    xs = R.normal(size=(5, 3))
    _same_as_python(per_point_matrix, Q, xs, wrt=(0, 1))
