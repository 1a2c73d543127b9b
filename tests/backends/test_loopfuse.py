"""Loop fusion across statements (s2sad/backends/loopfuse.py): what the fused loops compute
is checked against finite differences and the pure-Python adjoint (which fusion never
touches), on each path of the stage: the fused loop, the statements kept for other shapes
(broadcasting), intermediates read after the run, a reduction read by a later statement,
runs inside loops, division."""
import re
import warnings

import numpy as np
import pytest

import s2sad
from s2sad.pipeline import build
from s2sad.testing import check_grad

pytest.importorskip("numba")
pytestmark = pytest.mark.jit

R = np.random.default_rng(5)
X, Y = R.normal(size=7), R.normal(size=7)
A, B = R.normal(size=(3, 4)), R.normal(size=(3, 4))


def mse(w, b, x, y):
    r = w * x + b - y
    return np.mean(r * r)


def kept(x, y):
    h = np.tanh(x * y)
    s = np.sum(h * h)
    return s * np.dot(h, y)                      # h is read by np.dot: computed whole too


def rebound(x):
    b = x * 2.0
    b = b * b + x
    b = b - np.exp(b / 7.0)
    return np.sum(b * x)


def centred(x):
    m = np.mean(x)                               # read by the next statement: a new run
    d = x - m
    return np.sum(d * d)


def looped(w, x):
    h = x
    for _ in range(3):
        h = np.tanh(w * h + x)
    return np.sum(h * h)


def matrices(a, b):
    return np.mean((a * b - 1.0) ** 2) + np.sum(np.sin(a) * b)


def packed(p, x, y):
    r = p[0] * x + p[1] - y
    return np.mean(r * r)


def ratio(x, y):
    return np.sum(x / y) + np.sum(x * y)


def sum_into_element(v, tau):
    out = np.zeros(2)
    r = np.tanh(v * tau)
    out[0] = np.sum(r * v)
    out[1] = np.mean(r)
    return np.sum(out ** 2) + np.sum(r)


def _same_as_python(f, *args, wrt):
    jitted = check_grad(f, *args, wrt=wrt, jit=True)
    plain = s2sad.grad(f, wrt=wrt)(*args)
    for u, v in zip(jitted if isinstance(wrt, tuple) else (jitted,), plain if isinstance(wrt, tuple) else (plain,)):
        np.testing.assert_allclose(u, v, rtol=1e-12, atol=1e-14)


def test_a_mean_of_squares_is_one_pass_with_no_array():
    text = build(mse, ["w", "b"], stop_after="jit", param_kinds={"w": 0, "b": 0, "x": 1, "y": 1})
    fused, fallback = text.split("\n    else:\n")
    assert fused.count("for _i0 in range(") == 1 and fused.count("_acc += ") == 3
    assert "np.full(" not in fused and "y.shape == x.shape" in fused
    assert "np.full(" in fallback                  # the statements as they were
    _same_as_python(mse, 0.3, -0.2, X, Y, wrt=(0, 1))


def test_reductions_into_elements_of_a_gradient_run_after_the_loop():
    text = build(packed, ["p"], stop_after="jit", param_kinds={"p": 1, "x": 1, "y": 1})
    fused = text.split("\n    else:\n")[0]
    assert "b_p = zeros_like(p)" in fused.split("if ")[0]          # moved before the run
    loop_end = fused.rindex("_acc")
    assert fused.index("b_p[1] += ") > loop_end - 40 and "np.sum" not in fused
    _same_as_python(packed, np.array([0.3, -0.2]), X, Y, wrt=0)


def test_a_reduction_stored_into_an_element_of_the_primal():
    """``out[0] = np.sum(r * v)`` after an elementwise run: an assignment to a subscript in the run
    (it raised AttributeError while the run's kept intermediates were collected)."""
    _same_as_python(sum_into_element, np.array([0.3, -0.5, 0.8]), 0.7, wrt=(0, 1))


def test_other_shapes_run_the_statements_as_they_were():
    _same_as_python(mse, 0.3, -0.2, X[:, None], Y[None, :], wrt=(0, 1))     # broadcasting
    _same_as_python(mse, 0.3, -0.2, X, np.float64(0.5) + 0 * X[:1], wrt=(0, 1))


def test_an_intermediate_read_after_the_run_is_computed_whole():
    text = build(kept, ["x", "y"], stop_after="jit", param_kinds={"x": 1, "y": 1})
    assert "_all = " in text
    _same_as_python(kept, X, Y, wrt=(0, 1))


def test_names_bound_again_inside_a_run():
    _same_as_python(rebound, X, wrt=0)


def test_a_reduction_read_later_ends_the_run():
    _same_as_python(centred, X, wrt=0)


def test_runs_inside_a_loop_and_on_matrices():
    _same_as_python(looped, 0.7, X, wrt=(0, 1))
    _same_as_python(matrices, A, B, wrt=(0, 1))


