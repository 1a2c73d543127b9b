"""numba versions of scipy.signal's ``convolve`` and ``correlate`` of two 1-d signals in a constant
mode ('full', 'same', 'valid'), and of their rules' helpers ``signal_conv`` and ``signal_conv_grad``
(``rules/runtime_special_more.py``); installed once a program has imported scipy.signal
(``registry.defer``: SciPy is never imported here).

Invariant: the result is SciPy's: the full convolution (``np.convolve``; ``correlate`` convolves
with the second signal reversed) cut to SciPy's length and centred as SciPy centres it. It is
always the direct sum: where SciPy's ``method='auto'`` picks the FFT (long signals) the two differ
by the FFT's rounding. Any other form (2-d signals, a mode known only at run time) has no
implementation (numba's ``TypingError``, a located ``JitError``).
"""
import numpy as np
from numba.extending import overload, register_jitable

from ...rules import runtime as rt
from ...rules.registry import defer
from .numba_grads import COVERED
from .numba_rules_base import constant, helper, is_array, refuse

MODES = ("full", "same", "valid")


@register_jitable
def _size(n, m, mode):
    if mode == 0:
        return n + m - 1
    return n if mode == 1 else max(n, m) - min(n, m) + 1


@register_jitable
def _conv(a, v, mode, flip):
    """SciPy's convolve (``flip``: correlate) of 1-d ``a``, ``v`` in the mode of index ``mode``."""
    w = v[::-1] * 1.0 if flip else v * 1.0
    full = np.convolve(a * 1.0, w)
    size = _size(a.size, v.size, mode)
    start = (full.size - size) // 2
    return full[start:start + size].copy()


@register_jitable
def _conv_grad(g, a, v, left, flip):
    """runtime_special_more.signal_conv_grad: ``g`` placed in the full result, correlated with the other."""
    n, m = a.size, v.size
    full = np.zeros(n + m - 1)
    start = (n + m - 1 - g.size) // 2
    full[start:start + g.size] = g
    if left:
        return np.correlate(full, v[::-1] * 1.0 if flip else v * 1.0)
    out = np.correlate(full, a * 1.0)
    return out[::-1].copy() if flip else out


def _mode(mode, a, v, what):
    kind = constant(mode, f"{what}'s mode")
    if kind not in MODES or not (is_array(a) and is_array(v) and a.ndim == v.ndim == 1):
        refuse(f"{what} in mode {kind!r} of {a} and {v} (1-d signals only)")
    return MODES.index(kind)


def _install(fn, flip):
    what = "scipy.signal." + ("correlate" if flip else "convolve")

    @overload(fn)
    def _ov(in1, in2, mode="full", method="auto"):
        k = _mode(mode, in1, in2, what)
        return lambda in1, in2, mode="full", method="auto": _conv(in1, in2, k, flip)
    return _ov


@helper(rt.signal_conv)
def _ov_signal_conv(a, v, mode="full", flip=False):
    k = _mode(mode, a, v, "scipy.signal's convolve/correlate")
    f = constant(flip, "signal_conv's `flip`")
    return lambda a, v, mode="full", flip=False: _conv(a, v, k, f)


@helper(rt.signal_conv_grad)
def _ov_signal_conv_grad(g, a, v, mode="full", left=True, flip=False):
    _mode(mode, a, v, "scipy.signal's convolve/correlate")
    lt, f = constant(left, "signal_conv_grad's `left`"), constant(flip, "signal_conv_grad's `flip`")
    if not (is_array(g) and g.ndim == 1):
        return None
    return lambda g, a, v, mode="full", left=True, flip=False: _conv_grad(g, a, v, lt, f)


COVERED.update(("signal_conv", "signal_conv_grad"))
defer("scipy.signal.convolve", lambda fn: _install(fn, False))
defer("scipy.signal.correlate", lambda fn: _install(fn, True))
