"""Primal accumulations updated in place under jit=True (s2sad/backends/primal_inplace.py):
``z = z + a * b`` in a loop becomes a loop over ``z``'s elements when ``z`` holds a float64
array this function allocated and nobody else reads; checked against finite differences and
the pure-Python adjoint (which the rewrite never touches) on each path: the in-place loop, an
array shared with another name, an int array, a broadcast, a value saved on the tape, an argument.
``z = E`` in a loop writes ``E`` into the array ``z`` held before when nothing reads that array
any more (the forward sweep's temporaries, GMM's ``t15 = z * z``); checked the same way, and
refused when another name still reads the old array."""
import numpy as np
import pytest

import s2sad
from s2sad.pipeline import build
from test_loopfuse import _same_as_python    # the jitted gradient against the pure-Python one

pytest.importorskip("numba")
pytestmark = pytest.mark.jit

R = np.random.default_rng(11)
Q, X = R.normal(size=(4, 3)), R.normal(size=3)


def accumulated(q, x):
    """GMM's inner loop: z starts as a new array, then grows by a product per column."""
    s = 0.0
    for r in range(x.shape[0]):
        z = q[:, r] * x[r]
        for c in range(r):
            z = z + q[:, c] * x[c]
        s = s + np.sum(z * z)
    return s


def shared(q, x):
    z = q[:, 0] * x[0]
    w = z                          # w reads z's array after the update: no in-place update
    for c in range(1, x.shape[0]):
        z = z + q[:, c] * x[c]
    return np.sum(w * z)


def from_ints(x, w, c):
    z = np.arange(x.shape[0])      # int64 (not differentiated), c too: the statement as written
    for _ in range(3):
        z = z + 2 * c
    return np.sum(z * x * w)


def broadcast(x, w):
    z = w[:1] * 2.0                # shape (1,), x * w shape (3,): z + x * w broadcasts
    for _ in range(2):
        z = z + x * w
    return np.sum(np.sin(z))


def taped(x, w):
    z = x * 1.0
    s = 0.0
    for _ in range(3):
        z = z + x * w              # the old z is on the tape (sin's adjoint reads it)
        s = s + np.sum(np.sin(z))
    return s


def growing(x, w):
    z = x[:1] * 1.0
    s = 0.0
    for _ in range(3):
        s = s + np.sum(np.sin(z))  # z of shape (1,), then (3,): the tape's rows, then its list
        z = z + x * w
    return s


def argument(x, w):
    y = x                          # the caller's array first, then a new one
    for _ in range(3):
        y = y - 0.5 * w
    return np.sum(y * y)


def test_an_accumulation_in_a_loop_updates_its_array_in_place():
    text = build(accumulated, ["q", "x"], stop_after="jit", param_kinds={"q": 2, "x": 1})
    assert "_s2sad_is_float64(z)" in text and "z[_i0" in text
    assert "tape_z[tape_z_n] = z" in text     # z's tape is still rows (array_tapes)
    _same_as_python(accumulated, Q, X, wrt=(0, 1))


def accumulated_augmented(q, x):
    """accumulated, written with `z += ...` (z = cast_like(z + E, z): NumPy's in-place semantics)."""
    s = 0.0
    for r in range(x.shape[0]):
        z = q[:, r] * x[r]
        for c in range(r):
            z += q[:, c] * x[c]
        s = s + np.sum(z * z)
    return s


def test_an_augmented_accumulation_is_updated_in_place_too():
    """views42: `z += E` became z = cast_like(z + E, z) (float32 rounding, NumPy's errors); the
    in-place loop, which runs only for a float64 z of E's shape (where cast_like is z + E itself),
    still applies."""
    text = build(accumulated_augmented, ["q", "x"], stop_after="jit", param_kinds={"q": 2, "x": 1})
    assert "_s2sad_is_float64(z)" in text and "z[_i0" in text


def test_an_array_another_name_reads_is_not_updated_in_place():
    text = build(shared, ["q", "x"], stop_after="jit", param_kinds={"q": 2, "x": 1})
    assert "_s2sad_is_float64" not in text
    _same_as_python(shared, Q, X, wrt=(0, 1))


def test_an_int_array_takes_the_statement_as_written():
    text = build(from_ints, ["x", "w"], stop_after="jit", param_kinds={"x": 1, "w": 1, "c": 1})
    assert "_s2sad_is_float64(z)" in text
    _same_as_python(from_ints, X, X[::-1] + 0.5, np.array([1, -2, 3]), wrt=(0, 1))


def test_a_broadcast_takes_the_statement_as_written():
    w = np.array([0.3, -0.4, 0.9])
    assert s2sad.grad(broadcast, jit=True)(X, w).shape == (3,)
    _same_as_python(broadcast, X, w, wrt=(0, 1))


def test_a_value_on_the_tape_is_not_changed():
    """The tape's push copies z (a row), so the update after it is in place."""
    assert "_s2sad_is_float64(z)" in build(taped, ["x", "w"], stop_after="jit", param_kinds={"x": 1, "w": 1})
    _same_as_python(taped, X, X[::-1] + 0.5, wrt=(0, 1))


