"""Stage 1c'', list extends: ``L.extend([a, b])`` and ``L += [a, b]`` on a local list are appends.

``L.extend(M)`` of another local list ``M`` that no other name, container or call can hold (so it
is not ``L``: see ``_unshared``) is ``for v in M: L.append(v)``, the items of ``M`` in its order.

``L.extend([a, b])`` evaluates the display (``a`` then ``b``, both before ``L`` changes: an
item may read ``L``), then adds the items at the end of ``L``; so does ``L += [a, b]`` when
``L`` holds a list (``+=`` of a list is ``extend``, in place, any alias sees it). Both become::

    t1 = a                  (a single item: L.append(a))
    t2 = b
    L.append(t1)
    L.append(t2)

which the compiler follows as it follows any list grown by appends. ``L = L + [a, b]`` makes a new
list, which no one can tell from the old one grown in place when ``L`` is such a local list that
no other name, container or call can hold (every read of it indexes it, calls its method, takes
its ``len``, iterates over it or joins it so): then it is rewritten the same way (its items are
evaluated before the appends, as Python evaluates them before the join).

Invariant: rewritten only where ``L`` is a local (not a parameter, not ``global``/``nonlocal``)
that every store binds to a list display, a list comprehension or another such local (``ys = xs``:
the appends then go through the alias, as Python's extend does), so ``L`` holds a list
(``+=`` on an array would add element by element), the statement is ``L.extend(display)`` or
``L += display`` of its own, and the display has no ``*`` item. Anything else is left as written
(and refused later, located, as before). ``a, b = [], []`` is first split into ``a = []`` and
``b = []`` (``_split_list_unpack``).
"""
import ast

from .. import astutil as A

_DISPLAYS = (ast.List, ast.Tuple)


def extends_as_appends(fdef, namer, params=()):
    """Rewrite, in place, each extend of a local list in ``fdef`` (module docstring); ``params``:
    a helper's parameters its call gives a sure list (``analyses/sequence_args.py``), extended as
    the caller's list itself (inlined, ``xs.append(v)`` grows the caller's list, as Python's
    extend does); never counted unshared (the caller holds the list too)."""
    A.map_blocks(fdef, _split_list_unpack)
    lists = _local_lists(fdef, params=params)
    if lists:
        _rewrite_blocks(fdef, (lists, _unshared(fdef, lists) - set(params)), namer)


def _unshared(fdef, lists):
    """Those of ``lists`` whose every read indexes them, calls a method of them, is the
    argument of ``len``, the iterable of a ``for``, a side of ``+`` (a join makes a new list) or a
    ``*`` item (``[*L, v]``, ``f(*L)``: the items are taken, not the list): no other name,
    container or call can hold them."""
    ok = set()
    for node in A.walk(fdef):
        kids = [node.value] if isinstance(node, (ast.Subscript, ast.Attribute, ast.Starred)) else \
            [node.left, node.right] if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) else \
            [node.iter] if isinstance(node, (ast.For, ast.comprehension)) else \
            node.args if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len" else \
            node.args if _extend_call(node) else []     # L.extend(M) takes M's items, not M
        ok |= {id(k) for k in kids if isinstance(k, ast.Name)}
    loads = [n for n in A.walk(fdef) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id in lists]
    return lists - {n.id for n in loads if id(n) not in ok}


def _extend_call(node):
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "extend" \
        and len(node.args) == 1 and not node.keywords


def _split_list_unpack(s):
    """``S, Y = [], []`` (L-BFGS's memory) -> ``S = []`` then ``Y = []``: each a local list this
    stage and list_mutation's pops then follow. Only where every item is a list display or
    comprehension reading none of the targets (then assigning one by one is what Python does)."""
    if not (isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Tuple)
            and isinstance(s.value, ast.Tuple) and len(s.value.elts) == len(s.targets[0].elts) > 1):
        return [s]
    names = [t.id for t in s.targets[0].elts if isinstance(t, ast.Name)]
    if len(set(names)) != len(s.value.elts) or not all(isinstance(v, (ast.List, ast.ListComp)) for v in s.value.elts) \
            or any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(s.value)):
        return [s]
    return [A.at(A.assign(t, v), s) for t, v in zip(names, s.value.elts)]


