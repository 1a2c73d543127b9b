"""Which names of a function may hold a Python list: an analysis the backends and transforms ask
(views, loopfuse, specialize, unbroadcasts, inplace, list_args) so that none takes a list for an
array (a list has no ``.shape`` under numba, and no elements to loop on).

Invariant: over-approximate. A name it misses may be a list only where no display, append,
slice, join, copy or item of a list of lists binds it (a list parameter is taken for an array).
"""
import ast

from ..astutil import walk


def list_names(fdef, displays=(ast.List,), joins=False):
    """Names that may hold a Python list (or, with ``displays`` including ``ast.Tuple``, a tuple): bound
    to a display, to such a name (``hs = comp`` of a lowered comprehension), to a slice of one
    (``a[1:]``), to an item of a list that may hold lists (``row = D[i]``), with ``joins`` to a join or repetition of one (``a + b``, ``a * 2``), or appended to. Asked of the
    generated adjoint (comprehensions are append loops there) and of the inlined body
    (transforms/list_args.py). Taking a name for a list that is not one is safe to every user: they
    convert with np.asarray, or keep a helper that decides when it runs."""
    assigns = [n for n in walk(fdef) if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)]
    out = {n.targets[0].id for n in assigns if isinstance(n.value, displays)}
    out |= {n.func.value.id for n in walk(fdef) if isinstance(n, ast.Call)
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
    for n in walk(fdef):
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


def sure_sequences(module, ints=None):
    """``sure_lists`` and the names every binding of which is a tuple display: values ``a + b``
    joins and ``a * n`` repeats (forward mode's join of tangents, transforms/forward.py).
    ``ints``: ``int_names(module)`` when the caller has it."""
    binds, items = _bindings(module)
    ints = int_names(module) if ints is None else ints
    return _sure_lists(binds, items, ints) | {k for k, vs in binds.items() if vs and all(
        isinstance(v, ast.Tuple) or _builtin_call(v, "tuple", binds) for v in vs)}


def _builtin_call(v, name, binds):
    """``v`` is a call of the builtin ``name`` (not rebound in the body)."""
    return isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == name and name not in binds


def sure_lists(module):
    """Names every binding of which is a list: a list display, an ``append`` target bound only so,
    a slice or a copy of such a name, a repetition or join of one (``[0.0] * 3``, ``L + [v]``), or
    an item of a list of lists (``row = tab[i]`` where every item ``tab`` is given is surely a list:
    ``tab = [[0.0] * 3 for _ in range(n)]``)."""
    return _sure_lists(*_bindings(module), int_names(module))


def _bindings(module):
    """(name -> the values bound to it, None for a binding that is not a value: a loop target, an
    unpacking), (name -> the items given to it: stored, appended, inserted, or in its display)."""
    binds, items = {}, {}
    for n in walk(module):
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


def _sure_lists(binds, items, ints=frozenset()):
    sure = {k for k, vs in binds.items() if vs and all(isinstance(v, ast.List) for v in vs)}
    while True:
        nested = {k for k in sure if items.get(k) and all(_list_item(v, k, sure, binds) for v in items[k])}
        more = {k for k, vs in binds.items()
                if k not in sure and vs and all(_copy_of(v, sure, nested, ints) for v in vs)}
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


def _copy_of(v, sure, nested=frozenset(), ints=frozenset()):
    if isinstance(v, ast.List):
        return True
    if isinstance(v, ast.Name):
        return v.id in sure
    if isinstance(v, ast.BinOp) and isinstance(v.op, ast.Add):    # a join: `L + [v]` of an array is a sum
        return _copy_of(v.left, sure, ints=ints) and _copy_of(v.right, sure, ints=ints)
    if isinstance(v, ast.BinOp) and isinstance(v.op, ast.Mult):   # a repetition: `L * w` of an array multiplies
        return _copy_of(v.left, sure, ints=ints) and is_int(v.right, ints) \
            or is_int(v.left, ints) and _copy_of(v.right, sure, ints=ints)
    if not (isinstance(v, ast.Subscript) and isinstance(v.value, ast.Name)):
        return False
    return v.value.id in sure if isinstance(v.slice, ast.Slice) else v.value.id in nested


_INT_OPS = (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)


def int_names(module):
    """Names that surely hold a Python int: every binding an int constant, ``len(...)``,
    ``int(...)``, an item of a ``.shape``, ``.size``/``.ndim``, ``+ - * // %`` of such, or the
    target of a ``for`` over ``range(...)`` (a greatest fixed point: ``k = k + 1`` keeps an int).
    ``L * n`` repeats a list only when ``n`` is one: NumPy multiplies an array (or a NumPy
    integer) by a list elementwise."""
    binds, ok = {}, set()
    for n in walk(module):
        if isinstance(n, ast.Assign):
            for t in n.targets:
                for e in ast.walk(t):
                    if isinstance(e, ast.Name) and isinstance(e.ctx, ast.Store):
                        binds.setdefault(e.id, []).append(n.value if t is e else None)
        elif isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name):
            binds.setdefault(n.target.id, []).append(
                ast.BinOp(left=n.target, op=n.op, right=n.value) if isinstance(n.op, _INT_OPS) else None)
        elif isinstance(n, (ast.For, ast.comprehension)):
            ranged = isinstance(n.iter, ast.Call) and isinstance(n.iter.func, ast.Name) and n.iter.func.id == "range"
            for e in ast.walk(n.target):
                if isinstance(e, ast.Name):
                    binds.setdefault(e.id, []).append(ok if ranged and e is n.target else None)
        elif isinstance(n, ast.arg) and getattr(n, "_s2sad_int", False):   # given a Python int by this build
            binds.setdefault(n.arg, []).append(ok)
        elif isinstance(n, (ast.With, ast.NamedExpr, ast.AnnAssign, ast.arg)):
            for e in ast.walk(getattr(n, "target", None) or getattr(n, "optional_vars", None) or n):
                if isinstance(e, ast.Name):
                    binds.setdefault(e.id, []).append(None)
    if {"len", "int", "range"} & set(binds):
        return set()
    shapes = {k for k, vs in binds.items() if all(isinstance(v, ast.Attribute) and v.attr == "shape" for v in vs)}
    ints = set(binds) - shapes
    while True:
        drop = {k for k in ints if not all(v is ok or v is not None and is_int(v, ints, shapes) for v in binds[k])}
        if not drop:
            return ints
        ints -= drop


def is_int(node, ints, shapes=frozenset()):
    """``node`` surely evaluates to a Python int when the names of ``ints`` hold ints (and those
    of ``shapes`` the ``.shape`` of an array)."""
    if isinstance(node, ast.Constant):
        return type(node.value) in (int, bool)
    if isinstance(node, ast.Name):
        return node.id in ints
    if isinstance(node, ast.BinOp) and isinstance(node.op, _INT_OPS):
        return is_int(node.left, ints, shapes) and is_int(node.right, ints, shapes)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return is_int(node.operand, ints, shapes)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("len", "int"):
        return len(node.args) == 1 and not node.keywords
    if isinstance(node, ast.Attribute) and node.attr in ("size", "ndim"):
        return True
    return isinstance(node, ast.Subscript) and not isinstance(node.slice, ast.Slice) and (
        isinstance(node.value, ast.Attribute) and node.value.attr == "shape"
        or isinstance(node.value, ast.Name) and node.value.id in shapes)
