"""The ``jit`` stage's array tapes (s2sad/backends/array_tapes.py): list tapes of arrays
become arrays written row by row. Each case checks the compiled gradient against the
pure-Python one and finite differences, and that the form it was meant to exercise is the
one generated: rows for a shape the analysis proves stable, rows with the list as
fallback for one it cannot, the list from the first push of another shape on; rows
allocated once, for every push, when counted loops bound the pushes, grown otherwise."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

pytest.importorskip("numba")
pytestmark = pytest.mark.jit


def stable_rows(x, w):
    s = 0.0
    for i in range(40):              # more pushes than the first 16 rows: the tape grows
        h = np.tanh(x * w[i])        # h has x's shape every iteration
        s = s + np.sum(h * h)
    return s


def stable_rows_while(x, w):
    s = 0.0
    i = 0
    while i < w.shape[0]:            # no count known before the loop: the rows grow past 16
        h = np.tanh(x * w[i])
        s = s + np.sum(h * h)
        i += 1
    return s


def triangle(x, w):
    s = 0.0
    for i in range(w.shape[0]):
        for j in range(i):           # a bound that changes in the loop: no capacity, rows grow
            h = np.tanh(x * w[j])
            s = s + np.sum(h * h)
    return s


def runtime_equal_rows(a, b):
    acc = np.zeros(a.shape[0])
    r = 0
    while r < a.shape[1]:
        acc = acc * np.cos(a[:, r]) + b[:, r]   # one shape at run time, not one the analysis proves
        r += 1
    return np.sum(acc * acc)


def growing(x):
    s = 0.0
    for i in range(1, x.shape[0] + 1):
        v = x[:i] * 2.0              # a new shape every iteration: the list takes over
        s = s + np.sum(np.sin(v * v))
    return s



def _gate(w, hid, k):
    return np.sin(hid * w[0:k]) * w[k:2 * k]


def row_slices(W, h0):
    """Rows of W sliced by a length read from an argument, in a helper: the reverse sweep
    accumulates into ``b_w[0:k]`` and reads ``W[i][0:k]``; neither makes the values saved
    (``hid * w[0:k]``) look like lists."""
    hs = [h0]
    s = 0.0
    for i in range(W.shape[0]):
        h = _gate(W[i], hs[0], h0.shape[0])
        hs[0] = h
        s = s + np.sum(h * h)
    return s


def shape_reads(W, x):
    """``h * W[i][0:k]`` is saved for its shape alone (the adjoint of the sum unbroadcasts to
    it), a shape the analysis cannot prove fixed."""
    h = x
    s = 0.0
    k = x.shape[0]
    for i in range(W.shape[0]):
        z = h * W[i][0:k] + W[i][k:2 * k]
        h = 1.0 / (1.0 + np.exp(-z))
        s = s + np.sum(h * h)
    return s

def _both(f, args, wrt):
    jitted = check_grad(f, *args, wrt=wrt, jit=True)
    g = s2sad.grad(f, wrt=wrt, jit=True)
    plain = s2sad.grad(f, wrt=wrt)(*args)
    got = g(*args)
    for a, b in zip(got if isinstance(got, tuple) else (got,), plain if isinstance(plain, tuple) else (plain,)):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
    return g.source, jitted


def test_stable_shape_tape_in_a_counted_loop_is_allocated_once_and_written_out():
    rng = np.random.default_rng(0)
    source, _ = _both(stable_rows, (rng.normal(size=5), rng.normal(size=40)), (0, 1))
    assert "tape_h = _s2sad_rows_for(h, max(40, 0))" in source and "tape_h[tape_h_n] = h" in source
    assert "tape_h = []" not in source and "tape_h.append" not in source and "push_row" not in source


@pytest.mark.parametrize("f", [stable_rows_while, triangle])
def test_stable_shape_tape_without_a_count_grows(f):
    rng = np.random.default_rng(0)
    source, _ = _both(f, (rng.normal(size=5), rng.normal(size=12)), (0, 1))
    assert "tape_h = _s2sad_new_rows(h)" in source and "_s2sad_push_row(tape_h, tape_h_n, h)" in source
    assert "rows_for" not in source


def test_runtime_equal_shapes_use_rows_with_the_list_as_fallback():
    rng = np.random.default_rng(1)
    source, _ = _both(runtime_equal_rows, (rng.normal(size=(4, 30)), rng.normal(size=(4, 30))), (0, 1))
    assert "tape_acc_rows, tape_acc = _s2sad_new_tape(acc)" in source
    assert "acc = tape_acc_rows[tape_acc_n]" in source and "acc = _s2sad_list_pop(tape_acc)" in source


def test_shape_changing_values_fall_back_to_the_list():
    x = np.random.default_rng(2).normal(size=25)
    source, _ = _both(growing, (x,), 0)           # counted: rows for all 25, then the list
    assert "tape_v_rows, tape_v = _s2sad_tape_for(v, " in source
    assert "tape_v_rows[tape_v_n] = v" in source and "_s2sad_append_copy(tape_v, v)" in source
    assert "v = _s2sad_list_pop(tape_v)" in source and "v = tape_v_rows[tape_v_n]" in source


def test_helpers_in_python_give_back_what_was_pushed_last_first():
    from s2sad.backends.numba_helpers import numba_tapes as T
    values = [np.arange(3.0) + k for k in range(20)] + [np.arange(2.0), np.arange(3.0) - 1.0]
    rows, lst = T.new_tape(values[0])
    n = 0
    for v in values:
        rows, n = T.push(rows, n, lst, v)
    assert n == len(values) and len(lst) == 2       # the rows grew past 16; a 2-vector went to the list
    for v in reversed(values):
        got, n = _pop(rows, n, lst)
        np.testing.assert_array_equal(got, v)
    assert n == 0 and not lst


def _push_at(rows, n, lst, v):
    """A counted tape's push as array_tapes writes it out."""
    from s2sad.backends.numba_helpers import numba_tapes as T
    if len(lst) == 0 and v.shape == rows.shape[1:]:
        rows[n] = v
    else:
        T.append_copy(lst, v)
    return n + 1


