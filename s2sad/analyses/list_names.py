"""Which names of a function may hold a Python list: an analysis the backends and transforms ask
(views, loopfuse, specialize, unbroadcasts, inplace, list_args) so that none takes a list for an
array (a list has no ``.shape`` under numba, and no elements to loop on).

Invariant: over-approximate. A name it misses may be a list only where no display, append,
slice, join, copy or item of a list of lists binds it (a list parameter is taken for an array).
"""
import ast


def list_names(fdef, displays=(ast.List,), joins=False):
    """Names that may hold a Python list (or, with ``displays`` including ``ast.Tuple``, a tuple): bound
    to a display, to such a name (``hs = comp`` of a lowered comprehension), to a slice of one
    (``a[1:]``), to an item of a list that may hold lists (``row = D[i]``), with ``joins`` to a join or repetition of one (``a + b``, ``a * 2``), or appended to. Asked of the
    generated adjoint (comprehensions are append loops there) and of the inlined body
    (transforms/list_args.py). Taking a name for a list that is not one is safe to every user: they
    convert with np.asarray, or keep a helper that decides when it runs."""
    assigns = [n for n in ast.walk(fdef) if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)]
    out = {n.targets[0].id for n in assigns if isinstance(n.value, displays)}
    out |= {n.func.value.id for n in ast.walk(fdef) if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute) and n.func.attr == "append"
            and isinstance(n.func.value, ast.Name)}
    copies = [(n.targets[0].id, n.value.id) for n in assigns if isinstance(n.value, ast.Name)]
    copies += [(n.targets[0].id, n.value.value.id) for n in assigns if isinstance(n.value, ast.Subscript)
               and isinstance(n.value.value, ast.Name) and isinstance(n.value.slice, ast.Slice)]   # a[1:] of a list
    copies += [(n.targets[0].id, side.id) for n in assigns if joins and isinstance(n.value, ast.BinOp)
               and isinstance(n.value.op, (ast.Add, ast.Mult))
               for side in (n.value.left, n.value.right) if isinstance(side, ast.Name)]   # a + b, 2 * a
    items = [(n.targets[0].id, n.value.value.id) for n in assigns if isinstance(n.value, ast.Subscript)
             and isinstance(n.value.value, ast.Name) and not isinstance(n.value.slice, ast.Slice)]
    while True:
        more = {t for t, v in copies if v in out}
        nested = _holding_lists(fdef, assigns, out, displays)
        while {t for t, v in copies if v in nested} - nested:       # grid = comp, a slice, a join
            nested |= {t for t, v in copies if v in nested}
        more |= {t for t, v in items if v in nested}     # D[i] of a list of lists
        if not more - out:
            return out
        out |= more


def lists_and_adjoints(fdef, adjoints):
    """``list_names(fdef)`` and the adjoints of those names (``adjoints``: adjoint -> its value's
    name): a list's adjoint is a list of adjoints (``b_xs`` of ``xs = [a, b]``)."""
    lists = list_names(fdef)
    return lists | {b for b, v in (adjoints or {}).items() if v in lists}


def _holding_lists(fdef, assigns, lists, displays):
    """Names among ``lists`` that may hold lists (see ``holding``)."""
    return holding(fdef, lambda v: isinstance(v, displays) or isinstance(v, ast.Name) and v.id in lists,
                   displays) & lists


def holding(fdef, may_be_list, displays):
    """Names a value ``may_be_list`` accepts is put in: appended or inserted (``D.append(row)``),
    stored (``D[i] = row``), or written in a display of one of ``displays`` (``D = [row, ...]``,
    ``[row for ...]``). Asked here and by ``backends/array_tapes.py``."""
    out = set()
    for n in ast.walk(fdef):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("append", "insert") \
                and isinstance(n.func.value, ast.Name) and n.args and may_be_list(n.args[-1]):
            out.add(n.func.value.id)
        elif isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Subscript) \
                and isinstance(n.targets[0].value, ast.Name) and may_be_list(n.value):
            out.add(n.targets[0].value.id)
        elif isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name) and isinstance(n.value, displays) \
                and any(map(may_be_list, [n.value.elt] if isinstance(n.value, ast.ListComp) else n.value.elts)):
            out.add(n.targets[0].id)
    return out


