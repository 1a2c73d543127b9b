"""numba versions of ``np.polyder(p, m)`` and ``np.polyint(p, m, k)`` of a 1-d array ``p``
(numba has neither) and of their rule helpers (``rules/runtime_special.py``): the same linear maps,
written as loops instead of the helpers' matrices.

Invariant: values are NumPy's (``polyder`` of order ``m >= len(p)`` is empty; ``polyint``'s ``k``
None, a number used for each integration, or ``m`` of them); a negative ``m``, fewer constants than
integrations, a ``p`` that is not a vector raise NumPy's ValueError or are refused at typing (a
located ``JitError``).
"""
import numpy as np
from numba import njit, types
from numba.extending import overload

from ...rules import runtime as rt
from .numba_rules_base import helper, is_array, is_none, refuse


def _vector(p, what):
    if not (is_array(p) and p.ndim == 1):
        refuse(f"{what} of {p}: a 1-d array of coefficients only")


@njit
def _der_factors(n, m):
    """c_i with polyder(p, m)_i = p_i c_i, i < n - m."""
    if m < 0:
        raise ValueError("Order of derivative must be positive (see polyint)")
    out = np.ones(max(n - m, 0))
    for i in range(out.size):
        for k in range(m):
            out[i] *= n - 1 - i - k
    return out


@njit
def _constants(k, m):
    """polyint's m integration constants from k (an array: a length-1 one repeated)."""
    if k.size == 1 and m > 1:
        return np.full(m, k[0] * 1.0)
    if k.size < m:
        raise ValueError("k must be a scalar or a rank-1 array of length 1 or >m.")
    return k * 1.0


@njit
def _integrate(p, m, k):
    if m < 0:
        raise ValueError("Order of integral must be positive (see polyder)")
    y = p * 1.0
    for s in range(m):
        nxt = np.empty(y.size + 1)
        for i in range(y.size):
            nxt[i] = y[i] / (y.size - i)
        nxt[y.size] = k[s]
        y = nxt
    return y


def _as_constants(k):
    if is_none(k):
        return lambda k, m: np.zeros(m)
    if isinstance(k, types.Number):
        return lambda k, m: _constants(np.full(1, k * 1.0), m)
    if is_array(k) and k.ndim == 1:
        return lambda k, m: _constants(k, m)
    refuse(f"np.polyint's k of {k}: None, a number or a 1-d array only")


@overload(np.polyder)
def _ov_polyder(p, m=1):
    _vector(p, "np.polyder")
    return lambda p, m=1: p[:max(p.size - m, 0)] * _der_factors(p.size, m)


@overload(np.polyint)
def _ov_polyint(p, m=1, k=None):
    _vector(p, "np.polyint")
    consts = njit(_as_constants(k))
    return lambda p, m=1, k=None: _integrate(p, m, consts(k, m))


@helper(rt.polyder_grad)
def _ov_polyder_grad(g, p, m=1):
    _vector(p, "the gradient of np.polyder")

    def grad(g, p, m=1):
        out = np.zeros(p.size)
        c = _der_factors(p.size, m)
        out[:c.size] = g * c
        return out
    return grad


@njit
def _integral_adjoints(g, n, m):
    """The adjoint of each stage's input, from the last: row s is that of the s-th integral's
    output (length n + s + 1), zero-padded to n + m."""
    stages = np.zeros((m + 1, n + m))
    stages[m, :n + m] = g
    for s in range(m - 1, -1, -1):
        size = n + s
        for i in range(size):
            stages[s, i] = stages[s + 1, i] / (size - i)
    return stages


@helper(rt.polyint_grad_p)
def _ov_polyint_grad_p(g, p, m=1):
    _vector(p, "the gradient of np.polyint")
    return lambda g, p, m=1: _integral_adjoints(g * 1.0, p.size, m)[0, :p.size].copy()


@helper(rt.polyint_grad_k)
def _ov_polyint_grad_k(g, p, m=1, k=None):
    _vector(p, "the gradient of np.polyint")
    if isinstance(k, types.Number):
        def one(g, p, m=1, k=None):
            stages = _integral_adjoints(g * 1.0, p.size, m)
            return sum([stages[s + 1, p.size + s] for s in range(m)])
        return one
    if not (is_array(k) and k.ndim == 1):
        refuse(f"the gradient of np.polyint in k of {k}")

    def each(g, p, m=1, k=None):
        stages = _integral_adjoints(g * 1.0, p.size, m)
        out = np.zeros(k.size)
        for s in range(m):
            out[0 if k.size == 1 else s] += stages[s + 1, p.size + s]
        return out
    return each