def _pop(rows, n, lst):
    """A pop of a tape whose shape is tested, as array_tapes writes it out."""
    from s2sad.backends.numba_helpers import numba_tapes as T
    n -= 1
    return (T.list_pop(lst) if len(lst) != 0 else rows[n]), n


def test_counted_helpers_in_python_give_back_what_was_pushed_last_first():
    from s2sad.backends.numba_helpers import numba_tapes as T
    values = [np.arange(3.0) + k for k in range(5)] + [np.arange(2.0), np.arange(3.0) - 1.0]
    rows, lst = T.tape_for(values[0], len(values))
    assert rows.shape == (len(values), 3)
    n = 0
    for v in values:
        n = _push_at(rows, n, lst, v)
    assert n == len(values) and len(lst) == 2       # from the 2-vector on, the list
    for v in reversed(values):
        got, n = _pop(rows, n, lst)
        np.testing.assert_array_equal(got, v)
    assert n == 0 and not lst


def test_values_sliced_by_an_index_written_in_an_adjoint_are_saved_in_rows():
    rng = np.random.default_rng(3)
    source, _ = _both(row_slices, (rng.normal(size=(6, 8)), rng.normal(size=4)), (0, 1))
    assert "_s2sad_tape_for(" in source or "_s2sad_rows_for(" in source
    assert ".append(_gate" not in source and not [
        line for line in source.splitlines() if "tape_" in line and ".append(" in line]


def test_values_read_only_for_their_shape_keep_one_array_and_a_shape_test():
    rng = np.random.default_rng(4)
    source, _ = _both(shape_reads, (rng.normal(size=(7, 10)), rng.normal(size=5)), (0, 1))
    assert "_s2sad_shape_tape(" in source and "_s2sad_shape_push(" in source
    assert "_s2sad_push_shape_at(" not in source and "_s2sad_pop(tape_t4_rows" not in source
    assert "_s2sad_append_copy(" in source         # the values the adjoints read are written
    assert "elif not tape_t4_held:" in source   # the first push's array bound once, not at every pop