def test_division_by_an_array_is_not_fused_numpy_gives_inf():
    x, y = np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        jitted = s2sad.grad(ratio, wrt=(0, 1), jit=True)(x, y)
        plain = s2sad.grad(ratio, wrt=(0, 1))(x, y)
    for u, v in zip(jitted, plain):
        np.testing.assert_array_equal(u, v)      # inf where y is 0, no ZeroDivisionError
    _same_as_python(ratio, X, Y + 3.0, wrt=(0, 1))


def lse_rows(a):
    s = 0.0
    for i in range(a.shape[0]):
        mx = np.max(a[i])
        s = s + mx + np.log(np.sum(np.exp(a[i] - mx)))
    return s


def test_a_number_divided_by_a_number_is_fused():
    """``np.full(t.shape, dout / t5 + 0.0)``, logsumexp's adjoint: fused. The division is log's
    rule's, ``ieee_div`` (misc52): of two numbers it is ``np.divide``, NumPy's inf at 0 as for arrays."""
    text = build(lse_rows, ["a"], stop_after="jit", param_kinds={"a": 2})
    assert re.search(r"_i = np\.divide\(dout, t\d+\) \+ 0\.0\n", text)
    _same_as_python(lse_rows, R.normal(size=(3, 4)), wrt=0)


def tanh_sum(x):
    return np.sum(np.tanh(x) * 3.0)


def test_a_run_over_one_array_has_no_fallback():
    """A run over one array that divides by no ``.size`` is the loop alone: over an empty array
    it gives what the statements give (no element read, kept arrays empty, sums 0.0), so no
    run-time test and no copy of the statements for numba to compile (first-call time)."""
    text = build(tanh_sum, ["x"], stop_after="jit", param_kinds={"x": 1})
    assert "for _i0 in range(x.shape[0])" in text and "else:" not in text and ".size > 0" not in text
    _same_as_python(tanh_sum, X, wrt=0)
    empty = np.zeros(0)
    value, grad = s2sad.value_and_grad(tanh_sum, wrt=0, jit=True)(empty)
    assert value == 0.0 and grad.shape == (0,) and grad.dtype == np.float64


