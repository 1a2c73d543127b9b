"""A recursive function's array parameter left on its tapes without a copy when every call
passes a new array nobody reads or changes after the call (s2sad/transforms/split_fresh.py),
and kept as a copy otherwise: each case checked against finite differences or the closed
form (the gradient of det(A) is det(A) inv(A)^T)."""
import re

import numpy as np

import s2sad
from s2sad.testing import check_grad
from test_recursion import det       # minors made by np.zeros in minor(A, j), inlined


def det_one_buffer(A):
    """The minors written into one array made before the loop: each call's copy is needed."""
    n = A.shape[0]
    if n == 1:
        return A[0, 0]
    total = 0.0
    M = np.zeros((n - 1, n - 1))
    for j in range(n):
        M[:, :j] = A[1:, :j]
        M[:, j:] = A[1:, j + 1:]
        total = total + (-1.0) ** j * A[0, j] * det_one_buffer(M)
    return total


def changed_after(A):
    """The caller changes the array it passed once the call returns."""
    n = A.shape[0]
    if n == 1:
        return A[0, 0] ** 2
    M = np.zeros((n - 1, n - 1))
    M[:, :] = A[1:, 1:]
    r = changed_after(M)
    M[0, 0] = 3.0
    return np.sum(A * A) * r + np.sum(M * A[1:, 1:])


def _forward(g):
    """The source of the forward function ``g`` calls."""
    src = g.source
    start = re.search(r"def \w+_forward\(A, ", src).start()
    return src[start:src.index("\ndef ", start)]


def test_a_fresh_minor_is_pushed_itself(rng):
    A = rng.normal(size=(4, 4))
    g = s2sad.grad(det)
    np.testing.assert_allclose(g(A), np.linalg.det(A) * np.linalg.inv(A).T, rtol=1e-9, atol=1e-12)
    assert ".append(A)" in _forward(g) and "np.copy(A)" not in _forward(g)


def test_an_array_the_caller_refills_or_changes_is_copied(rng):
    A = rng.normal(size=(4, 4))
    g = s2sad.grad(det_one_buffer)
    np.testing.assert_allclose(g(A), np.linalg.det(A) * np.linalg.inv(A).T, rtol=1e-9, atol=1e-12)
    assert "np.copy(A)" in _forward(g)
    g = s2sad.grad(changed_after)
    check_grad(changed_after, rng.normal(size=(3, 3)))
    g(np.eye(3))
    assert "np.copy(A)" in _forward(g)
