"""Run-time helpers of the rules of ``scipy.signal.sosfilt``, ``convolve2d`` and ``correlate2d``
(``grads_signal_more.py``).

``y = sosfilt(sos, x)`` (zero initial state) runs ``x`` through the second-order sections of ``sos``
one after the other: a causal linear time-invariant filter of ``x``. The transpose of a causal
filter is the same filter run backwards in time (the signal reversed, filtered, reversed again), so
``x``'s adjoint is ``np.flip(sos_filtered(sos, np.flip(g)))``, and the tangent is the filter of the
tangent (``sos_filtered``). SciPy is never imported here (a program that called sosfilt has); numba
has no ``sosfilt``: under ``jit=True`` the call is refused at its line
(``numba_rules_uncompiled.NO_NUMBA``).

``convolve2d(a, v, mode)`` with the 'fill' boundary of 0 is a window of the full 2-d convolution, which
is linear in each matrix: an argument's adjoint is the adjoint placed in the full result (at SciPy's
offset of the mode, ``_offsets``) correlated ('valid') with the other matrix (``conv2d_grad_in1``, ``conv2d_grad_in2``);
``correlate2d`` is the convolution with ``v`` reversed along both axes (its 'same' window is centred
one place further for an even size). numba has neither.
"""
import sys

import numpy as np

from .runtime import _public


@_public
def sos_filtered(sos, x, axis=-1):
    """``scipy.signal.sosfilt(sos, x, axis)``: the filter the rules apply (its forward rule is
    sosfilt's own, so hvp runs through the adjoint)."""
    return sys.modules["scipy.signal"].sosfilt(sos, x, axis=axis)


def _offsets(n, m, size, mode, flip):
    """Where the result of ``mode`` starts in the full convolution, per axis: SciPy centres 'same' at
    ``(m - 1) // 2`` for convolve2d and ``m // 2`` for correlate2d, and 'valid' at ``min(n, m) - 1``."""
    if mode == "full":
        return (0,) * len(n)
    if mode == "same":
        return tuple(k // 2 if flip else (k - 1) // 2 for k in m)
    return tuple(min(a, b) - 1 for a, b in zip(n, m))


def _full_adjoint(g, n, m, mode, flip):
    """The adjoint ``g`` of the result placed in the full convolution's shape."""
    full = np.zeros(tuple(p + q - 1 for p, q in zip(n, m)))
    g = np.asarray(g, dtype=float)
    start = _offsets(n, m, np.shape(g), mode, flip)
    full[tuple(slice(s, s + k) for s, k in zip(start, np.shape(g)))] = g
    return full


@_public
def conv2d_grad_in1(g, a, v, mode="full", flip=False):
    """Gradient of ``scipy.signal.convolve2d(a, v, mode)`` (``flip``: ``correlate2d``, the convolution
    with ``v`` reversed along both axes) wrt ``a`` (read for its shape only), with the 'fill' boundary
    of 0: ``g`` placed in the full result and correlated ('valid') with ``v``."""
    v = np.asarray(v, dtype=float)
    full = _full_adjoint(g, np.shape(a), np.shape(v), mode, flip)
    return sys.modules["scipy.signal"].correlate2d(full, v[::-1, ::-1] if flip else v, "valid")


@_public
def conv2d_grad_in2(g, a, v, mode="full", flip=False):
    """Gradient of ``convolve2d(a, v, mode)`` (``flip``: ``correlate2d``) wrt ``v`` (read for its shape
    only): ``g`` placed in the full result and correlated ('valid') with ``a``."""
    a = np.asarray(a, dtype=float)
    full = _full_adjoint(g, np.shape(a), np.shape(v), mode, flip)
    out = sys.modules["scipy.signal"].correlate2d(full, a, "valid")
    return out[::-1, ::-1] if flip else out


@_public
def conv2d(a, v, mode="full", flip=False):
    """``scipy.signal.convolve2d(a, v, mode)`` (``flip``: ``correlate2d``): the tangent rules' call."""
    signal = sys.modules["scipy.signal"]
    return (signal.correlate2d if flip else signal.convolve2d)(a, v, mode)
