"""``np.maximum.at``, ``np.minimum.at``, ``np.fmax.at``, ``np.fmin.at`` and ``np.multiply.at`` as values
(the frontend's ``frontend/inplace.py`` writes ``np.maximum.at(a, i, v)`` as
``a[...] = ufunc_at(a, i, v, "maximum")``), with their derivatives.

NumPy applies the ufunc once per index, one after the other: for a position ``p`` written by the
items ``j1 < j2 < ...`` of ``v`` (broadcast to the indexed shape), the result is
``f(...f(f(a[p], v[j1]), v[j2])...)``. The derivatives follow that chain exactly:

* maximum/minimum (and fmax/fmin): each step is ``np.maximum(x, y)``, whose rule (``grads_elementwise``)
  gives the derivative to ``x`` when ``x >= y`` (minimum: ``x <= y``), else to ``y`` (at a NaN: to the
  NaN for maximum/minimum, to the other value for fmax/fmin, as their values are chosen). So the result
  at ``p`` has one *source*: ``a[p]`` or one item of ``v``, found by replaying the steps (``_sources``).
* multiply: the result is ``a[p] * v[j1] * v[j2] ...``; the derivative in ``a[p]`` is the product of the
  ``v`` items written there, in ``v[j]`` it is ``a[p]`` times the product of the *other* items (taken as a
  product before and one after ``j``: no division, exact at zeros: ``_products``).

Invariant: the positions are NumPy's own (``np.arange(a.size).reshape(a.shape)[indices]``: any index
NumPy's ``ufunc.at`` takes), the gradient of ``v`` is summed back to ``v``'s shape (``unbroadcast``).
The numba versions (``backends/numba_helpers/numba_rules_ufunc_at.py``) compile ``_sources`` and
``_products`` themselves.
"""
import numpy as np

from .runtime import _public, unbroadcast

OPS = ("maximum", "minimum", "fmax", "fmin", "multiply")


def _positions(a, indices, v):
    """The flat positions ``indices`` reaches in ``a`` (C order) and ``v`` broadcast to them, both raveled,
    and the shape of the indexed part."""
    pos = np.arange(np.size(a)).reshape(np.shape(a))[indices]
    vb = np.broadcast_to(np.asarray(v, dtype=float), np.shape(pos))
    return np.ravel(pos), np.ravel(vb), np.shape(pos)


def _sources(af, pos, vf, upper, fnan):
    """For each flat position of ``a``: -1 when the result there is ``a``'s own value, else the item of
    ``vf`` it came from (the steps of ``np.maximum.at`` (``upper``) or ``np.minimum.at`` replayed; with
    ``fnan``, those of ``np.fmax.at``/``np.fmin.at``, which keep the value that is not NaN, where
    ``np.maximum``/``np.minimum`` keep the NaN)."""
    r = af.copy()
    src = np.full(af.size, -1, np.int64)
    for j in range(pos.size):
        p = pos[j]
        keep = r[p] >= vf[j] if upper else r[p] <= vf[j]
        keep = keep or (vf[j] != vf[j] if fnan else r[p] != r[p])
        if not keep:
            src[p] = j
            r[p] = vf[j]
    return src


def _products(pos, vf, size):
    """``(total, others)``: the product of the items written at each position, and for each item the
    product of the other items written at its position (before it times after it)."""
    total = np.ones(size)
    others = np.empty(vf.size)
    for j in range(pos.size):
        others[j] = total[pos[j]]
        total[pos[j]] *= vf[j]
    after = np.ones(size)
    for j in range(pos.size - 1, -1, -1):
        others[j] *= after[pos[j]]
        after[pos[j]] *= vf[j]
    return total, others


@_public
def ufunc_at(a, indices, v, op):
    """A copy of ``a`` with ``getattr(np, op).at(copy, indices, v)`` applied (NumPy's own values)."""
    out = np.array(a, copy=True)
    getattr(np, op).at(out, indices, v)
    return out


def _parts(g, a, indices, v):
    """``a``, the positions, ``v`` broadcast to them and ``g``, raveled as floats; the indexed shape."""
    pos, vf, shape = _positions(a, indices, v)
    return np.ravel(np.asarray(a, dtype=float)), pos, vf, np.ravel(np.asarray(g, dtype=float)), shape


@_public
def ufunc_at_grad_a(g, a, indices, v, op):
    """The gradient of ``a`` in ``ufunc_at(a, indices, v, op)`` for the incoming gradient ``g``."""
    af, pos, vf, gf, _ = _parts(g, a, indices, v)
    if op == "multiply":
        return (gf * _products(pos, vf, af.size)[0]).reshape(np.shape(a))
    src = _sources(af, pos, vf, op in ("maximum", "fmax"), op in ("fmax", "fmin"))
    return np.where(src < 0, gf, 0.0).reshape(np.shape(a))


