"""A recursive function's array parameter left on its tapes without a copy when every call
passes a new array nobody reads or changes after the call (s2sad/transforms/split_fresh.py),
and kept as a copy otherwise: each case checked against finite differences or the closed
form (the gradient of det(A) is det(A) inv(A)^T)."""
import re

import numpy as np

import s2sad
from s2sad.testing import check_grad
from test_recursion import det, minor       # minors made by np.zeros in minor(A, j), inlined


def det_pair(A):
    """A tuple result (the split functions of two sweeps, ``split_joint`` is for one number):
    the determinant and the number of leaves, the minors made by np.zeros in minor(A, j)."""
    n = A.shape[0]
    if n == 1:
        total, leaves = A[0, 0], 1.0
    else:
        total, leaves = 0.0, 0.0
        for j in range(n):
            d, k = det_pair(minor(A, j))
            total = total + (-1.0) ** j * A[0, j] * d
            leaves = leaves + k
    return total, leaves


def det_of_pair(A):
    M = np.zeros(A.shape)      # a fresh array at this call too
    M[:, :] = A
    d, k = det_pair(M)
    return d + 0.0 * k


def pair_one_buffer(A):
    """The minors written into one array made before the loop: each call's copy is needed."""
    n = A.shape[0]
    if n == 1:
        total, leaves = A[0, 0], 1.0
    else:
        total, leaves = 0.0, 0.0
        M = np.zeros((n - 1, n - 1))
        for j in range(n):
            M[:, :j] = A[1:, :j]
            M[:, j:] = A[1:, j + 1:]
            d, k = pair_one_buffer(M)
            total = total + (-1.0) ** j * A[0, j] * d
            leaves = leaves + k
    return total, leaves


def det_of_one_buffer(A):
    d, k = pair_one_buffer(A)
    return d * k / 6.0


def pair_changed_after(A):
    """The caller changes the array it passed once the call returns."""
    n = A.shape[0]
    if n == 1:
        r, s = A[0, 0] ** 2, 1.0
    else:
        M = np.zeros((n - 1, n - 1))
        M[:, :] = A[1:, 1:]
        q, s = pair_changed_after(M)
        M[0, 0] = 3.0
        r = np.sum(A * A) * q + np.sum(M * A[1:, 1:])
    return r, s


def changed_after(A):
    r, s = pair_changed_after(A)
    return r * s


def _forward(g):
    """The source of the forward function ``g`` calls."""
    src = g.source
    start = re.search(r"def \w+_forward\(A, ", src).start()
    return src[start:src.index("\ndef ", start)]


def test_a_fresh_minor_is_pushed_itself(rng):
    A = rng.normal(size=(4, 4))
    g = s2sad.grad(det_of_pair)
    np.testing.assert_allclose(g(A), np.linalg.det(A) * np.linalg.inv(A).T, rtol=1e-9, atol=1e-12)
    assert ".append(A)" in _forward(g) and "np.copy(A)" not in _forward(g)


def test_an_array_the_caller_refills_or_changes_is_copied(rng):
    A = rng.normal(size=(4, 4))
    g = s2sad.grad(det_of_one_buffer)
    np.testing.assert_allclose(g(A), np.linalg.det(A) * np.linalg.inv(A).T * 4.0, rtol=1e-9, atol=1e-12)
    assert "np.copy(A)" in _forward(g)
    g = s2sad.grad(changed_after)
    check_grad(changed_after, rng.normal(size=(3, 3)))
    g(np.eye(3))
    assert "np.copy(A)" in _forward(g)


def test_a_number_result_leaves_no_array_parameter_on_the_tapes(rng):
    """det returns one number: its gradient is made in the forward function's own frame
    (transforms/split_joint.py), which needs no value of A after it returns."""
    A = rng.normal(size=(4, 4))
    g = s2sad.grad(det)
    np.testing.assert_allclose(g(A), np.linalg.det(A) * np.linalg.inv(A).T, rtol=1e-9, atol=1e-12)
    assert ".append(A)" not in _forward(g) and "np.copy(A)" not in _forward(g)
