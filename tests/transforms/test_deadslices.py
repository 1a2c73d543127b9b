"""transforms/deadslices.py: the zeroing of an adjoint's slice that nothing reads again goes,
and so does the copy it called for; where a later read overlaps, or the adjoint is read
whole, both stay. Every case is checked against finite differences."""
import numpy as np

import s2sad
from s2sad.testing import check_grad
from test_recursion import det      # expansion in minors, the recursion test's own


def joined(A, j):
    """M built from two column blocks of A (det's minor): the adjoint of the second block
    store is read, zeroed, and only the first block is read afterwards."""
    n = A.shape[0]
    M = np.zeros((n - 1, n - 1))
    M[:, :j] = A[1:, :j]
    M[:, j:] = A[1:, j + 1:]
    return np.sum(np.sin(M) * M)


def joined_in_loop(A):
    total = 0.0
    for j in range(A.shape[0]):
        total = total + joined(A, j) * A[0, j]
    return total


def overlapping(A, j):
    """The second store overlaps the first: its zeroing hides the overwritten values."""
    M = np.zeros((A.shape[0], A.shape[1]))
    M[:, :j + 1] = A[:, :j + 1] * 2.0
    M[:, j:] = np.cos(A[:, j:])
    return np.sum(M * M)


def read_whole(A, j):
    """After the second store's adjoint, the whole adjoint is read (M flows on)."""
    M = np.zeros((A.shape[0], A.shape[1]))
    M[:, :j] = A[:, :j]
    M[:, j:] = A[:, j:] * 3.0
    N = M * 1.0
    return np.sum(N * N) + np.sum(M)


def test_zeroing_read_nowhere_again_goes_with_its_copy():
    A = np.random.default_rng(0).normal(size=(5, 5))
    check_grad(joined_in_loop, A)
    g = s2sad.grad(joined_in_loop)
    g(A)
    src = g.source
    assert "] = 0.0" not in src and "own(" not in src, src


def test_zeroing_overlapping_a_later_read_stays():
    A = np.random.default_rng(1).normal(size=(4, 6))
    check_grad(overlapping, A, 2)
    g = s2sad.grad(overlapping)
    g(A, 2)
    assert "] = 0.0" in g.source


def test_adjoint_read_whole_afterwards_keeps_its_zeroing():
    A = np.random.default_rng(2).normal(size=(4, 6))
    check_grad(read_whole, A, 3)
    for j in (0, 3, 6):
        check_grad(read_whole, A, j)


def test_det_by_minors_recursion_needs_no_zeroing_nor_copy():
    A = np.random.default_rng(3).normal(size=(5, 5))
    check_grad(det, A)
    g = s2sad.grad(det)
    np.testing.assert_allclose(g(A), np.linalg.det(A) * np.linalg.inv(A).T, rtol=1e-10)
    assert "own(" not in g.source and "] = 0.0" not in g.source


def running_max(x):
    return np.sum(np.maximum.accumulate(x) ** 3)


def test_call_of_a_ufunc_method_is_taken_for_a_view_of_its_arguments():
    """np.maximum.accumulate has no __module__: the alias groups once raised AttributeError."""
    check_grad(running_max, np.random.default_rng(4).normal(size=6))


def test_copy_dropped_in_one_loop_joins_the_groups_a_later_loop_is_judged_with():
    """The name groups are made once per function and remade after each dropped copy: once
    ``b_v = own(b_M[:, 1:])`` goes, ``b_u`` (a view of ``b_v``) shares ``b_M``, so the write
    ``b_u[0] = 5.0`` in the second loop keeps the copy ``b_w = own(b_M[:, 1:])`` there."""
    import ast
    import textwrap

    from s2sad.names import Namespace
    from s2sad.rules.runtime import own
    from s2sad.transforms.deadslices import dead_slices
    src = textwrap.dedent("""
        def f(b_M, n):
            for i in range(n):
                b_v = own(b_M[:, 1:])
                b_u = b_v[0:1]
                r = b_v + 1.0
            for k in range(n):
                b_w = own(b_M[:, 1:])
                b_u[0] = 5.0
                s = b_w * 2.0
            return r, s
    """)
    fdef = ast.parse(src).body[0]
    ns = Namespace()
    ns.bind("own", own)
    assert dead_slices(fdef, ns)
    out = ast.unparse(fdef)
    assert "b_v = b_M[:, 1:]" in out and "b_w = own(b_M[:, 1:])" in out, out
