"""numba versions of the helpers of :mod:`s2sad.rules.runtime_linalg` (Cholesky, eigvalsh,
eigh, tensordot, polyval) and ``np.polyval``, which numba lacks.

The symmetric-matrix helpers are the 2-d forms of the Python ones (stacks of matrices raise
``TypingError``, reported as a ``JitError``); a repeated eigenvalue raises
``NoDerivativeError`` in the compiled code too, and the Python helper's located message is
reported. ``np.tensordot`` has no numba version: its gradient is refused. ``np.linalg.matrix_power`` of
a float matrix is s2sad's own: numba's returns an optional array (its code can fall off its end),
which no helper takes.
"""
import numpy as np
from numba import njit, types
from numba.extending import overload

from ...rules import runtime as rt
from .numba_rules_base import flat, helper, is_array, refuse
from .numba_ties import check_ties as _ties


@overload(np.linalg.matrix_power)
def _ov_matrix_power(a, n):
    if not (is_array(a) and a.ndim == 2 and isinstance(a.dtype, types.Float) and isinstance(n, types.Integer)):
        return None

    def matrix_power(a, n):      # squaring, as NumPy does
        if a.shape[0] != a.shape[1]:
            raise np.linalg.LinAlgError("Last 2 dimensions of the array must be square")
        base = np.ascontiguousarray(np.linalg.inv(a) if n < 0 else a)
        out = np.eye(a.shape[0]).astype(a.dtype)
        k = abs(n)
        while k:
            if k & 1:
                out = out @ base
            k >>= 1
            if k:
                base = base @ base
        return out
    return matrix_power


# ---- symmetric linear algebra (one matrix) -------------------------------------------------
def _matrix(what, *ms):
    if not all(is_array(m) and m.ndim == 2 for m in ms):
        refuse(f"{what} of a stack of matrices")


@njit
def _read_triangle(G, upper):
    G = 0.5 * (G + G.T)
    part = np.triu(G, 1) if upper else np.tril(G, -1)
    return part * 2.0 + G * np.eye(G.shape[0])


@njit
def _symmetric(t, upper):
    part = np.triu(t, 1) if upper else np.tril(t, -1)
    return part + part.T + t * np.eye(t.shape[0])


@njit
def _phi(m):
    return np.tril(m) * (1.0 - 0.5 * np.eye(m.shape[0]))


@njit
def _gaps(w):
    n = w.size
    F = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if i != j:
                F[i, j] = 1.0 / (w[j] - w[i])
    return F


@helper(rt.cholesky_grad)
def _ov_cholesky_grad(g, L):
    _matrix("the gradient of np.linalg.cholesky", L)

    def cholesky_grad(g, L):
        Linv = np.linalg.inv(L)
        return _read_triangle(Linv.T @ _phi(L.T @ (g + np.zeros(L.shape))) @ Linv, False)
    return cholesky_grad


@helper(rt.cholesky_tangent)
def _ov_cholesky_tangent(t, L):
    _matrix("the tangent of np.linalg.cholesky", L)

    def cholesky_tangent(t, L):
        Linv = np.linalg.inv(L)
        return L @ _phi(Linv @ _symmetric(t + np.zeros(L.shape), False) @ Linv.T)
    return cholesky_tangent


@helper(rt.eigvalsh_grad)
def _ov_eigvalsh_grad(g, a, UPLO="L"):
    _matrix("the gradient of np.linalg.eigvalsh", a)

    def eigvalsh_grad(g, a, UPLO="L"):
        w, V = np.linalg.eigh(_symmetric(a, UPLO == "U"))
        gw = flat(g) + np.zeros(w.size)
        _ties(w, gw, False)
        return _read_triangle((V * gw.reshape(1, w.size)) @ V.T, UPLO == "U")
    return eigvalsh_grad


@helper(rt.eigvalsh_tangent)
def _ov_eigvalsh_tangent(t, a, UPLO="L"):
    _matrix("the tangent of np.linalg.eigvalsh", a)

    def eigvalsh_tangent(t, a, UPLO="L"):
        w, V = np.linalg.eigh(_symmetric(a, UPLO == "U"))
        _ties(w, w, True)
        return np.sum(V * (_symmetric(t + np.zeros(a.shape), UPLO == "U") @ V), axis=0)
    return eigvalsh_tangent


@helper(rt.eigh_grad)
def _ov_eigh_grad(g, y, a, UPLO="L"):
    _matrix("the gradient of np.linalg.eigh", a)

    def eigh_grad(g, y, a, UPLO="L"):
        w, V = y
        gw = flat(g[0]) + np.zeros(w.size)
        gV = g[1] + np.zeros(V.shape)
        inner = np.diag(gw)
        if np.any(gV != 0.0):
            _ties(w, gw, True)
            inner = inner + _gaps(w) * (V.T @ gV)
        else:
            _ties(w, gw, False)
        return _read_triangle(V @ inner @ V.T, UPLO == "U")
    return eigh_grad


@helper(rt.eigh_tangent)
def _ov_eigh_tangent(t, y, a, UPLO="L"):
    _matrix("the tangent of np.linalg.eigh", a)

    def eigh_tangent(t, y, a, UPLO="L"):
        w, V = y
        _ties(w, w, True)
        inner = V.T @ _symmetric(t + np.zeros(a.shape), UPLO == "U") @ V
        return np.diag(inner).copy(), V @ (_gaps(w) * inner)
    return eigh_tangent


@helper(rt.tensordot_grad)
def _ov_tensordot_grad(g, a, b, axes=2, left=True):
    refuse("np.tensordot has no numba version")


# ---- polynomials ------------------------------------------------------------------------
@overload(np.polyval)
def _ov_polyval(p, x):
    if not is_array(p) or p.ndim != 1:
        return None

    def polyval(p, x):
        y = x * 0.0 + p[0]
        for c in p[1:]:
            y = y * x + c
        return y
    return polyval


def _coefficients(p, what="np.polyval"):
    if not (is_array(p) and p.ndim == 1):
        refuse(f"{what} with coefficients that are not a vector")


@helper(rt.polyval_grad_p)
def _ov_polyval_grad_p(g, p, x):
    _coefficients(p)

    def polyval_grad_p(g, p, x):
        xs, gs = flat(x), flat(g) + np.zeros(flat(x).size)
        n = p.shape[0]
        out = np.zeros(n)
        for k in range(xs.size):
            power = 1.0
            for i in range(n - 1, -1, -1):
                out[i] += gs[k] * power
                power *= xs[k]
        return out
    return polyval_grad_p


@helper(rt.polyval_slope)
def _ov_polyval_slope(p, x):
    _coefficients(p)

    def polyval_slope(p, x):
        n = p.shape[0]
        y = x * 0.0
        for i in range(n - 1):
            y = y * x + p[i] * (n - 1 - i)
        return y
    return polyval_slope


