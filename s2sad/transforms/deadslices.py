"""Dead slice stores and needless copies of adjoint slices (part of stage 8, optimize).

The adjoint of ``M[:, j:] = v`` reads ``b_M[:, j:]`` into ``b_v`` and zeroes that slice
(the values ``M`` held there before were overwritten); since ``b_v`` is a view, the
accumulate stage copies it first (``b_v = own(b_M[:, j:])``). When what follows reads
``b_M`` only where the zeroing did not write (``b_M[:, :j]``, the adjoint of
``M[:, :j] = u``) and ``b_M`` is dead at the end of the block, the zeroing changes
nothing anyone reads (``dead_zeroings``); the copy then protects nothing
(``needless_owns``), and so does one added at once to an array that shares no memory
with it (``b_A[1:, j:] += own(b_M[:, j:])``).

Invariants. A zeroing ``a[R] = c`` (``a`` an adjoint, ``c`` a constant) goes only when
every name that may share ``a``'s memory (``groups``: names assigned from expressions
reading each other; a call's value counted as a view of its arguments, but for ``own``,
``np.copy`` and the adjoints a split function's reverse returns; arithmetic gives new arrays) is,
after it in its block, read only as ``x[R']`` with ``R'`` provably disjoint from ``R``
(one axis ``[:X]`` against ``[X:]``, ``X`` the same value: names compared after
following plain copies ``k = j`` whose source is not reassigned), never written, and is
*local to the block* (read only there, and first bound there by a statement that does not
read it: dead at the block's end, also in a loop). A copy
``b = own(e)``, with ``e`` reading an adjoint ``a``, goes when ``b`` is local to the
block and, after it in the block, nothing writes into ``b``, ``a`` or a name sharing
memory with either (a subscript store, an augmented assignment, a call that is not pure).
"""
import ast

from .. import astutil as A
from ..analyses.ir import resolve
from ..rules.registry import _SHAPE_ONLY
from .purity import pure


def dead_slices(fdef, ns):
    """Remove dead zeroings, then needless ``own`` copies, in every block of ``fdef``; True if
    anything changed."""
    changed = False
    for block in _blocks(fdef.body):
        changed = _zeroings(fdef, block, ns) or changed
    groups = _Groups(fdef, ns)
    for block in _blocks(fdef.body):
        changed = _owns(fdef, block, ns, groups) or changed
    return changed


class _Groups:
    """``_groups(fdef, ns)``, made again only after ``_owns`` changed the tree (it walks the
    whole function: made once per candidate copy, it was most of the build time of a long
    function with many adjoint slices)."""

    def __init__(self, fdef, ns):
        self.fdef, self.ns, self.value = fdef, ns, None

    def get(self):
        if self.value is None:
            self.value = _groups(self.fdef, self.ns)
        return self.value

    def changed(self):
        self.value = None


def _blocks(stmts):
    yield stmts
    for s in stmts:
        for field in ("body", "orelse"):
            inner = getattr(s, field, None)
            if isinstance(inner, list) and not isinstance(s, (ast.FunctionDef, ast.ClassDef)):
                yield from _blocks(inner)


def _stores(node):
    """Names ``node`` (a statement, nested ones included) binds, and names it writes into."""
    bound, written = set(), set()
    for n in A.walk(node):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            bound.add(n.id)
        elif isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Store):
            written.add(A.base_name(n))
        elif isinstance(n, ast.AugAssign):
            written.add(A.base_name(n.target))
        elif isinstance(n, (ast.For, ast.comprehension)):
            bound |= {t.id for t in A.walk(n.target) if isinstance(t, ast.Name)}
    return bound, written - {None}


def _groups(fdef, ns):
    """name -> the names that may share its memory (itself included)."""
    parent = {}

    def find(v):
        while parent.get(v, v) != v:
            v = parent[v]
        return v
    for node in A.walk(fdef):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            targets = [t.id for t in A.walk(node.targets[0]) if isinstance(t, ast.Name)]
            sources = _viewed(node.value, ns)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):   # lst.append(b)
            targets, sources = [n.id for n in A.walk(node.func.value) if isinstance(n, ast.Name)], _loads(node)
        else:
            continue
        for src in sources:
            for t in targets:
                parent[find(t)] = find(src)
    out = {}
    for v in set(parent) | set(parent.values()):
        out.setdefault(find(v), set()).add(v)
    return {v: g for g in out.values() for v in g}


