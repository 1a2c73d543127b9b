"""Recursive functions returning one number: the gradient made in R_forward's own frame and
scaled by R_reverse (s2sad/transforms/split_joint.py). Each case against finite differences
in both jit modes, some against autograd: the result's adjoint other than 1.0 (vjp), number,
int and array parameters together, an array its caller changes after the call, calls in a
loop, and groups mixing these functions with those of two sweeps (a tuple result)."""
import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_vjp
from test_recursion import det, pair

JIT = [False, pytest.param(True, marks=pytest.mark.jit)]


def walk(v, s, n):
    """An array, a number and an int parameter; the array's adjoint and the number's both scaled."""
    if n == 0:
        return s * np.sum(v ** 2)
    return walk(np.tanh(v) * s, s * 0.9, n - 1) + s * v[0]


def walk_ref(v, s, n):
    if n == 0:
        return s * anp.sum(v ** 2)
    return walk_ref(anp.tanh(v) * s, s * 0.9, n - 1) + s * v[0]


def changed_after(A):
    """The caller changes the array it passed once the call returns: the gradient of the call
    is made before it returns, so it sees the values the call saw."""
    n = A.shape[0]
    if n == 1:
        return A[0, 0] ** 2
    M = np.zeros((n - 1, n - 1))
    M[:, :] = A[1:, 1:]
    r = changed_after(M)
    M[0, 0] = 3.0
    return np.sum(A * A) * r + np.sum(M * A[1:, 1:])


def dets_in_a_loop(A, w):
    """Several calls from a loop of the adjoint: one gradient left per call, popped in reverse."""
    s = 0.0
    for i in range(3):
        s = s + w * det(A * (1.0 + 0.5 * i)) * (i + 1.0)
    return s


def moments(A, k):
    """A tuple result (two sweeps) calling det (one number): one group, both schemes."""
    if k == 0:
        a, b = det(A), 1.0
    else:
        c, d = moments(A * 0.9, k - 1)
        a, b = c * det(A) + d, c
    return a, b


def moments_loss(A):
    a, b = moments(A, 2)
    return a + 2.0 * b


def chain(x, n):
    """One number for result, calling pair (a tuple result, two sweeps)."""
    if n == 0:
        return x * x
    a, b = pair(x, 2)
    return chain(x * 0.5, n - 1) + a * b


@pytest.mark.parametrize("jit", JIT)
def test_numbers_ints_and_arrays_against_autograd(jit, rng):
    v = rng.normal(size=4)
    g = check_grad(walk, v, 0.8, 3, wrt=(0, 1), jit=jit)
    want = autograd.grad(walk_ref, argnum=(0, 1))(v, 0.8, 3)
    np.testing.assert_allclose(g[0], want[0], rtol=1e-10)
    assert g[1] == pytest.approx(want[1], rel=1e-10)


@pytest.mark.parametrize("jit", JIT)
def test_a_result_adjoint_other_than_one(jit, rng):
    A = rng.normal(size=(4, 4))
    check_vjp(det, A, dout=-2.5, jit=jit)
    v, g = s2sad.value_and_grad(lambda B: 3.0 * det(B) ** 2, jit=jit)(A)
    d = np.linalg.det(A)
    assert v == pytest.approx(3.0 * d * d, rel=1e-10)
    np.testing.assert_allclose(g, 6.0 * d * d * np.linalg.inv(A).T, rtol=1e-9)


@pytest.mark.parametrize("jit", JIT)
def test_an_array_the_caller_changes_after_the_call(jit, rng):
    check_grad(changed_after, rng.normal(size=(3, 3)), jit=jit)
    check_grad(changed_after, rng.normal(size=(4, 4)), jit=jit)


@pytest.mark.parametrize("jit", JIT)
def test_calls_from_a_loop(jit, rng):
    A = rng.normal(size=(3, 3))
    g = check_grad(dets_in_a_loop, A, 0.7, wrt=(0, 1), jit=jit)
    want = sum(0.7 * (i + 1.0) * (1.0 + 0.5 * i) * np.linalg.det(A * (1.0 + 0.5 * i))
               * np.linalg.inv(A * (1.0 + 0.5 * i)).T for i in range(3))
    np.testing.assert_allclose(g[0], want, rtol=1e-9)


@pytest.mark.parametrize("jit", JIT)
@pytest.mark.parametrize("f, make", [(moments_loss, lambda r: r.normal(size=(3, 3))), (lambda x: chain(x, 3),
                                                                                       lambda r: 0.6)])
def test_groups_mixing_both_schemes(f, make, jit, rng):
    check_grad(f, make(rng), jit=jit)


def test_the_reverse_function_scales_the_gradient_left(rng):
    g = s2sad.grad(det)
    np.testing.assert_allclose(g(np.eye(3) * 2.0), np.eye(3) * 4.0, rtol=1e-12)
    src = g.source
    rev = src[src.index("def det_reverse("):]
    assert "g_A = tape_arrays2.pop()" in rev and "g_A *= b_result" in rev
    fwd = src[src.index("def det_forward("):src.index("def det_reverse(")]
    assert fwd.count("det_forward(") == 2 and "det_reverse(" in fwd   # one call tree, both sweeps in it
    assert "tape_arrays2.append(b_A" in fwd and "append(A)" not in fwd
