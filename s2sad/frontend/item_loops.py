"""The loops over a list whose items are known when the code is read (each held by a name of its
own: ``object_lists``' local list of objects, ``global_object_lists``' module list), and their
unrolling: each loop is its body (a comprehension its element) once per item, in order::

    for s, d in zip(SPRINGS, DOSES):            SPRINGS_item.k * DOSES[0].amount ...
        ... s.k * d.amount ...          ->      SPRINGS_item2.k * DOSES[1].amount ...

Invariant (Python's run is unchanged). A loop is unrolled when it runs over the list ``L`` of
``n`` items as one of
  * ``L`` (the loop name is the item's name), ``enumerate(L)`` (no ``start``; the index is the
    item's position, the constant Python binds);
  * ``range(len(L))`` (only where ``L[i]`` can be read by index, ``index_reads``: ``L[i]`` in the
    body becomes ``L[k]``, which the caller reads as the item);
  * ``zip(..., L, ...)`` with each other argument a partner the caller knows (``partner(node)``:
    its length if known, and how item ``k`` reads: ``P[k]`` written in, or bound at the start of
    the copy, ``d = x[k]``, where the iterator reads it); the copies are ``min`` of the known
    lengths, and a partner shorter than that raises ``IndexError`` at ``x[k]`` (not fewer copies);
each target a name (a tuple of distinct names for ``enumerate``/``zip``), each loop name bound
only as the target of these loops and read only inside them. A ``for`` body may ``break`` or
``continue`` (of this loop) and the loop may have an ``else``: the copies then run inside a
one-trip loop (``for once in range(1):``, which ``break`` leaves and whose ``else`` runs when no
copy broke; a ``continue`` ends its copy's own one-trip loop; with both, ``break`` sets a flag
the outer one-trip loop tests after each copy). No ``return``, ``yield``, function, lambda or
class in a body (they could read the loop name later). Loops over ``L`` may nest, with
distinct loop names (the inner ones are unrolled first, and no statement is copied more than
``MAX_COPIES`` times). A comprehension has one generator, no ``if``, and an element holding no
lambda, comprehension or ``:=``: a list comprehension always, a generator expression only as
the one argument of ``sum``, ``list``, ``tuple``, ``min`` or ``max``, which consume every item,
in order, before anything else runs.
"""
import ast
import builtins

from .. import astutil as A

_CONSUMERS = (builtins.sum, builtins.list, builtins.tuple, builtins.min, builtins.max)
_STOPS = (ast.Return, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.Yield, ast.YieldFrom)
_LOOPS = (ast.For, ast.While, ast.AsyncFor)
MAX_COPIES = 256


class Loops(list):
    """The loops over one list, each with its number of copies (``counts``), its index name
    (``index``: ``i`` of ``enumerate``/``range(len(L))``, else None) and its copies' bindings:
    ``binding[id(loop)](k, names) -> (reads replaced, reads bound first)``, one per loop name."""

    def __init__(self):
        super().__init__()
        self.binding, self.counts, self.index = {}, {}, {}


def loops_over(resolver, fdef, name, n, stores, params, partner=None, index_reads=False):
    """The loops and comprehensions over ``name`` (``n`` items) if they (and, with
    ``index_reads``, ``len(name)`` and ``name[k]``) are its only reads and can be unrolled."""
    reads = [r for r in A.walk(fdef) if isinstance(r, ast.Name) and r.id == name and isinstance(r.ctx, ast.Load)]
    parents = {id(c): p for p in A.walk(fdef) for c in ast.iter_child_nodes(p)}
    loops, indexed = Loops(), []
    for r in reads:
        found = _loop_of(resolver, r, parents, n, partner, index_reads)
        if found is not None:
            loop, count, binding, index = found
            if any(loop is seen for seen in loops):      # `zip(L, L)`: one loop
                continue
            loops.append(loop)
            loops.binding[id(loop)], loops.counts[id(loop)], loops.index[id(loop)] = binding, count, index
        elif index_reads and _site(resolver, r, parents, n):
            continue
        elif index_reads and isinstance(parents.get(id(r)), ast.Subscript) \
                and isinstance(parents[id(r)].slice, ast.Name) and isinstance(parents[id(r)].ctx, ast.Load):
            indexed.append(r)
        else:
            return None
    if not _nesting_ok(loops, parents) or not all(_by_index(r, loops, parents) for r in indexed):
        return None
    return loops if _names_kept_inside(fdef, loops, stores, params) else None


