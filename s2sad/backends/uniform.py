"""Uniform adjoints kept as one number (part of the ``jit`` stage, after ``specialize``).

The adjoint of a sum is uniform: ``b_c = np.full(t2.shape, dout + 0.0)`` (what ``specialize``
writes for ``sum_grad``). Scaled by numbers it stays uniform (``b_b = b_c * 100``, then
``b_b = b_b * 2`` once per trip of a ``while`` loop, MXNet's example), and each scaling is a
pass over the array and, under numba, an allocation. Such a name is carried as its shape and
the value of each element instead, and an array is made only where a value of it is read::

    b_c = np.full(t2.shape, dout + 0.0)     ->  b_c_shape = t2.shape; b_c_each = dout + 0.0
    b_b = b_b * 2                           ->  b_b_shape = b_b_shape; b_b_each = b_b_each * 2
    return t3, b_a                          ->  return t3, np.full(b_a_shape, b_a_each)

(``np.full(s, v) * k`` and ``np.full(s, v * k)`` are equal element by element: NumPy rounds
each element's product alone.) A name is carried so (*uniform*) only when, for the whole
function:

* it is an adjoint name and every assignment to it is a plain ``name = ...`` of one of the
  forms ``np.full(shape, v)`` (``shape`` a tuple display or ``x.shape``), ``u``, ``u * k``,
  ``k * u``, ``u / k``, ``-u``, with ``v``/``k`` numbers (rank 0; no ``bool`` constant) and
  ``u`` uniform too;
* it is never updated in place, stored into (``u[i] = ...``, ``u += ...``) or bound otherwise;
* every other read of it is ``u.shape``, or an operand of arithmetic or a comparison, or
  (part of) the returned value, outside any loop: the array made there is new, nothing
  else holds it, and it is made at most once per call at each such place.

Arrays are never written, so the names that shared one array (``b_b = b_c``) still hold
equal values. Names that fail a condition are removed until none fails (a fixpoint).
"""
import ast

import numpy as np

from .. import astutil as A
from ..frontend.resolve import np_ref
from .inplace import Ranks

_LOOPS = (ast.For, ast.While, ast.AsyncFor)


def rewrite(fdef, ns, ranks, adjoints):
    """Carry the uniform adjoints of ``fdef`` as numbers (in place); returns the names so carried."""
    r = Ranks(ranks, adjoints, ns)
    sites, bad = {}, set(a.arg for a in fdef.args.args + fdef.args.kwonlyargs)
    _collect(fdef.body, 0, sites, bad)
    bad.update(n.target.id for n in ast.walk(fdef) if isinstance(n, ast.NamedExpr))
    uniform = {n for n, ss in sites.items() if n in adjoints and n not in bad}
    parents = {id(c): p for p in ast.walk(fdef) for c in ast.iter_child_nodes(p)}
    while True:
        drop = {n for n in uniform if not all(_form(s.value, uniform, r, ns) for s, _ in sites[n])}
        drop |= _badly_read(fdef, uniform, sites, parents)
        if not drop:
            break
        uniform -= drop
    if uniform:
        names = {n: (_fresh(ns, f"{n}_shape"), _fresh(ns, f"{n}_each")) for n in sorted(uniform)}
        _Rewrite(names, ns).visit(fdef)
        ast.fix_missing_locations(fdef)
    return uniform


def _fresh(ns, base):
    namer = getattr(ns, "namer", None)
    return namer.fresh(base) if namer is not None else base


def _collect(stmts, depth, sites, bad):
    """``sites[name]``: the plain assignments to ``name`` (with their loop depth); ``bad``: the
    names bound any other way (unpacked, a loop target, updated in place, stored into)."""
    for s in stmts:
        if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name):
            sites.setdefault(s.targets[0].id, []).append((s, depth))
        elif isinstance(s, (ast.If, *_LOOPS)):
            if isinstance(s, (ast.For, ast.AsyncFor)):
                bad.update(A.names_in(s.target))
            for inner in (s.body, s.orelse):
                _collect(inner, depth + isinstance(s, _LOOPS), sites, bad)
        else:
            for node in ast.walk(s):
                if isinstance(node, (ast.Name, ast.Subscript, ast.Attribute, ast.Starred)) and \
                        isinstance(node.ctx, (ast.Store, ast.Del)):
                    bad.update(A.names_in(node))
                elif isinstance(node, ast.AugAssign):
                    bad.update(A.names_in(node.target))


def _number(e, r):
    return r.of(e) == 0 and not any(isinstance(n, ast.Constant) and isinstance(n.value, bool) for n in ast.walk(e))


