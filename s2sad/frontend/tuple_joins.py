"""Stage 1c''' (before list joins), joins of tuples: ``a + b`` of two tuples is ``tuple([*a, *b])``.

``t = t + (v,)`` (a tuple grown in a loop), ``tuple(xs) + (v,)``, ``t[:1] + (v,) + t[2:]``,
``(a,) * n`` and ``t += (v,)`` make a new tuple of the items of the sides, in order. Reverse mode
refused them (forward mode joined the tangents). A tuple never changes, so the join is the tuple
of a fresh list display of the same items, ``tuple([*a, *b])``, which ``starred_displays`` writes
as appends to a fresh list (``frontend/list_joins.py`` does the same for lists) and every mode
differentiates: each item of the result is an item of one side, its gradient goes back there.
``a + b`` of two arrays is an elementwise sum, so the rewrite happens only where both sides are
surely tuples:

* a tuple display, ``tuple(...)`` (the builtin), a slice of a tuple, a join of tuples, a
  repetition of one by a surely-int count, ``a if c else b`` of tuples;
* a *tuple name*: not ``global``/``nonlocal``, not read by a nested function or lambda, every
  store of which is ``name = <tuple>`` or ``name += <tuple>``: a local, or a parameter the build
  is given a tuple for (``kinds.tuples``: a ``*args`` parameter always is).

``t * n`` (or ``n * t``) is ``tuple([v for _ in range(n) for v in t])`` under the conditions list
joins repeat a list (``t`` a name or a display of names and constants: ``(c * x,) * 3`` holds one
array three times, so its computing items are first bound to names, ``list_joins.hoist_repeated_items``).

A join under ``a if c else b``, ``and``/``or`` or a lambda is left as written (forward mode joins
it, reverse mode refuses it at its line, as before): ``starred_displays`` hoists appends only out of
what always runs.

Where every side's length is known when compiling (a display, a local stored once by a display
or by such a join), the join is that tuple display itself (``a + (v,)`` -> ``(a[0], a[1], v)``;
``(a,) * 3`` -> ``(a, a, a)``), which numba compiles; the other joins (``t = t + (v,)`` in a loop)
are recorded on ``src.unsized_joins`` and refused at their line with ``jit=True``
(``jit_refusal``): numba types a tuple by its length and cannot make one of a list.

Invariant: the result is a new tuple of the same objects, in the same order, as Python's join
builds; the sides are evaluated in Python's order (a tuple's items cannot change between reading
the left side and evaluating the right). Nothing is rewritten where ``tuple`` is not the builtin.
"""
import ast
import builtins

from .. import astutil as A
from ..analyses.list_names import int_names, is_int
from .list_joins import hoist_repeated_items
from .resolve import Resolver


def tuple_joins(src, fdef, namer, given=()):
    """Rewrite, in place, each ``a + b``, ``t * n`` and ``t += b`` of sure tuples (module docstring);
    ``src.unsized_joins``: those whose length is not known when compiling (``jit_refusal``)."""
    src.unsized_joins = []
    if not any(isinstance(n, (ast.BinOp, ast.AugAssign)) and isinstance(n.op, (ast.Add, ast.Mult))
               for n in A.walk(fdef)):
        return
    if "tuple" in A.assigned_locals(fdef) or src.globals.get("tuple", builtins.tuple) is not builtins.tuple:
        return
    resolver = Resolver(src, set(A.assigned_locals(fdef)))
    hoist_repeated_items(src, fdef, namer, resolver=resolver)     # (c * x,) * 3 -> item = c * x; (item,) * 3
    joins = _Joins(_tuple_names(fdef, resolver, set(given)), resolver, int_names(fdef), namer, _stored_once(fdef))
    joins.visit(fdef)
    src.unsized_joins = joins.unsized


