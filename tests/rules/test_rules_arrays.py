"""The array rules (issue 11): joining, padding, tiling, flips, rolls, diagonals, triangles,
differences, Kronecker products, products, interpolation, integration, convolution, median,
einsum, slogdet, erf, and writes through index arrays (np.add.at, np.fill_diagonal, repeated
indices).

Every rule is checked against finite differences; where autograd has the function, the same
source also runs with ``autograd.numpy`` as ``np`` and the two gradients must agree. The
compiled mode (``jit=True``) is checked on a few functions that each exercise many rules (one
numba compile each); forms numba cannot compile must be refused with a JitError."""
import ast
import math
import types

import numpy as np
import pytest
import scipy.special

import s2sad
from s2sad.backends.jit import JitError
from s2sad.rules import grads  # noqa: F401  (registers the rule table and its ranks)
from s2sad.testing import check_grad

R = np.random.default_rng(11)
V3, V4, V5 = R.normal(size=3), R.normal(size=4), R.normal(size=5)
M23, M32, M43 = R.normal(size=(2, 3)), R.normal(size=(3, 2)), R.normal(size=(4, 3))
SQ = R.normal(size=(3, 3)) + 3.0 * np.eye(3)
T234 = R.normal(size=(2, 3, 4))
Q233 = R.normal(size=(2, 3, 3))


# ---- joining and splitting ---------------------------------------------------------------
def concatenate(a, b):
    return np.sum(np.concatenate([a, b * 2.0]) ** 2 * np.arange(7.0))


def concatenate_axis1(A, B):
    return np.sum(np.sin(np.concatenate((A, B), axis=1)))


def concatenate_flat(A, b):
    return np.sum(np.concatenate([A, b], axis=None) ** 3)


def stacks(a, B):
    return np.sum(np.hstack([a, a * 2.0]) ** 2) + np.sum(np.vstack([B, B * a]) ** 3) \
        + np.sum(np.cos(np.column_stack([a, B[0]]))) + np.sum(np.dstack([B, B * B]) * 0.5)


def hstack_number(a, s):
    return np.sum(np.hstack([a, s, a * s]) ** 2 * np.arange(9.0))


def vstack_ranks(a, B):
    return np.sum(np.vstack([a, B]) ** 3)


def joined_twice(a, b):
    xs = [a, b]
    return np.sum(np.concatenate(xs) ** 2) + np.sum(np.concatenate(xs) * 3.0) + np.sum(xs[1] ** 3)


def joined_in_loop(a, b):
    xs = [a, b]
    s = 0.0
    for i in range(3):
        s = s + np.sum(np.concatenate(xs) ** 2) * i
    return s


def atleast(s, a):
    return np.sum(np.atleast_2d(a) * np.atleast_1d(s) + np.atleast_3d(a) ** 2)


def tile(a):
    return np.sum(np.tile(a, (2, 3)) ** 2 * np.arange(18.0).reshape(2, 9))


def repeat(a, A):
    return np.sum(np.repeat(a, 2) ** 2 * np.arange(6.0)) + np.sum(np.repeat(A, 3, axis=1) ** 3)


def repeat_counts(A):
    return np.sum(np.repeat(A, [1, 2], axis=0) ** 3)


def pad(a, c):
    return np.sum(np.pad(a, (1, 2), mode="constant", constant_values=c) ** 2 * np.arange(6.0))


def pad_axes(A):
    return np.sum(np.pad(A, ((1, 0), (2, 1)), mode="constant") ** 2 * np.arange(18.0).reshape(3, 6))


# ---- reordering --------------------------------------------------------------------------
def flips(A):
    return np.sum(np.flip(A) * np.arange(6.0).reshape(2, 3)) + np.sum(np.flip(A, 1) ** 2 * A) \
        + np.sum(np.fliplr(A) * A) + np.sum(np.flipud(A) * A ** 2)


def roll(A):
    return np.sum(np.roll(A, 1) * np.arange(6.0).reshape(2, 3)) + np.sum(np.roll(A, -1, axis=1) * A)


def diag(a, A):
    return np.sum(np.diag(a) @ A) + np.sum(np.diag(A) ** 2) + np.sum(np.diag(a, 1) ** 2 * 3.0) \
        + np.sum(np.diag(A, -1) * 2.0)


