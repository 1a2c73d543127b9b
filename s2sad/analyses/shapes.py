"""Shape stability: names whose shape is provably the same every time they are assigned,
and a symbolic shape for each of them (equal shapes have equal terms).

The reverse sweep reads some values only for their shape (``zeros_like(p)``,
``unbroadcast(b, t)``). A name whose shape never changes can be read at its final
value; any other must be saved per iteration like a value. Two names with the same
term have the same shape whenever both are read, so an adjoint need not be
unbroadcast from one to the other. Wrong here means a wrong gradient (de Casteljau's
``p = p[:-1] + p[1:]`` shrinks ``p`` each iteration; ``z = z + W`` grows ``z`` on the
first), so the analysis only names a shape when it can prove it:

* a shape of known rank is ``("dims", lengths)`` (``dims.py``), each length a symbolic
  count (``lengths.py``: ``len(x[1:])`` of a parameter ``x`` is ``len(x) - 1`` clipped at
  0, so ``np.concatenate((x[:1], x[1:] * y[:-1]))`` has the length of ``x`` when ``y``
  has it); otherwise a term built from the operands' terms (``("bcast", ...)``,
  ``("sub", base, parts)``), or a fresh symbol for a name assigned exactly once outside
  loops; indexing with an array, slicing or allocating with a variable bound, has a term
  only when the names involved have one value for the whole call (never assigned, or
  assigned once outside loops); a list joined by ``np.concatenate`` only when nothing can
  change it (it is only passed to NumPy functions or indexed);
* the terms are a least fixpoint, from "not assigned yet" (a loop's state takes the
  shape of its initial value, then every assignment in the loop must give that shape
  again: an induction over the run); a name whose assignments give different terms
  has none. Slices and allocations whose bounds change in a loop, unknown functions and
  growing lists have no term (unstable).
"""
import ast

import numpy as np

from . import dims as D
from . import lengths as L
from .ir import resolve
from .kinds import ALLOCATORS, REDUCTIONS, is_scalar_call

SAME_SHAPE = {np.zeros_like, np.ones_like, np.empty_like, np.full_like, np.copy, np.asarray, np.array,
              np.square, np.sqrt, np.clip, abs, np.where, np.maximum, np.minimum}
JOINS = {np.concatenate, np.hstack}
READERS = JOINS | SAME_SHAPE | {len, np.stack, np.vstack, np.sum}   # read a list, never change it
BOTTOM = ("bottom",)   # no assignment seen yet


class Stable(set):
    """The names whose shape never changes; ``terms`` maps each to its symbolic shape."""
    terms = {}


class _Ctx:
    def __init__(self, sym, in_loop, ns, ranks, fixed, lists, stored):
        self.sym, self.in_loop, self.ns, self.ranks = sym, in_loop, ns, ranks
        self.fixed_names, self.lists, self.stored = fixed, lists, stored

    def fixed_args(self, call):
        """The arguments of ``call`` after the first have one value for the whole call."""
        return all(self.fixed(a) for a in call.args[1:]) and all(self.fixed(k.value) for k in call.keywords)

    def fixed(self, node):
        """An index or size expression with one value for the whole call."""
        return all(n.id in self.fixed_names for n in ast.walk(node) if isinstance(n, ast.Name))


def stable_shapes(stmts, params, ns, ranks=None):
    """The names (parameters and globals included) whose shape never changes, with their
    shape terms (``.terms``)."""
    sites, in_loop, loads = {}, set(), {}
    _collect(stmts, False, sites, in_loop)
    _uses(stmts, ns, loads)
    for p in params:
        if p in sites:
            sites[p].insert(0, ("entry", p))
    ranks = ranks or {}
    once = {n for n, v in sites.items() if len(v) == 1 and n not in in_loop and v[0] is not None}
    fixed = {n for n in loads if n not in sites} | once | set(params) - set(sites)
    lists = {n for n, v in sites.items() if all(isinstance(s, (ast.List, ast.Tuple)) for s in v)
             and not loads.get(n, {}).get("other")}
    sym = {n: BOTTOM for n in sites}
    sym.update({p: D.lift(("param", p), ranks.get(p)) for p in params if p not in sites})
    sym.update({g: D.lift(("global", g), ranks.get(g)) for g in ns.objects})
    sym.update({n: () for n in sites if ranks.get(n) == 0})
    stored = {n for n, use in loads.items() if use.get("stored")}
    ctx = _Ctx(sym, in_loop, ns, ranks, fixed, lists, stored)
    names = [n for n in sites if ranks.get(n) != 0]
    for _ in range(2 * len(names) + 10):
        changed = False
        for name in names:
            new = _join([_lifted(_site(v, name, ctx), ranks.get(name)) for v in sites[name]])
            if new is None and name in once:
                new = D.lift(("var", name), ranks.get(name))  # assigned once: one shape, whatever it is
            if new != sym.get(name):
                sym[name], changed = new, True
        if not changed:
            break
    else:
        out = Stable(set(params) - set(sites) | set(ns.objects))
        out.terms = {}
        return out
    terms = {n: t for n, t in sym.items() if t is not None and t is not BOTTOM}
    out = Stable(terms)
    out.terms = terms
    return out


def _site(v, name, ctx):
    if isinstance(v, ast.List) and name in ctx.stored:
        return None   # a list written into (lst[0] = z): its pieces' shapes may change
    return _term(v, ctx)


def _lifted(term, rank):
    if term is None or term is BOTTOM:
        return term
    term = D.lift(term, rank)
    if D.is_dims(term) and isinstance(rank, int) and len(D.axes(term)) != rank:
        return None   # never guess: the rank analysis disagrees
    return term


