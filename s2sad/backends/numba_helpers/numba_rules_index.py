"""numba versions of the helpers of writes through index arrays (:mod:`s2sad.rules.runtime_index_writes`):
``last_write_grad`` (``y[idx] = v`` keeps the last of repeated writes), ``scattered`` and
``gathered`` (``np.add.at``), ``diagonal_index`` (``np.fill_diagonal``), and the index forms of
``add_at`` the core overload leaves out (``None`` in a tuple, several index arrays, a boolean mask of
2 or more dimensions, a list index: through ``numba_list_index.array_index``).

``mask_get``/``mask_set``: ``a[m]`` and ``a[m] = v`` (the jit stage, ``numba_lower``, calls them where
``m`` is an array of 2 or more dimensions): numba indexes only with a 1-d boolean mask, so a mask of
``a``'s own shape (``X[X > 0]``) goes through ``a``'s elements in C order, as NumPy selects them.
"""
import numpy as np
from numba import types
from numba.extending import overload

from ...errors import NoDerivativeError
from ...rules import runtime as rt
from .numba_list_index import array_index, has_list
from .numba_rules_base import gen, helper, is_array, refuse


# ------------------------------------------------------------ writes through index arrays
def _index_parts(idx):
    return list(idx.types) if isinstance(idx, types.BaseTuple) else [idx]


def _basic(parts):
    return all(isinstance(p, (types.Integer, types.SliceType, types.NoneType, types.EllipsisType)) for p in parts)


def _core_add_at(idx):
    """True for the index forms the core ``add_at`` overload handles (numba_runtime)."""
    if isinstance(idx, types.Integer):
        return True
    if isinstance(idx, types.BaseTuple):
        return all(isinstance(t, (types.Integer, types.SliceType)) for t in idx)
    return is_array(idx) and idx.ndim == 1 and isinstance(idx.dtype, (types.Integer, types.Boolean))


def _advanced(b, parts, what):
    arrays = [p for p in parts if is_array(p)]
    if not is_array(b) or not arrays or \
            any(not isinstance(p.dtype, types.Integer) for p in arrays) or \
            not all(is_array(p) or isinstance(p, (types.Integer, types.SliceType, types.NoneType)) for p in parts):
        refuse(f"{what} with an index of type {parts}")
    return max(p.ndim for p in arrays)


def _full_mask(a, m):
    """``m`` is a boolean mask of ``a``'s rank, 2 or more (numba takes only 1-d masks)."""
    return is_array(a) and is_array(m) and isinstance(m.dtype, types.Boolean) and m.ndim >= 2 and m.ndim == a.ndim


def mask_get(a, m):
    """``a[m]``."""
    return a[m]


def mask_set(a, m, v):
    """``a[m] = v``."""
    a[m] = v


@overload(mask_get)
def _ov_mask_get(a, m):
    if _full_mask(a, m):
        return lambda a, m: np.ravel(a)[np.ravel(m)]
    return lambda a, m: a[m]


def _each_selected(what, a, m, v, array):
    """Source of ``each(a, m, v)`` doing ``a[i] {what} v_j`` for the j-th element ``i`` that the mask
    ``m`` selects (C order); ``v`` a number, or (``array``) one value per selected element or one value."""
    value = "vf[j if vf.size > 1 else 0]" if array else v
    ravel = (f"    vf = np.ravel({v})\n    if vf.size != 1 and vf.size != np.count_nonzero({m}):\n"
             f"        raise ValueError('boolean mask assignment: the values do not match the elements selected')\n"
             if array else "")
    return f"""
def each({a}, {m}, {v}):
{ravel}    j = 0
    for i in np.ndindex({a}.shape):
        if {m}[i]:
            {a}[i] {what} {value}
            j += 1
"""


@overload(mask_set)
def _ov_mask_set(a, m, v):
    if _full_mask(a, m):
        return gen(_each_selected("=", "a", "m", "v", is_array(v)), "each")

    def plain(a, m, v):
        a[m] = v
    return plain


@overload(rt.add_at)
def _ov_add_at_more(b, idx, g):
    """``b[idx] += g`` counting repeats, for ``None`` in a tuple or several index arrays."""
    if _core_add_at(idx):
        return None
    if has_list(idx):
        return lambda b, idx, g: rt.add_at(b, array_index(idx), g)
    if _full_mask(b, idx):
        return gen(_each_selected("+=", "b", "idx", "g", is_array(g)), "each")
    parts = _index_parts(idx)
    if _basic(parts):
        def add_at_basic(b, idx, g):
            b[idx] += g
        return add_at_basic
    _advanced(b, parts, "indexed gradient accumulation")
    if b.layout != "C":     # a transposed gradient (`S.T[1]` read too): no flat view of it
        return gen(f"""
def add_at(b, idx, g):
    s = b.shape
    pos = np.arange(b.size).reshape(s)[idx]
    vals = np.empty(pos.shape)
    vals[...] = g
    pf, vf = pos.reshape(pos.size), vals.reshape(vals.size)
    for k in range(pf.size):
        flat = pf[k]
        b[{_unravel(b.ndim)}] += vf[k]
""", "add_at")

    def add_at(b, idx, g):
        pos = np.arange(b.size).reshape(b.shape)[idx]
        vals = np.empty(pos.shape)
        vals[...] = g
        flat, pf, vf = b.reshape(b.size), pos.reshape(pos.size), vals.reshape(vals.size)
        for k in range(pf.size):
            flat[pf[k]] += vf[k]
    return add_at