def diagonal(S, Q):   # the forms autograd covers: offset 0 of the last two axes of square matrices
    return np.sum(np.diagonal(S, 0, -1, -2) ** 2 * np.arange(3.0)) + np.sum(np.diagonal(Q, axis1=-1, axis2=-2) ** 3)


def diagonal_forms(A, T):
    return np.sum(np.diagonal(A) ** 2) + np.sum(np.diagonal(A, 1) * 3.0) + np.sum(np.diagonal(A, -2) ** 3) \
        + np.sum(np.diagonal(T, 1, 0, 2) ** 2 * np.arange(2.0)) + np.sum(np.diagonal(T, -1, 2, 1) ** 3) \
        + np.sum(np.diagonal(T, axis1=-1, axis2=0) * T[0, :, :2]) + np.sum(A.diagonal(offset=1) ** 2) \
        + np.sum(A.diagonal(1, 1, 0) ** 3)


def triangles(A):
    return np.sum(np.tril(A) ** 2 * np.arange(12.0).reshape(4, 3)) + np.sum(np.triu(A, 1) ** 3) \
        + np.sum(np.tril(A, -1) * A) + np.sum(np.triu(A, k=-2) * 0.5)


def triangles_of_a_vector(a):   # NumPy triangles the square matrix whose rows are `a`
    return np.sum(np.tril(a) ** 2 * np.arange(9.0).reshape(3, 3)) + np.sum(np.triu(a, -1) ** 3)


def triangles_stacked(T):   # the last two axes of each matrix of the stack
    return np.sum(np.triu(T, 1) ** 2 * T) + np.sum(np.tril(T) ** 3)


def kron(A, a, B):
    return np.sum(np.kron(A, B) ** 2 * np.arange(48.0).reshape(8, 6)) + np.sum(np.kron(a, B) ** 3) \
        + np.sum(np.kron(B, a) * np.kron(a, a[:2]))


def kron_stacked(T, B):   # the operand of fewer dimensions is prepended with 1s
    return np.sum(np.kron(T, B) ** 2) + np.sum(np.kron(T[0], T[1]) * 0.5)


def kron_first_fewer(B, T):
    return np.sum(np.kron(B, T) ** 3 * np.arange(96.0).reshape(2, 6, 8))


def kron_number(s, a):
    return np.sum(np.kron(s, a) ** 2) + np.sum(np.kron(a, s * a) ** 3)


def diff(a, A):
    return np.sum(np.diff(a) ** 2) + np.sum(np.diff(a, 2) ** 3) + np.sum(np.diff(A, axis=0) * A[1:]) \
        + np.sum(np.diff(A) ** 2)


def squeeze(A):
    return np.sum(np.squeeze(A, axis=0) ** 2 * np.arange(3.0))


# ---- products, interpolation, integration, statistics --------------------------------------
def cross(a, B):
    return np.sum(np.cross(a, B) ** 2) + np.sum(np.cross(B, a * 2.0) * B)


def cross_axes(A, B):
    return np.sum(np.cross(A, B, axisa=0, axisb=0) ** 2) + np.sum(np.cross(A, B, axis=0) * A)


def cumprod(a):
    return np.sum(np.cumprod(a) * np.arange(1.0, 5.0))


def cumprod_axes(A):
    return np.sum(np.cumprod(A, axis=1) ** 2) + np.sum(np.cumprod(A, axis=0))


def interp(x, xp, fp):
    return np.sum(np.interp(x, xp, fp) ** 2)


def interp_bounds(x, fp, left, right):
    return np.sum(np.interp(x, np.array([0.0, 1.0, 2.5]), fp, left, right) ** 2)


def trapezoid(y, x):
    return np.trapezoid(y ** 2, x) + np.trapezoid(y, dx=0.3)


def trapezoid_dx(y, dx):
    return np.trapezoid(np.sin(y), dx=dx)


def trapezoid_axes(Y, x):
    return np.sum(np.trapezoid(Y ** 2, x, axis=0)) + np.sum(np.trapezoid(Y, axis=1) ** 2)


def convolve(a, v):
    return np.sum(np.convolve(a, v) ** 2 * np.arange(6.0)) + np.sum(np.convolve(a, v, "same") ** 2) \
        + np.sum(np.convolve(v, a, "valid") ** 3)


