"""Dead tapes (s2sad/transforms/deadtapes.py): a dead pop goes with its own push, also when
other pops of its tape are read. The case: a loop whose body saves a value before binding
it (the save reads a placeholder on the first iteration) and restores it where nothing reads
it any more. Checked against finite differences in both modes, and in the generated code:
no placeholder pushed, and under ``jit=True`` every push of an array tape fits the rows
(the rows were sized ``(n, 0)`` from the placeholder, every later push went to the list)."""
import numpy as np
import pytest

import s2sad
from s2sad.backends.numba_helpers import numba_tapes
from s2sad.testing import check_grad


def lse(v):
    mx = np.max(v)
    return mx + np.log(np.sum(np.exp(v - mx)))


def pushed_before_bound(a, B, x):
    """GMM's inner loop, shrunk: ``a + c - 0.5 * sq`` and lse's temporaries are saved before
    each rebinding (sq's shape is equal at run time, not proven), and restored unread."""
    c = np.sum(B, axis=1)
    s = 0.0
    for i in range(x.shape[0]):
        xc = x[i] - B
        sq = np.zeros(a.shape[0])
        for r in range(x.shape[1]):
            z = a * xc[:, r]
            sq = sq + z * z
        s = s + lse(a + c - 0.5 * sq)
    return s


A = np.random.default_rng(0).normal(size=4)
B = np.random.default_rng(2).normal(size=(4, 3))
X = np.random.default_rng(1).normal(size=(6, 3))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_restore_nothing_reads_goes_with_its_push(jit):
    check_grad(pushed_before_bound, A, B, X, wrt=(0, 1, 2), jit=jit)
    value, _ = s2sad.value_and_grad(pushed_before_bound, wrt=0, jit=jit)(A, B, X)
    assert value == pytest.approx(pushed_before_bound(A, B, X), rel=1e-12)
    g = s2sad.grad(pushed_before_bound, wrt=(0, 1))
    g(A, B, X)
    source = g.source
    assert "np.empty((0,))" not in source            # no placeholder: nothing pushes one
    for tape in ("tape_sq", "tape_t8", "tape_t9", "tape_lse_t2"):
        assert source.count(f"{tape}.append(") == source.count(f"= {tape}.pop()") == 1, tape


@pytest.mark.jit
def test_jit_tape_rows_fit_every_push():
    """Every push of the compiled adjoint's array tapes goes to the rows, none to the list:
    the adjoint run as Python with the pushes watched."""
    g = s2sad.grad(pushed_before_bound, wrt=(0, 1), jit=True)
    expected = g(A, B, X)
    assert "np.empty((0,))" not in g.source
    scope = g.compiled.py_func.__globals__
    adjoint = scope["pushed_before_bound_adjoint"].py_func
    fits, listed = [], []

    def watched(helper):
        def push(rows, n, lst, v):
            fits.append(len(lst) == 0 and v.shape == rows.shape[1:])
            return helper(rows, n, lst, v)
        return push

    def appended(lst, v):        # a counted tape's push of a value that does not fit its rows
        listed.append(v.shape)
        return numba_tapes.append_copy(lst, v)
    assert "_s2sad_append_copy(" in g.source      # a shape tested at run time, the rows written out
    saved = {k: scope[k] for k in ("_s2sad_append_copy", "_s2sad_push") if k in scope}
    try:
        scope["_s2sad_append_copy"] = appended
        if "_s2sad_push" in saved:
            scope["_s2sad_push"] = watched(numba_tapes.push)
        out = adjoint(A, B, X)
    finally:
        scope.update(saved)
    assert all(fits) and not listed
    for got, want in zip(out[1:], expected):
        np.testing.assert_allclose(got, want, rtol=1e-12)
