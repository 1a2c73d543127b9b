"""Run-time helpers of the rules of ``scipy.signal.lfilter`` (``grads_filter.py``).

``y = lfilter(b, a, x)`` (zero initial state) solves ``sum_k a_k y_{n-k} = sum_k b_k x_{n-k}``
along ``axis``: ``y`` is linear in ``x`` and in ``b``, and differentiating the recursion in ``a_k``
gives the filter of ``-y`` shifted by ``k``. So the forward rule is three filters,
``lfilter(b, a, t_x) + lfilter(t_b, a, x) - lfilter(t_a, a, y)``, and the reverse rule reads
``v``, the incoming gradient filtered by ``1 / A`` backwards in time (the transpose of a causal
filter is the filter of the reversed signal, reversed): ``x``'s adjoint is ``g`` filtered by ``B / A``
backwards, ``b_k``'s is ``sum_n v_n x_{n-k}`` and ``a_k``'s ``-sum_n v_n y_{n-k}`` (``lagged_products``).
SciPy is never imported here (a program that called lfilter has).
"""
import sys

import numpy as np

from .runtime import _public


@_public
def filtered(b, a, x, axis=-1):
    """``scipy.signal.lfilter(b, a, x, axis)``: the filter the rules apply (its forward rule is
    lfilter's own, so hvp runs through the adjoint)."""
    return sys.modules["scipy.signal"].lfilter(b, a, x, axis=axis)


@_public
def lagged_products(v, s, count, axis=-1):
    """``[sum_n v_n s_{n-k} for k < count]`` along ``axis``, summed over the other axes."""
    vs, ss = np.moveaxis(np.asarray(v, dtype=float), axis, -1), np.moveaxis(np.asarray(s, dtype=float), axis, -1)
    n, out = vs.shape[-1], np.zeros(count)
    for k in range(min(count, n)):
        out[k] = np.sum(vs[..., k:] * ss[..., :n - k])
    return out
