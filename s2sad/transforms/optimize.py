"""Stage 8, optimize: constant folding, dead-code elimination, copy propagation.

* ``fold`` simplifies what rule templates leave behind (``x ** (2 - 1)`` ->
  ``x``, ``e * 1`` -> ``e``); it runs before the accumulate stage.
* ``dead_code`` removes assignments nothing reads: the adjoints of values
  nobody asked for, forward values neither returned nor needed by the
  reverse sweep. Calls that may have side effects are always kept.
* ``propagate`` replaces a name assigned once from an expression and read
  once, in the same block, by that expression (``t = x * y; z = t + 1`` ->
  ``z = x * y + 1``), and a once-assigned copy of a once-assigned name by the
  name itself; this undoes most of the temporaries the normal form needed.
* ``drop_dead_tapes`` (:mod:`s2sad.transforms.deadtapes`) removes a tape whose
  popped values nothing reads: its pushes, pops and creation.
"""
import ast
import math
import operator
import types

import numpy as np

from .. import astutil as A
from ..rules import runtime
from ..analyses.ir import resolve
from .deadtapes import drop_dead_tapes

FOLD = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
        ast.Div: operator.truediv, ast.Pow: operator.pow}
PURE_BUILTINS = {len, range, float, int, abs, min, max, bool, round, slice}


class _Fold(ast.NodeTransformer):
    def visit_BinOp(self, node):
        self.generic_visit(node)
        left, right = node.left, node.right
        num = (int, float)
        if isinstance(left, ast.Constant) and isinstance(right, ast.Constant) and type(node.op) in FOLD \
                and type(left.value) in num and type(right.value) in num:
            try:
                return A.const(FOLD[type(node.op)](left.value, right.value))
            except (ZeroDivisionError, OverflowError):
                return node
        one = lambda e: isinstance(e, ast.Constant) and type(e.value) in num and e.value == 1  # noqa: E731
        if isinstance(node.op, (ast.Pow, ast.Mult, ast.Div)) and one(right):
            return left
        if isinstance(node.op, ast.Mult) and one(left):
            return right
        return node

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) \
                and type(node.operand.value) in (int, float):
            return A.const(-node.operand.value)
        return node


def fold(tree):
    _Fold().visit(tree)


