"""Reverse rule of ``np.lib.stride_tricks.sliding_window_view(x, window_shape, axis)`` (a view of
``x``: ``runtime_windows.py``); its forward rule is in ``tangents_windows.py``. Part of the rule
table (``grads.py``). A writeable view (``writeable=True``) is not covered: writes through
overlapping windows change several of them at once.
"""
from numpy.lib.stride_tricks import sliding_window_view as _sliding_window_view

from .registry import adjoint
from .runtime_windows import window_sums

WINDOW = {"window_shape": "the windows' shape (integers)", "axis": "the axes windowed (integers)",
          "subok": "only False is covered (an ndarray)",
          "writeable": "only False is covered (a read-only view: writes through windows that overlap)"}


@adjoint(_sliding_window_view, nondiff=WINDOW, constants={"subok": (False,), "writeable": (False,)})
def sliding_window_view(w, x, window_shape, axis=None, subok=False, writeable=False):
    d[x] = window_sums(d[w], x, window_shape, axis)
