"""Symbolic shapes of expressions, the transfer functions of ``shapes.py``.

``term(v, ctx)`` names the shape of expression ``v`` from the terms ``ctx.sym`` gives
the names it reads: a ``dims`` shape (``dims.py``) when every axis's length can be
named, otherwise a term built from the operands' terms (``("bcast", ...)``,
``("sub", base, parts)``, ``("alloc", call)``...), which stands for the one shape that
construction gives. None means no term (the shape may vary, or nothing is known);
BOTTOM that an operand has no assignment seen yet (the fixpoint is still running).
Indexing with an array, slicing or allocating with a variable bound has a term only
when the names involved have one value for the whole call (``ctx.fixed``); a list
joined by ``np.concatenate`` only when nothing can change it (``ctx.lists``).
"""
import ast

import numpy as np

from . import dims as D
from . import lengths as L
from .ir import resolve
from .expr_ranks import ALLOCATORS, REDUCTIONS, is_scalar_call
from ..rules.runtime_numeric import cast_like

SAME_SHAPE = {np.zeros_like, np.ones_like, np.empty_like, np.full_like, np.copy, np.asarray, np.array,
              np.square, np.sqrt, np.clip, abs, np.where, np.maximum, np.minimum}
JOINS = {np.concatenate, np.hstack}
READERS = JOINS | SAME_SHAPE | {len, np.stack, np.vstack, np.sum}   # read a list, never change it
BOTTOM = ("bottom",)   # no assignment seen yet

class Ctx:
    def __init__(self, sym, in_loop, ns, ranks, fixed, lists, stored, ragged=True):
        self.sym, self.in_loop, self.ns, self.ranks = sym, in_loop, ns, ranks
        self.fixed_names, self.lists, self.stored = fixed, lists, stored
        self.ragged = ragged    # a list's items may differ in shape (Python; not numba's lists)

    def fixed_args(self, call):
        """The arguments of ``call`` after the first have one value for the whole call."""
        return all(self.fixed(a) for a in call.args[1:]) and all(self.fixed(k.value) for k in call.keywords)

    def fixed(self, node):
        """An index or size expression with one value for the whole call."""
        return all(n.id in self.fixed_names for n in ast.walk(node) if isinstance(n, ast.Name))


def term(v, ctx):
    """The symbolic shape of expression ``v``: None if it cannot be named, BOTTOM if it
    reads a name no assignment has given a term yet. A term that is not a ``dims`` shape or a
    list's (read only for equality) is its small key (``dims.key``)."""
    return canonical(_term(v, ctx))


def canonical(t):
    """``t`` with a composite term replaced by its key (``dims.key``)."""
    if isinstance(t, tuple) and t and t is not BOTTOM and t[0] not in ("dims", "list"):
        return D.key(t)
    return t


def _term(v, ctx):
    if isinstance(v, tuple):  # a parameter's value on entry
        return D.lift(("param", v[1]), ctx.ranks.get(v[1]))
    if isinstance(v, ast.Constant):
        return () if isinstance(v.value, (int, float, bool)) else ("const", repr(v.value))
    if isinstance(v, ast.Name):
        if ctx.ranks.get(v.id) == 0:
            return ()
        return ctx.sym.get(v.id, ("global", v.id) if v.id in ctx.ns.objects else None)
    if isinstance(v, ast.BinOp):
        a, b = term(v.left, ctx), term(v.right, ctx)
        if BOTTOM in (a, b) or None in (a, b):
            return None if BOTTOM not in (a, b) else BOTTOM
        if isinstance(v.op, ast.MatMult):
            return _matmul(a, b)
        return _broadcast([a, b])
    if isinstance(v, ast.UnaryOp):
        return term(v.operand, ctx)
    if isinstance(v, ast.Compare):
        return _broadcast([term(p, ctx) for p in [v.left] + v.comparators])
    if isinstance(v, ast.BoolOp):   # `a or b` is one of its operands, which one depends on the data
        parts = [term(p, ctx) for p in v.values]
        unknown = _unknown(parts)
        return unknown if unknown is not False else () if all(p == () for p in parts) else None
    if isinstance(v, ast.Subscript):
        return _subscript(v, ctx)
    if isinstance(v, ast.Call):
        return _call(v, ctx)
    if isinstance(v, (ast.List, ast.Tuple)):
        parts = [term(e, ctx) for e in v.elts]
        unknown = _unknown(parts)
        return ("list", tuple(parts)) if unknown is False else unknown
    if isinstance(v, ast.Attribute) and v.attr in ("size", "ndim", "shape"):
        return ()
    return None