@helper(rt.last_write_grad)
def _ov_last_write_grad(b, idx):
    if has_list(idx):                     # b[[k, p]] = v: the list read as NumPy reads it
        return lambda b, idx: rt.last_write_grad(b, array_index(idx))
    parts = _index_parts(idx)
    if _basic(parts):
        return lambda b, idx: b[idx] * 1.0
    if _full_mask(b, idx):
        return lambda b, idx: np.ravel(b)[np.ravel(idx)]
    if is_array(idx) and isinstance(idx.dtype, types.Boolean):
        return lambda b, idx: b[idx]          # a mask selects each element once
    multi = _advanced(b, parts, "an assignment") > 1

    def last_write_grad(b, idx):
        pos = np.arange(b.size).reshape(b.shape)[idx]
        out = np.ascontiguousarray(b[idx])
        pf, of = pos.reshape(pos.size), out.reshape(out.size)
        seen = np.zeros(b.size, np.bool_)
        for k in range(pf.size - 1, -1, -1):
            if not seen[pf[k]]:
                seen[pf[k]] = True
            elif multi:
                raise NoDerivativeError("an assignment y[idx] = v through a multi-dimensional index array "
                                        "writes one element twice, and NumPy does not define which write is "
                                        "kept; s2sad cannot differentiate it")
            else:
                of[k] = 0.0
        return out
    return last_write_grad


@helper(rt.scattered)
def _ov_scattered(a, indices, v):
    ints = is_array(a) and isinstance(a.dtype, types.Integer) and \
        isinstance(v.dtype if is_array(v) else v, types.Integer)
    kind = np.int64 if ints else np.float64

    def scattered(a, indices, v):
        out = np.zeros(a.shape, kind)
        rt.add_at(out, indices, v)
        return out
    return scattered


@helper(rt.added_at)
def _ov_added_at(a, indices, v, sign=1.0):
    """A copy of ``a`` with ``v`` added (``sign`` -1.0: subtracted) at ``indices`` in order, as NumPy does."""
    def added_at(a, indices, v, sign=1.0):
        out = a.copy()
        rt.add_at(out, indices, v * sign)
        return out
    return added_at


@helper(rt.gathered)
def _ov_gathered(g, indices, v):
    return lambda g, indices, v: rt.unbroadcast(g[indices], v)


def _unravel(nd):
    """Source of the index of C-order position ``flat`` in an array of ``nd`` dimensions and shape ``s``."""
    strides = [" * ".join(["1"] + [f"s[{j}]" for j in range(k + 1, nd)]) for k in range(nd)]
    return ", ".join(f"(flat // ({stride})) % s[{k}]" for k, stride in enumerate(strides))


@helper(rt.diagonal_index)
def _ov_diagonal_index(a, wrap=False):
    if not is_array(a) or a.ndim < 2:
        refuse("np.fill_diagonal of an array with fewer than 2 dimensions")
    nd = a.ndim
    src = f"""
def diagonal_index(a, wrap=False):
    s = a.shape
    if {nd} == 2:
        step = s[1] + 1
        end = s[0] * s[1] if wrap else min(s[0] * s[1], s[1] * s[1])
    else:
        step, stride = 1, 1
        for k in range({nd - 1}):
            stride *= s[k]
            step += stride
        end = a.size
    flat = np.arange(0, end, step)
    return ({_unravel(nd)},)
"""
    return gen(src, "diagonal_index")


@helper(rt.along_axis_index)
def _ov_along_axis_index(a, indices, axis):
    """NumPy's index arrays of ``np.put_along_axis``, each broadcast to their common shape."""
    if not (is_array(a) and is_array(indices) and isinstance(indices.dtype, types.Integer)
            and indices.ndim == a.ndim and isinstance(axis, types.Integer)):
        refuse(f"np.put_along_axis of {a} with the indices {indices} along {axis}")
    nd = a.ndim
    shape = ", ".join(f"i[{k}] if ax == {k} or i[{k}] != 1 else s[{k}]" for k in range(nd))
    pick = ", ".join(f"p[{k}] if i[{k}] != 1 else 0" for k in range(nd))
    fills = "\n".join(f"        o{k}[p] = indices[({pick},)] if ax == {k} else p[{k}]" for k in range(nd))
    outs = ", ".join(f"o{k}" for k in range(nd))
    src = f"""
def along_axis_index(a, indices, axis):
    ax = axis % {nd}
    s, i = a.shape, indices.shape
    b = ({shape},)
    for k in range({nd}):
        if k != ax and b[k] != s[k]:
            raise IndexError("shape mismatch: indexing arrays could not be broadcast together")
{chr(10).join(f"    o{k} = np.empty(b, np.int64)" for k in range(nd))}
    for p in np.ndindex(b):
{fills}
    return ({outs},)
"""
    return gen(src, "along_axis_index")