def median(a, A):
    return np.median(a) ** 2 + np.sum(np.median(A, axis=0) ** 2) \
        + np.sum(np.median(A, axis=1, keepdims=True) * A) + np.median(A[:, :2]) * 3.0


def einsum(A, B):
    return np.einsum("ij,jk->", A, B) + np.sum(np.einsum("ij,kj->ik", A, A) ** 2) \
        + np.einsum("ij,ji", B, A)


def einsum_forms(A, b):
    return np.sum(np.einsum("...j,j->...", A, b) ** 2) + np.sum(np.einsum("ij", A[0]) ** 3) \
        + np.einsum("i,i", b, b) + np.einsum("ii", np.outer(b, b)) + np.sum(np.einsum("i,j->ij", b, b) ** 2)


def slogdet(A):
    sign, logdet = np.linalg.slogdet(A)
    return sign * logdet + np.linalg.slogdet(A @ A)[1]


def erf_math(x):
    return math.erf(x) * math.erfc(x * 0.5)


def erf_scipy(a):
    return np.sum(scipy.special.erf(a) ** 2 + scipy.special.erfc(a))


# ---- writes through index arrays ---------------------------------------------------------
def add_at(a, v):
    y = np.zeros(4)
    np.add.at(y, np.array([0, 2, 0, 3]), v * a[0])
    np.add.at(a, np.array([1, 1]), v[:2])
    np.subtract.at(y, np.array([3, 3]), a[1])
    return np.sum(y ** 2 * np.arange(4.0)) + np.sum(a ** 2)


def add_at_rows(M, v):
    out = np.zeros((3, 3))
    np.add.at(out, (np.array([0, 0, 2]), np.array([1, 1, 0])), v)
    return np.sum((out + M) ** 2)


def fill_diagonal(A, s):
    B = A * 2.0
    np.fill_diagonal(B, s)
    return np.sum(B ** 2 * np.arange(9.0).reshape(3, 3))


def set_repeated(x, idx):
    y = np.zeros(5)
    y[idx] = x
    return np.sum(y * np.arange(5.0))


def set_repeated_constant(x):
    y = np.zeros(5)
    y[[1, 1, 2]] = x
    y[[0, 4]] = x[:2] * 2.0
    return np.sum(y * np.arange(5.0) ** 2)


def add_repeated(x, idx, v):
    y = x * 1.0
    y[idx] += v
    return np.sum(y * np.arange(5.0) ** 2)


def set_scalar_slice(x, s):
    y = x * 1.0
    y[1:3] = s
    y[np.array([0, 4])] = s * 2.0
    return np.sum(y ** 2 * np.arange(5.0))


def newaxis(x):
    return np.sum(x[:, None] * x[None, :] ** 2) + np.sum(x[np.newaxis, :] * 3.0)


def pick(logp, labels):
    n = logp.shape[0]
    return -np.sum(logp[np.arange(n), labels] ** 2)


IDX = np.array([1, 1, 2])
LABELS = np.array([0, 2, 1, 1])
INTERP_X = np.array([-0.5, 0.3, 1.7, 2.2, 3.5])
XP, FP = np.array([0.0, 1.0, 2.5]), np.array([1.0, -2.0, 0.5])
GRID = np.array([0.0, 0.4, 1.1, 2.0])
WITH_ZERO = np.array([0.5, -1.2, 0.0, 2.0])

