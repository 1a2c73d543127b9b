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
  change it (it is only passed to NumPy functions or indexed); an element of a Python list
  (a list display, or a name of no array rank) only when the index is a constant or every
  element has the same term;
* (the terms of expressions are built in ``shape_terms.py``;) the terms of names are a
  least fixpoint, from "not assigned yet" (a loop's state takes the
  shape of its initial value, then every assignment in the loop must give that shape
  again: an induction over the run); a name whose assignments give different terms
  has none. Slices and allocations whose bounds change in a loop, unknown functions and
  growing lists have no term (unstable).
"""
import ast

from . import dims as D
from .ir import resolve
from .receivers import changed_with_copies
from .shape_terms import BOTTOM, READERS, Ctx, canonical, term


class Stable(set):
    """The names whose shape never changes; ``terms`` maps each to its symbolic shape."""
    terms = {}


def stable_shapes(stmts, params, ns, ranks=None, ragged=True):
    """The names (parameters and globals included) whose shape never changes, with their
    shape terms (``.terms``). With ``ragged`` (Python's lists), an item of a name that may hold a
    list has no one shape unless a display gives it one; without (numba's: a list of arrays is
    checked to be one array when it runs, a list of tuples holds tuples of one type), its items
    share a shape, as the rows of an array."""
    sites, in_loop, loads = {}, set(), {}
    _collect(stmts, False, sites, in_loop)
    _changed_with_copies(stmts, sites, in_loop)
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
    sym.update({p: canonical(D.lift(("param", p), ranks.get(p))) for p in params if p not in sites})
    sym.update({g: canonical(D.lift(("global", g), ranks.get(g))) for g in ns.objects})
    sym.update({n: () for n in sites if ranks.get(n) == 0})
    stored = {n for n, use in loads.items() if use.get("stored")}
    ctx = Ctx(sym, in_loop, ns, ranks, fixed, lists, stored, ragged)
    names = [n for n in sites if ranks.get(n) != 0]
    for _ in range(2 * len(names) + 10):
        changed = False
        for name in names:
            new = _join([_lifted(_site(v, name, ctx), ranks.get(name)) for v in sites[name]])
            if new is None and name in once:
                new = canonical(D.lift(("var", name), ranks.get(name)))  # assigned once: one shape, whatever it is
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
    return term(v, ctx)


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


def _changed_with_copies(stmts, sites, in_loop):
    """A list changed by its methods (``L.remove(r)``, ``v = L.pop()``: a list of another length), under
    its name or another (``c = cands``, then ``c.remove(b)``: a helper's parameter inlined), has no one
    shape under any of its names."""
    for m in changed_with_copies(stmts):
        sites.setdefault(m, []).append(None)
        in_loop.add(m)


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