def jit_refusal(src):
    """The refusal, for numba, of the first join of ``src`` whose length is not known when compiling
    (``t = t + (v,)`` in a loop: numba types a tuple by its length, and cannot make one of a list),
    or None."""
    from ..errors import unsupported
    joins = getattr(src, "unsized_joins", None) or []
    if not joins:
        return None
    return unsupported(src, joins[0], "this join of tuples with jit=True: its length is not known when "
                       "compiling (a tuple grown in a loop, a join of a tuple of unknown length), and numba "
                       "types a tuple by its length",
                       "Collect the items in a list (`items = []`, `items.append(v)`) or an array "
                       "(`np.array(...)`, `np.stack(...)`) and index that, or use jit=False.")


def _stored_once(fdef):
    """The locals (not parameters) stored exactly once: one stored by a tuple display has a length
    known when compiling (a join of them is a display: ``a + (v,)`` -> ``(a[0], a[1], v)``)."""
    stores = {}
    for n in A.walk(fdef):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            stores[n.id] = stores.get(n.id, 0) + 1
    params = {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)}
    return {name for name, k in stores.items() if k == 1 and name not in params}


def _tuple_names(fdef, resolver, given):
    """The greatest set of names whose every store binds a sure tuple (module docstring)."""
    params = {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)}
    declared = {n for s in A.walk(fdef) if isinstance(s, (ast.Global, ast.Nonlocal)) for n in s.names}
    nested = {n.id for node in A.walk(fdef) if isinstance(node, (ast.FunctionDef, ast.Lambda)) and node is not fdef
              for n in ast.walk(node) if isinstance(n, ast.Name)}
    stores, plain, other = {}, set(), declared | nested
    for node in A.walk(fdef):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                or isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add) and isinstance(node.target, ast.Name):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            stores.setdefault(target.id, []).append(node.value)
            plain.add(id(target))
    for node in A.walk(fdef):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load) and id(node) not in plain:
            other.add(node.id)
    names = (set(stores) | (given & params)) - other - (params - given)
    changed = True
    while changed:
        changed = False
        for name in sorted(names):
            if not all(_is_tuple(v, names, resolver) for v in stores.get(name, ())):
                names.discard(name)
                changed = True
    return names


def _is_tuple(node, names, resolver, ints=None):
    """``node`` surely evaluates to a tuple when the names of ``names`` hold tuples."""
    if isinstance(node, ast.Tuple):
        return isinstance(node.ctx, ast.Load)
    if isinstance(node, ast.Name):
        return node.id in names
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _is_tuple(node.left, names, resolver, ints) and _is_tuple(node.right, names, resolver, ints)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return _is_tuple(node.left, names, resolver, ints) and _int(node.right, ints, resolver) \
            or _int(node.left, ints, resolver) and _is_tuple(node.right, names, resolver, ints)
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
        return _is_tuple(node.value, names, resolver, ints)
    if isinstance(node, ast.IfExp):
        return _is_tuple(node.body, names, resolver, ints) and _is_tuple(node.orelse, names, resolver, ints)
    return _tuple_call(node, resolver)


def _tuple_call(node, resolver):
    return isinstance(node, ast.Call) and not node.keywords and len(node.args) <= 1 \
        and not any(isinstance(a, ast.Starred) for a in node.args) \
        and (getattr(node.func, "_s2sad_obj", None) is builtins.tuple or resolver.obj(node.func) is builtins.tuple)


def _int(node, ints, resolver):
    if ints is not None:
        return is_int(node, ints)
    return isinstance(node, ast.Constant) and type(node.value) is int or isinstance(node, ast.Call) \
        and any(resolver.obj(node.func) is f for f in (len, int))


