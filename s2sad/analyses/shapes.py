"""Shape stability: names whose shape is provably the same every time they are assigned.

The reverse sweep reads some values only for their shape (``zeros_like(p)``,
``unbroadcast(b, t)``). A name whose shape never changes can be read at its final
value; any other must be saved per iteration like a value. Wrong here means a
wrong gradient (de Casteljau's ``p = p[:-1] + p[1:]`` shrinks ``p`` each
iteration; ``z = z + W`` grows ``z`` on the first), so the analysis only says
"stable" when it can prove it:

* each name gets a symbolic shape: ``("param", x)`` for a parameter, a term
  built from its operands' shapes for an operation (``p[:-1]`` is
  ``("sub", shape(p), ":-1")``, ``x + y`` is ``shape(x)`` when ``y`` is a
  scalar or has the same shape term, else ``("bcast", ...)``), or a fresh
  symbol for a name assigned exactly once outside loops; indexing with an array
  (integers, or a boolean mask: as many elements as True values) has a term only
  when that array is a name whose value is fixed (not assigned in a loop); an
  element of a Python list (a list display, or a name of no array rank) has a
  term only when the index is a constant or every element has the same term;
* a name assigned several times, or in a loop, is stable only if every
  assignment has the same term; slices and allocations whose bounds change in a
  loop, unknown functions and growing lists have no term (unstable).
"""
import ast

import numpy as np

from .ir import resolve
from .kinds import ALLOCATORS, REDUCTIONS, is_scalar_call

SAME_SHAPE = {np.zeros_like, np.ones_like, np.empty_like, np.full_like, np.copy, np.asarray, np.array,
              np.square, np.sqrt, np.clip, abs, np.where, np.maximum, np.minimum}
MAX_ROUNDS = 50


def stable_shapes(stmts, params, ns, ranks=None):
    """The set of names (parameters and globals included) whose shape never changes."""
    sites, in_loop = {}, set()
    _collect(stmts, False, sites, in_loop)
    for p in params:
        if p in sites:
            sites[p].insert(0, ("entry", p))
    ranks = ranks or {}
    sym = {n: ("var", n) for n in sites}
    sym.update({p: ("param", p) for p in params if p not in sites})
    sym.update({g: ("global", g) for g in ns.objects})
    once = {n for n, v in sites.items() if len(v) == 1 and n not in in_loop and v[0] is not None}
    sym.update({n: () for n in sites if ranks.get(n) == 0})
    for _ in range(MAX_ROUNDS):
        changed = False
        for name in sorted(n for n in sites if ranks.get(n) != 0):
            new = _join(name, [_term(v, sym, in_loop, ns, ranks) for v in sites[name]])
            if new is None and name in once:
                new = ("var", name)  # assigned once: whatever its shape, it is one shape
            if new != sym.get(name):
                sym[name], changed = new, True
        if not changed:
            break
    else:
        return set(params) - set(sites) | set(ns.objects)
    return {n for n, t in sym.items() if t is not None}


def _join(name, terms):
    if any(t is None for t in terms):
        return None
    distinct = {t for t in terms if t != ("var", name)}
    if not distinct:
        return ("var", name)
    return distinct.pop() if len(distinct) == 1 else None


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


def _term(v, sym, in_loop, ns, ranks):
    """The symbolic shape of expression ``v``, or None if it cannot be named."""
    if isinstance(v, tuple):  # a parameter's value on entry
        return ("param", v[1])
    if isinstance(v, ast.Constant):
        return () if isinstance(v.value, (int, float, bool)) else ("const", repr(v.value))
    if isinstance(v, ast.Name):
        if ranks.get(v.id) == 0:
            return ()
        return sym.get(v.id, ("global", v.id) if v.id in ns.objects else None)
    if isinstance(v, ast.BinOp):
        a, b = _term(v.left, sym, in_loop, ns, ranks), _term(v.right, sym, in_loop, ns, ranks)
        if isinstance(v.op, ast.MatMult):
            return None if a is None or b is None else ("matmul", a, b)
        return _broadcast([a, b])
    if isinstance(v, ast.UnaryOp):
        return _term(v.operand, sym, in_loop, ns, ranks)
    if isinstance(v, (ast.Compare, ast.BoolOp)):
        parts = v.values if isinstance(v, ast.BoolOp) else [v.left] + v.comparators
        return _broadcast([_term(p, sym, in_loop, ns, ranks) for p in parts])
    if isinstance(v, ast.Subscript):
        return _subscript(v, sym, in_loop, ns, ranks)
    if isinstance(v, ast.Call):
        return _call(v, sym, in_loop, ns, ranks)
    if isinstance(v, (ast.List, ast.Tuple)):
        parts = [_term(e, sym, in_loop, ns, ranks) for e in v.elts]
        return None if None in parts else ("list", tuple(parts))
    if isinstance(v, ast.Attribute) and v.attr in ("size", "ndim", "shape"):
        return ()
    return None


