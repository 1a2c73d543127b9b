"""Determinant by expansion in minors along the first row (GradBench's `det`): a
recursive function, which s2sad differentiates in split mode (a forward and a
reverse function calling themselves). Gradient w.r.t. the whole matrix."""
import numpy as np

from ..compat import anp, jnp, torch
from ..registry import UNSUPPORTED, Workload, register


def minor(A, j):
    """A without its first row and column j."""
    n = A.shape[0]
    M = np.zeros((n - 1, n - 1))
    M[:, :j] = A[1:, :j]
    M[:, j:] = A[1:, j + 1:]
    return M


def det(A):
    n = A.shape[0]
    if n == 1:
        return A[0, 0]
    total = 0.0
    sign = 1.0
    for j in range(n):
        total = total + sign * A[0, j] * det(minor(A, j))
        sign = -sign
    return total


def det_and_grad(A):
    """Hand-written: the determinant and its gradient, by the same recursion. Row 0 of the
    gradient holds the signed minors' determinants; the rows below collect each minor's
    gradient, weighted by its cofactor's coefficient."""
    n = A.shape[0]
    G = np.zeros((n, n))
    if n == 1:
        G[0, 0] = 1.0
        return A[0, 0], G
    total = 0.0
    sign = 1.0
    for j in range(n):
        d, Gm = det_and_grad(minor(A, j))
        total += sign * A[0, j] * d
        G[0, j] += sign * d
        coef = sign * A[0, j]
        G[1:, :j] += coef * Gm[:, :j]
        G[1:, j + 1:] += coef * Gm[:, j:]
        sign = -sign
    return total, G


def det_hand(A):
    return (det_and_grad(A)[1],)


def _minor_rows(A, j, concat):
    return concat([A[1:, :j], A[1:, j + 1:]], 1)


def det_autograd(A):
    n = A.shape[0]
    if n == 1:
        return A[0, 0]
    return sum((-1.0) ** j * A[0, j] * det_autograd(_minor_rows(A, j, lambda p, a: anp.concatenate(p, axis=a)))
               for j in range(n))


def det_torch(A):
    n = A.shape[0]
    if n == 1:
        return A[0, 0]
    return sum((-1.0) ** j * A[0, j] * det_torch(_minor_rows(A, j, lambda p, a: torch.cat(p, dim=a)))
               for j in range(n))


def det_jax(A):
    n = A.shape[0]
    if n == 1:
        return A[0, 0]
    return sum((-1.0) ** j * A[0, j] * det_jax(_minor_rows(A, j, lambda p, a: jnp.concatenate(p, axis=a)))
               for j in range(n))


def make_inputs(n):
    return (np.random.default_rng(7).normal(size=(n, n)),)


register(Workload(
    name="det by minors (recursion)", primal=det, hand=det_hand, make_inputs=make_inputs,
    wrt=(0,), sizes={"quick": [4], "full": [7]}, rtol=1e-9,
    variants={"autograd": det_autograd, "torch": det_torch, "jax": UNSUPPORTED},
    notes={"jax": "jax.jit traces the recursion call by call (13700 calls at n=7): tracing alone exceeds "
                  "the 300 s cell limit (det_jax here is the version tried)"}))