# (function, arguments, wrt, autograd has the function)
CASES = [
    (concatenate, (V3, V4), (0, 1), True),
    (concatenate_axis1, (M23, R.normal(size=(2, 2))), (0, 1), True),
    (concatenate_flat, (M23, V3), (0, 1), False),
    (stacks, (V3, M23), (0, 1), True),
    (hstack_number, (V4, 0.7), (0, 1), True),
    (vstack_ranks, (V3, M23), (0, 1), True),
    (joined_twice, (V3, V4), (0, 1), False),
    (joined_in_loop, (V3, V4), (0, 1), False),
    (atleast, (0.5, V3), (0, 1), True),
    (tile, (V3,), 0, True),
    (repeat, (V3, M23), (0, 1), True),
    (repeat_counts, (M23,), 0, False),
    (pad, (V3, 0.4), (0, 1), False),
    (pad_axes, (M23,), 0, True),
    (flips, (M23,), 0, False),
    (roll, (M23,), 0, True),
    (diag, (V3, SQ), (0, 1), True),
    (diagonal, (SQ, Q233), (0, 1), True),
    (diagonal_forms, (M43, T234), (0, 1), False),   # autograd: offset 0 of (-1, -2) of square matrices only
    (triangles, (M43,), 0, True),
    (triangles_of_a_vector, (V3,), 0, False),        # autograd returns a 3x3 gradient for the vector
    (triangles_stacked, (T234,), 0, True),
    (kron, (M43, V3, M23[:, :2].copy()), (0, 1, 2), True),
    (kron_stacked, (T234, M23[:, :2].copy()), (0, 1), True),
    (kron_first_fewer, (M23[:, :2].copy(), T234), (0, 1), False),  # autograd's rule is wrong here (3-d, B first)
    (kron_number, (0.7, V3), (0, 1), True),
    (diff, (V5, M23), (0, 1), True),
    (squeeze, (V3.reshape(1, 3),), 0, True),
    (cross, (V3, M43), (0, 1), False),  # autograd does not sum a broadcast vector back (returns 4x3)
    (cross_axes, (M43.T.copy(), R.normal(size=(3, 4))), (0, 1), False),
    (cumprod, (WITH_ZERO,), 0, False),
    (cumprod, (V4,), 0, False),
    (cumprod_axes, (np.array([[0.5, 0.0, 1.5], [2.0, -1.0, 0.0]]),), 0, False),
    (interp, (INTERP_X, XP, FP), (0, 1, 2), False),
    (interp_bounds, (INTERP_X, FP, 0.3, -0.7), (0, 1, 2, 3), False),
    (trapezoid, (V4, GRID), (0, 1), False),
    (trapezoid_dx, (V4, 0.3), (0, 1), False),
    (trapezoid_axes, (M43, GRID), (0, 1), False),
    (convolve, (V4, V3), (0, 1), False),
    (median, (V5, M43), (0, 1), False),
    (einsum, (M23, M32), (0, 1), True),
    (einsum_forms, (T234.swapaxes(1, 2).copy(), V3), (0, 1), False),
    (slogdet, (SQ,), 0, True),
    (erf_math, (0.4,), 0, False),
    (erf_scipy, (V3,), 0, True),
    (add_at, (V3, V4), (0, 1), False),
    (add_at_rows, (SQ, V3), (0, 1), False),
    (fill_diagonal, (SQ, 0.5), (0, 1), False),
    (fill_diagonal, (SQ, V3), (0, 1), False),
    (set_repeated, (V3, IDX), 0, False),
    (set_repeated_constant, (V3,), 0, False),
    (add_repeated, (V5, IDX, V3), (0, 2), False),
    (set_scalar_slice, (V5, 0.7), (0, 1), False),
    (newaxis, (V3,), 0, True),
    (pick, (M43, LABELS), 0, True),
]


def vander(x, c):
    return np.sum(np.vander(x) * c[0]) + np.sum(np.vander(x, 4, True) ** 2 * np.arange(12.0).reshape(3, 4)) \
        + np.sum(np.vander(x * c[1], 1)) + np.sum(np.vander(x, N=2, increasing=False) ** 3)


def bincount_weights(w, c):
    bins = np.array([0, 2, 2, 1, 4])
    return np.sum(np.bincount(bins, weights=w * c[0]) ** 2 * np.arange(5.0)) \
        + np.sum(np.bincount(bins, w, 7) * c[1])


def broadcast_to(a, s, A):
    B = np.broadcast_to(a, (4, 3)) * np.arange(12.0).reshape(4, 3)
    c = np.broadcast_to(s, 3)
    return np.sum(B ** 2) + np.sum(c * a) + np.sum(np.broadcast_to(A[:, :1], A.shape) * A)


