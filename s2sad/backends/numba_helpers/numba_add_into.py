"""``add_into(b, index, v)``: ``b[index] += v`` by explicit loops (first-call compile time);
``sub_into`` for ``-=`` and ``store_into`` for ``=`` alike.

The fallback branches of fused loops (:mod:`s2sad.backends.outline`) add a gradient into a
slice, ``b_icf[:, :d] += b_qdiag * qdiag``, where the operand may broadcast. numba compiles
``b[index] += v`` as a get, an in-place ufunc and a broadcasting slice assignment with its
shape-mismatch message: about 2 s of compile per statement (GMM's two ``b_icf[:, :d] += ...``),
linked into the adjoint and optimised again there. ``add_into`` does the same with one loop
nest per (rank of the view, rank of ``v``), compiled once and shared.

Invariant (what makes it compute what ``b[index] += v`` computes, else it does exactly that):

* ``index`` is basic (integers and slices), so ``b[index]`` is a view of ``b`` and writing
  into it writes into ``b``; ``b`` and ``v`` hold float64 (else ``b[index] += v`` as written);
* ``v`` broadcasts to the view's shape: each of its dimensions, aligned on the right, is the
  view's or 1, and it has no more dimensions than the view; else ValueError, as NumPy's (an empty
  ``v`` into an empty view adds nothing whatever their shapes: numba's adjoint of an empty list of
  arrays, ``rows(x)``, cannot know its items' shape and is ``(0, 0)``);
* ``v`` does not share memory with ``b`` (else it is copied first, as NumPy does);
* element ``i`` of the view gets ``+ v[j]`` once, ``j`` the broadcast element: the same
  floating-point addition, so the same bits.
"""
import numba
import numpy as np
from numba import types
from numba.extending import overload

from .numba_support import gen, idx, ndim

MESSAGE = "operands could not be broadcast together (s2sad jit: add_into)"


def add_into(b, index, v):
    """``b[index] += v`` (with ``jit=False`` and where numba's overload does not apply)."""
    b[index] += v


def sub_into(b, index, v):
    """``b[index] -= v`` (with ``jit=False`` and where numba's overload does not apply)."""
    b[index] -= v


def store_into(b, index, v):
    """``b[index] = v`` (with ``jit=False`` and where numba's overload does not apply)."""
    b[index] = v


@numba.njit(cache=True)
def overlap(a, b):
    """True if the memory of arrays ``a`` and ``b`` may overlap (their address ranges meet)."""
    if a.size == 0 or b.size == 0:
        return False
    alo = ahi = a.ctypes.data
    for k in range(a.ndim):
        step = (a.shape[k] - 1) * a.strides[k]
        alo, ahi = alo + min(step, 0), ahi + max(step, 0)
    blo = bhi = b.ctypes.data
    for k in range(b.ndim):
        step = (b.shape[k] - 1) * b.strides[k]
        blo, bhi = blo + min(step, 0), bhi + max(step, 0)
    return alo <= bhi + b.itemsize - 1 and blo <= ahi + a.itemsize - 1


def _basic(index):
    items = index.types if isinstance(index, types.BaseTuple) else (index,)
    return all(isinstance(t, (types.Integer, types.SliceType)) for t in items)


def _float64(t):
    return isinstance(t, types.Array) and t.dtype == types.float64 or t == types.float64


def _source(n, m, name, op):
    """The loop nest for a view of rank ``n`` and an operand of rank ``m <= n``."""
    lead = n - m
    lines = [f"def {name}(b, index, v):", "    w = b[index]"]
    if m:    # an empty view takes nothing: the adjoint of an empty list of arrays is (0, 0) (rows)
        lines += ["    if w.size == 0 and v.size == 0:", "        return"]
        lines += ["    if overlap(b, v):", "        v = v.copy()", "    ws = w.shape", "    vs = v.shape"]
        lines += [f"    if vs[{k}] != ws[{k + lead}] and vs[{k}] != 1:\n        raise ValueError(MESSAGE)"
                  for k in range(m)]
    ind = "    "
    for k in range(n):
        lines.append(f"{ind}for i{k} in range(w.shape[{k}]):")
        ind += "    "
    j = [f"0 if vs[{k}] == 1 else i{k + lead}" for k in range(m)]
    value = f"v[{idx(j)}]" if m else "v"
    lines.append(f"{ind}w[{idx([f'i{k}' for k in range(n)])}] {op} {value}")
    return "\n".join(lines) + "\n"


def _overload(name, op, generic):
    def typer(b, index, v):
        if not isinstance(b, types.Array) or not _float64(b) or not _float64(v) or not _basic(index):
            return generic
        items = index.types if isinstance(index, types.BaseTuple) else (index,)
        n = b.ndim - sum(isinstance(t, types.Integer) for t in items)
        if n <= 0 or ndim(v) > n:
            return generic
        return gen(_source(n, ndim(v), name, op), name, {"np": np, "MESSAGE": MESSAGE, "overlap": overlap}, __name__)
    return typer


def _generic_add(b, index, v):
    b[index] += v


def _generic_sub(b, index, v):
    b[index] -= v


def _generic_store(b, index, v):
    b[index] = v


overload(add_into, jit_options={"boundscheck": True})(_overload("add_into", "+=", _generic_add))
overload(sub_into, jit_options={"boundscheck": True})(_overload("sub_into", "-=", _generic_sub))
overload(store_into, jit_options={"boundscheck": True})(_overload("store_into", "=", _generic_store))