def test_a_shape_pop_binds_the_first_push_array_once_only_if_nothing_else_binds_the_name():
    import ast
    from s2sad.backends.array_tapes import _bound_only_by
    fdef = ast.parse("def f():\n    v = a\n    for i in r:\n        v = t.pop()\n        w = v.shape\n"
                     "    for i in r:\n        v = t.pop()\n").body[0]
    pops = [s.body[0] for s in fdef.body[1:]]
    assert _bound_only_by(fdef, "v", pops)               # the binding before the first pop does not count
    fdef.body[1].body.append(ast.parse("v = b").body[0])
    assert not _bound_only_by(fdef, "v", pops)           # a rebinding after it: every pop binds v
    assert not _bound_only_by(fdef, "v", [])


def shape_reads_widening(W, x):
    """``x[:k] * W[i][:k]`` is saved for its shape alone, and ``k`` grows every fourth step:
    the first pushes have the first push's shape, the later ones others."""
    s = 0.0
    for i in range(W.shape[0]):
        k = 2 + i // 4
        z = x[:k] * W[i][:k] + W[i][k:2 * k]
        s = s + np.sum(1.0 / (1.0 + np.exp(-z)))
    return s


def test_shape_only_values_of_changing_shape_are_popped_with_their_shapes():
    """A value read only for its shape no longer takes a row per push: the first push keeps one
    array of its shape, and only values of another shape go on the list (perf10)."""
    rng = np.random.default_rng(5)
    W, x = rng.normal(size=(11, 12)), rng.normal(size=6)
    source, _ = _both(shape_reads_widening, (W, x), (0, 1))
    assert "_s2sad_shape_push(" in source
    assert "_held = False" in source           # the list's arrays, then the first push's, popped right


def test_shape_only_helpers_in_python_give_back_the_shapes():
    from s2sad.backends.numba_helpers import numba_tapes as T
    values = [np.arange(3.0) + k for k in range(4)] + [np.arange(2.0), np.arange(3.0)]
    rep, lst = T.shape_tape(values[0])
    for v in values:
        if len(lst) != 0 or v.shape != rep.shape:
            T.shape_push(lst, v)
    assert len(lst) == 2 and T.shape_rep(values[0]).shape == (3,)
    for v in reversed(values):
        got = lst.pop() if len(lst) != 0 else rep
        assert got.shape == v.shape


def transposes_saved_in_a_loop(A, b):
    """A Kalman smoother's `np.linalg.solve(S.T, ...)`: the value saved for the reverse sweep,
    `np.transpose(...)`, is F-ordered; its tape is rows with a list as fallback."""
    x = b
    for k in range(3):
        M = np.transpose(A + (k + 2.0) * np.eye(b.shape[0]))
        x = np.linalg.solve(M, x)
    return np.sum(x ** 2)


def test_f_ordered_values_saved_in_rows_with_a_list_fallback_compile():
    """The list of such a tape was typed by the pushed value (F-ordered) and appended its
    C-ordered copy: numba raised an AssertionError, a JitError with no line (hunt7: a Kalman
    smoother and a GMM EM loop, /work/scratch/user/fns48.py)."""
    import autograd
    import autograd.numpy as anp

    def ref(A, b):
        x = b
        for k in range(3):
            x = anp.linalg.solve(anp.transpose(A + (k + 2.0) * anp.eye(b.shape[0])), x)
        return anp.sum(x ** 2)
    rng = np.random.default_rng(5)
    args = (rng.normal(size=(3, 3)), rng.normal(size=3))
    source, jitted = _both(transposes_saved_in_a_loop, args, (0, 1))
    assert "_s2sad_append_copy(" in source
    for got, want in zip(jitted, autograd.grad(ref, (0, 1))(*args)):
        np.testing.assert_allclose(got, want, rtol=1e-9)


