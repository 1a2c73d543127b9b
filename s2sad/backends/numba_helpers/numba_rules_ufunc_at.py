"""numba versions of ``ufunc_at`` (``np.maximum.at``, ``np.minimum.at``, ``np.fmax.at``, ``np.fmin.at``,
``np.multiply.at`` as values), its gradients and its tangent (:mod:`s2sad.rules.runtime_ufunc_at`),
and of ``put_index`` (``np.put``).

The replays of the steps (``_sources``, ``_products``) are the Python module's own functions,
compiled. Invariant: the same values and derivatives as the Python versions, for a float array
``a`` indexed by one integer array (numba takes one advanced index); any other form raises
``TypingError``, which ``jit=True`` reports as a located ``JitError``.
"""
import numpy as np
from numba import njit, types
from numba.extending import register_jitable

from ...errors import RefusedValuesError
from ...rules import runtime as rt
from ...rules import runtime_ufunc_at as at
from .numba_rules_base import gen, helper, is_array, refuse
from .numba_rules_index import _unravel

_sources = njit(at._sources)
_products = njit(at._products)
_others_tangent = njit(at._others_tangent)


def _form(a, indices, what):
    if not (is_array(a) and isinstance(a.dtype, types.Float) and is_array(indices)
            and isinstance(indices.dtype, types.Integer)):
        refuse(f"{what} is compiled for a float array indexed by one array of integers, not {a} and {indices}")


@register_jitable
def _positions(a, indices, v):
    pos = np.arange(a.size).reshape(a.shape)[indices]
    vb = np.empty(pos.shape)
    vb[...] = v
    return pos.ravel(), vb.ravel(), pos.shape


@register_jitable
def _parts(g, a, indices, v):
    pos, vf, shape = _positions(a, indices, v)
    return a.ravel().astype(np.float64), pos, vf, np.ascontiguousarray(g).ravel() * np.ones(a.size), shape


@register_jitable
def _step(r, w, op):
    if op == "maximum":
        return np.maximum(r, w)
    if op == "minimum":
        return np.minimum(r, w)
    if op == "fmax":
        return np.fmax(r, w)
    if op == "fmin":
        return np.fmin(r, w)
    return r * w


@helper(rt.ufunc_at)
def _ov_ufunc_at(a, indices, v, op):
    _form(a, indices, "np.maximum.at (minimum, fmax, fmin, multiply)")

    def ufunc_at(a, indices, v, op):
        out = a.copy()
        flat = out.reshape(-1)
        pos, vf, _ = _positions(a, indices, v)
        for j in range(pos.size):
            flat[pos[j]] = _step(flat[pos[j]], vf[j], op)
        return out
    return ufunc_at


@helper(rt.ufunc_at_grad_a)
def _ov_ufunc_at_grad_a(g, a, indices, v, op):
    _form(a, indices, "the gradient of np.maximum.at (minimum, fmax, fmin, multiply)")

    def ufunc_at_grad_a(g, a, indices, v, op):
        af, pos, vf, gf, _ = _parts(g, a, indices, v)
        if op == "multiply":
            out = gf * _products(pos, vf, af.size)[0]
        else:
            out = np.where(_sources(af, pos, vf, op == "maximum" or op == "fmax", op == "fmax" or op == "fmin") < 0, gf, 0.0)
        return out.reshape(a.shape)
    return ufunc_at_grad_a


@helper(rt.ufunc_at_grad_v)
def _ov_ufunc_at_grad_v(g, a, indices, v, op):
    _form(a, indices, "the gradient of np.maximum.at (minimum, fmax, fmin, multiply)")

    def ufunc_at_grad_v(g, a, indices, v, op):
        af, pos, vf, gf, shape = _parts(g, a, indices, v)
        if op == "multiply":
            gv = gf[pos] * af[pos] * _products(pos, vf, af.size)[1]
        else:
            src = _sources(af, pos, vf, op == "maximum" or op == "fmax", op == "fmax" or op == "fmin")
            gv = np.where(src[pos] == np.arange(pos.size), gf[pos], 0.0)
        return rt.unbroadcast(gv.reshape(shape), v)
    return ufunc_at_grad_v


