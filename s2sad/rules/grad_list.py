"""The gradient of a list or tuple whose items have different shapes (``[W1, W2]``, ``(X, B)``,
``[x[:2], x[1:]]``): one gradient per item, a list that adds, scales and takes in-place adds
item by item, where a plain list would concatenate or repeat.

Invariant: a GradList is always a gradient (made by ``zeros_like``, a rule or an adjoint), never a
user's value, and its items are arrays or numbers its owner may change in place."""
import numpy as np


class GradList(list):
    """The gradient of a list or tuple of values of different shapes: one gradient per
    element, added element by element (``+`` and ``+=`` of plain lists would concatenate)."""

    def __add__(self, other):
        if type(other) is float and other == 0.0:   # a slot's zero (`b_tab[i] = 0.0`, zero_index) whose
            return GradList(self)                   # list item is a list (a row of a list of lists)
        if isinstance(other, (list, tuple)) and len(other) == len(self):
            return GradList(a + b for a, b in zip(self, other))
        if isinstance(other, np.ndarray) and other.ndim and len(other) == len(self):
            if not self:    # an empty list's gradient and an empty slice of one array: that slice's
                return np.copy(other)     # shape, (0, n), which a GradList (as an array: (0,)) loses
            return GradList(a + b for a, b in zip(self, other))   # the gradient of a list one array holds
        return NotImplemented

    __radd__ = __add__

    def __array_ufunc__(self, ufunc, method, *inputs, out=None, **kwargs):
        """``b[:] += g`` with ``b`` one array (a list whose items had one shape, ``items``) and ``g``
        this list (a copy of it, ``xs = items[:]``, whose slot was later rebound to another shape):
        element by element (NumPy would make an array of ``g`` and fail on the shapes)."""
        if ufunc is not np.add or method != "__call__" or len(inputs) != 2 or kwargs:
            return NotImplemented
        a, b = inputs
        if out is None:
            return GradList.__add__(b, a) if isinstance(b, GradList) else GradList.__add__(a, b)
        (target,) = out
        other = b if target is a else a if target is b else None
        if other is None or not isinstance(target, np.ndarray) or target.ndim == 0 or len(target) != len(other):
            return NotImplemented
        for k, g in enumerate(other):
            target[k] += g
        return target

    def __mul__(self, other):
        """A gradient scaled by a number (a recursive function's gradient times its result's adjoint)."""
        if isinstance(other, (int, float, np.number)) or isinstance(other, np.ndarray) and other.ndim == 0:
            return GradList(a * other for a in self)
        return NotImplemented

    __rmul__ = __mul__

    def __imul__(self, other):
        scaled = self * other
        if scaled is NotImplemented:
            raise TypeError(f"cannot scale a gradient of {len(self)} elements by {type(other).__name__}")
        self[:] = scaled
        return self

    def __iadd__(self, other):
        total = self + other
        if total is NotImplemented:
            raise TypeError(f"cannot add {type(other).__name__} to a gradient of {len(self)} elements")
        self[:] = total
        return self


def cut(b, xs):
    """``b``, the gradient of list ``xs`` as a later point of the program left it (the list grown
    since by appends, whose items' gradients were taken already), cut to ``xs``'s length: a
    checkpointed step's adjoint takes its list's gradient as the step left the list
    (``transforms/checkpoint.py``), also where the step rebinds the list through another name."""
    if not hasattr(b, "__len__") or len(b) <= len(xs):
        return b
    return GradList(b[:len(xs)]) if isinstance(b, GradList) else b[:len(xs)]


def leading(g, b):
    """``g``, the gradient of a list as a checkpointed loop read it, laid into zeros shaped like ``b``,
    the gradient of the same list grown since by appends (the loop's reads of it keep their positions:
    the indices of a list that grows are absolute, so ``g``'s items are ``b``'s first ones)."""
    if not (hasattr(g, "__len__") and hasattr(b, "__len__")) or len(g) == len(b):
        return g
    if isinstance(b, np.ndarray):
        out = np.zeros(b.shape)
        for k, item in enumerate(g):
            out[k] += item
        return out
    return GradList([*g, *(item * 0.0 for item in b[len(g):])])