def _local_lists(fdef, aliases_too=True, params=()):
    """The locals every store of which binds a list display, a list comprehension or another such
    local (``ys = xs``: the same list under a second name, which an extend through it grows).
    ``aliases_too=False`` leaves out the names bound to another name (for a stage that would
    rebind the list under one name only: ``list_mutation``). Narrower than
    ``sequence_names.proven_lists`` on purpose: an extend becomes appends, and appends are
    differentiated on lists a display starts (not on a slice or a ``list()`` copy). ``params``: the
    parameters known to hold a list (a helper's, given one by its call), lists unless rebound."""
    declared = {n for s in A.walk(fdef) if isinstance(s, (ast.Global, ast.Nonlocal)) for n in s.names}
    others = {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)} - set(params)
    bound, other, aliases = set(params), others | declared, []
    extends = {id(s.target) for s in A.walk(fdef) if isinstance(s, ast.AugAssign) and isinstance(s.op, ast.Add)
               and isinstance(s.value, _DISPLAYS)}   # `L += display`: a store this stage reads as an extend
    copies = []   # L = L + [a]: a list if L is one
    for node in A.walk(fdef):
        joined = _joined_name(node)
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and (isinstance(node.value, (ast.List, ast.ListComp, ast.Name)) or joined == node.targets[0].id):
            bound.add(node.targets[0].id)
            node.targets[0]._s2sad_list_store = True
            if not isinstance(node.value, (ast.List, ast.ListComp)):
                (copies if joined else aliases).append((node.targets[0].id, joined or node.value.id))
    for node in A.walk(fdef):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load) \
                and not getattr(node, "_s2sad_list_store", False) and id(node) not in extends:
            other.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.Lambda)) and node is not fdef:
            other |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}   # a nested scope may rebind
    lists = bound - other
    changed = True
    while changed:      # `ys = xs` keeps ys a list only if xs is one of them
        changed = False
        for target, source in aliases + copies:
            if target in lists and source not in lists:
                lists.discard(target)
                changed = True
    return lists if aliases_too else lists - {target for target, _ in aliases}


def _joined_name(s):
    """``M`` if ``s`` is ``L = M + [a, ...]`` (a list display without ``*`` items), else None."""
    v = getattr(s, "value", None) if isinstance(s, ast.Assign) else None
    if isinstance(v, ast.BinOp) and isinstance(v.op, ast.Add) and isinstance(v.left, ast.Name) \
            and isinstance(v.right, ast.List) and not any(isinstance(e, ast.Starred) for e in v.right.elts):
        return v.left.id
    return None


def _extended(s, lists):
    """(name, items, joined) if ``s`` is ``L.extend(display)`` or ``L += display`` of a local list
    (``joined`` None), or ``L = L + display`` of one of the ``unshared`` (``joined``: ``L``)."""
    lists, unshared = lists
    joined = _joined_name(s)
    if joined is not None and isinstance(s.targets[0], ast.Name) and joined == s.targets[0].id in unshared:
        return joined, s.value.right.elts, joined
    if isinstance(s, ast.Expr) and _extend_call(s.value) and isinstance(s.value.func.value, ast.Name) \
            and isinstance(s.value.args[0], ast.Name) and s.value.args[0].id in unshared - {s.value.func.value.id} \
            and s.value.func.value.id in lists:
        return s.value.func.value.id, s.value.args[0], None     # L.extend(M), M a list no other name holds
    if isinstance(s, ast.Expr) and _extend_call(s.value) and isinstance(s.value.func.value, ast.Name) \
            and isinstance(s.value.args[0], _DISPLAYS):
        name, display = s.value.func.value.id, s.value.args[0]
    elif isinstance(s, ast.AugAssign) and isinstance(s.op, ast.Add) and isinstance(s.target, ast.Name) \
            and isinstance(s.value, _DISPLAYS):
        name, display = s.target.id, s.value
    else:
        return None
    if name not in lists or any(isinstance(e, ast.Starred) for e in display.elts):
        return None
    return name, display.elts, None


def _rewrite_blocks(node, lists, namer):
    for field in ("body", "orelse", "finalbody"):
        block = getattr(node, field, None)
        if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
            setattr(node, field, [r for s in block for r in _rewrite(s, lists, namer)])
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.stmt) and not isinstance(child, (ast.FunctionDef, ast.ClassDef)):
            _rewrite_blocks(child, lists, namer)
        elif isinstance(child, ast.excepthandler):
            _rewrite_blocks(child, lists, namer)


def _rewrite(s, lists, namer):
    found = _extended(s, lists)
    if found is None:
        return [s]
    name, items, _ = found
    if isinstance(items, ast.Name):     # the items of another list, appended one by one in its order
        v = namer.fresh(f"{name}_item")
        body = [A.at(ast.Expr(value=_append_after(name, A.name(v), s)), s)]
        return [A.at(ast.For(target=A.name(v, store=True), iter=items, body=body, orelse=[]), s)]
    if len(items) == 1:
        values, out = items, []
    else:
        temps = [namer.fresh(f"{name}_item") for _ in items]
        out = [A.at(A.assign(t, v), s) for t, v in zip(temps, items)]
        values = [A.name(t) for t in temps]
    return out + [A.at(ast.Expr(value=_append_after(name, v, s)), s) for v in values]


def _append_after(name, value, s):
    """``name.append(value)`` located at the end of ``s``: after the reads of the list in the
    items, as it runs (list_index.py tells the reads an append can follow by position)."""
    call = A.at(A.call(ast.Attribute(value=A.name(name), attr="append", ctx=ast.Load()), value), s)
    for node in (call, call.func):
        node.lineno, node.col_offset = node.end_lineno, node.end_col_offset = s.end_lineno, s.end_col_offset
    return call