def test_the_callers_array_is_never_written():
    text = build(argument, ["x", "w"], stop_after="jit", param_kinds={"x": 1, "w": 1})
    assert "_s2sad_is_float64(y" not in text      # y may hold x's array at every pass
    x = X.copy()
    _same_as_python(argument, x, X[::-1] + 0.5, wrt=(0, 1))
    np.testing.assert_array_equal(x, X)


def test_a_value_in_the_tapes_list_is_a_copy():
    """A push of another shape than the rows' goes to the tape's list, as a copy: the update in
    place after it cannot change what the reverse sweep reads."""
    assert "_s2sad_is_float64(z)" in build(growing, ["x", "w"], stop_after="jit", param_kinds={"x": 1, "w": 1})
    _same_as_python(growing, X, X[::-1] + 0.5, wrt=(0, 1))


def temporaries(q, x):
    """GMM's point loop: per pass, acc, z, z * z and the exponentials are new arrays whose old
    ones nothing reads."""
    s = 0.0
    for i in range(3):
        qc = q - x * i             # x broadcast along q's rows (GMM's x[i] - means)
        acc = np.zeros(q.shape[0])
        for r in range(x.shape[0]):
            z = qc[:, r] * x[r] + i
            acc = acc + z * z
        s = s + np.sum(np.exp(acc - np.max(acc)))
    return s


def kept(x, w):
    prev = x * 1.0
    s = 0.0
    for _ in range(3):
        z = x * w + s              # prev holds the old z, and is read after this line
        s = s + np.sum(prev * z)
        prev = z
    return s


def int_temporaries(x, c):
    s = 0.0
    for k in range(3):
        z = c * 2 + k              # int64: the statement as written (numba: is_float64 is False)
        s = s + np.sum(np.sin(x * z))
    return s


def test_a_loops_new_array_is_written_into_its_previous_one():
    text = build(temporaries, ["q", "x"], stop_after="jit", param_kinds={"q": 2, "x": 1})
    assert "_s2sad_has_z = False" in text.split("for i in")[0]      # set before the outermost loop
    assert "if _s2sad_has_z and " in text and "z[_i0" in text and "_s2sad_has_t" in text
    assert "acc.fill(0.0)" in text and "_s2sad_has_shape(acc, q.shape[0])" in " ".join(text.split())
    assert "] = np.exp(" in text                                   # the exponentials, element by element
    assert ".shape == qc.shape[1:]" in text and "qc[_i0_3, _i1_3] = " in text
    assert "_s2sad_is_float64(z, " in text and "_s2sad_is_float64(qc, q, t1" in text    # one call a statement
    assert all(line.count("_s2sad_is_float64(") <= 1 for line in text.splitlines())
    _same_as_python(temporaries, Q, X, wrt=(0, 1))


def test_is_float64_of_several_arrays_is_true_only_for_float64_arrays_all():
    import numba

    from s2sad.backends.numba_helpers.numba_buffers import is_float64
    f, i = np.zeros(2), np.zeros(2, dtype=np.int64)
    cases = [(f,), (f, f, f), (f, i), (i, f), (f, 1.0)]
    each = numba.njit(lambda a, b, c: (is_float64(a), is_float64(a, b, a), is_float64(a, c), is_float64(c, a),
                                       is_float64(a, 1.0)))
    want = (True, True, False, False, False)
    assert tuple(is_float64(*c) for c in cases) == want
    assert each(f, f, i) == want


def test_an_array_another_name_still_reads_gets_a_new_array():
    text = build(kept, ["x", "w"], stop_after="jit", param_kinds={"x": 1, "w": 1})
    assert "_s2sad_has_z" not in text
    _same_as_python(kept, X, X[::-1] + 0.5, wrt=(0, 1))


def test_an_int_temporary_takes_the_statement_as_written():
    assert "_s2sad_has_z" in build(int_temporaries, ["x"], stop_after="jit", param_kinds={"x": 1, "c": 1})
    _same_as_python(int_temporaries, X, np.array([1, -2, 3]), wrt=0)


def test_a_value_on_a_shape_tape_is_updated_in_place():
    """GMM's sq is pushed to a tape read only for its shape (the adjoint of sq + t unbroadcasts
    to sq's shape): the push appends an array of sq's shape, not sq, so sq does not escape and
    sq = sq + t after the push is updated in place (it allocated at every pass)."""
    from benchmarks.workloads.gmm import gmm_objective, make_inputs
    kinds = {"alphas": 1, "means": 2, "icf": 2, "x": 2, "gamma": 0, "m": 0, "const": 0}
    text = build(gmm_objective, ["alphas", "means", "icf"], stop_after="jit", param_kinds=kinds)
    assert "_s2sad_shape_push(tape_sq, sq)" in text and "sq[_i0_3] += t15[_i0_3]" in text
    _same_as_python(gmm_objective, *make_inputs({"d": 3, "k": 4, "n": 5}), wrt=(0, 1, 2))