def _form(v, uniform, r, ns):
    """Whether value ``v`` of an assignment is uniform when the names in ``uniform`` are."""
    if isinstance(v, ast.Name):
        return v.id in uniform
    if isinstance(v, ast.UnaryOp) and isinstance(v.op, ast.USub):
        return isinstance(v.operand, ast.Name) and v.operand.id in uniform
    if isinstance(v, ast.BinOp) and isinstance(v.op, (ast.Mult, ast.Div)):
        for u, k in ((v.left, v.right),) + (((v.right, v.left),) if isinstance(v.op, ast.Mult) else ()):
            if isinstance(u, ast.Name) and u.id in uniform and _number(k, r):
                return True
        return False
    return isinstance(v, ast.Call) and r.function(v) is np.full and len(v.args) == 2 and not v.keywords \
        and _number(v.args[1], r) and (isinstance(v.args[0], ast.Tuple) or isinstance(v.args[0], ast.Attribute)
                                       and v.args[0].attr == "shape")   # a tuple, as u.shape reads it


def _badly_read(fdef, uniform, sites, parents):
    """The uniform names read where an array of them would be made inside a loop, or handed to
    what may keep or write it."""
    ours = {id(s.value) for n in uniform for s, _ in sites[n]}
    depth = _depths(fdef)
    out = set()
    for node in ast.walk(fdef):
        if not (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in uniform):
            continue
        up = parents.get(id(node))
        if isinstance(up, ast.Attribute) and up.attr == "shape":
            continue
        if id(up) in ours or id(node) in ours:      # u * k, -u, or u itself, assigned to a uniform name
            continue
        if depth.get(id(node), 0) or not _fresh_use(node, up, parents):
            out.add(node.id)
    return out


def _fresh_use(node, up, parents):
    if isinstance(up, (ast.BinOp, ast.UnaryOp, ast.Compare)):
        return True
    while isinstance(up, ast.Tuple):
        up = parents.get(id(up))
    return isinstance(up, ast.Return)


def _depths(fdef):
    out = {}

    def visit(stmts, depth):
        for s in stmts:
            for node in ast.walk(s):
                out[id(node)] = depth + isinstance(s, _LOOPS)
            if isinstance(s, (ast.If, *_LOOPS)):
                for field in ("body", "orelse"):
                    visit(getattr(s, field), depth + isinstance(s, _LOOPS))
                if isinstance(s, _LOOPS):
                    for node in ast.walk(s.iter if isinstance(s, ast.For) else s.test):
                        out[id(node)] = depth + isinstance(s, ast.While)
                else:
                    for node in ast.walk(s.test):
                        out[id(node)] = depth
    visit(fdef.body, 0)
    return out


class _Rewrite(ast.NodeTransformer):
    def __init__(self, names, ns):
        self.names, self.ns = names, ns

    def visit_Assign(self, node):
        tgt = node.targets[0]
        if not (len(node.targets) == 1 and isinstance(tgt, ast.Name) and tgt.id in self.names):
            return self.generic_visit(node)
        shape, each = self.names[tgt.id]
        v = node.value
        if isinstance(v, ast.Call):
            new_shape, value = self.visit(v.args[0]), self.visit(v.args[1])
        else:
            u = next(n for n in ast.walk(v) if isinstance(n, ast.Name) and n.id in self.names)
            new_shape = A.name(self.names[u.id][0])
            value = _Replace({u.id: self.names[u.id][1]}).visit(v)
        out = [] if isinstance(new_shape, ast.Name) and new_shape.id == shape else \
            [A.at(A.assign(A.name(shape, store=True), new_shape), node)]
        return out + [A.at(A.assign(A.name(each, store=True), value), node)]

    def visit_Attribute(self, node):
        if node.attr == "shape" and isinstance(node.value, ast.Name) and node.value.id in self.names \
                and isinstance(node.ctx, ast.Load):
            return A.at(A.name(self.names[node.value.id][0]), node)
        return self.generic_visit(node)

    def visit_Name(self, node):
        if node.id in self.names and isinstance(node.ctx, ast.Load):
            shape, each = self.names[node.id]
            return A.at(ast.Call(func=np_ref("np.full"), args=[A.name(shape), A.name(each)], keywords=[]), node)
        return node


class _Replace(ast.NodeTransformer):
    def __init__(self, mapping):
        self.mapping = mapping

    def visit_Name(self, node):
        return A.at(A.name(self.mapping[node.id]), node) if node.id in self.mapping else node
