"""Adjoint arrays of a loop written into the previous iteration's array (s2sad/backends/reuse.py):
checked against finite differences and the pure-Python adjoint (never touched), when the shape
stays, when it changes between iterations, when broadcasting takes the statements as written,
and when the previous array is still read (no reuse)."""
import numpy as np
import pytest

from s2sad.pipeline import build

from test_loopfuse import _same_as_python    # the jitted gradient against the pure-Python one

pytest.importorskip("numba")
pytestmark = pytest.mark.jit

R = np.random.default_rng(8)


def squares_in_a_loop(w, xs):
    s = 0.0
    for i in range(xs.shape[0]):
        z = w * xs[i]
        s = s + np.sum(z * z)
    return s


def growing(w):
    s = 0.0
    for k in range(1, 4):
        z = w[:k] * w[:k]                  # a new length at each iteration: a new array
        s = s + np.sum(np.tanh(z) * z)
    return s


def accumulated(w, xs):
    sq = np.zeros(w.shape[0])
    for i in range(xs.shape[0]):
        z = w * xs[i]
        sq = sq + z * z          # reversed: b_t = b_sq, then b_sq = unbroadcast(b_t, sq) still reads it
    return np.sum(np.sin(sq))


def test_a_loop_adjoint_is_written_into_the_previous_iterations_array():
    text = build(squares_in_a_loop, ["w"], stop_after="jit", param_kinds={"w": 1, "xs": 2})
    reverse = text[text.index("for i in range(t1 - 1"):]
    assert "if not _s2sad_fits(b_z, " in reverse and "b_z_all" not in reverse
    assert "b_z = np.zeros((0,))" in text[:text.index("for i in range(t1 - 1")]
    _same_as_python(squares_in_a_loop, R.normal(size=5), R.normal(size=(4, 5)), wrt=(0, 1))


def test_a_shape_that_changes_between_iterations_gets_a_new_array():
    _same_as_python(growing, R.normal(size=4), wrt=0)


def test_broadcasting_in_a_loop_runs_the_statements_as_written():
    _same_as_python(squares_in_a_loop, R.normal(size=5), R.normal(size=(4, 1)), wrt=(0, 1))


def test_an_array_still_read_after_the_statement_is_not_reused():
    text = build(accumulated, ["w"], stop_after="jit", param_kinds={"w": 1, "xs": 2})
    assert "_s2sad_fits(b_sq," not in text
    _same_as_python(accumulated, R.normal(size=5), R.normal(size=(4, 5)), wrt=(0, 1))


def test_an_array_stored_into_a_list_is_never_reused():
    """``L[i] = c`` keeps the array itself (a list is no NumPy array): after ``c = b`` the name
    ``b`` alone no longer shows where its array went, so ``b = x * 2.0`` must take a new one."""
    import ast
    import types

    from s2sad.backends import reuse

    fdef = ast.parse(
        "def f_adjoint(x, dout=1.0):\n"
        "    L = [x, x]\n"
        "    for i in range(3):\n"
        "        b = x * 2.0\n"
        "        c = b\n"
        "        L[i % 2] = c\n"
        "    return L\n").body[0]
    ns = types.SimpleNamespace(objects={})
    reuse.mark(fdef, ns, {"x": 1}, {"b": "x", "c": "x"})
    assert not any(getattr(s, reuse.MARK, False) for s in ast.walk(fdef))
    stored_by_copy = ast.parse(
        "def f_adjoint(x, dout=1.0):\n"
        "    A = np.zeros((2, 3))\n"
        "    for i in range(3):\n"
        "        b = x * 2.0\n"
        "        A[i % 2] += b\n"
        "    return A\n").body[0]
    reuse.mark(stored_by_copy, ns, {"x": 1}, {"b": "x"})
    assert any(getattr(s, reuse.MARK, False) for s in ast.walk(stored_by_copy))


def logsumexps(w, xs):
    s = 0.0
    for i in range(xs.shape[0]):
        v = w * xs[i] + w
        mx = np.max(v)
        s = s + mx + np.log(np.sum(np.exp(v - mx)))
    return s


def test_an_array_made_in_this_iteration_is_not_the_previous_one():
    """b_v = b_t5 after b_t5 = E in the same iteration: b_t5's array is new, so b_v's previous
    array (the one b_t5's statement made an iteration earlier) is free to reuse; it was refused
    as shared with b_t5 (the same allocation site). Broadcast shapes keep the statements."""
    text = build(logsumexps, ["w"], stop_after="jit", param_kinds={"w": 1, "xs": 2})
    reverse = text[text.index("for i in range(t1 - 1"):]
    assert "if not _s2sad_fits(b_v, " in reverse
    _same_as_python(logsumexps, R.normal(size=5), R.normal(size=(4, 5)), wrt=(0, 1))
    _same_as_python(logsumexps, R.normal(size=5), R.normal(size=(4, 1)), wrt=(0, 1))


def test_a_copy_after_a_tape_pop_leaves_the_mark_on_the_product():
    """GMM's b_t1 = np.full(...) * t2; <tape pop>; b_v = b_t1: loopfuse cannot put the copy in
    b_t1's run, so b_t1 keeps its mark (perf12 moved it to the copy: two arrays per point)."""
    from benchmarks.workloads.gmm import gmm_objective, make_inputs
    kinds = {"alphas": 1, "means": 2, "icf": 2, "x": 2, "gamma": 0, "m": 0, "const": 0}
    text = build(gmm_objective, ["alphas", "means", "icf"], stop_after="jit", param_kinds=kinds)
    assert "b_logsumexp_t1_all = np.empty(" not in text     # no fresh array per point: reused, or
    assert "if not _s2sad_fits(b_logsumexp_t1, " in text or "b_logsumexp_t1_i = " in text   # fused (perf15)
    _same_as_python(gmm_objective, *make_inputs({"d": 3, "k": 4, "n": 5}), wrt=(0, 1, 2))