@helper(rt.ufunc_at_tangent)
def _ov_ufunc_at_tangent(ta, tv, a, indices, v, op):
    _form(a, indices, "the tangent of np.maximum.at (minimum, fmax, fmin, multiply)")

    def ufunc_at_tangent(ta, tv, a, indices, v, op):
        af = a.ravel().astype(np.float64)
        pos, vf, _ = _positions(a, indices, v)
        taf = np.empty(a.shape)
        taf[...] = ta
        taf = taf.ravel()
        tvb = _positions(a, indices, tv)[1]
        out = np.empty(af.size)
        if op == "multiply":
            total, others = _products(pos, vf, af.size)
            out[:] = taf * total
            for j in range(pos.size):
                out[pos[j]] += af[pos[j]] * others[j] * tvb[j]
        else:
            src = _sources(af, pos, vf, op == "maximum" or op == "fmax", op == "fmax" or op == "fmin")
            for p in range(af.size):
                out[p] = taf[p] if src[p] < 0 else tvb[src[p]]
        return out.reshape(a.shape)
    return ufunc_at_tangent


@register_jitable
def _spread(t, shape):
    """``t`` (a number or an array broadcast to ``shape``) as a fresh raveled float array."""
    out = np.empty(shape)
    out[...] = t
    return out.ravel()


@helper(rt.ufunc_at_grad_a_tangent)
def _ov_ufunc_at_grad_a_tangent(tg, tv, g, a, indices, v, op):
    _form(a, indices, "the second derivative of np.maximum.at (minimum, fmax, fmin, multiply)")

    def ufunc_at_grad_a_tangent(tg, tv, g, a, indices, v, op):
        if op != "multiply":
            return rt.ufunc_at_grad_a(tg, a, indices, v, op)
        return rt.ufunc_at_tangent(tg, tv, _spread(g, a.shape).reshape(a.shape), indices, v, op)
    return ufunc_at_grad_a_tangent


@helper(rt.ufunc_at_grad_v_tangent)
def _ov_ufunc_at_grad_v_tangent(tg, ta, tv, g, a, indices, v, op):
    _form(a, indices, "the second derivative of np.maximum.at (minimum, fmax, fmin, multiply)")

    def ufunc_at_grad_v_tangent(tg, ta, tv, g, a, indices, v, op):
        if op != "multiply":
            return rt.ufunc_at_grad_v(tg, a, indices, v, op)
        af, pos, vf, gf, shape = _parts(g, a, indices, v)
        taf, tgf = _spread(ta, a.shape), _spread(tg, a.shape)
        tvf = _positions(a, indices, tv)[1]
        dh = tgf * af + gf * taf
        h = gf * af
        gv = dh[pos] * _products(pos, vf, af.size)[1] + h[pos] * _others_tangent(pos, vf, tvf, af.size)
        return rt.unbroadcast(gv.reshape(shape), v)
    return ufunc_at_grad_v_tangent


@register_jitable
def _put_flat(n, ind, v, mode):
    """The flat positions ``np.put`` writes (NumPy's checks)."""
    flat = np.asarray(ind).ravel().astype(np.int64)
    if np.asarray(v).size != 1 and np.asarray(v).size != flat.size:
        raise RefusedValuesError("np.put with as many values as indices, or one value, is compiled "
                                 "(NumPy repeats the values): give one value or one per index (np.resize(v, len(ind)))")
    for k in range(flat.size):
        if mode == "wrap":
            flat[k] = flat[k] % n
        elif mode == "clip":
            flat[k] = min(max(flat[k], 0), n - 1)
        elif flat[k] < -n or flat[k] >= n:
            raise IndexError("index out of range for array")
        elif flat[k] < 0:
            flat[k] += n
    return flat


@helper(rt.put_index)
def _ov_put_index(a, ind, v, mode="raise"):
    items = ind.dtype if is_array(ind) or isinstance(ind, (types.List, types.UniTuple)) else ind
    if not (is_array(a) and isinstance(items, types.Integer)):
        refuse(f"np.put of {a} at the indices {ind}")
    src = f"""
def put_index(a, ind, v, mode="raise"):
    flat = _put_flat(a.size, ind, v, mode)
    s = a.shape
    return ({_unravel(a.ndim)},)
"""
    return gen(src, "put_index", {"_put_flat": _put_flat})
