"""``np.quantile``/``np.percentile`` over one integer ``axis`` under ``jit=True``: value and gradient.

numba's own ``np.quantile``/``np.percentile`` take no ``axis`` (and ``numba_rules_stats``'s gradient
helpers reduce the whole array). Over a constant integer ``axis`` with a number ``q``, the array's
lines along the axis are moved last, as the rows of a C-contiguous ``(m, n)`` matrix; each row's
quantile is numba's own (NumPy's default method, 'linear'), and the result has NumPy's shape (the
axis removed, or kept as 1 with ``keepdims=True``). The gradient sends each row's ``g`` to the two
order statistics the row's quantile interpolates (a stable sort: the first of equal values), as
``rules.runtime_stats.quantile_grad`` does.

Invariant: the same numbers as NumPy and as the ``jit=False`` helpers; the other forms (``q`` an
array, a tuple of axes, an axis in a variable, ``q`` differentiated along an axis) are refused at
typing time, which ``jit=True`` reports as a located ``JitError``.
"""
import numpy as np
from numba import types
from numba.extending import overload

from .numba_rules_base import constant, flat, gen, is_array, is_none, refuse
from .numba_rules_stats import _quantile_piece


def _layout(a, q, axis, keepdims, what):
    """(the permutation moving ``axis`` last, the axis, the result's shape as source text)."""
    if not is_array(a) or not isinstance(q, (types.Number, types.Boolean)):
        refuse(f"{what} over an axis takes an array and one number `q` (write one call per quantile)")
    k = constant(axis, f"the axis of {what}")
    if not isinstance(k, int) or isinstance(k, bool) or not -a.ndim <= k < a.ndim:
        refuse(f"the axis of {what} must be one integer within the array's dimensions")
    k %= a.ndim
    keep = bool(constant(keepdims, f"keepdims of {what}")) if not is_none(keepdims) else False
    rest = [i for i in range(a.ndim) if i != k]
    dims = ["1" if i == k else f"a.shape[{i}]" for i in range(a.ndim)] if keep else [f"a.shape[{i}]" for i in rest]
    return rest + [k], k, dims


_ROWS = """    x = np.ascontiguousarray(np.transpose(a * 1.0, ({perm},)))
    n = a.shape[{k}]
    m = x.size // n if n else 0
    rows = x.reshape((m, n))
"""


def _value(name):
    def typer(a, q, axis=None, keepdims=False):
        if is_none(axis):
            return None            # numba's own, over the whole array
        perm, k, dims = _layout(a, q, axis, keepdims, f"np.{name}")
        end = "    return out[0]\n" if not dims else f"    return out.reshape(({', '.join(dims)},))\n"
        src = (f"def {name}_axis(a, q, axis=None, keepdims=False):\n" + _ROWS.format(perm=", ".join(map(str, perm)), k=k)
               + f"    out = np.empty(m)\n    for i in range(m):\n        out[i] = np.{name}(rows[i], q)\n" + end)
        return gen(src, f"{name}_axis")
    return typer


overload(np.quantile)(_value("quantile"))
overload(np.percentile)(_value("percentile"))


def grad_over_axis(g, a, q, axis, keepdims, scale):
    """The numba implementation of ``rt.quantile_grad`` over one integer axis, for these argument
    types (numba_rules_stats's overload returns it: the axis is a constant only there)."""
    perm, k, _ = _layout(a, q, axis, keepdims, "np.quantile/np.percentile")
    back = ", ".join(map(str, np.argsort(perm)))
    moved = ", ".join(f"a.shape[{i}]" for i in perm)
    src = ("def quantile_grad(g, a, q, axis=None, keepdims=False, scale=1.0):\n"
           + _ROWS.format(perm=", ".join(map(str, perm)), k=k)
           + "    gs = flat(g)\n    w = np.zeros((m, n))\n"
           "    lo, hi, frac = piece(n, q / scale)\n"
           "    for i in range(m):\n        order = np.argsort(rows[i], kind='mergesort')\n"
           "        w[i, order[lo]] += (1.0 - frac) * gs[i]\n        w[i, order[hi]] += frac * gs[i]\n"
           f"    return np.ascontiguousarray(np.transpose(w.reshape(({moved},)), ({back},)))\n")
    return gen(src, "quantile_grad", {"piece": _quantile_piece, "flat": flat})