def test_helpers_compiled_take_f_ordered_and_strided_values():
    """The numba versions of the helpers on a transpose and a column (the lists' element
    type is that of a C-ordered copy): pops give back what was pushed, last first."""
    import numba
    from s2sad.backends.numba_helpers import numba_tapes as T

    @numba.njit
    def round_trip(a):
        t = np.transpose(a)
        rows, lst = T.tape_for(t, 4)
        rows[0] = t
        T.append_copy(lst, t[:1])         # another shape: the list from here on
        n = 2
        rep, shapes = T.shape_tape(t)             # a tape of values read for their shape
        T.shape_push(shapes, t[:, :1])
        r2, l2 = T.new_tape(a[:, 0])
        r2, m = T.push(r2, 0, l2, a[:, 0])
        r2, m = T.push(r2, m, l2, a[0, :2])
        s = shapes.pop()
        u = lst.pop()
        v = rows[0]
        n -= 2
        w = r2[m - 1]                     # both pushes fit the rows
        z = r2[m - 2]
        m -= 2 + len(l2)
        return s.shape[0], s.shape[1], rep.shape, u, v, w, z, n + m

    a = np.arange(6.0).reshape(3, 2)[:2]
    s0, s1, rep, u, v, w, z, left = round_trip(a)
    assert (s0, s1, rep, left) == (2, 1, (2, 2), 0)
    np.testing.assert_array_equal(u, a.T[:1])
    np.testing.assert_array_equal(v, a.T)
    np.testing.assert_array_equal(w, a[0, :2])
    np.testing.assert_array_equal(z, a[:, 0])


def soft_table(s):
    """A DP table as a list of lists (rows made by a comprehension): ``D[i - 1]`` is a list,
    and the tapes of its rows stay lists (numba has no array tape of a list)."""
    sub = s.reshape(3, 3)
    D = [[0.1] * 4 for _ in range(4)]
    for i in range(1, 4):
        for j in range(1, 4):
            D[i][j] = np.tanh(D[i - 1][j - 1] + sub[i - 1, j - 1]) + 0.5 * D[i - 1][j] * D[i][j - 1]
    return D[3][3]


def soft_table_appended(s):
    """The same table, its rows appended one by one."""
    sub = s.reshape(3, 3)
    D = []
    for i in range(4):
        row = [0.1] * 4
        D.append(row)
    for i in range(1, 4):
        for j in range(1, 4):
            D[i][j] = np.tanh(D[i - 1][j - 1] + sub[i - 1, j - 1]) + 0.5 * D[i - 1][j] * D[i][j - 1]
    return D[3][3]


@pytest.mark.parametrize("f", [soft_table, soft_table_appended])
def test_rows_of_a_list_of_lists_are_taped_as_lists(f):
    # numba had no new_tape(list(float64)): a JitError at a generated line (hunt21's DP table)
    source, _ = _both(f, (np.linspace(-1.0, 1.0, 9) + 0.05,), (0,))
    assert "_s2sad_new_tape(t" not in source


def grid_of_arrays(x, w):
    grid = [[np.zeros(2) for j in range(3)] for i in range(3)]
    for i in range(3):
        grid[0][i] = x * (i + 1.0)
    for i in range(1, 3):
        for j in range(3):
            grid[i][j] = np.tanh(grid[i - 1][j] * w[j]) + 0.5 * grid[i - 1][(j + 1) % 3]
    return np.sum(grid[2][0] * grid[2][2])


def test_a_list_of_lists_of_arrays_is_refused_at_the_users_line_under_jit():
    # before: a JitError naming only a generated line (`t19.shape[0]` of a row the views
    # pass took for a 2-d array); jit=False is right
    from s2sad.backends.errors import JitError
    rng = np.random.default_rng(3)
    args = (rng.normal(size=2), rng.normal(size=3))
    check_grad(grid_of_arrays, *args, wrt=(0, 1))
    with pytest.raises(JitError, match=r"line \d+, column \d+, in grid_of_arrays"):
        s2sad.grad(grid_of_arrays, wrt=(0, 1), jit=True)(*args)
