"""Run-time helpers of the rules of ``scipy.signal.sosfilt``, ``convolve2d``, ``correlate2d`` and
``savgol_filter`` (``grads_signal_more.py``).

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

``savgol_filter`` is linear in ``x`` (``cval`` adds a constant): its adjoint is the transposed filter
(``savgol_grad``), its tangent the filter of the tangent (``savgol``); an even window is refused.
"""
import sys

import numpy as np

from ..errors import NoDerivativeError
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


def _odd_window(window_length):
    if int(window_length) % 2 == 0:
        raise NoDerivativeError("the derivative of scipy.signal.savgol_filter: an even window_length (SciPy centres it "
                                "off the sample) is not covered; s2sad covers odd windows (use window_length + 1)")


@_public
def savgol_grad(g, window_length, polyorder, deriv=0, delta=1.0, axis=-1, mode="interp"):
    """The adjoint of ``x`` for ``scipy.signal.savgol_filter(x, window_length, polyorder, deriv, delta,
    axis, mode)`` (linear in ``x``) and the result's adjoint ``g``: 'constant' and 'wrap' are
    ``convolve1d`` with SciPy's coefficients, whose transpose is ``correlate1d``; 'interp' is that
    convolution inside and, on each edge, the fit of the first (last) window: the rows of the
    filter of the identity of one window (``ends``), transposed."""
    _odd_window(window_length)
    signal = sys.modules["scipy.signal"]
    gm = np.moveaxis(np.asarray(g, dtype=float), axis, -1)
    if mode != "interp":
        c = signal.savgol_coeffs(window_length, polyorder, deriv=deriv, delta=delta)
        out = sys.modules["scipy.ndimage"].correlate1d(gm, c, axis=-1, mode=mode, cval=0.0)
        return np.moveaxis(out, -1, axis)
    w, h, n = int(window_length), int(window_length) // 2, gm.shape[-1]
    ends = signal.savgol_filter(np.eye(w), w, polyorder, deriv=deriv, delta=delta, axis=0, mode="interp")
    out = np.zeros(gm.shape)
    for k in range(w):                              # inside: row h of `ends`, shifted along the signal
        out[..., k:k + n - 2 * h] += gm[..., h:n - h] * ends[h, k]
    out[..., :w] += gm[..., :h] @ ends[:h]
    out[..., n - w:] += gm[..., n - h:] @ ends[h + 1:]
    return np.moveaxis(out, -1, axis)


@_public
def savgol(x, window_length, polyorder, deriv=0, delta=1.0, axis=-1, mode="interp"):
    """``scipy.signal.savgol_filter(x, ...)`` with ``cval`` 0: the tangent rules' call (linear in ``x``)."""
    _odd_window(window_length)
    return sys.modules["scipy.signal"].savgol_filter(x, window_length, polyorder, deriv=deriv, delta=delta, axis=axis,
                                                     mode=mode)