def _loop_of(resolver, r, parents, n, partner, index_reads):
    """(the loop whose iterable ``r`` is, its number of copies, its binding, its index name or
    None), or None."""
    up = parents.get(id(r))
    call = up if isinstance(up, ast.Call) and not up.keywords else None
    fn = resolver.obj(call.func) if call is not None else None
    if fn is builtins.enumerate and call.args == [r]:
        it, names, count, binding = call, 2, n, lambda k, items: ([A.const(k), A.name(items[k])], [None, None])
    elif fn is builtins.zip and r in call.args:
        it, names = call, len(call.args)
        count, binding = _zipped(call, r, n, partner)
    elif index_reads and fn is builtins.len and call.args == [r] and _range_of(resolver, parents.get(id(call)), call):
        it, names, count, binding = parents[id(call)], 1, n, lambda k, items: ([A.const(k)], [None])
    else:
        it, names, count, binding = r, 1, n, lambda k, items: ([A.name(items[k])], [None])
    loop = parents.get(id(it))
    if binding is None or not isinstance(loop, (ast.For, ast.comprehension)) or loop.iter is not it:
        return None
    bound = _bound(loop.target, names)
    index = bound[0].id if bound and (names == 2 and fn is builtins.enumerate or it is not r and fn is builtins.len) \
        else None
    if bound is None:
        return None
    if isinstance(loop, ast.For) and _unrollable_for(loop):
        return loop, count, binding, index
    comp = parents.get(id(loop))
    if isinstance(loop, ast.comprehension) and not getattr(binding, "reads_rows", False) \
            and _unrollable_comprehension(resolver, comp, parents):
        return comp, count, binding, index
    return None


def _zipped(call, r, n, partner):
    """(copies, binding) of ``zip(..., L, ...)`` at ``L``'s place ``r``; binding None if a
    partner is unknown."""
    reads = [None if a is r else partner(a) if partner is not None and not isinstance(a, ast.Starred) else False
             for a in call.args]
    if any(p is False or p is None and a is not r for p, a in zip(reads, call.args)):
        return n, None
    count = min([n] + [p[0] for p in reads if p is not None and p[0] is not None])

    def binding(k, items):
        subs, first = [], []
        for p in reads:
            if p is None:
                subs.append(A.name(items[k]))
                first.append(None)
            else:
                read, bind = p[1](k), p[2]
                subs.append(None if bind else read)
                first.append(read if bind else None)
        return subs, first
    binding.reads_rows = any(p is not None and p[2] for p in reads)
    return count, binding


def _range_of(resolver, node, length):
    return isinstance(node, ast.Call) and node.args == [length] and not node.keywords \
        and resolver.obj(node.func) is builtins.range


def _site(resolver, r, parents, n):
    """``len(L)``, or ``L[k]`` of a constant ``k`` in range."""
    up = parents.get(id(r))
    if isinstance(up, ast.Call) and up.args == [r] and not up.keywords and resolver.obj(up.func) is builtins.len:
        return True
    k = constant_int(up.slice) if isinstance(up, ast.Subscript) and up.value is r and isinstance(up.ctx, ast.Load) \
        else None
    return k is not None and -n <= k < n


def constant_int(node):
    """The int ``node`` writes (``2``, ``-1``), or None."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        k = constant_int(node.operand)
        return None if k is None else -k
    return node.value if isinstance(node, ast.Constant) and type(node.value) is int else None


def _by_index(r, loops, parents):
    """Is ``L[i]`` read inside a loop of ``loops`` whose index is ``i`` (``enumerate``, ``range``)?"""
    i, node = parents[id(r)].slice.id, r
    while id(node) in parents:
        node = parents[id(node)]
        if any(node is loop for loop in loops) and loops.index[id(node)] == i:
            return True
    return False


def _nesting_ok(loops, parents):
    """Loops over the list inside one another bind distinct names, and no statement is copied
    more than ``MAX_COPIES`` times."""
    for loop in loops:
        copies, names, node = loops.counts[id(loop)], {t.id for t in _names(loop)}, loop
        while id(node) in parents:
            node = parents[id(node)]
            outer = next((o for o in loops if o is node), None)
            if outer is not None:
                copies *= loops.counts[id(outer)]
                if names & {t.id for t in _names(outer)}:
                    return False
        if copies > MAX_COPIES:
            return False
    return True


def _target(loop):
    return loop.target if isinstance(loop, (ast.For, ast.comprehension)) else loop.generators[0].target


def _bound(target, count):
    """The Name nodes a loop's target binds, in order: one name, or a tuple of ``count`` distinct names."""
    if count == 1:
        return [target] if isinstance(target, ast.Name) else None
    ok = isinstance(target, ast.Tuple) and len(target.elts) == count \
        and all(isinstance(e, ast.Name) for e in target.elts) and len({e.id for e in target.elts}) == count
    return list(target.elts) if ok else None


def _names(loop):
    target = _target(loop)
    return target.elts if isinstance(target, ast.Tuple) else [target]


def _names_kept_inside(fdef, loops, stores, params):
    """Is each loop name bound only as the target of these loops and read only inside them?"""
    targets = {id(n) for loop in loops for n in _names(loop)}
    inside = {id(n) for loop in loops for part in (loop.body if isinstance(loop, ast.For) else [loop.elt])
              for n in ast.walk(part)}
    for name in {n.id for loop in loops for n in _names(loop)}:
        if name in params or not all(s is not None and id(s) in targets for s in stores.get(name, ())) \
                or any(id(n) not in inside for n in A.walk(fdef) if isinstance(n, ast.Name) and n.id == name
                       and isinstance(n.ctx, ast.Load)):
            return False
    return True