NEW_CASES = [
    (broadcast_to, (V3, 0.7, M23), (0, 1, 2)),
    (vander, (np.array([0.5, 0.0, -1.5]), V3), (0, 1)),
    (bincount_weights, (V5, V3), (0, 1)),
]


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f, args, wrt", NEW_CASES, ids=[c[0].__name__ for c in NEW_CASES])
def test_vander_and_bincount_weights(f, args, wrt, jit):
    """np.broadcast_to (it had no rule: NoDerivativeError), np.vander (a zero among the points: the power-0 column's slope is 0, not 0 * x**-1) and
    np.bincount's weights, both modes, against central differences and forward mode."""
    grads = check_grad(f, *args, wrt=wrt, jit=jit)
    for k, arg in zip(wrt, args):
        tangent = np.linspace(0.3, -0.4, np.size(arg)).reshape(np.shape(arg))
        tangents = tuple(tangent if j == k else np.zeros_like(a) for j, a in enumerate(args))
        _, jvp = s2sad.jvp(f, wrt=wrt, jit=jit)(*args, tangents)
        np.testing.assert_allclose(jvp, np.sum(grads[wrt.index(k)] * tangent), rtol=1e-10)


def _autograd_version(f):
    """The same function with autograd.numpy (and autograd's scipy.special) as np/scipy."""
    import autograd.numpy as anp
    import autograd.scipy.special as asp
    scope = dict(f.__globals__, np=anp, scipy=types.SimpleNamespace(special=asp))
    return types.FunctionType(f.__code__, scope, f.__name__)


def _id(case):
    return case[0].__name__


@pytest.mark.parametrize("f, args, wrt, autograd", CASES, ids=[_id(c) for c in CASES])
def test_rule_python_mode(f, args, wrt, autograd):
    reference = _autograd_version(f) if autograd else None
    check_grad(f, *args, wrt=wrt, reference=reference)


# ---- jit=True: a few functions that each exercise many rules -----------------------------
def jit_joining(a, b, B):
    xs = [a, b]
    s = np.sum(np.concatenate(xs) ** 2) + np.sum(np.concatenate(xs) * a[0]) + np.sum(xs[1] ** 3)
    s = s + np.sum(np.concatenate([B, B * 2.0], axis=1) ** 2) + np.sum(np.concatenate([B, B], axis=None) ** 3)
    s = s + np.sum(np.hstack([a, a * 2.0]) ** 2) + np.sum(np.vstack([B, B * a]) ** 3)
    s = s + np.sum(np.cos(np.column_stack([a, B[0]]))) + np.sum(np.dstack([B, B * B]) * 0.5)
    return s + np.sum(np.atleast_2d(a) * np.atleast_1d(b[0]) + np.atleast_3d(a) ** 2)


def jit_layout(a, A):
    s = np.sum(np.tile(a, (2, 3)) ** 2 * np.arange(18.0).reshape(2, 9)) + np.sum(np.tile(A, 2) ** 3)
    s = s + np.sum(np.repeat(a, 2) ** 2 * np.arange(6.0)) + np.sum(np.repeat(A, [1, 2], axis=0) ** 3)
    s = s + np.sum(np.pad(a, (1, 2), constant_values=a[1]) ** 2 * np.arange(6.0))
    s = s + np.sum(np.pad(A, ((1, 0), (2, 1))) ** 2 * np.arange(18.0).reshape(3, 6))
    s = s + np.sum(np.flip(A) * A) + np.sum(np.flip(A, 1) ** 2 * A) + np.sum(np.fliplr(A) * np.flipud(A))
    s = s + np.sum(np.roll(A, 1) * A) + np.sum(np.roll(A, -1, axis=1) * A)
    s = s + np.sum(np.diag(a) @ A.T) + np.sum(np.diag(A) ** 2) + np.sum(np.diag(a, 1) ** 2)
    s = s + np.sum(np.diff(a, 2) ** 2) + np.sum(np.diff(A, axis=0) * A[1:])
    return s + np.sum(np.squeeze(A[:1], axis=0) ** 2)


def jit_blocks(a, A, T, B):
    s = np.sum(np.tril(A, -1) ** 2 * A) + np.sum(np.triu(a, 1) ** 3) + np.sum(A.diagonal() * a)
    return s + np.sum(np.diagonal(T, -1, 2, 0) ** 3) + np.sum(np.kron(a, A[:2, 1:]) ** 3) \
        + np.sum(np.kron(B, T) * A[0, 0]) \
        + np.kron(a[0], A[0, 0]) * a[1]     # a slice (numba's kron wants contiguous arrays), 3-d, numbers


