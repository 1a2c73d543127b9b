"""Forward rules of ``sliding_window_view`` (the same windows of the tangent) and of its adjoint's
helper ``window_sums`` (linear in the adjoint: for hvp)."""
from numpy.lib.stride_tricks import sliding_window_view as _sliding_window_view

from .forward_registry import tangent
from .grads_windows import WINDOW
from .runtime_windows import window_sums


@tangent(_sliding_window_view, nondiff=WINDOW)
def sliding_window_view(w, x, window_shape, axis=None, subok=False, writeable=False):
    t[w] = _sliding_window_view(t[x], window_shape, axis)


@tangent(window_sums, nondiff={"x": "read for its shape only", "window_shape": WINDOW["window_shape"],
                               "axis": WINDOW["axis"]})
def window_sums_(r, g, x, window_shape, axis=None):
    t[r] = window_sums(t[g], x, window_shape, axis)