@_public
def ufunc_at_grad_v(g, a, indices, v, op):
    """The gradient of ``v`` in ``ufunc_at(a, indices, v, op)``, summed to ``v``'s shape."""
    af, pos, vf, gf, shape = _parts(g, a, indices, v)
    if op == "multiply":
        gv = gf[pos] * af[pos] * _products(pos, vf, af.size)[1]
    else:
        src = _sources(af, pos, vf, op in ("maximum", "fmax"), op in ("fmax", "fmin"))
        gv = np.where(src[pos] == np.arange(pos.size), gf[pos], 0.0)
    return unbroadcast(gv.reshape(shape), v)


@_public
def ufunc_at_tangent(ta, tv, a, indices, v, op):
    """The tangent of ``ufunc_at(a, indices, v, op)`` for the tangents ``ta`` of ``a`` and ``tv`` of ``v``."""
    af = np.ravel(np.asarray(a, dtype=float))
    pos, vf, shape = _positions(a, indices, v)
    taf = np.ravel(np.broadcast_to(np.asarray(ta, dtype=float), np.shape(a)))
    tvb = np.ravel(np.broadcast_to(np.asarray(tv, dtype=float), shape))
    if op == "multiply":
        total, others = _products(pos, vf, af.size)
        out = taf * total
        np.add.at(out, pos, af[pos] * others * tvb)
    else:
        src = _sources(af, pos, vf, op in ("maximum", "fmax"), op in ("fmax", "fmin"))
        out = np.where(src < 0, taf, tvb[np.maximum(src, 0)] if tvb.size else 0.0)
    return out.reshape(np.shape(a))


# ---- the tangents of the two gradients (hvp: forward over reverse) ----------------------------
def _others_tangent(pos, vf, tvf, size):
    """The change of ``_products``'s ``others`` along the tangent ``tvf`` of the items: the same two
    sweeps on dual numbers (no division: exact at zeros)."""
    total, dtotal = np.ones(size), np.zeros(size)
    others, dothers = np.empty(vf.size), np.empty(vf.size)
    for j in range(pos.size):
        p = pos[j]
        others[j], dothers[j] = total[p], dtotal[p]
        dtotal[p] = dtotal[p] * vf[j] + total[p] * tvf[j]
        total[p] *= vf[j]
    after, dafter = np.ones(size), np.zeros(size)
    for j in range(pos.size - 1, -1, -1):
        p = pos[j]
        dothers[j] = dothers[j] * after[p] + others[j] * dafter[p]
        others[j] *= after[p]
        dafter[p] = dafter[p] * vf[j] + after[p] * tvf[j]
        after[p] *= vf[j]
    return dothers


@_public
def ufunc_at_grad_a_tangent(tg, tv, g, a, indices, v, op):
    """The tangent of ``ufunc_at_grad_a(g, a, indices, v, op)``: linear in ``g`` and, for the extremes,
    piecewise constant in ``a`` and ``v``; for multiply ``g`` times the product of the items, whose
    change is ``ufunc_at_tangent``'s with ``g`` in place of ``a``."""
    if op == "multiply":
        return ufunc_at_tangent(tg, tv, np.broadcast_to(np.asarray(g, dtype=float), np.shape(a)), indices, v, op)
    return ufunc_at_grad_a(tg, a, indices, v, op)


@_public
def ufunc_at_grad_v_tangent(tg, ta, tv, g, a, indices, v, op):
    """The tangent of ``ufunc_at_grad_v(g, a, indices, v, op)``: linear in ``g`` and, for the extremes,
    piecewise constant in ``a`` and ``v``; for multiply ``(g a)[p]`` times the product of the other
    items, each factor changing."""
    if op != "multiply":
        return ufunc_at_grad_v(tg, a, indices, v, op)
    af, pos, vf, gf, shape = _parts(g, a, indices, v)
    taf = np.ravel(np.broadcast_to(np.asarray(ta, dtype=float), np.shape(a)))
    tgf = np.ravel(np.broadcast_to(np.asarray(tg, dtype=float), np.shape(a)))
    tvf = np.ravel(np.broadcast_to(np.asarray(tv, dtype=float), shape))
    others = _products(pos, vf, af.size)[1]
    dh = tgf * af + gf * taf
    gv = dh[pos] * others + (gf * af)[pos] * _others_tangent(pos, vf, tvf, af.size)
    return unbroadcast(gv.reshape(shape), v)