def _broadcast(parts):
    if any(p is None for p in parts):
        return None
    rest = sorted({p for p in parts if p != ()}, key=repr)
    if not rest:
        return ()
    return rest[0] if len(rest) == 1 else ("bcast", tuple(rest))


def _fixed(node, in_loop):
    """An index or size expression whose value cannot change between loop iterations."""
    return all(not (isinstance(n, ast.Name) and n.id in in_loop) for n in ast.walk(node))


def _subscript(v, sym, in_loop, ns, ranks):
    if isinstance(v.value, ast.Attribute) and v.value.attr == "shape":
        return ()
    base = _term(v.value, sym, in_loop, ns, ranks)
    if base is None:
        return None
    if base[0] == "list" or isinstance(v.value, ast.Name) and not isinstance(ranks.get(v.value.id), int):
        return _element(base, v.slice)
    parts = []
    for p in (v.slice.elts if isinstance(v.slice, ast.Tuple) else [v.slice]):
        if isinstance(p, ast.Slice):
            if not _fixed(p, in_loop):
                return None
            parts.append(ast.dump(p))
        elif isinstance(p, ast.Constant) and p.value is None:
            parts.append("newaxis")
        elif isinstance(p, ast.Constant) or isinstance(p, ast.Name) and ranks.get(p.id) == 0:
            parts.append("int")
        elif isinstance(p, ast.Name):
            # an index array: an integer one gives its own shape, a boolean mask as many
            # elements as it has True values; either is one shape only while its value is
            # fixed (a name not assigned in a loop), so the term names the index itself
            if p.id in in_loop or _term(p, sym, in_loop, ns, ranks) is None:
                return None
            parts.append(("index", p.id))
        else:
            return None
    if isinstance(v.value, ast.Name) and ranks.get(v.value.id) == len(parts) and set(parts) == {"int"}:
        return ()  # one element
    return ("sub", base, tuple(parts))


def _element(base, index):
    """An element of what may be a Python list: its elements may differ in shape (``[x[:2],
    x[2:]]``, a list of weight matrices), so a variable index names no one shape unless every
    element of a list display has the same term, and a constant index names its own."""
    if isinstance(index, ast.Constant) and type(index.value) is int:
        if base[0] == "list":
            return base[1][index.value] if -len(base[1]) <= index.value < len(base[1]) else None
        return ("item", base, index.value)
    if base[0] == "list" and isinstance(index, ast.Name) and len(set(base[1])) == 1:
        return base[1][0]
    return None


def _call(v, sym, in_loop, ns, ranks):
    fn = resolve(ns, v.func)
    if fn is None:
        return None
    args = [_term(a, sym, in_loop, ns, ranks) for a in v.args]
    rest = tuple(ast.dump(k) for k in v.keywords)
    try:
        if is_scalar_call(fn, v):
            return ()
        if fn in ALLOCATORS:
            return ("alloc", ast.dump(v)) if _fixed(v, in_loop) else None
        if fn in REDUCTIONS:
            if len(v.args) == 1 and not v.keywords:
                return ()
            return None if args[0] is None or not _fixed(v, in_loop) else (
                "reduce", getattr(fn, "__name__", ""), args[0], tuple(ast.dump(a) for a in v.args[1:]) + rest)
        if fn in (np.dot, np.matmul) and len(args) == 2:
            return None if None in args else ("matmul", args[0], args[1])
        if fn in SAME_SHAPE or isinstance(fn, np.ufunc):
            return _broadcast(args[:3] if fn is np.where else args[:1] if fn is not np.clip and not isinstance(
                fn, np.ufunc) and fn not in (np.maximum, np.minimum) else args)
        if fn in (np.transpose, np.reshape, np.ravel, np.outer) and None not in args and _fixed(v, in_loop):
            return ("call", fn.__name__, tuple(args), tuple(ast.dump(a) for a in v.args[1:]) + rest)
    except TypeError:
        return None
    return None