def test_a_mean_keeps_its_nonempty_test():
    """A mean divides its accumulator by the size: over an empty array the statements run
    (NumPy's nan), not numba's ZeroDivisionError."""
    text = build(mse, ["w", "b"], stop_after="jit", param_kinds={"w": 0, "b": 0, "x": 1, "y": 1})
    assert "x.size > 0" in text.split("\n    else:\n")[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dw, db = s2sad.grad(mse, wrt=(0, 1), jit=True)(0.3, -0.2, np.zeros(0), np.zeros(0))
    assert np.isnan(s2sad.value_and_grad(mse, wrt=0, jit=True)(0.3, -0.2, np.zeros(0), np.zeros(0))[0]) \
        and dw == 0.0 and db == 0.0


def scaled_square_sum(q, g):
    return g * np.sum(q * q)


def test_an_intermediate_read_only_for_its_shape_is_allocated_without_a_dtype_expression():
    """``t1 = q * q`` is read after the run only as ``t1.shape``: its array is never filled, so
    its dtype does not matter and ``(q[:0] * q[:0]).dtype`` (an expression numba compiles
    on every first call) is not written."""
    text = build(scaled_square_sum, ["q", "g"], stop_after="jit", param_kinds={"q": 2, "g": 0})
    assert re.search(r"t\d+_all = np\.empty\(q\.shape\)\n", text) and "[:0]" not in text
    _same_as_python(scaled_square_sum, A, 0.7, wrt=(0, 1))
    _same_as_python(scaled_square_sum, np.zeros((0, 3)), 0.7, wrt=(0, 1))


def test_python_mode_is_not_fused():
    text = s2sad.grad(mse, wrt=(0, 1)).build_for((0, 0, 1, 1)).source
    assert "_acc" not in text and "for _i0" not in text


def _gate(hidden, weight):
    h = hidden.shape[0]
    return np.tanh(hidden * weight[h:]) + hidden * weight[:h]


def gated_cells(W, x):
    hs = [x]
    s = 0.0
    for i in range(W.shape[0]):
        y = _gate(hs[0], W[i])
        hs[0] = y
        s = s + np.sum(y)
    return s


def test_another_name_for_an_input_stays_out_of_the_run():
    """``_gate_hidden = t2`` (an inlined helper's parameter, recomputed in the reverse sweep) joined
    the run as an element ``t2[_i0]`` and was materialised into a new array, ``_gate_hidden_all``,
    at every iteration: LSTM allocated and copied two such vectors per cell (perf10)."""
    text = build(gated_cells, ["W", "x"], stop_after="jit", param_kinds={"W": 2, "x": 1})
    assert " _gate_hidden_all = " not in text and " y_all = np.empty" not in text
    reverse = text.split("for i in range(t1 - 1, -1, -1):")[1]
    assert "_gate_hidden = t2" in reverse or not re.search(r"(?<!\w)_gate_hidden(?!\w)", reverse)  # or read as t2
    _same_as_python(gated_cells, R.normal(size=(4, 6)), R.normal(size=3), wrt=(0, 1))


def squares_and_a_sum(q, w):
    return np.sum(q * q) + np.sum(w * w)


def test_the_sum_of_an_array_the_run_does_not_compute_stays_its_own_call():
    """``np.sum(t2)`` of an array computed before the run joined it as a leaf: the loop then ran
    only when ``t2`` had the run's shape, and GMM's prior (``np.sum(qdiag * qdiag) +
    np.sum(icf[:, d:] * icf[:, d:])``, shapes (k, d) and (k, d(d-1)/2)) took the fallback at
    every call. Its own ``np.sum`` makes the same one pass, whatever the shapes."""
    text = build(squares_and_a_sum, ["q", "w"], stop_after="jit", param_kinds={"q": 2, "w": 2})
    assert ".shape ==" not in text and "else:" not in text and re.search(r"_acc \+ np\.sum\(t\d+\)", text)
    _same_as_python(squares_and_a_sum, A, R.normal(size=(3, 2)), wrt=(0, 1))


def log_sum_exps(a, s, xs):
    tot = 0.0
    for i in range(xs.shape[0]):
        z = a * xs[i]
        v = a + s - 0.5 * (z * z)
        mx = np.max(v)
        tot = tot + mx + np.log(np.sum(np.exp(v - mx)))
    return tot


def sums_of_exps(a, s, xs):
    tot = 0.0
    for i in range(xs.shape[0]):
        tot = tot + np.log(np.sum(np.exp(a + s - 0.5 * xs[i])))
    return tot


def _reverse_loop(f, kinds):
    text = build(f, list(kinds), stop_after="jit", param_kinds=kinds)
    return text.split("for i in range(t1 - 1, -1, -1):")[1]


def test_the_unbroadcast_of_a_gradient_names_that_gradient_after_the_run():
    """``b_t3 = unbroadcast(b_v, t3)`` in a run is ``b_v`` itself under the run's shape test, as
    the statement makes it: it was copied element by element into a new array at every data
    point (GMM's ``b_t17_all = np.empty(t17.shape)``). Checked on the fused path (an input
    gradient, and an intermediate stored after the run) and on broadcasting's path; the text
    test failed before the change."""
    kinds = {"a": 1, "s": 1, "xs": 2}
    for f, n, g in ((log_sum_exps, "b_t3", "b_v"), (sums_of_exps, "b_t2", "b_t5")):
        reverse = _reverse_loop(f, kinds)
        assert f"\n            {n} = {g}\n" in reverse and f"{n}_all" not in reverse and "_all = np.empty" not in reverse
    _same_as_python(log_sum_exps, R.normal(size=5), R.normal(size=5), R.normal(size=(4, 5)), wrt=(0, 1, 2))
    _same_as_python(log_sum_exps, R.normal(size=1), R.normal(size=5), R.normal(size=(4, 1)), wrt=(0, 1, 2))
    _same_as_python(sums_of_exps, R.normal(size=5), R.normal(size=5), R.normal(size=(4, 5)), wrt=(0, 1, 2))


def cumsum_and_squares(a, b, c):
    return np.cumsum(a) + b - 0.5 * (c * c)


def test_a_gradient_named_after_the_run_may_be_the_callers_head_gradient_never_written():
    """In ``vjp`` the run's ``b_t2 = unbroadcast(dout, t2)`` is the caller's ``dout`` after the loop
    (the statement as written makes the same alias): ``dout`` is never written and no returned
    gradient shares its memory."""
    text = build(cumsum_and_squares, ["a", "b", "c"], stop_after="jit",
                 param_kinds={"a": 1, "b": 1, "c": 1, "dout": 1})
    assert "\n        b_t2 = dout\n" in text
    a, b, c, dout = R.normal(size=5), R.normal(size=5), R.normal(size=5), R.normal(size=5)
    kept = dout.copy()
    ga, gb, gc = s2sad.vjp(cumsum_and_squares, wrt=(0, 1, 2), jit=True)(a, b, c, dout)
    np.testing.assert_allclose(ga, np.cumsum(kept[::-1])[::-1], rtol=1e-12)
    np.testing.assert_allclose(gb, kept, rtol=1e-12)
    np.testing.assert_allclose(gc, -kept * c, rtol=1e-12)
    assert np.array_equal(dout, kept) and not any(np.shares_memory(g, dout) for g in (ga, gb, gc))