def _viewed(expr, ns):
    """Names whose memory ``expr``'s value may share."""
    if isinstance(expr, ast.Name):
        return {expr.id}
    if isinstance(expr, (ast.BinOp, ast.UnaryOp, ast.Constant, ast.Compare, ast.BoolOp)):
        return set()
    if isinstance(expr, ast.Call):
        if _is_copy(expr, ns) or getattr(expr, "_s2sad_fresh", False):
            return set()
        fn = resolve(ns, expr.func)
        runtime = (getattr(fn, "__module__", None) or "").startswith("s2sad.rules.runtime")
        skip = _SHAPE_ONLY.get(getattr(fn, "__name__", None), ()) if runtime else ()  # unbroadcast(g, like)
        args = [a for k, a in enumerate(expr.args) if k not in skip] + [k.value for k in expr.keywords]
        return {v for a in args for v in _viewed(a, ns)}
    if isinstance(expr, (ast.Subscript, ast.Attribute, ast.Starred)):
        return _viewed(expr.value, ns)
    return {n.id for n in A.walk(expr) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _is_copy(call, ns):
    fn = resolve(ns, call.func)
    module = getattr(fn, "__module__", None) or ""     # (None for a ufunc's method: np.maximum.accumulate)
    return getattr(fn, "__name__", None) in ("own", "copy") and module.startswith(("s2sad.rules.runtime", "numpy"))


def _local(fdef, block, i, name):
    """``name`` is read only in ``block``, and the first statement of ``block`` that mentions it
    binds it without reading it (``b = ...``): it is dead at the block's end, also in a loop."""
    first = next((k for k, s in enumerate(block) if any(isinstance(n, ast.Name) and n.id == name
                                                         for n in A.walk(s))), None)
    if first is None or not (isinstance(block[first], ast.Assign) and isinstance(block[first].targets[0], ast.Name)
                             and block[first].targets[0].id == name and name not in _loads(block[first].value)):
        return False
    inside = {id(n) for s in block[first:] for n in A.walk(s)}
    return all(id(n) in inside for n in A.walk(fdef) if isinstance(n, ast.Name) and n.id == name
               and isinstance(n.ctx, ast.Load))


def _loads(node):
    return {n.id for n in A.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _copies(block, upto):
    """name -> what it holds at statement ``upto`` of ``block``, following plain copies
    ``k = j`` (a name bound any other way, or whose source changed, holds itself at ``k``)."""
    env = {}
    for k, s in enumerate(block[:upto]):
        bound, _ = _stores(s)
        for v in list(env):
            if env[v] in bound:
                env[v] = f"{v}@{k}"
        for v in bound:
            env[v] = f"{v}@{k}"
        if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name) and isinstance(s.value, ast.Name):
            env[s.targets[0].id] = env.get(s.value.id, s.value.id)
    return env


def _bound_of(expr, env):
    if expr is None:
        return None
    return ast.dump(_Subst(env).visit(A.clone(expr)))


class _Subst(ast.NodeTransformer):
    def __init__(self, env):
        self.env = env

    def visit_Name(self, node):
        return ast.Name(id=self.env.get(node.id, node.id), ctx=ast.Load())


def _parts(sub):
    return sub.slice.elts if isinstance(sub.slice, ast.Tuple) else [sub.slice]


def _disjoint(r1, env1, r2, env2):
    """Some axis is ``[:X]`` in one and ``[X:]`` in the other, ``X`` the same value."""
    p1, p2 = _parts(r1), _parts(r2)
    if len(p1) != len(p2) or any(isinstance(p, ast.Starred) or isinstance(p, ast.Constant) and p.value is Ellipsis
                                 for p in p1 + p2):
        return False
    for a, b in zip(p1, p2):
        if isinstance(a, ast.Slice) and isinstance(b, ast.Slice) and a.step is None and b.step is None:
            if a.lower is None and b.upper is None and a.upper is not None and b.lower is not None:
                if _bound_of(a.upper, env1) == _bound_of(b.lower, env2):
                    return True
            if a.upper is None and b.lower is None and a.lower is not None and b.upper is not None:
                if _bound_of(a.lower, env1) == _bound_of(b.upper, env2):
                    return True
    return False


def _zeroing(s):
    """(adjoint name, target subscript) of ``b_a[R] = <constant>``, else None."""
    if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Subscript) \
            and isinstance(s.targets[0].value, ast.Name) and s.targets[0].value.id.startswith("b_") \
            and isinstance(s.value, ast.Constant) and isinstance(s.value.value, (int, float)):
        return s.targets[0].value.id, s.targets[0]
    return None


def _zeroings(fdef, block, ns):
    changed, groups = False, None
    for i, s in enumerate(list(block)):
        z = _zeroing(s)
        if z is None:
            continue
        groups = groups or _groups(fdef, ns)
        members = groups.get(z[0], {z[0]})
        if all(_local(fdef, block, i, m) for m in members) and _only_disjoint(block, i, members, z[1], ns):
            block.remove(s)
            changed = True
    return changed


