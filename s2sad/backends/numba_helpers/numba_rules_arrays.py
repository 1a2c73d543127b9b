"""numba versions of the helpers that join and pad arrays (:mod:`s2sad.rules.runtime_arrays`),
and the NumPy calls around them that numba lacks: ``np.concatenate``/``hstack``/``vstack``/
``column_stack``/``dstack`` of a list of arrays of one rank, ``np.pad`` (constant mode) and
``np.tile``. The gradient of a sequence is a list with one gradient per piece (``join_grad``),
added piece by piece (``add_pieces``).
"""
import numpy as np
from numba import types
from numba.extending import overload

from ...rules import runtime as rt
from .numba_rules_base import (
    array_list,
    constant,
    gen,
    helper,
    is_array,
    is_none,
    literal,
    refuse,
)
from .numba_rules_number_joins import join_grad_numbers, numbers


# ------------------------------------------------------------ joining (primal)
@overload(np.concatenate)
def _ov_concatenate(arrays, axis=0):
    if _mixed(arrays):
        return _join_mixed(arrays, "concatenate", axis)
    if not isinstance(arrays, types.List) or array_list(arrays) is None:
        return None
    if is_none(axis) and not isinstance(axis, types.Omitted):
        return lambda arrays, axis=0: _join(arrays, None, "concatenate")
    return lambda arrays, axis=0: _join(arrays, axis, "concatenate")


def _stack_overload(fn, kind):
    @overload(fn)
    def _ov(tup):
        if _mixed(tup):
            return _join_mixed(tup, kind)
        if not isinstance(tup, types.List) or array_list(tup) is None:
            return None
        return gen(f"def stack(tup):\n    return _join(tup, 0, {kind!r})\n", "stack", {"_join": _join})
    return _ov


for _fn, _kind in [(np.hstack, "hstack"), (np.vstack, "vstack"), (np.dstack, "dstack"),
                   (np.column_stack, "column_stack")]:
    _stack_overload(_fn, _kind)


def _join(xs, axis, kind):
    """np.concatenate(xs, axis) of a list of arrays, or hstack/vstack/dstack/column_stack."""


def _width(x, kind, ax):
    """The width along the joined axis of piece ``x`` once promoted for ``kind``."""


@overload(_width)
def _ov_width(x, kind, ax):
    k, nd = literal(kind), getattr(x, "ndim", 0)
    if k not in _PROMOTED:
        refuse(f"joining with {kind}")
    if nd == 0:
        return lambda x, kind, ax: 1
    if k in ("vstack", "column_stack") and nd == 1 or k == "dstack" and nd <= 2:
        return lambda x, kind, ax: 1
    if k == "hstack":
        return lambda x, kind, ax: x.shape[0 if nd == 1 else 1]
    if k == "dstack":
        return lambda x, kind, ax: x.shape[2]
    return lambda x, kind, ax: x.shape[ax]


def _joined_axis(kind, nd, axis):
    """The axis the pieces are joined along (for ``axis`` None: -1, flattened)."""


@overload(_joined_axis)
def _ov_joined_axis(kind, nd, axis):
    k = literal(kind)
    if k not in _PROMOTED:
        refuse(f"joining with {kind}")
    fixed = {"vstack": 0, "dstack": 2, "column_stack": 1}.get(k)
    if k == "hstack":
        return lambda kind, nd, axis: 0 if nd == 1 else 1
    if fixed is not None:
        return lambda kind, nd, axis: fixed
    if is_none(axis):
        return lambda kind, nd, axis: -1
    return lambda kind, nd, axis: axis % nd


_PROMOTED = {"concatenate": 0, "hstack": 1, "vstack": 2, "dstack": 3, "column_stack": 2}  # least ndim


def _promoted_ndim(nd, kind):
    return max(nd, _PROMOTED[kind])


