"""Run-time helper of the rules of ``np.lib.stride_tricks.sliding_window_view`` (``grads_windows.py``).

``w = sliding_window_view(x, window_shape, axis)`` is a view: each element of ``w`` is an element
of ``x``, and an element of ``x`` appears in every window that covers it. So ``x``'s adjoint adds
up, for each of its elements, the adjoints of all the window elements that view it:
``window_sums`` numbers ``x``'s elements, takes the same windows of the numbers, and sums the
adjoint by number (``np.bincount``). Its numba version is the same code
(``numba_helpers/numba_rules_reorder.py``).
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .runtime import _public


@_public
def window_sums(g, x, window_shape, axis=None):
    """The adjoint of ``sliding_window_view(x, window_shape, axis)`` for the view's adjoint ``g``:
    each element of ``x`` gets the sum of ``g`` over the window elements that view it."""
    index = sliding_window_view(np.arange(np.size(x)).reshape(np.shape(x)), window_shape, axis)
    return np.bincount(index.ravel(), weights=np.ravel(g), minlength=np.size(x)).reshape(np.shape(x))