class _Joins(ast.NodeTransformer):
    def __init__(self, names, resolver, ints, namer, once=frozenset()):
        self.names, self.resolver, self.ints, self.namer = names, resolver, ints, namer
        self.once, self.sized = once, {}    # locals stored once -> the length of the display stored
        self.unsized = []       # the joins of lengths unknown when compiling: `tuple([...])` (refused by jit)

    def joined(self, sides, node):
        out = A.at(_joined(sides, self.sized), node)
        if not isinstance(out, ast.Tuple):
            self.unsized.append(node)
        return out

    def visit_Assign(self, node):
        self.generic_visit(node)        # (first its value: a join there is written as a display)
        t = node.targets[0]
        if len(node.targets) == 1 and isinstance(t, ast.Name) and t.id in self.once \
                and isinstance(node.value, ast.Tuple) and not any(isinstance(e, ast.Starred) for e in node.value.elts):
            self.sized[t.id] = len(node.value.elts)
        return node

    def sure(self, node):
        return _is_tuple(node, self.names, self.resolver, self.ints)

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Add) and isinstance(node.target, ast.Name) and node.target.id in self.names \
                and self.sure(node.value):
            return A.at(A.assign(node.target.id, self.joined([A.name(node.target.id), node.value], node)), node)
        return node

    def visit_IfExp(self, node):
        return node     # evaluated on one branch only: the appends of a join could not be hoisted

    visit_BoolOp = visit_Lambda = visit_IfExp

    def visit_BinOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Add) and self.sure(node.left) and self.sure(node.right):
            return self.joined([node.left, node.right], node)
        if isinstance(node.op, ast.Mult):
            return self.repetition(node)
        return node

    def repetition(self, node):
        """``t * n`` -> ``tuple([v for _ in range(n) for v in t])`` (module docstring)."""
        for seq, n in ((node.left, node.right), (node.right, node.left)):
            if not (self.sure(seq) and is_int(n, self.ints)):
                continue
            if isinstance(seq, ast.Tuple) and not (all(isinstance(e, (ast.Name, ast.Constant)) for e in seq.elts)
                                                   and any(isinstance(e, ast.Name) for e in seq.elts)):
                return node
            if not isinstance(seq, (ast.Tuple, ast.Name)) and not self.rebuilt(seq):
                return node
            if isinstance(seq, ast.Tuple) and isinstance(n, ast.Constant):   # (a,) * 3 -> (a, a, a)
                return A.at(ast.Tuple(elts=[A.clone(e) for _ in range(n.value) for e in seq.elts], ctx=ast.Load()), node)
            self.unsized.append(node)
            k, item = self.namer.fresh("k"), self.namer.fresh("item")
            gens = [ast.comprehension(target=A.name(k, store=True), iter=A.call("range", n), ifs=[], is_async=0),
                    ast.comprehension(target=A.name(item, store=True), iter=seq, ifs=[], is_async=0)]
            return A.at(A.call("tuple", ast.ListComp(elt=A.name(item), generators=gens)), node)
        return node

    def rebuilt(self, seq):
        """``seq`` is a join or repetition this stage wrote of names and constants only: evaluated
        once more per repetition, it gives the same objects again."""
        for n in ast.walk(seq):
            if isinstance(n, ast.Call) and getattr(n.func, "_s2sad_obj", None) not in (builtins.tuple, builtins.range) \
                    and self.resolver.obj(n.func) not in (len, int):
                return False
            if not isinstance(n, (ast.Name, ast.Constant, ast.List, ast.Tuple, ast.ListComp, ast.comprehension, ast.Starred,
                                  ast.Call, ast.expr_context, ast.BinOp, ast.operator)):
                return False
        return _tuple_call(seq, self.resolver)


def _joined(sides, sized):
    """``tuple([...])`` of the items of ``sides`` in order; a tuple display where every side's
    length is known (``sized``: a local stored once by a display -> its length): the same items,
    and numba types it (it cannot make a tuple of a list)."""
    elts = []
    for side in sides:
        if isinstance(side, ast.Tuple):
            elts.extend(side.elts)
        elif isinstance(side, ast.Name) and side.id in sized:
            elts.extend(A.at(ast.Subscript(value=A.name(side.id), slice=A.const(k), ctx=ast.Load()), side)
                        for k in range(sized[side.id]))
        elif isinstance(side, ast.Call) and getattr(side.func, "_s2sad_obj", None) is builtins.tuple \
                and len(side.args) == 1 and isinstance(side.args[0], ast.List):
            elts.extend(side.args[0].elts)          # a join this stage wrote: spliced
        else:
            elts.append(A.at(ast.Starred(value=side, ctx=ast.Load()), side))
    if not any(isinstance(e, ast.Starred) for e in elts):
        return ast.Tuple(elts=elts, ctx=ast.Load())
    return A.call("tuple", ast.List(elts=elts, ctx=ast.Load()))