@overload(_join)
def _ov_join(xs, axis, kind):
    item, k = array_list(xs), literal(kind)
    if item is None or k not in _PROMOTED:
        refuse(f"joining a sequence of {xs} ({kind})")
    nd, out_nd = item.ndim, _promoted_ndim(item.ndim, k)
    if nd == 1 and k in ("concatenate", "hstack"):
        return _join_vectors       # every axis form of a 1-d join is the same: one loop
    if k == "dstack" and nd > 3 or k == "column_stack" and nd > 2:
        refuse(f"np.{k} of {nd}-d arrays")
    promoted = {("vstack", 1): "(1, s[0])", ("dstack", 1): "(1, s[0], 1)", ("dstack", 2): "(s[0], s[1], 1)",
                ("column_stack", 1): "(s[0], 1)"}.get((k, nd), "s")
    src = f"""
def join(xs, axis, kind):
    x0 = xs[0]
    if axis is None and {k == 'concatenate'}:
        total = 0
        for x in xs:
            total += x.size
        out = np.empty(total)
        start = 0
        for x in xs:
            out[start:start + x.size] = np.ascontiguousarray(x).reshape(x.size)
            start += x.size
        return out
    ax = _joined_axis({k!r}, {out_nd}, axis)
    total = 0
    for x in xs:
        total += _width(x, {k!r}, ax)
    s = x0.shape
    out = np.empty(tuple_setitem({promoted}, ax, total))
    rows = np.moveaxis(out, ax, 0)
    start = 0
    for x in xs:
        s = x.shape
        w = _width(x, {k!r}, ax)
        rows[start:start + w] = np.moveaxis(np.ascontiguousarray(x).reshape({promoted}), ax, 0)
        start += w
    return out
"""
    if k != "concatenate":
        src = src.replace(f"if axis is None and {k == 'concatenate'}:", "if False:")
    return gen(src, "join", {"_joined_axis": _joined_axis, "_width": _width})


def _join_vectors(xs, axis, kind):
    """The fast path of ``_join`` for 1-d pieces joined end to end."""
    total = 0
    for x in xs:
        total += x.shape[0]
    out = np.empty(total)
    start = 0
    for x in xs:
        for i in range(x.shape[0]):
            out[start + i] = x[i]
        start += x.shape[0]
    return out


def _join_grad_vectors(g, xs, axis=0, kind="concatenate"):
    """The fast path of ``join_grad`` for 1-d pieces joined end to end: copies of slices of ``g``."""
    start = xs[0].shape[0]
    pieces = [g[0:start].copy()]
    for i in range(1, len(xs)):
        n = xs[i].shape[0]
        pieces.append(g[start:start + n].copy())
        start += n
    return pieces


@helper(rt.join_grad)
def _ov_join_grad(g, xs, axis=0, kind="concatenate"):
    if _mixed(xs):
        return _join_grad_mixed(g, xs, constant(kind, "join_grad's kind"), axis)
    item, k = array_list(xs), constant(kind, "join_grad's kind")
    if k == "hstack" and numbers(xs) and is_array(g) and g.ndim == 1:
        return join_grad_numbers(xs)
    if k == "column_stack" and numbers(xs) and is_array(g) and g.ndim == 2:
        return join_grad_numbers(xs, row=True)
    if item is None or not is_array(g) or k not in _PROMOTED:
        refuse(f"the gradient of a join of {xs}")
    if item.ndim == 1 and g.ndim == 1 and k in ("concatenate", "hstack"):
        return _join_grad_vectors
    src = f"""
def join_grad(g, xs, axis=0, kind="concatenate"):
    flat = np.ascontiguousarray(g).reshape(g.size)
    ax = _joined_axis({k!r}, {_promoted_ndim(item.ndim, k)}, axis)
    pieces = [np.zeros(x.shape) for x in xs]
    start = 0
    for i in range(len(xs)):
        x = xs[i]
        if ax < 0:
            pieces[i] = flat[start:start + x.size].copy().reshape(x.shape)
            start += x.size
        else:
            w = _width(x, {k!r}, ax)
            part = np.moveaxis(np.moveaxis(g, ax, 0)[start:start + w], 0, ax)
            pieces[i] = np.ascontiguousarray(part).reshape(x.shape)
            start += w
    return pieces
"""
    return gen(src, "join_grad", {"_joined_axis": _joined_axis, "_width": _width})


@helper(rt.zeros_pieces)
def _ov_zeros_pieces(xs):
    if _mixed(xs):
        parts = "".join(f"rt.zeros_like(xs[{k}]), " for k in range(len(xs)))
        return gen(f"def zeros_pieces(xs):\n    return ({parts})\n", "zeros_pieces", {"rt": rt})
    if array_list(xs) is not None:
        return lambda xs: [np.zeros(x.shape) for x in xs]
    if isinstance(xs, (types.List, types.UniTuple)) and isinstance(xs.dtype, types.Number):
        return lambda xs: [0.0 for x in xs]
    refuse(f"gradients of the pieces of {xs}")


@helper(rt.add_pieces)
def _ov_add_pieces(a, b):
    if _mixed(a):
        parts = "".join(f"a[{k}] + b[{k}], " for k in range(len(a)))
        return gen(f"def add_pieces(a, b):\n    return ({parts})\n", "add_pieces")
    return lambda a, b: [a[k] + b[k] for k in range(len(a))]


# ------------------------------------------------------------ sequences of mixed ranks
def _mixed(t):
    """A list literal or tuple whose items differ in type (numbers, arrays of several ranks):
    numba indexes it only with constants, so the code is unrolled over its items."""
    return isinstance(t, (types.LiteralList, types.Tuple)) and not isinstance(t, types.UniTuple) and \
        all(is_array(i) or isinstance(i, types.Number) for i in t.types)