def _only_disjoint(block, i, members, region, ns):
    """After statement ``i``, ``members`` are only read, each read a subscript disjoint from ``region``
    or a name assigned such a subscript (``b_u = unbroadcast(b_M[:, :j], u)``) after ``i``."""
    env0, views = _copies(block, i), set()
    for k in range(i + 1, len(block)):
        s = block[k]
        bound, written = _stores(s)
        view = _view_of(s, members, ns)
        if view is not None and _disjoint(region, env0, view, _copies(block, k)):
            views.add(s.targets[0].id)
            bound = bound - views
        if (bound | written) & members:
            return False
        env, seen = _copies(block, k + 1 if isinstance(s, (ast.If, ast.For, ast.While)) else k), set()
        for n in A.walk(s):
            if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and n.value.id in members - views:
                if not _disjoint(region, env0, n, env):
                    return False
                seen.add(id(n.value))
        if any(isinstance(n, ast.Name) and n.id in members - views and id(n) not in seen for n in A.walk(s)):
            return False
    return True


def _view_of(s, members, ns):
    """The subscript ``a[R]`` of ``v = a[R]`` or ``v = unbroadcast(a[R], y)``, ``a`` among ``members``."""
    if not (isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name)):
        return None
    e = s.value
    if isinstance(e, ast.Call) and getattr(resolve(ns, e.func), "__name__", None) == "unbroadcast" and e.args:
        e = e.args[0]
    if isinstance(e, ast.Subscript) and isinstance(e.value, ast.Name) and e.value.id in members:
        return e
    return None


def _owned_slice(fdef, s, ns):
    """(target, adjoint read) of ``b = own(a[R])`` or ``b = own(unbroadcast(a[R], y))``, ``R``
    with a slice and ``y`` a slice of an array (so the value is an array, never a number
    that ``own`` would turn into a Python float), else None."""
    if not (isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name) and isinstance(s.value, ast.Call)
            and len(s.value.args) == 1 and _is_copy(s.value, ns)
            and getattr(resolve(ns, s.value.func), "__name__", None) == "own"):
        return None
    e = s.value.args[0]
    if isinstance(e, ast.Call) and getattr(resolve(ns, e.func), "__name__", None) == "unbroadcast" \
            and len(e.args) == 2 and (_sliced(e.args[1]) or _always_sliced(fdef, e.args[1])):
        e = e.args[0]
    if _sliced(e) and isinstance(e.value, ast.Name) and e.value.id.startswith("b_"):
        return s.targets[0].id, e.value.id
    return None


def _always_sliced(fdef, e):
    """Whether every assignment of name ``e`` in ``fdef`` is ``e = x[R]``, ``R`` with a slice."""
    if not isinstance(e, ast.Name):
        return False
    sites = [s for s in A.walk(fdef) if isinstance(s, ast.stmt) and not hasattr(s, "body") and e.id in _stores(s)[0]]
    return bool(sites) and all(isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name)
                               and _sliced(s.value) for s in sites)


def _sliced(e):
    return isinstance(e, ast.Subscript) and any(isinstance(p, ast.Slice) for p in _parts(e))


def _owns(fdef, block, ns, memo):
    """``memo``: the ``_Groups`` of ``fdef``, told of every change made here."""
    changed = False
    for s in block:      # t += own(e): the copy is added and dropped at once
        if isinstance(s, ast.AugAssign) and isinstance(s.value, ast.Call):
            probe = A.at(ast.Assign(targets=[ast.Name(id="_", ctx=ast.Store())], value=s.value), s)
            o = _owned_slice(fdef, probe, ns)
            base = A.base_name(s.target)
            if o is None or base is None:
                continue
            groups = memo.get()
            if not groups.get(base, {base}) & groups.get(o[1], {o[1]}):
                s.value = s.value.args[0]
                changed = True
                memo.changed()
    for i, s in enumerate(block):
        o = _owned_slice(fdef, s, ns)
        if o is None or not _local(fdef, block, i, o[0]):
            continue
        groups = memo.get()
        members = groups.get(o[0], {o[0]}) | groups.get(o[1], {o[1]})
        if not any(_writes(t, members, ns) for t in block[i + 1:]):
            s.value = s.value.args[0]
            changed = True
            memo.changed()
    return changed


def _writes(stmt, members, ns):
    """Whether ``stmt`` may write into the memory of ``members`` (binding a name is no write)."""
    if _stores(stmt)[1] & members:
        return True
    return any(isinstance(n, ast.Call) and not pure(n, ns) and {a.id for a in A.walk(n) if isinstance(a, ast.Name)}
               & members for n in A.walk(stmt))