def jit_numeric(a, b, A, S):
    s = np.sum(np.cross(a, A) ** 2) + np.sum(np.cumprod(b) * np.arange(1.0, 5.0))
    s = s + np.sum(np.cumprod(A, axis=0) ** 2) + np.sum(np.interp(INTERP_X * a[0], XP, b[:3]) ** 2)
    s = s + np.sum(np.interp(INTERP_X, XP, b[1:], a[0], a[1]) ** 2)
    s = s + np.trapezoid(b ** 2, GRID) + np.trapezoid(b, dx=a[1]) + np.sum(np.trapezoid(A, axis=0) ** 2)
    s = s + np.sum(np.convolve(b, a) ** 2) + np.sum(np.convolve(a, b, "same") ** 2)
    s = s + np.sum(np.convolve(b, a, "valid") ** 3)
    s = s + np.median(b) ** 2 + np.sum(np.median(A, axis=1) ** 2)
    sign, logdet = np.linalg.slogdet(S)
    s = s + sign * logdet + math.erf(a[2]) * math.erfc(a[0])
    return s + np.sum(scipy.special.erf(b) ** 2)


def jit_index(x, v, M):
    y = np.zeros(5)
    y[IDX] = x
    z = v * 1.0
    z[IDX] += x
    np.add.at(z, np.array([0, 0, 3]), x)
    B = M * 2.0
    np.fill_diagonal(B, x[0])
    s = np.sum(y * np.arange(5.0)) + np.sum(z ** 2 * np.arange(5.0)) + np.sum(B ** 2)
    return s + np.sum(x[:, None] * x[None, :] ** 2) + np.sum(M[np.arange(3), np.array([2, 0, 2])] ** 2)


def jit_smoke(a, b, s):
    xs = [a, b]
    y = np.sum(np.concatenate(xs) ** 2) + np.sum(np.concatenate(xs) * s) + np.sum(np.hstack([a, s]) ** 3)
    y = y + np.sum(np.cumprod(b) * a[0]) + np.sum(np.interp(INTERP_X, XP, a) ** 2)
    return y + np.sum(np.pad(b, (1, 2), constant_values=s) ** 2 * np.arange(7.0))


JIT_CASES = [  # the first three run by default; every case with --jit-all (each compiles ~40 helpers)
    (jit_index, (V3, V5, SQ), (0, 1, 2)),
    (jit_smoke, (V3, np.array([0.5, -1.2, 0.0, 2.0]), 0.7), (0, 1, 2)),
    (jit_blocks, (V3, M43, T234, M23[:, :2].copy()), (0, 1, 2, 3)),
    (jit_joining, (V3, V4, M23), (0, 1, 2)),
    (jit_layout, (V3, M23), (0, 1)),
    (jit_numeric, (V3, np.array([0.5, -1.2, 0.7, 2.0]), M43, SQ), (0, 1, 2, 3)),
]


@pytest.mark.jit
@pytest.mark.parametrize("f, args, wrt", JIT_CASES, ids=[_id(c) for c in JIT_CASES])
def test_rules_jit_mode(f, args, wrt, request):
    if f not in (jit_index, jit_smoke, jit_blocks) and not request.config.getoption("--jit-all"):
        pytest.skip("compiles many numba helpers (a minute or more); run with --jit-all")
    compiled = check_grad(f, *args, wrt=wrt, jit=True)
    python = s2sad.grad(f, wrt=wrt)(*args)
    for c, p in zip(compiled, python):
        np.testing.assert_allclose(c, p, rtol=1e-10, atol=1e-12)


def jit_refused_squeeze(A):
    return np.sum(np.squeeze(A) ** 2)


def jit_refused_ranks(a, B):
    return np.sum(np.concatenate([a, B], axis=None) ** 2)


@pytest.mark.jit
@pytest.mark.parametrize("f, args", [(jit_refused_squeeze, (M23[:1],)),
                                     (jit_refused_ranks, (V3, M23))], ids=lambda v: getattr(v, "__name__", ""))
def test_forms_numba_cannot_compile_are_refused(f, args):
    with pytest.raises(JitError):
        s2sad.grad(f, jit=True)(*args)


# ---- forms the rules do not cover are refused ---------------------------------------------
def pad_uncovered(a):  # "reflect" (rules/test_rules_decomp.py) and "linear_ramp" (test_selections54.py) are covered now
    return np.sum(np.pad(a, 1, mode="empty") ** 2)


def einsum_variable(A, subs):
    return np.einsum(subs, A, A)


def interp_periodic(x):
    return np.sum(np.interp(x, XP, FP, period=3.0))