def copy_backs(stmts):
    """Mark ``b = a`` right after ``a = b`` (nothing stored in between): it changes nothing."""
    last = {}
    for s in stmts:
        for field in ("body", "orelse"):
            block = getattr(s, field, None)
            if isinstance(block, list):
                copy_backs(block)
        if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name) and isinstance(s.value, ast.Name):
            a, b = s.targets[0].id, s.value.id
            if last.get(b) == a:
                s._s2sad_copy_back = True
                continue
            last = {k: v for k, v in last.items() if a not in (k, v)}
            last[a] = b
        elif not _is_comment(s):
            stored = {n.id for n in ast.walk(s) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
            stored |= {A.base_name(t) for n in ast.walk(s) if isinstance(n, (ast.AugAssign, ast.Assign))
                       for t in (n.targets if isinstance(n, ast.Assign) else [n.target])}
            last = {k: v for k, v in last.items() if k not in stored and v not in stored}


def optimize(fdef, ns, aliases=None, tapes=()):
    """``aliases``: name -> names that may share its memory; a value reading one of them
    is not moved past a statement that writes into another. ``tapes``: the names of the
    tape lists and arrays the forward sweep fills."""
    _ALIASES.update(aliases or {})
    try:
        for _ in range(4):
            copy_backs(fdef.body)
            before = _size_of(fdef.body)
            fdef.body, _ = dead_code(fdef.body, set(), ns)
            changed = propagate(fdef, ns)
            changed = drop_dead_tapes(fdef, ns, tapes, dead_code) or changed
            if not changed and _size_of(fdef.body) == before:
                break
    finally:
        _STORES.clear()
        _ALIASES.clear()
        _LOADS.clear()
        _VIEWS.clear()
    fdef.body = tidy(fdef.body)


def _size_of(stmts):
    """Number of statements, nested ones included (dead code only ever removes some)."""
    return sum(1 + _size_of(getattr(s, "body", [])) + _size_of(getattr(s, "orelse", [])) for s in stmts)


def _is_comment(s):
    return isinstance(s, ast.Expr) and isinstance(s.value, ast.Call) \
        and isinstance(s.value.func, ast.Name) and s.value.func.id == "__comment__"


def tidy(stmts):
    """Drop comments with no code under them; give empty blocks a ``pass``."""
    out = []
    for i, s in enumerate(stmts):
        if _is_comment(s) and (i + 1 == len(stmts) or _is_comment(stmts[i + 1])):
            continue
        for field in ("body", "orelse"):
            block = getattr(s, field, None)
            if isinstance(block, list) and block:
                setattr(s, field, tidy(block) or ([ast.Pass()] if field == "body" else []))
        out.append(s)
    return out


# ---- purity -----------------------------------------------------------------------

def pure(expr, ns):
    for node in ast.walk(expr):
        if isinstance(node, ast.Call):
            fn = resolve(ns, node.func)
            if fn is None:
                return False
            if isinstance(fn, np.ufunc) or getattr(fn, "__module__", "") and (
                    str(getattr(fn, "__module__", "")).startswith("numpy")
                    or fn.__module__ == runtime.__name__):
                continue
            if isinstance(fn, types.BuiltinFunctionType) and fn in vars(math).values():
                continue
            if fn in PURE_BUILTINS:
                continue
            return False
    return True


def uses(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} \
        if node is not None else set()


# ---- dead code ----------------------------------------------------------------------

def dead_code(stmts, live, ns):
    """Remove dead pure assignments; return (statements, names live before them)."""
    out = []
    live = set(live)
    for s in reversed(stmts):
        keep, live = _dce_stmt(s, live, ns)
        if keep is not None:
            out.append(keep)
    return list(reversed(out)), live


def _dce_stmt(s, live, ns):
    if isinstance(s, ast.Assign):
        tgt = s.targets[0]
        if isinstance(tgt, ast.Name) and isinstance(s.value, ast.Name) and (
                s.value.id == tgt.id or getattr(s, "_s2sad_copy_back", False)):
            return None, live
        if isinstance(tgt, ast.Subscript):
            base = tgt.value.id if isinstance(tgt.value, ast.Name) else None
            if base is not None and base not in live and base.startswith("b_") and pure(s.value, ns):
                return None, live
            return s, live | uses(tgt) | uses(s.value) | ({base} if base else set())
        names = {n.id for n in ast.walk(tgt) if isinstance(n, ast.Name)}
        if not (names & live) and pure(s.value, ns):
            return None, live
        return s, (live - names) | uses(s.value)
    if isinstance(s, ast.AugAssign):
        tgt = s.target
        base = A.base_name(tgt)
        if base is not None and base not in live and pure(s.value, ns) \
                and (isinstance(tgt, ast.Name) or base.startswith("b_")):
            return None, live
        return s, live | uses(tgt) | uses(s.value) | ({base} if base else set())
    if isinstance(s, ast.If):
        body, l1 = dead_code(s.body, live, ns)
        orelse, l2 = dead_code(s.orelse, live, ns)
        if not body and not orelse and pure(s.test, ns):
            return None, live
        new = A.at(ast.If(test=s.test, body=body or [ast.Pass()], orelse=orelse), s)
        return new, l1 | l2 | uses(s.test)
    if isinstance(s, (ast.For, ast.While)):
        return _dce_loop(s, live, ns)
    if isinstance(s, ast.Pass):
        return None, live
    return s, live | uses(s)


def _dce_loop(s, live, ns):
    """Liveness over a loop: iterate until the names live at the end of the body settle."""
    head = uses(s.iter) if isinstance(s, ast.For) else uses(s.test)
    target = {s.target.id} if isinstance(s, ast.For) else set()
    end_live = set(live) | head
    while True:
        body, body_in = dead_code(s.body, end_live, ns)
        new_end = end_live | (body_in - target)
        if new_end == end_live:
            break
        end_live = new_end
    if not body and isinstance(s, ast.For) and pure(s.iter, ns) and s.target.id not in live:
        return None, live
    new = A.clone_shallow(s)
    new.body = body or [ast.Pass()]
    return new, set(live) | head | (body_in - target)


# ---- copy propagation and re-nesting ----------------------------------------------

def propagate(fdef, ns):
    changed = False
    for _ in range(100):
        if not _propagate_pass(fdef, ns):
            return changed
        changed = True
    return changed


def _counts(fdef):
    stores, loads = {}, {}
    for node in ast.walk(fdef):
        if isinstance(node, ast.Name):
            d = stores if isinstance(node.ctx, ast.Store) else loads
            d[node.id] = d.get(node.id, 0) + 1
        elif isinstance(node, (ast.AugAssign, ast.Assign)):
            for base in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                if isinstance(node, ast.Assign) and not isinstance(base, ast.Subscript):
                    continue
                name = A.base_name(base)
                if name is not None:
                    stores[name] = stores.get(name, 0) + 2
    return stores, loads


def _view_bases(fdef):
    """name -> the names whose memory it may share (``t = W[:, 1]``, ``v = x``, ``r = x.T``,
    ``r = x.reshape(n)``), so that a value is never moved past a write into an array it views."""
    parent = {}
    for node in ast.walk(fdef):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            base = _view_base(node.value)
            if base is not None and base != node.targets[0].id:
                parent.setdefault(node.targets[0].id, set()).add(base)
    closure = {}
    for name in parent:
        seen, todo = set(), [name]
        while todo:
            for p in parent.get(todo.pop(), ()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        closure[name] = seen
    return closure


# calls whose result may share memory with their array argument (or with the object a method is called on)
_VIEW_CALLS = {"asarray", "reshape", "ravel", "transpose", "squeeze", "expand_dims", "swapaxes", "moveaxis",
               "atleast_1d", "atleast_2d", "atleast_3d", "diagonal", "view", "flip", "fliplr", "flipud",
               "broadcast_to", "real", "imag", "item"}


def _view_base(v):
    """The name whose memory the value of expression ``v`` may share, or None if it is fresh."""
    while True:
        if isinstance(v, ast.Name):
            return v.id
        if isinstance(v, (ast.Subscript, ast.Attribute)):
            v = v.value
        elif isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr in _VIEW_CALLS:
            module = isinstance(v.func.value, ast.Name) and v.func.value.id == "np"
            if module and not v.args:
                return None
            v = v.args[0] if module else v.func.value
        else:
            return None


def _propagate_pass(fdef, ns):
    """Make every safe substitution, keeping the use counts exact as it goes."""
    stores, loads = _counts(fdef)
    _VIEWS.clear()
    _VIEWS.update(_view_bases(fdef))
    params = {a.arg for a in fdef.args.args}
    blocks = [fdef.body] + [getattr(n, f) for n in ast.walk(fdef) if n is not fdef
                            for f in ("body", "orelse") if isinstance(getattr(n, f, None), list)]
    changed = False
    for block in blocks:
        i = 0
        while i < len(block):
            s = block[i]
            if _candidate(s, stores, loads, params, ns) and _apply(block, i, stores, loads):
                changed = True
                continue
            i += 1
    return changed


def _apply(block, i, stores, loads):
    name, value = block[i].targets[0].id, block[i].value
    j = _single_use(block, i, name, value, stores, loads)
    if j is None:
        return False
    if isinstance(value, ast.Name):
        for later in block[i + 1:]:
            if name in _loads_of(later):
                _Replace(name, value).visit(later)
                _edited(later)
        loads[value.id] = loads.get(value.id, 0) + loads.get(name, 0) - 1
    elif not _substitute(block[j], name, value):
        return False
    else:
        _edited(block[j])
    loads[name], stores[name] = 0, 0
    del block[i]
    return True


def _candidate(s, stores, loads, params, ns):
    if not (isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name)):
        return False
    name = s.targets[0].id
    if stores.get(name, 0) != 1 or name in params or name.startswith("tape_"):
        return False
    if isinstance(s.value, ast.Name):
        return loads.get(name, 0) >= 1 and not s.value.id.startswith("tape_")
    return loads.get(name, 0) == 1 and pure(s.value, ns) and not isinstance(s.value, ast.List)


def _single_use(block, i, name, value, stores, loads):
    """Index j > i of the one direct statement using ``name`` if moving ``value`` there is safe."""
    deps = uses(value)
    deps = deps | {m for d in deps for m in _ALIASES.get(d, ())}
    deps = deps | {b for d in deps for b in _VIEWS.get(d, ())}
    for j in range(i + 1, len(block)):
        s = block[j]
        if _is_comment(s) and not isinstance(value, ast.Name):
            return None  # keep each source line's adjoint block on its own
        used = name in _loads_of(s)
        if used:
            if isinstance(s, (ast.If, ast.For, ast.While)) and not isinstance(value, ast.Name):
                return None
            if isinstance(value, ast.Name):
                return j if _only_loads_after(block, i, name, value.id, stores, loads) else None
            return j
        if _stores_any(s, deps) or _stores_any(s, {name}):
            return None
    return None


def _only_loads_after(block, i, name, source, stores, loads):
    """For a copy ``name = source``: every use of ``name`` can read ``source`` instead.

    All uses must follow in this block, before ``source`` is next assigned (a use on
    the right-hand side of that very assignment is still fine)."""
    seen = 0
    for s in block[i + 1:]:
        if isinstance(s, (ast.Assign, ast.AugAssign)) and not isinstance(
                s.targets[0] if isinstance(s, ast.Assign) else s.target, ast.Subscript):
            seen += _count_loads(s.value, name)
            if _stores_any(s, {source}):
                return seen == loads.get(name, 0) and not _count_loads(
                    s.targets[0] if isinstance(s, ast.Assign) else s.target, name)
            continue
        if _stores_any(s, {source}):
            return seen == loads.get(name, 0)
        seen += _count_loads(s, name)
    return seen == loads.get(name, 0)


_VIEWS = {}  # name -> names it may share memory with (for the pass under way)
_LOADS = {}  # id(statement) -> {name: number of loads}; dropped when a substitution edits it


def _loads_of(s):
    key = id(s)
    if key not in _LOADS:
        counts = {}
        for n in ast.walk(s):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                counts[n.id] = counts.get(n.id, 0) + 1
        _LOADS[key] = (s, counts)
    return _LOADS[key][1]


def _edited(s):
    for node in ast.walk(s):
        if isinstance(node, ast.stmt):
            _LOADS.pop(id(node), None)


def _count_loads(node, name):
    if isinstance(node, ast.stmt):
        return _loads_of(node).get(name, 0)
    return sum(1 for n in ast.walk(node) if isinstance(n, ast.Name) and n.id == name
               and isinstance(n.ctx, ast.Load))


_ALIASES = {}  # name -> names that may share its memory (set by optimize's caller)
_STORES = {}  # id(statement) -> names it assigns or mutates (substitution never changes this)


def _stores_any(s, names):
    key = id(s)
    if key not in _STORES:
        _STORES[key] = (s, _stored_names(s))
    return not names.isdisjoint(_STORES[key][1])


def _stored_names(s):
    out = set()
    for node in ast.walk(s):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            out.add(node.id)
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                base = A.base_name(t)
                if base:
                    out.add(base)
    return out


def _substitute(stmt, name, value):
    """Replace loads of ``name`` in ``stmt`` by ``value``; False if it would change meaning."""
    if isinstance(value, ast.Name):
        _Replace(name, value).visit(stmt)
        return True
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [getattr(stmt, "target", None)]
    for t in targets:
        if isinstance(t, ast.Subscript) and name in uses(t):
            return False
    if not isinstance(stmt, (ast.Assign, ast.AugAssign)) or _size(value) > 6:
        return False
    _Replace(name, value).visit(stmt)
    return True


class _Replace(ast.NodeTransformer):
    def __init__(self, name, value):
        self.name, self.value = name, value

    def visit_Name(self, node):
        if node.id == self.name and isinstance(node.ctx, ast.Load):
            return A.clone(self.value)
        return node


def _size(expr):
    return sum(isinstance(n, (ast.BinOp, ast.UnaryOp, ast.Call, ast.Subscript)) for n in ast.walk(expr))
