"""Run-time helper of the rules of ``scipy.signal.sosfilt`` (``grads_signal_more.py``).

``y = sosfilt(sos, x)`` (zero initial state) runs ``x`` through the second-order sections of ``sos``
one after the other: a causal linear time-invariant filter of ``x``. The transpose of a causal
filter is the same filter run backwards in time (the signal reversed, filtered, reversed again), so
``x``'s adjoint is ``np.flip(sos_filtered(sos, np.flip(g)))``, and the tangent is the filter of the
tangent (``sos_filtered``). SciPy is never imported here (a program that called sosfilt has); numba
has no ``sosfilt``: under ``jit=True`` the call is refused at its line
(``numba_rules_uncompiled.NO_NUMBA``).
"""
import sys

from .runtime import _public


@_public
def sos_filtered(sos, x, axis=-1):
    """``scipy.signal.sosfilt(sos, x, axis)``: the filter the rules apply (its forward rule is
    sosfilt's own, so hvp runs through the adjoint)."""
    return sys.modules["scipy.signal"].sosfilt(sos, x, axis=axis)