def median_overwrite(a):
    return np.median(a, overwrite_input=True)


def einsum_five(a):     # five operands are pairwise contractions now (numpy_forms_more); with `...` not yet
    return np.einsum("...i,...i,...i,...i,...i", a, a, a, a, a)


def diff_prepend(a):
    return np.sum(np.diff(a, prepend=0.0) ** 2)


@pytest.mark.parametrize("f, args", [
    (pad_uncovered, (V3,)), (einsum_variable, (M23, "ij,ij")),
    (median_overwrite, (V5,)), (einsum_five, (V3,)),
], ids=lambda v: getattr(v, "__name__", ""))
def test_uncovered_forms_are_refused_with_a_location(f, args):
    with pytest.raises(s2sad.NoDerivativeError, match=r"line \d+, column \d+"):
        s2sad.grad(f)(*args)


def test_interp_with_a_period_is_differentiated_not_refused():
    """Refused until np2_57 (frontend/numpy2_forms.py reduces modulo the period as NumPy does;
    tests/rules/test_numpy2_spellings57.py)."""
    check_grad(interp_periodic, INTERP_X + 0.1)   # (INTERP_X[0] % 3 is the knot 2.5)


def test_diff_with_prepend_is_differentiated_not_refused():
    """Refused until small18 (frontend/diff_edges.py joins the edge as NumPy does;
    tests/frontend/test_small18.py)."""
    check_grad(diff_prepend, V3)


def cross_2d(a, b):
    return np.sum(np.cross(a, b))


def set_repeated_2d(x, idx):
    y = np.zeros(5)
    y[idx] = x
    return np.sum(y * np.arange(5.0))


@pytest.mark.filterwarnings("ignore:Arrays of 2-dimensional vectors are deprecated")
@pytest.mark.parametrize("f, args", [
    (cross_2d, (V3[:2], V4[:2])),
    (set_repeated_2d, (M23, np.array([[0, 1, 1], [2, 3, 4]]))),
], ids=lambda v: getattr(v, "__name__", ""))
def test_undefined_cases_are_refused_when_they_happen(f, args):
    with pytest.raises(s2sad.NoDerivativeError):
        s2sad.grad(f)(*args)


def test_repeated_writes_keep_the_last_value():
    """NumPy keeps the last of repeated writes through a 1-d index: only it gets the gradient."""
    g = s2sad.grad(set_repeated)(np.array([1.0, 2.0, 3.0]), IDX)
    np.testing.assert_array_equal(g, [0.0, 1.0, 2.0])
    g = s2sad.grad(set_repeated_2d)(M23[:, :2], np.array([[0, 1], [3, 4]]))  # no repeat: defined
    np.testing.assert_array_equal(g, [[0.0, 1.0], [3.0, 4.0]])


def test_add_at_leaves_the_callers_array_alone():
    a, v = V3.copy(), V4.copy()
    s2sad.grad(add_at, wrt=(0, 1))(a, v)
    np.testing.assert_array_equal(a, V3)
    np.testing.assert_array_equal(v, V4)


# ---- the declared ranks of the results (rules/ranks.py) match NumPy ----------------------
RANK_ENV = {"np": np, "a": V3, "b": V4, "A": M23, "T": T234, "S": SQ, "s": 0.5, "L1": [V3, V4],
            "L2": [M23, M23], "L3": [V3, V3 * 2.0], "x": INTERP_X, "xp": XP, "fp": FP}