def _unknown(parts):
    """BOTTOM if a part is not known yet, None if a part has no term, else False."""
    if any(p is BOTTOM for p in parts):
        return BOTTOM
    return None if any(p is None for p in parts) else False


def _broadcast(parts):
    unknown = _unknown(parts)
    if unknown is not False:
        return unknown
    rest = sorted({p for p in parts if p != ()}, key=repr)
    if not rest:
        return ()
    if len(rest) == 1:
        return rest[0]
    if all(D.is_dims(p) for p in rest):
        out = D.broadcast(rest)
        if out is not None:
            return out
    return ("bcast", tuple(rest))


def _matmul(a, b, how="matmul"):
    """``a @ b`` or ``np.dot(a, b)`` (named apart: they differ beyond two dimensions)."""
    if D.is_dims(a) and D.is_dims(b) and a != () and b != ():
        out = D.matmul(a, b)
        if out is not None:
            return out
    return (how, a, b)


def _int(node):
    """The value of a constant integer expression (``-1`` included), else None."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _int(node.operand)
        return None if inner is None else -inner
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    return None


def _slice_part(p, ctx):
    """How a slice cuts its axis (see ``dims.subscript``), or None if not with fixed bounds."""
    bounds = [_int(b) if b is not None else "none" for b in (p.lower, p.upper, p.step)]
    if None not in bounds:
        lower, upper, step = (None if b == "none" else b for b in bounds)
        if step in (None, 1):
            return ("slice", lower, upper)
        if step == -1 and lower is None and upper is None:
            return ("reversed",)
    return ("atom", ast.dump(p)) if ctx.fixed(p) else None


def _subscript(v, ctx):
    if isinstance(v.value, ast.Attribute) and v.value.attr == "shape":
        return ()
    base = term(v.value, ctx)
    if base is None or base is BOTTOM:
        return base
    if base and base[0] == "list" or isinstance(v.value, ast.Name) and (
            not isinstance(ctx.ranks.get(v.value.id), int)
            or ctx.ragged and v.value.id in getattr(ctx.ranks, "lists", ())):
        # (a name that may hold a list: its rank counts its length as an axis, but its items may
        # differ in shape, `ys = xs[1:]` of `xs = [x[:2], x[1:]]`)
        return _element(base, v.slice)
    parts, cuts = [], []
    for p in (v.slice.elts if isinstance(v.slice, ast.Tuple) else [v.slice]):
        if isinstance(p, ast.Slice):
            cut = _slice_part(p, ctx)
            if cut is None:
                return None
            parts.append(ast.dump(p))
        elif isinstance(p, ast.Constant) and p.value is None:
            parts.append("newaxis")
            cut = ("new",)
        elif _int(p) is not None or isinstance(p, ast.Name) and ctx.ranks.get(p.id) == 0:
            parts.append("int")
            cut = ("int",)
        elif isinstance(p, ast.Name):
            # an index array: an integer one gives its own shape, a boolean mask as many
            # elements as it has True values; either is one shape only while its value is
            # fixed (a name with one value for the call), so the term names the index itself
            if not ctx.fixed(p) or term(p, ctx) in (None, BOTTOM):
                return None
            parts.append(("index", p.id))
            cut = ("index",)
        else:
            return None
        cuts.append(cut)
    if D.is_dims(base) and base != ():
        out = D.subscript(base, cuts)
        if out is not None:
            return out
    if isinstance(v.value, ast.Name) and ctx.ranks.get(v.value.id) == len(parts) and set(parts) == {"int"}:
        return ()  # one element
    return ("sub", base, tuple(parts))


def _element(base, index):
    """An element of what may be a Python list: its elements may differ in shape (``[x[:2],
    x[2:]]``, a list of weight matrices), so a variable index names no one shape unless every
    element of a list display has the same term, and a constant index names its own."""
    k = _int(index)
    if k is not None:
        if base and base[0] == "list":
            return base[1][k] if -len(base[1]) <= k < len(base[1]) else None
        return ("item", base, k)
    if base and base[0] == "list" and isinstance(index, ast.Name) and len(set(base[1])) == 1:
        return base[1][0]
    return None


def _length(node, ctx):
    """The symbolic length an integer expression gives an allocated axis, or None."""
    value = _int(node)
    if value is not None:
        return value if value >= 0 else None
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "shape":
        k, base = _int(node.slice), term(node.value.value, ctx)
        if k is not None and D.is_dims(base) and -len(D.axes(base)) <= k < len(D.axes(base)):
            return D.axes(base)[k]
        return None
    if isinstance(node, ast.Call) and resolve(ctx.ns, node.func) is len and len(node.args) == 1:
        base = term(node.args[0], ctx)
        return D.axes(base)[0] if D.is_dims(base) and base != () else None
    if isinstance(node, ast.Name) and ctx.ranks.get(node.id) == 0 and ctx.fixed(node):
        return L.atom(("int", node.id))
    return None


def _allocation(v, ctx):
    shape = v.args[0] if v.args else None
    if shape is not None and all(k.arg == "dtype" for k in v.keywords):
        elts = shape.elts if isinstance(shape, (ast.Tuple, ast.List)) else [shape]
        lens = [_length(e, ctx) for e in elts]
        if None not in lens:
            return D.dims(lens)
    return ("alloc", ast.dump(v)) if ctx.fixed(v) else None


def _join_call(fn, v, ctx):
    """``np.concatenate(pieces, axis)`` / ``np.hstack(pieces)`` of a list or tuple display,
    or of a name holding one that nothing changes."""
    if len(v.args) != 1 or any(k.arg not in ("axis", "dtype") for k in v.keywords):
        return None
    seq = v.args[0]
    if isinstance(seq, ast.Name):
        if seq.id not in ctx.lists:
            return None
        seq = ctx.sym.get(seq.id)
        if seq is None or seq is BOTTOM:
            return seq
        pieces = list(seq[1]) if seq[0] == "list" else None
    else:
        pieces = [term(e, ctx) for e in seq.elts] if isinstance(seq, (ast.List, ast.Tuple)) else None
    if pieces is None:
        return None
    unknown = _unknown(pieces)
    if unknown is not False:
        return unknown
    axis = next((k.value for k in v.keywords if k.arg == "axis"), ast.Constant(0))
    axis = _int(axis)
    if axis is None or fn is np.hstack and (axis != 0 or any(len(D.axes(p)) != 1 for p in pieces if D.is_dims(p))):
        return None
    return D.concatenate(pieces, axis)


def _call(v, ctx):
    fn = resolve(ctx.ns, v.func)
    if fn is None:
        return None
    args = [term(a, ctx) for a in v.args]
    rest = tuple(ast.dump(k) for k in v.keywords)
    try:
        if is_scalar_call(fn, v):
            return ()
        if fn in ALLOCATORS:
            return _allocation(v, ctx)
        if fn in JOINS:
            return _join_call(fn, v, ctx)
        if any(a is BOTTOM for a in args):
            return BOTTOM
        if fn is max or fn is min:   # Python's: one argument whole, a known shape if they all have it
            return args[0] if len(args) == 2 and args[0] is not None and args[0] == args[1] else None
        if fn in REDUCTIONS:
            return _reduction(fn, v, args, rest, ctx)
        if fn in (np.dot, np.matmul) and len(args) == 2:
            return None if None in args else _matmul(args[0], args[1], "dot" if fn is np.dot else "matmul")
        if fn is np.where and len(args) != 3 or isinstance(fn, np.ufunc) and fn.nout != 1:
            return None   # np.where(c) and np.divmod(a, b) give tuples
        if fn is cast_like:   # v's shape: like's when like is an array (NumPy's ValueError otherwise)
            return args[0] if args else None
        if fn in SAME_SHAPE or isinstance(fn, np.ufunc):
            return _broadcast(args[:3] if fn is np.where else args[:1] if fn is not np.clip and not isinstance(
                fn, np.ufunc) and fn not in (np.maximum, np.minimum) else args)
        if fn is np.transpose and len(args) == 1 and not v.keywords and D.is_dims(args[0]):
            return D.transpose(args[0])
        if fn in (np.transpose, np.reshape, np.ravel, np.outer) and None not in args and ctx.fixed_args(v):
            return ("call", fn.__name__, tuple(args), tuple(ast.dump(a) for a in v.args[1:]) + rest)
    except TypeError:
        return None
    return None


def _reduction(fn, v, args, rest, ctx):
    if len(v.args) == 1 and not v.keywords:
        return ()
    if not args or args[0] is None or not ctx.fixed_args(v):   # the array by keyword (`a=x`): unknown
        return None
    kw = {k.arg: k.value for k in v.keywords}
    axis = _int(v.args[1]) if len(v.args) == 2 and not kw else _int(kw["axis"]) if len(v.args) == 1 and \
        set(kw) <= {"axis", "keepdims"} and "axis" in kw else None
    keep = kw.get("keepdims")
    if axis is not None and fn is not np.linalg.norm and D.is_dims(args[0]) and args[0] != () and (
            keep is None or isinstance(keep, ast.Constant) and isinstance(keep.value, bool)):
        out = D.reduce(args[0], axis, keep is not None and keep.value)
        if out is not None:
            return out
    return ("reduce", getattr(fn, "__name__", ""), args[0], tuple(ast.dump(a) for a in v.args[1:]) + rest)
