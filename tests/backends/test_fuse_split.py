"""Updates of a slice of a gradient by a slice of a recursive call's gradient, fused into loops
(s2sad/backends/fuse.py) in the adjoint and in the split function's reverse sweep itself: the
determinant by minors' ``b_A2[1:, j + 1:] += unbroadcast(b_A[:, j:], A[1:, j + 1:])`` (a view as
unbroadcast's shape) runs over ``b_A2``'s elements, not through numba's slice ``+=`` (which
copies the overlapping source each time). Checked against finite differences and the
pure-Python adjoint; a minor that broadcasts a row keeps the statement as written."""
import numpy as np
import pytest
from test_loopfuse import _same_as_python

from tests.transforms.test_recursion import det   # expansion in minors, the recursion test's own

import s2sad
from s2sad.pipeline import build

pytest.importorskip("numba")
pytestmark = pytest.mark.jit


def spread(A):
    """A recursion whose minor takes a row of A broadcast over its rows (unbroadcast sums)."""
    n = A.shape[0]
    if n == 1:
        return A[0, 0]
    M = np.zeros((n - 1, n - 1))
    M[:, :] = A[:1, 1:]
    return A[0, 0] * spread(M) + np.sum(A[1:, 1:] * A[1:, 1:])


def _functions(f, kinds):
    source = build(f, ["A"], param_kinds=kinds, compiled=True).source
    return {part.split("(")[0]: part for part in ("\n" + source).split("\ndef ")[1:]}


def test_slices_of_a_recursive_gradient_are_added_by_loops():
    code = _functions(det, {"A": 2})
    # det returns one number: its reverse sweep runs in det_forward (transforms/split_joint.py)
    for name in ("det_forward", next(n for n in code if n.endswith("_adjoint"))):
        assert "+= unbroadcast(b_A[:, minor_j:]" in code[name]                   # the fallback, as written
        assert code[name].count("for _i1") == 2, name                            # both slices by loops
    A = np.random.default_rng(5).normal(size=(5, 5))
    _same_as_python(det, A, wrt=0)
    np.testing.assert_allclose(s2sad.grad(det, jit=True)(A), np.linalg.det(A) * np.linalg.inv(A).T, rtol=1e-9)


def test_a_broadcast_minor_runs_the_update_as_written():
    A = np.random.default_rng(6).normal(size=(4, 4))
    _same_as_python(spread, A, wrt=0)