RANK_CALLS = [
    "np.concatenate(L1)", "np.concatenate(L2, axis=1)", "np.concatenate(L2, axis=None)", "np.hstack(L1)",
    "np.hstack(L2)", "np.vstack(L3)", "np.vstack(L2)", "np.column_stack(L3)", "np.dstack(L3)",
    "np.dstack(L2)", "np.atleast_1d(s)", "np.atleast_2d(a)", "np.atleast_3d(A)", "np.tile(a, (2, 3))",
    "np.broadcast_to(a, (2, 3))", "np.broadcast_to(s, 3)",
    "np.tile(A, 2)", "np.repeat(A, 2)", "np.repeat(A, 2, axis=1)", "np.cumprod(A)", "np.cumprod(A, 1)",
    "np.diag(a)", "np.diag(S)", "np.median(A)", "np.median(A, axis=0)", "np.median(A, 1, keepdims=True)",
    "np.trapezoid(A)", "np.trapezoid(a)", "np.trapezoid(T, axis=1)", "np.cross(a, S)", "np.squeeze(A[:1], 0)",
    "np.einsum('ij,jk->ik', A, S)", "np.einsum('ij->', A)", "np.flip(T)", "np.roll(A, 1)", "np.diff(T, axis=1)",
    "np.pad(A, 1)", "np.interp(x, xp, fp)", "np.interp(0.5, xp, fp)", "np.convolve(a, b)",
    "np.expand_dims(a, 1)", "np.expand_dims(A, axis=0)", "np.expand_dims(a, (0, 2))", "np.diagonal(A)",
    "np.diagonal(T, 1, 0, 2)", "np.tril(A)", "np.triu(a)", "np.tril(T, 1)", "np.kron(a, A)", "np.kron(T, A)",
    "np.kron(s, a)", "np.kron(A, S)", "np.vander(a)", "np.vander(a, 2, True)", "np.bincount(np.array([0, 2, 2]), a)",
]


def _rank(value):
    if isinstance(value, list):
        inner = {np.ndim(e) for e in value}
        return inner.pop() + 1 if len(inner) == 1 else None
    return np.ndim(value)


@pytest.mark.parametrize("text", RANK_CALLS)
def test_declared_ranks_match_numpy(text):
    from s2sad.rules import registry
    call = ast.parse(text, mode="eval").body
    fn = eval(ast.unparse(call.func), RANK_ENV)
    args = [_rank(eval(ast.unparse(a), RANK_ENV)) for a in call.args]
    declared = registry.rank_of_call(fn, args, call)
    assert declared is not None, f"{text}: no rank declared"
    assert declared == np.ndim(eval(text, RANK_ENV)), text


def test_exported_module_runs_the_array_helpers(tmp_path):
    """``s2sad export`` copies the helpers the adjoint calls (and what they call) into a module
    that needs only NumPy."""
    import importlib.util

    from s2sad.backends.export import export_source
    for f, args, wrt in [(concatenate, (V3, V4), (0, 1)), (add_at, (V3, V4), (0, 1)),
                         (einsum_forms, (T234.swapaxes(1, 2).copy(), V3), (0, 1)),
                         (kron, (M43, V3, M23[:, :2].copy()), (0, 1, 2)), (diagonal_forms, (M43, T234), (0, 1))]:
        path = tmp_path / f"exported_{f.__name__}.py"
        path.write_text(export_source(f, wrt=wrt))
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for got, want in zip(getattr(module, f"grad_{f.__name__}")(*args), s2sad.grad(f, wrt=wrt)(*args)):
            np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.jit
def test_kron_of_two_numbers_is_a_number_under_jit():
    """numba's np.kron of two numbers is a 1-element array (NumPy's: a number): the jvp under jit
    returned value and tangent of shape (1,) (fuzz seed 36000020), and grad was a JitError."""
    def f(s, t):
        return np.kron(s, t) * s
    value, tangent = s2sad.jvp(f, wrt=(0, 1), jit=True)(0.7, 1.3, (1.0, 0.5))
    assert np.shape(value) == () and np.shape(tangent) == ()
    assert np.isclose(value, 0.7 * 1.3 * 0.7) and np.isclose(tangent, 2 * 0.7 * 1.3 + 0.7 * 0.7 * 0.5)


@pytest.mark.jit
def test_cumsum_and_cumprod_of_a_number_are_one_element_arrays_under_jit():
    """NumPy's np.cumsum(number) is a 1-element array; numba's was the number (jvp and vjp under
    jit saw an output of shape () where the function returns (1,)), and its cumprod refused it."""
    def f(a, b):
        return np.cumsum(a * b) * 2.0 + np.cumprod(a)
    value, tangent = s2sad.jvp(f, wrt=(0, 1), jit=True)(0.7, 1.3, (1.0, 0.5))
    assert np.shape(value) == (1,) and np.shape(tangent) == (1,)
    assert np.allclose(value, [2 * 0.7 * 1.3 + 0.7]) and np.allclose(tangent, [2 * (1.3 + 0.7 * 0.5) + 1.0])
    assert np.isclose(s2sad.vjp(f, jit=True)(0.7, 1.3, np.array([1.0])), 2 * 1.3 + 1.0)