def _promote(x, kind):
    """Piece ``x`` with the dimensions ``kind`` (hstack, vstack...) gives it before joining."""


@overload(_promote)
def _ov_promote(x, kind):
    k, nd = literal(kind), getattr(x, "ndim", 0)
    least = _PROMOTED.get(k)
    if least is None or k == "concatenate" and nd == 0:
        refuse(f"joining {x} with {kind}")
    if nd >= least:
        return lambda x, kind: x
    shape = {("column_stack", 0): "(1, 1)", ("column_stack", 1): "(s[0], 1)", ("vstack", 1): "(1, s[0])",
             ("dstack", 1): "(1, s[0], 1)", ("dstack", 2): "(s[0], s[1], 1)"}.get((k, nd), "(" + "1, " * least + ")")
    if nd == 0:
        return gen(f"def promote(x, kind):\n    return np.full({shape}, x * 1.0)\n", "promote")
    return gen(f"def promote(x, kind):\n    s = x.shape\n    return np.ascontiguousarray(x).reshape({shape})\n",
               "promote")


def _join_mixed(xs, kind, axis=None):
    """The body of np.concatenate/hstack/... of a sequence of mixed items, unrolled."""
    if kind == "concatenate" and is_none(axis) and not isinstance(axis, types.Omitted):
        refuse("np.concatenate(axis=None) of items of different ranks")
    n, out_nd = len(xs), _promoted_ndim(max(getattr(t, "ndim", 0) for t in xs.types), kind)
    seq, head = ("arrays", "def join(arrays, axis=0):") if kind == "concatenate" else ("tup", "def join(tup):")
    lines = [head] + [f"    p{k} = _promote({seq}[{k}], {kind!r})" for k in range(n)]
    lines += [f"    ax = _joined_axis({kind!r}, {out_nd}, {'axis' if kind == 'concatenate' else 0})",
              f"    out = np.empty(tuple_setitem(p0.shape, ax, {' + '.join(f'p{k}.shape[ax]' for k in range(n))}))",
              "    rows = np.moveaxis(out, ax, 0)", "    start = 0"]
    for k in range(n):
        lines += [f"    rows[start:start + p{k}.shape[ax]] = np.moveaxis(p{k}, ax, 0)", f"    start += p{k}.shape[ax]"]
    return gen("\n".join(lines + ["    return out"]) + "\n", "join", {"_promote": _promote, "_joined_axis": _joined_axis})


def _join_grad_mixed(g, xs, kind, axis):
    """join_grad of a sequence of mixed items: a tuple with one gradient per item."""
    if is_none(axis):
        refuse("the gradient of np.concatenate(axis=None) of items of different ranks")
    n, out_nd = len(xs), _promoted_ndim(max(getattr(t, "ndim", 0) for t in xs.types), kind)
    lines = ['def join_grad(g, xs, axis=0, kind="concatenate"):',
             f"    ax = _joined_axis({kind!r}, {out_nd}, axis)", "    rows = np.moveaxis(g, ax, 0)", "    start = 0"]
    for k, t in enumerate(xs.types):
        part = f"np.ascontiguousarray(np.moveaxis(rows[start:start + w{k}], 0, ax))"
        lines += [f"    w{k} = _width(xs[{k}], {kind!r}, ax)",
                  f"    d{k} = {part}.reshape(xs[{k}].shape)" if is_array(t) else f"    d{k} = np.sum({part})",
                  f"    start += w{k}"]
    lines.append(f"    return ({''.join(f'd{k}, ' for k in range(n))})")
    return gen("\n".join(lines) + "\n", "join_grad", {"_joined_axis": _joined_axis, "_width": _width})


# ------------------------------------------------------------ padding and tiling
def _pad_widths(pad_width, nd):
    """``pad_width`` (a number, a pair, or a pair per axis) as an ``(nd, 2)`` array."""


@overload(_pad_widths)
def _ov_pad_widths(pad_width, nd):
    if isinstance(pad_width, types.Integer):
        return lambda pad_width, nd: np.full((nd, 2), pad_width)
    items = list(pad_width.types) if isinstance(pad_width, types.BaseTuple) else None
    if items and all(isinstance(t, types.Integer) for t in items) and len(items) in (1, 2):
        last = len(items) - 1
        return lambda pad_width, nd: np.array([[pad_width[0], pad_width[last]]] * nd)
    if items and all(isinstance(t, types.BaseTuple) and len(t) in (1, 2) for t in items):
        rows = ", ".join(f"[pad_width[{k}][0], pad_width[{k}][{len(t) - 1}]]" for k, t in enumerate(items))
        many = "" if len(items) > 1 else " * nd"
        return gen(f"def widths(pad_width, nd):\n    return np.array([{rows}]{many})\n", "widths")
    refuse(f"np.pad with pad_width of type {pad_width}")


