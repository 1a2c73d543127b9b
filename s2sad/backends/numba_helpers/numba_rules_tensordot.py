"""``np.tensordot`` under ``jit=True`` (numba has none): value and gradient helper.

With a constant ``axes``: an integer (the form s2sad writes and users mostly write), or a pair of
axes lists written in the call (``axes=([1, 0], [0, 1])``, a pair ``(2, -3)``), which the jit stage
(``stand_ins._axes_as_text``) passes as JSON text (``'[[1, 0], [0, 1]]'``) to the stand-ins ``tensordot_axes`` and
``tensordot_grad_axes``: numba types a string constant as a literal, a list or tuple display not.
The contraction moves the contracted axes together and multiplies two matrices (``np.dot``).

Invariant: the values of ``np.tensordot`` and of ``rules.runtime.tensordot_grad``; axes in a
variable are refused at typing time, which ``jit=True`` reports as a located ``JitError``.
"""
import json

import numpy as np
from numba import types
from numba.extending import overload

from ...rules import runtime as rt
from .numba_rules_base import constant, gen, helper, is_array, literal, refuse


# ---- np.tensordot with a constant integer axes (the form s2sad writes and users mostly write) ----
def _tensordot_axes(nx, ny, axes):
    """(contracted axes of x, of y) for ``np.tensordot(x, y, axes)`` with an integer ``axes``."""
    return list(range(nx - axes, nx)), list(range(axes))


def _contract_source(nx, ny, cx, cy, order=None, header="def contract(x, y):", x="x", y="y"):
    """Source of a function (``header``) returning ``x`` (an expression of its parameters) with
    its axes ``cx`` summed against those ``cy`` of ``y``, the result's axes x's free ones then y's
    (as np.tensordot), then permuted by ``order`` (a tuple) if given."""
    fx = [i for i in range(nx) if i not in cx]
    fy = [i for i in range(ny) if i not in cy]
    prod = lambda s, ks: " * ".join(["1"] + [f"{s}[{k}]" for k in ks])   # noqa: E731
    free = [f"sx[{k}]" for k in fx] + [f"sy[{k}]" for k in fy]
    lines = [header, f"    x, y = {x}, {y}", "    sx, sy = x.shape, y.shape",
             f"    m, k, n = {prod('sx', fx)}, {prod('sx', cx)}, {prod('sy', fy)}",
             f"    x2 = np.ascontiguousarray(np.transpose(x * 1.0, ({', '.join(map(str, fx + cx))},))).reshape((m, k))",
             f"    y2 = np.ascontiguousarray(np.transpose(y * 1.0, ({', '.join(map(str, cy + fy))},))).reshape((k, n))",
             "    out = np.dot(x2, y2)"]
    if not free:
        lines.append("    return out[0, 0]")
    elif order is None:
        lines.append(f"    return out.reshape(({', '.join(free)},))")
    else:
        lines.append(f"    return np.ascontiguousarray(np.transpose(out.reshape(({', '.join(free)},)), "
                     f"({', '.join(map(str, order))},)))")
    return "\n".join(lines) + "\n"


def _contracted(nx, ny, axes):
    """(contracted axes of x, of y) for ``np.tensordot(x, y, axes)`` with a constant ``axes``: one
    integer, or (``tensordot_axes``) the text of a pair of axes or of lists of axes."""
    value = 2 if isinstance(axes, types.Omitted) and axes.value is None else literal(axes, None)
    if isinstance(value, int) and not isinstance(value, bool):
        return _tensordot_axes(nx, ny, value)
    if not isinstance(value, str):
        refuse("np.tensordot's axes must be a constant: an integer or a pair of axes lists written in "
               "the call (`axes=([1, 0], [0, 1])`, not a variable); or write the contraction with np.einsum")
    cx, cy = ([p] if isinstance(p, int) else list(p) for p in json.loads(value))
    if len(cx) != len(cy) or not all(-nx <= i < nx for i in cx) or not all(-ny <= i < ny for i in cy):
        refuse("np.tensordot's axes do not match the arrays' dimensions")
    return [i % nx for i in cx], [i % ny for i in cy]


def tensordot_axes(a, b, axes):
    """``np.tensordot(a, b, axes)`` with a pair of axes lists written as JSON text (``"[[1, 0], [0, 1]]"``):
    the jit stage's form of a constant display, as numba types a string constant as a constant
    (a tuple or list display it does not)."""
    return np.tensordot(a, b, axes=json.loads(axes))


def tensordot_grad_axes(g, a, b, axes, left=True):
    """``tensordot_grad`` with its ``axes`` written as text (``tensordot_axes``)."""
    return rt.tensordot_grad(g, a, b, json.loads(axes), left)


@overload(np.tensordot)
def _ov_tensordot(a, b, axes=2):
    if not (is_array(a) and is_array(b)):
        return None
    cx, cy = _contracted(a.ndim, b.ndim, axes)
    return gen(_contract_source(a.ndim, b.ndim, cx, cy, header="def contract(a, b, axes=2):", x="a", y="b"),
               "contract")


overload(tensordot_axes)(_ov_tensordot)


@helper(rt.tensordot_grad)
def _ov_tensordot_grad_int(g, a, b, axes=2, left=True):
    if not (is_array(a) and is_array(b)):
        return None
    side = constant(left, "tensordot_grad's `left`")
    xa, xb = _contracted(a.ndim, b.ndim, axes)
    fa = [i for i in range(a.ndim) if i not in xa]
    fb = [i for i in range(b.ndim) if i not in xb]
    if side:
        order = list(np.argsort(fa + [xa[xb.index(i)] for i in sorted(xb)]))
        other, cx, cy = "b", list(range(len(fa), len(fa) + len(fb))), fb
    else:
        order = list(np.argsort([xb[xa.index(i)] for i in sorted(xa)] + fb))
        other, cx, cy = "a", fa, list(range(len(fa)))
    if not is_array(g):      # a full contraction: the other operand times g, in this operand's axis order
        src = (f"def grad(g, a, b, axes=2, left=True):\n    return np.ascontiguousarray(np.transpose({other} * g, "
               f"({', '.join(map(str, order))},)))\n")
        return gen(src, "grad")
    header = "def contract(g, a, b, axes=2, left=True):"
    return gen(_contract_source(g.ndim, b.ndim, cx, cy, tuple(order), header, "g", "b") if side else
               _contract_source(a.ndim, g.ndim, cx, cy, tuple(order), header, "a", "g"), "contract")


overload(tensordot_grad_axes)(_ov_tensordot_grad_int)
AXES_AS_TEXT = {np.tensordot: (tensordot_axes, 2), rt.tensordot_grad: (tensordot_grad_axes, 3)}
"""function -> (its stand-in taking the axes as text, the axes' position): numba_lower calls the
stand-in where ``axes`` is a display of constant axes lists."""