def _join(terms):
    if any(t is None for t in terms):
        return None
    distinct = []
    for t in terms:
        if t is not BOTTOM and t not in distinct:
            distinct.append(t)
    if not distinct:
        return BOTTOM
    return distinct[0] if len(distinct) == 1 else None


def _collect(stmts, looped, sites, in_loop):
    for s in stmts:
        if isinstance(s, (ast.For, ast.While)):
            if isinstance(s, ast.For):
                sites.setdefault(s.target.id, []).append(ast.Constant(0))
                in_loop.add(s.target.id)
            _collect(s.body, True, sites, in_loop)
        elif isinstance(s, ast.If):
            _collect(s.body, looped, sites, in_loop)
            _collect(s.orelse, looped, sites, in_loop)
        elif isinstance(s, ast.Assign):
            tgt = s.targets[0]
            names = [tgt.id] if isinstance(tgt, ast.Name) else [e.id for e in getattr(tgt, "elts", [])]
            for n in names:
                sites.setdefault(n, []).append(s.value if isinstance(tgt, ast.Name) else None)
                if looped:
                    in_loop.add(n)
            if isinstance(tgt, ast.Subscript) and isinstance(tgt.value, ast.Name):
                in_loop.update([tgt.value.id] if looped else [])
        elif hasattr(s, "_s2sad_append"):
            sites.setdefault(s._s2sad_append[0], []).append(None)  # a growing list


def _uses(stmts, ns, loads):
    """``loads[name]``: ``{"other": True}`` if ``name`` is used other than as an argument
    of a NumPy function or the base of an index read (stored into, iterated, copied,
    passed to anything else)."""
    plain = set()
    for s in stmts:
        for node in ast.walk(s):
            if isinstance(node, ast.Call) and _numpy(resolve(ns, node.func)):
                plain.update(id(a) for a in node.args if isinstance(a, ast.Name))
            elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and isinstance(node.value, ast.Name):
                plain.add(id(node.value))
    for s in stmts:
        for node in ast.walk(s):
            if isinstance(node, ast.Name):
                entry = loads.setdefault(node.id, {})
                if isinstance(node.ctx, ast.Load) and id(node) not in plain:
                    entry["other"] = True
            elif isinstance(node, ast.Subscript) and not isinstance(node.ctx, ast.Load) \
                    and isinstance(node.value, ast.Name):
                loads.setdefault(node.value.id, {}).update(other=True, stored=True)
    for s in stmts:
        for node in ast.walk(s):
            if hasattr(node, "_s2sad_append"):
                loads.setdefault(node._s2sad_append[0], {})["other"] = True


def _numpy(fn):
    try:
        return fn in READERS
    except TypeError:
        return False


def _term(v, ctx):
    """The symbolic shape of expression ``v``: None if it cannot be named, BOTTOM if it
    reads a name no assignment has given a term yet."""
    if isinstance(v, tuple):  # a parameter's value on entry
        return D.lift(("param", v[1]), ctx.ranks.get(v[1]))
    if isinstance(v, ast.Constant):
        return () if isinstance(v.value, (int, float, bool)) else ("const", repr(v.value))
    if isinstance(v, ast.Name):
        if ctx.ranks.get(v.id) == 0:
            return ()
        return ctx.sym.get(v.id, ("global", v.id) if v.id in ctx.ns.objects else None)
    if isinstance(v, ast.BinOp):
        a, b = _term(v.left, ctx), _term(v.right, ctx)
        if BOTTOM in (a, b) or None in (a, b):
            return None if BOTTOM not in (a, b) else BOTTOM
        if isinstance(v.op, ast.MatMult):
            return _matmul(a, b)
        return _broadcast([a, b])
    if isinstance(v, ast.UnaryOp):
        return _term(v.operand, ctx)
    if isinstance(v, ast.Compare):
        return _broadcast([_term(p, ctx) for p in [v.left] + v.comparators])
    if isinstance(v, ast.BoolOp):   # `a or b` is one of its operands, which one depends on the data
        parts = [_term(p, ctx) for p in v.values]
        unknown = _unknown(parts)
        return unknown if unknown is not False else () if all(p == () for p in parts) else None
    if isinstance(v, ast.Subscript):
        return _subscript(v, ctx)
    if isinstance(v, ast.Call):
        return _call(v, ctx)
    if isinstance(v, (ast.List, ast.Tuple)):
        parts = [_term(e, ctx) for e in v.elts]
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
    base = _term(v.value, ctx)
    if base is None or base is BOTTOM:
        return base
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
            if not ctx.fixed(p) or _term(p, ctx) in (None, BOTTOM):
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


def _length(node, ctx):
    """The symbolic length an integer expression gives an allocated axis, or None."""
    value = _int(node)
    if value is not None:
        return value if value >= 0 else None
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "shape":
        k, base = _int(node.slice), _term(node.value.value, ctx)
        if k is not None and D.is_dims(base) and -len(D.axes(base)) <= k < len(D.axes(base)):
            return D.axes(base)[k]
        return None
    if isinstance(node, ast.Call) and resolve(ctx.ns, node.func) is len and len(node.args) == 1:
        base = _term(node.args[0], ctx)
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
        pieces = [_term(e, ctx) for e in seq.elts] if isinstance(seq, (ast.List, ast.Tuple)) else None
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
    args = [_term(a, ctx) for a in v.args]
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
        if fn in REDUCTIONS:
            return _reduction(fn, v, args, rest, ctx)
        if fn in (np.dot, np.matmul) and len(args) == 2:
            return None if None in args else _matmul(args[0], args[1], "dot" if fn is np.dot else "matmul")
        if fn is np.where and len(args) != 3 or isinstance(fn, np.ufunc) and fn.nout != 1:
            return None   # np.where(c) and np.divmod(a, b) give tuples
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
    if args[0] is None or not ctx.fixed_args(v):
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