def sure_sequences(module):
    """``sure_lists`` and the names every binding of which is a tuple display: values ``a + b``
    joins and ``a * n`` repeats (forward mode's join of tangents, transforms/forward.py)."""
    binds, items = _bindings(module)
    return _sure_lists(binds, items) | {k for k, vs in binds.items() if vs and all(isinstance(v, ast.Tuple) for v in vs)}


def sure_lists(module):
    """Names every binding of which is a list: a list display, an ``append`` target bound only so,
    a slice or a copy of such a name, a repetition or join of one (``[0.0] * 3``, ``L + [v]``), or
    an item of a list of lists (``row = tab[i]`` where every item ``tab`` is given is surely a list:
    ``tab = [[0.0] * 3 for _ in range(n)]``)."""
    return _sure_lists(*_bindings(module))


def _bindings(module):
    """(name -> the values bound to it, None for a binding that is not a value: a loop target, an
    unpacking), (name -> the items given to it: stored, appended, inserted, or in its display)."""
    binds, items = {}, {}
    for n in ast.walk(module):
        if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            for t in (n.targets if isinstance(n, ast.Assign) else [n.target]):
                for e in ast.walk(t):
                    if isinstance(e, ast.Name) and isinstance(e.ctx, ast.Store):
                        binds.setdefault(e.id, []).append(n.value if isinstance(t, ast.Name) else None)
                if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name):
                    items.setdefault(t.value.id, []).append(n.value)
                if isinstance(t, ast.Name) and isinstance(n.value, ast.List):
                    items.setdefault(t.id, []).extend(n.value.elts)
        elif isinstance(n, (ast.For, ast.comprehension, ast.With, ast.NamedExpr)):
            for e in ast.walk(getattr(n, "target", None) or ast.Tuple(elts=[], ctx=ast.Load())):
                if isinstance(e, ast.Name):
                    binds.setdefault(e.id, []).append(None)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name) \
                and n.func.attr in ("append", "insert") and n.args:
            items.setdefault(n.func.value.id, []).append(n.args[-1])
    return binds, items


def _sure_lists(binds, items):
    sure = {k for k, vs in binds.items() if vs and all(isinstance(v, ast.List) for v in vs)}
    while True:
        nested = {k for k in sure if items.get(k) and all(_list_item(v, k, sure, binds) for v in items[k])}
        more = {k for k, vs in binds.items() if k not in sure and vs and all(_copy_of(v, sure, nested) for v in vs)}
        if not more:
            return sure
        sure |= more


def _list_item(v, owner, sure, binds):
    """An item given to the list ``owner`` is surely a list (or is one of its own items put back:
    ``t5 = tab[i]; t5[0] = y; tab[i] = t5``)."""
    if isinstance(v, ast.List) or isinstance(v, ast.Name) and v.id in sure:
        return True
    return isinstance(v, ast.Name) and bool(binds.get(v.id)) and all(
        isinstance(b, ast.Subscript) and isinstance(b.value, ast.Name) and b.value.id == owner
        for b in binds[v.id])


def _copy_of(v, sure, nested=frozenset()):
    if isinstance(v, ast.List):
        return True
    if isinstance(v, ast.Name):
        return v.id in sure
    if isinstance(v, ast.BinOp) and isinstance(v.op, (ast.Add, ast.Mult)):   # a list repeated or joined
        return any(_copy_of(side, sure) for side in (v.left, v.right))
    if not (isinstance(v, ast.Subscript) and isinstance(v.value, ast.Name)):
        return False
    return v.value.id in sure if isinstance(v.slice, ast.Slice) else v.value.id in nested
