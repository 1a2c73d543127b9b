"""Reverse rule of ``scipy.signal.lfilter(b, a, x, axis)`` with zero initial state (``zi=None``),
in ``x``, ``b`` and ``a`` (result first: ``a``'s adjoint reads ``y``). The recursion and the
reasoning: ``runtime_filter.py``; the forward rule: ``tangents_filter.py``. Part of the rule table
(``grads.py``); ``zi`` (an initial state, which makes ``lfilter`` return a pair) is not covered.
"""
import numpy as np

from .registry import adjoint
from .runtime_filter import filtered, lagged_products


@adjoint("scipy.signal.lfilter", nondiff={"zi": "only None is covered (a given state returns a pair)"},
         constants={"zi": (None,)})
def lfilter(y, b, a, x, axis=-1, zi=None):
    d[x] = np.flip(filtered(b, a, np.flip(d[y], axis), axis), axis)
    d[b] = lagged_products(np.flip(filtered(np.ones(1), a, np.flip(d[y], axis), axis), axis), x, np.size(b), axis)
    d[a] = -lagged_products(np.flip(filtered(np.ones(1), a, np.flip(d[y], axis), axis), axis), y, np.size(a), axis)