def _unrollable_for(loop):
    return not any(isinstance(n, _STOPS) for s in loop.body + loop.orelse for n in ast.walk(s))


def _unrollable_comprehension(resolver, comp, parents):
    if not isinstance(comp, (ast.ListComp, ast.GeneratorExp)) or len(comp.generators) != 1:
        return False
    gen = comp.generators[0]
    if gen.ifs or gen.is_async \
            or any(isinstance(n, _STOPS + (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.NamedExpr))
                   for n in ast.walk(comp.elt)):
        return False
    if isinstance(comp, ast.ListComp):
        return True
    call = parents.get(id(comp))
    return isinstance(call, ast.Call) and call.args == [comp] and not call.keywords \
        and resolver.obj(call.func) in _CONSUMERS


def unrolled(fdef, loops, names, namer, replaced=None):
    """Rewrite, in place, each loop of ``loops`` (``loops_over``) as its body (element) once per
    item, in order; ``names``: the items' names; ``replaced``: other statements' ids -> what
    replaces them."""
    ids, replaced = {id(loop): loop for loop in loops}, replaced or {}

    def copies(loop, part):
        return [_copy(loop, k, *loops.binding[id(loop)](k, names), part) for k in range(loops.counts[id(loop)])]

    def make(s):
        loop = ids.get(id(s))
        if loop is None:
            return replaced.get(id(s), [s])
        return _joined(loop, copies(loop, loop.body), namer, getattr(loops.binding[id(loop)], "reads_rows", False))
    A.unroll_blocks(fdef, make, scopes=True)
    for comp in (loop for loop in loops if not isinstance(loop, ast.For)):
        elts = [e for copy in copies(comp, [comp.elt]) for e in copy]
        A.replaced(fdef, comp, A.at(ast.List(elts=elts, ctx=ast.Load()), comp))


def _copy(loop, k, subs, first, part):
    """Copy ``k`` of ``part`` (a body, an element): the loop names read as ``subs`` gives (the
    item's name, the index ``k``), or bound first to ``first``'s reads (``v = x[k]``, after
    ``if len(x) <= k: break``: ``zip`` stops at its shortest argument)."""
    bound = [t.id for t in _names(loop)]
    values = {b: v for b, v in zip(bound, subs, strict=True) if v is not None}
    reads = [(b, v) for b, v in zip(bound, first, strict=True) if v is not None]
    pre = [A.at(ast.If(test=ast.Compare(left=A.call(A.name("len"), A.clone(v.value)), ops=[ast.LtE()],
                                        comparators=[A.const(k)]), body=[ast.Break()], orelse=[]), loop)
           for _, v in reads]
    pre += [A.at(A.assign(b, A.clone(v)), loop) for b, v in reads]
    return pre + [_Renamed(values).visit(A.clone(p)) for p in part]


def _joined(loop, bodies, namer, stops=False):
    """The copies of ``loop``'s body as the statements that run them as the loop ran them
    (``stops``: the copies start with a ``break`` of their own, when a zipped row is missing)."""
    breaks, continues = stops or A.leaves_loop(loop.body), A.leaves_loop(loop.body, (ast.Continue,))
    if not breaks and not loop.orelse:
        return [s for b in bodies for s in (_once(loop, b, namer) if continues else b)]
    if not continues:
        return _once(loop, [s for b in bodies for s in b], namer, loop.orelse)
    flag = namer.fresh("broke")
    run = []
    for b in bodies:
        run += _once(loop, _flagged(b, flag, loop), namer) + [A.at(ast.If(test=A.name(flag), body=[ast.Break()], orelse=[]), loop)]
    return [A.at(A.assign(flag, A.const(False)), loop)] + _once(loop, run, namer, loop.orelse)


def _once(loop, body, namer, orelse=()):
    """``for once in range(1): body`` (``else: orelse``), at ``loop``'s place."""
    return [A.at(ast.For(target=A.name(namer.fresh("once"), store=True),
                         iter=A.call(A.name("range"), A.const(1)), body=body, orelse=list(orelse)), loop)]


def _flagged(block, flag, loop):
    """``block`` with each ``break`` of its own (not of a loop inside it) after ``flag = True``."""
    out = []
    for s in block:
        if isinstance(s, ast.Break):
            out.append(A.at(A.assign(flag, A.const(True)), loop))
        for field in ("orelse",) if isinstance(s, _LOOPS) else ("body", "orelse", "finalbody"):
            inner = getattr(s, field, None)
            if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                setattr(s, field, _flagged(inner, flag, loop))
        out.append(s)
    return out




class _Renamed(ast.NodeTransformer):
    """Each read of a name of ``values`` -> a copy of its node there."""

    def __init__(self, values):
        self.values = values

    def visit_Name(self, node):
        value = self.values.get(node.id)
        return A.at(A.clone(value), node) if value is not None else node