def _middle(nd):
    """Source of the index of the unpadded part: ``w`` the widths, ``s`` the inner shape."""
    return ", ".join(f"w[{k}, 0]:w[{k}, 0] + s[{k}]" for k in range(nd)) + ("," if nd == 1 else "")


@overload(np.pad)
def _ov_pad(array, pad_width, mode="constant", constant_values=0):
    if not is_array(array):
        return None
    if literal(mode, "?") != "constant":
        refuse("np.pad is compiled in mode='constant' only")
    if not isinstance(constant_values, (types.Number, types.Omitted, int, float)):
        refuse("np.pad with constant_values other than one number")
    src = f"""
def pad(array, pad_width, mode="constant", constant_values=0):
    s = array.shape
    w = _pad_widths(pad_width, {array.ndim})
    shape = s
    for k in range({array.ndim}):
        shape = tuple_setitem(shape, k, s[k] + w[k, 0] + w[k, 1])
    out = np.full(shape, constant_values * 1.0)
    out[{_middle(array.ndim)}] = array
    return out
"""
    return gen(src, "pad", {"_pad_widths": _pad_widths})


@helper(rt.pad_grad)
def _ov_pad_grad(g, x, pad_width):
    if not is_array(x):
        refuse("np.pad of a number")
    src = (f"def pad_grad(g, x, pad_width):\n    s = x.shape\n    w = _pad_widths(pad_width, {x.ndim})\n"
           f"    return g[{_middle(x.ndim)}].copy()\n")
    return gen(src, "pad_grad", {"_pad_widths": _pad_widths})


@helper(rt.pad_value_grad)
def _ov_pad_value_grad(g, x, pad_width, value):
    if not is_array(x) or not isinstance(value, types.Number):
        refuse("the gradient of np.pad's constant_values other than one number")
    src = (f"def pad_value_grad(g, x, pad_width, value):\n    s = x.shape\n    w = _pad_widths(pad_width, {x.ndim})\n"
           f"    return np.sum(g) - np.sum(g[{_middle(x.ndim)}])\n")
    return gen(src, "pad_value_grad", {"_pad_widths": _pad_widths})


def _tiles(x, reps):
    """(source of the promoted reps, of the promoted shape, their length) for np.tile."""
    counts = ["reps"] if isinstance(reps, types.Integer) else \
        [f"reps[{k}]" for k in range(len(reps))] if isinstance(reps, types.BaseTuple) and all(
            isinstance(t, types.Integer) for t in reps.types) else None
    if counts is None or not is_array(x):
        refuse(f"np.tile({x}, {reps})")
    d = max(len(counts), x.ndim)
    counts = ["1"] * (d - len(counts)) + counts
    shape = ["1"] * (d - x.ndim) + [f"x.shape[{k}]" for k in range(x.ndim)]
    return counts, shape, d


def _tile_source(name, args, counts, shape, d, prelude, statement, result):
    """A function looping over the ``d``-dimensional grid of tiles (``r`` tiles of shape ``s``)."""
    lines = [f"def {name}({args}):", f"    r = ({', '.join(counts)},)", f"    s = ({', '.join(shape)},)",
             *[f"    {p}" for p in prelude]]
    ind = "    "
    for k in range(d):
        lines.append(f"{ind}for i{k} in range(r[{k}]):")
        ind += "    "
    block = ", ".join(f"i{k} * s[{k}]:(i{k} + 1) * s[{k}]" for k in range(d))
    lines += [ind + statement.format(block=block), f"    return {result}"]
    return "\n".join(lines) + "\n"


@overload(np.tile)
def _ov_tile(A, reps):
    if not is_array(A):
        return None
    counts, shape, d = _tiles(A, reps)
    full = ", ".join(f"r[{k}] * s[{k}]" for k in range(d))
    src = _tile_source("tile", "A, reps", counts, [x.replace("x.", "A.") for x in shape], d,
                       ["a = np.ascontiguousarray(A).reshape(s)", f"out = np.empty(({full},))"],
                       "out[{block}] = a", "out")
    return gen(src, "tile")


@helper(rt.tile_grad)
def _ov_tile_grad(g, x, reps):
    counts, shape, d = _tiles(x, reps)
    src = _tile_source("tile_grad", "g, x, reps", counts, shape, d, ["acc = np.zeros(s)"],
                       "acc += g[{block}]", "acc.reshape(x.shape)")
    return gen(src, "tile_grad")
